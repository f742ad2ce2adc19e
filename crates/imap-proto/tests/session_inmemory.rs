//! The client and the server state machines driven against each other in memory.

use std::time::Instant;

use imap_proto::client::{Client, ClientConfig, ClientEvent, ClientState, CloseReason};
use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use imap_proto::types::command::{AppendData, AppendMessage, CommandBody};
use imap_proto::types::core::{Atom, IString, Mailbox, Section, SequenceSet};
use imap_proto::types::fetch::{FetchItem, FetchItems};
use imap_proto::types::response::{Data, FetchData, Greeting, GreetingKind, RespText};

fn text(s: &str) -> RespText<'_> {
    RespText::text(s).unwrap()
}

/// A small mailbox application on top of the server machine.
struct App {
    messages: Vec<Vec<u8>>,
    /// Synchronizing literals above this size are refused by the application.
    max_literal: u64,
    log: Vec<String>,
}

impl App {
    fn new(max_literal: u64) -> Self {
        App {
            messages: vec![b"Subject: first\r\n\r\nhello\r\n".to_vec()],
            max_literal,
            log: Vec::new(),
        }
    }

    fn count(&self) -> u32 {
        self.messages.len() as u32
    }

    fn serve(&mut self, s: &mut Server) {
        while let Some(ev) = s.poll_event() {
            self.log.push(summary_server(&ev));
            match ev {
                ServerEvent::LiteralAnnounced { length, .. } => {
                    if length <= self.max_literal {
                        s.accept_literal().unwrap();
                    } else {
                        s.reject_literal(text("message too large")).unwrap();
                    }
                }
                ServerEvent::Command(c) => match c.body {
                    CommandBody::Capability | CommandBody::Noop => {
                        s.reply_data(Data::Capability(vec![
                            Atom::new("IMAP4rev1").unwrap(),
                            Atom::new("IDLE").unwrap(),
                        ]))
                        .unwrap();
                        s.reply_ok(text("done")).unwrap();
                    }
                    CommandBody::Login { .. } => s.reply_ok(text("logged in")).unwrap(),
                    CommandBody::Select { .. } => {
                        s.reply_data(Data::Exists(self.count())).unwrap();
                        s.reply_ok(text("selected")).unwrap();
                    }
                    CommandBody::Append { messages, .. } => {
                        for m in messages {
                            self.messages.push(m.data.as_bytes().to_vec());
                        }
                        s.reply_ok(text("appended")).unwrap();
                    }
                    CommandBody::Fetch { set, .. } => {
                        let n = self.count();
                        for seq in 1..=n {
                            if !set
                                .items()
                                .unwrap_or_default()
                                .iter()
                                .any(|i| i.contains(seq, n))
                            {
                                continue;
                            }
                            let data = &self.messages[seq as usize - 1];
                            s.reply_data(Data::Fetch {
                                seq: std::num::NonZeroU32::new(seq).unwrap(),
                                items: vec![FetchData::BodySection {
                                    section: Section::full(),
                                    origin: None,
                                    data: Some(IString::new(data.clone()).unwrap()),
                                }],
                            })
                            .unwrap();
                        }
                        s.reply_ok(text("fetched")).unwrap();
                    }
                    CommandBody::Idle => {
                        s.accept_idle().unwrap();
                        // A message arrives while the client idles (RFC 2177 §3).
                        self.messages.push(b"Subject: new\r\n\r\nnew\r\n".to_vec());
                        s.reply_data(Data::Exists(self.count())).unwrap();
                    }
                    CommandBody::Logout => s.reply_ok(text("bye")).unwrap(),
                    CommandBody::StartTls => s.reply_ok(text("begin TLS")).unwrap(),
                    _ => s.reply_bad(text("not here")).unwrap(),
                },
                ServerEvent::IdleDone { .. } => s.reply_ok(text("IDLE terminated")).unwrap(),
                _ => {}
            }
        }
    }
}

/// Short, size-independent descriptions (a 1 MiB literal is not printed).
fn summary_server(ev: &ServerEvent) -> String {
    match ev {
        ServerEvent::Command(c) => match &c.body {
            CommandBody::Append { messages, .. } => format!(
                "{} APPEND {:?}",
                c.tag.as_str(),
                messages
                    .iter()
                    .map(|m| m.data.as_bytes().len())
                    .collect::<Vec<_>>()
            ),
            b => format!("{} {}", c.tag.as_str(), b.name()),
        },
        other => format!("{other:?}"),
    }
}

fn summary_client(ev: &ClientEvent) -> String {
    match ev {
        ClientEvent::Data(Data::Fetch { seq, items }) => match items.first() {
            Some(FetchData::BodySection { data: Some(d), .. }) => {
                format!("FETCH {seq} {} octets", d.len())
            }
            _ => format!("FETCH {seq}"),
        },
        other => format!("{other:?}"),
    }
}

/// The client's application: queues a session, ends IDLE when EXISTS arrives.
struct User {
    log: Vec<String>,
}

impl User {
    fn react(&mut self, c: &mut Client) {
        while let Some(ev) = c.poll_event() {
            self.log.push(summary_client(&ev));
            if let ClientEvent::Data(Data::Exists(_)) = ev
                && c.is_idling()
            {
                c.send_idle_done().unwrap();
            }
        }
    }
}

fn greeting() -> Greeting<'static> {
    Greeting {
        kind: GreetingKind::Ok,
        text: RespText::text("ready").unwrap(),
    }
}

fn login() -> CommandBody<'static> {
    CommandBody::Login {
        username: IString::try_from("alice").unwrap(),
        // CR LF in the password forces a synchronizing literal.
        password: IString::try_from("pass\r\nword").unwrap().into(),
    }
}

fn append(message: Vec<u8>) -> CommandBody<'static> {
    CommandBody::Append {
        mailbox: Mailbox::new("INBOX").unwrap(),
        messages: vec![AppendMessage {
            flags: None,
            date: None,
            data: AppendData::Literal(IString::new(message).unwrap()),
        }],
    }
}

fn fetch_body(set: &str) -> CommandBody<'static> {
    CommandBody::Fetch {
        uid: false,
        set: SequenceSet::parse(set).unwrap(),
        items: FetchItems::Items(vec![FetchItem::BodySection {
            peek: true,
            section: Section::full(),
            partial: None,
        }]),
        modifiers: vec![],
    }
}

/// Moves bytes between the two machines; `cut` splits every transfer: it gets the direction
/// (true: to the server), the number of bytes already moved that way and the size of the
/// pending batch, and answers how many to deliver now.
struct Wire<F: FnMut(bool, usize, usize) -> usize> {
    cut: F,
    c2s: usize,
    s2c: usize,
    /// Bytes written by the client in total (to check what was withheld).
    client_bytes: usize,
}

impl<F: FnMut(bool, usize, usize) -> usize> Wire<F> {
    fn run(&mut self, client: &mut Client, server: &mut Server, app: &mut App, user: &mut User) {
        let mut to_server: Vec<u8> = Vec::new();
        let mut to_client: Vec<u8> = Vec::new();
        for _ in 0..1_000_000 {
            client.poll_transmit(&mut to_server);
            server.poll_transmit(&mut to_client);
            if to_server.is_empty() && to_client.is_empty() {
                return;
            }
            if !to_server.is_empty() {
                let n = (self.cut)(true, self.c2s, to_server.len()).clamp(1, to_server.len());
                self.c2s += n;
                self.client_bytes += n;
                server.handle_input(&to_server[..n]);
                to_server.drain(..n);
                app.serve(server);
            }
            if !to_client.is_empty() {
                let n = (self.cut)(false, self.s2c, to_client.len()).clamp(1, to_client.len());
                self.s2c += n;
                client.handle_input(&to_client[..n]);
                to_client.drain(..n);
                user.react(client);
            }
        }
        panic!("the session does not settle");
    }
}

struct Outcome {
    client_log: Vec<String>,
    server_log: Vec<String>,
    messages: Vec<Vec<u8>>,
    client_bytes: usize,
    server_bytes: usize,
    client_state: ClientState,
    server_state: ServerState,
}

fn session(
    commands: Vec<CommandBody<'static>>,
    server_config: ServerConfig,
    app_max_literal: u64,
    cut: impl FnMut(bool, usize, usize) -> usize,
) -> Outcome {
    let now = Instant::now();
    let mut server = Server::new(server_config, &greeting(), now);
    let mut client = Client::new(ClientConfig::default(), now);
    let mut app = App::new(app_max_literal);
    let mut user = User { log: Vec::new() };
    for c in commands {
        client.send_command(c).unwrap();
    }
    let mut wire = Wire {
        cut,
        c2s: 0,
        s2c: 0,
        client_bytes: 0,
    };
    wire.run(&mut client, &mut server, &mut app, &mut user);
    Outcome {
        client_log: user.log,
        server_log: app.log,
        messages: app.messages,
        client_bytes: wire.client_bytes,
        server_bytes: wire.s2c,
        client_state: client.state(),
        server_state: server.state(),
    }
}

fn standard_session(message: Vec<u8>) -> Vec<CommandBody<'static>> {
    vec![
        login(),
        CommandBody::Select {
            mailbox: Mailbox::new("INBOX").unwrap(),
            params: vec![],
        },
        append(message),
        fetch_body("1:*"),
        CommandBody::Idle,
        CommandBody::Noop,
        CommandBody::Logout,
    ]
}

fn whole(_: bool, _: usize, len: usize) -> usize {
    len
}

/// The reference run: every command completes, in order, with the state changes of RFC 9051
/// §3, the literal of LOGIN and APPEND goes after `+` (§4.3), EXISTS arrives during IDLE
/// (RFC 2177 §3) and LOGOUT ends both sides (§6.1.3).
#[test]
fn full_session() {
    let msg = b"Subject: appended\r\n\r\nbody\r\n".to_vec();
    let o = session(
        standard_session(msg.clone()),
        ServerConfig::default(),
        1 << 30,
        whole,
    );
    assert_eq!(o.client_state, ClientState::Logout);
    assert_eq!(o.server_state, ServerState::Logout);
    assert_eq!(o.messages.len(), 3);
    assert_eq!(o.messages[1], msg);
    let completions: Vec<&String> = o
        .client_log
        .iter()
        .filter(|l| l.starts_with("Completed"))
        .collect();
    // Seven commands; no capability refresh after login because LOGOUT is already queued.
    assert_eq!(completions.len(), 7, "{:#?}", o.client_log);
    assert!(
        completions.iter().all(|l| l.contains("status: Ok")),
        "{completions:#?}"
    );
    assert!(o.client_log.iter().any(|l| l.starts_with("IdleStarted")));
    assert!(o.client_log.iter().any(|l| l == "Data(Exists(3))"));
    assert!(o.client_log.iter().any(|l| l == "FETCH 2 27 octets"));
    assert_eq!(
        o.client_log.last().map(String::as_str),
        Some("Closed(Logout)")
    );
    assert_eq!(
        o.server_log
            .iter()
            .filter(|l| l.starts_with("LiteralAnnounced"))
            .count(),
        2,
        "LOGIN's password and APPEND's message are synchronizing literals"
    );
}

/// Sans-IO contract: the session gives the same events whatever the segmentation. Every byte
/// position of each direction is tried as the single cut, then every transfer is cut into
/// single bytes.
#[test]
fn cut_at_every_byte() {
    let msg = b"Subject: appended\r\n\r\nbody\r\n".to_vec();
    let reference = session(
        standard_session(msg.clone()),
        ServerConfig::default(),
        1 << 30,
        whole,
    );
    let c2s_total = reference.client_bytes;
    let check = |o: Outcome, what: &str| {
        assert_eq!(o.client_log, reference.client_log, "client events, {what}");
        assert_eq!(o.server_log, reference.server_log, "server events, {what}");
        assert_eq!(o.messages, reference.messages, "{what}");
    };
    let s2c_total = reference.server_bytes;
    for (to_server, total) in [(true, c2s_total), (false, s2c_total)] {
        for k in 1..total {
            let o = session(
                standard_session(msg.clone()),
                ServerConfig::default(),
                1 << 30,
                |dir, done, len| {
                    if dir == to_server && done < k && done + len > k {
                        k - done
                    } else {
                        len
                    }
                },
            );
            check(
                o,
                &format!("cut at byte {k}, towards the server: {to_server}"),
            );
        }
    }
    let o = session(
        standard_session(msg),
        ServerConfig::default(),
        1 << 30,
        |_, _, _| 1,
    );
    check(o, "one byte at a time");
}

/// RFC 9051 §4.3, §6.3.12: APPEND of a 1 MiB message as a synchronizing literal: the client
/// waits for `+`, the server takes the data whole, in 4 KiB segments and in odd ones.
#[test]
fn append_one_mib_sync_literal() {
    let mut message = Vec::with_capacity(1 << 20);
    let mut i = 0u32;
    while message.len() < (1 << 20) - 100 {
        message.extend_from_slice(format!("line {i:08} of a large message\r\n").as_bytes());
        i += 1;
    }
    message.resize(1 << 20, b'x');
    for seg in [usize::MAX, 4096, 1459] {
        let o = session(
            vec![login(), append(message.clone()), CommandBody::Logout],
            ServerConfig::default(),
            1 << 30,
            |_, _, len| len.min(seg),
        );
        assert_eq!(o.messages.len(), 2, "segments of {seg}");
        assert_eq!(o.messages[1], message, "segments of {seg}");
        assert!(o.server_log.iter().any(|l| l.contains("APPEND [1048576]")));
        assert_eq!(o.client_state, ClientState::Logout);
    }
}

/// RFC 9051 §4.3, RFC 7888 §4: a synchronizing literal over the server's limit is refused
/// with `NO [TOOBIG]` before its data; the client never sends the data and goes on.
#[test]
fn append_refused_for_size() {
    let message = vec![b'x'; 1 << 20];
    let o = session(
        vec![
            login(),
            append(message),
            CommandBody::Noop,
            CommandBody::Logout,
        ],
        ServerConfig::default().with_max_literal_len(64 * 1024),
        1 << 30,
        whole,
    );
    assert!(
        o.client_bytes < 1000,
        "the 1 MiB literal never left: {}",
        o.client_bytes
    );
    assert_eq!(o.messages.len(), 1);
    let appended = o
        .client_log
        .iter()
        .find(|l| l.contains("command: \"APPEND\""))
        .unwrap();
    assert!(appended.contains("status: No"), "{appended}");
    assert!(appended.contains("TOOBIG"), "{appended}");
    assert_eq!(o.client_state, ClientState::Logout);

    // Refused by the application's own decision (under the machine's limit).
    let o = session(
        vec![login(), append(vec![b'y'; 5000]), CommandBody::Logout],
        ServerConfig::default(),
        4096,
        whole,
    );
    assert!(o.client_bytes < 1000);
    assert!(
        o.client_log
            .iter()
            .any(|l| l.contains("command: \"APPEND\"") && l.contains("status: No"))
    );
    assert_eq!(o.client_state, ClientState::Logout);
}

/// RFC 9051 §6.2.1: the client never pipelines a command after STARTTLS, and a server
/// response sent after the OK (an injection) closes the client session.
#[test]
fn starttls_between_machines() {
    let now = Instant::now();
    let mut server = Server::new(
        ServerConfig::default().with_starttls(true),
        &greeting(),
        now,
    );
    let mut client = Client::new(ClientConfig::default(), now);
    client.send_command(CommandBody::StartTls).unwrap();
    client.send_command(login()).unwrap();
    let mut bytes = Vec::new();
    server.poll_transmit(&mut bytes);
    client.handle_input(&bytes);
    bytes.clear();
    client.poll_transmit(&mut bytes);
    assert_eq!(bytes, b"A1 STARTTLS\r\n", "LOGIN waits for TLS");
    server.handle_input(&bytes);
    assert!(matches!(server.poll_event(), Some(ServerEvent::Command(_))));
    server.reply_ok(text("begin TLS")).unwrap();
    assert_eq!(
        server.poll_event(),
        Some(ServerEvent::StartTls { discarded: vec![] })
    );
    // The server machine refuses to write more before the handshake.
    assert!(server.reply_data(Data::Exists(1)).is_err());
    bytes.clear();
    server.poll_transmit(&mut bytes);
    // An attacker appends a response to the plaintext stream.
    bytes.extend_from_slice(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
    client.handle_input(&bytes);
    let events: Vec<ClientEvent> = std::iter::from_fn(|| client.poll_event()).collect();
    assert!(matches!(
        events.last(),
        Some(ClientEvent::Closed(CloseReason::StartTlsInjection(_)))
    ));
    bytes.clear();
    client.poll_transmit(&mut bytes);
    assert!(bytes.is_empty(), "no credentials after a refused upgrade");
}
