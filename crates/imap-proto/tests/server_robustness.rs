//! The server machine never panics and keeps its buffering bounded, whatever the client
//! sends (the DESIGN rule "parsers never panic on any input"; RFC 9051 §4.3 literal limits).

use std::time::{Duration, Instant};

use imap_proto::decode::{CommandDecoderConfig, FramerConfig};
use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use imap_proto::types::command::CommandBody;
use imap_proto::types::response::{Data, Greeting, GreetingKind, RespText};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "a1 ",
    "LOGIN ",
    "x y",
    "{5}",
    "{3+}",
    "~{2}",
    "\r\n",
    "\n",
    "\r",
    "AUTHENTICATE PLAIN",
    "IDLE",
    "DONE",
    "*",
    "SELECT INBOX",
    "STARTTLS",
    "COMPRESS DEFLATE",
    "LOGOUT",
    "APPEND x ",
    "FETCH 1:* FLAGS",
    "ENABLE UTF8=ACCEPT",
    "UNAUTHENTICATE",
    "NOOP",
    "\"q\"",
    "(",
    ")",
    " ",
    "AGFsaWNlAHB3",
    "=",
    "\u{e9}",
    "\0",
];

fn input() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 0..8),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

fn text() -> RespText<'static> {
    RespText::text("ok").unwrap()
}

/// An application that answers every event in a plausible way, choosing by `choice`.
fn answer(s: &mut Server, choice: u8) {
    let mut guard = 0;
    while let Some(ev) = s.poll_event() {
        guard += 1;
        assert!(guard < 10_000);
        match ev {
            ServerEvent::LiteralAnnounced { .. } => {
                if choice.is_multiple_of(2) {
                    s.accept_literal().unwrap();
                } else {
                    s.reject_literal(text()).unwrap();
                }
            }
            ServerEvent::Command(c) => {
                let _ = s.reply_data(Data::Exists(1));
                match (c.body, choice % 3) {
                    (CommandBody::Idle, 0) => s.accept_idle().unwrap(),
                    (CommandBody::Authenticate { .. }, 0) => s.auth_challenge(b"").unwrap(),
                    (_, 1) => s.reply_no(text()).unwrap(),
                    _ => s.reply_ok(text()).unwrap(),
                }
            }
            ServerEvent::AuthResponse { .. } => s.reply_ok(text()).unwrap(),
            ServerEvent::IdleDone { .. } => s.reply_ok(text()).unwrap(),
            ServerEvent::StartTls { .. } => s.tls_established().unwrap(),
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Arbitrary input cut at arbitrary places: no panic, output only on whole lines.
    #[test]
    fn no_panic_on_any_input(data in input(), cuts in prop::collection::vec(1usize..50, 1..20), choice in any::<u8>()) {
        let greeting = Greeting { kind: GreetingKind::Ok, text: text() };
        let config = ServerConfig::default()
            .with_starttls(choice.is_multiple_of(5))
            .with_login_disabled(choice.is_multiple_of(7))
            .with_decoder(CommandDecoderConfig::default().with_framer(
                FramerConfig::default().with_max_line_len(200).with_max_literal_len(64),
            ))
            .with_max_buffered(4096);
        let mut s = Server::new(config, &greeting, Instant::now());
        let mut rest = &data[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = cuts[i % cuts.len()].min(rest.len());
            s.handle_input(&rest[..n]);
            rest = &rest[n..];
            i += 1;
            answer(&mut s, choice.wrapping_add(i as u8));
        }
        s.handle_timeout(Instant::now() + Duration::from_secs(3600));
        let mut out = Vec::new();
        s.poll_transmit(&mut out);
        s.poll_transmit(&mut out);
        prop_assert!(out.is_empty() || out.ends_with(b"\r\n"));
        if s.state() != ServerState::Logout {
            prop_assert!(s.poll_timeout().is_some());
        }
    }
}
