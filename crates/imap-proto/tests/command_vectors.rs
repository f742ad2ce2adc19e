//! RFC example sessions (client side) as trace files under `tests/vectors/`: every command
//! decodes, uses exactly its bytes, and survives encode -> decode.

use imap_proto::decode::{CommandDecoder, decode_authenticate_response, decode_idle_done};
use imap_proto::encode::{EncodeOptions, LiteralSupport};
use imap_proto::{Decoded, Encode};

struct Record {
    kind: char,
    bytes: Vec<u8>,
    line: usize,
}

fn records(text: &str) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        let (kind, rest) = l.split_at(3);
        let mut bytes = rest.as_bytes().to_vec();
        bytes.extend_from_slice(b"\r\n");
        match kind {
            "C+ " => out
                .last_mut()
                .expect("C+ after a record")
                .bytes
                .extend(bytes),
            "C: " | "A: " | "D: " | "E: " => out.push(Record {
                kind: kind.chars().next().unwrap_or('?'),
                bytes,
                line: n + 1,
            }),
            other => panic!("line {}: unknown prefix {other:?}", n + 1),
        }
    }
    out
}

fn check_trace(name: &str, text: &str) -> usize {
    let dec = CommandDecoder::default();
    let mut count = 0;
    for r in records(text) {
        let ctx = format!("{name}:{} {:?}", r.line, String::from_utf8_lossy(&r.bytes));
        match r.kind {
            'C' => {
                let (cmd, used) = match dec.decode(&r.bytes) {
                    Ok(Decoded::Complete { value, consumed }) => (value, consumed),
                    other => panic!("{ctx}: {other:?}"),
                };
                assert_eq!(used, r.bytes.len(), "{ctx}");
                for opts in [
                    EncodeOptions::default(),
                    EncodeOptions::default().with_literals(LiteralSupport::Plus),
                ] {
                    let wire = cmd.encode_with(opts).into_bytes();
                    let again = dec.decode(&wire);
                    assert!(
                        matches!(&again, Ok(Decoded::Complete { value, consumed }) if *value == cmd && *consumed == wire.len()),
                        "{ctx}: re-encoded {:?} gave {again:?}",
                        String::from_utf8_lossy(&wire)
                    );
                }
                assert_eq!(
                    cmd.to_bytes(),
                    cmd.encode_with(EncodeOptions::default()).into_bytes()
                );
            }
            'E' => match dec.decode(&r.bytes) {
                Err(e) => {
                    assert!(e.tag.is_some(), "{ctx}: {e:?}");
                    assert_eq!(e.error.skip, Some(r.bytes.len()), "{ctx}");
                }
                other => panic!("{ctx}: expected an error, got {other:?}"),
            },
            'A' => {
                let d = decode_authenticate_response(&r.bytes, 9216).expect(&ctx);
                assert!(d.is_complete(), "{ctx}");
            }
            'D' => {
                let d = decode_idle_done(&r.bytes).expect(&ctx);
                assert!(d.is_complete(), "{ctx}");
            }
            _ => unreachable!(),
        }
        count += 1;
    }
    count
}

/// RFC 9051 §6 examples (IMAP4rev2).
#[test]
fn rfc9051_client_examples() {
    let n = check_trace(
        "command-rfc9051.trace",
        include_str!("vectors/command-rfc9051.trace"),
    );
    assert!(n > 150, "{n}");
}

/// RFC 3501 §6 examples (IMAP4rev1): a server must accept a rev1 client's commands.
#[test]
fn rfc3501_client_examples() {
    let n = check_trace(
        "command-rfc3501.trace",
        include_str!("vectors/command-rfc3501.trace"),
    );
    assert!(n > 55, "{n}");
}

/// The whole RFC 9051 trace as one stream: commands follow each other in one buffer.
#[test]
fn rfc9051_as_one_stream() {
    let recs = records(include_str!("vectors/command-rfc9051.trace"));
    let stream: Vec<u8> = recs
        .iter()
        .filter(|r| r.kind == 'C')
        .flat_map(|r| r.bytes.clone())
        .collect();
    let dec = CommandDecoder::default();
    let mut rest = &stream[..];
    let mut n = 0;
    while !rest.is_empty() {
        let (_, used) = dec.decode(rest).unwrap().complete().unwrap();
        rest = &rest[used..];
        n += 1;
    }
    assert_eq!(n, recs.iter().filter(|r| r.kind == 'C').count());
}
