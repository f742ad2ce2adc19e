//! Client sessions over TCP on the client state machines of smtp-proto and pop3-proto (and
//! imap-proto, see [`super::imap`]), used by `smtp-send`, `pop3-fetch` and the tests.
//!
//! Each function connects, runs one session and reports every decoded reply or response to a
//! `log` callback (the programs print them, the tests ignore them).

use std::fmt;
use std::net::TcpStream;
use std::time::Instant;

use mail_core::address::{Mailbox, Path};
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse as WireResponse;
use mail_core::{Encode, sasl::plain};
use pop3_proto::client::{Client as PopClient, ClientConfig as PopConfig, Event as PopEvent};
use pop3_proto::{CommandKind as PopKind, ListItem, MessageNumber, Response, StatusLine};
use smtp_proto::client::{Client as SmtpClient, ClientConfig as SmtpConfig, ClientEvent};
use smtp_proto::types::params::Body;
use smtp_proto::{Command, CommandKind, InitialResponse, MailParams, RcptParams};

use imap_proto::client::{
    Client as ImapClient, ClientConfig as ImapConfig, ClientEvent as ImapEvent,
};
use imap_proto::decode::ResponseConfig;
use imap_proto::types::command::CommandBody;
use imap_proto::types::core::{
    FlagFetch, ListMailbox, Mailbox as ImapMailbox, Section, SequenceSet, Tag,
};
use imap_proto::types::fetch::{FetchItem, FetchItems};
use imap_proto::types::response::{Data, FetchData, Response as ImapResponse, State};

use super::net::{Conn, Input};

/// Why a client session failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

fn fail<T>(what: impl fmt::Display) -> Result<T, Failure> {
    Err(Failure(what.to_string()))
}

/// Largest message a client keeps in memory while fetching it.
pub const MAX_FETCH: usize = 256 << 20;

fn connect(server: &str) -> Result<Conn, Failure> {
    let stream =
        TcpStream::connect(server).map_err(|e| Failure(format!("connect {server}: {e}")))?;
    Conn::new(stream).map_err(|e| Failure(format!("socket: {e}")))
}

/// What [`smtp_send`] sends.
#[derive(Debug, Clone)]
pub struct SmtpSend {
    /// `host:port` of the server.
    pub server: String,
    /// The EHLO name.
    pub helo: String,
    /// The reverse-path (empty for `<>`).
    pub from: String,
    /// The recipients.
    pub to: Vec<String>,
    /// User and password for AUTH PLAIN, if any.
    pub auth: Option<(String, String)>,
    /// Send the message with BDAT (RFC 3030) instead of DATA.
    pub bdat: bool,
    /// The message (CR LF line endings).
    pub message: Vec<u8>,
}

fn reply_line(reply: &smtp_proto::Reply<'_>) -> String {
    String::from_utf8_lossy(&reply.to_bytes())
        .trim_end()
        .replace("\r\n", " | ")
}

/// MAIL, RCPT for each recipient, then DATA or the message as one BDAT LAST chunk (the
/// commands of one PIPELINING group, RFC 2920 §3.1).
fn send_transaction<'a>(
    client: &mut SmtpClient,
    job: &SmtpSend,
    from: &Path<'a>,
    to: &[Path<'a>],
    params: &MailParams<'a>,
    log: &mut dyn FnMut(&str),
) -> Result<(), Failure> {
    let usage = |e: smtp_proto::UsageError| Failure(e.to_string());
    let mail = Command::Mail {
        from: from.clone(),
        params: params.clone(),
    };
    log(&format!("C: {}", line(&mail.to_bytes())));
    client
        .send_mail(from.clone(), params.clone())
        .map_err(usage)?;
    for t in to {
        log(&format!("C: RCPT TO:{t}"));
        client
            .send_rcpt(t.clone(), RcptParams::default())
            .map_err(usage)?;
    }
    if job.bdat {
        log(&format!("C: BDAT {} LAST", job.message.len()));
        client.send_bdat(&job.message, true).map_err(usage)?;
    } else {
        log("C: DATA");
        client.send_data().map_err(usage)?;
    }
    Ok(())
}

/// Sends one message; `Ok` when the server accepted it (at least one recipient and the data).
pub fn smtp_send(job: &SmtpSend, log: &mut dyn FnMut(&str)) -> Result<(), Failure> {
    let mut conn = connect(&job.server)?;
    let mut client = SmtpClient::new(SmtpConfig::default(), Instant::now());
    let from = if job.from.is_empty() {
        Path::Null
    } else {
        Path::Mailbox(Mailbox::from_raw(&job.from).map_err(|e| Failure(format!("from: {e}")))?)
    };
    let mut to = Vec::new();
    for t in &job.to {
        to.push(Path::Mailbox(
            Mailbox::from_raw(t).map_err(|e| Failure(format!("to {t}: {e}")))?,
        ));
    }
    let mut params = MailParams {
        size: Some(job.message.len() as u64),
        ..MailParams::default()
    };
    if !job.message.is_ascii() {
        params.body = Some(Body::EightBitMime);
    }
    params.smtputf8 = !from.is_ascii() || to.iter().any(|t| !t.is_ascii());

    log(&format!("C: EHLO {}", job.helo));
    client
        .send_ehlo(&job.helo)
        .map_err(|e| Failure(e.to_string()))?;
    let mut queued = false;
    let mut accepted_rcpts = 0usize;
    let mut result: Option<Result<(), Failure>> = None;
    let mut out = Vec::new();
    let mut eof = false;
    loop {
        while let Some(event) = client.poll_event() {
            match event {
                ClientEvent::Greeting(reply) => {
                    log(&format!("S: {}", reply_line(&reply)));
                    if !reply.code().is_positive() {
                        result.get_or_insert(fail("greeting refused"));
                    }
                }
                ClientEvent::Reply { command, reply } => {
                    log(&format!("S: {} (to {command})", reply_line(&reply)));
                    let ok = reply.code().is_positive();
                    match command {
                        CommandKind::Ehlo if ok && !queued => {
                            queued = true;
                            if let Some((user, pass)) = &job.auth {
                                // The transaction waits for 235: a client that pipelined MAIL
                                // after AUTH would send the message unauthenticated when the
                                // credentials are refused and the server relays for anyone.
                                let msg = plain::Response::new(user.as_str(), pass.as_str())
                                    .map_err(|e| Failure(e.to_string()))?;
                                let auth = Command::Auth {
                                    mechanism: Mechanism::PLAIN,
                                    initial_response: Some(InitialResponse::new(&msg.to_bytes())),
                                };
                                log("C: AUTH PLAIN <credentials>");
                                client.send(&auth).map_err(|e| Failure(e.to_string()))?;
                            } else {
                                send_transaction(&mut client, job, &from, &to, &params, log)?;
                            }
                        }
                        CommandKind::Auth if ok => {
                            send_transaction(&mut client, job, &from, &to, &params, log)?;
                        }
                        CommandKind::Auth => {
                            result.get_or_insert(fail("authentication failed"));
                            log("C: QUIT");
                            client.send_quit().ok();
                        }
                        CommandKind::Ehlo if !ok => {
                            result.get_or_insert(fail("EHLO refused"));
                            log("C: QUIT");
                            client.send_quit().ok();
                        }
                        CommandKind::Mail if !ok => {
                            result.get_or_insert(fail("MAIL refused"));
                        }
                        CommandKind::Rcpt if ok => accepted_rcpts += 1,
                        CommandKind::Data | CommandKind::Bdat => {
                            if ok && accepted_rcpts > 0 {
                                result.get_or_insert(Ok(()));
                            } else {
                                result.get_or_insert(fail(format!(
                                    "message refused ({accepted_rcpts} recipients accepted)"
                                )));
                            }
                            log("C: QUIT");
                            client.send_quit().ok();
                        }
                        CommandKind::Quit => {}
                        _ => {}
                    }
                }
                ClientEvent::DataReady => {
                    log(&format!("C: <{} octets of message>", job.message.len()));
                    client
                        .send_body(&job.message)
                        .map_err(|e| Failure(format!("message: {e}")))?;
                    client.finish_body().map_err(|e| Failure(e.to_string()))?;
                }
                ClientEvent::AuthChallenge(_) => {
                    // PLAIN went with the initial response; an empty challenge means resend it.
                    if let Some((user, pass)) = &job.auth {
                        let msg = plain::Response::new(user.as_str(), pass.as_str())
                            .map_err(|e| Failure(e.to_string()))?;
                        client
                            .send_auth_response(&WireResponse::data(msg.to_bytes()))
                            .map_err(|e| Failure(e.to_string()))?;
                    }
                }
                ClientEvent::Error(e) => {
                    result.get_or_insert(fail(format!("session error: {e}")));
                }
                ClientEvent::Closed => {
                    return result.unwrap_or_else(|| fail("connection closed early"));
                }
                _ => {}
            }
        }
        client.poll_transmit(&mut out);
        conn.write(&mut out)
            .map_err(|e| Failure(format!("write: {e}")))?;
        match conn.read() {
            Input::Data(data) => client.handle_input(data),
            Input::Tick => client.handle_timeout(Instant::now()),
            // A last reply without its CR LF is still read; then the machine reports the end.
            Input::Closed if !eof => {
                eof = true;
                client.handle_eof();
            }
            Input::Closed => return result.unwrap_or_else(|| fail("connection closed early")),
        }
    }
}

/// How [`pop3_fetch`] logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pop3Login {
    /// USER and PASS (RFC 1939 §7).
    UserPass,
    /// APOP (RFC 1939 §7).
    Apop,
    /// AUTH PLAIN with an initial response (RFC 5034).
    Plain,
}

/// What [`pop3_fetch`] does.
#[derive(Debug, Clone)]
pub struct Pop3Fetch {
    /// `host:port` of the server.
    pub server: String,
    /// The user.
    pub user: String,
    /// The password.
    pub password: String,
    /// How to log in.
    pub login: Pop3Login,
    /// Delete each message after fetching it (DELE, then QUIT commits).
    pub delete: bool,
}

/// A message fetched by POP3 or IMAP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The message number (POP3) or UID (IMAP).
    pub id: u32,
    /// The unique id (POP3 UIDL), if known.
    pub unique_id: Option<String>,
    /// The message bytes.
    pub data: Vec<u8>,
}

/// One complete POP3 answer.
#[derive(Debug, Default)]
struct Answer {
    ok: bool,
    items: Vec<ListItem<'static>>,
    body: Vec<u8>,
}

struct PopSession {
    conn: Conn,
    client: PopClient,
    out: Vec<u8>,
    eof: bool,
}

impl PopSession {
    /// Runs until `n` answers arrived; the greeting counts as one when `greeting` is set.
    fn answers(&mut self, n: usize, log: &mut dyn FnMut(&str)) -> Result<Vec<Answer>, Failure> {
        let mut done = Vec::new();
        let mut current: Option<Answer> = None;
        while done.len() < n {
            while let Some(event) = self.client.poll_event() {
                match event {
                    PopEvent::Greeting(g) => {
                        log(&format!("S: {}", line(&g.0.to_bytes())));
                        done.push(Answer {
                            ok: g.0.is_ok(),
                            ..Answer::default()
                        });
                    }
                    PopEvent::Response { response, .. } => {
                        log(&format!("S: {}", line(&response.to_bytes())));
                        let ok = !matches!(&response, Response::Status(s) if !s.is_ok());
                        done.push(Answer {
                            ok,
                            ..Answer::default()
                        });
                    }
                    PopEvent::MultiLineStart { command, ok } => {
                        let ok = StatusLine::ok(ok).to_bytes();
                        log(&format!("S: {} (to {})", line(&ok), command.keyword()));
                        current = Some(Answer {
                            ok: true,
                            ..Answer::default()
                        });
                    }
                    PopEvent::Item(item) => {
                        let text = match &item {
                            ListItem::Scan(e) => line(&e.to_bytes()),
                            ListItem::UniqueId(e) => line(&e.to_bytes()),
                            ListItem::Capability(c) => line(&c.to_bytes()),
                            ListItem::Language(l) => line(&l.to_bytes()),
                            ListItem::Mechanism(m) => m.as_str().to_owned(),
                            other => format!("{other:?}"),
                        };
                        log(&format!("S: {text}"));
                        if let Some(a) = current.as_mut() {
                            a.items.push(item);
                        }
                    }
                    PopEvent::Body(bytes) => {
                        if let Some(a) = current.as_mut() {
                            if a.body.len().saturating_add(bytes.len()) > MAX_FETCH {
                                return fail("message too large");
                            }
                            a.body.extend_from_slice(&bytes);
                        }
                    }
                    PopEvent::End { command } => {
                        if let Some(a) = current.take() {
                            if command == PopKind::Retr || command == PopKind::Top {
                                log(&format!("S: <{} octets>", a.body.len()));
                            }
                            log("S: .");
                            done.push(a);
                        }
                    }
                    PopEvent::Challenge(_) => {
                        self.client.cancel_auth().ok();
                    }
                    PopEvent::Invalid { command, error } => {
                        log(&format!("invalid answer to {command:?}: {error}"));
                    }
                    PopEvent::Error(e) => return fail(format!("session error: {e}")),
                    PopEvent::Closed if done.len() < n => return fail("connection closed"),
                    _ => {}
                }
            }
            if done.len() >= n {
                break;
            }
            self.client.poll_transmit(&mut self.out);
            self.conn
                .write(&mut self.out)
                .map_err(|e| Failure(format!("write: {e}")))?;
            match self.conn.read() {
                Input::Data(data) => self.client.handle_input(data),
                Input::Tick => self.client.handle_timeout(Instant::now()),
                Input::Closed if !self.eof => {
                    self.eof = true;
                    self.client.handle_eof();
                }
                Input::Closed => return fail("connection closed"),
            }
        }
        self.client.poll_transmit(&mut self.out);
        self.conn
            .write(&mut self.out)
            .map_err(|e| Failure(format!("write: {e}")))?;
        Ok(done)
    }

    fn one(&mut self, log: &mut dyn FnMut(&str)) -> Result<Answer, Failure> {
        self.answers(1, log)?
            .pop()
            .ok_or_else(|| Failure("no answer".into()))
    }
}

fn line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_owned()
}

fn usage(e: impl fmt::Display) -> Failure {
    Failure(e.to_string())
}

/// Logs in, lists the maildrop (STAT, UIDL, LIST), fetches every message with RETR and quits.
pub fn pop3_fetch(job: &Pop3Fetch, log: &mut dyn FnMut(&str)) -> Result<Vec<Fetched>, Failure> {
    let conn = connect(&job.server)?;
    let mut s = PopSession {
        conn,
        client: PopClient::new(PopConfig::default(), Instant::now()),
        out: Vec::new(),
        eof: false,
    };
    if !s.one(log)?.ok {
        return fail("greeting refused");
    }
    log("C: CAPA");
    s.client.send_capa().map_err(usage)?;
    s.one(log)?;
    let logged_in = match job.login {
        Pop3Login::UserPass => {
            log(&format!("C: USER {}", job.user));
            log("C: PASS <password>");
            s.client.send_user(&job.user).map_err(usage)?;
            s.client.send_pass(&job.password).map_err(usage)?;
            let a = s.answers(2, log)?;
            a.iter().all(|a| a.ok)
        }
        Pop3Login::Apop => {
            log(&format!("C: APOP {} <digest>", job.user));
            s.client
                .send_apop(&job.user, job.password.as_bytes())
                .map_err(usage)?;
            s.one(log)?.ok
        }
        Pop3Login::Plain => {
            let msg =
                plain::Response::new(job.user.as_str(), job.password.as_str()).map_err(usage)?;
            log("C: AUTH PLAIN <credentials>");
            s.client
                .send_auth(Mechanism::PLAIN, Some(&msg.to_bytes()))
                .map_err(usage)?;
            s.one(log)?.ok
        }
    };
    if !logged_in {
        return fail("login failed");
    }
    log("C: STAT");
    log("C: UIDL");
    log("C: LIST");
    s.client.send_stat().map_err(usage)?;
    s.client.send_uidl(None).map_err(usage)?;
    s.client.send_list(None).map_err(usage)?;
    let a = s.answers(3, log)?;
    let uids: Vec<(u32, String)> = a
        .get(1)
        .map(|a| {
            a.items
                .iter()
                .filter_map(|i| match i {
                    ListItem::UniqueId(e) => Some((e.msg.get(), e.uid.as_str().to_owned())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let numbers: Vec<MessageNumber> = a
        .get(2)
        .map(|a| {
            a.items
                .iter()
                .filter_map(|i| match i {
                    ListItem::Scan(e) => Some(e.msg),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut fetched = Vec::new();
    for &msg in &numbers {
        log(&format!("C: RETR {msg}"));
        s.client.send_retr(msg).map_err(usage)?;
        let a = s.one(log)?;
        if !a.ok {
            return fail(format!("RETR {msg} failed"));
        }
        if job.delete {
            log(&format!("C: DELE {msg}"));
            s.client.send_dele(msg).map_err(usage)?;
            if !s.one(log)?.ok {
                return fail(format!("DELE {msg} failed"));
            }
        }
        let unique_id = uids
            .iter()
            .find(|(n, _)| *n == msg.get())
            .map(|(_, u)| u.clone());
        fetched.push(Fetched {
            id: msg.get(),
            unique_id,
            data: a.body,
        });
    }
    log("C: QUIT");
    s.client.send_quit().map_err(usage)?;
    if !s.one(log)?.ok {
        return fail("QUIT failed");
    }
    Ok(fetched)
}

/// What [`imap_fetch`] does.
#[derive(Debug, Clone)]
pub struct ImapFetch {
    /// `host:port` of the server.
    pub server: String,
    /// The user.
    pub user: String,
    /// The password.
    pub password: String,
    /// The mailbox to read (`INBOX`).
    pub mailbox: String,
    /// Log in with AUTHENTICATE PLAIN (SASL-IR when offered) instead of LOGIN.
    pub authenticate: bool,
}

struct ImapSession {
    conn: Conn,
    client: ImapClient,
    out: Vec<u8>,
    eof: bool,
}

fn imap_line(data: &Data<'_>) -> String {
    match data {
        Data::Fetch { seq, items } => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    FetchData::Uid(u) => format!("UID {u}"),
                    FetchData::Rfc822Size(n) => format!("RFC822.SIZE {n}"),
                    FetchData::Flags(f) => {
                        let names: Vec<String> = f
                            .iter()
                            .map(|f| match f {
                                FlagFetch::Flag(f) => crate::mailbox::imap::flag_name(f),
                                FlagFetch::Recent => "\\Recent".into(),
                            })
                            .collect();
                        format!("FLAGS ({})", names.join(" "))
                    }
                    FetchData::BodySection { data, .. } => {
                        format!("BODY[] <{} octets>", data.as_ref().map_or(0, |d| d.len()))
                    }
                    other => format!("{other:?}"),
                })
                .collect();
            format!("* {seq} FETCH ({})", parts.join(" "))
        }
        other => {
            let bytes = ImapResponse::Data(other.clone()).to_bytes();
            line(&bytes).chars().take(300).collect()
        }
    }
}

impl ImapSession {
    fn pump(&mut self) -> Result<(), Failure> {
        self.client.poll_transmit(&mut self.out);
        self.conn
            .write(&mut self.out)
            .map_err(|e| Failure(format!("write: {e}")))?;
        match self.conn.read() {
            Input::Data(data) => self.client.handle_input(data),
            Input::Tick => self.client.handle_timeout(Instant::now()),
            Input::Closed if !self.eof => {
                self.eof = true;
                self.client.handle_eof();
            }
            Input::Closed => return fail("connection closed"),
        }
        Ok(())
    }

    /// Runs until `tag` completes (or, with `None`, until the greeting or the end); untagged
    /// data goes to `data`. Returns whether the status was OK.
    fn run(
        &mut self,
        tag: Option<&Tag<'static>>,
        auth: Option<&[u8]>,
        data: &mut Vec<Data<'static>>,
        log: &mut dyn FnMut(&str),
    ) -> Result<bool, Failure> {
        loop {
            while let Some(event) = self.client.poll_event() {
                match event {
                    ImapEvent::Greeting(g) => {
                        log(&format!("S: {}", line(&g.to_bytes())));
                        if tag.is_none() {
                            return Ok(true);
                        }
                    }
                    ImapEvent::Data(d) => {
                        log(&format!("S: {}", imap_line(&d)));
                        data.push(d);
                    }
                    ImapEvent::Status { condition, text } => {
                        let r = ImapResponse::Status { condition, text };
                        log(&format!("S: {}", line(&r.to_bytes())));
                    }
                    ImapEvent::Completed {
                        tag: done,
                        command,
                        status,
                        text,
                    } => {
                        let r = ImapResponse::Tagged {
                            tag: done,
                            state: status,
                            text,
                        };
                        log(&format!("S: {} (to {command})", line(&r.to_bytes())));
                        if r.tag() == tag {
                            return Ok(status == State::Ok);
                        }
                    }
                    ImapEvent::AuthChallenge { .. } => {
                        let response = match auth {
                            Some(a) => WireResponse::data(a.to_vec()),
                            None => WireResponse::Cancel,
                        };
                        self.client.send_auth_response(&response).map_err(usage)?;
                    }
                    ImapEvent::Malformed(e) => log(&format!("malformed response: {e}")),
                    ImapEvent::Closed(reason) => {
                        return match tag {
                            None => Ok(false),
                            Some(_) => fail(format!("session closed: {reason:?}")),
                        };
                    }
                    _ => {}
                }
            }
            self.pump()?;
        }
    }
}

/// Queues an IMAP command and logs it (a LOGIN password is not shown).
fn imap_send(
    s: &mut ImapSession,
    log: &mut dyn FnMut(&str),
    body: CommandBody<'_>,
) -> Result<Tag<'static>, Failure> {
    let shown = match &body {
        CommandBody::Login { username, .. } => Some(format!(
            "LOGIN {} <password>",
            String::from_utf8_lossy(username.as_bytes())
        )),
        _ => None,
    };
    let tag = s.client.send_command(body.clone()).map_err(usage)?;
    let text = match shown {
        Some(t) => format!("{} {t}", tag.as_str()),
        None => line(&imap_proto::types::command::Command::new(tag.clone(), body).to_bytes()),
    };
    log(&format!("C: {text}"));
    Ok(tag)
}

/// Logs in, lists the mailboxes, selects one and fetches every message with
/// `UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[])`, then logs out. Each message's size
/// is checked against its RFC822.SIZE.
pub fn imap_fetch(job: &ImapFetch, log: &mut dyn FnMut(&str)) -> Result<Vec<Fetched>, Failure> {
    let conn = connect(&job.server)?;
    let config = ImapConfig::default().with_responses(ResponseConfig::lenient());
    let mut s = ImapSession {
        conn,
        client: ImapClient::new(config, Instant::now()),
        out: Vec::new(),
        eof: false,
    };
    let mut data = Vec::new();
    if !s.run(None, None, &mut data, log)? {
        return fail("no greeting");
    }
    let tag = imap_send(&mut s, log, CommandBody::Capability)?;
    s.run(Some(&tag), None, &mut data, log)?;
    let plain_msg = plain::Response::new(job.user.as_str(), job.password.as_str())
        .map_err(usage)?
        .to_bytes();
    let tag = if job.authenticate {
        log("C: AUTHENTICATE PLAIN <credentials>");
        s.client
            .send_authenticate(Mechanism::PLAIN, Some(&plain_msg))
            .map_err(usage)?
    } else {
        let user = imap_proto::types::core::IString::try_from(job.user.as_str()).map_err(usage)?;
        let pass =
            imap_proto::types::core::IString::try_from(job.password.as_str()).map_err(usage)?;
        imap_send(
            &mut s,
            log,
            CommandBody::Login {
                username: user,
                password: pass.into(),
            },
        )?
    };
    if !s.run(Some(&tag), Some(&plain_msg), &mut data, log)? {
        return fail("login failed");
    }
    let tag = imap_send(
        &mut s,
        log,
        CommandBody::List {
            selection: None,
            reference: ImapMailbox::new("").map_err(usage)?,
            pattern: ListMailbox::new("*").map_err(usage)?,
            more_patterns: Vec::new(),
            return_opts: None,
        },
    )
    .map_err(usage)?;
    if !s.run(Some(&tag), None, &mut data, log)? {
        return fail("LIST failed");
    }
    data.clear();
    let tag = imap_send(
        &mut s,
        log,
        CommandBody::Select {
            mailbox: ImapMailbox::new(job.mailbox.as_str()).map_err(usage)?,
            params: Vec::new(),
        },
    )
    .map_err(usage)?;
    if !s.run(Some(&tag), None, &mut data, log)? {
        return fail(format!("SELECT {} failed", job.mailbox));
    }
    let exists = data
        .iter()
        .filter_map(|d| match d {
            Data::Exists(n) => Some(*n),
            _ => None,
        })
        .next_back()
        .unwrap_or(0);
    data.clear();
    let mut fetched = Vec::new();
    if exists > 0 {
        let items = FetchItems::Items(vec![
            FetchItem::Uid,
            FetchItem::Flags,
            FetchItem::Rfc822Size,
            FetchItem::BodySection {
                peek: true,
                section: Section::full(),
                partial: None,
            },
        ]);
        let tag = imap_send(
            &mut s,
            log,
            CommandBody::Fetch {
                uid: true,
                set: SequenceSet::all(),
                items,
                modifiers: Vec::new(),
            },
        )
        .map_err(usage)?;
        if !s.run(Some(&tag), None, &mut data, log)? {
            return fail("UID FETCH failed");
        }
        for d in &data {
            let Data::Fetch { items, .. } = d else {
                continue;
            };
            let mut uid = None;
            let mut size = None;
            let mut body = None;
            for i in items {
                match i {
                    FetchData::Uid(u) => uid = Some(u.get()),
                    FetchData::Rfc822Size(n) => size = Some(*n),
                    FetchData::BodySection { data, .. } => {
                        body = data.as_ref().map(|d| d.as_bytes().to_vec())
                    }
                    _ => {}
                }
            }
            if let (Some(id), Some(data)) = (uid, body) {
                if size.is_some_and(|n| n != data.len() as u64) {
                    return fail(format!(
                        "UID {id}: RFC822.SIZE {size:?} but {} octets",
                        data.len()
                    ));
                }
                fetched.push(Fetched {
                    id,
                    unique_id: None,
                    data,
                });
            }
        }
    }
    let tag = imap_send(&mut s, log, CommandBody::Logout)?;
    s.run(Some(&tag), None, &mut data, log)?;
    Ok(fetched)
}
