//! RFC 5321 Appendix D scenarios (and a pipelining/BDAT session) as trace files under
//! `tests/vectors/`: `C:` lines are what the client sends, `S:` lines what the server sends.
//! Each side's stream is decoded and re-encoded byte for byte, then replayed through the
//! server and client state machines with the input cut into pieces of many sizes.

use std::time::Instant;

use mail_core::dot::{DotDecoder, DotEncoder};
use smtp_proto::client::{Client, ClientConfig, ClientEvent};
use smtp_proto::server::{Server, ServerConfig, ServerEvent};
use smtp_proto::{Command, CommandDecoder, EhloReply, Encode, IntoOwned, Reply, ReplyDecoder};

struct Trace {
    name: String,
    client: Vec<u8>,
    server: Vec<u8>,
}

fn traces() -> Vec<Trace> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        if p.extension().and_then(|e| e.to_str()) != Some("trace") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let (mut client, mut server) = (Vec::new(), Vec::new());
        for line in text.lines() {
            let (side, rest) = if let Some(r) = line.strip_prefix("C:") {
                (&mut client, r)
            } else if let Some(r) = line.strip_prefix("S:") {
                (&mut server, r)
            } else {
                continue;
            };
            side.extend_from_slice(rest.strip_prefix(' ').unwrap_or(rest).as_bytes());
            side.extend_from_slice(b"\r\n");
        }
        out.push(Trace {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            client,
            server,
        });
    }
    assert!(out.len() >= 5);
    out
}

/// One item of the client's stream.
#[allow(clippy::large_enum_variant)] // a test list, built once
#[derive(Debug, Clone)]
enum Item {
    Command(Command<'static>),
    Body(Vec<u8>),
    Chunk(Vec<u8>),
}

/// Decodes the client stream as a server would, following DATA and BDAT, and checks that
/// every item re-encodes to exactly its bytes.
fn decode_client(wire: &[u8]) -> Vec<Item> {
    let decoder = CommandDecoder::new();
    let mut items = Vec::new();
    let mut rest = wire;
    while !rest.is_empty() {
        let (cmd, used) = decoder.decode(rest).unwrap().complete().unwrap();
        assert_eq!(
            cmd.to_bytes(),
            &rest[..used],
            "command re-encodes to its bytes"
        );
        rest = &rest[used..];
        let cmd = cmd.into_owned();
        match cmd {
            Command::Data => {
                items.push(Item::Command(cmd));
                let mut dot = DotDecoder::new();
                let mut body = Vec::new();
                let mut used = 0;
                loop {
                    let chunk = dot.decode(&rest[used..]).unwrap();
                    body.extend_from_slice(chunk.data);
                    used += chunk.consumed;
                    if chunk.end {
                        break;
                    }
                    assert!(!chunk.needs_more(), "body ends inside the trace");
                }
                let mut again = Vec::new();
                DotEncoder::new().encode_body(&body, &mut again).unwrap();
                assert_eq!(again, &rest[..used], "body re-encodes to its bytes");
                rest = &rest[used..];
                items.push(Item::Body(body));
            }
            Command::Bdat { size, .. } => {
                let n = size as usize;
                items.push(Item::Command(cmd));
                items.push(Item::Chunk(rest[..n].to_vec()));
                rest = &rest[n..];
            }
            _ => items.push(Item::Command(cmd)),
        }
    }
    items
}

fn decode_server(wire: &[u8]) -> Vec<Reply<'static>> {
    let mut rest = wire;
    let mut replies = Vec::new();
    while !rest.is_empty() {
        let (reply, used) = ReplyDecoder::new()
            .decode(rest)
            .unwrap()
            .complete()
            .unwrap();
        assert_eq!(
            reply.to_bytes(),
            &rest[..used],
            "reply re-encodes to its bytes"
        );
        if let Ok(ehlo) = EhloReply::from_reply(&reply)
            && reply.lines().len() > 1
        {
            assert_eq!(ehlo.to_reply().unwrap(), reply, "EHLO reply re-encodes");
        }
        replies.push(reply.into_owned());
        rest = &rest[used..];
    }
    replies
}

/// Both streams decode, and re-encode byte for byte.
#[test]
fn traces_decode_and_reencode() {
    for t in traces() {
        let items = decode_client(&t.client);
        let replies = decode_server(&t.server);
        let commands = items
            .iter()
            .filter(|i| matches!(i, Item::Command(_)))
            .count();
        let bodies = items.iter().filter(|i| matches!(i, Item::Body(_))).count();
        // One reply per command, plus the greeting and one per body (RFC 5321 §4.2).
        assert_eq!(replies.len(), commands + bodies + 1, "{}", t.name);
    }
}

/// The server machine, answering as the trace's server did, writes exactly the trace's
/// server bytes, however the client's bytes are cut.
#[test]
fn server_machine_replays_traces() {
    for t in traces() {
        let replies = decode_server(&t.server);
        let greeting = replies[0].lines()[0].text().to_owned();
        let (host, text) = greeting.split_once(' ').unwrap();
        for cut in [1, 2, 3, 5, 8, 13, 64, usize::MAX] {
            let config = ServerConfig::new(host).with_greeting(text);
            let mut s = Server::new(config, Instant::now());
            let mut next = 1;
            for piece in t.client.chunks(cut.min(t.client.len())) {
                s.handle_input(piece);
                while let Some(ev) = s.poll_event() {
                    let needs_answer = matches!(ev, ServerEvent::Command(_) | ServerEvent::DataEnd);
                    assert!(
                        !matches!(ev, ServerEvent::ProtocolError { .. }),
                        "{} {ev:?}",
                        t.name
                    );
                    if needs_answer {
                        let r = replies[next].clone();
                        next += 1;
                        if r.code().is_negative() {
                            s.reject(r).unwrap();
                        } else {
                            s.accept_with(r).unwrap();
                        }
                    }
                }
            }
            let mut out = Vec::new();
            s.poll_transmit(&mut out);
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&t.server),
                "{} cut {cut}",
                t.name
            );
        }
    }
}

/// The client machine, given the trace's commands, writes exactly the trace's client bytes
/// (pipelining where the server allows it), however the server's bytes are cut.
#[test]
fn client_machine_replays_traces() {
    for t in traces() {
        let items = decode_client(&t.client);
        for cut in [1, 2, 3, 7, 64, usize::MAX] {
            let mut c = Client::new(ClientConfig::default(), Instant::now());
            let mut pending = items.iter().peekable();
            let queue =
                |c: &mut Client, pending: &mut std::iter::Peekable<std::slice::Iter<'_, Item>>| {
                    while let Some(item) = pending.peek() {
                        match item {
                            Item::Command(Command::Bdat { last, .. }) => {
                                pending.next();
                                let Some(Item::Chunk(data)) = pending.next() else {
                                    panic!()
                                };
                                c.send_bdat(data, *last).unwrap();
                            }
                            Item::Command(cmd) => {
                                c.send(cmd).unwrap();
                                pending.next();
                                if matches!(cmd, Command::Data) {
                                    break;
                                }
                            }
                            Item::Body(_) => break,
                            Item::Chunk(_) => unreachable!(),
                        }
                    }
                };
            queue(&mut c, &mut pending);
            let mut out = Vec::new();
            for piece in t.server.chunks(cut.min(t.server.len())) {
                c.handle_input(piece);
                while let Some(ev) = c.poll_event() {
                    match ev {
                        ClientEvent::DataReady => {
                            let Some(Item::Body(body)) = pending.next() else {
                                panic!()
                            };
                            c.send_body(body).unwrap();
                            c.finish_body().unwrap();
                            queue(&mut c, &mut pending);
                        }
                        ClientEvent::Error(e) => panic!("{} {e}", t.name),
                        _ => {}
                    }
                }
                c.poll_transmit(&mut out);
            }
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&t.client),
                "{} cut {cut}",
                t.name
            );
        }
    }
}
