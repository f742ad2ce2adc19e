use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::domain::parse_ipv6;
use super::*;
use crate::decode::{DecodeErrorKind, IntoOwned};
use crate::encode::Encode;

const ASCII: AddressConfig = AddressConfig::new();
const UTF8: AddressConfig = AddressConfig::new().with_utf8(true);

/// Parses `input` as a bare mailbox that must use all of it.
fn mailbox<'a>(input: &'a str, config: &AddressConfig) -> Mailbox<'a> {
    let (m, used) =
        parse_mailbox(input.as_bytes(), config).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(used, input.len(), "{input:?}");
    m
}

fn mailbox_err(input: &str, config: &AddressConfig) -> DecodeError {
    match parse_mailbox(input.as_bytes(), config) {
        Ok((m, used)) => panic!("{input:?} accepted as {m} ({used} octets)"),
        Err(e) => e,
    }
}

fn hash_of(v: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

/// RFC 5321 §4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`:
/// (input, unquoted local part, host as re-encoded).
#[test]
fn mailbox_forms() {
    let table: &[(&str, &str, &str)] = &[
        // Dot-string = Atom *("." Atom)
        ("user@example.com", "user", "example.com"),
        ("john.q.public@example.com", "john.q.public", "example.com"),
        ("a@b", "a", "b"),
        // Every RFC 5322 §3.2.3 atext special.
        (
            "!#$%&'*+-/=?^_`{|}~@example.com",
            "!#$%&'*+-/=?^_`{|}~",
            "example.com",
        ),
        ("0123456789@x1", "0123456789", "x1"),
        // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
        ("\"\"@example.com", "", "example.com"),
        ("\"john\"@example.com", "john", "example.com"),
        ("\"john smith\"@example.com", "john smith", "example.com"),
        ("\"a..b\"@example.com", "a..b", "example.com"),
        ("\".a\"@example.com", ".a", "example.com"),
        ("\"<@>,;:[]()\"@example.com", "<@>,;:[]()", "example.com"),
        // quoted-pairSMTP = %d92 %d32-126 (RFC 5321 §4.1.2 "Joe\,Smith")
        ("\"Joe\\,Smith\"@example.com", "Joe,Smith", "example.com"),
        ("\"a\\\"b\"@example.com", "a\"b", "example.com"),
        ("\"a\\\\b\"@example.com", "a\\b", "example.com"),
        ("\"\\ \"@example.com", " ", "example.com"),
        ("\"\\~\"@example.com", "~", "example.com"),
        // sub-domain = Let-dig [Ldh-str]
        ("u@mail-1.ex--ample.co", "u", "mail-1.ex--ample.co"),
        ("u@123.456", "u", "123.456"),
        ("u@a.b.c.d.e.f", "u", "a.b.c.d.e.f"),
        ("u@EXAMPLE.COM", "u", "EXAMPLE.COM"),
        // IPv4-address-literal = Snum 3("." Snum)
        ("u@[192.0.2.1]", "u", "[192.0.2.1]"),
        ("u@[0.0.0.0]", "u", "[0.0.0.0]"),
        ("u@[255.255.255.255]", "u", "[255.255.255.255]"),
        ("u@[001.02.3.4]", "u", "[1.2.3.4]"),
        // IPv6-address-literal = "IPv6:" IPv6-addr (RFC 5952 form when re-encoded)
        ("u@[IPv6:2001:db8::1]", "u", "[IPv6:2001:db8::1]"),
        ("u@[ipv6:2001:DB8::1]", "u", "[IPv6:2001:db8::1]"),
        (
            "u@[IPv6:2001:db8:0:0:1:0:0:1]",
            "u",
            "[IPv6:2001:db8::1:0:0:1]",
        ),
        ("u@[IPv6:::ffff:192.0.2.1]", "u", "[IPv6:::ffff:192.0.2.1]"),
        // General-address-literal = Standardized-tag ":" 1*dcontent
        ("u@[x-tag:any:thing!]", "u", "[x-tag:any:thing!]"),
        ("u@[IPv7:1.2]", "u", "[IPv7:1.2]"),
    ];
    for &(input, local, host) in table {
        let m = mailbox(input, &ASCII);
        assert_eq!(m.local_part().unquoted(), local, "{input:?}");
        assert_eq!(m.host().to_string(), host, "{input:?}");
        assert_eq!(m.host().to_bytes(), host.as_bytes(), "{input:?}");
        // The local part is kept exactly as written.
        let at = input.rfind('@').unwrap();
        assert_eq!(m.local_part().as_str(), &input[..at]);
        // Re-encoding decodes to the same value.
        let wire = m.to_bytes();
        let (again, used) = parse_mailbox(&wire, &ASCII).unwrap();
        assert_eq!((&again, used), (&m, wire.len()), "{input:?}");
    }
}

/// Decoding borrows: the local part and the domain are slices of the input, and the unquoted
/// value of a quoted local part without backslashes is a slice too.
#[test]
fn zero_copy() {
    let input = b"<\"john smith\"@example.com>";
    let (path, _) = parse_reverse_path(input, &ASCII).unwrap();
    let m = path.mailbox().unwrap();
    let range = input.as_ptr_range();
    assert!(range.contains(&m.local_part().as_str().as_ptr()));
    let Host::Domain(d) = m.host() else {
        panic!("a domain")
    };
    assert!(range.contains(&d.as_str().as_ptr()));
    assert!(matches!(
        m.local_part().unquoted(),
        Cow::Borrowed("john smith")
    ));
}

/// Invalid mailboxes: (input, offset of the error).
#[test]
fn mailbox_errors() {
    let table: &[(&str, usize)] = &[
        ("", 0),
        ("@example.com", 0),
        ("user", 4),
        ("user@", 5),
        ("user example.com", 4),
        // Dot-string: no empty atom, no leading or trailing dot.
        (".user@example.com", 0),
        ("user.@example.com", 5),
        ("us..er@example.com", 3),
        // Not atext.
        ("us(er@example.com", 2),
        ("us\"er@example.com", 2),
        // Quoted-string: closing quote, qtextSMTP, quoted-pairSMTP %d32-126.
        ("\"open@example.com", 17),
        ("\"a\tb\"@example.com", 2),
        ("\"a\\\tb\"@example.com", 3),
        ("\"a\\", 3),
        ("\"a\x7f\"@x", 2),
        ("\"a\"b@example.com", 3),
        // Domain: labels start and end with a letter or digit; no empty label or trailing dot.
        ("u@-example.com", 2),
        ("u@example-.com", 9),
        ("u@example.-com", 10),
        ("u@example..com", 10),
        ("u@example.com.", 14),
        ("u@.example.com", 2),
        // Address literals.
        ("u@[]", 3),
        ("u@[1.2.3]", 3),
        ("u@[1.2.3.4.5]", 3),
        ("u@[1.2.3.256]", 3),
        ("u@[1.2.3.0004]", 3),
        ("u@[1.2.3.-4]", 3),
        ("u@[1.2.3.4", 10),
        ("u@[1.2.3.4 ]", 10),
        ("u@[a[b]", 4),
        ("u@[a\\b]", 4),
        ("u@[tag:]", 7),
        ("u@[:content]", 3),
        ("u@[-tag-:x]", 3),
        ("u@[ta_g:x]", 3),
        ("u@[IPv6:1.2.3.4]", 8),
        ("u@[IPv6:zz::1]", 8),
    ];
    for &(input, offset) in table {
        let err = mailbox_err(input, &ASCII);
        assert_eq!(err.offset, offset, "{input:?}: {err}");
        assert!(
            matches!(err.kind, DecodeErrorKind::Syntax { .. }),
            "{input:?}: {err}"
        );
    }
}

/// The mailbox ends where the domain or literal ends: what follows is the caller's.
#[test]
fn mailbox_stops_at_end_of_host() {
    for (input, used) in [
        (&b"u@example.com SIZE=10"[..], 13),
        (b"u@example.com>", 13),
        (b"u@[1.2.3.4]>", 11),
        (b"u@a,b", 3),
        (b"\"a b\"@c d", 7),
    ] {
        assert_eq!(parse_mailbox(input, &ASCII).unwrap().1, used);
    }
}

/// RFC 5321 §4.1.3 IPv6-addr: all four forms, and the group counts of the comments.
#[test]
fn ipv6_valid_forms() {
    let table: &[(&str, &str)] = &[
        // IPv6-full = IPv6-hex 7(":" IPv6-hex)
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("FFFF:ffff:AbCd:0:00:000:0000:1", "ffff:ffff:abcd::1"),
        // IPv6-comp: "::" with at most 6 other groups.
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("1::8", "1::8"),
        ("1:2:3::6:7:8", "1:2:3:0:0:6:7:8"),
        ("1:2:3:4:5:6::", "1:2:3:4:5:6::"),
        ("::3:4:5:6:7:8", "::3:4:5:6:7:8"),
        ("1::4:5:6:7:8", "1:0:0:4:5:6:7:8"),
        ("1:2:3:4:5::8", "1:2:3:4:5:0:0:8"),
        // IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"),
        // IPv6v4-comp: "::" with at most 4 other groups and the IPv4 address.
        ("::1.2.3.4", "::102:304"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("1::1.2.3.4", "1::102:304"),
        ("1:2:3:4::1.2.3.4", "1:2:3:4:0:0:102:304"),
        ("1:2::3:4:1.2.3.4", "1:2:0:0:3:4:102:304"),
        ("::1:2:3:4:1.2.3.4", "::1:2:3:4:102:304"),
    ];
    for &(input, expected) in table {
        assert_eq!(parse_ipv6(input.as_bytes()), Some(v6(expected)), "{input}");
        // And inside a mailbox.
        let wire = format!("u@[IPv6:{input}]");
        let m = mailbox(&wire, &ASCII);
        assert_eq!(m.host(), &Host::Literal(AddressLiteral::Ipv6(v6(expected))));
    }
}

/// RFC 5321 §4.1.3 IPv6-addr: what is not one of the four forms.
#[test]
fn ipv6_invalid_forms() {
    let table: &[&str] = &[
        "",
        ":",
        ":::",
        "1:::2",
        "::1::",
        "1::2::3",
        ":1::",
        "::1:",
        "1:2:3:4:5:6:7",
        // Nine groups.
        "1:2:3:4:5:6:7:8:9",
        // "::" with 7 other groups: RFC 4291 allows it, RFC 5321 does not.
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3::5:6:7:8",
        // Bad hex, too many digits.
        "g::1",
        "12345::",
        "1:2:3:4:5:6:7:-8",
        " ::1",
        // IPv4 placement and group counts.
        "1.2.3.4",
        "1:2:3:4:5:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5::1.2.3.4",
        "::1:2:3:4:5:1.2.3.4",
        "1.2.3.4::",
        "::1.2.3.4:1",
        "::1.2.3",
        "::1.2.3.256",
        "::1.2.3.4.5",
    ];
    for &input in table {
        assert_eq!(parse_ipv6(input.as_bytes()), None, "{input:?}");
    }
    let err = mailbox_err("u@[IPv6:1:2:3:4:5:6:7::]", &ASCII);
    assert_eq!(err.expected(), Some("an IPv6 address"));
}

/// RFC 5321 §4.1.2 Reverse-path / Forward-path, §4.1.1.3 `<Postmaster>`, Appendix C source
/// routes: (input, expected re-encoding, octets used).
#[test]
fn paths() {
    let reverse: &[(&str, &str, usize)] = &[
        ("<>", "<>", 2),
        ("<> SIZE=100", "<>", 2),
        ("<u@example.com>", "<u@example.com>", 15),
        ("<u@example.com> BODY=8BITMIME", "<u@example.com>", 15),
        ("<@a:u@example.com>", "<u@example.com>", 18),
        ("<@a.b,@c-d.e,@f:u@example.com>", "<u@example.com>", 30),
        ("<\"a>b\"@c>", "<\"a>b\"@c>", 9),
    ];
    for &(input, encoded, used) in reverse {
        let (path, n) = parse_reverse_path(input.as_bytes(), &ASCII).unwrap();
        assert_eq!((path.to_string().as_str(), n), (encoded, used), "{input:?}");
        assert_eq!(path.to_bytes(), encoded.as_bytes());
    }
    let forward: &[(&str, &str, usize)] = &[
        ("<Postmaster>", "<Postmaster>", 12),
        ("<postmaster> X=1", "<Postmaster>", 12),
        ("<POSTMASTER>", "<Postmaster>", 12),
        ("<Postmaster@example.com>", "<Postmaster@example.com>", 24),
        ("<u@[1.2.3.4]>", "<u@[1.2.3.4]>", 13),
        ("<@relay:u@example.com>", "<u@example.com>", 22),
    ];
    for &(input, encoded, used) in forward {
        let (path, n) = parse_forward_path(input.as_bytes(), &ASCII).unwrap();
        assert_eq!((path.to_string().as_str(), n), (encoded, used), "{input:?}");
    }
    assert_eq!(
        parse_forward_path(b"<postMaster>", &ASCII).unwrap().0,
        Path::Postmaster
    );
    assert!(matches!(
        parse_forward_path(b"<Postmaster@x>", &ASCII).unwrap().0,
        Path::Mailbox(_)
    ));
}

/// Paths that are not valid: (reverse?, input, error offset).
#[test]
fn path_errors() {
    let table: &[(bool, &str, usize)] = &[
        // "<>" is a reverse-path only; <Postmaster> a forward-path only.
        (false, "<>", 1),
        (true, "<Postmaster>", 11),
        (true, "", 0),
        (true, "u@example.com", 0),
        (true, " <u@example.com>", 0),
        (true, "<u@example.com", 14),
        (true, "< u@example.com>", 1),
        (true, "<u@example.com >", 14),
        (true, "<u@example.com.>", 15),
        // RFC 5321 §4.1.2: no underscore in domain labels.
        (true, "<u@exa_mple.com>", 6),
        (true, "< >", 1),
        (false, "<Postmaster >", 11),
        (false, "<@a:Postmaster>", 14),
        // Source routes: "@" Domain, "," between, ":" after.
        (true, "<@:u@x>", 2),
        (true, "<@a u@x>", 3),
        (true, "<@a,b:u@x>", 4),
        (true, "<@a,:u@x>", 4),
        (true, "<@[1.2.3.4]:u@x>", 2),
        (true, "<@a:>", 4),
    ];
    for &(reverse, input, offset) in table {
        let result = if reverse {
            parse_reverse_path(input.as_bytes(), &ASCII)
        } else {
            parse_forward_path(input.as_bytes(), &ASCII)
        };
        let err = result.expect_err(input);
        assert_eq!(err.offset, offset, "{input:?}: {err}");
        assert!(
            matches!(err.kind, DecodeErrorKind::Syntax { .. }),
            "{input:?}"
        );
    }
}

/// Parameter injection through a quoted local part: the `>`, the space and the `=` are
/// content, the path ends at the real `>`, and re-encoding gives the same bytes.
#[test]
fn quoted_local_part_cannot_end_path() {
    let cases: &[&[u8]] = &[
        br#"<"foo@x> ORCPT=admin@y"@z>"#,
        br#"<"a\"> NOTIFY=NEVER"@z>"#,
        br#"<"\\"@z>"#,
        br#"<"x>"@[1.2.3.4]>"#,
    ];
    for &wire in cases {
        for reverse in [true, false] {
            let (path, used) = if reverse {
                parse_reverse_path(wire, &ASCII).unwrap()
            } else {
                parse_forward_path(wire, &ASCII).unwrap()
            };
            assert_eq!(used, wire.len(), "{}", String::from_utf8_lossy(wire));
            assert_eq!(path.to_bytes(), wire);
        }
    }
    let (path, _) = parse_forward_path(br#"<"foo@x> ORCPT=admin@y"@z>"#, &ASCII).unwrap();
    let m = path.mailbox().unwrap();
    assert_eq!(m.local_part().unquoted(), "foo@x> ORCPT=admin@y");
    assert_eq!(m.host(), &Host::Domain(Domain::new("z").unwrap()));
    // Built from the value, the local part is quoted again.
    let built = LocalPart::new("foo@x> ORCPT=admin@y").unwrap();
    assert_eq!(built.as_str(), r#""foo@x> ORCPT=admin@y""#);
    // A line break can never be put in a local part.
    assert!(LocalPart::new("a\r\nRCPT TO:<x@y>").is_err());
    assert!(parse_mailbox(b"\"a\r\nb\"@x", &ASCII).is_err());
}

/// RFC 6531 §3.3: UTF-8 in atext, qtextSMTP and domain labels only with SMTPUTF8.
#[test]
fn utf8_switch() {
    let accepted: &[(&str, &str)] = &[
        ("用户@例子.广告", "用户"),
        ("jöhn.doe@exämple.com", "jöhn.doe"),
        ("\"jöhn doe\"@example.com", "jöhn doe"),
        ("u@xn--bcher-kva.example", "u"),
        ("ü@a-ü.b", "ü"),
        ("δοκιμή@παράδειγμα.δοκιμή", "δοκιμή"),
        ("😀@x.😀", "😀"),
    ];
    for &(input, local) in accepted {
        let m = mailbox(input, &UTF8);
        assert_eq!(m.local_part().unquoted(), local);
        assert_eq!(m.is_ascii(), input.is_ascii());
        if !input.is_ascii() {
            let err = mailbox_err(input, &ASCII);
            assert_eq!(err.kind, DecodeErrorKind::EightBit, "{input:?}");
            assert_eq!(err.offset, input.bytes().position(|b| b >= 0x80).unwrap());
        }
    }
    // Invalid UTF-8 is an error even with SMTPUTF8: (input, offset).
    let invalid: &[(&[u8], usize)] = &[
        (b"\xff@x", 0),
        (b"a\xc3@x", 1),
        (b"a\xc3(@x", 1),
        (b"\xc0\xaf@x", 0),
        (b"\xed\xa0\x80@x", 0),
        (b"\xf4\x90\x80\x80@x", 0),
        (b"u@x\x80", 3),
        (b"\"\xe2\x82\"@x", 1),
        (b"u@\xe2\x82", 2),
    ];
    for &(input, offset) in invalid {
        let err = parse_mailbox(input, &UTF8).unwrap_err();
        assert_eq!(
            (err.offset, &err.kind),
            (offset, &DecodeErrorKind::InvalidUtf8),
            "{input:?}"
        );
    }
    // quoted-pairSMTP stays ASCII; labels still may not start or end with a hyphen.
    assert!(parse_mailbox("\"\\ü\"@x".as_bytes(), &UTF8).is_err());
    assert!(parse_mailbox("u@ü-.x".as_bytes(), &UTF8).is_err());
    assert!(parse_mailbox("u@-ü.x".as_bytes(), &UTF8).is_err());
    assert!(parse_mailbox("u@[ü]".as_bytes(), &UTF8).is_err());
}

fn limit(err: &DecodeError) -> Option<(&'static str, u64)> {
    match err.kind {
        DecodeErrorKind::LimitExceeded { what, limit } => Some((what, limit)),
        _ => None,
    }
}

/// RFC 5321 §4.5.3.1.1: local part of 64 octets is accepted, 65 is not.
#[test]
fn local_part_limit() {
    let at = format!("{}@x", "a".repeat(64));
    assert_eq!(mailbox(&at, &ASCII).local_part().len(), 64);
    let over = format!("{}@x", "a".repeat(65));
    let err = mailbox_err(&over, &ASCII);
    assert_eq!(
        (limit(&err), err.offset),
        (Some(("local-part octets", 64)), 64)
    );
    // Quotes and backslashes count: `"` + 62 + `"` is 64.
    let quoted = format!("\"{}\"@x", "a".repeat(62));
    assert!(parse_mailbox(quoted.as_bytes(), &ASCII).is_ok());
    let quoted = format!("\"{}\\a\"@x", "a".repeat(61));
    assert!(limit(&mailbox_err(&quoted, &ASCII)).is_some());
    // Multi-octet characters count in octets.
    let utf8 = format!("{}@x", "é".repeat(33));
    assert!(limit(&mailbox_err(&utf8, &UTF8)).is_some());
    // The limit is configurable (a leniency for longer user names).
    let long = AddressConfig::new().with_max_local_part(100);
    assert_eq!(mailbox(&over, &long).local_part().len(), 65);
}

/// A domain of exactly `n` octets made of labels of at most 63.
fn domain_of(n: usize) -> String {
    let mut labels = Vec::new();
    let mut left = n;
    while left > 0 {
        let take = left.min(63);
        // A label, plus a dot unless it is the last; never end on a dot.
        let take = if take + 1 == left { take - 1 } else { take };
        labels.push("d".repeat(take));
        left -= take + usize::from(left > take);
    }
    let d = labels.join(".");
    assert_eq!(d.len(), n);
    d
}

/// RFC 5321 §4.5.3.1.2: a domain of 255 octets is accepted, 256 is not; the same for an
/// address literal with its brackets.
#[test]
fn domain_limit() {
    let big = AddressConfig::new().with_max_path(1000);
    let at = format!("u@{}", domain_of(255));
    assert!(parse_mailbox(at.as_bytes(), &big).is_ok());
    let over = format!("u@{}", domain_of(256));
    let err = mailbox_err(&over, &big);
    assert_eq!(
        (limit(&err), err.offset),
        (Some(("domain octets", 255)), 257)
    );
    // A general literal "[x:" + content + "]".
    let at = format!("u@[x:{}]", "c".repeat(251));
    assert!(parse_mailbox(at.as_bytes(), &big).is_ok());
    let over = format!("u@[x:{}]", "c".repeat(252));
    assert_eq!(
        limit(&mailbox_err(&over, &big)),
        Some(("domain octets", 255))
    );
    assert_eq!(Domain::new(&domain_of(255)).unwrap().as_str().len(), 255);
    assert_eq!(
        Domain::new(&domain_of(256)),
        Err(ValidationError::TooLong {
            what: "domain",
            max: 255
        })
    );
}

/// RFC 5321 §4.5.3.1.3: a path of 256 octets, `<` and `>` and any source route included, is
/// accepted, 257 is not; a bare mailbox is at most 254.
#[test]
fn path_limit() {
    // "<" + local(64) + "@" + domain + ">" = 256 → domain of 189.
    let at = format!("<{}@{}>", "l".repeat(64), domain_of(189));
    assert_eq!(at.len(), 256);
    assert_eq!(parse_reverse_path(at.as_bytes(), &ASCII).unwrap().1, 256);
    let over = format!("<{}@{}>", "l".repeat(64), domain_of(190));
    let err = parse_forward_path(over.as_bytes(), &ASCII).unwrap_err();
    assert_eq!((limit(&err), err.offset), (Some(("path octets", 256)), 256));
    // The source route counts.
    let routed = format!("<@r:{}@{}>", "l".repeat(64), domain_of(186));
    assert_eq!(routed.len(), 256);
    assert!(parse_reverse_path(routed.as_bytes(), &ASCII).is_ok());
    let routed = format!("<@rr:{}@{}>", "l".repeat(64), domain_of(186));
    let err = parse_reverse_path(routed.as_bytes(), &ASCII).unwrap_err();
    assert_eq!(limit(&err), Some(("path octets", 256)));
    // A long source route is cut off at the limit.
    let route = format!("<@{}:u@x>", vec!["a"; 200].join(",@"));
    let err = parse_reverse_path(route.as_bytes(), &ASCII).unwrap_err();
    assert_eq!(limit(&err), Some(("path octets", 256)));
    // Bare mailbox: 254 octets.
    let at = format!("{}@{}", "l".repeat(64), domain_of(189));
    assert_eq!(at.len(), 254);
    assert!(parse_mailbox(at.as_bytes(), &ASCII).is_ok());
    let over = format!("{}@{}", "l".repeat(64), domain_of(190));
    let err = mailbox_err(&over, &ASCII);
    assert_eq!(
        (limit(&err), err.offset),
        (Some(("mailbox octets", 254)), 254)
    );
    // Raised limits.
    let big = AddressConfig::new().with_max_path(300);
    assert!(parse_mailbox(over.as_bytes(), &big).is_ok());
}

/// Constructors: LocalPart::new quotes only when the value is not a Dot-string
/// (RFC 5321 §4.1.2 "minimum quoting"): (value, wire form).
#[test]
fn local_part_quoting() {
    let table: &[(&str, &str)] = &[
        ("john", "john"),
        ("john.smith", "john.smith"),
        ("!#$%&'*+-/=?^_`{|}~", "!#$%&'*+-/=?^_`{|}~"),
        ("jöhn", "jöhn"),
        ("", "\"\""),
        ("john smith", "\"john smith\""),
        ("Joe,Smith", "\"Joe,Smith\""),
        (".john", "\".john\""),
        ("john.", "\"john.\""),
        ("jo..hn", "\"jo..hn\""),
        ("a\"b", "\"a\\\"b\""),
        ("a\\b", "\"a\\\\b\""),
        ("a@b", "\"a@b\""),
        ("jö hn", "\"jö hn\""),
    ];
    for &(value, wire) in table {
        let lp = LocalPart::new(value).unwrap();
        assert_eq!(lp.as_str(), wire, "{value:?}");
        assert_eq!(lp.unquoted(), value);
        assert_eq!(lp.is_quoted(), wire.starts_with('"'));
        assert_eq!(LocalPart::from_raw(wire).unwrap(), lp);
    }
    // Control characters cannot be represented: InvalidByte with the position.
    for (value, position) in [("a\tb", 1), ("\0", 0), ("ab\x7f", 2), ("\r\n", 0)] {
        assert!(matches!(
            LocalPart::new(value),
            Err(ValidationError::InvalidByte { position: p, .. }) if p == position
        ));
    }
    // UTF-8 refused when the configuration says ASCII.
    assert!(matches!(
        LocalPart::with_config("jöhn", &ASCII),
        Err(ValidationError::InvalidByte {
            byte: 0xc3,
            position: 1,
            ..
        })
    ));
    // RFC 5321 §4.5.3.1.1 on the wire form: 64 is fine, 65 is not, quotes counted.
    assert!(LocalPart::new(&"a".repeat(64)).is_ok());
    assert_eq!(
        LocalPart::new(&"a".repeat(65)),
        Err(ValidationError::TooLong {
            what: "local-part",
            max: 64
        })
    );
    assert!(LocalPart::new(&" ".repeat(62)).is_ok());
    assert!(LocalPart::new(&" ".repeat(63)).is_err());
    // from_raw validates the wire form as a whole.
    for raw in ["", "a b", "\"a", "a.", "a\"", "\"a\"b", "a@b"] {
        assert!(LocalPart::from_raw(raw).is_err(), "{raw:?}");
    }
}

/// RFC 5321 §4.1.2: "all quoted forms MUST be treated as equivalent".
#[test]
fn quoted_forms_are_equal() {
    let groups: &[&[&str]] = &[
        &["john", "\"john\"", "\"\\j\\o\\h\\n\""],
        &["\"a b\"", "\"a\\ b\""],
        &["\"a\\\\b\""],
        &["\"\""],
    ];
    for (i, group) in groups.iter().enumerate() {
        for a in group.iter() {
            let la = LocalPart::from_raw(a).unwrap();
            for b in group.iter() {
                let lb = LocalPart::from_raw(b).unwrap();
                assert_eq!(la, lb, "{a} {b}");
                assert_eq!(hash_of(&la), hash_of(&lb));
            }
            for other in groups.iter().skip(i + 1).flat_map(|g| g.iter()) {
                assert_ne!(la, LocalPart::from_raw(other).unwrap(), "{a} {other}");
            }
        }
    }
    // Case-sensitive ("MAY be case-sensitive").
    assert_ne!(
        LocalPart::from_raw("John").unwrap(),
        LocalPart::from_raw("john").unwrap()
    );
    // Minimal quoting of a needlessly quoted form.
    let lp = LocalPart::from_raw("\"\\j\\ohn\"").unwrap();
    assert_eq!(lp.minimally_quoted().as_str(), "john");
    let lp = LocalPart::from_raw("\"\\a\\ b\"").unwrap();
    assert_eq!(lp.minimally_quoted().as_str(), "\"a b\"");
    assert_eq!(lp.minimally_quoted(), lp);
}

/// Domains compare without regard to ASCII case (DNS).
#[test]
fn domain_case() {
    let a = Domain::new("Example.COM").unwrap();
    let b = Domain::new("example.com").unwrap();
    assert_eq!(a, b);
    assert_eq!(hash_of(&a), hash_of(&b));
    assert_eq!(a.as_str(), "Example.COM");
    assert_eq!(a.labels().collect::<Vec<_>>(), ["Example", "COM"]);
    assert_ne!(a, Domain::new("example.org").unwrap());
}

/// Validating constructors of domains, hosts, literals and mailboxes.
#[test]
fn constructors() {
    assert_eq!(
        Domain::new(""),
        Err(ValidationError::Empty { what: "domain" })
    );
    for bad in ["-a", "a-", "a..b", "a.", ".a", "a_b", "a b", "[1.2.3.4]"] {
        assert!(Domain::new(bad).is_err(), "{bad:?}");
    }
    assert!(Domain::with_config("exämple.com", &ASCII).is_err());
    assert!(Domain::new("exämple.com").is_ok());

    assert_eq!(
        Host::new("[IPv6:::1]").unwrap(),
        Host::Literal(AddressLiteral::Ipv6(Ipv6Addr::LOCALHOST))
    );
    assert_eq!(
        Host::new("[127.0.0.1]").unwrap(),
        Host::from(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    assert!(Host::new("[127.0.0.1]x").is_err());
    assert!(Host::new("").is_err());

    let g = GeneralAddressLiteral::new("x-tag", "a:b").unwrap();
    assert_eq!((g.tag(), g.content()), ("x-tag", "a:b"));
    assert_eq!(AddressLiteral::from(g).to_bytes(), b"[x-tag:a:b]");
    for (tag, content) in [
        ("", "x"),
        ("t", ""),
        ("-", "x"),
        ("t-", "x"),
        ("t", "a]"),
        ("t", "a b"),
        ("IPv6", "::1"),
        ("ipv6", "x"),
    ] {
        assert!(
            GeneralAddressLiteral::new(tag, content).is_err(),
            "{tag:?} {content:?}"
        );
    }
    assert!(GeneralAddressLiteral::new("t", &"c".repeat(251)).is_ok());
    assert!(GeneralAddressLiteral::new("t", &"c".repeat(252)).is_err());

    // Mailbox::new: 254 octets fit a 256-octet path, 255 do not.
    let (l64, d189, d190) = ("l".repeat(64), domain_of(189), domain_of(190));
    let local = LocalPart::new(&l64).unwrap();
    let fits = Mailbox::new(local.clone(), Domain::new(&d189).unwrap().into()).unwrap();
    assert_eq!(fits.len(), 254);
    assert_eq!(fits.to_bytes().len(), 254);
    assert_eq!(
        Mailbox::new(local, Domain::new(&d190).unwrap().into()),
        Err(ValidationError::TooLong {
            what: "mailbox",
            max: 254
        })
    );
    // A UTF-8 mailbox under an ASCII configuration.
    let utf8 = Mailbox::new(LocalPart::new("ü").unwrap(), Host::new("x").unwrap()).unwrap();
    assert!(!utf8.is_ascii());
    let (l, h) = utf8.into_parts();
    assert!(Mailbox::with_config(l, h, &ASCII).is_err());

    // Whole wire forms.
    let m: Mailbox<'static> = "\"a b\"@[1.2.3.4]".parse().unwrap();
    assert_eq!(m.to_string(), "\"a b\"@[1.2.3.4]");
    assert!("a@b c".parse::<Mailbox>().is_err());
    assert!(matches!(
        Mailbox::from_raw("a@b>"),
        Err(ValidationError::InvalidByte {
            byte: b'>',
            position: 3,
            ..
        })
    ));
    assert!(Mailbox::from_raw_with_config("ü@x", &ASCII).is_err());
}

/// Encode and Display agree and write the wire forms, paths with angle brackets.
#[test]
fn encode_and_display() {
    let m = Mailbox::new(
        LocalPart::new("a b").unwrap(),
        AddressLiteral::Ipv6(v6("2001:db8::1")).into(),
    )
    .unwrap();
    let table: Vec<(Path<'_>, &str)> = vec![
        (Path::Null, "<>"),
        (Path::Postmaster, "<Postmaster>"),
        (Path::from(m), "<\"a b\"@[IPv6:2001:db8::1]>"),
    ];
    for (path, wire) in table {
        assert_eq!(path.to_bytes(), wire.as_bytes());
        assert_eq!(path.to_string(), wire);
        assert!(path.is_ascii());
    }
    let lit = AddressLiteral::Ipv6(v6("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"));
    assert_eq!(lit.to_bytes(), lit.to_string().as_bytes());
    assert_eq!(lit.len(), lit.to_string().len());
}

/// into_owned keeps the value and drops the borrow.
#[test]
fn into_owned() {
    let input = b"<\"x y\"@Example.com>".to_vec();
    let (path, _) = parse_reverse_path(&input, &ASCII).unwrap();
    let copy = path.clone();
    let owned: Path<'static> = path.into_owned();
    assert_eq!(owned, copy);
    drop(copy);
    drop(input);
    assert_eq!(owned.to_string(), "<\"x y\"@Example.com>");
}
