//! The POP3 side of the mailbox server, on [`pop3_proto::server::Server`].
//!
//! The maildrop is the user's INBOX, fixed when the session enters TRANSACTION (RFC 1939 §8:
//! messages arriving later are not visible until the next session). Offers CAPA, USER/PASS,
//! APOP (the greeting carries a timestamp), AUTH PLAIN and LOGIN (RFC 5034), STAT, LIST, UIDL,
//! TOP, RETR, DELE, RSET, NOOP and QUIT; messages marked with DELE are removed from the INBOX
//! at QUIT (UPDATE state, RFC 1939 §6). Unique ids are `UIDVALIDITY.UID` of the IMAP view.

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use mail_core::sasl::{Mechanism, login, plain};
use pop3_proto::server::{Event, Server, ServerConfig, State};
use pop3_proto::{
    Capability, Command, Greeting, KnownCode, ListItem, MessageNumber, ResponseCode, ResponseText,
    ScanEntry, StatusLine, Text, UidEntry, UniqueId, UsageError,
};

use super::Context;
use super::net::{Conn, Input};
use super::store::INBOX;

/// Size of the body pieces handed to the machine (and written) for RETR and TOP.
const BODY_PIECE: usize = 64 * 1024;

static SESSIONS: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
struct Entry {
    uid: u32,
    data: Arc<[u8]>,
    deleted: bool,
}

#[derive(Debug, Default)]
enum AuthStep {
    #[default]
    None,
    Plain,
    LoginUser,
    LoginPassword(String),
}

struct Session {
    context: Arc<Context>,
    peer: SocketAddr,
    user_name: Option<String>,
    user: Option<String>,
    validity: u32,
    drop: Vec<Entry>,
    auth: AuthStep,
}

fn text(s: &str) -> Result<ResponseText<'_>, UsageError> {
    ResponseText::text(s).map_err(|_| UsageError::new("build a response", "with invalid text"))
}

fn coded(code: KnownCode, s: &str) -> Result<ResponseText<'_>, UsageError> {
    let t =
        Text::new_str(s).map_err(|_| UsageError::new("build a response", "with invalid text"))?;
    ResponseText::new(Some(ResponseCode::from_known(code)), t)
        .map_err(|_| UsageError::new("build a response", "with invalid text"))
}

/// Serves one POP3 connection until it closes.
pub fn serve(stream: TcpStream, peer: SocketAddr, context: Arc<Context>) {
    let Ok(mut conn) = Conn::new(stream) else {
        return;
    };
    let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
    let greeting_text = format!(
        "POP3 server ready <{}.{n}@{}>",
        std::process::id(),
        context.config.hostname
    );
    let Ok(greeting) = ResponseText::text(&greeting_text) else {
        return;
    };
    let mut server = Server::new(
        ServerConfig::default(),
        Greeting(StatusLine::ok(greeting)),
        Instant::now(),
    );
    let mut session = Session {
        context,
        peer,
        user_name: None,
        user: None,
        validity: 0,
        drop: Vec::new(),
        auth: AuthStep::None,
    };
    let mut out = Vec::new();
    loop {
        while let Some(event) = server.poll_event() {
            if let Err(e) = session.handle(&mut server, &mut conn, event) {
                session
                    .context
                    .log("pop3", &session.peer, &format!("error: {e}"));
            }
        }
        // QUIT's +OK reports the deletions done (RFC 1939 §6): with --dir they are on disk.
        if !session.context.wait_persisted() {
            session
                .context
                .log("pop3", &session.peer, "changes not yet saved to --dir");
        }
        server.poll_transmit(&mut out);
        if conn.write(&mut out).is_err() || server.state() == State::Closed {
            break;
        }
        match conn.read() {
            Input::Data(data) => server.handle_input(data),
            Input::Tick => server.handle_timeout(Instant::now()),
            Input::Closed => break,
        }
    }
    if let Some(user) = &session.user {
        session.context.unlock_maildrop(user);
    }
    session.context.log("pop3", &session.peer, "closed");
}

/// The head of a message and its first `lines` body lines (RFC 1939 §7 TOP).
pub fn top(data: &[u8], lines: u32) -> &[u8] {
    let header_end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(data.len());
    let mut end = header_end;
    for _ in 0..lines {
        if end >= data.len() {
            break;
        }
        end = match data
            .get(end..)
            .unwrap_or_default()
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(i) => end + i + 1,
            None => data.len(),
        };
    }
    data.get(..end).unwrap_or(data)
}

#[derive(Debug)]
enum SessionError {
    Usage(UsageError),
    Server(pop3_proto::server::ServerError),
    Io(std::io::Error),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Usage(e) => e.fmt(f),
            SessionError::Server(e) => e.fmt(f),
            SessionError::Io(e) => e.fmt(f),
        }
    }
}

impl From<UsageError> for SessionError {
    fn from(e: UsageError) -> Self {
        SessionError::Usage(e)
    }
}

impl From<pop3_proto::server::ServerError> for SessionError {
    fn from(e: pop3_proto::server::ServerError) -> Self {
        SessionError::Server(e)
    }
}

impl From<std::io::Error> for SessionError {
    fn from(e: std::io::Error) -> Self {
        SessionError::Io(e)
    }
}

impl Session {
    fn entry(&self, msg: MessageNumber) -> Option<&Entry> {
        let i = usize::try_from(msg.get()).ok()?.checked_sub(1)?;
        self.drop.get(i).filter(|e| !e.deleted)
    }

    fn handle(
        &mut self,
        server: &mut Server,
        conn: &mut Conn,
        event: Event,
    ) -> Result<(), SessionError> {
        match event {
            Event::Command(command) => self.command(server, conn, command),
            Event::AuthResponse(response) => {
                let bytes = match response.decode(mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN) {
                    Ok(r) => r.as_bytes().unwrap_or_default().to_vec(),
                    Err(_) => {
                        self.auth = AuthStep::None;
                        return Ok(server.reject_login(text("cannot decode response")?)?);
                    }
                };
                self.auth_step(server, &bytes)
            }
            Event::Malformed(e) => {
                self.context
                    .log("pop3", &self.peer, &format!("malformed: {e}"));
                Ok(())
            }
            Event::Refused { command, reason } => {
                self.context.log(
                    "pop3",
                    &self.peer,
                    &format!("refused {command:?}: {reason:?}"),
                );
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn login(&mut self, server: &mut Server, user: &str, ok: bool) -> Result<(), SessionError> {
        self.auth = AuthStep::None;
        if !ok {
            return Ok(server.reject_login(coded(KnownCode::Auth, "invalid credentials")?)?);
        }
        if !self.context.lock_maildrop(user) {
            // RFC 2449 §8.1.2: the maildrop is in use by another session.
            return Ok(server.reject_login(coded(KnownCode::InUse, "maildrop already locked")?)?);
        }
        let snapshot = self.context.store.read_account(user, |a| {
            a.folder(INBOX).map(|f| {
                (
                    f.uid_validity,
                    f.messages
                        .iter()
                        .map(|m| Entry {
                            uid: m.uid,
                            data: m.data.clone(),
                            deleted: false,
                        })
                        .collect::<Vec<_>>(),
                )
            })
        });
        let Some(Some((validity, drop))) = snapshot else {
            self.context.unlock_maildrop(user);
            return Ok(server.reject_login(coded(KnownCode::SysPerm, "no maildrop")?)?);
        };
        self.validity = validity;
        self.drop = drop;
        self.user = Some(user.to_owned());
        let size: u64 = self.drop.iter().map(|e| e.data.len() as u64).sum();
        let msg = format!("{} has {} messages ({size} octets)", user, self.drop.len());
        Ok(server.accept_login(text(&msg)?)?)
    }

    fn auth_step(&mut self, server: &mut Server, bytes: &[u8]) -> Result<(), SessionError> {
        match std::mem::take(&mut self.auth) {
            AuthStep::Plain => match plain::Response::decode(bytes) {
                Ok(r) if r.authzid().is_none_or(|z| z == r.authcid()) => {
                    let user = r.authcid().to_owned();
                    let ok = self
                        .context
                        .store
                        .check_password(&user, r.password().expose().as_bytes());
                    self.login(server, &user, ok)
                }
                _ => self.login(server, "", false),
            },
            AuthStep::LoginUser => match login::Username::decode(bytes) {
                Ok(name) => {
                    self.auth = AuthStep::LoginPassword(name.as_str().to_owned());
                    Ok(server.auth_challenge(b"Password:")?)
                }
                Err(_) => self.login(server, "", false),
            },
            AuthStep::LoginPassword(user) => {
                let ok = self.context.store.check_password(&user, bytes);
                self.login(server, &user, ok)
            }
            AuthStep::None => self.login(server, "", false),
        }
    }

    fn send_body(
        &self,
        server: &mut Server,
        conn: &mut Conn,
        data: &[u8],
    ) -> Result<(), SessionError> {
        let mut out = Vec::new();
        for piece in data.chunks(BODY_PIECE) {
            server.send_body(piece)?;
            server.poll_transmit(&mut out);
            conn.write(&mut out)?;
        }
        server.finish_multi_line()?;
        Ok(())
    }

    fn command(
        &mut self,
        server: &mut Server,
        conn: &mut Conn,
        command: Command<'static>,
    ) -> Result<(), SessionError> {
        self.context
            .log("pop3", &self.peer, &format!("command {:?}", command.kind()));
        match command {
            Command::Capa => {
                let mut caps = vec![
                    Capability::Top,
                    Capability::User,
                    Capability::Sasl(vec![Mechanism::PLAIN, Mechanism::LOGIN]),
                    Capability::RespCodes,
                    Capability::AuthRespCode,
                    Capability::Pipelining,
                    Capability::Uidl,
                ];
                if let Ok(t) = Text::new_str("mail-protocol examples") {
                    caps.push(Capability::Implementation(t));
                }
                server.reply_capabilities(&caps)?;
            }
            Command::User(name) => {
                self.user_name = Some(name.as_str().to_owned());
                server.reply_ok(text("send PASS")?)?;
            }
            Command::Pass(password) => {
                let user = self.user_name.take().unwrap_or_default();
                let ok = self
                    .context
                    .store
                    .check_password(&user, password.expose().as_bytes());
                self.login(server, &user, ok)?;
            }
            Command::Apop { name, digest } => {
                let user = name.as_str().to_owned();
                let ok = self
                    .context
                    .store
                    .secret(&user)
                    .is_some_and(|secret| server.verify_apop(&digest, secret.as_bytes()));
                self.login(server, &user, ok)?;
            }
            Command::Auth(None) => {
                server.start_multi_line(ResponseText::empty())?;
                for m in [Mechanism::PLAIN, Mechanism::LOGIN] {
                    server.send_item(&ListItem::Mechanism(m))?;
                }
                server.finish_multi_line()?;
            }
            Command::Auth(Some(start)) => {
                let initial = match start
                    .initial_response
                    .as_ref()
                    .map(|r| r.decode(mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN))
                {
                    None => None,
                    Some(Ok(r)) => Some(r.as_bytes().unwrap_or_default().to_vec()),
                    Some(Err(_)) => {
                        server.reject_login(text("cannot decode response")?)?;
                        return Ok(());
                    }
                };
                let mech = start.mechanism.as_str();
                if mech.eq_ignore_ascii_case("PLAIN") {
                    self.auth = AuthStep::Plain;
                    match initial {
                        Some(bytes) => self.auth_step(server, &bytes)?,
                        None => server.auth_challenge(b"")?,
                    }
                } else if mech.eq_ignore_ascii_case("LOGIN") {
                    self.auth = AuthStep::LoginUser;
                    match initial {
                        Some(bytes) => self.auth_step(server, &bytes)?,
                        None => server.auth_challenge(b"Username:")?,
                    }
                } else {
                    server.reject_login(text("unsupported mechanism")?)?;
                }
            }
            Command::Stat => {
                let live = self.drop.iter().filter(|e| !e.deleted);
                let (count, size) = live.fold((0u32, 0u64), |(c, s), e| {
                    (c.saturating_add(1), s.saturating_add(e.data.len() as u64))
                });
                server.reply_stat(count, size)?;
            }
            Command::List(None) => {
                server.start_multi_line(text("scan listing follows")?)?;
                for (i, e) in self.drop.iter().enumerate() {
                    if e.deleted {
                        continue;
                    }
                    let Some(msg) = number(i) else { continue };
                    server.send_item(&ListItem::Scan(ScanEntry::new(msg, e.data.len() as u64)))?;
                }
                server.finish_multi_line()?;
            }
            Command::List(Some(msg)) => match self.entry(msg) {
                Some(e) => server.reply_scan(&ScanEntry::new(msg, e.data.len() as u64))?,
                None => server.reply_err(text("no such message")?)?,
            },
            Command::Uidl(None) => {
                server.start_multi_line(text("unique-id listing follows")?)?;
                for (i, e) in self.drop.iter().enumerate() {
                    if e.deleted {
                        continue;
                    }
                    let Some(msg) = number(i) else { continue };
                    if let Some(uid) = self.unique_id(e) {
                        server.send_item(&ListItem::UniqueId(UidEntry { msg, uid }))?;
                    }
                }
                server.finish_multi_line()?;
            }
            Command::Uidl(Some(msg)) => match self.entry(msg).and_then(|e| self.unique_id(e)) {
                Some(uid) => server.reply_uid(&UidEntry { msg, uid })?,
                None => server.reply_err(text("no such message")?)?,
            },
            Command::Retr(msg) => match self.entry(msg).map(|e| e.data.clone()) {
                Some(data) => {
                    server.start_multi_line(text(&format!("{} octets", data.len()))?)?;
                    self.send_body(server, conn, &data)?;
                }
                None => server.reply_err(text("no such message")?)?,
            },
            Command::Top { msg, lines } => match self.entry(msg).map(|e| e.data.clone()) {
                Some(data) => {
                    server.start_multi_line(text("top of message follows")?)?;
                    self.send_body(server, conn, top(&data, lines))?;
                }
                None => server.reply_err(text("no such message")?)?,
            },
            Command::Dele(msg) => {
                let i = usize::try_from(msg.get())
                    .ok()
                    .and_then(|n| n.checked_sub(1));
                match i.and_then(|i| self.drop.get_mut(i)) {
                    Some(e) if !e.deleted => {
                        e.deleted = true;
                        server.reply_ok(text("message deleted")?)?;
                    }
                    Some(_) => server.reply_err(text("message already deleted")?)?,
                    None => server.reply_err(text("no such message")?)?,
                }
            }
            Command::Rset => {
                for e in &mut self.drop {
                    e.deleted = false;
                }
                server.reply_ok(text("maildrop reset")?)?;
            }
            Command::Quit => {
                if let Some(user) = &self.user {
                    let gone: Vec<u32> = self
                        .drop
                        .iter()
                        .filter(|e| e.deleted)
                        .map(|e| e.uid)
                        .collect();
                    if !gone.is_empty() {
                        self.context.store.with_account(user, |a| {
                            if let Some(f) = a.folder_mut(INBOX) {
                                f.messages.retain(|m| !gone.contains(&m.uid));
                            }
                        });
                    }
                }
                server.reply_ok(text("bye")?)?;
            }
            Command::Stls => server.reply_err(text("TLS not available")?)?,
            _ => server.reply_err(text("not supported")?)?,
        }
        Ok(())
    }

    fn unique_id(&self, e: &Entry) -> Option<UniqueId<'static>> {
        UniqueId::new(format!("{}.{}", self.validity, e.uid)).ok()
    }
}

fn number(index: usize) -> Option<MessageNumber> {
    let n = u32::try_from(index).ok()?.checked_add(1)?;
    MessageNumber::new(n).ok()
}
