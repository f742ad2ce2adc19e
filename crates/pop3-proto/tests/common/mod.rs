//! Shared helpers of the integration tests: trace files, a scripted server application, a
//! mock maildrop.
#![allow(dead_code)]

use pop3_proto::server::{Event as ServerEvent, Server};
use pop3_proto::*;

/// A trace file: `C: line` and `S: line` (each becomes the line plus CR LF), `#` comments.
pub struct Trace {
    pub client: Vec<u8>,
    pub server: Vec<u8>,
}

pub fn load_trace(name: &str) -> Trace {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut trace = Trace {
        client: Vec::new(),
        server: Vec::new(),
    };
    for line in text.lines() {
        let (dst, rest) = if let Some(rest) = line.strip_prefix("C:") {
            (&mut trace.client, rest)
        } else if let Some(rest) = line.strip_prefix("S:") {
            (&mut trace.server, rest)
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "bad trace line {line:?}"
            );
            continue;
        };
        dst.extend_from_slice(rest.strip_prefix(' ').unwrap_or(rest).as_bytes());
        dst.extend_from_slice(b"\r\n");
    }
    trace
}

/// Decodes a whole client stream into owned commands, checking each re-encodes to its bytes.
pub fn decode_commands(bytes: &[u8]) -> Vec<Command<'static>> {
    let decoder = CommandDecoder::default();
    let mut rest = bytes;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (cmd, used) = decoder
            .decode(rest)
            .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(rest)))
            .complete()
            .expect("complete command");
        assert_eq!(
            cmd.to_bytes(),
            &rest[..used],
            "command re-encodes byte for byte"
        );
        out.push(cmd.into_owned());
        rest = &rest[used..];
    }
    out
}

/// Decodes a whole server stream given the commands, checking each response re-encodes to its
/// bytes. The first response is the greeting.
pub fn decode_responses(bytes: &[u8], commands: &[Command<'_>]) -> Vec<Response<'static>> {
    let decoder = ResponseDecoder::default();
    let mut rest = bytes;
    let mut out = Vec::new();
    let expects = std::iter::once(Expect::Greeting).chain(commands.iter().map(Expect::for_command));
    for expect in expects {
        let (r, used) = decoder
            .decode(rest, expect)
            .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(rest)))
            .complete()
            .expect("complete response");
        assert_eq!(
            r.to_bytes(),
            &rest[..used],
            "response re-encodes byte for byte"
        );
        out.push(r.into_owned());
        rest = &rest[used..];
    }
    assert!(rest.is_empty(), "trailing server bytes");
    out
}

/// Answers `command` through the server's typed methods with `response` (from a trace).
pub fn answer(server: &mut Server, command: &Command<'_>, response: &Response<'_>) {
    match response {
        Response::Status(s) if s.is_ok() => match command.kind() {
            CommandKind::Pass | CommandKind::Apop | CommandKind::Auth => {
                server.accept_login(s.text.clone()).unwrap()
            }
            CommandKind::Stls => server.accept_stls(s.text.clone()).unwrap(),
            _ => server.reply_ok(s.text.clone()).unwrap(),
        },
        Response::Status(s) => server.reply_err(s.text.clone()).unwrap(),
        Response::Stat(s) => server.reply_stat(s.count, s.size).unwrap(),
        Response::Scan(e) => server.reply_scan(e).unwrap(),
        Response::UniqueId(e) => server.reply_uid(e).unwrap(),
        Response::ScanListing { ok, entries } => {
            server.start_multi_line(ok.clone()).unwrap();
            for e in entries {
                server.send_item(&ListItem::Scan(e.clone())).unwrap();
            }
            server.finish_multi_line().unwrap();
        }
        Response::UidListing { ok, entries } => {
            server.start_multi_line(ok.clone()).unwrap();
            for e in entries {
                server.send_item(&ListItem::UniqueId(e.clone())).unwrap();
            }
            server.finish_multi_line().unwrap();
        }
        Response::Capabilities { ok, capabilities } => {
            server.start_multi_line(ok.clone()).unwrap();
            for c in capabilities {
                server.send_item(&ListItem::Capability(c.clone())).unwrap();
            }
            server.finish_multi_line().unwrap();
        }
        Response::Message { ok, body } => {
            server.start_multi_line(ok.clone()).unwrap();
            // In uneven pieces, to exercise the streaming encoder.
            for piece in body.as_bytes().chunks(5) {
                server.send_body(piece).unwrap();
            }
            server.finish_multi_line().unwrap();
        }
        other => panic!("no scripted answer for {other:?}"),
    }
}

/// Runs the server's pending events, answering commands from `script` in order.
pub fn drive_scripted(server: &mut Server, script: &mut std::vec::IntoIter<Response<'static>>) {
    while let Some(event) = server.poll_event() {
        match event {
            ServerEvent::Command(c) => {
                let r = script.next().expect("a scripted response");
                answer(server, &c, &r);
            }
            ServerEvent::Closed(_) => {}
            other => panic!("unexpected server event {other:?}"),
        }
    }
}

/// A maildrop application behind a [`Server`].
pub struct Maildrop {
    pub user: &'static str,
    pub password: &'static str,
    pub messages: Vec<(Vec<u8>, bool)>,
    pub tls_started: Vec<Vec<u8>>,
}

fn t(s: &'static str) -> ResponseText<'static> {
    ResponseText::text(s).unwrap()
}

impl Maildrop {
    pub fn new(messages: Vec<Vec<u8>>) -> Self {
        Maildrop {
            user: "alice",
            password: "open sesame",
            messages: messages.into_iter().map(|m| (m, false)).collect(),
            tls_started: Vec::new(),
        }
    }

    fn msg(&self, n: MessageNumber) -> Option<&Vec<u8>> {
        self.messages
            .get(n.get() as usize - 1)
            .filter(|(_, deleted)| !deleted)
            .map(|(m, _)| m)
    }

    fn live(&self) -> impl Iterator<Item = (u32, &Vec<u8>)> {
        self.messages
            .iter()
            .enumerate()
            .filter(|(_, (_, d))| !d)
            .map(|(i, (m, _))| (i as u32 + 1, m))
    }

    /// Answers every pending server event.
    pub fn drive(&mut self, server: &mut Server) {
        while let Some(event) = server.poll_event() {
            let ServerEvent::Command(command) = event else {
                if let ServerEvent::StartTls { discarded } = event {
                    self.tls_started.push(discarded);
                }
                continue;
            };
            let none = || ResponseText::empty();
            match command {
                Command::Capa => server
                    .reply_capabilities(&[
                        Capability::Top,
                        Capability::User,
                        Capability::Uidl,
                        Capability::Pipelining,
                        Capability::RespCodes,
                        Capability::Stls,
                    ])
                    .unwrap(),
                Command::User(name) if name.as_str() == self.user => {
                    server.reply_ok(none()).unwrap()
                }
                Command::User(_) => server.reply_err(t("unknown user")).unwrap(),
                Command::Pass(p) if p.expose() == self.password => {
                    server.accept_login(t("maildrop locked")).unwrap()
                }
                Command::Pass(_) => server
                    .reject_login(
                        ResponseText::new(
                            Some(ResponseCode::from_known(KnownCode::Auth)),
                            Text::new_str("bad password").unwrap(),
                        )
                        .unwrap(),
                    )
                    .unwrap(),
                Command::Apop { digest, .. }
                    if server.verify_apop(&digest, self.password.as_bytes()) =>
                {
                    server.accept_login(none()).unwrap()
                }
                Command::Apop { .. } => server.reject_login(t("bad digest")).unwrap(),
                Command::Stls => server.accept_stls(t("begin TLS")).unwrap(),
                Command::Stat => {
                    let (count, size) = self
                        .live()
                        .fold((0, 0), |(c, s), (_, m)| (c + 1, s + m.len() as u64));
                    server.reply_stat(count, size).unwrap()
                }
                Command::List(Some(n)) => match self.msg(n) {
                    Some(m) => server
                        .reply_scan(&ScanEntry::new(n, m.len() as u64))
                        .unwrap(),
                    None => server.reply_err(t("no such message")).unwrap(),
                },
                Command::List(None) => {
                    server.start_multi_line(none()).unwrap();
                    let entries: Vec<_> = self
                        .live()
                        .map(|(i, m)| {
                            ScanEntry::new(MessageNumber::new(i).unwrap(), m.len() as u64)
                        })
                        .collect();
                    for e in entries {
                        server.send_item(&ListItem::Scan(e)).unwrap();
                    }
                    server.finish_multi_line().unwrap();
                }
                Command::Uidl(None) => {
                    server.start_multi_line(none()).unwrap();
                    let ids: Vec<u32> = self.live().map(|(i, _)| i).collect();
                    for i in ids {
                        let uid = UniqueId::new(format!("uid-{i}")).unwrap();
                        server
                            .send_item(&ListItem::UniqueId(UidEntry {
                                msg: MessageNumber::new(i).unwrap(),
                                uid,
                            }))
                            .unwrap();
                    }
                    server.finish_multi_line().unwrap();
                }
                Command::Uidl(Some(n)) => {
                    let uid = UniqueId::new(format!("uid-{}", n.get())).unwrap();
                    server.reply_uid(&UidEntry { msg: n, uid }).unwrap()
                }
                Command::Retr(n) | Command::Top { msg: n, .. } => match self.msg(n).cloned() {
                    Some(m) => {
                        server.start_multi_line(none()).unwrap();
                        for piece in m.chunks(3) {
                            server.send_body(piece).unwrap();
                        }
                        server.finish_multi_line().unwrap();
                    }
                    None => server.reply_err(t("no such message")).unwrap(),
                },
                Command::Dele(n) => match self.messages.get_mut(n.get() as usize - 1) {
                    Some((_, d @ false)) => {
                        *d = true;
                        server.reply_ok(none()).unwrap()
                    }
                    _ => server.reply_err(t("no such message")).unwrap(),
                },
                Command::Rset => {
                    for (_, d) in &mut self.messages {
                        *d = false;
                    }
                    server.reply_ok(none()).unwrap()
                }
                Command::Quit => server.reply_ok(t("bye")).unwrap(),
                _ => server.reply_err(t("not supported")).unwrap(),
            }
        }
    }
}
