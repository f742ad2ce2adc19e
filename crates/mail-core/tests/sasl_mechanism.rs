//! SASL mechanism names (`mail_core::sasl::Mechanism`), RFC 4422 §3.1 / RFC 2222 §3.

use std::collections::HashSet;

use mail_core::sasl::{KnownMechanism, MAX_MECHANISM_LEN, Mechanism};
use mail_core::{DecodeErrorKind, Encode, IntoOwned, ValidationError};
use proptest::prelude::*;

/// RFC 2222 §3: 1 to 20 upper-case letters, digits, hyphens and underscores.
#[test]
fn valid_names() {
    for name in [
        "PLAIN",
        "X",
        "SCRAM-SHA-256-PLUS",
        "X_VENDOR-MECH",
        "A2345678901234567890",
        "9",
    ] {
        let mech = Mechanism::new(name).unwrap();
        assert_eq!(mech.as_str(), name);
        assert_eq!(mech.to_bytes(), name.as_bytes());
        assert_eq!(Mechanism::decode(name.as_bytes()).unwrap(), mech);
    }
}

/// RFC 2222 §3: names the application builds must follow the grammar exactly (upper case).
#[test]
fn invalid_names_are_validation_errors() {
    assert_eq!(
        Mechanism::new(""),
        Err(ValidationError::Empty {
            what: "sasl mechanism name"
        })
    );
    assert_eq!(
        Mechanism::new("A23456789012345678901"),
        Err(ValidationError::TooLong {
            what: "sasl mechanism name",
            max: 20
        })
    );
    for (name, position, byte) in [
        ("plain", 0, b'p'),
        ("CRAM MD5", 4, b' '),
        ("SCRAM.SHA", 5, b'.'),
        ("PLAIN\r", 5, b'\r'),
        ("É", 0, 0xC3),
    ] {
        assert_eq!(
            Mechanism::new(name),
            Err(ValidationError::InvalidByte {
                what: "sasl mechanism name",
                byte,
                position
            }),
            "{name}"
        );
    }
}

/// RFC 4954 §4 / RFC 9051 §6.2.2 match names case-insensitively (RFC 7628 §4 mentions clients
/// using lower case): decode accepts any case, keeps it, and compares without case.
#[test]
fn decode_is_case_insensitive_and_keeps_case() {
    let mech = Mechanism::decode(b"Scram-Sha-1").unwrap();
    assert_eq!(mech.as_str(), "Scram-Sha-1");
    assert_eq!(mech.to_bytes(), b"Scram-Sha-1");
    assert_eq!(mech, Mechanism::SCRAM_SHA_1);
    assert_eq!(mech.known(), Some(KnownMechanism::ScramSha1));
    assert_eq!(mech.to_string(), "Scram-Sha-1");

    let mut set = HashSet::new();
    set.insert(Mechanism::PLAIN);
    assert!(set.contains(&Mechanism::decode(b"plain").unwrap()));
    assert!(!set.contains(&Mechanism::LOGIN));
}

/// Decode errors: syntax at the first bad byte, a typed limit error past 20 characters.
#[test]
fn decode_errors() {
    let err = Mechanism::decode(b"").unwrap_err();
    assert_eq!(err.offset, 0);
    assert!(matches!(err.kind, DecodeErrorKind::Syntax { .. }));

    let err = Mechanism::decode(b"PLAIN ").unwrap_err();
    assert_eq!(err.offset, 5);
    let err = Mechanism::decode(b"PL.AIN").unwrap_err();
    assert_eq!(err.offset, 2);
    let err = Mechanism::decode(b"\xffPLAIN").unwrap_err();
    assert_eq!(err.offset, 0);

    let err = Mechanism::decode(b"A23456789012345678901").unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::LimitExceeded {
            what: "sasl mechanism name characters",
            limit: MAX_MECHANISM_LEN as u64
        }
    );
}

/// `AUTH PLAIN dGVzdA==`: the name ends at the space, which is left to the caller.
#[test]
fn parse_prefix_stops_at_the_first_non_name_byte() {
    let (mech, used) = Mechanism::parse_prefix(b"PLAIN dGVzdA==").unwrap();
    assert_eq!((mech.as_str(), used), ("PLAIN", 5));
    let (mech, used) = Mechanism::parse_prefix(b"cram-md5\r\n").unwrap();
    assert_eq!((mech.as_str(), used), ("cram-md5", 8));
    let (mech, used) = Mechanism::parse_prefix(b"XOAUTH2").unwrap();
    assert_eq!((mech, used), (Mechanism::XOAUTH2, 7));
    assert!(Mechanism::parse_prefix(b" PLAIN").is_err());
}

/// Every known name is a valid name and maps back to its constant.
#[test]
fn known_mechanisms() {
    let table = [
        (Mechanism::PLAIN, KnownMechanism::Plain),
        (Mechanism::LOGIN, KnownMechanism::Login),
        (Mechanism::ANONYMOUS, KnownMechanism::Anonymous),
        (Mechanism::EXTERNAL, KnownMechanism::External),
        (Mechanism::XOAUTH2, KnownMechanism::XOAuth2),
        (Mechanism::OAUTHBEARER, KnownMechanism::OAuthBearer),
        (Mechanism::CRAM_MD5, KnownMechanism::CramMd5),
        (Mechanism::SCRAM_SHA_1, KnownMechanism::ScramSha1),
        (Mechanism::SCRAM_SHA_256, KnownMechanism::ScramSha256),
        (Mechanism::SCRAM_SHA_1_PLUS, KnownMechanism::ScramSha1Plus),
        (
            Mechanism::SCRAM_SHA_256_PLUS,
            KnownMechanism::ScramSha256Plus,
        ),
        (Mechanism::GSSAPI, KnownMechanism::Gssapi),
        (Mechanism::DIGEST_MD5, KnownMechanism::DigestMd5),
        (Mechanism::NTLM, KnownMechanism::Ntlm),
    ];
    assert_eq!(table.len(), KnownMechanism::ALL.len());
    for (mech, known) in table {
        assert_eq!(mech.known(), Some(known));
        assert_eq!(Mechanism::from(known), mech);
        assert_eq!(Mechanism::new(known.name()).unwrap(), mech);
    }
    // RFC 5802 §4: the -PLUS variants use channel binding.
    assert!(Mechanism::SCRAM_SHA_256_PLUS.is_plus_variant());
    assert!(
        Mechanism::decode(b"scram-sha-1-plus")
            .unwrap()
            .is_plus_variant()
    );
    assert!(!Mechanism::SCRAM_SHA_256.is_plus_variant());
    assert!(!Mechanism::new("PLUS").unwrap().is_plus_variant());
    // RFC 2195 §2 / draft-murchison-sasl-login-00 §2.1: the server speaks first.
    assert!(!KnownMechanism::CramMd5.client_first());
    assert!(!KnownMechanism::Login.client_first());
    assert!(KnownMechanism::Plain.client_first());
}

#[test]
fn into_owned_outlives_the_input() {
    let owned = {
        let buf = b"x-custom".to_vec();
        Mechanism::decode(&buf).unwrap().into_owned()
    };
    assert_eq!(owned.as_str(), "x-custom");
}

proptest! {
    /// Round trip: a valid name encodes and decodes to an equal name, keeping its case.
    #[test]
    fn round_trip(name in "[A-Za-z0-9_-]{1,20}") {
        let decoded = Mechanism::decode(name.as_bytes()).unwrap();
        prop_assert_eq!(decoded.to_bytes(), name.as_bytes());
        let upper = name.to_ascii_uppercase();
        let built = Mechanism::new(upper.as_str()).unwrap();
        prop_assert_eq!(&decoded, &built);
        let wire = built.to_bytes();
        prop_assert_eq!(Mechanism::decode(&wire).unwrap(), built);
    }

    /// The decoder never panics and never accepts a name longer than 20 characters.
    #[test]
    fn decode_never_panics(input in proptest::collection::vec(any::<u8>(), 0..40)) {
        if let Ok(mech) = Mechanism::decode(&input) {
            prop_assert!((1..=20).contains(&mech.as_str().len()));
        }
        if let Ok((_, used)) = Mechanism::parse_prefix(&input) {
            prop_assert!(used <= input.len());
        }
    }
}
