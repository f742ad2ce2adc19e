//! Malformed commands and exceeded limits: typed errors with the tag and the exact extent to
//! skip, so a server answers `tag BAD` and goes on.

use imap_proto::decode::{CommandDecoder, CommandDecoderConfig, FramerConfig};
use imap_proto::{DecodeErrorKind, Decoded};

fn err(dec: &CommandDecoder, input: &[u8]) -> imap_proto::CommandError {
    match dec.decode(input) {
        Err(e) => e,
        other => panic!(
            "{:?}: expected an error, got {other:?}",
            String::from_utf8_lossy(input)
        ),
    }
}

/// RFC 9051 §7.1.3: an unknown command gets a tagged BAD; the error carries the tag and the
/// verb, and skips the whole line.
#[test]
fn unknown_command_carries_tag() {
    let dec = CommandDecoder::default();
    let e = err(&dec, b"A442 XPIG-LATIN\r\nA443 NOOP\r\n");
    assert!(e.is_unknown_command());
    assert_eq!(e.tag.as_ref().map(|t| t.as_str()), Some("A442"));
    assert_eq!(e.error.skip, Some(17));
    assert_eq!(
        e.error.kind,
        DecodeErrorKind::UnknownCommand {
            name: b"XPIG-LATIN".to_vec()
        }
    );
    // UID with an unknown sub-command.
    let e = err(&dec, b"a UID FOO 1\r\n");
    assert!(e.is_unknown_command());
}

/// Syntax errors: the tag when readable, the offset of the problem, the skip of the command
/// (literals included).
#[test]
fn syntax_errors_are_skipped_exactly() {
    let dec = CommandDecoder::default();
    let cases: &[(&[u8], Option<&str>)] = &[
        (b"a SELECT\r\n", Some("a")),
        (b"a FETCH 0 FLAGS\r\n", Some("a")),
        (b"a FETCH 1 (FLAGS\r\n", Some("a")),
        (b"a STORE 1 FLAGS (\\Recent)\r\n", Some("a")),
        (b"a LOGIN {3}\r\nabc\r\n", Some("a")),
        (b"a SEARCH\r\n", Some("a")),
        (b"a NOOP extra\r\n", Some("a")),
        (b"a  NOOP\r\n", Some("a")),
        (b"+tag NOOP\r\n", None),
        (b"\r\n", None),
        (b"a SELECT \"unterminated\r\n", Some("a")),
        (b"a SEARCH BEFORE 30-Feb-2020\r\n", Some("a")),
        (b"a APPEND x {3}\r\na\0c\r\n", Some("a")),
        (b"a CREATE &Jjo!\r\n", Some("a")),
        (b"a AUTHENTICATE PLAIN not*base64\r\n", Some("a")),
    ];
    for (input, tag) in cases {
        let e = err(&dec, input);
        assert_eq!(
            e.tag.as_ref().map(|t| t.as_str()),
            *tag,
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(
            e.error.skip,
            Some(input.len()),
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert!(e.error.offset <= input.len());
    }
}

/// RFC 6855 §3: 8-bit mailbox names only after ENABLE UTF8=ACCEPT.
#[test]
fn utf8_mailbox_needs_enable() {
    let input = "a SELECT \"Entwürfe\"\r\n".as_bytes();
    let e = err(&CommandDecoder::default(), input);
    assert_eq!(e.error.kind, DecodeErrorKind::EightBit);
    let dec = CommandDecoder::new(CommandDecoderConfig::default().with_utf8(true));
    assert!(dec.decode(input).unwrap().is_complete());
}

/// Nesting of search keys is bounded by a configurable depth: a typed error, no stack
/// overflow, whatever the input.
#[test]
fn search_nesting_limit() {
    let dec = CommandDecoder::new(CommandDecoderConfig::default().with_max_depth(8));
    let ok = format!("a SEARCH {}SEEN{}\r\n", "(".repeat(7), ")".repeat(7));
    assert!(dec.decode(ok.as_bytes()).unwrap().is_complete());
    let deep = format!("a SEARCH {}SEEN{}\r\n", "(".repeat(9), ")".repeat(9));
    let e = err(&dec, deep.as_bytes());
    assert!(matches!(
        e.error.kind,
        DecodeErrorKind::LimitExceeded {
            what: "nesting levels",
            ..
        }
    ));
    let nots = format!("a SEARCH {}SEEN\r\n", "NOT ".repeat(1000));
    let e = err(&CommandDecoder::default(), nots.as_bytes());
    assert!(matches!(
        e.error.kind,
        DecodeErrorKind::LimitExceeded { .. }
    ));
    let parens = format!(
        "a SELECT x (A {}){}\r\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert!(CommandDecoder::default().decode(parens.as_bytes()).is_err());
}

/// The number of items of a list is bounded (sequence sets, flags, search keys, ...).
#[test]
fn item_limits() {
    let dec = CommandDecoder::new(CommandDecoderConfig::default().with_max_items(3));
    assert!(
        dec.decode(b"a FETCH 1,2,3 FLAGS\r\n")
            .unwrap()
            .is_complete()
    );
    for input in [
        &b"a FETCH 1,2,3,4 FLAGS\r\n"[..],
        b"a STORE 1 FLAGS (a b c d)\r\n",
        b"a SEARCH SEEN SEEN SEEN SEEN\r\n",
        b"a FETCH 1 (FLAGS UID RFC822 BODY)\r\n",
        b"a ENABLE A B C D\r\n",
    ] {
        let e = err(&dec, input);
        assert!(
            matches!(
                e.error.kind,
                DecodeErrorKind::LimitExceeded { limit: 3, .. }
            ),
            "{:?}: {e:?}",
            String::from_utf8_lossy(input)
        );
    }
}

/// Line length, literal size and command size limits (RFC 7888 §4 for literals).
#[test]
fn size_limits() {
    let cfg = CommandDecoderConfig::default().with_framer(
        FramerConfig::default()
            .with_max_line_len(32)
            .with_max_literal_len(10)
            .with_max_command_len(40),
    );
    let dec = CommandDecoder::new(cfg);
    let e = err(&dec, b"a SELECT aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    assert!(matches!(
        e.error.kind,
        DecodeErrorKind::LineTooLong { limit: 32 }
    ));
    let e = err(&dec, b"a LOGIN {11}\r\n");
    assert!(matches!(
        e.error.kind,
        DecodeErrorKind::LimitExceeded {
            what: "literal octets",
            ..
        }
    ));
    let e = err(&dec, b"a LOGIN {10}\r\n0123456789 {10}\r\n");
    assert!(matches!(
        e.error.kind,
        DecodeErrorKind::LimitExceeded {
            what: "command octets",
            ..
        }
    ));
    // Within limits.
    assert!(matches!(
        dec.decode(b"a LOGIN {3}\r\nabc x\r\n"),
        Ok(Decoded::Complete { .. })
    ));
}

/// Passwords never show in Debug output (RFC 9051 §6.2.3 LOGIN).
#[test]
fn login_password_redacted() {
    let dec = CommandDecoder::default();
    let (cmd, _) = dec
        .decode(b"a LOGIN alice hunter2\r\n")
        .unwrap()
        .complete()
        .unwrap();
    let dbg = format!("{cmd:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("alice"));
}
