//! RFC example sessions as trace files, decoded, re-encoded, and replayed through the server
//! and client state machines.

mod common;

use std::time::Instant;

use common::*;
use pop3_proto::client::{Client, ClientConfig, Event};
use pop3_proto::server::{Server, ServerConfig, State};
use pop3_proto::*;

const TRACES: [&str; 3] = [
    "rfc1939-section10.trace",
    "rfc2449-capa-pipelining.trace",
    "dovecot-2.3-pipelined.trace",
];

/// Every command and response of the traces decodes, and re-encodes byte for byte.
#[test]
fn traces_decode_and_reencode() {
    for name in TRACES {
        let trace = load_trace(name);
        let commands = decode_commands(&trace.client);
        let responses = decode_responses(&trace.server, &commands);
        assert_eq!(responses.len(), commands.len() + 1, "{name}");
    }
}

/// RFC 1939 §10: the APOP digest of the example is MD5 of the timestamp and "tanstaaf".
#[test]
fn rfc1939_apop_digest_from_greeting() {
    let trace = load_trace(TRACES[0]);
    let mut client = Client::new(ClientConfig::default(), Instant::now());
    let greeting_end = trace.server.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    client.handle_input(&trace.server[..greeting_end]);
    client.send_apop("mrose", b"tanstaaf").unwrap();
    let mut out = Vec::new();
    client.poll_transmit(&mut out);
    assert_eq!(out, b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
}

/// The server machine, fed the client side in one piece (pipelined) or byte by byte, and
/// answering from the script, writes exactly the server side of the trace.
#[test]
fn server_replays_traces() {
    for name in TRACES {
        let trace = load_trace(name);
        let commands = decode_commands(&trace.client);
        let responses = decode_responses(&trace.server, &commands);
        for step in [trace.client.len(), 1, 7] {
            let mut script = responses.clone().into_iter();
            let Some(Response::Greeting(g)) = script.next() else {
                panic!()
            };
            let mut server = Server::new(ServerConfig::default(), g, Instant::now());
            for piece in trace.client.chunks(step) {
                server.handle_input(piece);
                drive_scripted(&mut server, &mut script);
            }
            let mut out = Vec::new();
            server.poll_transmit(&mut out);
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&trace.server),
                "{name} step {step}"
            );
            assert_eq!(server.state(), State::Closed);
        }
    }
}

/// A compact transcript of client events, body pieces joined.
fn transcript(events: Vec<Event>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut body = Vec::new();
    for e in events {
        match e {
            Event::Body(b) => body.extend_from_slice(&b),
            other => {
                if !body.is_empty() {
                    out.push(format!("body {:?}", String::from_utf8_lossy(&body)));
                    body.clear();
                }
                out.push(format!("{other:?}"));
            }
        }
    }
    out
}

/// Replays a trace through the client: commands are sent as soon as the state allows, the
/// server side is fed in pieces of `step` bytes, never beyond the responses to the commands the
/// client has written (a server does not answer before it is asked).
fn client_replay(name: &str, step: usize) -> (Vec<u8>, Vec<String>) {
    let trace = load_trace(name);
    let commands = decode_commands(&trace.client);
    let responses = decode_responses(&trace.server, &commands);
    let ends: Vec<usize> = responses
        .iter()
        .scan(0, |end, r| {
            *end += r.to_bytes().len();
            Some(*end)
        })
        .collect();
    let mut client = Client::new(ClientConfig::default(), Instant::now());
    let mut pending = commands.into_iter().peekable();
    let mut events = Vec::new();
    let mut out = Vec::new();
    let mut fed = 0;
    loop {
        while let Some(c) = pending.peek() {
            if client.send(c).is_err() {
                break;
            }
            pending.next();
        }
        client.poll_transmit(&mut out);
        while let Some(e) = client.poll_event() {
            events.push(e);
        }
        let written = out.iter().filter(|&&b| b == b'\n').count();
        let allowed = ends[written.min(ends.len() - 1)];
        if fed >= allowed {
            break;
        }
        let end = allowed.min(fed.saturating_add(step));
        client.handle_input(&trace.server[fed..end]);
        fed = end;
    }
    assert!(pending.next().is_none(), "{name}: unsent commands");
    assert_eq!(fed, trace.server.len(), "{name}: server bytes left");
    (out, transcript(events))
}

/// The client, with the server side cut at every byte, writes the client side of the trace and
/// reports the same events.
#[test]
fn client_replays_traces_at_every_cut() {
    for name in TRACES {
        let trace = load_trace(name);
        let (out, whole) = client_replay(name, trace.server.len());
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&trace.client),
            "{name}"
        );
        assert!(
            whole.last().is_some_and(|e| e == "Closed"),
            "{name}: {whole:#?}"
        );
        for step in 1..64 {
            let (out_n, events_n) = client_replay(name, step);
            assert_eq!(out_n, out, "{name} step {step}");
            assert_eq!(events_n, whole, "{name} step {step}");
        }
    }
}

/// RFC 2449 §6.6: once CAPA announced PIPELINING, the client writes the commands after login
/// together, and matches the responses in order.
#[test]
fn client_pipelines_after_capa() {
    let (_, events) = client_replay(TRACES[1], usize::MAX);
    let joined = events.join("\n");
    assert!(joined.contains("Response { command: Stat"));
    assert!(joined.contains("End { command: Uidl }"));
    assert!(joined.contains("body \"Subject: first\\r\\n\\r\\n\""));
    assert!(
        joined.contains("command: Retr, response: Status"),
        "{joined}"
    );
}
