//! Client and server state machines driven against each other in memory, with the bytes cut
//! into pieces of every size (RFC 5321 §4.1.4 ordering, RFC 2920 pipelining, RFC 3030 BDAT,
//! RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 2033 LMTP).

use std::time::{Duration, Instant};

use mail_core::address::{Mailbox, Path};
use mail_core::dot::BareLineEndings;
use mail_core::sasl::wire::SaslResponse;
use smtp_proto::client::{Client, ClientConfig, ClientError, ClientEvent, ClientState};
use smtp_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use smtp_proto::types::ehlo::Capability;
use smtp_proto::{Command, CommandKind, EhloReply, MailParams, RcptParams, Reply};

fn path(s: &str) -> Path<'static> {
    Path::Mailbox(Mailbox::from_raw(Box::leak(s.to_owned().into_boxed_str())).unwrap())
}

fn caps(pipelining: bool) -> EhloReply<'static> {
    let mut e = EhloReply::new("mx.example.org");
    if pipelining {
        e.capabilities.push(Capability::Pipelining);
    }
    e.capabilities.push(Capability::Chunking);
    e.capabilities.push(Capability::EightBitMime);
    e
}

/// What the server application saw.
#[derive(Debug, Default, PartialEq, Eq)]
struct ServerLog {
    commands: Vec<CommandKind>,
    body: Vec<u8>,
    errors: Vec<u16>,
    messages: usize,
}

/// A server application that accepts everything except recipients containing "bad"; LMTP:
/// rejects the recipient whose index is `lmtp_reject` after the body.
fn serve(s: &mut Server, log: &mut ServerLog, pipelining: bool, lmtp_reject: Option<usize>) {
    let mut lmtp_index = 0;
    while let Some(ev) = s.poll_event() {
        match ev {
            ServerEvent::Command(c) => {
                log.commands.push(c.kind());
                match &c {
                    Command::Ehlo(_) | Command::Lhlo(_) => {
                        s.accept_ehlo(&caps(pipelining)).unwrap()
                    }
                    Command::Rcpt { to, .. } if to.to_string().contains("bad") => s
                        .reject(Reply::new(550, "5.1.1 no such user").unwrap())
                        .unwrap(),
                    Command::Bdat { last: true, .. } => {
                        log.messages += 1;
                        s.accept().unwrap();
                    }
                    _ => s.accept().unwrap(),
                }
            }
            ServerEvent::Data(d) => log.body.extend_from_slice(&d),
            ServerEvent::DataEnd => {
                log.messages += 1;
                // LMTP: one answer per accepted recipient, in order.
                loop {
                    let r = if Some(lmtp_index) == lmtp_reject {
                        s.reject(Reply::new(452, "4.2.2 mailbox full").unwrap())
                    } else {
                        s.accept()
                    };
                    if r.is_err() {
                        break;
                    }
                    lmtp_index += 1;
                    if !matches!(s.state(), ServerState::Rcpt) {
                        break;
                    }
                }
            }
            ServerEvent::ProtocolError { code, .. } => log.errors.push(code.get()),
            _ => {}
        }
    }
}

/// What the client application saw.
#[derive(Debug, Default, PartialEq, Eq)]
struct ClientLog {
    replies: Vec<(CommandKind, u16)>,
}

const BODY: &[u8] =
    b"Subject: test\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nnot the end\r\nlast line\r\n";

fn client_app(c: &mut Client, log: &mut ClientLog, recipients: &[&str], chunks: Option<&[&[u8]]>) {
    while let Some(ev) = c.poll_event() {
        match ev {
            ClientEvent::Greeting(_) => c.send_ehlo("client.example").unwrap(),
            ClientEvent::Reply { command, reply } => {
                log.replies.push((command, reply.code().get()));
                match command {
                    CommandKind::Ehlo | CommandKind::Lhlo => {
                        c.send_mail(path("alice@example.com"), MailParams::default())
                            .unwrap();
                        for r in recipients {
                            c.send_rcpt(path(r), RcptParams::default()).unwrap();
                        }
                        match chunks {
                            None => c.send_data().unwrap(),
                            Some(chunks) => {
                                for (i, ch) in chunks.iter().enumerate() {
                                    c.send_bdat(ch, i + 1 == chunks.len()).unwrap();
                                }
                                c.send_quit().unwrap();
                            }
                        }
                    }
                    // After the last per-recipient reply, nothing is awaited any more.
                    CommandKind::Data
                        if reply.code().get() != 354
                            && c.state() == ClientState::Ready
                            && c.poll_timeout().is_none() =>
                    {
                        c.send_quit().unwrap();
                    }
                    _ => {}
                }
            }
            ClientEvent::DataReady => {
                c.send_body(BODY).unwrap();
                c.finish_body().unwrap();
            }
            _ => {}
        }
    }
}

struct Run {
    server: ServerLog,
    client: ClientLog,
    client_state: ClientState,
    server_state: ServerState,
}

fn run(
    chunk: usize,
    pipelining: bool,
    lmtp: bool,
    recipients: &[&str],
    chunks: Option<&[&[u8]]>,
) -> Run {
    let now = Instant::now();
    let mut sc = ServerConfig::new("mx.example.org");
    let mut cc = ClientConfig::default();
    if lmtp {
        sc = sc.lmtp();
        cc = cc.lmtp();
    }
    let mut s = Server::new(sc, now);
    let mut c = Client::new(cc, now);
    let (mut slog, mut clog) = (ServerLog::default(), ClientLog::default());
    for _ in 0..10_000 {
        let mut to_client = Vec::new();
        s.poll_transmit(&mut to_client);
        for piece in to_client.chunks(chunk) {
            c.handle_input(piece);
            client_app(&mut c, &mut clog, recipients, chunks);
        }
        let mut to_server = Vec::new();
        c.poll_transmit(&mut to_server);
        for piece in to_server.chunks(chunk) {
            s.handle_input(piece);
            serve(
                &mut s,
                &mut slog,
                pipelining,
                if lmtp { Some(1) } else { None },
            );
        }
        if to_client.is_empty() && to_server.is_empty() {
            break;
        }
    }
    Run {
        server: slog,
        client: clog,
        client_state: c.state(),
        server_state: s.state(),
    }
}

/// RFC 5321 D.1-like session, with and without PIPELINING, input cut at every piece size:
/// the outcome never depends on how the bytes are cut.
#[test]
fn smtp_session_independent_of_cuts() {
    for pipelining in [false, true] {
        let reference = run(
            100_000,
            pipelining,
            false,
            &["bob@example.org", "bad@example.org", "carol@example.org"],
            None,
        );
        assert_eq!(reference.server.body, BODY);
        assert_eq!(reference.server.messages, 1);
        assert_eq!(
            reference.client.replies,
            vec![
                (CommandKind::Ehlo, 250),
                (CommandKind::Mail, 250),
                (CommandKind::Rcpt, 250),
                (CommandKind::Rcpt, 550),
                (CommandKind::Rcpt, 250),
                (CommandKind::Data, 250),
                (CommandKind::Quit, 221),
            ]
        );
        assert_eq!(reference.client_state, ClientState::Closed);
        assert_eq!(reference.server_state, ServerState::Closed);
        for chunk in 1..40 {
            let r = run(
                chunk,
                pipelining,
                false,
                &["bob@example.org", "bad@example.org", "carol@example.org"],
                None,
            );
            assert_eq!(r.server, reference.server, "chunk {chunk}");
            assert_eq!(r.client, reference.client, "chunk {chunk}");
        }
    }
}

/// RFC 2033 §4.2: after the final dot, one reply per accepted recipient, in order.
#[test]
fn lmtp_one_reply_per_recipient() {
    for chunk in [1, 3, 7, 1000] {
        let r = run(
            chunk,
            true,
            true,
            &[
                "a@example.org",
                "bad@example.org",
                "b@example.org",
                "c@example.org",
            ],
            None,
        );
        let data: Vec<u16> = r
            .client
            .replies
            .iter()
            .filter(|(k, _)| *k == CommandKind::Data)
            .map(|(_, c)| *c)
            .collect();
        // Three accepted recipients; the second one's delivery fails.
        assert_eq!(data, vec![250, 452, 250], "chunk {chunk}");
        assert_eq!(r.server.commands[0], CommandKind::Lhlo);
    }
}

/// RFC 3030 §2: BDAT chunks are exact byte counts, binary-safe; LAST ends the message.
#[test]
fn bdat_chunks_binary_safe() {
    let chunks: &[&[u8]] = &[b"Subject: x\r\n\r\n\r\n.\r\n", b"\x00\xff\n.\n", b"end"];
    for chunk in [1, 2, 5, 1000] {
        let r = run(chunk, true, false, &["bob@example.org"], Some(chunks));
        assert_eq!(r.server.body, chunks.concat(), "chunk {chunk}");
        assert_eq!(r.server.messages, 1);
        let bdat: Vec<u16> = r
            .client
            .replies
            .iter()
            .filter(|(k, _)| *k == CommandKind::Bdat)
            .map(|(_, c)| *c)
            .collect();
        assert_eq!(bdat, vec![250, 250, 250]);
    }
}

fn server() -> (Server, Vec<u8>) {
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    let mut out = Vec::new();
    s.poll_transmit(&mut out);
    (s, out)
}

fn take(s: &mut Server) -> String {
    let mut out = Vec::new();
    s.poll_transmit(&mut out);
    String::from_utf8(out).unwrap()
}

fn ehlo(s: &mut Server) {
    s.handle_input(b"EHLO c.example\r\n");
    let ev = std::iter::from_fn(|| s.poll_event()).find(|e| matches!(e, ServerEvent::Command(_)));
    assert!(matches!(ev, Some(ServerEvent::Command(Command::Ehlo(_)))));
    s.accept_ehlo(&caps(true)).unwrap();
    take(s);
}

/// RFC 3207 §5 / CVE-2011-0411: bytes pipelined after STARTTLS are discarded and reported,
/// never executed; the session restarts at EHLO.
#[test]
fn starttls_command_injection_is_discarded() {
    let (mut s, _) = server();
    ehlo(&mut s);
    s.handle_input(b"STARTTLS\r\nRSET\r\n");
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::Command(Command::StartTls))
    );
    assert_eq!(s.poll_event(), None, "RSET must wait behind STARTTLS");
    s.accept().unwrap();
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::StartTls {
            discarded: b"RSET\r\n".to_vec()
        })
    );
    assert_eq!(take(&mut s), "220 2.0.0 Ready to start TLS\r\n");
    assert_eq!(s.state(), ServerState::StartTls);
    s.handle_input(b"\x16\x03\x01");
    assert!(matches!(s.poll_event(), Some(ServerEvent::Discarded(_))));
    s.tls_established().unwrap();
    assert!(s.is_tls());
    // Knowledge from before TLS is gone: MAIL needs a new EHLO.
    s.handle_input(b"MAIL FROM:<a@b.example>\r\n");
    assert!(take(&mut s).starts_with("503 5.5.1"));
    ehlo(&mut s);
    s.handle_input(b"STARTTLS\r\n");
    assert!(take(&mut s).starts_with("503 5.5.1"), "no second STARTTLS");
}

/// RFC 3207 §5: a client refuses a server that sends anything after its 220 to STARTTLS.
#[test]
fn client_refuses_response_injection_after_starttls() {
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"220 mx\r\n");
    c.poll_event();
    c.send(&Command::StartTls).unwrap();
    c.handle_input(b"220 go ahead\r\n250 injected\r\n");
    let events: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
    assert!(
        events.contains(&ClientEvent::Error(ClientError::InjectionAfterStartTls(14))),
        "{events:?}"
    );
    assert_eq!(c.state(), ClientState::Closed);

    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"220 mx\r\n");
    c.poll_event();
    c.send(&Command::StartTls).unwrap();
    c.handle_input(b"220 go ahead\r\n");
    let events: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
    assert!(events.contains(&ClientEvent::StartTls));
    assert_eq!(c.state(), ClientState::StartTls);
    c.tls_established().unwrap();
    assert_eq!(c.state(), ClientState::Ready);
}

/// RFC 4954 §4: 334 challenges, responses, `*` cancels with 501.
#[test]
fn auth_exchange_and_cancel() {
    let (mut s, _) = server();
    ehlo(&mut s);
    s.handle_input(b"AUTH LOGIN\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Command(Command::Auth { .. }))
    ));
    s.auth_challenge(b"Username:").unwrap();
    assert_eq!(take(&mut s), "334 VXNlcm5hbWU6\r\n");
    s.handle_input(b"dGlt\r\n");
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::AuthResponse(SaslResponse::data(
            b"tim".to_vec()
        )))
    );
    s.auth_challenge(b"Password:").unwrap();
    take(&mut s);
    s.handle_input(b"*\r\n");
    assert_eq!(s.poll_event(), Some(ServerEvent::AuthCancelled));
    assert!(take(&mut s).starts_with("501 "));

    // Client side, with a full success.
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"220 mx\r\n");
    c.poll_event();
    c.send(&Command::Auth {
        mechanism: mail_core::sasl::Mechanism::PLAIN,
        initial_response: None,
    })
    .unwrap();
    c.handle_input(b"334 \r\n");
    assert_eq!(c.poll_event(), Some(ClientEvent::AuthChallenge(Vec::new())));
    c.send_auth_response(&SaslResponse::data(b"\0tim\0pw".to_vec()))
        .unwrap();
    let mut out = Vec::new();
    c.poll_transmit(&mut out);
    assert_eq!(out, b"AUTH PLAIN\r\nAHRpbQBwdw==\r\n");
    c.handle_input(b"235 2.7.0 ok\r\n");
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Reply {
            command: CommandKind::Auth,
            ..
        })
    ));
}

/// RFC 5321 §4.1.4: out-of-order commands get 503 5.5.1 from the machine; unknown commands
/// 500; bad syntax 501; an over-long line 500 5.5.2 after it has been discarded.
#[test]
fn protocol_errors_are_answered_by_the_machine() {
    let (mut s, _) = server();
    s.handle_input(b"MAIL FROM:<a@b.example>\r\n");
    assert!(take(&mut s).starts_with("503 5.5.1"));
    ehlo(&mut s);
    s.handle_input(b"RCPT TO:<a@b.example>\r\nDATA\r\nBDAT 3\r\nabc");
    let out = take(&mut s);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("503 5.5.1")).count(),
        3,
        "{out}"
    );
    s.handle_input(b"XYZZY\r\nMAIL FROM:<a@b\r\n");
    let out = take(&mut s);
    assert!(out.starts_with("500 5.5.2"), "{out}");
    assert!(out.contains("\r\n501 5.5.4"), "{out}");
    let mut long = vec![b'N'; 2000];
    s.handle_input(&long);
    assert_eq!(take(&mut s), "", "no reply before the line ends");
    long.truncate(10);
    s.handle_input(b"xxx\r\nNOOP\r\n");
    assert!(take(&mut s).starts_with("500 5.5.2"));
    let codes: Vec<u16> = std::iter::from_fn(|| s.poll_event())
        .filter_map(|e| match e {
            ServerEvent::ProtocolError { code, .. } => Some(code.get()),
            _ => None,
        })
        .collect();
    assert_eq!(codes, vec![503, 503, 503, 500, 501, 500]);
    // The session goes on: the NOOP after the long line is a command.
    s.accept().unwrap();
    assert!(take(&mut s).starts_with("250"));
}

/// RFC 5321 §4.5.3.1.8: at least 100 recipients; beyond the limit, 452 4.5.3.
#[test]
fn recipient_limit() {
    let (mut s, _) = server();
    ehlo(&mut s);
    s.handle_input(b"MAIL FROM:<a@b.example>\r\n");
    s.poll_event();
    s.accept().unwrap();
    for i in 0..101 {
        s.handle_input(format!("RCPT TO:<r{i}@b.example>\r\n").as_bytes());
        if i < 100 {
            assert!(matches!(s.poll_event(), Some(ServerEvent::Command(_))));
            s.accept().unwrap();
        }
    }
    assert_eq!(s.recipients(), 100);
    assert!(take(&mut s).ends_with("452 4.5.3 Too many recipients\r\n"));
}

/// SMTP smuggling (CVE-2023-51764/51765/51766): bare LF/CR sequences never end the body;
/// under the default policy the message is refused after its real end, and what follows the
/// real terminator is not lost.
#[test]
fn smuggling_sequences_do_not_end_data() {
    for smuggle in [&b"\n.\n"[..], b"\n.\r\n", b"\r.\r", b"\r\n.\n", b"\r\n.\r"] {
        for policy in [BareLineEndings::Reject, BareLineEndings::Preserve] {
            let mut s = Server::new(
                ServerConfig::new("mx").with_body_line_endings(policy),
                Instant::now(),
            );
            take(&mut s);
            s.handle_input(
                b"EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n",
            );
            for _ in 0..4 {
                assert!(matches!(s.poll_event(), Some(ServerEvent::Command(_))));
                s.accept().unwrap();
            }
            let mut body = b"Subject: a\r\n\r\nx".to_vec();
            body.extend_from_slice(smuggle);
            body.extend_from_slice(b"MAIL FROM:<evil@x.example>\r\n\r\n.\r\nQUIT\r\n");
            s.handle_input(&body);
            let events: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
            assert!(
                !events
                    .iter()
                    .any(|e| matches!(e, ServerEvent::Command(Command::Mail { .. }))),
                "{smuggle:?} {events:?}"
            );
            match policy {
                BareLineEndings::Reject => {
                    assert!(
                        events
                            .iter()
                            .any(|e| matches!(e, ServerEvent::DataRejected(_)))
                    );
                    assert!(matches!(
                        events.last(),
                        Some(ServerEvent::Command(Command::Quit))
                    ));
                }
                _ => {
                    let data: Vec<u8> = events
                        .iter()
                        .filter_map(|e| match e {
                            ServerEvent::Data(d) => Some(d.clone()),
                            _ => None,
                        })
                        .flatten()
                        .collect();
                    // The smuggled command is message data (a leading "." is unstuffed).
                    let evil = b"MAIL FROM:<evil@x.example>";
                    assert!(data.windows(evil.len()).any(|w| w == evil));
                    assert_eq!(events.last(), Some(&ServerEvent::DataEnd));
                    s.accept().unwrap();
                    assert_eq!(s.poll_event(), Some(ServerEvent::Command(Command::Quit)));
                }
            }
        }
    }
}

/// RFC 5321 §4.5.3.2: idle timeouts. The server closes with 421 after 5 minutes without a
/// command; the client gives up waiting for a reply.
#[test]
fn timeouts() {
    let t0 = Instant::now();
    let (mut s, _) = server();
    assert!(s.poll_timeout().is_some());
    s.handle_timeout(t0 + Duration::from_secs(10));
    s.handle_timeout(t0 + Duration::from_secs(200));
    assert_eq!(s.state(), ServerState::Connected);
    s.handle_timeout(t0 + Duration::from_secs(320));
    assert_eq!(s.state(), ServerState::Closed);
    assert!(take(&mut s).starts_with("421 4.4.2"));

    let mut c = Client::new(ClientConfig::default(), t0);
    c.handle_input(b"220 mx\r\n");
    c.send_data().unwrap();
    c.handle_timeout(t0 + Duration::from_secs(1));
    assert_eq!(
        c.poll_timeout(),
        Some(t0 + Duration::from_secs(121)),
        "DATA initiation: 2 minutes"
    );
    c.handle_timeout(t0 + Duration::from_secs(122));
    assert_eq!(c.state(), ClientState::Closed);
}

/// RFC 2920 §3.1: without PIPELINING the client waits for each reply; with it, MAIL, RCPT
/// and DATA go in one group, and EHLO / DATA end a group.
#[test]
fn client_pipelining_groups() {
    for (pipelining, first_write) in [
        (false, "MAIL FROM:<a@b.example>\r\n"),
        (
            true,
            "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n",
        ),
    ] {
        let mut c = Client::new(ClientConfig::default(), Instant::now());
        c.handle_input(b"220 mx\r\n");
        c.send_ehlo("c.example").unwrap();
        c.send_mail(path("a@b.example"), MailParams::default())
            .unwrap();
        c.send_rcpt(path("c@d.example"), RcptParams::default())
            .unwrap();
        c.send_data().unwrap();
        c.send_quit().unwrap();
        let mut out = Vec::new();
        c.poll_transmit(&mut out);
        assert_eq!(out, b"EHLO c.example\r\n", "EHLO ends a group");
        if pipelining {
            c.handle_input(b"250-mx\r\n250 PIPELINING\r\n");
        } else {
            c.handle_input(b"250 mx\r\n");
        }
        out.clear();
        c.poll_transmit(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), first_write);
    }
}
