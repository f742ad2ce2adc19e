//! Client and server against each other in memory, with the bytes cut at every position.

mod common;

use std::time::{Duration, Instant};

use common::Maildrop;
use pop3_proto::client::{Client, ClientConfig, Event, State as ClientState};
use pop3_proto::server::{CloseReason, Event as ServerEvent, Refusal, Server, ServerConfig, State};
use pop3_proto::*;

fn greeting() -> Greeting<'static> {
    Greeting(StatusLine::ok(
        ResponseText::text("POP3 ready <42.1700000000@example.org>").unwrap(),
    ))
}

fn m(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

/// RFC 1939 §3: lines starting with ".", "..", and a line holding only "." inside a message.
const DOTTY: &[u8] = b".hidden\r\n..double\r\n.\r\n...\r\nlast.\r\n";
const PLAIN: &[u8] = b"Subject: hi\r\n\r\nhello\r\n";

struct Run {
    transcript: Vec<String>,
    bodies: Vec<Vec<u8>>,
    client_state: ClientState,
    server_state: State,
    pipelined: bool,
}

/// Runs a whole session, moving bytes in pieces of `step` in both directions.
fn run(step: usize, commands: Vec<Command<'static>>) -> Run {
    let now = Instant::now();
    let mut server = Server::new(ServerConfig::default(), greeting(), now);
    let mut app = Maildrop::new(vec![PLAIN.to_vec(), DOTTY.to_vec(), b"".to_vec()]);
    let mut client = Client::new(ClientConfig::default(), now);
    let mut pending = commands.into_iter().peekable();
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    let mut transcript = Vec::new();
    let mut bodies = Vec::new();
    let mut body = None::<Vec<u8>>;
    let mut pipelined = false;
    for _ in 0..100_000 {
        while let Some(c) = pending.peek() {
            if client.send(c).is_err() {
                break;
            }
            pending.next();
        }
        pipelined |= client.outstanding() > 1 && client.pipelining();
        client.poll_transmit(&mut to_server);
        server.poll_transmit(&mut to_client);
        if to_server.is_empty() && to_client.is_empty() {
            break;
        }
        let n = step.min(to_server.len());
        server.handle_input(&to_server[..n]);
        to_server.drain(..n);
        app.drive(&mut server);
        let n = step.min(to_client.len());
        client.handle_input(&to_client[..n]);
        to_client.drain(..n);
        while let Some(e) = client.poll_event() {
            match e {
                Event::Body(b) => body.get_or_insert_with(Vec::new).extend_from_slice(&b),
                Event::MultiLineStart {
                    command: CommandKind::Retr | CommandKind::Top,
                    ..
                } => {
                    body = Some(Vec::new());
                    transcript.push(format!("{e:?}"));
                }
                Event::End { .. } => {
                    if let Some(b) = body.take() {
                        bodies.push(b);
                    }
                    transcript.push(format!("{e:?}"));
                }
                other => transcript.push(format!("{other:?}")),
            }
        }
    }
    assert!(pending.next().is_none(), "commands left unsent");
    Run {
        transcript,
        bodies,
        client_state: client.state(),
        server_state: server.state(),
        pipelined,
    }
}

fn full_session() -> Vec<Command<'static>> {
    vec![
        Command::Capa,
        Command::User(Param::new("alice").unwrap()),
        Command::Pass(Password::new("open sesame").unwrap()),
        Command::Stat,
        Command::List(None),
        Command::Uidl(None),
        Command::Uidl(Some(m(2))),
        Command::List(Some(m(9))),
        Command::Retr(m(1)),
        Command::Retr(m(2)),
        Command::Top {
            msg: m(1),
            lines: 0,
        },
        Command::Retr(m(3)),
        Command::Dele(m(1)),
        Command::List(Some(m(1))),
        Command::Rset,
        Command::Noop,
        Command::Quit,
    ]
}

/// A whole session gives the same events whatever the cuts, bodies survive byte for byte, and
/// both sides end closed.
#[test]
fn session_is_independent_of_cuts() {
    let whole = run(usize::MAX, full_session());
    assert_eq!(
        whole.bodies,
        vec![PLAIN.to_vec(), DOTTY.to_vec(), PLAIN.to_vec(), vec![]]
    );
    assert_eq!(whole.client_state, ClientState::Closed);
    assert_eq!(whole.server_state, State::Closed);
    assert!(
        whole.pipelined,
        "CAPA announced PIPELINING: commands must be pipelined"
    );
    for step in 1..=80 {
        let r = run(step, full_session());
        assert_eq!(r.transcript, whole.transcript, "step {step}");
        assert_eq!(r.bodies, whole.bodies, "step {step}");
    }
}

/// RFC 1939 §7: a wrong password gets -ERR (here with the RFC 3206 AUTH code) and the session
/// stays in AUTHORIZATION; PASS without USER is refused by the machine.
#[test]
fn failed_login_stays_in_authorization() {
    let now = Instant::now();
    let mut server = Server::new(ServerConfig::default(), greeting(), now);
    let mut app = Maildrop::new(vec![]);
    server.handle_input(b"PASS x\r\nUSER alice\r\nPASS wrong\r\nSTAT\r\n");
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Refused {
            command: CommandKind::Pass,
            reason: Refusal::PassWithoutUser
        })
    );
    app.drive(&mut server);
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    let text = String::from_utf8(out).unwrap();
    assert!(text.ends_with("-ERR USER first\r\n+OK\r\n-ERR [AUTH] bad password\r\n-ERR command not valid in this state\r\n"), "{text}");
    assert_eq!(server.state(), State::Authorization);
}

/// A malformed command gets -ERR and the pipeline goes on with the next one.
#[test]
fn malformed_command_is_skipped() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    server.handle_input(b"RETR 0\r\nXTND\r\nCAPA\r\n");
    assert!(
        matches!(server.poll_event(), Some(ServerEvent::Malformed(e)) if e.kind == DecodeErrorKind::NumberOutOfRange)
    );
    assert!(matches!(
        server.poll_event(),
        Some(ServerEvent::Malformed(_))
    ));
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Command(Command::Capa))
    );
}

/// An over-long command line (RFC 2449 §4: 255 octets) is refused and its rest discarded.
#[test]
fn over_long_line_is_discarded() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    server.handle_input(&[b'A'; 300]);
    server.handle_input(b"AAAA\r\nNOOP\r\nCAPA\r\n");
    assert!(
        matches!(server.poll_event(), Some(ServerEvent::Malformed(e)) if e.kind == DecodeErrorKind::LineTooLong { limit: 255 })
    );
    // RFC 1939 §5: NOOP is only valid in TRANSACTION.
    assert!(matches!(
        server.poll_event(),
        Some(ServerEvent::Refused {
            command: CommandKind::Noop,
            ..
        })
    ));
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Command(Command::Capa))
    );
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    assert!(
        out.ends_with(
            b"-ERR line longer than 255 octets\r\n-ERR command not valid in this state\r\n"
        ),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

/// STARTTLS injection class (RFC 2595 §4): "STLS\r\nUSER x\r\n" in one segment; the server
/// discards and reports the bytes after STLS and never executes USER.
#[test]
fn stls_injection_is_discarded_by_server() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    let mut app = Maildrop::new(vec![]);
    server.handle_input(b"STLS\r\nUSER x\r\n");
    app.drive(&mut server);
    assert_eq!(app.tls_started, vec![b"USER x\r\n".to_vec()]);
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    assert!(out.ends_with(b"+OK begin TLS\r\n"));
    assert!(server.poll_event().is_none());
    // After the handshake the session starts over in AUTHORIZATION.
    server.handle_input(b"USER alice\r\n");
    assert!(matches!(
        server.poll_event(),
        Some(ServerEvent::Command(Command::User(_)))
    ));
    assert_eq!(server.state(), State::Authorization);
}

/// The client refuses a server that sends anything after the +OK to STLS before TLS.
#[test]
fn stls_injection_is_refused_by_client() {
    for split in [false, true] {
        let mut client = Client::new(ClientConfig::default(), Instant::now());
        client.handle_input(b"+OK ready\r\n");
        client.send_stls().unwrap();
        if split {
            client.handle_input(b"+OK begin TLS\r\n");
            client.handle_input(b"+OK injected\r\n");
        } else {
            client.handle_input(b"+OK begin TLS\r\n+OK injected\r\n");
        }
        let events: Vec<_> = std::iter::from_fn(|| client.poll_event()).collect();
        assert!(
            events.contains(&Event::Error(ClientError::DataAfterStls(14))),
            "{events:?}"
        );
        assert_eq!(client.state(), ClientState::Closed);
    }
    let mut client = Client::new(ClientConfig::default(), Instant::now());
    client.handle_input(b"+OK ready\r\n");
    client.send_stls().unwrap();
    client.send_capa().unwrap();
    client.handle_input(b"+OK begin TLS\r\n");
    let mut out = Vec::new();
    client.poll_transmit(&mut out);
    assert_eq!(out, b"STLS\r\n", "CAPA is held until TLS is up");
    assert!(std::iter::from_fn(|| client.poll_event()).any(|e| e == Event::StartTls));
    client.tls_started().unwrap();
    client.poll_transmit(&mut out);
    assert_eq!(out, b"STLS\r\nCAPA\r\n");
}

/// Bodies with bare LF: the server normalizes them to CR LF by default; a client receiving them
/// rejects each bare LF (strict) but still finds the end, or keeps them (Preserve).
#[test]
fn bare_lf_bodies() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    let mut app = Maildrop::new(vec![b"a\nb\n.\nc".to_vec()]);
    server.handle_input(b"USER alice\r\nPASS open sesame\r\nRETR 1\r\n");
    app.drive(&mut server);
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    assert!(
        out.ends_with(b"+OK\r\na\r\nb\r\n..\r\nc\r\n.\r\n"),
        "{}",
        String::from_utf8_lossy(&out)
    );

    let wire = b"+OK\r\na\nb\r\n.\r\n+OK\r\n";
    for (policy, expect_body, invalid) in [
        (mail_core::dot::BareLineEndings::Reject, &b"ab\r\n"[..], 1),
        (
            mail_core::dot::BareLineEndings::Preserve,
            &b"a\nb\r\n"[..],
            0,
        ),
    ] {
        let config = ClientConfig::default()
            .with_decoder(ResponseDecoderConfig::default().with_body_line_endings(policy));
        let mut client = Client::new(config, Instant::now());
        client.handle_input(b"+OK ready\r\n");
        client.send_user("alice").unwrap();
        client.handle_input(b"+OK\r\n");
        client.send_pass("open sesame").unwrap();
        client.handle_input(b"+OK\r\n");
        client.send_retr(m(1)).unwrap();
        client.send_noop().unwrap();
        client.handle_input(wire);
        let events: Vec<_> = std::iter::from_fn(|| client.poll_event()).collect();
        let body: Vec<u8> = events
            .iter()
            .filter_map(|e| match e {
                Event::Body(b) => Some(b.to_vec()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(body, expect_body);
        let n_invalid = events
            .iter()
            .filter(|e| matches!(e, Event::Invalid { .. }))
            .count();
        assert_eq!(n_invalid, invalid);
        assert!(
            events.iter().any(|e| matches!(
                e,
                Event::Response {
                    command: CommandKind::Noop,
                    ..
                }
            )),
            "{events:?}"
        );
    }
}

/// RFC 1939 §3: the autologout timer (at least 10 minutes) closes an idle session without
/// entering UPDATE; activity restarts it.
#[test]
fn autologout() {
    let start = Instant::now();
    let mut server = Server::new(ServerConfig::default(), greeting(), start);
    let deadline = server.poll_timeout().unwrap();
    assert_eq!(deadline - start, Duration::from_secs(600));
    server.handle_timeout(start + Duration::from_secs(599));
    assert_eq!(server.state(), State::Authorization);
    server.handle_input(b"CAPA\r\n");
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Command(Command::Capa))
    );
    server.handle_timeout(deadline);
    assert_eq!(
        server.state(),
        State::Authorization,
        "input since the timer was armed"
    );
    let next = server.poll_timeout().unwrap();
    server.handle_timeout(next);
    assert_eq!(server.state(), State::Closed);
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Closed(CloseReason::AutoLogout))
    );
    assert_eq!(server.poll_timeout(), None);
}

/// RFC 5034 §4: an AUTH exchange (challenge, response, success) and a cancelled one.
#[test]
fn auth_exchange() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    let mut client = Client::new(ClientConfig::default(), Instant::now());
    let mut wire = Vec::new();
    server.poll_transmit(&mut wire);
    client.handle_input(&wire);
    client
        .send_auth(Mechanism::new("PLAIN").unwrap(), None)
        .unwrap();
    client.send_stat().unwrap_err(); // not in TRANSACTION yet
    let mut bytes = Vec::new();
    client.poll_transmit(&mut bytes);
    assert_eq!(bytes, b"AUTH PLAIN\r\n");
    server.handle_input(&bytes);
    assert!(matches!(
        server.poll_event(),
        Some(ServerEvent::Command(Command::Auth(Some(_))))
    ));
    server.auth_challenge(b"").unwrap();
    let mut wire = Vec::new();
    server.poll_transmit(&mut wire);
    assert_eq!(wire, b"+ \r\n");
    client.handle_input(&wire);
    let events: Vec<_> = std::iter::from_fn(|| client.poll_event()).collect();
    assert!(
        events.contains(&Event::Challenge(Challenge(None))),
        "{events:?}"
    );
    client.send_auth_response(b"\0alice\0open sesame").unwrap();
    let mut bytes = Vec::new();
    client.poll_transmit(&mut bytes);
    assert_eq!(bytes, b"AGFsaWNlAG9wZW4gc2VzYW1l\r\n");
    server.handle_input(&bytes);
    let Some(ServerEvent::AuthResponse(r)) = server.poll_event() else {
        panic!()
    };
    let decoded = r.decode(100).unwrap();
    assert_eq!(decoded.as_bytes(), Some(&b"\0alice\0open sesame"[..]));
    server.accept_login(ResponseText::empty()).unwrap();
    let mut wire = Vec::new();
    server.poll_transmit(&mut wire);
    client.handle_input(&wire);
    assert_eq!(client.state(), ClientState::Transaction);
    assert_eq!(server.state(), State::Transaction);

    // Cancelled with "*": the machine answers -ERR by itself.
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    server.handle_input(b"AUTH PLAIN\r\n");
    server.poll_event();
    server.auth_challenge(b"").unwrap();
    server.handle_input(b"*\r\n");
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::Refused {
            command: CommandKind::Auth,
            reason: Refusal::AuthCancelled
        })
    );
    let mut wire = Vec::new();
    server.poll_transmit(&mut wire);
    assert!(wire.ends_with(b"+ \r\n-ERR authentication cancelled\r\n"));
}

/// Commands not valid in a state get a typed refusal and -ERR, not a crash (RFC 1939 §4-§5).
#[test]
fn wrong_state_commands() {
    let mut server = Server::new(ServerConfig::default(), greeting(), Instant::now());
    server.handle_input(b"RETR 1\r\nDELE 1\r\n");
    for kind in [CommandKind::Retr, CommandKind::Dele] {
        assert_eq!(
            server.poll_event(),
            Some(ServerEvent::Refused {
                command: kind,
                reason: Refusal::WrongState(State::Authorization)
            })
        );
    }
    // Answer methods called out of turn are usage errors.
    assert!(server.reply_stat(1, 1).is_err());
    assert!(server.accept_login(ResponseText::empty()).is_err());
    assert!(server.send_body(b"x").is_err());
}
