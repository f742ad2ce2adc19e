//! The server state machine driven with raw client bytes.

use std::time::{Duration, Instant};

use imap_proto::server::{CloseReason, Refusal, Server, ServerConfig, ServerEvent, ServerState};
use imap_proto::types::command::CommandBody;
use imap_proto::types::core::Atom;
use imap_proto::types::response::{Condition, Data, Greeting, GreetingKind, RespText};

fn greeting() -> Greeting<'static> {
    Greeting {
        kind: GreetingKind::Ok,
        text: RespText::text("ready").unwrap(),
    }
}

fn server(config: ServerConfig) -> Server {
    let mut s = Server::new(config, &greeting(), Instant::now());
    let mut out = Vec::new();
    s.poll_transmit(&mut out);
    assert_eq!(out, b"* OK ready\r\n");
    s
}

fn text(s: &str) -> RespText<'_> {
    RespText::text(s).unwrap()
}

fn out(s: &mut Server) -> String {
    let mut o = Vec::new();
    s.poll_transmit(&mut o);
    String::from_utf8(o).unwrap()
}

fn command(s: &mut Server) -> imap_proto::types::command::Command<'static> {
    match s.poll_event() {
        Some(ServerEvent::Command(c)) => c,
        other => panic!("expected a command, got {other:?}"),
    }
}

/// RFC 9051 §5.5: pipelined commands are processed in order; the next one is handed out only
/// once the current one is answered.
#[test]
fn pipelined_commands_in_order() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 CAPABILITY\r\na2 NOOP\r\na3 LOGIN alice secret\r\n");
    let c = command(&mut s);
    assert_eq!(c.tag.as_str(), "a1");
    assert!(s.poll_event().is_none(), "a2 must wait for a1's answer");
    s.reply_data(Data::Capability(vec![Atom::new("IMAP4rev2").unwrap()]))
        .unwrap();
    s.reply_ok(text("done")).unwrap();
    assert_eq!(command(&mut s).tag.as_str(), "a2");
    s.reply_ok(text("noop")).unwrap();
    assert!(matches!(command(&mut s).body, CommandBody::Login { .. }));
    s.reply_ok(text("hi")).unwrap();
    assert_eq!(s.state(), ServerState::Authenticated);
    assert_eq!(
        out(&mut s),
        "* CAPABILITY IMAP4rev2\r\na1 OK done\r\na2 OK noop\r\na3 OK hi\r\n"
    );
}

/// RFC 9051 §3, §6: a command not valid in the current state gets a tagged BAD from the
/// machine, without the application seeing it.
#[test]
fn wrong_state_commands_are_refused() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 SELECT INBOX\r\na2 FETCH 1 FLAGS\r\n");
    match s.poll_event() {
        Some(ServerEvent::Refused {
            tag,
            command,
            refusal: Refusal::WrongState { state, .. },
        }) => {
            assert_eq!(tag.as_str(), "a1");
            assert_eq!(command, "SELECT");
            assert_eq!(state, ServerState::NotAuthenticated);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(s.poll_event(), Some(ServerEvent::Refused { .. })));
    assert_eq!(
        out(&mut s),
        "a1 BAD authenticate first\r\na2 BAD authenticate first\r\n"
    );
    // Authenticated, a selected-state command is refused; LOGIN again too.
    s.handle_input(b"a3 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    s.handle_input(b"a4 FETCH 1 FLAGS\r\na5 LOGIN a b\r\n");
    assert!(matches!(s.poll_event(), Some(ServerEvent::Refused { .. })));
    assert!(matches!(s.poll_event(), Some(ServerEvent::Refused { .. })));
    assert_eq!(
        out(&mut s),
        "a3 OK ok\r\na4 BAD no mailbox selected\r\na5 BAD already authenticated\r\n"
    );
}

/// RFC 9051 §6.2.3 and §7.1 PRIVACYREQUIRED: LOGIN before TLS under LOGINDISABLED gets NO.
#[test]
fn login_disabled_before_tls() {
    let mut s = server(
        ServerConfig::default()
            .with_starttls(true)
            .with_login_disabled(true),
    );
    assert!(s.login_disabled());
    s.handle_input(b"a1 LOGIN alice secret\r\n");
    match s.poll_event() {
        Some(ServerEvent::Refused { refusal, .. }) => {
            assert_eq!(refusal, Refusal::LoginDisabled);
            assert_eq!(refusal.status(), imap_proto::types::response::State::No);
        }
        other => panic!("{other:?}"),
    }
    assert!(out(&mut s).starts_with("a1 NO [PRIVACYREQUIRED] "));
    s.handle_input(b"a2 STARTTLS\r\n");
    command(&mut s);
    s.reply_ok(text("begin TLS")).unwrap();
    assert!(matches!(s.poll_event(), Some(ServerEvent::StartTls { .. })));
    s.tls_established().unwrap();
    assert!(!s.login_disabled());
    s.handle_input(b"a3 LOGIN alice secret\r\n");
    assert!(matches!(command(&mut s).body, CommandBody::Login { .. }));
}

/// RFC 9051 §6.2.1 (STARTTLS command injection): `a STARTTLS\r\nb LOGIN x y\r\n` in one
/// segment: the LOGIN arrived in plaintext before TLS and is discarded and reported, never
/// executed.
#[test]
fn starttls_discards_pipelined_plaintext() {
    let mut s = server(ServerConfig::default().with_starttls(true));
    s.handle_input(b"a STARTTLS\r\nb LOGIN x y\r\n");
    let c = command(&mut s);
    assert_eq!(c.body, CommandBody::StartTls);
    assert!(s.poll_event().is_none());
    s.reply_ok(text("Begin TLS negotiation now")).unwrap();
    match s.poll_event() {
        Some(ServerEvent::StartTls { discarded }) => assert_eq!(discarded, b"b LOGIN x y\r\n"),
        other => panic!("{other:?}"),
    }
    assert_eq!(out(&mut s), "a OK Begin TLS negotiation now\r\n");
    assert!(s.is_tls_pending());
    // Bytes before the handshake completes are not commands either.
    s.handle_input(b"c LOGIN x y\r\n");
    assert!(matches!(s.poll_event(), Some(ServerEvent::Discarded(_))));
    s.tls_established().unwrap();
    assert!(s.is_tls());
    assert_eq!(s.state(), ServerState::NotAuthenticated);
    s.handle_input(b"d STARTTLS\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Refused {
            refusal: Refusal::StartTlsUnavailable,
            ..
        })
    ));
    assert_eq!(out(&mut s), "d BAD STARTTLS not available\r\n");
}

/// RFC 9051 §4.3: the application rejects an announced synchronizing literal with a tagged
/// NO; the command is dropped and the next one is read.
#[test]
fn literal_rejected_by_application() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    s.handle_input(b"a2 APPEND INBOX {100000}\r\n");
    match s.poll_event() {
        Some(ServerEvent::LiteralAnnounced { tag, length, .. }) => {
            assert_eq!(tag.unwrap().as_str(), "a2");
            assert_eq!(length, 100_000);
        }
        other => panic!("{other:?}"),
    }
    s.reject_literal(text("too large for you")).unwrap();
    s.handle_input(b"a3 NOOP\r\n");
    assert_eq!(command(&mut s).tag.as_str(), "a3");
    s.reply_ok(text("ok")).unwrap();
    assert_eq!(
        out(&mut s),
        "a1 OK ok\r\na2 NO too large for you\r\na3 OK ok\r\n"
    );
}

/// RFC 9051 §4.3, RFC 7888 §4: a literal over the configured limit is refused by the machine
/// with NO [TOOBIG] (synchronizing) or BAD [TOOBIG] (non-synchronizing, data skipped).
#[test]
fn literal_refused_for_size() {
    let mut s = server(ServerConfig::default().with_max_literal_len(1000));
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    out(&mut s);
    s.handle_input(b"a2 APPEND INBOX {1001}\r\n");
    match s.poll_event() {
        Some(ServerEvent::Malformed(e)) => assert_eq!(e.tag.unwrap().as_str(), "a2"),
        other => panic!("{other:?}"),
    }
    assert!(out(&mut s).starts_with("a2 NO [TOOBIG] "));
    let mut nonsync = b"a3 APPEND INBOX {1001+}\r\n".to_vec();
    nonsync.extend(std::iter::repeat_n(b'x', 1001));
    nonsync.extend_from_slice(b"\r\na4 NOOP\r\n");
    s.handle_input(&nonsync);
    assert!(matches!(s.poll_event(), Some(ServerEvent::Malformed(_))));
    assert!(out(&mut s).starts_with("a3 BAD [TOOBIG] "));
    assert_eq!(command(&mut s).tag.as_str(), "a4");
}

/// RFC 2177 §3 / RFC 9051 §6.3.13: IDLE is accepted with `+`, untagged EXISTS goes out while
/// idling, DONE ends it and the tagged OK follows.
#[test]
fn idle_with_exists() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    s.handle_input(b"a2 SELECT INBOX\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    out(&mut s);
    s.handle_input(b"a3 IDLE\r\n");
    assert_eq!(command(&mut s).body, CommandBody::Idle);
    s.accept_idle().unwrap();
    s.reply_data(Data::Exists(4)).unwrap();
    assert!(
        s.reply_ok(text("x")).is_err(),
        "no tagged status before DONE"
    );
    s.handle_input(b"DO");
    assert!(s.poll_event().is_none());
    s.handle_input(b"NE\r\na4 NOOP\r\n");
    assert!(matches!(s.poll_event(), Some(ServerEvent::IdleDone { .. })));
    s.reply_ok(text("IDLE terminated")).unwrap();
    assert_eq!(command(&mut s).tag.as_str(), "a4");
    assert_eq!(
        out(&mut s),
        "+ idling\r\n* 4 EXISTS\r\na3 OK IDLE terminated\r\n"
    );
}

/// RFC 2177 §3: a command instead of DONE ends IDLE with BAD and is not executed.
#[test]
fn idle_other_line_is_bad() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    s.handle_input(b"a2 IDLE\r\n");
    command(&mut s);
    s.accept_idle().unwrap();
    out(&mut s);
    s.handle_input(b"a3 NOOP\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Refused {
            refusal: Refusal::ExpectedDone,
            ..
        })
    ));
    assert_eq!(out(&mut s), "a2 BAD expected DONE\r\n");
}

/// RFC 9051 §6.2.2, RFC 4959: AUTHENTICATE with an initial response, a challenge, the
/// client's answer; `*` cancels with a tagged BAD.
#[test]
fn authenticate_exchange_and_cancel() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 AUTHENTICATE PLAIN\r\n");
    let c = command(&mut s);
    assert!(matches!(
        c.body,
        CommandBody::Authenticate {
            initial_response: None,
            ..
        }
    ));
    s.auth_challenge(b"").unwrap();
    s.handle_input(b"AGFsaWNlAHNlY3JldA==\r\n");
    match s.poll_event() {
        Some(ServerEvent::AuthResponse { tag, response }) => {
            assert_eq!(tag.as_str(), "a1");
            assert_eq!(response.as_bytes(), Some(&b"\0alice\0secret"[..]));
        }
        other => panic!("{other:?}"),
    }
    s.reply_ok(text("authenticated")).unwrap();
    assert_eq!(s.state(), ServerState::Authenticated);
    assert_eq!(out(&mut s), "+ \r\na1 OK authenticated\r\n");

    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 AUTHENTICATE PLAIN\r\n");
    command(&mut s);
    s.auth_challenge(b"").unwrap();
    s.handle_input(b"*\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Refused {
            refusal: Refusal::AuthCancelled,
            ..
        })
    ));
    assert_eq!(s.state(), ServerState::NotAuthenticated);
    assert_eq!(out(&mut s), "+ \r\na1 BAD authentication cancelled\r\n");
}

/// RFC 9051 §6.1.3: the server sends BYE before the tagged OK to LOGOUT.
#[test]
fn logout_sends_bye_first() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGOUT\r\n");
    command(&mut s);
    s.reply_ok(text("LOGOUT completed")).unwrap();
    assert_eq!(s.state(), ServerState::Logout);
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::Closed(CloseReason::Logout))
    );
    assert_eq!(
        out(&mut s),
        "* BYE logging out\r\na1 OK LOGOUT completed\r\n"
    );
    // And an explicit BYE during LOGOUT is not doubled.
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGOUT\r\n");
    command(&mut s);
    s.reply_status(Condition::Bye, text("bye")).unwrap();
    s.reply_ok(text("done")).unwrap();
    assert_eq!(out(&mut s), "* BYE bye\r\na1 OK done\r\n");
}

/// RFC 9051 §7.1.3: a malformed command gets a tagged BAD and is skipped exactly.
#[test]
fn malformed_commands_are_skipped() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 XYZZY\r\n* NOOP\r\na2 NOOP\r\n");
    assert!(matches!(s.poll_event(), Some(ServerEvent::Malformed(_))));
    assert!(matches!(s.poll_event(), Some(ServerEvent::Malformed(_))));
    assert_eq!(command(&mut s).tag.as_str(), "a2");
    let o = out(&mut s);
    assert!(o.starts_with("a1 BAD "), "{o}");
    assert!(o.contains("\r\n* BAD "), "{o}");
}

/// RFC 5161 §3.1, RFC 6855 §3: ENABLE only in the authenticated state; after
/// `* ENABLED UTF8=ACCEPT` mailbox names are UTF-8.
#[test]
fn enable_utf8() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    out(&mut s);
    // Before ENABLE, an 8-bit mailbox name is refused as malformed.
    s.handle_input("a2 SELECT \"Entwürfe\"\r\n".as_bytes());
    assert!(matches!(s.poll_event(), Some(ServerEvent::Malformed(_))));
    s.handle_input(b"a3 ENABLE UTF8=ACCEPT\r\n");
    command(&mut s);
    s.reply_data(Data::Enabled(vec![Atom::new("UTF8=ACCEPT").unwrap()]))
        .unwrap();
    s.reply_ok(text("enabled")).unwrap();
    assert!(s.utf8());
    s.handle_input("a4 SELECT \"Entwürfe\"\r\n".as_bytes());
    let c = command(&mut s);
    assert!(
        matches!(c.body, CommandBody::Select { ref mailbox, .. } if mailbox.as_str() == "Entwürfe")
    );
    s.reply_ok(text("ok")).unwrap();
    // In the selected state ENABLE is refused (RFC 5161 §3.1).
    s.handle_input(b"a5 ENABLE CONDSTORE\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::Refused {
            refusal: Refusal::EnableNotAuthenticatedState,
            ..
        })
    ));
}

/// RFC 9051 §5.4: the autologout timer is at least 30 minutes; expiry sends BYE.
#[test]
fn autologout() {
    let t0 = Instant::now();
    let mut s = Server::new(ServerConfig::default(), &greeting(), t0);
    let deadline = s.poll_timeout().unwrap();
    assert!(deadline >= t0 + Duration::from_secs(1800));
    s.handle_timeout(deadline);
    assert_eq!(s.state(), ServerState::Logout);
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::Closed(CloseReason::AutoLogout))
    );
    assert!(out(&mut s).ends_with("* BYE autologout; idle for too long\r\n"));
}

/// RFC 4978 §3: compression starts right after the CRLF of the tagged OK; poll_transmit
/// stops at that boundary.
#[test]
fn compress_boundary() {
    let mut s = server(ServerConfig::default());
    s.handle_input(b"a1 LOGIN a b\r\n");
    command(&mut s);
    s.reply_ok(text("ok")).unwrap();
    out(&mut s);
    s.handle_input(b"a2 COMPRESS DEFLATE\r\n");
    command(&mut s);
    s.reply_ok(text("DEFLATE active")).unwrap();
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::Compress { discarded: vec![] })
    );
    s.reply_data(Data::Exists(1)).unwrap();
    assert_eq!(out(&mut s), "a2 OK DEFLATE active\r\n");
    assert_eq!(out(&mut s), "* 1 EXISTS\r\n");
}

/// Sans-IO contract: the same session fed one byte at a time gives the same output.
#[test]
fn byte_at_a_time() {
    let input: &[u8] = b"a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\na2 SELECT INBOX\r\na3 IDLE\r\nDONE\r\na4 LOGOUT\r\n";
    let mut s = server(ServerConfig::default().with_auto_accept_literals(true));
    let mut transcript = String::new();
    for b in input {
        s.handle_input(std::slice::from_ref(b));
        while let Some(ev) = s.poll_event() {
            match ev {
                ServerEvent::Command(c) => match c.body {
                    CommandBody::Idle => s.accept_idle().unwrap(),
                    _ => s.reply_ok(text("ok")).unwrap(),
                },
                ServerEvent::IdleDone { .. } => s.reply_ok(text("done")).unwrap(),
                ServerEvent::Closed(_) => {}
                other => panic!("{other:?}"),
            }
        }
        transcript.push_str(&out(&mut s));
    }
    assert_eq!(
        transcript,
        "+ Ready for literal data\r\n+ Ready for literal data\r\na1 OK ok\r\na2 OK ok\r\n+ idling\r\na3 OK done\r\n* BYE logging out\r\na4 OK ok\r\n"
    );
}

/// RFC 9051 §7.1.4, §7.1.5: a PREAUTH greeting starts in the authenticated state; a BYE
/// greeting ends the session at once.
#[test]
fn preauth_and_bye_greetings() {
    let preauth = Greeting {
        kind: GreetingKind::PreAuth,
        text: text("welcome back"),
    };
    let mut s = Server::new(ServerConfig::default(), &preauth, Instant::now());
    assert_eq!(s.state(), ServerState::Authenticated);
    s.handle_input(b"a1 LOGIN a b\r\na2 SELECT INBOX\r\n");
    assert!(matches!(s.poll_event(), Some(ServerEvent::Refused { .. })));
    assert!(matches!(command(&mut s).body, CommandBody::Select { .. }));
    // A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2).
    s.reply_no(text("no such mailbox")).unwrap();
    assert_eq!(s.state(), ServerState::Authenticated);
    assert_eq!(
        out(&mut s),
        "* PREAUTH welcome back\r\na1 BAD already authenticated\r\na2 NO no such mailbox\r\n"
    );

    let bye = Greeting {
        kind: GreetingKind::Bye,
        text: text("too many connections"),
    };
    let mut s = Server::new(ServerConfig::default(), &bye, Instant::now());
    assert_eq!(s.state(), ServerState::Logout);
    assert_eq!(
        s.poll_event(),
        Some(ServerEvent::Closed(CloseReason::Rejected))
    );
    s.handle_input(b"a1 NOOP\r\n");
    assert!(s.poll_event().is_none());
    assert_eq!(out(&mut s), "* BYE too many connections\r\n");
}

/// Wrong-state calls are usage errors, never silent: RFC 9051 §2.2.2 (one tagged status per
/// command), §4.3 (a continuation only for an announced literal).
#[test]
fn usage_errors() {
    let mut s = server(ServerConfig::default());
    assert!(s.reply_ok(text("x")).is_err());
    assert!(s.accept_literal().is_err());
    assert!(s.reject_literal(text("x")).is_err());
    assert!(s.accept_idle().is_err());
    assert!(s.auth_challenge(b"x").is_err());
    assert!(s.tls_established().is_err());
    s.handle_input(b"a1 LOGIN {3}\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(ServerEvent::LiteralAnnounced { .. })
    ));
    assert!(
        s.reply_ok(text("x")).is_err(),
        "the literal needs a decision first"
    );
    s.handle_input(b"");
    s.accept_literal().unwrap();
    s.handle_input(b"abc b\r\n");
    command(&mut s);
    assert!(s.accept_idle().is_err(), "LOGIN is not IDLE");
    assert!(
        s.reply_status(Condition::PreAuth, text("x")).is_err(),
        "PREAUTH is greeting-only"
    );
    s.reply_ok(text("ok")).unwrap();
    assert!(s.reply_ok(text("again")).is_err());
}
