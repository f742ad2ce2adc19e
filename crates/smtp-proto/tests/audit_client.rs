//! Client state machine checks against RFC 2033, RFC 2920 and RFC 3030 rules and real server
//! behaviour.

use std::time::Instant;

use mail_core::address::{Mailbox, Path};
use smtp_proto::CommandKind;
use smtp_proto::client::{Client, ClientConfig, ClientError, ClientEvent, ClientState};
use smtp_proto::types::params::{MailParams, RcptParams};

fn path(s: &'static str) -> Path<'static> {
    Path::Mailbox(Mailbox::from_raw(s).unwrap())
}

fn events(c: &mut Client) -> Vec<ClientEvent> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

fn replies(ev: &[ClientEvent], kind: CommandKind) -> Vec<u16> {
    ev.iter()
        .filter_map(|e| match e {
            ClientEvent::Reply { command, reply } if *command == kind => Some(reply.code().get()),
            _ => None,
        })
        .collect()
}

fn greeted(config: ClientConfig, ehlo_reply: &[u8]) -> Client {
    let mut c = Client::new(config, Instant::now());
    c.handle_input(b"220 mx.example.org LMTP ready\r\n");
    c.send_ehlo("client.example").unwrap();
    c.handle_input(ehlo_reply);
    events(&mut c);
    let mut out = Vec::new();
    c.poll_transmit(&mut out);
    c
}

/// RFC 2033 §4.2 with RFC 3030 CHUNKING and RFC 2920 pipelining: MAIL, two RCPTs and
/// `BDAT n LAST` go out in one group, before any RCPT reply has arrived; the server then sends
/// one reply per accepted recipient after the last chunk. The client must expect as many
/// replies as recipients were accepted, counted when the replies come, not when the chunk was
/// written.
#[test]
fn lmtp_pipelined_bdat_last_gets_one_reply_per_accepted_recipient() {
    let mut c = greeted(
        ClientConfig::default().lmtp(),
        b"250-mx.example.org\r\n250-PIPELINING\r\n250 CHUNKING\r\n",
    );
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.send_rcpt(path("b@example.org"), RcptParams::default())
        .unwrap();
    c.send_rcpt(path("c@example.org"), RcptParams::default())
        .unwrap();
    c.send_rcpt(path("d@example.org"), RcptParams::default())
        .unwrap();
    c.send_bdat(b"Subject: x\r\n\r\nhi\r\n", true).unwrap();
    c.send_quit().unwrap();
    let mut out = Vec::new();
    c.poll_transmit(&mut out);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("BDAT 18 LAST\r\n"), "{out}");
    // Two of three recipients accepted, then one reply for each after LAST, then QUIT.
    c.handle_input(
        b"250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 unknown\r\n250 2.1.5 ok\r\n\
250 2.0.0 b delivered\r\n452 4.2.2 c over quota\r\n221 2.0.0 bye\r\n",
    );
    let ev = events(&mut c);
    assert!(
        !ev.iter().any(|e| matches!(e, ClientEvent::Error(_))),
        "{ev:?}"
    );
    assert_eq!(replies(&ev, CommandKind::Bdat), vec![250, 452]);
    assert_eq!(replies(&ev, CommandKind::Quit), vec![221]);
}

/// The same with DATA (RFC 2033 §4.2): replies after the final dot, one per accepted
/// recipient, and a following MAIL of the next transaction pipelined after the dot (RFC 2920
/// §3.1 allows message content first in a group).
#[test]
fn lmtp_data_then_next_transaction() {
    let mut c = greeted(
        ClientConfig::default().lmtp(),
        b"250-mx.example.org\r\n250 PIPELINING\r\n",
    );
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.send_rcpt(path("b@example.org"), RcptParams::default())
        .unwrap();
    c.send_rcpt(path("c@example.org"), RcptParams::default())
        .unwrap();
    c.send_data().unwrap();
    c.handle_input(b"250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
    let ev = events(&mut c);
    assert!(ev.contains(&ClientEvent::DataReady), "{ev:?}");
    c.send_body(b"Subject: x\r\n\r\nhi\r\n").unwrap();
    c.finish_body().unwrap();
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.handle_input(b"250 b ok\r\n250 c ok\r\n250 next mail ok\r\n");
    let ev = events(&mut c);
    assert_eq!(replies(&ev, CommandKind::Data), vec![250, 250], "{ev:?}");
    assert_eq!(replies(&ev, CommandKind::Mail), vec![250], "{ev:?}");
}

/// Hostile server: bytes sent while the client waits for the application (after `354`) are
/// kept only up to a bound; beyond it the session fails with a typed limit error instead of
/// buffering without end.
#[test]
fn input_while_streaming_the_body_is_bounded() {
    let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.handle_input(b"250 ok\r\n");
    c.send_rcpt(path("b@example.org"), RcptParams::default())
        .unwrap();
    c.handle_input(b"250 ok\r\n");
    c.send_data().unwrap();
    c.handle_input(b"354 go\r\n");
    assert_eq!(c.state(), ClientState::Body);
    let junk = vec![b'x'; 64 * 1024];
    for _ in 0..64 {
        c.handle_input(&junk);
        if c.state() == ClientState::Closed {
            break;
        }
    }
    assert_eq!(c.state(), ClientState::Closed);
    let ev = events(&mut c);
    assert!(
        ev.iter().any(|e| matches!(
            e,
            ClientEvent::Error(ClientError::Decode(d))
                if matches!(d.kind, smtp_proto::DecodeErrorKind::LimitExceeded { .. })
        )),
        "{ev:?}"
    );
}

/// A server that closes right after `221 bye` without the CR LF: the reply is read at end of
/// input, the session closes without error. A connection lost with a reply awaited (or half
/// received) is a typed error.
#[test]
fn end_of_input_with_crlf_less_last_line_or_truncated_reply() {
    let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
    c.send_quit().unwrap();
    c.handle_input(b"221 2.0.0 bye");
    assert!(c.poll_event().is_none());
    c.handle_eof();
    let ev = events(&mut c);
    assert_eq!(replies(&ev, CommandKind::Quit), vec![221], "{ev:?}");
    assert!(
        !ev.iter().any(|e| matches!(e, ClientEvent::Error(_))),
        "{ev:?}"
    );
    assert_eq!(c.state(), ClientState::Closed);

    let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.handle_input(b"250-2.1.0 first line of two\r\n250 2.1");
    c.handle_eof();
    let ev = events(&mut c);
    assert!(replies(&ev, CommandKind::Mail).len() == 1, "{ev:?}");

    let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
    c.send_mail(path("a@example.org"), MailParams::default())
        .unwrap();
    c.handle_input(b"250-2.1.0 first line of two\r\n");
    c.handle_eof();
    let ev = events(&mut c);
    assert!(
        ev.contains(&ClientEvent::Error(ClientError::ConnectionClosed)),
        "{ev:?}"
    );

    // Idle, nothing awaited: a plain close.
    let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
    c.handle_eof();
    assert_eq!(events(&mut c), vec![ClientEvent::Closed]);
}

proptest::proptest! {
    /// Hostile server: any bytes, cut anywhere, then end of input, in every client state the
    /// bytes lead to: no panic, and the session ends closed.
    #[test]
    fn arbitrary_server_bytes_then_eof_never_panic(
        data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        cut in 0usize..300,
        lmtp in proptest::prelude::any::<bool>(),
    ) {
        let mut config = ClientConfig::default();
        if lmtp {
            config = config.lmtp();
        }
        let mut c = Client::new(config, Instant::now());
        c.send_ehlo("client.example").unwrap();
        let cut = cut.min(data.len());
        c.handle_input(&data[..cut]);
        let _ = c.send_mail(path("a@example.org"), MailParams::default());
        let _ = c.send_bdat(b"x", true);
        c.handle_input(&data[cut..]);
        events(&mut c);
        c.handle_eof();
        events(&mut c);
        proptest::prop_assert_eq!(c.state(), ClientState::Closed);
    }
}

/// RFC 5321 §2.3.8: a body with bare LF is refused by default; with the Normalize policy the
/// client writes CR LF, as smtplib and msmtp do, and the dot stuffing still applies.
#[test]
fn body_line_ending_policy() {
    use mail_core::dot::BareLineEndingEncoding;
    for (policy, ok) in [
        (BareLineEndingEncoding::Reject, false),
        (BareLineEndingEncoding::Normalize, true),
    ] {
        let mut c = greeted(
            ClientConfig::default().with_body_line_endings(policy),
            b"250 mx.example.org\r\n",
        );
        c.send_mail(path("a@example.org"), MailParams::default())
            .unwrap();
        c.handle_input(b"250 ok\r\n");
        c.send_rcpt(path("b@example.org"), RcptParams::default())
            .unwrap();
        c.handle_input(b"250 ok\r\n");
        c.send_data().unwrap();
        c.handle_input(b"354 go\r\n");
        events(&mut c);
        let mut out = Vec::new();
        c.poll_transmit(&mut out);
        let sent = c.send_body(b"Subject: x\n\n.hidden\nend\n");
        assert_eq!(sent.is_ok(), ok);
        if ok {
            c.finish_body().unwrap();
            out.clear();
            c.poll_transmit(&mut out);
            assert_eq!(out, b"Subject: x\r\n\r\n..hidden\r\nend\r\n.\r\n");
        }
    }
}

/// A server that refuses the message while the body is being sent and closes (`554` then
/// end of input): the reply reaches the application as the answer to the body, then the
/// session ends with ConnectionClosed; a `421` (RFC 5321 §3.8) ends it without an error.
#[test]
fn reply_during_the_body_then_close() {
    for (wire, error) in [
        (&b"554 5.7.1 rejected while sending\r\n"[..], true),
        (b"421 4.3.2 shutting down", false),
    ] {
        let mut c = greeted(ClientConfig::default(), b"250 mx.example.org\r\n");
        c.send_mail(path("a@example.org"), MailParams::default())
            .unwrap();
        c.handle_input(b"250 ok\r\n");
        c.send_rcpt(path("b@example.org"), RcptParams::default())
            .unwrap();
        c.handle_input(b"250 ok\r\n");
        c.send_data().unwrap();
        c.handle_input(b"354 go\r\n");
        events(&mut c);
        c.send_body(b"Subject: x\r\n\r\n").unwrap();
        c.handle_input(wire);
        c.handle_eof();
        let ev = events(&mut c);
        let code = if error { 554 } else { 421 };
        assert_eq!(replies(&ev, CommandKind::Data), vec![code], "{ev:?}");
        assert_eq!(
            ev.contains(&ClientEvent::Error(ClientError::ConnectionClosed)),
            error,
            "{ev:?}"
        );
        assert_eq!(c.state(), ClientState::Closed);
        assert!(c.send_body(b"more").is_err());
    }
}
