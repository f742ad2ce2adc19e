//! Properties shared by the fuzz targets (`fuzz/`) and the test suite.
//!
//! Each `check_*` function panics when a property does not hold; the fuzz targets call them on
//! fuzzer input and the tests call them on generated input and on the committed corpora, so
//! both check the same thing. Compiled only for tests and under `cfg(fuzzing)`.
//!
//! - decode: arbitrary bytes never panic, a result stays inside the input, nothing is buffered
//!   past the line limit, and a value that decodes encodes to bytes that decode to it again;
//! - round trip: a valid value (feature `arbitrary`) encodes and decodes to itself, and every
//!   proper prefix of its encoding is `Incomplete`;
//! - chunking: the same bytes fed in pieces give the same values as fed whole;
//! - sessions: the client and server state machines under arbitrary operations never panic,
//!   write a bounded amount, stay closed once closed, and never treat bytes received after
//!   `STARTTLS` (before TLS) as commands or replies.

use std::time::{Duration, Instant};

use mail_core::harness::split_cuts;
pub use mail_core::harness::{cut_points, replay_corpus, stream};
use mail_core::sasl::wire::SaslResponse;
use mail_core::{DecodeResult, Decoded, Encode, IntoOwned, Secret};

use crate::client::{Client, ClientConfig, ClientEvent, ClientState};
use crate::decode::{CommandDecoderConfig, ReplyDecoderConfig};
use crate::server::{Server, ServerConfig, ServerEvent, ServerState};
use crate::types::ehlo::{Capability, EhloReply};
use crate::types::params::{MailParams, RcptParams};
use crate::{Command, CommandDecoder, Reply, ReplyDecoder, ReplyFramer};

/// Chunking gives the same values as the whole input, up to the first error, and both fail at
/// the same message.
pub fn check_same_stream<T: PartialEq + std::fmt::Debug>(
    whole: &[Option<T>],
    pieces: &[Option<T>],
) {
    assert_eq!(whole, pieces, "chunking changed the decoded stream");
}

fn command_step(
    decoder: &CommandDecoder,
    buf: &[u8],
) -> Result<Decoded<Command<'static>>, Option<usize>> {
    match decoder.decode(buf) {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.skip),
    }
}

/// A command decoder configuration from flag bits: SMTPUTF8, bare LF, a space after the colon,
/// trailing spaces, relaxed EHLO names.
pub fn command_config(flags: u8) -> CommandDecoderConfig {
    let mut c = CommandDecoderConfig {
        utf8: flags & 1 != 0,
        accept_bare_lf: flags & 2 != 0,
        space_after_colon: flags & 4 != 0,
        trailing_space: flags & 8 != 0,
        relaxed_helo: flags & 16 != 0,
        ..CommandDecoderConfig::default()
    };
    c.address.utf8 = c.utf8;
    c
}

/// Decoding a command: no panic, results inside the input, nothing pending past the line
/// limit, and decode(encode(v)) == v for a value.
pub fn check_command_decode(input: &[u8], config: CommandDecoderConfig) {
    let decoder = CommandDecoder::with_config(config);
    match decoder.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_command_roundtrip(&value, config);
        }
        Ok(Decoded::Incomplete) => {
            assert!(
                input.len() <= decoder.line_limit(input),
                "Incomplete past the line limit"
            );
        }
        Err(e) => {
            if let Some(skip) = e.skip {
                assert!(skip > 0 && skip <= input.len(), "skip {skip}");
            }
        }
    }
}

/// decode(encode(command)) == command under `config` (with room for the whole line), and every
/// proper prefix of the encoding is `Incomplete`.
pub fn check_command_roundtrip(command: &Command<'_>, config: CommandDecoderConfig) {
    let wire = command.to_bytes();
    let config = CommandDecoderConfig {
        max_line_len: config.max_line_len.max(wire.len()),
        max_auth_line_len: config.max_auth_line_len.max(wire.len()),
        ..config
    };
    let decoder = CommandDecoder::with_config(config);
    match decoder.decode(&wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(
                consumed,
                wire.len(),
                "re-decode of {:?}",
                String::from_utf8_lossy(&wire)
            );
            assert_eq!(
                &value,
                command,
                "round trip of {:?}",
                String::from_utf8_lossy(&wire)
            );
        }
        other => panic!(
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
    for n in [0, wire.len() / 2, wire.len() - 1] {
        assert_eq!(
            decoder.decode(&wire[..n]),
            Ok(Decoded::Incomplete),
            "prefix {n}"
        );
    }
}

/// A reply decoder configuration from flag bits: bare LF, and a small line-count limit.
pub fn reply_config(flags: u8) -> ReplyDecoderConfig {
    let mut c = ReplyDecoderConfig {
        accept_bare_lf: flags & 1 != 0,
        ..ReplyDecoderConfig::default()
    };
    if flags & 2 != 0 {
        c.max_lines = 4;
    }
    c
}

/// Decoding a reply: no panic, results inside the input, and decode(encode(v)) == v for a
/// reply and, for a `250` that reads as an EHLO reply, for the EHLO reply too.
pub fn check_reply_decode(input: &[u8], config: ReplyDecoderConfig) {
    match ReplyDecoder::with_config(config).decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_reply_roundtrip(&value);
            if let Ok(ehlo) = EhloReply::from_reply(&value) {
                check_ehlo_roundtrip(&ehlo);
            }
        }
        Ok(Decoded::Incomplete) => {
            assert!(
                input.len() <= config.max_line_len.saturating_mul(config.max_lines),
                "Incomplete past the reply limit"
            );
        }
        Err(e) => {
            if let Some(skip) = e.skip {
                assert!(skip > 0 && skip <= input.len(), "skip {skip}");
            }
        }
    }
}

fn reply_decoder_for(wire: &[u8]) -> ReplyDecoder {
    ReplyDecoder::new()
        .with_max_line_len(wire.len().max(ReplyDecoderConfig::default().max_line_len))
        .with_max_lines(wire.len().max(1))
}

/// decode(encode(reply)) == reply, and every proper prefix of the encoding is `Incomplete`.
pub fn check_reply_roundtrip(reply: &Reply<'_>) {
    let wire = reply.to_bytes();
    let decoder = reply_decoder_for(&wire);
    match decoder.decode(&wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            assert_eq!(
                &value,
                reply,
                "round trip of {:?}",
                String::from_utf8_lossy(&wire)
            );
        }
        other => panic!(
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
    for n in [0, wire.len() / 2, wire.len() - 1] {
        assert_eq!(
            decoder.decode(&wire[..n]),
            Ok(Decoded::Incomplete),
            "prefix {n}"
        );
    }
}

/// An EHLO reply (RFC 5321 §4.1.1.1) sent with `to_reply` reads back as itself.
pub fn check_ehlo_roundtrip(ehlo: &EhloReply<'_>) {
    let reply = ehlo
        .to_reply()
        .unwrap_or_else(|e| panic!("EHLO reply {ehlo:?} cannot be sent: {e}"));
    let wire = reply.to_bytes();
    let (back, _) = reply_decoder_for(&wire)
        .decode(&wire)
        .expect("re-decode of an EHLO reply")
        .complete()
        .expect("a whole EHLO reply");
    let again = EhloReply::from_reply(&back).expect("reads back as an EHLO reply");
    assert_eq!(
        &again,
        ehlo,
        "EHLO round trip of {:?}",
        String::from_utf8_lossy(&wire)
    );
}

/// Commands fed in pieces give the same commands as fed whole.
pub fn check_command_chunking(input: &[u8], cuts: &[usize], config: CommandDecoderConfig) {
    let decoder = CommandDecoder::with_config(config);
    let limit = config.max_line_len.max(config.max_auth_line_len);
    let whole = stream(input, &[], limit, |b| command_step(&decoder, b));
    let pieces = stream(input, cuts, limit, |b| command_step(&decoder, b));
    check_same_stream(&whole, &pieces);
}

/// Replies fed in pieces to one resumable [`ReplyFramer`] give the same replies as fed whole
/// to the stateless decoder.
pub fn check_reply_chunking(input: &[u8], cuts: &[usize], config: ReplyDecoderConfig) {
    let limit = config.max_line_len.saturating_mul(config.max_lines);
    let decoder = ReplyDecoder::with_config(config);
    let whole = stream(input, &[], limit, |b| owned(decoder.decode(b)));
    let mut framer = ReplyFramer::new(config);
    let pieces = stream(input, cuts, limit, |b| owned(framer.decode(b)));
    check_same_stream(&whole, &pieces);
}

fn owned<T: IntoOwned>(r: DecodeResult<T>) -> Result<Decoded<T::Owned>, Option<usize>> {
    match r {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.skip),
    }
}

/// Fuzz target `smtp_codec`: the first byte picks the property (decode, chunking or round
/// trip of commands, replies and EHLO replies) and the decoder's leniencies.
pub fn fuzz_codec(data: &[u8]) {
    let [selector, rest @ ..] = data else {
        return;
    };
    let flags = selector >> 3;
    match selector % 8 {
        0 => check_command_decode(rest, command_config(flags)),
        1 => check_reply_decode(rest, reply_config(flags)),
        2 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_command_chunking(input, &cuts, command_config(flags));
            }
        }
        3 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_reply_chunking(input, &cuts, reply_config(flags));
            }
        }
        _ => fuzz_value_roundtrip(selector % 8 - 4, rest),
    }
}

/// Round trip of an arbitrary valid value (feature `arbitrary`): 0 a command, 1 a reply,
/// 2 an EHLO reply, 3 a capability on its own.
#[cfg(any(test, feature = "arbitrary"))]
fn fuzz_value_roundtrip(which: u8, data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    match which {
        0 => {
            if let Ok(c) = u.arbitrary::<Command<'static>>() {
                check_command_roundtrip(&c, CommandDecoderConfig::default());
            }
        }
        1 => {
            if let Ok(r) = u.arbitrary::<Reply<'static>>() {
                check_reply_roundtrip(&r);
            }
        }
        2 => {
            if let Ok(e) = u.arbitrary::<EhloReply<'static>>() {
                check_ehlo_roundtrip(&e);
            }
        }
        _ => {
            if let Ok(c) = u.arbitrary::<Capability<'static>>() {
                let mut e = EhloReply::new("mx.example.com");
                e.capabilities.push(c);
                if e.to_reply().is_ok() {
                    check_ehlo_roundtrip(&e);
                }
            }
        }
    }
}

/// Without the `arbitrary` feature there are no arbitrary values to round-trip.
#[cfg(not(any(test, feature = "arbitrary")))]
fn fuzz_value_roundtrip(_which: u8, _data: &[u8]) {}

/// Reads operations from fuzzer bytes.
struct Ops<'a> {
    data: &'a [u8],
}

impl<'a> Ops<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    /// A length byte, then that many bytes (fewer at the end of the data).
    fn bytes(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte().unwrap_or(0));
        let n = n.min(self.data.len());
        let (taken, rest) = self.data.split_at(n);
        self.data = rest;
        taken
    }
}

/// Bytes a session may write per operation and per input byte: a reply line is at most 512
/// octets, and an input byte can cause at most one reply.
const OUTPUT_PER_STEP: usize = 1024;

/// Fuzz target `smtp_session`, server side: input bytes, the application's answers, TLS and
/// timeouts in an arbitrary order.
///
/// Invariants: no panic; the output is bounded by the input and the operations; once closed the
/// server stays closed and reports nothing more; after `STARTTLS` is accepted, no command is
/// reported until TLS is established and new bytes arrive (RFC 3207 §5).
pub fn check_server_session(data: &[u8]) {
    let mut ops = Ops { data };
    let start = Instant::now();
    let mut now = start;
    let flags = ops.byte().unwrap_or(0);
    let mut config = ServerConfig::new("mx.example.com")
        .with_decoder(command_config(flags))
        .with_timeout(Duration::from_secs(300));
    if flags & 0x10 != 0 {
        config = config.lmtp();
    }
    config.max_buffered = 8192;
    let mut server = Server::new(config, now);
    let mut out = Vec::new();
    let mut input_total = 0usize;
    let mut steps = 1usize;
    let mut closed = false;
    // Between an accepted STARTTLS and the first input after TLS: no command may appear.
    let mut tls_quiet = false;
    let ehlo = {
        let mut e = EhloReply::new("mx.example.com");
        e.capabilities = vec![
            Capability::Pipelining,
            Capability::StartTls,
            Capability::Chunking,
        ];
        e
    };
    while let Some(op) = ops.byte() {
        steps += 1;
        match op % 10 {
            0..=2 => {
                let bytes = ops.bytes();
                input_total += bytes.len();
                if !bytes.is_empty() && server.state() != ServerState::StartTls {
                    tls_quiet = false;
                }
                server.handle_input(bytes);
            }
            3 => {
                let _ = server.accept();
            }
            4 => {
                let code = [421, 450, 451, 500, 501, 503, 550, 554][usize::from(op / 10 % 8)];
                let _ = server.reject(Reply::new(code, "no").expect("valid reply"));
            }
            5 => {
                let _ = server.auth_challenge(ops.bytes());
            }
            6 => {
                let _ = server.accept_ehlo(&ehlo);
            }
            7 => {
                now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 10);
                server.handle_timeout(now);
            }
            8 => {
                if server.tls_established().is_ok() {
                    tls_quiet = true;
                }
            }
            _ => {
                let _ = server.accept_with(Reply::new(250, "fine").expect("valid reply"));
            }
        }
        let before = out.len();
        server.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
            assert_eq!(server.state(), ServerState::Closed, "reopened");
        }
        while let Some(event) = server.poll_event() {
            match event {
                ServerEvent::Command(_) | ServerEvent::Data(_) | ServerEvent::AuthResponse(_) => {
                    assert!(!closed, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                    assert_ne!(server.state(), ServerState::StartTls);
                }
                ServerEvent::StartTls { .. } => tls_quiet = true,
                _ => {}
            }
        }
        if server.state() == ServerState::StartTls {
            tls_quiet = true;
        }
        // What the events flushed before a close may still be written; nothing after it.
        server.poll_transmit(&mut out);
        closed |= server.state() == ServerState::Closed;
        assert!(
            out.len() <= OUTPUT_PER_STEP * (steps + input_total),
            "{} bytes written for {steps} operations and {input_total} input bytes",
            out.len()
        );
    }
}

/// Fuzz target `smtp_session`, client side: server bytes, the application's commands and
/// body, TLS and timeouts in an arbitrary order.
///
/// Invariants: no panic; the output is bounded by what the application sent; once closed the
/// client stays closed; after the `220` to `STARTTLS`, no reply is reported until TLS is
/// established and new bytes arrive (RFC 3207 §5).
pub fn check_client_session(data: &[u8]) {
    let mut ops = Ops { data };
    let start = Instant::now();
    let mut now = start;
    let flags = ops.byte().unwrap_or(0);
    let mut config = ClientConfig {
        decoder: reply_config(flags),
        ..ClientConfig::default()
    };
    if flags & 0x10 != 0 {
        config = config.lmtp();
    }
    let mut client = Client::new(config, now);
    let mut out = Vec::new();
    let mut app_total = 0usize;
    let mut steps = 0usize;
    let mut closed = false;
    let mut tls_quiet = false;
    let mailbox = |local: &'static str| {
        mail_core::address::Path::Mailbox(
            mail_core::address::Mailbox::new(
                mail_core::address::LocalPart::new(local).expect("valid local part"),
                mail_core::address::Host::new("example.org").expect("valid host"),
            )
            .expect("valid mailbox"),
        )
    };
    while let Some(op) = ops.byte() {
        steps += 1;
        match op % 16 {
            0..=3 => {
                let bytes = ops.bytes();
                if !bytes.is_empty() && client.state() != ClientState::StartTls {
                    tls_quiet = false;
                }
                client.handle_input(bytes);
            }
            4 => {
                let _ = client.send_ehlo("client.example.net");
            }
            5 => {
                let _ = client.send_mail(mailbox("from"), MailParams::default());
            }
            6 => {
                let _ = client.send_rcpt(mailbox("to"), RcptParams::default());
            }
            7 => {
                let _ = client.send_data();
            }
            8 => {
                let body = ops.bytes();
                app_total += body.len();
                let _ = client.send_body(body);
            }
            9 => {
                let _ = client.finish_body();
            }
            10 => {
                let chunk = ops.bytes();
                app_total += chunk.len();
                let _ = client.send_bdat(chunk, op & 0x10 != 0);
            }
            11 => {
                let _ = client.send(&Command::StartTls);
            }
            12 => {
                let _ = client.send(&Command::Auth {
                    mechanism: mail_core::sasl::Mechanism::new("PLAIN").expect("valid name"),
                    initial_response: None,
                });
            }
            13 => {
                let data = ops.bytes();
                app_total += data.len();
                let response = match op >> 4 & 3 {
                    0 => SaslResponse::Cancel,
                    1 => SaslResponse::Empty,
                    _ => SaslResponse::Data(Secret::new(data.to_vec())),
                };
                let _ = client.send_auth_response(&response);
            }
            14 => {
                if client.tls_established().is_ok() {
                    tls_quiet = true;
                }
            }
            _ => {
                if op & 0x10 != 0 {
                    let _ = client.send_quit();
                } else {
                    now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 10);
                    client.handle_timeout(now);
                }
            }
        }
        let before = out.len();
        client.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
            assert_eq!(client.state(), ClientState::Closed, "reopened");
        }
        while let Some(event) = client.poll_event() {
            match event {
                ClientEvent::Greeting(_)
                | ClientEvent::Reply { .. }
                | ClientEvent::DataReady
                | ClientEvent::AuthChallenge(_) => {
                    assert!(!closed, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                }
                ClientEvent::StartTls => tls_quiet = true,
                _ => {}
            }
        }
        if client.state() == ClientState::StartTls {
            tls_quiet = true;
        }
        // What the events flushed before a close may still be written; nothing after it.
        client.poll_transmit(&mut out);
        closed |= client.state() == ClientState::Closed;
        // Dot-stuffing at most doubles the body; each command line is under 1 KiB.
        assert!(
            out.len() <= 2 * app_total + OUTPUT_PER_STEP * steps,
            "{} bytes written for {steps} operations and {app_total} application bytes",
            out.len()
        );
    }
}

/// Fuzz target `smtp_session`: the first byte picks the client or the server.
pub fn fuzz_session(data: &[u8]) {
    match data.split_first() {
        Some((s, rest)) if s & 1 == 0 => check_server_session(rest),
        Some((_, rest)) => check_client_session(rest),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The committed fuzz corpora (RFC 5321 examples, Appendix D traces, past findings) stay
    /// regression tests.
    #[test]
    fn replay_committed_corpora() {
        for (name, target) in [
            ("smtp_codec", fuzz_codec as fn(&[u8])),
            ("smtp_session", fuzz_session),
        ] {
            assert!(replay_corpus(name, target) > 0, "empty corpus {name}");
        }
    }

    /// Bytes biased towards the SMTP grammar's terminals.
    fn smtp_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                Just(b' '),
                Just(b'\r'),
                Just(b'\n'),
                Just(b'<'),
                Just(b'>'),
                Just(b'.'),
                Just(b'-'),
                Just(b'2'),
                Just(b'5'),
            ],
            0..200,
        )
    }

    /// Prefixes that steer the decoders into their grammar.
    const PREFIXES: &[&[u8]] = &[
        b"",
        b"MAIL FROM:<",
        b"RCPT TO:<",
        b"EHLO ",
        b"AUTH PLAIN ",
        b"BDAT ",
        b"250-",
        b"250 ",
        b"354 ",
        b"STARTTLS\r\n",
        b"DATA\r\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// RFC 5321 §4.1.1 and §4.2: the decode and chunking properties of the fuzz target
        /// `smtp_codec` on grammar-biased input.
        #[test]
        fn codec_properties(p in 0..PREFIXES.len(), body in smtp_bytes(), selector in any::<u8>(), cuts in any::<[u8; 4]>()) {
            let mut data = vec![selector % 4 + (selector & 0xF8)];
            data.extend_from_slice(&cuts);
            data.extend_from_slice(PREFIXES[p]);
            data.extend_from_slice(&body);
            // The decode selectors read no cuts: give them the grammar-led input too.
            fuzz_codec(&data);
            let mut direct = vec![selector & 0xF9];
            direct.extend_from_slice(PREFIXES[p]);
            direct.extend_from_slice(&body);
            fuzz_codec(&direct);
        }

        /// Sessions (RFC 5321 §3, RFC 3207 §5): the invariants of the fuzz target
        /// `smtp_session` on random operation sequences.
        #[test]
        fn session_properties(ops in proptest::collection::vec(any::<u8>(), 0..400)) {
            fuzz_session(&ops);
        }
    }

    /// RFC 3207 §5: a STARTTLS pipelined with a command must not let the command through.
    #[test]
    fn server_starttls_injection_sequence() {
        // server, flags 0; input "EHLO x\r\n"; accept_ehlo; input "STARTTLS\r\nRSET\r\n";
        // accept; TLS; accept.
        let mut data = vec![0u8, 0];
        data.push(0);
        data.push(8);
        data.extend_from_slice(b"EHLO x\r\n");
        data.push(6);
        data.push(0);
        data.push(16);
        data.extend_from_slice(b"STARTTLS\r\nRSET\r\n");
        data.extend_from_slice(&[3, 8, 3]);
        fuzz_session(&data);
    }

    /// The round-trip selectors of `smtp_codec` (feature `arbitrary`) on random bytes.
    #[cfg(any(test, feature = "arbitrary"))]
    #[test]
    fn arbitrary_values_round_trip() {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(4u8..8, proptest::collection::vec(any::<u8>(), 0..512)),
                |(s, bytes)| {
                    let mut data = vec![s];
                    data.extend_from_slice(&bytes);
                    fuzz_codec(&data);
                    Ok(())
                },
            )
            .unwrap();
    }
}
