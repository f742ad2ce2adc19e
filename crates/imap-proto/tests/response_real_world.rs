//! Responses of real servers (Dovecot, Gmail, Microsoft Exchange / Outlook.com, Yahoo, iCloud,
//! Tencent Exmail, Yandex), copied from public protocol logs; each block of
//! `tests/vectors/response_real_world.txt` names its server and where it was published.
//!
//! A block without `@ needs:` decodes in strict mode. A block that needs a leniency is refused
//! in strict mode and decodes with that one option on. A block marked `error` is refused, with
//! `skip` covering exactly the line, and the next response still decodes.

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Code, Continue, Data, FetchData, Response};
use imap_proto::{Decoded, Encode, IntoOwned};

const VECTORS: &str = include_str!("vectors/response_real_world.txt");

struct Block {
    server: String,
    needs: Option<String>,
    lines: Vec<Vec<u8>>,
}

fn blocks() -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in VECTORS.lines() {
        if let Some(s) = line.strip_prefix("@ server: ") {
            out.push(Block {
                server: s.to_owned(),
                needs: None,
                lines: Vec::new(),
            });
        } else if let Some(n) = line.strip_prefix("@ needs: ") {
            out.last_mut().unwrap().needs = Some(n.to_owned());
        } else if let Some(l) = line.strip_prefix("S: ") {
            let mut v = l.as_bytes().to_vec();
            v.extend_from_slice(b"\r\n");
            out.last_mut().unwrap().lines.push(v);
        } else if line == "S:" {
            panic!("empty response line");
        }
    }
    out
}

fn config_for(needs: &str) -> ResponseConfig {
    let c = ResponseConfig::new();
    match needs {
        "missing_text" => c.with_missing_text(true),
        "trailing_space" => c.with_trailing_space(true),
        "nil_body_strings" => c.with_nil_body_strings(true),
        "spaces_between_addresses" => c.with_spaces_between_addresses(true),
        other => panic!("unknown leniency {other}"),
    }
}

fn decode_one<'a>(d: &ResponseDecoder, line: &'a [u8]) -> Response<'a> {
    match d.decode(line) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, line.len());
            value
        }
        other => panic!("{other:?} for {:?}", String::from_utf8_lossy(line)),
    }
}

/// Every real-world line: decoded, re-encoded (a strict client reads the result), and every
/// prefix is incomplete.
#[test]
fn real_world_lines() {
    let strict = ResponseDecoder::default();
    let mut count = 0;
    let blocks = blocks();
    assert!(blocks.len() >= 15);
    for b in &blocks {
        for line in &b.lines {
            count += 1;
            match b.needs.as_deref() {
                Some("error") => {
                    let mut stream = line.clone();
                    stream.extend_from_slice(b"* 3 EXISTS\r\n");
                    let e = strict.decode(&stream).unwrap_err();
                    assert_eq!(e.skip, Some(line.len()), "{}", b.server);
                    assert_eq!(
                        decode_one(&strict, &stream[line.len()..]),
                        Response::Data(Data::Exists(3))
                    );
                    continue;
                }
                Some(needs) => {
                    assert!(
                        strict.decode(line).is_err(),
                        "{} decodes without {needs}",
                        b.server
                    );
                    let lenient = ResponseDecoder::new(config_for(needs));
                    let v = decode_one(&lenient, line);
                    // What the server would have sent: strict clients read it.
                    let enc = v.to_bytes();
                    assert_eq!(decode_one(&strict, &enc), v, "{}", b.server);
                }
                None => {
                    let v = decode_one(&strict, line);
                    let enc = v.to_bytes();
                    assert_eq!(decode_one(&strict, &enc), v, "{}", b.server);
                    for n in 0..line.len() {
                        assert_eq!(strict.decode(&line[..n]).unwrap(), Decoded::Incomplete);
                    }
                }
            }
        }
    }
    assert!(count >= 70, "{count} lines");
    // The lenient preset reads every line that needs a leniency.
    let all = ResponseDecoder::new(ResponseConfig::lenient());
    for b in blocks
        .iter()
        .filter(|b| b.needs.as_deref() != Some("error"))
    {
        for line in &b.lines {
            decode_one(&all, line).into_owned();
        }
    }
}

fn find<'a>(blocks: &'a [Block], server_prefix: &str) -> &'a Block {
    blocks
        .iter()
        .find(|b| b.server.starts_with(server_prefix))
        .unwrap()
}

/// Gmail: X-GM-LABELS typed, with system labels keeping their backslash.
#[test]
fn gmail_labels_are_typed() {
    let blocks = blocks();
    let b = find(&blocks, "Gmail (X-GM-LABELS");
    let Response::Data(Data::Fetch { items, .. }) =
        decode_one(&ResponseDecoder::default(), &b.lines[0])
    else {
        panic!()
    };
    let [FetchData::GmailLabels(labels)] = &items[..] else {
        panic!("{items:?}")
    };
    let labels: Vec<&[u8]> = labels.iter().map(|l| l.as_bytes()).collect();
    assert_eq!(
        labels,
        [&b"\\Inbox"[..], b"\\Sent", b"Important", b"Muy Importante"]
    );
    // X-GM-MSGID and X-GM-THRID (numbers of the Gmail documentation).
    let line = b"* 1 FETCH (X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888)\r\n";
    let Response::Data(Data::Fetch { items, .. }) = decode_one(&ResponseDecoder::default(), line)
    else {
        panic!()
    };
    assert_eq!(
        items,
        [
            FetchData::GmailMsgId(1278455344230334865),
            FetchData::GmailThrId(1266894439832287888)
        ]
    );
}

/// Dovecot's BODYSTRUCTURE: multipart/mixed holding a text part with every extension field
/// (language list, location) and a message/rfc822 whose body is multipart/alternative.
#[test]
fn dovecot_bodystructure() {
    use imap_proto::types::response_body::Body;
    let blocks = blocks();
    let b = find(&blocks, "Dovecot (its own");
    let Response::Data(Data::Fetch { items, .. }) =
        decode_one(&ResponseDecoder::default(), &b.lines[0])
    else {
        panic!()
    };
    let FetchData::BodyStructure(body) = &items[0] else {
        panic!()
    };
    assert_eq!(body.subtype(), b"mixed");
    let Some(Body::Text { ext: Some(ext), .. }) = body.part(&[1]) else {
        panic!()
    };
    let lang = ext.tail.as_ref().unwrap().language.as_ref().unwrap();
    assert_eq!(lang.language.len(), 3);
    assert_eq!(
        lang.location
            .as_ref()
            .unwrap()
            .location
            .as_ref()
            .unwrap()
            .as_bytes(),
        b"http://example.com/test.txt"
    );
    assert!(matches!(body.part(&[2]), Some(Body::Message { .. })));
    assert_eq!(body.part(&[2, 1]).unwrap().subtype(), b"html");
    assert_eq!(body.part(&[2, 2]).unwrap().subtype(), b"plain");
}

/// Yahoo: `* OK [HIGHESTMODSEQ n]` without text, read with `missing_text`.
#[test]
fn yahoo_missing_text() {
    let d = ResponseDecoder::new(ResponseConfig::new().with_missing_text(true));
    let r = decode_one(&d, b"* OK [HIGHESTMODSEQ 102784]\r\n");
    assert_eq!(r.code(), Some(&Code::HighestModSeq(102784)));
    // Yandex: a bare `+`.
    assert!(matches!(
        decode_one(&d, b"+\r\n"),
        Response::Continue(Continue::Base64(_))
    ));
}

/// maddy / Mail.ru: `NIL` where BODYSTRUCTURE wants a string, in their form (a line built for
/// this test: maddy sends `NIL` as body-fld-enc, Mail.ru `NIL` as a parameter value).
#[test]
fn nil_body_strings_option() {
    let line = b"* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL NIL 12 1)(\"text\" \"html\" (\"charset\" NIL) NIL NIL \"7bit\" 30 1) \"alternative\" (\"boundary\" NIL)))\r\n";
    assert!(ResponseDecoder::default().decode(line).is_err());
    let d = ResponseDecoder::new(ResponseConfig::new().with_nil_body_strings(true));
    let r = decode_one(&d, line);
    let enc = r.to_bytes();
    assert!(
        String::from_utf8_lossy(&enc).contains("NIL NIL \"\" 12 1"),
        "{}",
        String::from_utf8_lossy(&enc)
    );
    assert_eq!(decode_one(&ResponseDecoder::default(), &enc), r);
}

/// SEARCH with a trailing space (the form Tencent Exmail uses after CAPABILITY).
#[test]
fn trailing_space_option_on_search() {
    let line = b"* SEARCH 12345 67890 \r\n";
    assert!(ResponseDecoder::default().decode(line).is_err());
    let d = ResponseDecoder::new(ResponseConfig::new().with_trailing_space(true));
    assert!(matches!(
        decode_one(&d, line),
        Response::Data(Data::Search { ids, .. }) if ids.len() == 2
    ));
}
