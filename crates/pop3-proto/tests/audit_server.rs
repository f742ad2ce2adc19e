//! Server state machine checks against RFC 1939 and RFC 2595.

use std::time::Instant;

use pop3_proto::server::{Event, Refusal, Server, ServerConfig, State};
use pop3_proto::*;

fn server() -> Server {
    let greeting = Greeting(StatusLine::ok(
        ResponseText::text("POP3 ready <42.1700000000@example.org>").unwrap(),
    ));
    let mut s = Server::new(ServerConfig::default(), greeting, Instant::now());
    take(&mut s);
    s
}

fn take(s: &mut Server) -> String {
    let mut out = Vec::new();
    s.poll_transmit(&mut out);
    String::from_utf8(out).unwrap()
}

/// RFC 2595 §4: after TLS is active a second STLS gets "-ERR Command not permitted when TLS
/// active"; the machine answers it by itself and says why.
#[test]
fn second_stls_is_refused() {
    let mut s = server();
    assert!(!s.is_tls());
    s.handle_input(b"STLS\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(Event::Command(Command::Stls))
    ));
    s.accept_stls(ResponseText::text("Begin TLS negotiation").unwrap())
        .unwrap();
    assert!(matches!(s.poll_event(), Some(Event::StartTls { .. })));
    assert!(s.is_tls());
    take(&mut s);
    s.handle_input(b"STLS\r\n");
    assert_eq!(
        s.poll_event(),
        Some(Event::Refused {
            command: CommandKind::Stls,
            reason: Refusal::TlsActive,
        })
    );
    assert!(take(&mut s).starts_with("-ERR "));
    assert_eq!(s.state(), State::Authorization);
    // Other commands go on.
    s.handle_input(b"CAPA\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(Event::Command(Command::Capa))
    ));
}

/// RFC 1939 §6: QUIT in TRANSACTION enters UPDATE; nothing after it is executed, and the
/// session closes once QUIT is answered.
#[test]
fn quit_enters_update_and_nothing_follows() {
    let mut s = server();
    s.handle_input(b"USER alice\r\nPASS secret\r\nQUIT\r\nDELE 1\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(Event::Command(Command::User(_)))
    ));
    s.reply_ok(ResponseText::empty()).unwrap();
    assert!(matches!(
        s.poll_event(),
        Some(Event::Command(Command::Pass(_)))
    ));
    s.accept_login(ResponseText::empty()).unwrap();
    assert!(matches!(
        s.poll_event(),
        Some(Event::Command(Command::Quit))
    ));
    assert_eq!(s.state(), State::Update);
    s.reply_ok(ResponseText::text("bye").unwrap()).unwrap();
    assert_eq!(s.state(), State::Closed);
    assert!(
        !std::iter::from_fn(|| s.poll_event())
            .any(|e| matches!(e, Event::Command(Command::Dele(_))))
    );
}
