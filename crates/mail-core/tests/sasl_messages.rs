//! Messages of PLAIN, LOGIN, ANONYMOUS, EXTERNAL and CRAM-MD5 (`mail_core::sasl::*`).

use mail_core::sasl::anonymous::{self, TraceKind};
use mail_core::sasl::login::{self, Prompt};
use mail_core::sasl::{cram_md5, external, plain, wire};
use mail_core::{DecodeErrorKind, Encode, IntoOwned, ValidationError};
use proptest::prelude::*;

const MAX: usize = wire::DEFAULT_MAX_DECODED_LEN;

/// Decodes the base64 line of an RFC example into the message octets.
fn unbase64(line: &[u8]) -> Vec<u8> {
    wire::decode_challenge(line, MAX).unwrap()
}

// ---------------------------------------------------------------------------------------------
// PLAIN (RFC 4616)

/// RFC 4616 §4: both examples, and the wire line of the same credentials.
#[test]
fn plain_rfc4616_examples() {
    let table: &[(&[u8], Option<&str>, &str, &str)] = &[
        (b"\0tim\0tanstaaftanstaaf", None, "tim", "tanstaaftanstaaf"),
        (
            b"Ursel\0Kurt\0xipj3plmq",
            Some("Ursel"),
            "Kurt",
            "xipj3plmq",
        ),
    ];
    for &(input, authzid, authcid, password) in table {
        let msg = plain::Response::decode(input).unwrap();
        assert_eq!(msg.authzid(), authzid);
        assert_eq!(msg.authcid(), authcid);
        assert_eq!(msg.password().expose(), password);
        assert_eq!(msg.to_bytes(), input);
        let mut built = plain::Response::new(authcid, password).unwrap();
        if let Some(authzid) = authzid {
            built = built.with_authzid(authzid).unwrap();
        }
        assert_eq!(built, msg);
    }
    // The {21} literal of the first example holds 21 octets.
    assert_eq!(table[0].0.len(), 21);
    assert_eq!(
        plain::Response::decode(&unbase64(b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm"))
            .unwrap()
            .authcid(),
        "tim"
    );
}

/// RFC 4616 §2: `message = [authzid] UTF8NUL authcid UTF8NUL passwd`, each field `1*SAFE`.
#[test]
fn plain_grammar_violations() {
    let table: &[(&[u8], usize)] = &[
        (b"", 0),                  // no NUL at all
        (b"tim", 3),               // no NUL at all
        (b"\0tim", 4),             // second NUL missing
        (b"\0\0secret", 1),        // empty authcid
        (b"\0tim\0", 5),           // empty password
        (b"\0tim\0pass\0word", 9), // NUL inside the password
        (b"a\0tim\0pa\0", 8),      // trailing NUL
    ];
    for &(input, offset) in table {
        let err = plain::Response::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{input:?}");
        assert!(
            matches!(err.kind, DecodeErrorKind::Syntax { .. }),
            "{err:?}"
        );
    }
    // RFC 4616 §2: UTF-8 only.
    let err = plain::Response::decode(b"\0tim\0pass\xffword").unwrap_err();
    assert_eq!((err.offset, err.kind), (9, DecodeErrorKind::InvalidUtf8));
    let err = plain::Response::decode(b"\0t\xc3\0pw").unwrap_err();
    assert_eq!((err.offset, err.kind), (2, DecodeErrorKind::InvalidUtf8));
}

/// RFC 4616 §2: servers MUST accept 255 octets per field; more is allowed unless capped.
#[test]
fn plain_field_limits() {
    let long = "p".repeat(300);
    let input = format!("\0tim\0{long}");
    assert_eq!(
        plain::Response::decode(input.as_bytes())
            .unwrap()
            .password()
            .expose()
            .len(),
        300
    );
    let err = plain::Response::decode_with_limit(input.as_bytes(), plain::MIN_ACCEPTED_FIELD_LEN)
        .unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::LimitExceeded {
            what: "plain field octets",
            limit: 255
        }
    );
    assert_eq!(err.offset, 5 + 255);
    let at_limit = format!(
        "{}\0{}\0{}",
        "z".repeat(255),
        "c".repeat(255),
        "p".repeat(255)
    );
    assert!(plain::Response::decode_with_limit(at_limit.as_bytes(), 255).is_ok());
}

#[test]
fn plain_constructor_validation() {
    assert_eq!(
        plain::Response::new("", "pw"),
        Err(ValidationError::Empty {
            what: "plain authcid"
        })
    );
    assert_eq!(
        plain::Response::new("tim", ""),
        Err(ValidationError::Empty {
            what: "plain password"
        })
    );
    assert_eq!(
        plain::Response::new("ti\0m", "pw"),
        Err(ValidationError::InvalidByte {
            what: "plain authcid",
            byte: 0,
            position: 2
        })
    );
    assert!(
        plain::Response::new("tim", "pw")
            .unwrap()
            .with_authzid("")
            .is_err()
    );
}

/// Credentials never show in `Debug` output.
#[test]
fn debug_redacts_credentials() {
    let plain = plain::Response::new("tim", "tanstaaftanstaaf").unwrap();
    let login = login::Password::new(&b"tanstaaftanstaaf"[..]).unwrap();
    let cram = cram_md5::Response::new("tim", [0xb9; 16]).unwrap();
    for debug in [
        format!("{plain:?}"),
        format!("{login:?}"),
        format!("{cram:?}"),
    ] {
        assert!(!debug.contains("tanstaaf"), "{debug}");
        assert!(!debug.contains("185"), "{debug}"); // 0xb9
        assert!(debug.contains("redacted"), "{debug}");
    }
    assert!(format!("{plain:?}").contains("tim"));
}

// ---------------------------------------------------------------------------------------------
// LOGIN (draft-murchison-sasl-login-00)

/// draft-murchison-sasl-login-00 §2.3 example exchange, and prompts real servers send.
#[test]
fn login_prompts() {
    let table: &[(&[u8], Prompt)] = &[
        (b"VXNlciBOYW1lAA==", Prompt::Username), // "User Name\0", §2.3
        (b"UGFzc3dvcmQA", Prompt::Password),     // "Password\0", §2.3
        (b"VXNlcm5hbWU6", Prompt::Username),     // "Username:" (Postfix, Exchange, Dovecot)
        (b"UGFzc3dvcmQ6", Prompt::Password),     // "Password:"
        (b"VXNlciBOYW1l", Prompt::Username),     // "User Name", §2.2
        (b"dXNlcm5hbWU6", Prompt::Username),     // "username:"
        (b"VXNlcjo=", Prompt::Username),         // "User:"
        (b"", Prompt::Other),                    // an empty challenge
        (b"V2hvIGFyZSB5b3U/", Prompt::Other),    // "Who are you?"
    ];
    for &(line, prompt) in table {
        let text = unbase64(line);
        let challenge = login::Challenge::decode(&text);
        assert_eq!(
            challenge.prompt(),
            prompt,
            "{:?}",
            String::from_utf8_lossy(&text)
        );
        assert_eq!(challenge.to_bytes(), text);
    }
    assert_eq!(login::Challenge::USERNAME.prompt(), Prompt::Username);
    assert_eq!(login::Challenge::PASSWORD.prompt(), Prompt::Password);
    let mut line = Vec::new();
    wire::encode_challenge(&login::Challenge::PASSWORD.to_bytes(), &mut line);
    assert_eq!(line, b"UGFzc3dvcmQ6");
}

/// draft-murchison-sasl-login-00 §2.3: "tim" / "tanstaaftanstaaf".
#[test]
fn login_responses() {
    let user = login::Username::decode(&unbase64(b"dGlt"))
        .unwrap()
        .into_owned();
    assert_eq!(user.as_str(), "tim");
    let text = unbase64(b"dGFuc3RhYWZ0YW5zdGFhZg==");
    let password = login::Password::decode(&text).unwrap();
    assert_eq!(password.expose(), b"tanstaaftanstaaf");
    // §2: passwords may hold arbitrary octets except NUL, CR and LF.
    assert!(login::Password::decode(b"\xff\x01\xfe").is_ok());
    assert!(login::Password::decode(b"").is_ok());
    for bad in [&b"a\0b"[..], b"a\rb", b"a\nb"] {
        assert_eq!(login::Password::decode(bad).unwrap_err().offset, 1);
        assert!(login::Password::new(bad).is_err());
    }
}

/// draft-murchison-sasl-login-00 §2: user names are UTF-8 and "MUST be less than 64 characters".
#[test]
fn login_username_rules() {
    let ok = "é".repeat(63); // 63 characters, 126 octets
    assert!(login::Username::decode(ok.as_bytes()).is_ok());
    assert!(login::Username::new(ok.as_str()).is_ok());
    let too_long = "é".repeat(64);
    let err = login::Username::decode(too_long.as_bytes()).unwrap_err();
    assert_eq!(
        (err.offset, err.kind),
        (
            126,
            DecodeErrorKind::LimitExceeded {
                what: "login username characters",
                limit: 63
            }
        )
    );
    assert!(login::Username::new(too_long.as_str()).is_err());
    // The named leniency for longer names.
    assert!(login::Username::decode_with_limit(too_long.as_bytes(), 255).is_ok());

    assert!(login::Username::decode(b"").is_err());
    assert_eq!(
        login::Username::decode(b"ti\xffm").unwrap_err().kind,
        DecodeErrorKind::InvalidUtf8
    );
    assert_eq!(login::Username::decode(b"tim\r\n").unwrap_err().offset, 3);
}

// ---------------------------------------------------------------------------------------------
// ANONYMOUS (RFC 4505)

/// RFC 4505 §4: "c2lyaGM=" carries the trace "sirhc"; §2: empty, email or token.
#[test]
fn anonymous_messages() {
    let text = unbase64(b"c2lyaGM=");
    let msg = anonymous::Response::decode(&text).unwrap();
    assert_eq!(msg.trace(), Some("sirhc"));
    assert_eq!(msg.trace_kind(), Some(TraceKind::Token));
    assert_eq!(msg.to_bytes(), b"sirhc");

    let empty = anonymous::Response::decode(b"").unwrap();
    assert_eq!((empty.trace(), empty.trace_kind()), (None, None));
    assert!(empty.to_bytes().is_empty());

    for email in [
        "sirhc@example.com",
        "\"odd user\"@example.com",
        "a@[192.0.2.7]",
    ] {
        let msg = anonymous::Response::decode(email.as_bytes()).unwrap();
        assert_eq!(msg.trace_kind(), Some(TraceKind::Email), "{email}");
        assert_eq!(anonymous::Response::with_trace(email).unwrap(), msg);
    }
}

/// RFC 4505 §2: `token = 1*255TCHAR` counts characters (up to 1020 octets), and a trace with "@"
/// must be an addr-spec; §3 prohibits control characters.
#[test]
fn anonymous_rules() {
    let max = "\u{1F600}".repeat(255); // 255 characters, 1020 octets
    assert_eq!(max.len(), 1020);
    assert!(anonymous::Response::decode(max.as_bytes()).is_ok());
    let over = "x".repeat(256);
    let err = anonymous::Response::decode(over.as_bytes()).unwrap_err();
    assert_eq!(
        (err.offset, err.kind),
        (
            255,
            DecodeErrorKind::LimitExceeded {
                what: "anonymous token characters",
                limit: 255
            }
        )
    );
    assert!(anonymous::Response::with_trace(over.as_str()).is_err());

    for (bad, offset) in [
        (&b"two@at@signs"[..], 6),
        (b"@example.com", 0),
        (b"user@", 5),
        (b"tab\there", 3),
        (b"bell\x07", 4),
        (b"c1\xc2\x85ctl", 2), // U+0085, table C.2.2
    ] {
        let err = anonymous::Response::decode(bad).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(bad));
    }
    assert_eq!(
        anonymous::Response::decode(b"\xff").unwrap_err().kind,
        DecodeErrorKind::InvalidUtf8
    );
    assert!(anonymous::Response::with_trace("").is_err());
}

// ---------------------------------------------------------------------------------------------
// EXTERNAL (RFC 4422 appendix A)

/// RFC 4422 appendix A.1: `external-initial-resp = [ authz-id-string ]`, UTF-8 without NUL.
#[test]
fn external_messages() {
    let derived = external::Response::decode(b"").unwrap();
    assert_eq!(derived, external::Response::derived());
    assert_eq!(derived.authzid(), None);
    assert!(derived.to_bytes().is_empty());
    // With an initial response, the empty message is "=" on the wire.
    let mut line = Vec::new();
    wire::encode_initial_response(&derived.to_bytes(), &mut line);
    assert_eq!(line, b"=");

    let msg = external::Response::decode("fred@example.com".as_bytes()).unwrap();
    assert_eq!(msg.authzid(), Some("fred@example.com"));
    assert_eq!(
        external::Response::with_authzid("fred@example.com").unwrap(),
        msg
    );

    assert_eq!(external::Response::decode(b"a\0b").unwrap_err().offset, 1);
    assert_eq!(
        external::Response::decode(b"a\xc3").unwrap_err().kind,
        DecodeErrorKind::InvalidUtf8
    );
    assert!(external::Response::with_authzid("").is_err());
}

// ---------------------------------------------------------------------------------------------
// CRAM-MD5 (RFC 2195)

/// RFC 2195 §2 example: challenge and response lines.
#[test]
fn cram_md5_rfc2195_example() {
    let text = unbase64(b"PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
    let challenge = cram_md5::Challenge::decode(&text).unwrap();
    assert_eq!(
        challenge.as_str(),
        "<1896.697170952@postoffice.reston.mci.net>"
    );
    assert_eq!(challenge.to_bytes(), text);

    let text = unbase64(b"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    let response = cram_md5::Response::decode(&text).unwrap();
    assert_eq!(response.username(), "tim");
    assert_eq!(
        response.digest().expose(),
        &[
            0xb9, 0x13, 0xa6, 0x02, 0xc7, 0xed, 0xa7, 0xa4, 0x95, 0xb4, 0xe6, 0xe7, 0x33, 0x4d,
            0x38, 0x90
        ]
    );
    let built = cram_md5::Response::new("tim", *response.digest().expose()).unwrap();
    assert_eq!(built.to_bytes(), b"tim b913a602c7eda7a495b4e6e7334d3890");
}

/// RFC 2195 §2: the challenge is an RFC 822 msg-id; the digest is 32 lower-case hex digits.
#[test]
fn cram_md5_rules() {
    for (bad, offset) in [
        (&b""[..], 0),
        (b"1896.697170952@host>", 0),
        (b"<1896.697170952@host", 20),
        (b"<1896 697170952@host>", 5),
        (b"<1896.697170952.host>", 20),
        (b"<>", 1),
        (b"<a@b><c@d>", 4),
    ] {
        let err = cram_md5::Challenge::decode(bad).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(bad));
    }
    assert!(cram_md5::Challenge::new("<1.2@host>").is_ok());
    assert!(cram_md5::Challenge::new("1.2@host").is_err());

    let digest = "b913a602c7eda7a495b4e6e7334d3890";
    // A user name with a space: the digest is after the last space.
    let text = format!("tim smith {digest}");
    let msg = cram_md5::Response::decode(text.as_bytes()).unwrap();
    assert_eq!(msg.username(), "tim smith");
    for (bad, offset) in [
        (format!("tim{digest}"), 35),
        (format!(" {digest}"), 0),
        (format!("tim {}", digest.to_uppercase()), 4),
        (format!("tim {}", &digest[..31]), 35),
        (format!("tim {digest}0"), 36),
        (format!("tim {}g", &digest[..31]), 35),
        (format!("t\tm {digest}"), 1),
    ] {
        let err = cram_md5::Response::decode(bad.as_bytes()).unwrap_err();
        assert_eq!(err.offset, offset, "{bad}");
    }
    assert!(cram_md5::Response::new("", [0; 16]).is_err());
}

// ---------------------------------------------------------------------------------------------
// Round trips and robustness

fn safe_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>().prop_filter("no NUL", |&c| c != '\0'), 1..max)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    /// RFC 4616 §2 round trip.
    #[test]
    fn plain_round_trip(
        authzid in proptest::option::of(safe_text(40)),
        authcid in safe_text(40),
        password in safe_text(40),
    ) {
        let mut msg = plain::Response::new(authcid.as_str(), password.as_str()).unwrap();
        if let Some(authzid) = &authzid {
            msg = msg.with_authzid(authzid.as_str()).unwrap();
        }
        let bytes = msg.to_bytes();
        prop_assert_eq!(plain::Response::decode(&bytes).unwrap(), msg.clone());
        prop_assert_eq!(plain::Response::decode(&bytes).unwrap().into_owned(), msg);
    }

    /// draft-murchison-sasl-login-00 round trips.
    #[test]
    fn login_round_trip(
        name in "[^\\x00\\r\\n]{1,63}",
        password in proptest::collection::vec(any::<u8>().prop_filter("no NUL CR LF", |b| ![0, b'\r', b'\n'].contains(b)), 0..40),
        prompt in proptest::collection::vec(any::<u8>(), 0..20),
    ) {
        let user = login::Username::new(name.as_str()).unwrap();
        let wire = user.to_bytes();
        prop_assert_eq!(login::Username::decode(&wire).unwrap(), user.clone());
        let pw = login::Password::new(password.clone()).unwrap();
        let wire = pw.to_bytes();
        prop_assert_eq!(login::Password::decode(&wire).unwrap(), pw.clone());
        let challenge = login::Challenge::new(prompt);
        let wire = challenge.to_bytes();
        prop_assert_eq!(login::Challenge::decode(&wire), challenge.clone());
    }

    /// RFC 4505 §2 round trip of tokens and simple addresses.
    #[test]
    fn anonymous_round_trip(token in "[^@\\p{Cc}]{1,255}", local in "[a-z0-9]{1,5}(\\.[a-z0-9]{1,5}){0,2}", domain in "[a-z]{1,10}(\\.[a-z]{1,5}){0,2}") {
        for trace in [token.clone(), format!("{local}@{domain}")] {
            let msg = anonymous::Response::with_trace(trace.as_str()).unwrap();
            let wire = msg.to_bytes();
            prop_assert_eq!(anonymous::Response::decode(&wire).unwrap(), msg);
        }
    }

    /// RFC 4422 appendix A round trip.
    #[test]
    fn external_round_trip(authzid in proptest::option::of(safe_text(40))) {
        let msg = match &authzid {
            Some(authzid) => external::Response::with_authzid(authzid.as_str()).unwrap(),
            None => external::Response::derived(),
        };
        let wire = msg.to_bytes();
        prop_assert_eq!(external::Response::decode(&wire).unwrap(), msg);
    }

    /// RFC 2195 §2 round trip.
    #[test]
    fn cram_md5_round_trip(
        name in "[^\\p{Cc}]{1,30}",
        digest in any::<[u8; 16]>(),
        id in "[0-9.]{1,20}@[a-z.]{1,20}",
    ) {
        let response = cram_md5::Response::new(name.as_str(), digest).unwrap();
        let wire = response.to_bytes();
        prop_assert_eq!(cram_md5::Response::decode(&wire).unwrap(), response);
        let challenge = cram_md5::Challenge::new(format!("<{id}>")).unwrap();
        let wire = challenge.to_bytes();
        prop_assert_eq!(cram_md5::Challenge::decode(&wire).unwrap(), challenge);
    }

    /// Decoders never panic on arbitrary octets, and error offsets stay inside the input.
    #[test]
    fn decoders_never_panic(input in proptest::collection::vec(any::<u8>(), 0..80)) {
        let offsets = [
            plain::Response::decode(&input).err().map(|e| e.offset),
            plain::Response::decode_with_limit(&input, 3).err().map(|e| e.offset),
            login::Username::decode(&input).err().map(|e| e.offset),
            login::Password::decode(&input).err().map(|e| e.offset),
            anonymous::Response::decode(&input).err().map(|e| e.offset),
            external::Response::decode(&input).err().map(|e| e.offset),
            cram_md5::Challenge::decode(&input).err().map(|e| e.offset),
            cram_md5::Response::decode(&input).err().map(|e| e.offset),
        ];
        for offset in offsets.into_iter().flatten() {
            prop_assert!(offset <= input.len() + 32);
        }
        let _ = login::Challenge::decode(&input).prompt();
    }
}
