//! OAUTHBEARER (RFC 7628), XOAUTH2 and the GS2 header (`mail_core::sasl::{oauthbearer, xoauth2, gs2}`).

use mail_core::sasl::gs2::{CbName, ChannelBinding, Gs2Header, SaslName};
use mail_core::sasl::oauthbearer::{self, ErrorChallenge, InitialResponse};
use mail_core::sasl::{wire, xoauth2};
use mail_core::{DecodeErrorKind, Encode, IntoOwned};
use proptest::prelude::*;

const MAX: usize = wire::DEFAULT_MAX_DECODED_LEN;
const TOKEN: &str = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";

fn unbase64(line: &str) -> Vec<u8> {
    wire::decode_challenge(line.as_bytes(), MAX).unwrap()
}

fn initial(input: &[u8]) -> InitialResponse<'_> {
    match oauthbearer::Response::decode(input).unwrap() {
        oauthbearer::Response::Initial(msg) => msg,
        oauthbearer::Response::Dummy => panic!("dummy response"),
    }
}

/// RFC 7628 §4.1: the IMAP (port 143) and SMTP (port 587) initial responses.
#[test]
fn rfc7628_successful_bearer_exchange() {
    let table = [
        (
            "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
            143,
        ),
        (
            "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
            587,
        ),
    ];
    for (line, port) in table {
        let bytes = unbase64(line);
        let expected = format!(
            "n,a=user@example.com,\x01host=server.example.com\x01port={port}\x01auth=Bearer {TOKEN}\x01\x01"
        );
        assert_eq!(bytes, expected.as_bytes());
        let msg = initial(&bytes);
        assert_eq!(msg.authzid().as_deref(), Some("user@example.com"));
        assert_eq!(msg.host(), Some("server.example.com"));
        assert_eq!(msg.port(), Some(port));
        assert_eq!(msg.bearer_token(), Some(TOKEN));
        assert_eq!(msg.auth().expose(), &format!("Bearer {TOKEN}"));
        assert_eq!(msg.extensions().count(), 0);
        assert_eq!(msg.to_bytes(), bytes);
        let built = InitialResponse::bearer(TOKEN)
            .unwrap()
            .with_authzid("user@example.com")
            .unwrap()
            .with_host("server.example.com")
            .unwrap()
            .with_port(port)
            .unwrap();
        assert_eq!(built, msg);
        let mut wire_line = Vec::new();
        wire::encode_initial_response(&built.to_bytes(), &mut wire_line);
        assert_eq!(wire_line, line.as_bytes());
    }
}

/// RFC 7628 §4.2: an OAuth 1.0a `auth` value with spaces, quotes and commas.
#[test]
fn rfc7628_oauth10a_exchange() {
    let bytes = unbase64(concat!(
        "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9ZXhhbXBsZS5jb20BcG9ydD0xNDMBYXV0aD1PQXV0aCByZWFsbT0iRXhhbXBsZSIsb2F1",
        "dGhfY29uc3VtZXJfa2V5PSI5ZGpkajgyaDQ4ZGpzOWQyIixvYXV0aF90b2tlbj0ia2trOWQ3ZGgzazM5c2p2NyIsb2F1dGhfc2lnbmF0dXJlX21ldGhvZD0iSE1BQy",
        "1TSEExIixvYXV0aF90aW1lc3RhbXA9IjEzNzEzMTIwMSIsb2F1dGhfbm9uY2U9IjdkOGYzZTRhIixvYXV0aF9zaWduYXR1cmU9IlRtOTBJR0VnY21WaGJDQnphV2R1",
        "WVhSMWNtVSUzRCIBAQ=="
    ));
    let msg = initial(&bytes);
    assert_eq!(msg.host(), Some("example.com"));
    assert_eq!(msg.port(), Some(143));
    assert!(
        msg.auth()
            .expose()
            .starts_with("OAuth realm=\"Example\",oauth_consumer_key=")
    );
    assert_eq!(msg.bearer_token(), None);
    assert_eq!(msg.to_bytes(), bytes);
}

/// RFC 7628 §4.3: a failed exchange with an empty `auth`, the JSON error, the dummy response.
#[test]
fn rfc7628_failed_exchange() {
    let bytes = unbase64(
        "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9AQE=",
    );
    assert_eq!(
        bytes,
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=\x01\x01"
    );
    let msg = initial(&bytes);
    assert_eq!(msg.auth().expose(), "");
    assert_eq!(msg.bearer_token(), None);
    assert_eq!(msg.to_bytes(), bytes);

    let json = unbase64(concat!(
        "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxl",
        "X3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4",
        "YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9u",
        "In0="
    ));
    let challenge = ErrorChallenge::decode(&json).unwrap();
    assert_eq!(
        challenge.as_str(),
        "{\"status\":\"invalid_token\",\"scope\":\"example_scope\",\
         \"openid-configuration\":\"https://example.com/.well-known/openid-configuration\"}"
    );
    assert_eq!(challenge.to_bytes(), json);

    // The client's dummy response, "AQ==" on the wire.
    let dummy_bytes = unbase64("AQ==");
    let dummy = oauthbearer::Response::decode(&dummy_bytes).unwrap();
    assert_eq!(dummy, oauthbearer::Response::Dummy);
    let mut line = Vec::new();
    wire::encode_response(&wire::SaslResponse::data(dummy.to_bytes()), &mut line);
    assert_eq!(line, b"AQ==");
}

/// RFC 7628 §4.4 shows `n,user=someuser@example.com,` as GS2 header, which RFC 5801 §4 does not
/// allow (the authzid is `a=`); the strict decoder rejects it where the header is wrong.
#[test]
fn rfc7628_section_4_4_header_is_not_gs2() {
    let bytes = unbase64(concat!(
        "bix1c2VyPXNvbWV1c2VyQGV4YW1wbGUuY29tLAFhdXRoPUJlYXJl",
        "ciB2RjlkZnQ0cW1UYzJOdmIzUmxja0JoZEhSaGRtbHpkR0V1WTI5dENnPT0BAQ=="
    ));
    assert!(bytes.starts_with(b"n,user=someuser@example.com,\x01auth=Bearer "));
    let err = oauthbearer::Response::decode(&bytes).unwrap_err();
    assert_eq!(err.offset, 2);
    // Its server error challenge is fine.
    let json = unbase64(concat!(
        "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiL",
        "CJzY29wZSI6Imh0dHBzOi8vbWFpbC5leGFtcGxlLmNvbS8ifQ=="
    ));
    assert!(
        ErrorChallenge::decode(&json)
            .unwrap()
            .as_str()
            .contains("\"schemes\":\"bearer mac\"")
    );
}

/// RFC 7628 §3.1 grammar: kvsep placement, key syntax, required `auth`, port rules, no trailing
/// bytes; repeated well-known keys are refused.
#[test]
fn oauthbearer_grammar_violations() {
    let table: &[(&[u8], usize)] = &[
        (b"", 0),
        (b"n,,", 3),                            // kvsep missing
        (b"n,,\x01", 4),                        // final kvsep missing
        (b"n,,\x01\x01", 4),                    // auth missing
        (b"n,,\x01auth=x\x01", 11),             // final kvsep missing
        (b"n,,\x01auth=x\x01\x01\x01", 12),     // bytes after the end
        (b"n,,\x01au th=x\x01\x01", 6),         // key with a space
        (b"n,,\x01=x\x01\x01", 4),              // empty key
        (b"n,,\x01auth1=x\x01\x01", 8),         // key with a digit
        (b"n,,\x01auth=x\x00\x01\x01", 10),     // NUL in a value
        (b"n,,\x01auth=x\xc3\xa9\x01\x01", 10), // non-ASCII value
        (b"n,,\x01port=0143\x01auth=\x01\x01", 9),
        (b"n,,\x01port=14a\x01auth=\x01\x01", 11),
        (b"n,,\x01port=\x01auth=\x01\x01", 9),
        (b"x,,\x01auth=\x01\x01", 0),
    ];
    for &(input, offset) in table {
        let err = oauthbearer::Response::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(input));
    }
    let err = oauthbearer::Response::decode(b"n,,\x01port=65536\x01auth=\x01\x01").unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::NumberOutOfRange);
    let err = oauthbearer::Response::decode(b"n,,\x01auth=a\x01auth=b\x01\x01").unwrap_err();
    assert_eq!(
        (err.offset, err.kind),
        (11, DecodeErrorKind::Duplicate { what: "auth key" })
    );
    assert!(oauthbearer::Response::decode(b"n,,\x01port=65535\x01auth=\x01\x01").is_ok());
}

/// RFC 7628 §3.1: values may hold SP, HTAB, CR, LF; unknown keys are kept in order (the server
/// MUST ignore them, the codec must not lose them).
#[test]
fn oauthbearer_values_and_unknown_keys() {
    let input = b"y,,\x01mthd=POST\x01auth=Bearer a b\r\n\tc\x01path=/\x01\x01";
    let msg = initial(input);
    assert_eq!(
        msg.gs2_header().channel_binding(),
        &ChannelBinding::SupportedNotUsed
    );
    assert_eq!(msg.auth().expose(), "Bearer a b\r\n\tc");
    assert_eq!(
        msg.extensions().collect::<Vec<_>>(),
        [("mthd", "POST"), ("path", "/")]
    );
    // Re-encoding puts auth first, then the other keys in order: the same value.
    let again = msg.to_bytes();
    assert_eq!(initial(&again), msg);
    // RFC 7628 §4: the scheme name is case-insensitive.
    let msg = initial(b"n,,\x01auth=BEARER tok\x01\x01");
    assert_eq!(msg.bearer_token(), Some("tok"));
}

#[test]
fn oauthbearer_constructor_validation() {
    assert!(InitialResponse::bearer("").is_err());
    assert!(InitialResponse::bearer("a b").is_err());
    assert!(InitialResponse::bearer("abc=d").is_err());
    assert!(InitialResponse::bearer("a-._~+/b==").is_ok());
    assert!(InitialResponse::new("x\u{1}").is_err());
    let base = InitialResponse::new("").unwrap();
    assert!(base.clone().with_port(0).is_err());
    assert!(base.clone().with_host("a\u{1}b").is_err());
    assert!(base.clone().with_extension("auth", "x").is_err());
    assert!(base.clone().with_extension("k2", "x").is_err());
    assert!(base.clone().with_extension("", "x").is_err());
    assert!(base.clone().with_authzid("").is_err());
    let msg = base.with_extension("qs", "a=b").unwrap();
    assert_eq!(msg.to_bytes(), b"n,,\x01auth=\x01qs=a=b\x01\x01");
    assert!(ErrorChallenge::new("[1]").is_err());
    assert!(ErrorChallenge::new(" {}").is_ok());
    assert_eq!(ErrorChallenge::decode(b"\"x\"").unwrap_err().offset, 0);
    assert_eq!(
        ErrorChallenge::decode(b"{\xff}").unwrap_err().kind,
        DecodeErrorKind::InvalidUtf8
    );
}

/// RFC 5801 §4: `,` and `=` in an authzid are written `=2C` and `=3D`.
#[test]
fn gs2_authzid_escaping() {
    let msg = InitialResponse::new("")
        .unwrap()
        .with_authzid("a,b=c")
        .unwrap();
    assert_eq!(msg.to_bytes(), b"n,a=a=2Cb=3Dc,\x01auth=\x01\x01");
    let decoded = initial(b"n,a=a=2cb=3dc,\x01auth=\x01\x01");
    assert_eq!(decoded.authzid().as_deref(), Some("a,b=c"));
    // The escape is kept as received, so the message re-encodes to the same octets.
    assert_eq!(decoded.to_bytes(), b"n,a=a=2cb=3dc,\x01auth=\x01\x01");
    assert!(oauthbearer::Response::decode(b"n,a=a=2Db,\x01auth=\x01\x01").is_err());

    let header = Gs2Header::new(
        ChannelBinding::Used(CbName::TLS_EXPORTER),
        Some(SaslName::new("admin").unwrap()),
    );
    assert_eq!(header.to_bytes(), b"p=tls-exporter,a=admin,");
    assert!(CbName::new("tls_unique").is_err());
    assert_eq!(SaslName::new("x").unwrap().as_escaped(), "x");
    assert!(SaslName::new("a\0").is_err());
}

/// Credentials never show in `Debug` output.
#[test]
fn debug_redacts_tokens() {
    let bearer = InitialResponse::bearer("SECRETTOKEN").unwrap();
    let xoauth = xoauth2::Response::new("user@example.com", "SECRETTOKEN").unwrap();
    for debug in [format!("{bearer:?}"), format!("{xoauth:?}")] {
        assert!(!debug.contains("SECRETTOKEN"), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }
}

// ---------------------------------------------------------------------------------------------
// XOAUTH2

/// Google's format: `user=` user ^A `auth=Bearer ` token ^A ^A.
#[test]
fn xoauth2_messages() {
    let bytes = b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01";
    let msg = xoauth2::Response::decode(bytes).unwrap();
    assert_eq!(msg.user(), "someuser@example.com");
    assert_eq!(
        msg.token().expose(),
        "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
    );
    assert_eq!(msg.to_bytes(), bytes);
    assert_eq!(
        xoauth2::Response::decode(b"user=u\x01auth=bearer t\x01\x01")
            .unwrap()
            .token()
            .expose(),
        "t"
    );

    let table: &[(&[u8], usize)] = &[
        (b"", 0),
        (b"User=u\x01auth=Bearer t\x01\x01", 0),
        (b"user=\x01auth=Bearer t\x01\x01", 5),
        (b"user=u", 6),
        (b"user=u\x01auth=Basic t\x01\x01", 7),
        (b"user=u\x01auth=Bearer \x01\x01", 19),
        (b"user=u\x01auth=Bearer t t\x01\x01", 20),
        (b"user=u\x01auth=Bearer t\x01", 20),
        (b"user=u\x01auth=Bearer t\x01\x01\x01", 20),
        (b"user=u\tv\x01auth=Bearer t\x01\x01", 6),
    ];
    for &(input, offset) in table {
        let err = xoauth2::Response::decode(input).unwrap_err();
        assert_eq!(err.offset, offset, "{:?}", String::from_utf8_lossy(input));
    }
    assert!(xoauth2::Response::new("", "t").is_err());
    assert!(xoauth2::Response::new("u", "t t").is_err());
    assert!(xoauth2::Response::new("u", "").is_err());

    // Gmail's error challenge (a JSON object).
    let json = unbase64(
        "eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==",
    );
    let challenge = xoauth2::ErrorChallenge::decode(&json).unwrap();
    assert!(challenge.as_str().starts_with("{\"status\":\"400\""));
}

// ---------------------------------------------------------------------------------------------
// Round trips and robustness

fn value() -> impl Strategy<Value = String> {
    "[\\x20-\\x7e\\t\\r\\n]{0,20}"
}

proptest! {
    /// RFC 7628 §3.1 round trip.
    #[test]
    fn oauthbearer_round_trip(
        auth in value(),
        authzid in proptest::option::of("[^\\x00]{1,20}"),
        host in proptest::option::of(value()),
        port in proptest::option::of(1u16..),
        extensions in proptest::collection::vec(("[a-zA-Z]{1,8}", value()), 0..4),
        flag in 0u8..3,
    ) {
        let mut msg = InitialResponse::new(auth.as_str()).unwrap();
        let channel_binding = match flag {
            0 => ChannelBinding::NotSupported,
            1 => ChannelBinding::SupportedNotUsed,
            _ => ChannelBinding::Used(CbName::TLS_SERVER_END_POINT),
        };
        let authzid = authzid.map(|a| SaslName::new(a).unwrap());
        msg = msg.with_gs2_header(Gs2Header::new(channel_binding, authzid));
        if let Some(host) = host {
            msg = msg.with_host(host).unwrap();
        }
        if let Some(port) = port {
            msg = msg.with_port(port).unwrap();
        }
        for (key, value) in extensions {
            if matches!(key.as_str(), "auth" | "host" | "port") {
                continue;
            }
            msg = msg.with_extension(key, value).unwrap();
        }
        let response = oauthbearer::Response::Initial(msg);
        let bytes = response.to_bytes();
        prop_assert_eq!(oauthbearer::Response::decode(&bytes).unwrap(), response.clone());
        prop_assert_eq!(oauthbearer::Response::decode(&bytes).unwrap().into_owned(), response);
    }

    /// XOAUTH2 round trip.
    #[test]
    fn xoauth2_round_trip(user in "[^\\p{Cc}]{1,30}", token in "[!-~]{1,60}") {
        let msg = xoauth2::Response::new(user.as_str(), token.as_str()).unwrap();
        let bytes = msg.to_bytes();
        prop_assert_eq!(xoauth2::Response::decode(&bytes).unwrap(), msg);
    }

    /// Decoders never panic on arbitrary octets.
    #[test]
    fn decoders_never_panic(input in proptest::collection::vec(any::<u8>(), 0..80)) {
        for offset in [
            oauthbearer::Response::decode(&input).err().map(|e| e.offset),
            xoauth2::Response::decode(&input).err().map(|e| e.offset),
            ErrorChallenge::decode(&input).err().map(|e| e.offset),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(offset <= input.len());
        }
    }

    /// Decoders never panic on inputs that look like messages (prefix plus noise).
    #[test]
    fn decoders_never_panic_near_valid(
        prefix in prop_oneof![Just(&b"n,,\x01"[..]), Just(&b"n,a="[..]), Just(&b"p=x,,\x01port="[..]), Just(&b"user=u\x01auth=Bearer "[..])],
        noise in proptest::collection::vec(prop_oneof![Just(1u8), Just(b'='), Just(b','), any::<u8>()], 0..30),
    ) {
        let input = [prefix, &noise[..]].concat();
        let _ = oauthbearer::Response::decode(&input);
        let _ = xoauth2::Response::decode(&input);
    }
}
