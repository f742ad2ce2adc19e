//! The server side of the RFC 9051 and RFC 3501 examples (§7 response examples and the §8
//! sample session), decoded as a stream, re-encoded and decoded again.

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{
    Code, Condition, Continue, Data, FetchData, ListExtItem, Response, SearchReturn, State,
};
use imap_proto::{Decoded, Encode, IntoOwned};

const RFC9051: &[u8] = include_bytes!("vectors/response_rfc9051.server");
const RFC3501: &[u8] = include_bytes!("vectors/response_rfc3501.server");

/// Splits a stream into responses, checking each decodes; returns them owned, with their bytes.
fn decode_all(stream: &[u8]) -> Vec<(Vec<u8>, Response<'static>)> {
    let d = ResponseDecoder::default();
    let mut out = Vec::new();
    let mut rest = stream;
    while !rest.is_empty() {
        match d.decode(rest) {
            Ok(Decoded::Complete { value, consumed }) => {
                out.push((rest[..consumed].to_vec(), value.into_owned()));
                rest = &rest[consumed..];
            }
            Ok(Decoded::Incomplete) => panic!("incomplete at {:?}", String::from_utf8_lossy(rest)),
            Err(e) => panic!(
                "{e} in {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(200)])
            ),
        }
    }
    out
}

fn check_trace(stream: &[u8]) -> Vec<Response<'static>> {
    let d = ResponseDecoder::default();
    let all = decode_all(stream);
    for (bytes, value) in &all {
        // decode(encode(v)) == v
        let enc = value.to_bytes();
        let back = d.decode(&enc).unwrap().complete().unwrap();
        assert_eq!(&back.0, value, "{}", String::from_utf8_lossy(&enc));
        assert_eq!(back.1, enc.len());
        // Every prefix of a valid response needs more input.
        for n in 0..bytes.len() {
            assert_eq!(
                d.decode(&bytes[..n]).unwrap(),
                Decoded::Incomplete,
                "prefix {n} of {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    all.into_iter().map(|(_, v)| v).collect()
}

/// RFC 9051 §7 and §8: every server line of the examples.
#[test]
fn rfc9051_examples() {
    let all = check_trace(RFC9051);
    assert_eq!(all.len(), 72);
    // §8: the greeting carries a CAPABILITY code.
    assert!(matches!(
        all[0].code(),
        Some(Code::Capability(c)) if c.len() == 4
    ));
    // SCRAM challenges are base64 continuations.
    assert!(matches!(all[2], Response::Continue(Continue::Base64(_))));
    // §8: LIST with the OLDNAME extended item.
    assert!(matches!(
        &all[10],
        Response::Data(Data::List(l)) if matches!(&l.extended[..], [ListExtItem::OldName(m)] if m.is_inbox())
    ));
    // §8: FETCH FULL: envelope with two CC addresses and a text body.
    let Response::Data(Data::Fetch { items, .. }) = &all[12] else {
        panic!()
    };
    let Some(FetchData::Envelope(env)) = items.get(3) else {
        panic!()
    };
    assert_eq!(env.cc.len(), 2);
    assert!(matches!(items[4], FetchData::Body(_)));
    // §8: BODY[HEADER] literal.
    let Response::Data(Data::Fetch { items, .. }) = &all[14] else {
        panic!()
    };
    assert!(matches!(&items[0], FetchData::BodySection { data: Some(d), .. } if d.len() == 342));
    // §7.1: RFC 5530 codes.
    assert!(matches!(
        &all[20],
        Response::Tagged {
            state: State::No,
            ..
        }
    ));
    assert_eq!(all[20].code(), Some(&Code::AlreadyExists));
    assert!(matches!(
        &all[30],
        Response::Data(Data::ESearch(e)) if e.tag.is_some() && matches!(e.items[..], [SearchReturn::All(_)])
    ));
    assert!(matches!(
        &all[54],
        Response::Status {
            condition: Condition::PreAuth,
            ..
        }
    ));
}

/// RFC 3501 §7 and §8: every server line of the examples (SEARCH, RECENT, UNSEEN, LSUB,
/// unknown untagged data `* XPIG-LATIN`).
#[test]
fn rfc3501_examples() {
    let all = check_trace(RFC3501);
    assert_eq!(all.len(), 60);
    assert_eq!(all[5].code(), Some(&Code::Unseen(17.try_into().unwrap())));
    assert!(
        all.iter()
            .any(|r| matches!(r, Response::Data(Data::Lsub(_))))
    );
    assert!(
        all.iter()
            .any(|r| matches!(r, Response::Data(Data::Recent(5))))
    );
    assert!(all.iter().any(
        |r| matches!(r, Response::Data(Data::Other { name, .. }) if name.as_str() == "XPIG-LATIN")
    ));
    assert!(
        all.iter()
            .any(|r| matches!(r, Response::Data(Data::Search { ids, .. }) if ids.is_empty()))
    );
}

/// The framer is resumable: the RFC 9051 stream fed in chunks of every size from 1 to 64
/// gives the same responses, and the total work stays linear (each byte is examined once by
/// the framer: checked by comparing results, the complexity is in the framer's unit tests).
#[test]
fn chunked_stream_gives_same_responses() {
    let d = ResponseDecoder::default();
    let whole: Vec<Response<'static>> = decode_all(RFC9051).into_iter().map(|x| x.1).collect();
    for chunk in [1usize, 2, 3, 7, 64] {
        let mut framer = d.config().framer();
        let mut got = Vec::new();
        let mut start = 0;
        let mut end = 0;
        while start < RFC9051.len() {
            match framer.frame(&RFC9051[start..end]).unwrap() {
                Decoded::Complete { consumed, .. } => {
                    got.push(
                        d.parse(&RFC9051[start..start + consumed])
                            .unwrap()
                            .into_owned(),
                    );
                    start += consumed;
                    end = end.max(start);
                }
                Decoded::Incomplete => {
                    assert!(end < RFC9051.len(), "stream ends inside a response");
                    end = (end + chunk).min(RFC9051.len());
                }
            }
        }
        assert_eq!(got, whole, "chunk size {chunk}");
    }
}

/// A malformed response is skipped exactly and reported; the next one still decodes.
#[test]
fn malformed_response_is_skipped() {
    let d = ResponseDecoder::default();
    let input = b"* 1 FETCH (FLAGS (\\Seen) BODY[] {3}\r\nabc UID)\r\n* 2 EXISTS\r\n";
    let e = d.decode(input).unwrap_err();
    let skip = e.skip.unwrap();
    assert_eq!(&input[skip..], b"* 2 EXISTS\r\n");
    assert_eq!(
        d.decode(&input[skip..]).unwrap().complete().unwrap().0,
        Response::Data(Data::Exists(2))
    );
}

/// The strict default refuses what RFC 9051 does not allow.
#[test]
fn strict_refusals() {
    let d = ResponseDecoder::new(ResponseConfig::new());
    for bad in [
        &b"* OK\r\n"[..],
        b"* OK [READ-WRITE]\r\n",
        b"* SEARCH 1 2 \r\n",
        b"a1 PREAUTH hi\r\n",
        b"* 0 FETCH (UID 1)\r\n",
        b"* 1 FETCH ()\r\n",
        b"* FLAGS (\\Seen\r\n",
        b"* THREAD (1 (2))\r\n",
    ] {
        assert!(d.decode(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
    }
}
