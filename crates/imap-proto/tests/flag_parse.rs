//! `Flag::parse` on the flag forms of RFC 9051 §2.3.2 (system flags, keywords, extensions).

use imap_proto::types::core::Flag;

/// RFC 9051 §2.3.2: `\Seen`, `\Answered`, `\Flagged`, `\Deleted`, `\Draft` are system flags,
/// matched case-insensitively (flag names are atoms, RFC 9051 §9 `flag`).
#[test]
fn system_flags_parse_to_their_variants() {
    assert_eq!(Flag::parse("\\Seen").unwrap(), Flag::Seen);
    assert_eq!(Flag::parse("\\seen").unwrap(), Flag::Seen);
    assert_eq!(Flag::parse("\\Answered").unwrap(), Flag::Answered);
    assert_eq!(Flag::parse("\\FLAGGED").unwrap(), Flag::Flagged);
    assert_eq!(Flag::parse("\\Deleted").unwrap(), Flag::Deleted);
    assert_eq!(Flag::parse("\\Draft").unwrap(), Flag::Draft);
}

/// RFC 9051 §9 `flag-extension = "\" atom`, and keywords (`$Forwarded`, RFC 5788).
#[test]
fn extensions_and_keywords() {
    assert!(matches!(
        Flag::parse("\\X-Custom").unwrap(),
        Flag::Extension(_)
    ));
    assert!(matches!(
        Flag::parse("$Forwarded").unwrap(),
        Flag::Keyword(_)
    ));
    assert!(Flag::parse("\\").is_err());
    assert!(Flag::parse("bad flag").is_err());
    assert!(Flag::parse("").is_err());
}
