//! The IMAP side of the mailbox server, on [`imap_proto::server::Server`].
//!
//! IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051) with LITERAL+ (RFC 7888), SASL-IR (RFC 4959),
//! AUTH=PLAIN and AUTH=LOGIN, ID (RFC 2971), ENABLE (RFC 5161), IDLE (RFC 2177), NAMESPACE
//! (RFC 2342), UNSELECT (RFC 3691), MOVE (RFC 6851), UIDPLUS (RFC 4315), SPECIAL-USE
//! (RFC 6154) and CHILDREN (RFC 3348). The hierarchy delimiter is `/`. Each session keeps
//! its own view of the selected mailbox (sequence number to UID) and brings it up to date with
//! the store at NOOP, CHECK, IDLE, EXPUNGE and APPEND, sending EXISTS and EXPUNGE
//! (RFC 9051 §7.4, §7.5.1); flags changed by other sessions are not announced.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpStream};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use imap_proto::decode::CommandDecoderConfig;
use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use imap_proto::types::command::{
    AppendData, Command, CommandBody, ListReturnOption, ListSelectOption, StoreKind,
};
use imap_proto::types::core::{
    Atom, Date, DateTime, Flag, FlagExtension, FlagFetch, FlagPerm, IString, Literal8, Mailbox,
    SeqItem, SeqNumber, SequenceSet,
};
use imap_proto::types::fetch::{FetchItem, FetchItems};
use imap_proto::types::response::{
    BinaryData, Code, Condition, Data, ESearch, FetchData, Greeting, GreetingKind, ListAttribute,
    MailboxList, NamespaceDescr, RespText, SearchReturn, StatusValue, Text,
};
use imap_proto::types::search::{SearchKey, SearchReturnOption};
use imap_proto::types::status::StatusItem;
use mail_core::UsageError;
use mail_core::sasl::{login, plain};

use super::Context;
use super::mime;
use super::net::{Conn, Input};
use super::store::{Account, Folder, INBOX, Message, now_secs};

/// The capabilities announced (RFC 9051 §7.2.2).
pub const CAPABILITIES: &[&str] = &[
    "IMAP4rev1",
    "IMAP4rev2",
    "LITERAL+",
    "SASL-IR",
    "AUTH=PLAIN",
    "AUTH=LOGIN",
    "ID",
    "ENABLE",
    "IDLE",
    "NAMESPACE",
    "UNSELECT",
    "MOVE",
    "UIDPLUS",
    "SPECIAL-USE",
    "CHILDREN",
    "BINARY",
    "ESEARCH",
    "SEARCHRES",
    "LIST-STATUS",
    "STATUS=SIZE",
];

/// The hierarchy delimiter.
pub const DELIMITER: char = '/';

const SYSTEM_FLAGS: [Flag<'static>; 5] = [
    Flag::Answered,
    Flag::Flagged,
    Flag::Deleted,
    Flag::Seen,
    Flag::Draft,
];

type Reply = Result<(), UsageError>;

fn bad_text() -> UsageError {
    UsageError::new("build a response", "with invalid text")
}

fn text(s: &str) -> Result<RespText<'_>, UsageError> {
    RespText::text(s).map_err(|_| bad_text())
}

fn coded<'a>(code: Code<'a>, s: &'a str) -> Result<RespText<'a>, UsageError> {
    RespText::new(Some(code), Text::new(s).map_err(|_| bad_text())?).map_err(|_| bad_text())
}

fn atoms(names: &[&'static str]) -> Vec<Atom<'static>> {
    names.iter().filter_map(|n| Atom::new(*n).ok()).collect()
}

fn nz(n: usize) -> Option<NonZeroU32> {
    u32::try_from(n).ok().and_then(NonZeroU32::new)
}

fn nz32(n: u32) -> Option<NonZeroU32> {
    NonZeroU32::new(n)
}

/// The stored name of a flag (`\Seen`, `$Forwarded`).
pub fn flag_name(flag: &Flag<'_>) -> String {
    match flag {
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Seen => "\\Seen".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Keyword(k) => k.as_str().to_owned(),
        Flag::Extension(e) => format!("\\{}", e.as_str()),
    }
}

/// The flag a stored name stands for (system flags by name without regard to case).
pub fn parse_flag(name: &str) -> Option<Flag<'static>> {
    match name.strip_prefix('\\') {
        Some(system) => {
            for f in SYSTEM_FLAGS {
                if flag_name(&f)
                    .get(1..)
                    .is_some_and(|n| n.eq_ignore_ascii_case(system))
                {
                    return Some(f);
                }
            }
            FlagExtension::new(system.to_owned())
                .ok()
                .map(Flag::Extension)
        }
        None => Flag::keyword(name.to_owned()).ok(),
    }
}

fn flags_of(m: &Message) -> Vec<FlagFetch<'static>> {
    m.flags
        .iter()
        .filter_map(|f| parse_flag(f).map(FlagFetch::Flag))
        .collect()
}

// ---- dates (RFC 9051 §9 date-time; days from civil, proleptic Gregorian) ----

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The UTC calendar date of a Unix time.
fn utc_date(secs: i64) -> (u16, u8, u8) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    (
        u16::try_from(y).unwrap_or(0),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// A Unix time as an INTERNALDATE in UTC.
pub fn internal_date(secs: i64) -> Option<DateTime> {
    let (y, m, d) = utc_date(secs);
    let t = secs.rem_euclid(86_400);
    let date = Date::new(y, m, d).ok()?;
    DateTime::new(
        date,
        u8::try_from(t / 3600).ok()?,
        u8::try_from(t % 3600 / 60).ok()?,
        u8::try_from(t % 60).ok()?,
        0,
    )
    .ok()
}

/// A date-time as a Unix time.
pub fn unix_time(dt: &DateTime) -> i64 {
    let d = dt.date();
    let days = days_from_civil(
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    days * 86_400
        + i64::from(dt.hour()) * 3600
        + i64::from(dt.minute()) * 60
        + i64::from(dt.second())
        - i64::from(dt.zone_minutes()) * 60
}

// ---- mailbox names and LIST patterns ----

/// Whether `name` matches the LIST pattern (RFC 9051 §6.3.9: `*` matches anything, `%`
/// anything but the delimiter).
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let n: Vec<char> = name.chars().collect();
    // cur[j]: the pattern read so far matches the first j characters of the name.
    let mut cur = vec![false; n.len() + 1];
    if let Some(first) = cur.first_mut() {
        *first = true;
    }
    for pc in pattern.chars() {
        let mut next = vec![false; n.len() + 1];
        let mut reach = false;
        for j in 0..=n.len() {
            let here = cur.get(j).copied().unwrap_or(false);
            let prev_char = j.checked_sub(1).and_then(|k| n.get(k)).copied();
            let v = match pc {
                '*' => {
                    reach |= here;
                    reach
                }
                '%' => {
                    if prev_char == Some(DELIMITER) {
                        reach = false;
                    }
                    reach |= here;
                    reach
                }
                _ => {
                    prev_char == Some(pc)
                        && j.checked_sub(1)
                            .and_then(|k| cur.get(k))
                            .copied()
                            .unwrap_or(false)
                }
            };
            if let Some(slot) = next.get_mut(j) {
                *slot = v;
            }
        }
        cur = next;
    }
    cur.last().copied().unwrap_or(false)
}

fn canonical_pattern(reference: &str, pattern: &str) -> String {
    let joined = if pattern.starts_with(DELIMITER) || reference.is_empty() {
        pattern.to_owned()
    } else if reference.ends_with(DELIMITER) {
        format!("{reference}{pattern}")
    } else {
        format!("{reference}{DELIMITER}{pattern}")
    };
    // INBOX is case-insensitive, also as the first level of a pattern.
    match joined.get(..5) {
        Some(head) if head.eq_ignore_ascii_case(INBOX) && joined.len() == 5 => INBOX.to_owned(),
        Some(head) if head.eq_ignore_ascii_case(INBOX) && joined[5..].starts_with(DELIMITER) => {
            format!("{INBOX}{}", &joined[5..])
        }
        _ => joined,
    }
}

fn special_attribute(special: Option<&str>) -> Option<ListAttribute<'static>> {
    match special? {
        "\\Sent" => Some(ListAttribute::Sent),
        "\\Trash" => Some(ListAttribute::Trash),
        "\\Drafts" => Some(ListAttribute::Drafts),
        "\\Junk" => Some(ListAttribute::Junk),
        "\\Archive" => Some(ListAttribute::Archive),
        _ => None,
    }
}

// ---- the session ----

#[derive(Debug, Default)]
enum AuthStep {
    #[default]
    None,
    Plain,
    LoginUser,
    LoginPassword(String),
}

#[derive(Debug)]
struct Selected {
    name: String,
    uids: Vec<u32>,
    read_only: bool,
}

struct Session {
    context: Arc<Context>,
    peer: SocketAddr,
    user: Option<String>,
    selected: Option<Selected>,
    rev2: bool,
    auth: AuthStep,
    idling: bool,
    generation: u64,
    /// UIDs of the last `SEARCH RETURN (SAVE)`, what `$` stands for (RFC 5182).
    saved: Vec<u32>,
    conn: Conn,
    out: Vec<u8>,
    broken: bool,
}

/// Serves one IMAP connection until it closes.
pub fn serve(stream: TcpStream, peer: SocketAddr, context: Arc<Context>) {
    let Ok(conn) = Conn::new(stream) else {
        return;
    };
    let caps = atoms(CAPABILITIES);
    let Ok(ready) = Text::new("mailbox-server ready") else {
        return;
    };
    let Ok(greet) = RespText::new(Some(Code::Capability(caps)), ready) else {
        return;
    };
    let greeting = Greeting {
        kind: GreetingKind::Ok,
        text: greet,
    };
    // Literals (APPEND) up to the message size limit; a command and the input buffered ahead
    // of answers a little more than that.
    let max = context.config.max_message_size as u64;
    let mut config = ServerConfig::default()
        .with_auto_accept_literals(true)
        .with_max_literal_len(max);
    // Every command leniency (CommandDecoderConfig::lenient), with these limits.
    config.decoder = CommandDecoderConfig::lenient().with_framer(config.decoder.framer);
    config.decoder.framer.max_command_len = max.saturating_add(64 * 1024);
    let config = config.with_max_buffered(
        usize::try_from(max)
            .unwrap_or(usize::MAX)
            .saturating_add(128 * 1024),
    );
    let mut server = Server::new(config, &greeting, Instant::now());
    let mut session = Session {
        generation: context.store.generation(),
        context,
        peer,
        user: None,
        selected: None,
        rev2: false,
        auth: AuthStep::None,
        idling: false,
        saved: Vec::new(),
        conn,
        out: Vec::new(),
        broken: false,
    };
    loop {
        while let Some(event) = server.poll_event() {
            if let Err(e) = session.handle(&mut server, event) {
                session
                    .context
                    .log("imap", &session.peer, &format!("error: {e}"));
            }
        }
        if session.idling {
            let g = session.context.store.generation();
            if g != session.generation {
                session.generation = g;
                if let Err(e) = session.sync(&mut server) {
                    session
                        .context
                        .log("imap", &session.peer, &format!("error: {e}"));
                }
            }
        }
        // A tagged OK (APPENDUID, COPYUID, EXPUNGE...) goes out only once --dir holds the
        // change, so a restart never gives a UID already handed out to another message
        // (RFC 9051 §2.3.1.1).
        if !session.context.wait_persisted() {
            session
                .context
                .log("imap", &session.peer, "changes not yet saved to --dir");
        }
        session.flush(&mut server);
        if session.broken || server.state() == ServerState::Logout {
            break;
        }
        match session.conn.read() {
            Input::Data(data) => server.handle_input(data),
            Input::Tick => server.handle_timeout(Instant::now()),
            Input::Closed => break,
        }
    }
    session.context.log("imap", &session.peer, "closed");
}

impl Session {
    /// Writes what the machine has queued (also in the middle of a long FETCH, so the output
    /// buffer holds one message at a time).
    fn flush(&mut self, server: &mut Server) {
        server.poll_transmit(&mut self.out);
        if self.conn.write(&mut self.out).is_err() {
            self.broken = true;
            self.out.clear();
        }
    }

    fn log(&self, what: &str) {
        self.context.log("imap", &self.peer, what);
    }

    fn handle(&mut self, server: &mut Server, event: ServerEvent) -> Reply {
        match event {
            ServerEvent::Command(command) => self.command(server, command),
            ServerEvent::LiteralAnnounced { .. } => server.accept_literal(),
            ServerEvent::AuthResponse { response, .. } => {
                let bytes = response.as_bytes().unwrap_or_default().to_vec();
                self.auth_step(server, &bytes)
            }
            ServerEvent::IdleDone { .. } => {
                self.idling = false;
                self.sync(server)?;
                server.reply_ok(text("IDLE terminated")?)
            }
            ServerEvent::Refused {
                command, refusal, ..
            } => {
                self.log(&format!("refused {command}: {refusal:?}"));
                Ok(())
            }
            ServerEvent::Malformed(e) => {
                self.log(&format!("malformed: {e:?}"));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn user(&self) -> String {
        self.user.clone().unwrap_or_default()
    }

    fn finish_login(&mut self, server: &mut Server, user: &str, password: &[u8]) -> Reply {
        self.auth = AuthStep::None;
        if self.context.store.check_password(user, password) {
            self.user = Some(user.to_owned());
            server.reply_ok(coded(Code::Capability(atoms(CAPABILITIES)), "logged in")?)
        } else {
            server.reply_no(coded(Code::AuthenticationFailed, "invalid credentials")?)
        }
    }

    fn auth_step(&mut self, server: &mut Server, bytes: &[u8]) -> Reply {
        match std::mem::take(&mut self.auth) {
            AuthStep::Plain => match plain::Response::decode(bytes) {
                Ok(r) if r.authzid().is_none_or(|z| z == r.authcid()) => {
                    let user = r.authcid().to_owned();
                    let password = r.password().expose().as_bytes().to_vec();
                    self.finish_login(server, &user, &password)
                }
                _ => server.reply_no(coded(Code::AuthenticationFailed, "invalid credentials")?),
            },
            AuthStep::LoginUser => match login::Username::decode(bytes) {
                Ok(name) => {
                    self.auth = AuthStep::LoginPassword(name.as_str().to_owned());
                    server.auth_challenge(b"Password:")
                }
                Err(_) => server.reply_no(coded(Code::AuthenticationFailed, "bad user name")?),
            },
            AuthStep::LoginPassword(user) => self.finish_login(server, &user, bytes),
            AuthStep::None => server.reply_bad(text("no exchange in progress")?),
        }
    }

    fn command(&mut self, server: &mut Server, command: Command<'static>) -> Reply {
        let Command { tag, body } = command;
        self.log(&format!("{} {}", tag.as_str(), body.name()));
        match body {
            CommandBody::Capability => {
                server.reply_data(Data::Capability(atoms(CAPABILITIES)))?;
                server.reply_ok(text("CAPABILITY completed")?)
            }
            CommandBody::Noop | CommandBody::Check => {
                self.sync(server)?;
                server.reply_ok(text("NOOP completed")?)
            }
            CommandBody::Logout => server.reply_ok(text("LOGOUT completed")?),
            CommandBody::Id(_) => {
                let fields = vec![(
                    IString::from_text("name").map_err(|_| bad_text())?,
                    IString::from_text("mailbox-server").ok(),
                )];
                server.reply_data(Data::Id(Some(fields)))?;
                server.reply_ok(text("ID completed")?)
            }
            CommandBody::Login { username, password } => {
                let user = String::from_utf8_lossy(username.as_bytes()).into_owned();
                let pw = password.expose().as_bytes().to_vec();
                self.finish_login(server, &user, &pw)
            }
            CommandBody::Authenticate {
                mechanism,
                initial_response,
            } => {
                let initial = initial_response.map(|r| r.as_bytes().unwrap_or_default().to_vec());
                if mechanism.as_str().eq_ignore_ascii_case("PLAIN") {
                    self.auth = AuthStep::Plain;
                    match initial {
                        Some(b) => self.auth_step(server, &b),
                        None => server.auth_challenge(b""),
                    }
                } else if mechanism.as_str().eq_ignore_ascii_case("LOGIN") {
                    self.auth = AuthStep::LoginUser;
                    match initial {
                        Some(b) => self.auth_step(server, &b),
                        None => server.auth_challenge(b"Username:"),
                    }
                } else {
                    server.reply_no(coded(Code::Cannot, "unsupported mechanism")?)
                }
            }
            CommandBody::Enable(caps) => {
                let mut enabled = Vec::new();
                for c in caps {
                    if c.eq_ignore_case("IMAP4rev2") && !self.rev2 {
                        self.rev2 = true;
                        enabled.push(c);
                    }
                }
                server.reply_data(Data::Enabled(enabled))?;
                server.reply_ok(text("ENABLE completed")?)
            }
            CommandBody::Namespace => {
                let personal = NamespaceDescr {
                    prefix: IString::from_text("").map_err(|_| bad_text())?,
                    delimiter: Some(DELIMITER),
                    extensions: Vec::new(),
                };
                server.reply_data(Data::Namespace {
                    personal: Some(vec![personal]),
                    other: None,
                    shared: None,
                })?;
                server.reply_ok(text("NAMESPACE completed")?)
            }
            CommandBody::Select { mailbox, .. } => self.select(server, &mailbox, false),
            CommandBody::Examine { mailbox, .. } => self.select(server, &mailbox, true),
            CommandBody::Create { mailbox, .. } => self.create(server, &mailbox),
            CommandBody::Delete(mailbox) => self.delete(server, &mailbox),
            CommandBody::Rename { from, to, .. } => self.rename(server, &from, &to),
            CommandBody::Subscribe(mailbox) => {
                let name = Account::canonical(mailbox.as_str());
                self.context
                    .store
                    .with_account(&self.user(), |a| a.subscribed.insert(name));
                server.reply_ok(text("SUBSCRIBE completed")?)
            }
            CommandBody::Unsubscribe(mailbox) => {
                let name = Account::canonical(mailbox.as_str());
                self.context
                    .store
                    .with_account(&self.user(), |a| a.subscribed.remove(&name));
                server.reply_ok(text("UNSUBSCRIBE completed")?)
            }
            CommandBody::List {
                selection,
                reference,
                pattern,
                more_patterns,
                return_opts,
            } => {
                let mut patterns = vec![pattern.as_str().to_owned()];
                patterns.extend(more_patterns.iter().map(|p| p.as_str().to_owned()));
                if patterns.len() > 16 || patterns.iter().any(|p| p.len() > 1024) {
                    // Matching is quadratic in the pattern length: keep it small.
                    return server.reply_bad(text("pattern too long")?);
                }
                let sel = selection.unwrap_or_default();
                let ret = return_opts.unwrap_or_default();
                let subscribed_only = sel
                    .iter()
                    .any(|s| matches!(s, ListSelectOption::Subscribed));
                let special_only = sel
                    .iter()
                    .any(|s| matches!(s, ListSelectOption::SpecialUse));
                let show_subscribed = subscribed_only
                    || ret
                        .iter()
                        .any(|r| matches!(r, ListReturnOption::Subscribed));
                // RFC 5819 LIST-STATUS (part of IMAP4rev2): STATUS after each LIST line.
                let status = ret.iter().find_map(|r| match r {
                    ListReturnOption::Status(items) => Some(items.clone()),
                    _ => None,
                });
                self.list(
                    server,
                    reference.as_str(),
                    &patterns,
                    ListMode {
                        lsub: false,
                        subscribed_only,
                        special_only,
                        show_subscribed,
                    },
                    status.as_deref(),
                )
            }
            CommandBody::Lsub { reference, pattern } => self.list(
                server,
                reference.as_str(),
                &[pattern.as_str().to_owned()],
                ListMode {
                    lsub: true,
                    subscribed_only: true,
                    special_only: false,
                    show_subscribed: false,
                },
                None,
            ),
            CommandBody::Status { mailbox, items } => self.status(server, &mailbox, &items),
            CommandBody::Append { mailbox, messages } => {
                let name = Account::canonical(mailbox.as_str());
                let mut uids = Vec::new();
                let mut validity = 0;
                let mut missing = false;
                for m in &messages {
                    let bytes: &[u8] = match &m.data {
                        AppendData::Literal(s) => s.as_bytes(),
                        AppendData::Binary(l) | AppendData::Utf8(l) => l.as_bytes(),
                    };
                    let flags: BTreeSet<String> = m.flags.iter().flatten().map(flag_name).collect();
                    let date = m.date.as_ref().map(unix_time).unwrap_or_else(now_secs);
                    match self.context.store.append(
                        &self.user(),
                        &name,
                        Arc::from(bytes),
                        flags,
                        date,
                    ) {
                        Ok(uid) => uids.push(uid),
                        Err(super::store::StoreError::QuotaExceeded) => {
                            return server.reply_no(coded(Code::OverQuota, "mailbox full")?);
                        }
                        Err(_) => {
                            missing = true;
                            break;
                        }
                    }
                }
                if missing {
                    return server.reply_no(coded(Code::TryCreate, "no such mailbox")?);
                }
                if let Some(v) = self
                    .context
                    .store
                    .read_account(&self.user(), |a| a.folder(&name).map(|f| f.uid_validity))
                    .flatten()
                {
                    validity = v;
                }
                self.sync(server)?;
                match (nz32(validity), uid_set(&uids)) {
                    (Some(uid_validity), Some(uids)) => server.reply_ok(coded(
                        Code::AppendUid { uid_validity, uids },
                        "APPEND completed",
                    )?),
                    _ => server.reply_ok(text("APPEND completed")?),
                }
            }
            CommandBody::Idle => {
                server.accept_idle()?;
                self.idling = true;
                self.generation = self.context.store.generation();
                self.sync(server)
            }
            CommandBody::Close => {
                if let Some(sel) = self.selected.take()
                    && !sel.read_only
                {
                    self.expunge_store(&sel.name, None);
                }
                server.reply_ok(text("CLOSE completed")?)
            }
            CommandBody::Unselect => {
                self.selected = None;
                server.reply_ok(text("UNSELECT completed")?)
            }
            CommandBody::Expunge | CommandBody::UidExpunge(_) => {
                let only = match &body {
                    CommandBody::UidExpunge(set) => Some(self.resolve(set, true)),
                    _ => None,
                };
                let Some(sel) = &self.selected else {
                    return server.reply_bad(text("no mailbox selected")?);
                };
                if sel.read_only {
                    return server.reply_no(coded(Code::ReadOnly, "mailbox is read-only")?);
                }
                let name = sel.name.clone();
                let only: Option<Vec<u32>> = only.map(|v| v.into_iter().map(|(_, u)| u).collect());
                self.expunge_store(&name, only.as_deref());
                self.sync(server)?;
                server.reply_ok(text("EXPUNGE completed")?)
            }
            CommandBody::Search {
                uid,
                return_opts,
                criteria,
                charset,
            } => {
                let known =
                    |c: &str| c.eq_ignore_ascii_case("UTF-8") || c.eq_ignore_ascii_case("US-ASCII");
                if charset.as_ref().is_some_and(|c| !known(c.as_str())) {
                    // RFC 9051 §6.4.4: an unsupported charset gets NO [BADCHARSET].
                    return server.reply_no(coded(Code::BadCharset(Vec::new()), "use UTF-8")?);
                }
                self.search(server, &tag, uid, return_opts, &criteria)
            }
            CommandBody::Fetch {
                uid, set, items, ..
            } => self.fetch(server, uid, &set, &items),
            CommandBody::Store {
                uid,
                set,
                kind,
                silent,
                flags,
                ..
            } => self.store(server, uid, &set, kind, silent, &flags),
            CommandBody::Copy { uid, set, mailbox } => {
                self.copy(server, uid, &set, &mailbox, false)
            }
            CommandBody::Move { uid, set, mailbox } => self.copy(server, uid, &set, &mailbox, true),
            _ => server.reply_bad(text("command not supported")?),
        }
    }

    /// Brings the selected view up to date: EXPUNGE for messages gone, EXISTS for new ones.
    fn sync(&mut self, server: &mut Server) -> Reply {
        let user = self.user();
        let Some(sel) = self.selected.as_mut() else {
            return Ok(());
        };
        let current = self
            .context
            .store
            .read_account(&user, |a| {
                a.folder(&sel.name)
                    .map(|f| f.messages.iter().map(|m| m.uid).collect::<Vec<u32>>())
            })
            .flatten()
            .unwrap_or_default();
        let mut i = 0;
        while i < sel.uids.len() {
            if current.binary_search(&sel.uids[i]).is_err() {
                if let Some(seq) = nz(i + 1) {
                    server.reply_data(Data::Expunge(seq))?;
                }
                sel.uids.remove(i);
            } else {
                i += 1;
            }
        }
        let max = sel.uids.last().copied().unwrap_or(0);
        let before = sel.uids.len();
        sel.uids
            .extend(current.iter().copied().filter(|u| *u > max));
        if sel.uids.len() != before {
            server.reply_data(Data::Exists(
                u32::try_from(sel.uids.len()).unwrap_or(u32::MAX),
            ))?;
        }
        Ok(())
    }

    fn expunge_store(&self, name: &str, only: Option<&[u32]>) {
        self.context.store.with_account(&self.user(), |a| {
            if let Some(f) = a.folder_mut(name) {
                f.messages.retain(|m| {
                    !(m.has_flag("\\Deleted") && only.is_none_or(|o| o.contains(&m.uid)))
                });
            }
        });
    }

    /// Whether a message sequence set names only existing messages (RFC 9051 §9: a number
    /// larger than the number of messages is invalid; `*` always is the last one).
    fn valid_seqs(&self, set: &SequenceSet, uid: bool) -> bool {
        if uid {
            return true;
        }
        let exists = self
            .selected
            .as_ref()
            .map_or(0, |s| u32::try_from(s.uids.len()).unwrap_or(u32::MAX));
        let ok = |n: &SeqNumber| match n {
            SeqNumber::Value(v) => v.get() <= exists,
            SeqNumber::Largest => true,
        };
        set.items().is_none_or(|items| {
            items.iter().all(|i| match i {
                SeqItem::Single(a) => ok(a),
                SeqItem::Range(a, b) => ok(a) && ok(b),
            })
        })
    }

    /// The (sequence number, UID) pairs of the selected view a set names.
    fn resolve(&self, set: &SequenceSet, uid: bool) -> Vec<(u32, u32)> {
        let Some(sel) = &self.selected else {
            return Vec::new();
        };
        let Some(items) = set.items() else {
            // `$`: the saved search result.
            return sel
                .uids
                .iter()
                .enumerate()
                .filter(|(_, u)| self.saved.contains(u))
                .filter_map(|(i, &u)| Some((u32::try_from(i + 1).ok()?, u)))
                .collect();
        };
        let largest = if uid {
            sel.uids.last().copied().unwrap_or(0)
        } else {
            u32::try_from(sel.uids.len()).unwrap_or(u32::MAX)
        };
        sel.uids
            .iter()
            .enumerate()
            .filter_map(|(i, &u)| {
                let seq = u32::try_from(i + 1).ok()?;
                let key = if uid { u } else { seq };
                items
                    .iter()
                    .any(|item| item.contains(key, largest))
                    .then_some((seq, u))
            })
            .collect()
    }

    /// The stored messages for these UIDs of the selected mailbox (missing ones skipped).
    fn messages(&self, targets: &[(u32, u32)]) -> Vec<(u32, Message)> {
        let Some(sel) = &self.selected else {
            return Vec::new();
        };
        self.context
            .store
            .read_account(&self.user(), |a| {
                let Some(f) = a.folder(&sel.name) else {
                    return Vec::new();
                };
                targets
                    .iter()
                    .filter_map(|&(seq, uid)| {
                        let i = f.messages.binary_search_by_key(&uid, |m| m.uid).ok()?;
                        Some((seq, f.messages.get(i)?.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn select(&mut self, server: &mut Server, mailbox: &Mailbox<'_>, read_only: bool) -> Reply {
        self.selected = None;
        let name = Account::canonical(mailbox.as_str());
        let info = self
            .context
            .store
            .read_account(&self.user(), |a| {
                a.folder(&name).map(|f| {
                    (
                        f.uid_validity,
                        f.uid_next,
                        f.messages.iter().map(|m| m.uid).collect::<Vec<_>>(),
                        f.messages.iter().position(|m| !m.has_flag("\\Seen")),
                    )
                })
            })
            .flatten();
        let Some((validity, next, uids, first_unseen)) = info else {
            return server.reply_no(coded(Code::NonExistent, "no such mailbox")?);
        };
        server.reply_data(Data::Flags(SYSTEM_FLAGS.to_vec()))?;
        server.reply_data(Data::Exists(u32::try_from(uids.len()).unwrap_or(u32::MAX)))?;
        if !self.rev2 {
            server.reply_data(Data::Recent(0))?;
            if let Some(seq) = first_unseen.and_then(|i| nz(i + 1)) {
                server.reply_status(Condition::Ok, coded(Code::Unseen(seq), "first unseen")?)?;
            }
        }
        if let Some(v) = nz32(validity) {
            server.reply_status(Condition::Ok, coded(Code::UidValidity(v), "UIDs valid")?)?;
        }
        if let Some(n) = nz32(next) {
            server.reply_status(
                Condition::Ok,
                coded(Code::UidNext(n), "predicted next UID")?,
            )?;
        }
        let perm = if read_only {
            Vec::new()
        } else {
            let mut p: Vec<FlagPerm<'static>> =
                SYSTEM_FLAGS.iter().cloned().map(FlagPerm::Flag).collect();
            p.push(FlagPerm::Asterisk);
            p
        };
        server.reply_status(Condition::Ok, coded(Code::PermanentFlags(perm), "flags")?)?;
        self.saved.clear();
        self.selected = Some(Selected {
            name,
            uids,
            read_only,
        });
        if read_only {
            server.reply_ok(coded(Code::ReadOnly, "EXAMINE completed")?)
        } else {
            server.reply_ok(coded(Code::ReadWrite, "SELECT completed")?)
        }
    }

    fn create(&mut self, server: &mut Server, mailbox: &Mailbox<'_>) -> Reply {
        let name = Account::canonical(mailbox.as_str().trim_end_matches(DELIMITER));
        if name.is_empty() || name == INBOX {
            return server.reply_no(coded(Code::AlreadyExists, "cannot create that")?);
        }
        let validity = self.context.store.next_uid_validity();
        let max = self.context.store.limits().max_folders;
        let result = self.context.store.with_account(&self.user(), |a| {
            if a.folders.contains_key(&name) {
                return Err(Code::AlreadyExists);
            }
            // RFC 9051 §6.3.4: superior hierarchical names are created as needed.
            let mut path = String::new();
            for level in name.split(DELIMITER) {
                if !path.is_empty() {
                    path.push(DELIMITER);
                }
                path.push_str(level);
                if a.folders.contains_key(&path) {
                    continue;
                }
                if a.folders.len() >= max {
                    return Err(Code::Limit);
                }
                a.folders.insert(
                    path.clone(),
                    Folder {
                        uid_validity: validity,
                        uid_next: 1,
                        messages: Vec::new(),
                        special_use: None,
                    },
                );
            }
            Ok(())
        });
        match result {
            Some(Ok(())) => server.reply_ok(text("CREATE completed")?),
            Some(Err(code)) => server.reply_no(coded(code, "cannot create")?),
            None => server.reply_no(text("no account")?),
        }
    }

    fn delete(&mut self, server: &mut Server, mailbox: &Mailbox<'_>) -> Reply {
        let name = Account::canonical(mailbox.as_str());
        if name == INBOX {
            return server.reply_no(coded(Code::Cannot, "INBOX cannot be deleted")?);
        }
        if self.selected.as_ref().is_some_and(|s| s.name == name) {
            self.selected = None;
        }
        let removed = self
            .context
            .store
            .with_account(&self.user(), |a| {
                a.subscribed.remove(&name);
                a.folders.remove(&name).is_some()
            })
            .unwrap_or(false);
        if removed {
            server.reply_ok(text("DELETE completed")?)
        } else {
            server.reply_no(coded(Code::NonExistent, "no such mailbox")?)
        }
    }

    fn rename(&mut self, server: &mut Server, from: &Mailbox<'_>, to: &Mailbox<'_>) -> Reply {
        let from = Account::canonical(from.as_str());
        let to = Account::canonical(to.as_str().trim_end_matches(DELIMITER));
        if to == INBOX || to.is_empty() {
            return server.reply_no(coded(Code::AlreadyExists, "cannot rename to that")?);
        }
        let validity = self.context.store.next_uid_validity();
        let result = self.context.store.with_account(&self.user(), |a| {
            if !a.folders.contains_key(&from) {
                return Err(Code::NonExistent);
            }
            if a.folders.contains_key(&to) {
                return Err(Code::AlreadyExists);
            }
            if from == INBOX {
                // RFC 9051 §6.3.6: renaming INBOX moves its messages; INBOX stays, empty.
                let inbox = a.folders.get_mut(INBOX).ok_or(Code::NonExistent)?;
                let messages = std::mem::take(&mut inbox.messages);
                let mut folder = Folder {
                    uid_validity: validity,
                    uid_next: 1,
                    messages: Vec::new(),
                    special_use: None,
                };
                for m in messages {
                    folder.append(m.data, m.flags, m.internal_date);
                }
                a.folders.insert(to.clone(), folder);
                return Ok(());
            }
            let prefix = format!("{from}{DELIMITER}");
            let moving: Vec<String> = a
                .folders
                .keys()
                .filter(|k| **k == from || k.starts_with(&prefix))
                .cloned()
                .collect();
            for old in moving {
                let new = format!("{to}{}", &old[from.len()..]);
                if let Some(f) = a.folders.remove(&old) {
                    a.folders.insert(new.clone(), f);
                }
                if a.subscribed.remove(&old) {
                    a.subscribed.insert(new);
                }
            }
            Ok(())
        });
        match result {
            Some(Ok(())) => {
                if let Some(sel) = self.selected.as_mut()
                    && sel.name == from
                    && from != INBOX
                {
                    sel.name = to;
                }
                server.reply_ok(text("RENAME completed")?)
            }
            Some(Err(code)) => server.reply_no(coded(code, "cannot rename")?),
            None => server.reply_no(text("no account")?),
        }
    }

    fn list(
        &mut self,
        server: &mut Server,
        reference: &str,
        patterns: &[String],
        mode: ListMode,
        status: Option<&[StatusItem]>,
    ) -> Reply {
        if patterns.len() == 1 && patterns.first().is_some_and(String::is_empty) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and root.
            let root = Mailbox::new(
                reference
                    .split(DELIMITER)
                    .next()
                    .map(str::to_owned)
                    .unwrap_or_default(),
            )
            .map_err(|_| bad_text())?;
            let entry = MailboxList {
                attributes: vec![ListAttribute::NoSelect],
                delimiter: Some(DELIMITER),
                mailbox: root,
                extended: Vec::new(),
            };
            server.reply_data(if mode.lsub {
                Data::Lsub(entry)
            } else {
                Data::List(entry)
            })?;
            return server.reply_ok(text("LIST completed")?);
        }
        let patterns: Vec<String> = patterns
            .iter()
            .map(|p| canonical_pattern(reference, p))
            .collect();
        let entries = self
            .context
            .store
            .read_account(&self.user(), |a| {
                let mut names: BTreeSet<String> = a.folders.keys().cloned().collect();
                if mode.subscribed_only {
                    names = a.subscribed.clone();
                }
                names
                    .into_iter()
                    .filter(|n| patterns.iter().any(|p| pattern_matches(p, n)))
                    .filter_map(|n| {
                        let folder = a.folders.get(&n);
                        if mode.special_only && folder.and_then(|f| f.special_use).is_none() {
                            return None;
                        }
                        let mut attrs = Vec::new();
                        match folder {
                            None => attrs.push(ListAttribute::NonExistent),
                            Some(f) => {
                                let prefix = format!("{n}{DELIMITER}");
                                let children = a.folders.keys().any(|k| k.starts_with(&prefix));
                                if !mode.lsub {
                                    attrs.push(if children {
                                        ListAttribute::HasChildren
                                    } else {
                                        ListAttribute::HasNoChildren
                                    });
                                }
                                attrs.extend(special_attribute(f.special_use));
                            }
                        }
                        if mode.show_subscribed && a.subscribed.contains(&n) {
                            attrs.push(ListAttribute::Subscribed);
                        }
                        Some((n, attrs))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        for (name, attributes) in entries {
            let Ok(mailbox) = Mailbox::new(name.clone()) else {
                continue;
            };
            let entry = MailboxList {
                attributes,
                delimiter: Some(DELIMITER),
                mailbox: mailbox.clone(),
                extended: Vec::new(),
            };
            server.reply_data(if mode.lsub {
                Data::Lsub(entry)
            } else {
                Data::List(entry)
            })?;
            if let Some(items) = status
                && let Some(Some(values)) = self
                    .context
                    .store
                    .read_account(&self.user(), |a| status_values(a, &name, items))
            {
                server.reply_data(Data::Status {
                    mailbox,
                    items: values,
                })?;
            }
        }
        server.reply_ok(text(if mode.lsub {
            "LSUB completed"
        } else {
            "LIST completed"
        })?)
    }

    fn status(
        &mut self,
        server: &mut Server,
        mailbox: &Mailbox<'_>,
        items: &[StatusItem],
    ) -> Reply {
        let name = Account::canonical(mailbox.as_str());
        let values = self
            .context
            .store
            .read_account(&self.user(), |a| status_values(a, &name, items))
            .flatten();
        let Some(items) = values else {
            return server.reply_no(coded(Code::NonExistent, "no such mailbox")?);
        };
        server.reply_data(Data::Status {
            mailbox: mailbox.clone(),
            items,
        })?;
        server.reply_ok(text("STATUS completed")?)
    }

    fn fetch(
        &mut self,
        server: &mut Server,
        uid_cmd: bool,
        set: &SequenceSet,
        items: &FetchItems<'_>,
    ) -> Reply {
        let items = items.expand();
        if items.iter().any(|i| {
            matches!(
                i,
                FetchItem::ModSeq
                    | FetchItem::EmailId
                    | FetchItem::ThreadId
                    | FetchItem::SaveDate
                    | FetchItem::Preview { .. }
            )
        }) {
            return server.reply_bad(text("FETCH item not supported")?);
        }
        let read_only = self.selected.as_ref().is_none_or(|s| s.read_only);
        let sets_seen = !read_only
            && items.iter().any(|i| {
                matches!(
                    i,
                    FetchItem::BodySection { peek: false, .. }
                        | FetchItem::Binary { peek: false, .. }
                        | FetchItem::Rfc822
                        | FetchItem::Rfc822Text
                )
            });
        if !self.valid_seqs(set, uid_cmd) {
            return server.reply_bad(text("invalid message sequence number")?);
        }
        let targets = self.resolve(set, uid_cmd);
        if sets_seen {
            let uids: Vec<u32> = targets.iter().map(|&(_, u)| u).collect();
            if let Some(name) = self.selected.as_ref().map(|s| s.name.clone()) {
                self.context.store.with_account(&self.user(), |a| {
                    if let Some(f) = a.folder_mut(&name) {
                        for m in f.messages.iter_mut().filter(|m| uids.contains(&m.uid)) {
                            if !m.has_flag("\\Seen") {
                                m.flags.insert("\\Seen".into());
                            }
                        }
                    }
                });
            }
        }
        let want_uid = uid_cmd || items.iter().any(|i| matches!(i, FetchItem::Uid));
        let want_flags = sets_seen || items.iter().any(|i| matches!(i, FetchItem::Flags));
        for (seq, msg) in self.messages(&targets) {
            let Some(seq) = nz32(seq) else { continue };
            let data: &[u8] = &msg.data;
            let mut out: Vec<FetchData<'_>> = Vec::new();
            if want_uid && let Some(u) = nz32(msg.uid) {
                out.push(FetchData::Uid(u));
            }
            if want_flags {
                out.push(FetchData::Flags(flags_of(&msg)));
            }
            let mut tree: Option<mime::Entity> = None;
            for item in &items {
                match item {
                    FetchItem::Uid | FetchItem::Flags => {}
                    FetchItem::Rfc822Size => out.push(FetchData::Rfc822Size(data.len() as u64)),
                    FetchItem::InternalDate => {
                        if let Some(d) = internal_date(msg.internal_date) {
                            out.push(FetchData::InternalDate(d));
                        }
                    }
                    FetchItem::Envelope => {
                        let e = tree.get_or_insert_with(|| mime::parse(data));
                        let head = data.get(e.header.clone()).unwrap_or_default();
                        out.push(FetchData::Envelope(Box::new(mime::envelope(head))));
                    }
                    FetchItem::Body | FetchItem::BodyStructure => {
                        let e = tree.get_or_insert_with(|| mime::parse(data));
                        let ext = matches!(item, FetchItem::BodyStructure);
                        if let Some(b) = mime::body(data, e, ext) {
                            out.push(if ext {
                                FetchData::BodyStructure(Box::new(b))
                            } else {
                                FetchData::Body(Box::new(b))
                            });
                        }
                    }
                    FetchItem::Rfc822 => {
                        out.push(FetchData::Rfc822(IString::new(Cow::Borrowed(data)).ok()));
                    }
                    FetchItem::Rfc822Header => {
                        let e = tree.get_or_insert_with(|| mime::parse(data));
                        let head = data.get(e.header.clone()).unwrap_or_default();
                        out.push(FetchData::Rfc822Header(
                            IString::new(Cow::Borrowed(head)).ok(),
                        ));
                    }
                    FetchItem::Rfc822Text => {
                        let e = tree.get_or_insert_with(|| mime::parse(data));
                        let body = data.get(e.body.clone()).unwrap_or_default();
                        out.push(FetchData::Rfc822Text(
                            IString::new(Cow::Borrowed(body)).ok(),
                        ));
                    }
                    FetchItem::BodySection {
                        section, partial, ..
                    } => {
                        let bytes: Option<Cow<'_, [u8]>> =
                            if section.part().is_none() && section.text().is_none() {
                                Some(Cow::Borrowed(data))
                            } else {
                                let e = tree.get_or_insert_with(|| mime::parse(data));
                                mime::section(data, e, section).map(Cow::Owned)
                            };
                        let (origin, bytes) = match (partial, bytes) {
                            (Some(p), Some(b)) => {
                                let start = usize::try_from(p.offset()).unwrap_or(usize::MAX);
                                let len = usize::try_from(p.length().get()).unwrap_or(usize::MAX);
                                let slice = b
                                    .get(start.min(b.len())..start.saturating_add(len).min(b.len()))
                                    .unwrap_or_default()
                                    .to_vec();
                                (u32::try_from(p.offset()).ok(), Some(Cow::Owned(slice)))
                            }
                            (_, b) => (None, b),
                        };
                        out.push(FetchData::BodySection {
                            section: section.clone(),
                            origin,
                            data: bytes.and_then(|b| IString::new(b).ok()),
                        });
                    }
                    FetchItem::Binary { part, .. } | FetchItem::BinarySize { part } => {
                        let partial = match item {
                            FetchItem::Binary { partial, .. } => partial.as_ref(),
                            _ => None,
                        };
                        let numbers: Vec<u32> = part
                            .as_ref()
                            .map(|p| p.numbers().iter().map(|n| n.get()).collect())
                            .unwrap_or_default();
                        let e = tree.get_or_insert_with(|| mime::parse(data));
                        let decoded = match mime::binary(data, e, &numbers) {
                            None => None,
                            Some(Ok(bytes)) => Some(bytes),
                            Some(Err(mime::UnknownCte)) => {
                                return server.reply_no(coded(
                                    Code::UnknownCte,
                                    "unknown Content-Transfer-Encoding",
                                )?);
                            }
                        };
                        match item {
                            FetchItem::BinarySize { .. } => out.push(FetchData::BinarySize {
                                part: part.clone(),
                                size: decoded
                                    .as_ref()
                                    .map_or(0, |b| u32::try_from(b.len()).unwrap_or(u32::MAX)),
                            }),
                            _ => {
                                let (origin, bytes) = match (partial, decoded) {
                                    (Some(p), Some(b)) => {
                                        let start =
                                            usize::try_from(p.offset()).unwrap_or(usize::MAX);
                                        let len =
                                            usize::try_from(p.length().get()).unwrap_or(usize::MAX);
                                        let end = start.saturating_add(len).min(b.len());
                                        let slice =
                                            b.get(start.min(b.len())..end).unwrap_or_default();
                                        (u32::try_from(p.offset()).ok(), Some(slice.to_vec()))
                                    }
                                    (_, b) => (None, b),
                                };
                                out.push(FetchData::Binary {
                                    part: part.clone(),
                                    origin,
                                    data: match bytes {
                                        Some(b) => BinaryData::Literal8(Literal8::new(b)),
                                        None => BinaryData::Nil,
                                    },
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            server.reply_data(Data::Fetch { seq, items: out })?;
            self.flush(server);
        }
        server.reply_ok(text("FETCH completed")?)
    }

    fn store(
        &mut self,
        server: &mut Server,
        uid_cmd: bool,
        set: &SequenceSet,
        kind: StoreKind,
        silent: bool,
        flags: &[Flag<'_>],
    ) -> Reply {
        let Some(sel) = &self.selected else {
            return server.reply_bad(text("no mailbox selected")?);
        };
        if sel.read_only {
            return server.reply_no(coded(Code::ReadOnly, "mailbox is read-only")?);
        }
        let name = sel.name.clone();
        if !self.valid_seqs(set, uid_cmd) {
            return server.reply_bad(text("invalid message sequence number")?);
        }
        let targets = self.resolve(set, uid_cmd);
        let names: Vec<String> = flags.iter().map(flag_name).collect();
        let uids: Vec<u32> = targets.iter().map(|&(_, u)| u).collect();
        self.context.store.with_account(&self.user(), |a| {
            if let Some(f) = a.folder_mut(&name) {
                for m in f.messages.iter_mut().filter(|m| uids.contains(&m.uid)) {
                    match kind {
                        StoreKind::Replace => m.flags = names.iter().cloned().collect(),
                        StoreKind::Add => {
                            for n in &names {
                                if !m.has_flag(n) {
                                    m.flags.insert(n.clone());
                                }
                            }
                        }
                        StoreKind::Remove => m
                            .flags
                            .retain(|f| !names.iter().any(|n| n.eq_ignore_ascii_case(f))),
                    }
                }
            }
        });
        if !silent {
            for (seq, msg) in self.messages(&targets) {
                let Some(seq) = nz32(seq) else { continue };
                let mut items = vec![FetchData::Flags(flags_of(&msg))];
                if uid_cmd && let Some(u) = nz32(msg.uid) {
                    items.push(FetchData::Uid(u));
                }
                server.reply_data(Data::Fetch { seq, items })?;
            }
        }
        server.reply_ok(text("STORE completed")?)
    }

    fn copy(
        &mut self,
        server: &mut Server,
        uid_cmd: bool,
        set: &SequenceSet,
        mailbox: &Mailbox<'_>,
        moving: bool,
    ) -> Reply {
        let Some(sel) = &self.selected else {
            return server.reply_bad(text("no mailbox selected")?);
        };
        if moving && sel.read_only {
            return server.reply_no(coded(Code::ReadOnly, "mailbox is read-only")?);
        }
        let source = sel.name.clone();
        let dest = Account::canonical(mailbox.as_str());
        if !self.valid_seqs(set, uid_cmd) {
            return server.reply_bad(text("invalid message sequence number")?);
        }
        let targets = self.resolve(set, uid_cmd);
        let msgs: Vec<Message> = self
            .messages(&targets)
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        let result = self
            .context
            .store
            .with_account(&self.user(), |a| {
                let f = a.folder_mut(&dest)?;
                let new: Vec<u32> = msgs
                    .iter()
                    .map(|m| f.append(m.data.clone(), m.flags.clone(), m.internal_date))
                    .collect();
                let validity = f.uid_validity;
                if moving
                    && dest != source
                    && let Some(src) = a.folder_mut(&source)
                {
                    let gone: Vec<u32> = msgs.iter().map(|m| m.uid).collect();
                    src.messages.retain(|m| !gone.contains(&m.uid));
                }
                Some((validity, new))
            })
            .flatten();
        let Some((validity, new)) = result else {
            return server.reply_no(coded(Code::TryCreate, "no such mailbox")?);
        };
        let old: Vec<u32> = msgs.iter().map(|m| m.uid).collect();
        let code = match (nz32(validity), uid_set(&old), uid_set(&new)) {
            (Some(uid_validity), Some(source), Some(destination)) => Some(Code::CopyUid {
                uid_validity,
                source,
                destination,
            }),
            _ => None,
        };
        if moving {
            // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGEs.
            if let Some(code) = code {
                server.reply_status(Condition::Ok, coded(code, "moved")?)?;
            }
            self.sync(server)?;
            return server.reply_ok(text("MOVE completed")?);
        }
        match code {
            Some(code) => server.reply_ok(coded(code, "COPY completed")?),
            None => server.reply_ok(text("COPY completed")?),
        }
    }

    fn search(
        &mut self,
        server: &mut Server,
        tag: &imap_proto::types::core::Tag<'_>,
        uid_cmd: bool,
        return_opts: Option<Vec<SearchReturnOption<'_>>>,
        criteria: &[SearchKey<'_>],
    ) -> Reply {
        let Some(sel) = &self.selected else {
            return server.reply_bad(text("no mailbox selected")?);
        };
        let largest_seq = u32::try_from(sel.uids.len()).unwrap_or(u32::MAX);
        let largest_uid = sel.uids.last().copied().unwrap_or(0);
        let all: Vec<(u32, u32)> = sel
            .uids
            .iter()
            .enumerate()
            .filter_map(|(i, &u)| Some((u32::try_from(i + 1).ok()?, u)))
            .collect();
        let now = now_secs();
        let mut hits = Vec::new();
        let mut hit_uids = Vec::new();
        for (seq, msg) in self.messages(&all) {
            let ctx = SearchCtx {
                seq,
                msg: &msg,
                largest_seq,
                largest_uid,
                now,
                saved: &self.saved,
            };
            if criteria.iter().all(|k| ctx.matches(k)) {
                hits.push(if uid_cmd { msg.uid } else { seq });
                hit_uids.push(msg.uid);
            }
        }
        let ids: Vec<NonZeroU32> = hits.iter().filter_map(|&n| nz32(n)).collect();
        if return_opts.is_none() && !self.rev2 {
            server.reply_data(Data::Search { ids, modseq: None })?;
            return server.reply_ok(text("SEARCH completed")?);
        }
        let opts = return_opts.unwrap_or_default();
        if opts.iter().any(|o| matches!(o, SearchReturnOption::Save)) {
            self.saved = hit_uids;
            if opts.len() == 1 {
                // RFC 5182 §2.1: SAVE alone returns no ESEARCH response.
                return server.reply_ok(text("SEARCH completed, result saved")?);
            }
        }
        let wants = |f: fn(&SearchReturnOption<'_>) -> bool| opts.is_empty() || opts.iter().any(f);
        let mut items = Vec::new();
        if !opts.is_empty()
            && opts.iter().any(|o| matches!(o, SearchReturnOption::Min))
            && let Some(&m) = ids.first()
        {
            items.push(SearchReturn::Min(m));
        }
        if !opts.is_empty()
            && opts.iter().any(|o| matches!(o, SearchReturnOption::Max))
            && let Some(&m) = ids.last()
        {
            items.push(SearchReturn::Max(m));
        }
        if wants(|o| matches!(o, SearchReturnOption::All))
            && let Some(set) = uid_set(&hits)
        {
            items.push(SearchReturn::All(set));
        }
        if !opts.is_empty() && opts.iter().any(|o| matches!(o, SearchReturnOption::Count)) {
            items.push(SearchReturn::Count(
                u32::try_from(ids.len()).unwrap_or(u32::MAX),
            ));
        }
        let tag = IString::from_text(tag.as_str())
            .ok()
            .map(mail_core::IntoOwned::into_owned);
        server.reply_data(Data::ESearch(ESearch {
            tag,
            uid: uid_cmd,
            items,
        }))?;
        server.reply_ok(text("SEARCH completed")?)
    }
}

/// The STATUS values of a folder (RFC 9051 §6.3.11), `None` when it does not exist.
fn status_values(
    a: &Account,
    name: &str,
    items: &[StatusItem],
) -> Option<Vec<StatusValue<'static>>> {
    let f = a.folder(name)?;
    let count = |pred: &dyn Fn(&Message) -> bool| {
        u32::try_from(f.messages.iter().filter(|m| pred(m)).count()).unwrap_or(u32::MAX)
    };
    Some(
        items
            .iter()
            .filter_map(|item| match item {
                StatusItem::Messages => Some(StatusValue::Messages(count(&|_| true))),
                StatusItem::Recent => Some(StatusValue::Recent(0)),
                StatusItem::UidNext => nz32(f.uid_next).map(StatusValue::UidNext),
                StatusItem::UidValidity => nz32(f.uid_validity).map(StatusValue::UidValidity),
                StatusItem::Unseen => Some(StatusValue::Unseen(count(&|m| !m.has_flag("\\Seen")))),
                StatusItem::Deleted => {
                    Some(StatusValue::Deleted(count(&|m| m.has_flag("\\Deleted"))))
                }
                StatusItem::Size => Some(StatusValue::Size(f.size())),
                _ => None,
            })
            .collect(),
    )
}

/// What a LIST or LSUB shows.
#[derive(Debug, Clone, Copy)]
struct ListMode {
    lsub: bool,
    subscribed_only: bool,
    special_only: bool,
    show_subscribed: bool,
}

/// A sorted, compressed set of numbers (`1:3,7`), or `None` when empty.
pub fn uid_set(numbers: &[u32]) -> Option<SequenceSet> {
    let mut sorted: Vec<u32> = numbers.iter().copied().filter(|&n| n > 0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut items = Vec::new();
    let mut iter = sorted.into_iter();
    let mut start = iter.next()?;
    let mut end = start;
    let push = |items: &mut Vec<SeqItem>, a: u32, b: u32| {
        if let (Some(a), Some(b)) = (SeqNumber::new(a), SeqNumber::new(b)) {
            items.push(if a == b {
                SeqItem::Single(a)
            } else {
                SeqItem::Range(a, b)
            });
        }
    };
    for n in iter {
        if Some(n) == end.checked_add(1) {
            end = n;
        } else {
            push(&mut items, start, end);
            start = n;
            end = n;
        }
    }
    push(&mut items, start, end);
    SequenceSet::new(items).ok()
}

struct SearchCtx<'m> {
    seq: u32,
    msg: &'m Message,
    largest_seq: u32,
    largest_uid: u32,
    now: i64,
    saved: &'m [u32],
}

fn contains_ci(haystack: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    let h = haystack.to_ascii_lowercase();
    let n = needle.to_ascii_lowercase();
    h.windows(n.len()).any(|w| w == n.as_slice())
}

fn date_tuple(d: &Date) -> (u16, u8, u8) {
    (d.year(), d.month(), d.day())
}

impl SearchCtx<'_> {
    fn header(&self) -> &[u8] {
        let data: &[u8] = &self.msg.data;
        let end = data
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(data.len(), |i| i + 4);
        data.get(..end).unwrap_or(data)
    }

    fn field_contains(&self, name: &str, value: &[u8]) -> bool {
        mime::fields(self.header())
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case(name.as_bytes()) && contains_ci(v, value))
    }

    fn sent_date(&self) -> Option<(u16, u8, u8)> {
        mime::field(self.header(), "date").and_then(|v| mime::header_date(&v))
    }

    fn matches(&self, key: &SearchKey<'_>) -> bool {
        let m = self.msg;
        let internal = utc_date(m.internal_date);
        match key {
            SearchKey::All => true,
            SearchKey::Answered => m.has_flag("\\Answered"),
            SearchKey::Unanswered => !m.has_flag("\\Answered"),
            SearchKey::Deleted => m.has_flag("\\Deleted"),
            SearchKey::Undeleted => !m.has_flag("\\Deleted"),
            SearchKey::Draft => m.has_flag("\\Draft"),
            SearchKey::Undraft => !m.has_flag("\\Draft"),
            SearchKey::Flagged => m.has_flag("\\Flagged"),
            SearchKey::Unflagged => !m.has_flag("\\Flagged"),
            SearchKey::Seen => m.has_flag("\\Seen"),
            SearchKey::Unseen => !m.has_flag("\\Seen"),
            SearchKey::Keyword(k) => m.has_flag(k.as_str()),
            SearchKey::Unkeyword(k) => !m.has_flag(k.as_str()),
            // No message is \Recent here (RFC 3501 §2.3.2 allows a server not to keep it).
            SearchKey::New | SearchKey::Recent => false,
            SearchKey::Old => true,
            SearchKey::From(s) => self.field_contains("from", s.as_bytes()),
            SearchKey::To(s) => self.field_contains("to", s.as_bytes()),
            SearchKey::Cc(s) => self.field_contains("cc", s.as_bytes()),
            SearchKey::Bcc(s) => self.field_contains("bcc", s.as_bytes()),
            SearchKey::Subject(s) => self.field_contains("subject", s.as_bytes()),
            SearchKey::Header(name, value) => {
                let name = String::from_utf8_lossy(name.as_bytes()).into_owned();
                self.field_contains(&name, value.as_bytes())
            }
            SearchKey::Body(s) => {
                let data: &[u8] = &m.data;
                let head = self.header().len();
                contains_ci(data.get(head..).unwrap_or_default(), s.as_bytes())
            }
            SearchKey::Text(s) => contains_ci(&m.data, s.as_bytes()),
            SearchKey::Larger(n) => m.data.len() as u64 > *n,
            SearchKey::Smaller(n) => (m.data.len() as u64) < *n,
            SearchKey::Before(d) => internal < date_tuple(d),
            SearchKey::On(d) => internal == date_tuple(d),
            SearchKey::Since(d) => internal >= date_tuple(d),
            SearchKey::SentBefore(d) => self.sent_date().is_some_and(|s| s < date_tuple(d)),
            SearchKey::SentOn(d) => self.sent_date().is_some_and(|s| s == date_tuple(d)),
            SearchKey::SentSince(d) => self.sent_date().is_some_and(|s| s >= date_tuple(d)),
            SearchKey::Older(n) => self.now - m.internal_date >= i64::from(n.get()),
            SearchKey::Younger(n) => self.now - m.internal_date <= i64::from(n.get()),
            SearchKey::Uid(set) => match set.items() {
                Some(items) => items.iter().any(|i| i.contains(m.uid, self.largest_uid)),
                None => self.saved.contains(&m.uid),
            },
            SearchKey::SequenceSet(set) => match set.items() {
                Some(items) => items.iter().any(|i| i.contains(self.seq, self.largest_seq)),
                None => self.saved.contains(&m.uid),
            },
            SearchKey::Not(k) => !self.matches(k),
            SearchKey::Or(a, b) => self.matches(a) || self.matches(b),
            SearchKey::And(keys) => keys.iter().all(|k| self.matches(k)),
            SearchKey::Fuzzy(k) => self.matches(k),
            _ => false,
        }
    }
}
