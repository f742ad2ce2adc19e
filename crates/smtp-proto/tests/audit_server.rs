//! Server state machine under hostile input: SMTP smuggling cut at every byte, BDAT state
//! across STARTTLS (RFC 3030, RFC 3207 §4.2), over-long lines.

use std::time::Instant;

use mail_core::dot::BareLineEndings;
use smtp_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use smtp_proto::{Command, CommandKind, DecodeErrorKind};

fn take(s: &mut Server) -> String {
    let mut out = Vec::new();
    s.poll_transmit(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn accept_all(s: &mut Server, n: usize) {
    for _ in 0..n {
        match s.poll_event() {
            Some(ServerEvent::Command(_)) => s.accept().unwrap(),
            other => panic!("{other:?}"),
        }
    }
}

fn in_data(policy: BareLineEndings) -> Server {
    let mut s = Server::new(
        ServerConfig::new("mx.example.org").with_body_line_endings(policy),
        Instant::now(),
    );
    s.handle_input(
        b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n",
    );
    accept_all(&mut s, 4);
    take(&mut s);
    s
}

/// CVE-2023-51764/51765/51766 (SMTP smuggling): `\n.\n`, `\r.\r`, `\n.\r\n`, `\r\n.\n` and
/// `\r\n.\r` never end DATA, however the bytes are cut; only CR LF . CR LF does (RFC 5321
/// §4.1.1.4), and the command after it is read.
#[test]
fn smuggling_never_ends_data_at_any_cut() {
    for smuggle in [&b"\n.\n"[..], b"\r.\r", b"\n.\r\n", b"\r\n.\n", b"\r\n.\r"] {
        for policy in [BareLineEndings::Reject, BareLineEndings::Preserve] {
            let mut wire = b"Subject: a\r\n\r\nx".to_vec();
            wire.extend_from_slice(smuggle);
            wire.extend_from_slice(b"RCPT TO:<evil@x.example>\r\nmore\r\n.\r\nNOOP\r\n");
            for cut in 1..wire.len() {
                let mut s = in_data(policy);
                s.handle_input(&wire[..cut]);
                s.handle_input(&wire[cut..]);
                let events: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
                let commands: Vec<_> = events
                    .iter()
                    .filter_map(|e| match e {
                        ServerEvent::Command(c) => Some(c.kind()),
                        _ => None,
                    })
                    .collect();
                assert!(
                    !commands.contains(&CommandKind::Rcpt),
                    "{smuggle:?} {policy:?} cut {cut}: {events:?}"
                );
                let ended = events
                    .iter()
                    .any(|e| matches!(e, ServerEvent::DataEnd | ServerEvent::DataRejected(_)));
                assert!(ended, "{smuggle:?} {policy:?} cut {cut}: {events:?}");
                if policy == BareLineEndings::Reject {
                    // The rejected message is answered by the machine; NOOP follows.
                    assert_eq!(commands, vec![CommandKind::Noop], "cut {cut}");
                }
            }
        }
    }
}

/// RFC 3030 with RFC 3207 §4.2: STARTTLS is refused while a BDAT transaction is open, and
/// after TLS starts no chunk state survives: a BDAT right after the new EHLO is out of
/// sequence, DATA works in the next transaction.
#[test]
fn starttls_leaves_no_bdat_state() {
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    s.handle_input(
        b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nBDAT 5\r\nabcde",
    );
    accept_all(&mut s, 3);
    assert!(matches!(s.poll_event(), Some(ServerEvent::Data(d)) if d == b"abcde"));
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Command(Command::Bdat {
            size: 5,
            last: false
        }))
    ));
    s.accept().unwrap();
    take(&mut s);
    s.handle_input(b"STARTTLS\r\n");
    assert!(take(&mut s).starts_with("503 "));
    assert!(
        matches!(s.poll_event(), Some(ServerEvent::ProtocolError { code, .. }) if code.get() == 503)
    );
    s.handle_input(b"RSET\r\nSTARTTLS\r\n");
    accept_all(&mut s, 2);
    assert!(matches!(s.poll_event(), Some(ServerEvent::StartTls { .. })));
    s.tls_established().unwrap();
    take(&mut s);
    s.handle_input(b"EHLO c.example\r\nBDAT 3 LAST\r\nxyz");
    accept_all(&mut s, 1);
    assert!(take(&mut s).contains("503 "));
    assert!(
        matches!(s.poll_event(), Some(ServerEvent::ProtocolError { code, .. }) if code.get() == 503)
    );
    assert!(s.poll_event().is_none(), "the chunk's bytes are not data");
    assert_eq!(s.state(), ServerState::Ready);
    s.handle_input(b"MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n");
    accept_all(&mut s, 3);
    assert_eq!(s.state(), ServerState::Data);
}

/// RFC 5321 §4.5.3.1.4: a command line past 512 octets is answered `500` with a typed
/// LineTooLong error, fed in any number of pieces, without keeping the line; the next line
/// is read normally.
#[test]
fn over_long_command_line_is_dropped_with_bounded_memory() {
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    let piece = vec![b'A'; 64 * 1024];
    for _ in 0..64 {
        s.handle_input(&piece);
        assert_ne!(s.state(), ServerState::Closed);
    }
    s.handle_input(b"\r\nNOOP\r\n");
    let events: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
    assert!(
        matches!(
            &events[..],
            [
                ServerEvent::ProtocolError { code, error },
                ServerEvent::Command(Command::Noop(None)),
            ] if code.get() == 500 && matches!(error.kind, DecodeErrorKind::LineTooLong { limit: 512 })
        ),
        "{events:?}"
    );
    assert!(take(&mut s).starts_with("500 5.5.2"));
}

/// RFC 6531 §3.5: without SMTPUTF8 a non-ASCII MAIL path gets `550 5.6.7`, a non-ASCII RCPT
/// path `553 5.6.7`; 8-bit bytes in an EHLO argument are a plain syntax error (`501`).
#[test]
fn non_ascii_reply_codes() {
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    s.handle_input("EHLO h\u{e9}llo.example\r\n".as_bytes());
    assert!(take(&mut s).starts_with("501 5.5.4"));
    s.handle_input(b"EHLO c.example\r\n");
    while s
        .poll_event()
        .is_some_and(|e| !matches!(e, ServerEvent::Command(_)))
    {}
    s.accept().unwrap();
    take(&mut s);
    s.handle_input("MAIL FROM:<j\u{f6}rg@example.org>\r\n".as_bytes());
    assert!(take(&mut s).starts_with("550 5.6.7"));
    s.handle_input(b"MAIL FROM:<a@example.org>\r\n");
    while s
        .poll_event()
        .is_some_and(|e| !matches!(e, ServerEvent::Command(_)))
    {}
    s.accept().unwrap();
    take(&mut s);
    s.handle_input("RCPT TO:<j\u{f6}rg@example.org>\r\n".as_bytes());
    assert!(take(&mut s).starts_with("553 5.6.7"));
}

/// RFC 3030 §2: a BDAT chunk follows its command at once, and after a failed BDAT the server
/// must discard the chunks already pipelined. A malformed `BDAT 6 X` whose size is readable
/// gets `501`, its bytes are read away (never run as commands), the transaction is
/// dropped, and the next pipelined chunk gets `503` with its bytes discarded too.
#[test]
fn malformed_bdat_chunk_is_read_away() {
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    s.handle_input(b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n");
    accept_all(&mut s, 3);
    take(&mut s);
    s.handle_input(b"BDAT 6 X\r\nQUIT\r\nBDAT 4 LAST\r\nRSETNOOP\r\n");
    let events: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
    assert!(
        matches!(
            &events[..],
            [
                ServerEvent::ChunkRejected(_),
                ServerEvent::ProtocolError { code, .. },
                ServerEvent::Command(Command::Noop(None)),
            ] if code.get() == 503
        ),
        "{events:?}"
    );
    let out = take(&mut s);
    assert!(out.starts_with("501 5.5.4"), "{out}");
    assert!(out.contains("\r\n503 5.5.1"), "{out}");
    assert_eq!(s.state(), ServerState::Ready);
    assert_eq!(s.recipients(), 0);
}

/// RFC 6531 §3.2, §3.4: once the server announces SMTPUTF8, a UTF-8 path with the SMTPUTF8
/// parameter (as Gmail and Thunderbird send for internationalized addresses) is accepted even
/// if the decoder was configured ASCII-only; without the announcement it is refused.
#[test]
fn announcing_smtputf8_turns_on_utf8_paths() {
    use smtp_proto::types::ehlo::{Capability, EhloReply};
    for announce in [false, true] {
        let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
        take(&mut s);
        s.handle_input(b"EHLO c.example\r\n");
        assert!(matches!(s.poll_event(), Some(ServerEvent::Command(_))));
        let mut ehlo = EhloReply::new("mx.example.org");
        if announce {
            ehlo.capabilities.push(Capability::SmtpUtf8);
        }
        s.accept_ehlo(&ehlo).unwrap();
        take(&mut s);
        s.handle_input("MAIL FROM:<j\u{f6}rg@b\u{fc}cher.example> SMTPUTF8\r\n".as_bytes());
        let event = s.poll_event();
        assert_eq!(
            matches!(event, Some(ServerEvent::Command(Command::Mail { .. }))),
            announce,
            "{event:?}"
        );
        while s.poll_event().is_some() {}
        take(&mut s);
        // A new EHLO answered without SMTPUTF8 turns it off again.
        if announce {
            s.accept().unwrap();
            s.handle_input(b"RSET\r\nEHLO c.example\r\n");
            accept_all(&mut s, 2);
            take(&mut s);
            s.handle_input("MAIL FROM:<j\u{f6}rg@example.org> SMTPUTF8\r\n".as_bytes());
            assert!(take(&mut s).starts_with("550 5.6.7"));
        }
    }
}

/// RFC 5321 §4.5.3.1.8: "The minimum total number of recipients that MUST be buffered is 100";
/// a limit set lower through the public field is raised to 100, the 101st gets `452 4.5.3`.
#[test]
fn recipient_limit_is_at_least_100() {
    let mut config = ServerConfig::new("mx.example.org");
    config.max_recipients = 5;
    let mut s = Server::new(config, Instant::now());
    take(&mut s);
    s.handle_input(b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\n");
    accept_all(&mut s, 2);
    for i in 0..100 {
        s.handle_input(format!("RCPT TO:<r{i}@b.example>\r\n").as_bytes());
        accept_all(&mut s, 1);
    }
    take(&mut s);
    s.handle_input(b"RCPT TO:<r100@b.example>\r\n");
    assert!(take(&mut s).starts_with("452 4.5.3"));
    assert_eq!(s.recipients(), 100);
}

/// RFC 3461 §5.4 through the server: a DSN RCPT line longer than 512 octets is a command; a
/// MAIL line past the MAIL/RCPT limit, fed without its end, is answered `500` with that limit.
#[test]
fn long_dsn_rcpt_line_reaches_the_application() {
    use smtp_proto::decode::MAX_MAIL_RCPT_LINE;
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    s.handle_input(b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\n");
    accept_all(&mut s, 2);
    let addr = format!(
        "{}@{}.{}.{}.example",
        "r".repeat(64),
        "d".repeat(60),
        "e".repeat(60),
        "f".repeat(59)
    );
    let padded = format!("RCPT TO:<{addr}> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;{addr}\r\n");
    assert!(padded.len() > 512, "{}", padded.len());
    s.handle_input(padded.as_bytes());
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Command(Command::Rcpt { .. }))
    ));
    s.accept().unwrap();
    take(&mut s);
    let mut huge = b"MAIL FROM:<a@b.example> X=".to_vec();
    huge.resize(MAX_MAIL_RCPT_LINE + 10, b'x');
    s.handle_input(&huge);
    s.handle_input(b"\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::ProtocolError { error, .. })
            if error.kind == DecodeErrorKind::LineTooLong { limit: MAX_MAIL_RCPT_LINE }
    ));
}

/// The bare-LF leniency covers the lines of an AUTH exchange (RFC 4954 §4) like commands:
/// a hand-written LF-only client can log in; without the leniency the line is refused.
#[test]
fn bare_lf_leniency_covers_auth_responses() {
    use smtp_proto::CommandDecoderConfig;
    for lenient in [false, true] {
        let mut decoder = CommandDecoderConfig::default();
        decoder.accept_bare_lf = lenient;
        let mut s = Server::new(
            ServerConfig::new("mx.example.org").with_decoder(decoder),
            Instant::now(),
        );
        take(&mut s);
        s.handle_input(b"EHLO c.example\r\nAUTH LOGIN\r\n");
        accept_all(&mut s, 1);
        assert!(matches!(
            s.poll_event(),
            Some(ServerEvent::Command(Command::Auth { .. }))
        ));
        s.auth_challenge(b"Username:").unwrap();
        take(&mut s);
        s.handle_input(b"YWxpY2U=\n");
        let event = s.poll_event();
        assert_eq!(
            matches!(event, Some(ServerEvent::AuthResponse(_))),
            lenient,
            "{event:?}"
        );
    }
}

/// RFC 5321 §3.8: an application answering `421` (shutting down, too many errors) closes the
/// session: the reply is written, pipelined commands after it are not read.
#[test]
fn application_421_closes_the_session() {
    use smtp_proto::Reply;
    let mut s = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
    take(&mut s);
    s.handle_input(b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n");
    accept_all(&mut s, 1);
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Command(Command::Mail { .. }))
    ));
    s.reject(Reply::new(421, "4.3.2 mx.example.org shutting down").unwrap())
        .unwrap();
    assert_eq!(s.state(), ServerState::Closed);
    let events: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
    assert_eq!(events, vec![ServerEvent::Closed]);
    assert!(take(&mut s).ends_with("421 4.3.2 mx.example.org shutting down\r\n"));
    s.handle_input(b"RSET\r\n");
    assert!(s.poll_event().is_none());
}
