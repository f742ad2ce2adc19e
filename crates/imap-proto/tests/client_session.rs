//! The client state machine driven with raw server bytes.

use std::time::{Duration, Instant};

use imap_proto::client::{Client, ClientConfig, ClientEvent, ClientState, CloseReason};
use imap_proto::decode::ResponseConfig;
use imap_proto::types::command::{CommandBody, StoreKind};
use imap_proto::types::core::{Atom, IString, Mailbox, SequenceSet};
use imap_proto::types::fetch::{FetchItem, FetchItems};
use imap_proto::types::response::{Condition, Data, State};
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;

fn out(c: &mut Client) -> String {
    let mut o = Vec::new();
    c.poll_transmit(&mut o);
    String::from_utf8(o).unwrap()
}

fn events(c: &mut Client) -> Vec<ClientEvent> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// A client that does not re-read capabilities by itself (see `capabilities_re_read`).
fn client(greeting: &str) -> Client {
    let mut c = Client::new(
        ClientConfig::default().with_refresh_capabilities(false),
        Instant::now(),
    );
    c.handle_input(greeting.as_bytes());
    assert!(matches!(c.poll_event(), Some(ClientEvent::Greeting(_))));
    c
}

fn login(user: &str, pass: &str) -> CommandBody<'static> {
    CommandBody::Login {
        username: IString::try_from(user.to_owned()).unwrap(),
        password: IString::try_from(pass.to_owned()).unwrap().into(),
    }
}

fn select(name: &str) -> CommandBody<'static> {
    CommandBody::Select {
        mailbox: Mailbox::new(name.to_owned()).unwrap(),
        params: vec![],
    }
}

fn fetch_flags(seq: &str, uid: bool) -> CommandBody<'static> {
    CommandBody::Fetch {
        uid,
        set: SequenceSet::parse(seq).unwrap(),
        items: FetchItems::Items(vec![FetchItem::Flags]),
        modifiers: vec![],
    }
}

fn completed(ev: &ClientEvent) -> Option<(&str, State)> {
    match ev {
        ClientEvent::Completed { tag, status, .. } => Some((tag.as_str(), *status)),
        _ => None,
    }
}

/// RFC 9051 §7.1: nothing is written before the greeting; PREAUTH starts authenticated; the
/// CAPABILITY code of the greeting is remembered.
#[test]
fn greeting_states_and_capabilities() {
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "");
    c.handle_input(b"* PREAUTH [CAPABILITY IMAP4rev2 LITERAL+] hi\r\n");
    assert_eq!(c.state(), ClientState::Authenticated);
    assert!(c.has_capability("literal+"));
    assert_eq!(out(&mut c), "A1 NOOP\r\n");

    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"* BYE too busy\r\n");
    let ev = events(&mut c);
    assert!(matches!(
        ev.last(),
        Some(ClientEvent::Closed(CloseReason::Bye(_)))
    ));
    assert_eq!(c.state(), ClientState::Logout);
    assert!(c.send_command(CommandBody::Noop).is_err());
}

/// RFC 9051 §5.5: commands are pipelined, completions matched by tag in any order, and a
/// command with sequence numbers waits after a command that may cause EXPUNGE (`COPY +
/// FETCH` must wait; `FETCH + STORE + SEARCH` need not).
#[test]
fn pipelining_and_sequence_number_ambiguity() {
    let mut c = client("* OK ready\r\n");
    c.send_command(login("alice", "pw")).unwrap();
    c.send_command(select("INBOX")).unwrap();
    c.send_command(fetch_flags("1:*", false)).unwrap();
    c.send_command(CommandBody::Store {
        uid: false,
        set: SequenceSet::parse("1").unwrap(),
        kind: StoreKind::Add,
        silent: true,
        flags: vec![],
        modifiers: vec![],
    })
    .unwrap();
    let written = out(&mut c);
    // LOGIN and SELECT do not take sequence numbers; the FETCH waits for them.
    assert_eq!(written, "A1 LOGIN alice pw\r\nA2 SELECT INBOX\r\n");
    c.handle_input(b"A1 OK done\r\n* 3 EXISTS\r\nA2 OK [READ-WRITE] done\r\n");
    let ev = events(&mut c);
    assert_eq!(completed(&ev[0]), Some(("A1", State::Ok)));
    assert_eq!(ev[1], ClientEvent::Data(Data::Exists(3)));
    assert_eq!(completed(&ev[2]), Some(("A2", State::Ok)));
    assert_eq!(c.state(), ClientState::Selected);
    // FETCH then STORE go together (no EXPUNGE during FETCH).
    let written = out(&mut c);
    assert!(
        written.starts_with("A3 FETCH 1:* FLAGS\r\nA4 STORE 1 +FLAGS.SILENT ()\r\n"),
        "{written}"
    );

    // COPY may cause EXPUNGE ambiguity for a following FETCH: it waits.
    c.handle_input(b"A3 OK\r\nA4 OK\r\n");
    events(&mut c);
    let t = c
        .send_command(CommandBody::Copy {
            uid: false,
            set: SequenceSet::parse("1").unwrap(),
            mailbox: Mailbox::new("Archive").unwrap(),
        })
        .unwrap();
    c.send_command(fetch_flags("1", false)).unwrap();
    assert_eq!(out(&mut c), format!("{} COPY 1 Archive\r\n", t.as_str()));
    c.handle_input(format!("{} OK copied\r\n", t.as_str()).as_bytes());
    events(&mut c);
    assert_eq!(out(&mut c), "A6 FETCH 1 FLAGS\r\n");
}

/// RFC 9051 §4.3: a synchronizing literal is sent only after `+`; if the server answers the
/// tag instead, the rest of the command is never sent and the next command goes.
#[test]
fn sync_literal_waits_and_stops_on_refusal() {
    let mut c = client("* OK ready\r\n");
    c.send_command(login("alice", "two\r\nlines")).unwrap();
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "A1 LOGIN alice {10}\r\n");
    c.handle_input(b"+ go ahead\r\n");
    assert_eq!(out(&mut c), "two\r\nlines\r\nA2 NOOP\r\n");
    assert!(events(&mut c).is_empty());

    let mut c = client("* OK ready\r\n");
    c.send_command(login("alice", "two\r\nlines")).unwrap();
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "A1 LOGIN alice {10}\r\n");
    c.handle_input(b"A1 NO [LIMIT] no literals today\r\n");
    assert_eq!(completed(&events(&mut c)[0]), Some(("A1", State::No)));
    assert_eq!(out(&mut c), "A2 NOOP\r\n");
}

/// RFC 7888 §3, §5 and RFC 9051 §4.3: non-synchronizing literals only when announced;
/// LITERAL- and IMAP4rev2 only up to 4096 octets.
#[test]
fn literal_plus_and_minus_only_when_announced() {
    let mut c = client("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n");
    c.send_command(login("alice", "a\r\nb")).unwrap();
    assert_eq!(out(&mut c), "A1 LOGIN alice {4+}\r\na\r\nb\r\n");

    let mut c = client("* OK [CAPABILITY IMAP4rev2] ready\r\n");
    let big = "x\r\n".repeat(2000);
    c.send_command(login("alice", "a\r\nb")).unwrap();
    c.send_command(login("bob", &big)).unwrap();
    assert_eq!(
        out(&mut c),
        "A1 LOGIN alice {4+}\r\na\r\nb\r\nA2 LOGIN bob {6000}\r\n"
    );

    let mut c = client("* OK ready\r\n");
    c.send_command(login("alice", "a\r\nb")).unwrap();
    assert_eq!(out(&mut c), "A1 LOGIN alice {4}\r\n");
}

/// RFC 4959 §3 (SASL-IR) and RFC 9051 §6.2.2: the initial response goes on the command line
/// only when SASL-IR is announced, otherwise after the first `+`; challenges are decoded;
/// `*` cancels.
#[test]
fn authenticate_with_and_without_sasl_ir() {
    let mut c = client("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
    c.send_authenticate(Mechanism::PLAIN, Some(b"\0alice\0pw"))
        .unwrap();
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "A1 AUTHENTICATE PLAIN AGFsaWNlAHB3\r\n");
    c.handle_input(b"A1 OK [CAPABILITY IMAP4rev1 IDLE] welcome\r\n");
    events(&mut c);
    assert_eq!(c.state(), ClientState::Authenticated);
    assert!(c.has_capability("IDLE"), "capabilities from the OK code");
    assert_eq!(out(&mut c), "A2 NOOP\r\n");

    let mut c = client("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
    c.send_authenticate(Mechanism::PLAIN, Some(b"\0alice\0pw"))
        .unwrap();
    assert_eq!(out(&mut c), "A1 AUTHENTICATE PLAIN\r\n");
    c.handle_input(b"+ \r\n");
    assert!(events(&mut c).is_empty());
    assert_eq!(out(&mut c), "AGFsaWNlAHB3\r\n");
    c.handle_input(b"+ YWdhaW4=\r\n");
    match c.poll_event() {
        Some(ClientEvent::AuthChallenge { data, .. }) => assert_eq!(data, b"again"),
        other => panic!("{other:?}"),
    }
    c.send_auth_response(&SaslResponse::Cancel).unwrap();
    assert_eq!(out(&mut c), "*\r\n");
    assert!(c.send_auth_response(&SaslResponse::Empty).is_err());
    c.handle_input(b"A1 BAD cancelled\r\n");
    assert_eq!(completed(&events(&mut c)[0]), Some(("A1", State::Bad)));
    assert_eq!(c.state(), ClientState::NotAuthenticated);
}

/// RFC 2177 §3: IDLE waits for `+`, updates arrive as data while idling, DONE ends it.
#[test]
fn idle_updates_and_done() {
    let mut c = client("* PREAUTH ready\r\n");
    c.send_command(select("INBOX")).unwrap();
    c.send_command(CommandBody::Idle).unwrap();
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "A1 SELECT INBOX\r\n");
    c.handle_input(b"A1 OK selected\r\n");
    events(&mut c);
    assert_eq!(out(&mut c), "A2 IDLE\r\n");
    assert!(c.send_idle_done().is_err(), "not idling before +");
    c.handle_input(b"+ idling\r\n* 4 EXISTS\r\n");
    let ev = events(&mut c);
    assert!(matches!(ev[0], ClientEvent::IdleStarted { .. }));
    assert_eq!(ev[1], ClientEvent::Data(Data::Exists(4)));
    assert!(c.is_idling());
    c.send_idle_done().unwrap();
    assert_eq!(out(&mut c), "DONE\r\n");
    c.handle_input(b"A2 OK IDLE terminated\r\n");
    assert_eq!(completed(&events(&mut c)[0]), Some(("A2", State::Ok)));
    assert_eq!(out(&mut c), "A3 NOOP\r\n");
}

/// RFC 2177 §3: after 29 minutes of IDLE the application is told to refresh it.
#[test]
fn idle_refresh_timer() {
    let t0 = Instant::now();
    let mut c = Client::new(ClientConfig::default(), t0);
    c.handle_input(b"* PREAUTH ready\r\n");
    c.send_command(CommandBody::Idle).unwrap();
    c.handle_input(b"+ idling\r\n");
    events(&mut c);
    let t = c.poll_timeout().unwrap();
    assert_eq!(t, t0 + Duration::from_secs(29 * 60));
    c.handle_timeout(t);
    assert_eq!(c.poll_event(), Some(ClientEvent::IdleRefresh));
}

/// RFC 9051 §6.2.1, CVE-2020-15953 class: a response sent after the OK to STARTTLS (in the
/// same segment or before the handshake) is refused and reported.
#[test]
fn starttls_response_injection() {
    let mut c = client("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
    c.send_command(CommandBody::StartTls).unwrap();
    c.send_command(login("alice", "pw")).unwrap();
    assert_eq!(out(&mut c), "A1 STARTTLS\r\n");
    c.handle_input(b"A1 OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
    let ev = events(&mut c);
    assert_eq!(completed(&ev[0]), Some(("A1", State::Ok)));
    match &ev[1] {
        ClientEvent::Closed(CloseReason::StartTlsInjection(b)) => {
            assert_eq!(b, b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(out(&mut c), "", "LOGIN never goes out in plaintext");

    // The same bytes in a later segment, before the handshake.
    let mut c = client("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
    c.send_command(CommandBody::StartTls).unwrap();
    out(&mut c);
    c.handle_input(b"A1 OK begin TLS\r\n");
    let ev = events(&mut c);
    assert_eq!(ev.last(), Some(&ClientEvent::StartTls));
    assert!(c.capabilities().is_none(), "capabilities forgotten");
    c.handle_input(b"* OK injected\r\n");
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Closed(CloseReason::StartTlsInjection(_)))
    ));

    // A clean upgrade: queued commands go on after the handshake.
    let mut c = client("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
    c.send_command(CommandBody::StartTls).unwrap();
    c.send_command(CommandBody::Capability).unwrap();
    out(&mut c);
    c.handle_input(b"A1 OK begin TLS\r\n");
    events(&mut c);
    assert_eq!(out(&mut c), "");
    c.tls_established().unwrap();
    assert!(c.is_tls());
    assert_eq!(out(&mut c), "A2 CAPABILITY\r\n");
    assert!(c.send_command(CommandBody::StartTls).is_err());
}

/// RFC 5161 §3.2, RFC 6855 §3: after `* ENABLED UTF8=ACCEPT` mailbox names go out as UTF-8;
/// RFC 7162 §3.1: after CONDSTORE is enabled, MODSEQ data is expected.
#[test]
fn enable_tracking() {
    let mut c = client("* PREAUTH ready\r\n");
    c.send_command(select("Entwürfe")).unwrap();
    assert_eq!(out(&mut c), "A1 SELECT Entw&APw-rfe\r\n");
    c.handle_input(b"A1 NO nope\r\n");
    events(&mut c);
    c.send_command(CommandBody::Enable(vec![
        Atom::new("UTF8=ACCEPT").unwrap(),
        Atom::new("CONDSTORE").unwrap(),
    ]))
    .unwrap();
    c.send_command(select("Entwürfe")).unwrap();
    assert_eq!(out(&mut c), "A2 ENABLE UTF8=ACCEPT CONDSTORE\r\n");
    c.handle_input(b"* ENABLED UTF8=ACCEPT CONDSTORE\r\nA2 OK enabled\r\n");
    events(&mut c);
    assert!(c.utf8());
    assert!(c.modseq_expected());
    assert_eq!(out(&mut c), "A3 SELECT \"Entwürfe\"\r\n");
    c.handle_input("* LIST () \"/\" \"Entwürfe\"\r\n".as_bytes());
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Data(Data::List(_)))
    ));
}

/// RFC 4978 §3: the bytes right after the CRLF of the OK to COMPRESS are compressed; they
/// are handed back, and the client sent nothing else meanwhile.
#[test]
fn compress_boundary() {
    let mut c = client("* PREAUTH ready\r\n");
    c.send_command(CommandBody::Compress(Atom::new("DEFLATE").unwrap()))
        .unwrap();
    c.send_command(CommandBody::Noop).unwrap();
    assert_eq!(out(&mut c), "A1 COMPRESS DEFLATE\r\n");
    c.handle_input(b"A1 OK DEFLATE active\r\n\x78\x9c\x01\x02");
    let ev = events(&mut c);
    assert_eq!(completed(&ev[0]), Some(("A1", State::Ok)));
    assert_eq!(
        ev[1],
        ClientEvent::Compress {
            compressed: b"\x78\x9c\x01\x02".to_vec()
        }
    );
    assert_eq!(
        out(&mut c),
        "",
        "the plain part before the boundary is empty"
    );
    assert_eq!(out(&mut c), "A2 NOOP\r\n");
}

/// RFC 9051 §7.1.5: BYE outside LOGOUT ends the session; LOGOUT's BYE does not.
#[test]
fn bye_and_logout() {
    let mut c = client("* OK ready\r\n");
    c.send_command(CommandBody::Logout).unwrap();
    assert!(c.send_command(CommandBody::Noop).is_err());
    c.handle_input(b"* BYE logging out\r\n");
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Status {
            condition: Condition::Bye,
            ..
        })
    ));
    assert_eq!(c.state(), ClientState::NotAuthenticated);
    c.handle_input(b"A1 OK bye\r\n");
    let ev = events(&mut c);
    assert_eq!(ev.last(), Some(&ClientEvent::Closed(CloseReason::Logout)));

    let mut c = client("* OK ready\r\n");
    c.send_command(CommandBody::Noop).unwrap();
    c.handle_input(b"* BYE shutting down\r\n");
    let ev = events(&mut c);
    assert!(matches!(
        ev.last(),
        Some(ClientEvent::Closed(CloseReason::Bye(_)))
    ));
}

/// A broken stream ends the session with a reason; a malformed but framed response is
/// skipped; an unknown tag is reported.
#[test]
fn broken_stream_and_unexpected() {
    let mut c = Client::new(
        ClientConfig::default().with_responses(ResponseConfig::default().with_max_literal_size(10)),
        Instant::now(),
    );
    c.handle_input(b"* OK ready\r\n");
    events(&mut c);
    c.handle_input(b"* 1 FETCH (FLAGS (\\Seen) garbage\r\nZZ OK what\r\n");
    let ev = events(&mut c);
    assert!(matches!(ev[0], ClientEvent::Malformed(_)));
    assert!(matches!(ev[1], ClientEvent::Unexpected(_)));
    c.handle_input(b"* 1 FETCH (BODY[] {11}\r\n");
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Closed(CloseReason::Protocol(_)))
    ));

    let mut c = client("* OK ready\r\n");
    c.handle_eof();
    assert_eq!(
        c.poll_event(),
        Some(ClientEvent::Closed(CloseReason::ConnectionClosed))
    );
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"A1 OK not a greeting\r\n");
    assert!(matches!(
        c.poll_event(),
        Some(ClientEvent::Closed(CloseReason::Protocol(_)))
    ));
}

/// RFC 9051 §6.2.1, §6.2.3: capabilities are forgotten after TLS and after login and re-read
/// with CAPABILITY ahead of queued commands (not when the OK carries them).
#[test]
fn capabilities_re_read() {
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n");
    c.send_command(CommandBody::StartTls).unwrap();
    c.send_command(login("alice", "pw")).unwrap();
    assert_eq!(out(&mut c), "A1 STARTTLS\r\n");
    c.handle_input(b"A1 OK go\r\n");
    events(&mut c);
    assert!(c.capabilities().is_none());
    c.tls_established().unwrap();
    assert_eq!(out(&mut c), "A3 CAPABILITY\r\n");
    c.handle_input(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA3 OK done\r\n");
    events(&mut c);
    assert!(c.has_capability("AUTH=PLAIN"));
    assert!(!c.has_capability("LOGINDISABLED"));
    assert_eq!(out(&mut c), "A2 LOGIN alice pw\r\n");
    c.handle_input(b"A2 OK welcome\r\n");
    events(&mut c);
    assert!(c.capabilities().is_none());
    assert_eq!(out(&mut c), "A4 CAPABILITY\r\n");
    c.handle_input(b"* CAPABILITY IMAP4rev1 IDLE\r\nA4 OK done\r\n");
    events(&mut c);
    assert!(c.has_capability("IDLE"));
}

/// A silent server: with a response timeout, the greeting and each command's completion
/// are awaited at most that long.
#[test]
fn response_timeout() {
    let t0 = Instant::now();
    let config = ClientConfig::default().with_response_timeout(Some(Duration::from_secs(30)));
    let mut c = Client::new(config.clone(), t0);
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(30)));
    c.handle_timeout(t0 + Duration::from_secs(30));
    assert_eq!(
        c.poll_event(),
        Some(ClientEvent::Closed(CloseReason::Timeout))
    );

    let mut c = Client::new(config, t0);
    c.handle_input(b"* OK ready\r\n");
    events(&mut c);
    assert_eq!(c.poll_timeout(), None, "nothing awaited");
    c.send_command(CommandBody::Noop).unwrap();
    assert!(c.poll_timeout().is_some());
    c.handle_timeout(t0 + Duration::from_secs(10));
    c.handle_input(b"A1 OK done\r\n");
    events(&mut c);
    assert_eq!(c.poll_timeout(), None);
}
