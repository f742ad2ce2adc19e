//! Limits of the response and command decoders: each one a typed error, none a panic, with
//! extreme configured values too (RFC 9051 §9 lists, literals and nesting).

use imap_proto::decode::{CommandDecoder, CommandDecoderConfig, ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, Response};
use imap_proto::{DecodeErrorKind, Decoded};

fn deep(prefix: &str, open: &str, n: usize, suffix: &str) -> Vec<u8> {
    let mut s = prefix.to_owned();
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str(suffix);
    s.into_bytes()
}

fn limit_error(d: &ResponseDecoder, input: &[u8]) -> (&'static str, u64) {
    match d.decode(input) {
        Err(e) => match e.kind {
            DecodeErrorKind::LimitExceeded { what, limit } => {
                assert_eq!(e.skip, Some(input.len()), "{e:?}");
                (what, limit)
            }
            other => panic!("{other:?} for {:?}", String::from_utf8_lossy(input)),
        },
        Ok(v) => panic!("{v:?}"),
    }
}

/// RFC 9051 §9 `mailbox-data = "SEARCH" *(SP nz-number)`: an "unlimited" item count
/// (usize::MAX) must not overflow while sizing the result.
#[test]
fn search_with_unlimited_items() {
    let d = ResponseDecoder::new(ResponseConfig::new().with_max_items(usize::MAX));
    let Ok(Decoded::Complete { value, .. }) = d.decode(b"* SEARCH 2 3 6\r\n") else {
        panic!()
    };
    assert!(matches!(value, Response::Data(Data::Search { ids, .. }) if ids.len() == 3));
    // And the limit itself.
    let d = ResponseDecoder::new(ResponseConfig::new().with_max_items(2));
    assert_eq!(
        limit_error(&d, b"* SEARCH 2 3 6\r\n"),
        ("search results", 2)
    );
}

/// 10,000 open parentheses (and deep nesting through every recursive rule) are a clean
/// nesting-depth error in the lenient preset too.
#[test]
fn deep_nesting_everywhere() {
    let d = ResponseDecoder::new(ResponseConfig::lenient());
    for input in [
        deep("* 1 FETCH (BODYSTRUCTURE ", "(", 10_000, ")\r\n"),
        deep("* 1 FETCH (BODY ", "(", 10_000, ")\r\n"),
        deep("* 1 FETCH (X-PRIVATE ", "(", 10_000, ")\r\n"),
        deep("* THREAD ", "(", 10_000, "\r\n"),
        deep("* LIST () \"/\" foo (X-EXT ", "(", 10_000, ")\r\n"),
        deep("* ESEARCH X-EXT ", "(", 10_000, "\r\n"),
        deep(
            "* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1 NIL NIL NIL NIL ",
            "(",
            10_000,
            "\r\n",
        ),
        deep(
            "* 1 FETCH (BODYSTRUCTURE ",
            "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 1 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ",
            2_000,
            "\r\n",
        ),
    ] {
        assert_eq!(limit_error(&d, &input).0, "nesting depth");
    }
    let c = CommandDecoder::new(CommandDecoderConfig::default());
    for input in [
        deep("a SEARCH ", "(", 10_000, "\r\n"),
        deep("a SEARCH ", "NOT ", 5_000, "ALL\r\n"),
    ] {
        let e = c.decode(&input).unwrap_err();
        assert!(
            matches!(e.error.kind, DecodeErrorKind::LimitExceeded { .. }),
            "{e:?}"
        );
    }
}

/// RFC 9051 §9 `envelope`: the address count limit, in each address list.
#[test]
fn address_limit() {
    let d = ResponseDecoder::new(ResponseConfig::new().with_max_addresses(2));
    let two = b"* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    assert!(matches!(d.decode(two), Ok(Decoded::Complete { .. })));
    let three = b"* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL ((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\")(NIL NIL \"e\" \"f\")) NIL NIL NIL NIL))\r\n";
    assert_eq!(limit_error(&d, three), ("addresses", 2));
}

/// Literal and response size limits: typed errors, no allocation of the announced size.
#[test]
fn literal_and_response_size() {
    let d = ResponseDecoder::new(
        ResponseConfig::new()
            .with_max_literal_size(10)
            .with_max_response_size(100),
    );
    let e = d.decode(b"* 1 FETCH (BODY[] {11}\r\n").unwrap_err();
    assert!(matches!(
        e.kind,
        DecodeErrorKind::LimitExceeded {
            what: "literal size",
            limit: 10
        }
    ));
    let e = d.decode(b"* 1 FETCH (BODY[] {9223372036854775807}\r\n");
    assert!(e.is_err());
    let e = d
        .decode(b"* 1 FETCH (BODY[] {99999999999999999999}\r\n")
        .unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::NumberOverflow);
    let mut long = b"* OK ".to_vec();
    long.extend(std::iter::repeat_n(b'x', 200));
    let e = d.decode(&long).unwrap_err();
    assert!(matches!(
        e.kind,
        DecodeErrorKind::LimitExceeded {
            what: "response size",
            ..
        }
    ));
}
