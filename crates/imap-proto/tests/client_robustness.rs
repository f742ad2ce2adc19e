//! The client machine never panics, whatever the server sends (the DESIGN rule "parsers never
//! panic on any input").

use std::time::{Duration, Instant};

use imap_proto::client::{Client, ClientConfig, ClientEvent};
use imap_proto::decode::ResponseConfig;
use imap_proto::types::command::CommandBody;
use imap_proto::types::core::{IString, Mailbox};
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "* OK ",
    "* PREAUTH ",
    "* BYE ",
    "A1 ",
    "A2 ",
    "A3 ",
    "OK ",
    "NO ",
    "BAD ",
    "+ ",
    "+ YWJj",
    "[CAPABILITY IMAP4rev2 LITERAL+ SASL-IR]",
    "* 3 EXISTS",
    "* ENABLED UTF8=ACCEPT",
    "* 1 FETCH (BODY[] {3}\r\nabc)",
    "{5}",
    "\r\n",
    "\n",
    "x",
    "* CAPABILITY IMAP4rev1",
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Arbitrary responses cut anywhere, with commands of every kind queued: no panic.
    #[test]
    fn no_panic_on_any_input(data in input(), cuts in prop::collection::vec(1usize..50, 1..20), choice in any::<u8>()) {
        let config = ClientConfig::default()
            .with_responses(ResponseConfig::lenient().with_max_literal_size(64).with_max_response_size(512))
            .with_response_timeout(Some(Duration::from_secs(60)));
        let t0 = Instant::now();
        let mut c = Client::new(config, t0);
        let _ = c.send_command(CommandBody::Login {
            username: IString::try_from("a").unwrap(),
            password: IString::try_from("b\r\nc").unwrap().into(),
        });
        let _ = c.send_authenticate(Mechanism::PLAIN, Some(b"\0a\0b"));
        let _ = c.send_command(CommandBody::Idle);
        let _ = c.send_command(CommandBody::Select { mailbox: Mailbox::new("INBOX").unwrap(), params: vec![] });
        let _ = c.send_command(CommandBody::StartTls);
        let mut rest = &data[..];
        let mut i = 0;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let n = cuts[i % cuts.len()].min(rest.len());
            c.handle_input(&rest[..n]);
            rest = &rest[n..];
            i += 1;
            while let Some(ev) = c.poll_event() {
                match ev {
                    ClientEvent::AuthChallenge { .. } => {
                        let r = if choice.is_multiple_of(2) { SaslResponse::Cancel } else { SaslResponse::Empty };
                        c.send_auth_response(&r).unwrap();
                    }
                    ClientEvent::IdleStarted { .. } => c.send_idle_done().unwrap(),
                    ClientEvent::StartTls => c.tls_established().unwrap(),
                    _ => {}
                }
            }
            c.poll_transmit(&mut out);
        }
        c.handle_timeout(t0 + Duration::from_secs(3600));
        c.handle_eof();
        c.poll_transmit(&mut out);
        prop_assert!(out.is_empty() || out.ends_with(b"\r\n"), "output ends a line");
    }
}
