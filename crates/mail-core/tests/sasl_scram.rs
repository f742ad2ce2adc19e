//! SCRAM messages (`mail_core::sasl::scram`), RFC 5802 §5 and §7, RFC 7677 §3.

use mail_core::sasl::gs2::{CbName, ChannelBinding, Gs2Header, SaslName};
use mail_core::sasl::scram::{
    ClientFinal, ClientFirst, Extension, ServerError, ServerFinal, ServerFirst, auth_message,
};
use mail_core::sasl::wire;
use mail_core::{DecodeErrorKind, Encode, IntoOwned};
use proptest::prelude::*;

fn b64(text: &str) -> Vec<u8> {
    wire::decode_challenge(text.as_bytes(), 1024).unwrap()
}

/// RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256) example exchanges, user "user".
#[test]
fn rfc_example_exchanges() {
    let exchanges = [
        (
            "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
            "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
            "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
            (
                "fyko+d2lbbFgONRv9qkxdawL",
                "QSXCR+Q6sek8bf92",
                "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
            ),
        ),
        (
            "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
            (
                "rOprNGfwEbeRWgbNEkqO",
                "W22ZaJ0SNY7soEsUEjb6gQ==",
                "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            ),
        ),
    ];
    for (c1, s1, c2, s2, (client_nonce, salt, proof)) in exchanges {
        let client_first = ClientFirst::decode(c1.as_bytes()).unwrap();
        assert_eq!(client_first.gs2_header(), &Gs2Header::default());
        assert_eq!(client_first.username().to_unescaped(), "user");
        assert_eq!(client_first.nonce(), client_nonce);
        assert!(client_first.extensions().is_empty());
        assert_eq!(client_first.to_bytes(), c1.as_bytes());
        assert_eq!(
            ClientFirst::new("user", client_nonce).unwrap(),
            client_first
        );

        let server_first = ServerFirst::decode(s1.as_bytes()).unwrap();
        assert!(server_first.nonce().starts_with(client_first.nonce()));
        assert_eq!(server_first.salt(), b64(salt));
        assert_eq!(server_first.iterations(), 4096);
        assert_eq!(server_first.to_bytes(), s1.as_bytes());

        let client_final = ClientFinal::decode(c2.as_bytes()).unwrap();
        // "biws" is base64 of the GS2 header "n,,".
        assert_eq!(client_final.channel_binding(), b"n,,");
        assert_eq!(client_final.nonce(), server_first.nonce());
        assert_eq!(client_final.proof().expose(), &b64(proof));
        assert_eq!(client_final.to_bytes(), c2.as_bytes());

        let server_final = ServerFinal::decode(s2.as_bytes()).unwrap();
        assert_eq!(
            server_final.verifier_signature(),
            Some(&b64(s2.strip_prefix("v=").unwrap())[..])
        );
        assert_eq!(server_final.to_bytes(), s2.as_bytes());

        // RFC 5802 §3: AuthMessage = client-first-bare "," server-first "," client-final-without-proof.
        let c2_without_proof = &c2[..c2.rfind(",p=").unwrap()];
        let expected = format!("{},{s1},{c2_without_proof}", &c1[3..]);
        assert_eq!(
            auth_message(&client_first, &server_first, &client_final),
            expected.as_bytes()
        );
    }
}

/// RFC 5802 §7: gs2 flags, authzid, escaped user names, reserved-mext and extensions.
#[test]
fn client_first_forms() {
    let msg = ClientFirst::decode(b"p=tls-server-end-point,a=admin,n=bob=2Cjr=3D,r=abc,x=1,y=a=b")
        .unwrap();
    assert_eq!(
        msg.gs2_header().channel_binding(),
        &ChannelBinding::Used(CbName::TLS_SERVER_END_POINT)
    );
    assert_eq!(
        msg.gs2_header().authzid().map(SaslName::as_escaped),
        Some("admin")
    );
    assert_eq!(msg.username().to_unescaped(), "bob,jr=");
    assert_eq!(
        msg.extensions()
            .iter()
            .map(|e| (e.name(), e.value()))
            .collect::<Vec<_>>(),
        [('x', "1"), ('y', "a=b")]
    );
    let built = ClientFirst::new("bob,jr=", "abc")
        .unwrap()
        .with_gs2_header(Gs2Header::new(
            ChannelBinding::Used(CbName::TLS_SERVER_END_POINT),
            Some(SaslName::new("admin").unwrap()),
        ))
        .with_extension(Extension::new('x', "1").unwrap())
        .with_extension(Extension::new('y', "a=b").unwrap());
    assert_eq!(built, msg);

    let msg = ClientFirst::decode(b"y,,m=future,n=user,r=abc").unwrap();
    assert_eq!(msg.mandatory_extension(), Some("future"));
    assert_eq!(msg.to_bytes(), b"y,,m=future,n=user,r=abc");
    let mut bare = Vec::new();
    msg.encode_bare(&mut bare);
    assert_eq!(bare, b"m=future,n=user,r=abc");
    // A user name that is UTF-8.
    let msg = ClientFirst::decode("n,,n=jürgen,r=x".as_bytes()).unwrap();
    assert_eq!(msg.username().to_unescaped(), "jürgen");
}

/// RFC 5802 §7 violations in the client's first message, with their offsets.
#[test]
fn client_first_violations() {
    let table: &[(&[u8], usize)] = &[
        (b"", 0),
        (b"n=user,r=abc", 1),            // no gs2 header ("n" then ",")
        (b"n,,", 3),                     // no username
        (b"n,,r=abc,n=user", 3),         // attributes out of order
        (b"n,,n=user", 9),               // no nonce
        (b"n,,n=,r=abc", 5),             // empty user name
        (b"n,,n=us=2Xer,r=abc", 7),      // bad escape
        (b"n,,n=user,r=", 12),           // empty nonce
        (b"n,,n=user,r=a b", 13),        // nonce not printable
        (b"n,,n=user,r=abc,", 16),       // empty extension
        (b"n,,n=user,r=abc,1=x", 16),    // extension name not ALPHA
        (b"n,,n=user,r=abc,x=", 18),     // empty extension value
        (b"n,,n=user,r=abc,x=a\0b", 19), // NUL in a value
        (b"n,,m=,n=user,r=abc", 5),      // empty reserved-mext
        (b"n,,n=us\xffer,r=abc", 7),     // invalid UTF-8
        (b"F,n,,n=user,r=abc", 0),       // gs2-nonstd-flag is not SCRAM's
    ];
    for &(input, offset) in table {
        let err = ClientFirst::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(input));
    }
}

/// RFC 5802 §7 violations in the server's first message.
#[test]
fn server_first_violations() {
    let table: &[(&[u8], usize)] = &[
        (b"", 0),
        (b"r=abc", 5),
        (b"r=abc,s=QSXCR+Q6sek8bf92", 24),
        (b"s=QSXCR+Q6sek8bf92,r=abc,i=1", 0),
        (b"r=abc,s=QSXCR Q6sek8bf92,i=1", 13), // space in base64
        (b"r=abc,s=QQ,i=1", 10),               // missing padding
        (b"r=abc,s=QR==,i=1", 9),              // non-canonical trailing bits
        (b"r=abc,s=QQ==,i=0", 15),             // posit-number
        (b"r=abc,s=QQ==,i=04096", 15),         // leading zero
        (b"r=abc,s=QQ==,i=40x6", 17),
        (b"r=abc,s=QQ==,i=", 15),
        (b"r=abc,s=QQ==,i=1,", 17),
    ];
    for &(input, offset) in table {
        let err = ServerFirst::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(input));
    }
    let err = ServerFirst::decode(b"r=abc,s=QQ==,i=4294967296").unwrap_err();
    assert_eq!(
        (err.offset, err.kind),
        (15, DecodeErrorKind::NumberOverflow)
    );
    let ok = ServerFirst::decode(b"m=x,r=abc,s=,i=4294967295,z=ext").unwrap();
    assert_eq!(ok.iterations(), u32::MAX);
    assert_eq!(ok.salt(), b"");
    assert_eq!(ok.mandatory_extension(), Some("x"));
    assert_eq!(ok.extensions().len(), 1);
    assert!(ServerFirst::new("abc", vec![1], 0).is_err());
    assert!(ServerFirst::new("a,c", vec![1], 1).is_err());
}

/// RFC 5802 §7: the proof is the last attribute of the client's final message.
#[test]
fn client_final_forms_and_violations() {
    let msg = ClientFinal::decode(b"c=cD10bHMtdW5pcXVlLCxYWVo=,r=abcdef,x=ext,p=AAAA").unwrap();
    assert_eq!(msg.channel_binding(), b"p=tls-unique,,XYZ");
    assert_eq!(msg.extensions().len(), 1);
    assert_eq!(msg.proof().expose(), &[0, 0, 0]);
    let mut without_proof = Vec::new();
    msg.encode_without_proof(&mut without_proof);
    assert_eq!(without_proof, b"c=cD10bHMtdW5pcXVlLCxYWVo=,r=abcdef,x=ext");

    let table: &[(&[u8], usize)] = &[
        (b"", 0),
        (b"c=biws,r=abc", 7), // no proof: the nonce is taken as the last attribute
        (b"c=biws,p=AAAA", 6), // no nonce
        (b"r=abc,c=biws,p=AAAA", 0), // out of order
        (b"c=biws,r=abc,p=AAA", 18), // bad base64 length
        (b"c=bi ws,r=abc,p=AAAA", 4), // bad base64 character
        (b"c=biws,r=abc,p=AAAA,x=1", 20), // proof not last
        (b"c=biws,r=abc,=x,p=AAAA", 13), // bad extension
    ];
    for &(input, offset) in table {
        let err = ClientFinal::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(input));
    }
}

/// RFC 5802 §7: `server-final-message = (server-error / verifier) ["," extensions]`.
#[test]
fn server_final_forms() {
    let msg = ServerFinal::decode(b"e=invalid-proof").unwrap();
    assert_eq!(msg.server_error(), Some(&ServerError::INVALID_PROOF));
    assert_eq!(msg.verifier_signature(), None);
    assert_eq!(msg, ServerFinal::error(ServerError::INVALID_PROOF));
    // server-error-value-ext: unknown values are kept.
    let msg = ServerFinal::decode(b"e=too-many-attempts,x=1").unwrap();
    assert_eq!(
        msg.server_error().map(ServerError::as_str),
        Some("too-many-attempts")
    );
    assert_eq!(msg.to_bytes(), b"e=too-many-attempts,x=1");
    let msg = ServerFinal::decode(b"v=AAAA,q=z").unwrap();
    assert_eq!(msg.verifier_signature(), Some(&[0u8, 0, 0][..]));

    for (bad, offset) in [
        (&b""[..], 0),
        (b"x=1", 0),
        (b"e=", 2),
        (b"v=AA", 4),
        (b"v=AAAA,", 7),
        (b"r=abc,v=AAAA", 0),
    ] {
        let err = ServerFinal::decode(bad).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(bad));
    }
    assert!(ServerError::new("a,b").is_err());
    assert!(ServerError::new("").is_err());
}

/// The client proof never shows in `Debug` output.
#[test]
fn debug_redacts_the_proof() {
    let msg = ClientFinal::new(b"n,,".to_vec(), "abc", vec![0xAB; 20]).unwrap();
    let debug = format!("{msg:?}");
    assert!(!debug.contains("171"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

/// Values decoded from a buffer outlive it after `into_owned`.
#[test]
fn into_owned_outlives_the_input() {
    let owned = {
        let buf = b"n,a=x,n=user,r=abc,e=1".to_vec();
        ClientFirst::decode(&buf).unwrap().into_owned()
    };
    assert_eq!(owned.nonce(), "abc");
}

fn saslname() -> impl Strategy<Value = String> {
    "[^\\x00]{1,12}"
}
fn nonce() -> impl Strategy<Value = String> {
    "[!-+--~]{1,24}"
}
fn extensions() -> impl Strategy<Value = Vec<(char, String)>> {
    proptest::collection::vec((proptest::char::range('a', 'z'), "[^\\x00,]{1,8}"), 0..3)
}

proptest! {
    /// RFC 5802 §7 round trip of the client's first message.
    #[test]
    fn client_first_round_trip(
        user in saslname(),
        authzid in proptest::option::of(saslname()),
        nonce in nonce(),
        flag in 0u8..3,
        mext in proptest::option::of("[^\\x00,]{1,8}"),
        exts in extensions(),
    ) {
        let channel_binding = match flag {
            0 => ChannelBinding::NotSupported,
            1 => ChannelBinding::SupportedNotUsed,
            _ => ChannelBinding::Used(CbName::new("tls-exporter").unwrap()),
        };
        let authzid = authzid.map(|a| SaslName::new(a).unwrap());
        let mut msg = ClientFirst::new(user, nonce)
            .unwrap()
            .with_gs2_header(Gs2Header::new(channel_binding, authzid));
        if let Some(mext) = mext {
            msg = msg.with_mandatory_extension(mext).unwrap();
        }
        for (name, value) in exts {
            msg = msg.with_extension(Extension::new(name, value).unwrap());
        }
        let bytes = msg.to_bytes();
        prop_assert_eq!(ClientFirst::decode(&bytes).unwrap(), msg.clone());
        prop_assert_eq!(ClientFirst::decode(&bytes).unwrap().into_owned(), msg);
    }

    /// RFC 5802 §7 round trip of the server's first message.
    #[test]
    fn server_first_round_trip(
        nonce in nonce(),
        salt in proptest::collection::vec(any::<u8>(), 0..40),
        iterations in 1u32..,
        exts in extensions(),
    ) {
        let mut msg = ServerFirst::new(nonce, salt, iterations).unwrap();
        for (name, value) in exts {
            msg = msg.with_extension(Extension::new(name, value).unwrap());
        }
        let bytes = msg.to_bytes();
        prop_assert_eq!(ServerFirst::decode(&bytes).unwrap(), msg);
    }

    /// RFC 5802 §7 round trip of the client's final message.
    #[test]
    fn client_final_round_trip(
        cbind in proptest::collection::vec(any::<u8>(), 0..40),
        nonce in nonce(),
        proof in proptest::collection::vec(any::<u8>(), 0..40),
        exts in extensions(),
    ) {
        let mut msg = ClientFinal::new(cbind, nonce, proof).unwrap();
        for (name, value) in exts {
            msg = msg.with_extension(Extension::new(name, value).unwrap());
        }
        let bytes = msg.to_bytes();
        prop_assert_eq!(ClientFinal::decode(&bytes).unwrap(), msg);
    }

    /// RFC 5802 §7 round trip of the server's final message.
    #[test]
    fn server_final_round_trip(
        signature in proptest::collection::vec(any::<u8>(), 0..40),
        error in proptest::option::of("[^\\x00,]{1,20}"),
    ) {
        let msg = match error {
            Some(error) => ServerFinal::error(ServerError::new(error).unwrap()),
            None => ServerFinal::verifier(signature),
        };
        let bytes = msg.to_bytes();
        prop_assert_eq!(ServerFinal::decode(&bytes).unwrap(), msg);
    }

    /// Decoders never panic on arbitrary octets, nor on SCRAM-looking noise.
    #[test]
    fn decoders_never_panic(
        prefix in prop_oneof![Just(&b""[..]), Just(&b"n,,n="[..]), Just(&b"r=abc,s="[..]), Just(&b"c=biws,r="[..]), Just(&b"v="[..])],
        noise in proptest::collection::vec(prop_oneof![Just(b','), Just(b'='), Just(b'A'), any::<u8>()], 0..40),
    ) {
        let input = [prefix, &noise[..]].concat();
        for offset in [
            ClientFirst::decode(&input).err().map(|e| e.offset),
            ServerFirst::decode(&input).err().map(|e| e.offset),
            ClientFinal::decode(&input).err().map(|e| e.offset),
            ServerFinal::decode(&input).err().map(|e| e.offset),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(offset <= input.len());
        }
    }
}
