//! RFC 5321 §4.1.2 / §4.1.3 addresses: round trips and robustness over generated input.

use std::net::{Ipv4Addr, Ipv6Addr};

use mail_core::address::{
    AddressConfig, AddressLiteral, Domain, GeneralAddressLiteral, Host, LocalPart, Mailbox, Path,
    parse_forward_path, parse_host, parse_mailbox, parse_reverse_path,
};
use mail_core::{DecodeErrorKind, Encode, IntoOwned};
use proptest::prelude::*;

const UTF8: AddressConfig = AddressConfig::new().with_utf8(true);
const ASCII: AddressConfig = AddressConfig::new();

/// Unquoted local-part values: printable ASCII and space (everything a Quoted-string can carry,
/// RFC 5321 §4.1.2), sometimes with non-ASCII characters (RFC 6531 §3.3).
fn local_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,30}",
        "[a-z0-9.]{1,20}",
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]{1,20}",
        "[ -~é用😀]{0,20}",
        "[\"\\\\ .a]{0,12}",
    ]
}

/// One `sub-domain` (RFC 5321 §4.1.2), sometimes a U-label (RFC 6531 §3.3).
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]",
        "[a-zA-Z0-9][a-zA-Z0-9-]{0,20}[a-zA-Z0-9]",
        "[a-zü例][a-z0-9ü例-]{0,6}[a-zü例]",
    ]
}

fn domain_name() -> impl Strategy<Value = String> {
    proptest::collection::vec(label(), 1..5).prop_map(|labels| labels.join("."))
}

fn literal() -> impl Strategy<Value = AddressLiteral<'static>> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| AddressLiteral::Ipv4(Ipv4Addr::from(o))),
        any::<[u16; 8]>().prop_map(|g| AddressLiteral::Ipv6(Ipv6Addr::from(g))),
        // Addresses with runs of zero groups, and IPv4-mapped ones.
        (any::<u16>(), 0usize..8, 0usize..8).prop_map(|(v, a, b)| {
            let mut g = [0u16; 8];
            g[a] = v;
            g[b] = v.wrapping_mul(3);
            AddressLiteral::Ipv6(Ipv6Addr::from(g))
        }),
        any::<[u8; 4]>().prop_map(|o| AddressLiteral::Ipv6(Ipv4Addr::from(o).to_ipv6_mapped())),
        (
            "[a-zA-UW-Z0-9][a-zA-Z0-9-]{0,5}[a-zA-Z0-9]",
            "[!-Z^-~]{1,30}"
        )
            .prop_map(|(tag, content)| {
                AddressLiteral::General(
                    GeneralAddressLiteral::new(&tag, &content)
                        .unwrap()
                        .into_owned(),
                )
            }),
    ]
}

fn host() -> impl Strategy<Value = Host<'static>> {
    prop_oneof![
        3 => domain_name().prop_map(|d| Host::Domain(Domain::new(&d).unwrap().into_owned())),
        1 => literal().prop_map(Host::Literal),
    ]
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (local_value(), host()).prop_filter_map("fits the RFC limits", |(local, host)| {
        let local = LocalPart::new(&local).ok()?.into_owned();
        Mailbox::new(local, host).ok()
    })
}

fn path() -> impl Strategy<Value = Path<'static>> {
    prop_oneof![
        1 => Just(Path::Null),
        1 => Just(Path::Postmaster),
        6 => mailbox().prop_map(Path::Mailbox),
    ]
}

/// Bytes that look like addresses: the grammar's punctuation and some letters, digits, UTF-8.
fn address_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(
                b"<>@.:,[]\"\\ -aZ09fF+=IPv6".to_vec()
            ),
            1 => proptest::sample::select(vec![0xc3u8, 0xa9, 0x80, 0xff, b'\r', b'\n', 0]),
            1 => any::<u8>(),
        ],
        0..80,
    )
}

proptest! {
    /// Design "round trip": for every mailbox value v, decode(encode(v)) == v, using all bytes.
    #[test]
    fn mailbox_round_trip(m in mailbox()) {
        let wire = m.to_bytes();
        prop_assert_eq!(wire.len(), m.len());
        let text = m.to_string();
        prop_assert_eq!(wire.as_slice(), text.as_bytes());
        let (back, used) = parse_mailbox(&wire, &UTF8).unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(back.local_part().as_str(), m.local_part().as_str());
        prop_assert_eq!(&back, &m);
        // Without SMTPUTF8 exactly the non-ASCII mailboxes are refused.
        match parse_mailbox(&wire, &ASCII) {
            Ok((back, _)) => prop_assert_eq!(back, m),
            Err(e) => {
                prop_assert!(!m.is_ascii());
                prop_assert_eq!(e.kind, DecodeErrorKind::EightBit);
            }
        }
    }

    /// Paths round trip through the parser of their direction, with parameters after them.
    #[test]
    fn path_round_trip(p in path()) {
        let mut wire = p.to_bytes();
        let len = wire.len();
        wire.extend_from_slice(b" SIZE=1000");
        if p != Path::Postmaster {
            prop_assert_eq!(parse_reverse_path(&wire, &UTF8).unwrap(), (p.clone(), len));
        }
        if p != Path::Null {
            prop_assert_eq!(parse_forward_path(&wire, &UTF8).unwrap(), (p.clone(), len));
        }
    }

    /// RFC 5321 §4.1.2: for any unquoted value, construct → encode → parse → unquoted value is
    /// the same, and the value is quoted exactly when it is not a Dot-string.
    #[test]
    fn local_part_value_round_trip(value in local_value()) {
        let Ok(local) = LocalPart::new(&value) else {
            // Only a too-long value is refused (the alphabet has no control characters).
            prop_assert!(value.len() > 62);
            return Ok(());
        };
        let dot_string = !value.is_empty()
            && value.split('.').all(|a| !a.is_empty()
                && a.chars().all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)));
        prop_assert_eq!(local.is_quoted(), !dot_string);
        let m = Mailbox::new(local, Host::new("example.com").unwrap()).unwrap();
        let wire = m.to_bytes();
        let (back, _) = parse_mailbox(&wire, &UTF8).unwrap();
        prop_assert_eq!(back.local_part().unquoted(), value.as_str());
        // Minimal quoting changes nothing for a value built this way.
        let minimal = back.local_part().minimally_quoted();
        prop_assert_eq!(minimal.as_str(), back.local_part().as_str());
    }

    /// Every IPv6 address's RFC 5952 text is one of the RFC 5321 §4.1.3 forms, and so is its
    /// full eight-group form.
    #[test]
    fn ipv6_text_forms(groups in any::<[u16; 8]>(), zeros in 0usize..8, run in 0usize..8) {
        let mut g = groups;
        for x in g.iter_mut().skip(zeros).take(run) {
            *x = 0;
        }
        let addr = Ipv6Addr::from(g);
        let full = g.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":");
        for text in [addr.to_string(), full] {
            let wire = format!("[IPv6:{text}]");
            let (host, used) = parse_host(wire.as_bytes(), &ASCII).unwrap();
            prop_assert_eq!(used, wire.len());
            prop_assert_eq!(host, Host::Literal(AddressLiteral::Ipv6(addr)));
        }
    }

    /// What the IPv6 parser accepts is a valid RFC 4291 address with the same value (the
    /// RFC 5321 forms are a subset).
    #[test]
    fn ipv6_subset_of_std(text in "[0-9a-fA-F:.]{0,45}") {
        let wire = format!("[IPv6:{text}]");
        if let Ok((Host::Literal(AddressLiteral::Ipv6(addr)), _)) = parse_host(wire.as_bytes(), &ASCII) {
            prop_assert_eq!(text.parse::<Ipv6Addr>().ok(), Some(addr), "{}", text);
        }
    }

    /// Parsers never panic on any input; what they accept is within the input, re-encodes,
    /// and decodes again to the same value (design "round trip" for accepted input).
    #[test]
    fn parsers_never_panic(input in prop_oneof![address_like(), proptest::collection::vec(any::<u8>(), 0..64)]) {
        for config in [ASCII, UTF8, AddressConfig::new().with_max_local_part(3).with_max_path(10)] {
            if let Ok((m, used)) = parse_mailbox(&input, &config) {
                prop_assert!(used <= input.len() && used <= config.max_path);
                let wire = m.to_bytes();
                prop_assert_eq!(parse_mailbox(&wire, &config).unwrap(), (m, wire.len()));
            }
            if let Ok((h, used)) = parse_host(&input, &config) {
                prop_assert!(used <= input.len());
                let wire = h.to_bytes();
                prop_assert_eq!(parse_host(&wire, &config).unwrap(), (h, wire.len()));
            }
            for forward in [false, true] {
                let parse = if forward { parse_forward_path } else { parse_reverse_path };
                if let Ok((p, used)) = parse(&input, &config) {
                    prop_assert!(used <= input.len() && used <= config.max_path);
                    prop_assert_eq!(input.get(used - 1), Some(&b'>'));
                    let wire = p.to_bytes();
                    prop_assert!(wire.len() <= used);
                    prop_assert_eq!(parse(&wire, &config).unwrap(), (p, wire.len()));
                }
            }
        }
    }

    /// Whatever follows a quoted local part is never taken as the end of the path: a path
    /// built from any value ends exactly at its own `>`.
    #[test]
    fn no_parameter_injection(value in "[ -~]{0,60}", tail in "[ -~]{0,20}") {
        if let Ok(local) = LocalPart::new(&value) {
            let m = Mailbox::new(local, Host::new("z").unwrap()).unwrap();
            let mut wire = Path::Mailbox(m.clone()).to_bytes();
            let len = wire.len();
            wire.extend_from_slice(tail.as_bytes());
            let (p, used) = parse_forward_path(&wire, &ASCII).unwrap();
            prop_assert_eq!(used, len);
            prop_assert_eq!(p, Path::Mailbox(m));
        }
    }
}

/// `AddressConfig::relaxed_host`: host names as machines name themselves (Windows and NetBIOS
/// names with `_`, a leading `-`, a root dot at the end), which RFC 5321 §4.1.2 `Domain`
/// refuses; strict by default.
#[test]
fn relaxed_host_names() {
    let relaxed = ASCII.with_relaxed_host(true);
    // (name, octets the relaxed grammar reads, whether the strict one reads the same)
    for (name, used, strict_too) in [
        ("DESKTOP-AB12_X", 14, false),
        ("my_host.lan", 11, false),
        ("-foo", 4, false),
        ("mail.example.com.", 17, false),
        ("a_.b-", 5, false),
        ("host name", 4, true),
        ("192.168.1.10", 12, true),
    ] {
        let strict = parse_host(name.as_bytes(), &ASCII).map(|(_, n)| n);
        assert_eq!(strict == Ok(used), strict_too, "{name}: {strict:?}");
        let (host, n) = parse_host(name.as_bytes(), &relaxed).unwrap();
        assert_eq!(n, used, "{name}");
        assert_eq!(host.domain().map(Domain::as_str), Some(&name[..used]));
        // Written back as read.
        assert_eq!(host.to_bytes(), &name.as_bytes()[..used]);
    }
    for bad in ["", ".", ".foo", "foo..bar", "a b", "é"] {
        let r = parse_host(bad.as_bytes(), &relaxed);
        assert!(
            r.is_err() || r.as_ref().is_ok_and(|(_, n)| *n < bad.len()),
            "{bad}: {r:?}"
        );
    }
    assert_eq!(
        parse_host("mü_1".as_bytes(), &relaxed.with_utf8(true)).map(|(_, n)| n),
        Ok(5)
    );
    assert_eq!(
        parse_host(b"m\xc3_", &relaxed.with_utf8(true))
            .unwrap_err()
            .kind,
        DecodeErrorKind::InvalidUtf8
    );
    // Address literals keep their grammar.
    assert!(parse_host(b"[::1]", &relaxed).is_err());
    // The domain limit still holds.
    let long = "a_".repeat(200);
    assert!(matches!(
        parse_host(long.as_bytes(), &relaxed).unwrap_err().kind,
        DecodeErrorKind::LimitExceeded { .. }
    ));
}
