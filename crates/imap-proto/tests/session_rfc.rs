//! The sample sessions of RFC 9051 §8 and RFC 3501 §8 replayed through the client and the
//! server state machines (tests/vectors/sessions/).
//!
//! Server side: the client lines go into [`Server::handle_input`]; the "application" answers
//! every command event by replaying the recorded server responses through the typed `reply_*`
//! methods; what the server writes must decode to the recorded responses.
//! Client side: the recorded commands are sent with [`Client::send_tagged`] and must come out
//! as the recorded commands; the recorded server bytes go into [`Client::handle_input`] and
//! every tagged status must complete its command, with the state changes of RFC 9051 §3.

use std::time::Instant;

use imap_proto::Decoded;
use imap_proto::client::{Client, ClientConfig, ClientEvent, ClientState, CloseReason};
use imap_proto::decode::{CommandDecoder, ResponseDecoder};
use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use imap_proto::types::command::Command;
use imap_proto::types::response::{Continue, Greeting, Response};
use mail_core::IntoOwned;
use mail_core::sasl::wire::{SaslResponse, decode_challenge, decode_response};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rec {
    /// Server bytes (consecutive `S:` lines, CRLF after each).
    Server(Vec<u8>),
    /// One client line, CRLF included.
    Client(Vec<u8>),
    /// The TLS handshake.
    Tls,
}

fn records(text: &str) -> Vec<Rec> {
    let mut out: Vec<Rec> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (kind, rest) = line.split_at(2);
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let mut bytes = rest.as_bytes().to_vec();
        bytes.extend_from_slice(b"\r\n");
        match kind {
            "S:" => match out.last_mut() {
                Some(Rec::Server(b)) => b.extend_from_slice(&bytes),
                _ => out.push(Rec::Server(bytes)),
            },
            "C:" => out.push(Rec::Client(bytes)),
            "T:" => out.push(Rec::Tls),
            other => panic!("bad record kind {other:?}"),
        }
    }
    out
}

/// All responses of a server byte stream.
fn responses(mut bytes: &[u8]) -> Vec<Response<'static>> {
    let dec = ResponseDecoder::default();
    let mut out = Vec::new();
    while !bytes.is_empty() {
        match dec.decode(bytes).unwrap() {
            Decoded::Complete { value, consumed } => {
                out.push(value.into_owned());
                bytes = &bytes[consumed..];
            }
            Decoded::Incomplete => {
                panic!("incomplete response: {:?}", String::from_utf8_lossy(bytes))
            }
        }
    }
    out
}

fn command(line: &[u8]) -> Command<'static> {
    match CommandDecoder::default().decode(line).unwrap() {
        Decoded::Complete { value, consumed } => {
            assert_eq!(consumed, line.len());
            value.into_owned()
        }
        Decoded::Incomplete => panic!("incomplete command"),
    }
}

fn replay_server(text: &str, config: ServerConfig) {
    let recs = records(text);
    let Some(Rec::Server(first)) = recs.first() else {
        panic!("a session starts with the greeting")
    };
    let (greeting, used) = ResponseDecoder::default()
        .decode_greeting(first)
        .unwrap()
        .complete()
        .unwrap();
    let greeting: Greeting<'static> = greeting.into_owned();
    let mut expected: Vec<Response<'static>> = responses(&first[used..]);
    for r in &recs[1..] {
        if let Rec::Server(b) = r {
            expected.extend(responses(b));
        }
    }
    let mut server = Server::new(config, &greeting, Instant::now());
    let mut script = expected.clone().into_iter();
    let mut commands = 0;
    // The application: replay responses until the command's tagged status or a challenge.
    let answer = |server: &mut Server, script: &mut std::vec::IntoIter<Response<'static>>| loop {
        let r = script.next().expect("a response to replay");
        match r {
            Response::Data(d) => server.reply_data(d).unwrap(),
            Response::Status { condition, text } => server.reply_status(condition, text).unwrap(),
            Response::Continue(Continue::Base64(b)) => {
                let data = decode_challenge(b.as_str().as_bytes(), 1 << 16).unwrap();
                server.auth_challenge(&data).unwrap();
                return;
            }
            Response::Continue(c) => panic!("unexpected continuation {c:?}"),
            Response::Tagged { state, text, .. } => {
                server.reply_tagged(state, text).unwrap();
                return;
            }
        }
    };
    for r in &recs[1..] {
        match r {
            Rec::Server(_) => {}
            Rec::Tls => server.tls_established().unwrap(),
            Rec::Client(line) => {
                server.handle_input(line);
                while let Some(ev) = server.poll_event() {
                    match ev {
                        ServerEvent::Command(cmd) => {
                            assert_eq!(cmd, command(line), "the command as recorded");
                            commands += 1;
                            answer(&mut server, &mut script);
                        }
                        ServerEvent::AuthResponse { response, .. } => {
                            let want = decode_response(&line[..line.len() - 2], 1 << 16).unwrap();
                            assert_eq!(response, want);
                            answer(&mut server, &mut script);
                        }
                        ServerEvent::StartTls { discarded } => assert!(discarded.is_empty()),
                        ServerEvent::Closed(_) => {}
                        other => panic!("unexpected server event {other:?}"),
                    }
                }
            }
        }
    }
    assert!(
        script.next().is_none(),
        "every recorded response was replayed"
    );
    assert!(commands >= 6);
    assert_eq!(server.state(), ServerState::Logout);
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    let mut want = Vec::new();
    mail_core::Encode::encode(&greeting, &mut want);
    let (got_greeting, used) = ResponseDecoder::default()
        .decode_greeting(&out)
        .unwrap()
        .complete()
        .unwrap();
    assert_eq!(got_greeting.into_owned(), greeting);
    assert_eq!(
        responses(&out[used..]),
        expected,
        "the server wrote the recorded responses"
    );
}

fn replay_client(text: &str) {
    let recs = records(text);
    // The recorded sessions do not re-read capabilities.
    let mut client = Client::new(
        ClientConfig::default().with_refresh_capabilities(false),
        Instant::now(),
    );
    let mut completed = Vec::new();
    let mut closed = None;
    let mut in_auth = false;
    let mut tagged_lines = 0;
    for r in &recs {
        match r {
            Rec::Server(bytes) => {
                tagged_lines += responses(bytes)
                    .iter()
                    .filter(|r| matches!(r, Response::Tagged { .. }))
                    .count();
                client.handle_input(bytes);
                while let Some(ev) = client.poll_event() {
                    match ev {
                        ClientEvent::Completed { tag, status, .. } => {
                            completed.push((tag.as_str().to_owned(), status));
                            in_auth = false;
                        }
                        ClientEvent::AuthChallenge { .. } => in_auth = true,
                        ClientEvent::Closed(reason) => closed = Some(reason),
                        ClientEvent::Greeting(_)
                        | ClientEvent::Data(_)
                        | ClientEvent::Status { .. }
                        | ClientEvent::StartTls => {}
                        other => panic!("unexpected client event {other:?}"),
                    }
                }
            }
            Rec::Tls => client.tls_established().unwrap(),
            Rec::Client(line) => {
                let mut out = Vec::new();
                if in_auth {
                    let resp = decode_response(&line[..line.len() - 2], 1 << 16).unwrap();
                    client.send_auth_response(&resp).unwrap();
                    client.poll_transmit(&mut out);
                    assert_eq!(out, *line);
                    in_auth = resp == SaslResponse::Cancel;
                } else {
                    let cmd = command(line);
                    client.send_tagged(cmd.clone()).unwrap();
                    client.poll_transmit(&mut out);
                    assert_eq!(command(&out), cmd, "the client wrote the recorded command");
                }
            }
        }
    }
    assert_eq!(
        completed.len(),
        tagged_lines,
        "every tagged status matched a command"
    );
    assert!(
        completed
            .iter()
            .all(|(_, s)| *s == imap_proto::types::response::State::Ok)
    );
    assert_eq!(closed, Some(CloseReason::Logout));
    assert_eq!(client.state(), ClientState::Logout);
}

/// RFC 3501 §8: the sample IMAP4rev1 connection, server side.
#[test]
fn rfc3501_s8_server() {
    replay_server(
        include_str!("vectors/sessions/rfc3501-s8.session"),
        ServerConfig::default(),
    );
}

/// RFC 3501 §8: the sample IMAP4rev1 connection, client side.
#[test]
fn rfc3501_s8_client() {
    replay_client(include_str!("vectors/sessions/rfc3501-s8.session"));
}

/// RFC 9051 §8: the sample IMAP4rev2 connection (STARTTLS under LOGINDISABLED, SCRAM with an
/// initial response, ENABLE IMAP4rev2), server side.
#[test]
fn rfc9051_s8_server() {
    replay_server(
        include_str!("vectors/sessions/rfc9051-s8.session"),
        ServerConfig::default()
            .with_starttls(true)
            .with_login_disabled(true),
    );
}

/// RFC 9051 §8: the sample IMAP4rev2 connection, client side.
#[test]
fn rfc9051_s8_client() {
    replay_client(include_str!("vectors/sessions/rfc9051-s8.session"));
}
