//! The sans-IO server session (RFC 1939 §3-§6 states, RFC 2449, RFC 2595, RFC 5034, RFC 6856).
//!
//! The caller moves bytes and time in and out: [`Server::handle_input`] with what the client
//! sent, [`Server::poll_transmit`] for what to write, [`Server::poll_event`] for what the
//! application must answer, [`Server::poll_timeout`] / [`Server::handle_timeout`] for the
//! autologout timer (RFC 1939 §3).
//!
//! Commands are handed out one at a time, in order, as [`Event::Command`]; the next pipelined
//! command is decoded only once the current one is answered through a `reply_*`, `accept_*`,
//! `reject_*`, `start_multi_line`/`send_*`/`finish_multi_line` or `auth_challenge` method. The
//! machine answers by itself what needs no application decision: NOOP, malformed commands and
//! commands not valid in the current state (reported as [`Event::Malformed`] and
//! [`Event::Refused`]).
//!
//! ```
//! use std::time::Instant;
//! use pop3_proto::server::{Event, Server, ServerConfig, State};
//! use pop3_proto::{Command, Greeting, ResponseText, StatusLine};
//!
//! let greeting = Greeting(StatusLine::ok(ResponseText::text("POP3 ready <1.2@host>").unwrap()));
//! let mut server = Server::new(ServerConfig::default(), greeting, Instant::now());
//! server.handle_input(b"USER alice\r\nPASS secret\r\nSTAT\r\n");
//! let Some(Event::Command(Command::User(name))) = server.poll_event() else { panic!() };
//! assert_eq!(name.as_str(), "alice");
//! server.reply_ok(ResponseText::empty()).unwrap();
//! let Some(Event::Command(Command::Pass(pw))) = server.poll_event() else { panic!() };
//! assert_eq!(pw.expose(), "secret");
//! server.accept_login(ResponseText::text("maildrop locked").unwrap()).unwrap();
//! assert_eq!(server.state(), State::Transaction);
//! assert!(matches!(server.poll_event(), Some(Event::Command(Command::Stat))));
//! server.reply_stat(2, 320).unwrap();
//! let mut out = Vec::new();
//! server.poll_transmit(&mut out);
//! assert_eq!(out, b"+OK POP3 ready <1.2@host>\r\n+OK\r\n+OK maildrop locked\r\n+OK 2 320\r\n");
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_core::dot::{BareLineEndingEncoding, DotEncoder};
use mail_core::{DecodeError, Decoded, Encode, IntoOwned, UsageError, ValidationError};

use crate::decode::{CommandDecoder, CommandDecoderConfig, ListItem};
use crate::types::{
    ApopDigest, Capability, Challenge, Command, CommandKind, Greeting, ResponseText, SaslResponse,
    ScanEntry, StatInfo, StatusLine, Text, UidEntry,
};

/// RFC 1939 §3: "the autologout timer MUST be of at least 10 minutes' duration".
pub const AUTOLOGOUT_MIN: Duration = Duration::from_secs(600);

/// Settings of a [`Server`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Command decoding limits.
    pub decoder: CommandDecoderConfig,
    /// Inactivity autologout (default and minimum advised by RFC 1939 §3: 10 minutes).
    pub autologout: Duration,
    /// Bare CR or LF in message bodies given to [`Server::send_body`]: normalized to CR LF by
    /// default (mail stores often hold LF-only files); `Reject` makes them an error.
    pub body_line_endings: BareLineEndingEncoding,
    /// Most bytes buffered from the client (pipelined commands waiting for answers); more is a
    /// protocol violation and closes the session.
    pub max_buffered: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            decoder: CommandDecoderConfig::default(),
            autologout: AUTOLOGOUT_MIN,
            body_line_endings: BareLineEndingEncoding::Normalize,
            max_buffered: 64 * 1024,
        }
    }
}

impl ServerConfig {
    /// Sets the command decoder configuration.
    pub fn with_decoder(mut self, decoder: CommandDecoderConfig) -> Self {
        self.decoder = decoder;
        self
    }

    /// Sets the autologout duration.
    pub fn with_autologout(mut self, autologout: Duration) -> Self {
        self.autologout = autologout;
        self
    }

    /// Sets the bare CR/LF policy of message bodies.
    pub fn with_body_line_endings(mut self, policy: BareLineEndingEncoding) -> Self {
        self.body_line_endings = policy;
        self
    }

    /// Sets the input buffer limit.
    pub fn with_max_buffered(mut self, max: usize) -> Self {
        self.max_buffered = max;
        self
    }
}

/// The session states of RFC 1939 §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Before login (RFC 1939 §4).
    Authorization,
    /// After login (RFC 1939 §5).
    Transaction,
    /// QUIT received in TRANSACTION, its answer not yet given (RFC 1939 §6).
    Update,
    /// The session is over: write what [`Server::poll_transmit`] gives, then close.
    Closed,
}

/// Why the machine refused a command by itself (it has sent `-ERR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Refusal {
    /// The command is not valid in this state (RFC 1939 §4-§5).
    WrongState(State),
    /// PASS without an accepted USER before it (RFC 1939 §7).
    PassWithoutUser,
    /// The client cancelled an AUTH exchange with `*` (RFC 5034 §4).
    AuthCancelled,
    /// STLS when TLS is already active (RFC 2595 §4: "-ERR Command not permitted when TLS
    /// active").
    TlsActive,
}

/// Why the session closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloseReason {
    /// QUIT was answered.
    Quit,
    /// The autologout timer expired (RFC 1939 §3); no UPDATE state is entered.
    AutoLogout,
    /// The client sent more than [`ServerConfig::max_buffered`] bytes ahead.
    InputOverflow,
}

/// What happened; [`Event::Command`] and [`Event::AuthResponse`] wait for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A command to answer.
    Command(Command<'static>),
    /// A client line of an AUTH exchange: answer with [`Server::auth_challenge`],
    /// [`Server::accept_login`] or [`Server::reject_login`].
    AuthResponse(SaslResponse<'static>),
    /// The machine refused a command and answered `-ERR`.
    Refused {
        /// The command.
        command: CommandKind,
        /// Why.
        reason: Refusal,
    },
    /// A malformed command, answered with `-ERR`.
    Malformed(DecodeError),
    /// The `+OK` to STLS is queued: write it, then start TLS. Bytes the client sent after STLS,
    /// before the handshake, were discarded (RFC 2595 §4; they may be injected); here they are.
    StartTls {
        /// The discarded bytes.
        discarded: Vec<u8>,
    },
    /// The session is over: write the pending output and close the connection.
    Closed(CloseReason),
}

/// An answer method was called with an invalid value or in the wrong state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// Wrong state.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// Invalid value (a body with a bare CR or LF under the `Reject` policy).
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    /// Nothing to answer: decode the next command.
    None,
    /// A command waiting for its answer.
    Answer(Command<'static>),
    /// An AUTH exchange waiting for the application's next step.
    Auth,
    /// A challenge was sent: the next line is a SASL response.
    SaslLine,
    /// A listing is being sent.
    Listing(CommandKind),
    /// A message body is being sent.
    Body,
}

/// A POP3 server session. See the [module documentation](self).
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    decoder: CommandDecoder,
    state: State,
    pending: Pending,
    /// Received bytes; those before `pos` are consumed (compacted on the next input).
    buf: Vec<u8>,
    pos: usize,
    discarding: bool,
    out: Vec<u8>,
    events: VecDeque<Event>,
    body: Option<DotEncoder>,
    user_accepted: bool,
    timestamp: Option<String>,
    deadline: Instant,
    active: bool,
    /// STLS was accepted in this session.
    tls: bool,
}

const NOT_AWAITED: &str = "when no command waits for it";

impl Server {
    /// A session that has just accepted a connection: the greeting is queued for writing. A
    /// greeting with a `<...>` timestamp offers APOP (RFC 1939 §7).
    pub fn new(config: ServerConfig, greeting: Greeting<'_>, now: Instant) -> Self {
        let mut out = Vec::new();
        greeting.encode(&mut out);
        Server {
            decoder: CommandDecoder::new(config.decoder),
            deadline: now + config.autologout,
            config,
            state: State::Authorization,
            pending: Pending::None,
            buf: Vec::new(),
            pos: 0,
            discarding: false,
            out,
            events: VecDeque::new(),
            body: None,
            user_accepted: false,
            timestamp: greeting.timestamp().map(str::to_owned),
            active: false,
            tls: false,
        }
    }

    /// The session state.
    pub fn state(&self) -> State {
        self.state
    }

    /// Whether STLS was accepted in this session (TLS is then in use).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The APOP timestamp of the greeting, if any.
    pub fn apop_timestamp(&self) -> Option<&str> {
        self.timestamp.as_deref()
    }

    /// Checks an APOP digest against the greeting's timestamp and the user's shared secret
    /// (RFC 1939 §7); false when the greeting had no timestamp.
    pub fn verify_apop(&self, digest: &ApopDigest, secret: &[u8]) -> bool {
        self.timestamp
            .as_deref()
            .is_some_and(|ts| digest.verify(ts, secret))
    }

    /// Bytes received from the client.
    pub fn handle_input(&mut self, data: &[u8]) {
        if self.state == State::Closed {
            return;
        }
        self.active = true;
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.extend_from_slice(data);
        self.process();
        if self.state != State::Closed && self.buf.len() - self.pos > self.config.max_buffered {
            self.close(CloseReason::InputOverflow);
        }
    }

    /// When [`Server::handle_timeout`] should be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        (self.state != State::Closed).then_some(self.deadline)
    }

    /// Time has passed. The autologout timer restarts from `now` when input arrived since it was
    /// last armed, so a session closes after at least [`ServerConfig::autologout`] of silence.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.state == State::Closed || now < self.deadline {
            return;
        }
        if self.active {
            self.active = false;
            self.deadline = now + self.config.autologout;
        } else {
            self.close(CloseReason::AutoLogout);
        }
    }

    /// Appends the bytes to write to `out`.
    pub fn poll_transmit(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn close(&mut self, reason: CloseReason) {
        self.state = State::Closed;
        self.pending = Pending::None;
        // A message being sent ends with the session: `send_body` must fail from now on.
        self.body = None;
        self.buf.clear();
        self.pos = 0;
        self.events.push_back(Event::Closed(reason));
    }

    /// `-ERR text` for the machine's own answers; `text` comes from static strings or error
    /// messages, and any CR, LF or NUL in it becomes a space so it stays one line.
    fn err_line(&mut self, text: &str) {
        let clean: Vec<u8> = text
            .bytes()
            .map(|b| {
                if matches!(b, b'\r' | b'\n' | 0) {
                    b' '
                } else {
                    b
                }
            })
            .collect();
        let text = ResponseText {
            code: None,
            text: Text(std::borrow::Cow::Owned(clean)),
        };
        StatusLine::err(text).encode(&mut self.out);
    }

    /// Decodes and dispatches commands while no answer is pending.
    fn process(&mut self) {
        while matches!(self.pending, Pending::None | Pending::SaslLine)
            && matches!(self.state, State::Authorization | State::Transaction)
        {
            if self.discarding {
                // The rest of an over-long line: drop it up to its LF.
                match memchr::memchr(b'\n', &self.buf[self.pos..]) {
                    Some(i) => {
                        self.pos += i + 1;
                        self.discarding = false;
                    }
                    None => {
                        self.buf.clear();
                        self.pos = 0;
                        return;
                    }
                }
            }
            if self.pending == Pending::SaslLine {
                if !self.step_sasl() {
                    return;
                }
                continue;
            }
            match self.decoder.decode(&self.buf[self.pos..]) {
                Ok(Decoded::Incomplete) => return,
                Ok(Decoded::Complete { value, consumed }) => {
                    let command = value.into_owned();
                    self.pos += consumed;
                    self.dispatch(command);
                }
                Err(e) => self.malformed(e),
            }
        }
    }

    fn malformed(&mut self, e: DecodeError) {
        match e.skip {
            Some(n) => self.pos = (self.pos + n).min(self.buf.len()),
            None => self.discarding = true,
        }
        let reason = e.kind.to_string();
        self.err_line(&reason);
        self.events.push_back(Event::Malformed(e));
    }

    /// One line of an AUTH exchange; false when more input is needed.
    fn step_sasl(&mut self) -> bool {
        match self.decoder.decode_sasl_response(&self.buf[self.pos..]) {
            Ok(Decoded::Incomplete) => false,
            Ok(Decoded::Complete { value, consumed }) => {
                let value = value.into_owned();
                self.pos += consumed;
                if value == SaslResponse::Cancel {
                    // RFC 5034 §4: "the server MUST reject the AUTH command by sending an -ERR".
                    self.err_line("authentication cancelled");
                    self.pending = Pending::None;
                    self.events.push_back(Event::Refused {
                        command: CommandKind::Auth,
                        reason: Refusal::AuthCancelled,
                    });
                } else {
                    self.pending = Pending::Auth;
                    self.events.push_back(Event::AuthResponse(value));
                }
                true
            }
            Err(e) => {
                // A malformed response ends the exchange.
                self.pending = Pending::None;
                self.malformed(e);
                true
            }
        }
    }

    fn allowed(&self, kind: CommandKind) -> bool {
        use CommandKind as K;
        match self.state {
            State::Authorization => matches!(
                kind,
                K::User
                    | K::Pass
                    | K::Apop
                    | K::Auth
                    | K::Capa
                    | K::Stls
                    | K::Utf8
                    | K::Lang
                    | K::Quit
            ),
            // RFC 1939 §5 (NOOP and RSET only here); RFC 2449 §5 (CAPA in both states); RFC 6856 §3 (LANG in both).
            State::Transaction => matches!(
                kind,
                K::Stat
                    | K::List
                    | K::Retr
                    | K::Dele
                    | K::Noop
                    | K::Rset
                    | K::Top
                    | K::Uidl
                    | K::Capa
                    | K::Lang
                    | K::Quit
            ),
            State::Update | State::Closed => false,
        }
    }

    fn dispatch(&mut self, command: Command<'static>) {
        let kind = command.kind();
        if !self.allowed(kind) {
            self.err_line("command not valid in this state");
            self.events.push_back(Event::Refused {
                command: kind,
                reason: Refusal::WrongState(self.state),
            });
            return;
        }
        match kind {
            CommandKind::Noop => {
                StatusLine::ok(ResponseText::empty()).encode(&mut self.out);
                return;
            }
            CommandKind::Stls if self.tls => {
                self.err_line("command not permitted when TLS active");
                self.events.push_back(Event::Refused {
                    command: kind,
                    reason: Refusal::TlsActive,
                });
                return;
            }
            CommandKind::Pass if !self.user_accepted => {
                self.err_line("USER first");
                self.events.push_back(Event::Refused {
                    command: kind,
                    reason: Refusal::PassWithoutUser,
                });
                return;
            }
            CommandKind::Quit if self.state == State::Transaction => self.state = State::Update,
            _ => {}
        }
        if kind != CommandKind::Pass {
            // RFC 1939 §7: PASS follows a successful USER directly.
            self.user_accepted = false;
        }
        self.pending = Pending::Answer(command.clone());
        self.events.push_back(Event::Command(command));
    }

    fn pending_kind(&self) -> Option<CommandKind> {
        match &self.pending {
            Pending::Answer(c) => Some(c.kind()),
            Pending::Auth => Some(CommandKind::Auth),
            _ => None,
        }
    }

    /// Ends the current answer and goes on with buffered commands.
    fn answered(&mut self) {
        self.pending = Pending::None;
        if self.state == State::Update {
            self.close(CloseReason::Quit);
            return;
        }
        self.process();
    }

    /// `+OK` to USER, DELE, RSET, UTF8 (UTF-8 mode starts), LANG with an argument, or QUIT
    /// (the session ends). PASS, APOP and AUTH use [`Server::accept_login`]; other commands
    /// have their own reply methods.
    pub fn reply_ok(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        use CommandKind as K;
        let Some(kind) = self.pending_kind() else {
            return Err(UsageError::new("reply +OK", NOT_AWAITED));
        };
        let single = matches!(
            &self.pending,
            Pending::Answer(
                Command::User(_)
                    | Command::Dele(_)
                    | Command::Rset
                    | Command::Utf8
                    | Command::Quit
                    | Command::Lang(Some(_))
            )
        );
        if !single {
            return Err(UsageError::new(
                "reply a plain +OK",
                "to this command (use its own reply method)",
            ));
        }
        StatusLine::ok(text).encode(&mut self.out);
        match kind {
            K::User => self.user_accepted = true,
            // RFC 6856 §2.1: UTF-8 mode from now on.
            K::Utf8 => self.decoder.set_utf8(true),
            K::Quit => {
                self.pending = Pending::None;
                self.close(CloseReason::Quit);
                return Ok(());
            }
            _ => {}
        }
        self.answered();
        Ok(())
    }

    /// `-ERR` to the pending command (any command, including a failed login, an unknown
    /// message, a refused STLS; for QUIT in UPDATE, RFC 1939 §6, the session still ends).
    pub fn reply_err(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        if self.pending_kind().is_none() {
            return Err(UsageError::new("reply -ERR", NOT_AWAITED));
        }
        StatusLine::err(text).encode(&mut self.out);
        if self.pending_kind() == Some(CommandKind::Quit) {
            self.pending = Pending::None;
            self.close(CloseReason::Quit);
            return Ok(());
        }
        self.answered();
        Ok(())
    }

    /// `+OK` to PASS, APOP or the end of an AUTH exchange: the session enters TRANSACTION
    /// (RFC 1939 §4).
    pub fn accept_login(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        match self.pending_kind() {
            Some(CommandKind::Pass | CommandKind::Apop | CommandKind::Auth)
                if !matches!(self.pending, Pending::Answer(Command::Auth(None))) =>
            {
                StatusLine::ok(text).encode(&mut self.out);
                self.state = State::Transaction;
                self.answered();
                Ok(())
            }
            _ => Err(UsageError::new(
                "accept a login",
                "without PASS, APOP or AUTH",
            )),
        }
    }

    /// `-ERR` to PASS, APOP or AUTH (RFC 3206: use [`KnownCode::Auth`](crate::KnownCode) or
    /// `SYS/TEMP` codes to say why).
    pub fn reject_login(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        match self.pending_kind() {
            Some(CommandKind::Pass | CommandKind::Apop | CommandKind::Auth) => self.reply_err(text),
            _ => Err(UsageError::new(
                "reject a login",
                "without PASS, APOP or AUTH",
            )),
        }
    }

    /// A SASL challenge during AUTH (`+ base64`, RFC 5034 §4); the client's answer comes as
    /// [`Event::AuthResponse`].
    pub fn auth_challenge(&mut self, data: &[u8]) -> Result<(), UsageError> {
        match &self.pending {
            Pending::Auth | Pending::Answer(Command::Auth(Some(_))) => {
                Challenge::from_bytes(data).encode(&mut self.out);
                self.pending = Pending::SaslLine;
                self.process();
                Ok(())
            }
            _ => Err(UsageError::new("send a SASL challenge", "outside AUTH")),
        }
    }

    /// `+OK` to STLS (RFC 2595 §4). Every byte received after the STLS line is discarded and
    /// reported in [`Event::StartTls`]; the caller writes the output, then starts TLS. The
    /// session stays in AUTHORIZATION, with USER forgotten and UTF-8 mode off.
    pub fn accept_stls(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        if self.pending_kind() != Some(CommandKind::Stls) {
            return Err(UsageError::new("accept STLS", "without STLS"));
        }
        StatusLine::ok(text).encode(&mut self.out);
        let discarded = self.buf.split_off(self.pos);
        self.buf.clear();
        self.pos = 0;
        self.discarding = false;
        self.user_accepted = false;
        self.tls = true;
        self.decoder.set_utf8(self.config.decoder.utf8);
        self.pending = Pending::None;
        self.events.push_back(Event::StartTls { discarded });
        Ok(())
    }

    /// `+OK nn mm` to STAT (RFC 1939 §5).
    pub fn reply_stat(&mut self, count: u32, size: u64) -> Result<(), UsageError> {
        if !matches!(self.pending, Pending::Answer(Command::Stat)) {
            return Err(UsageError::new("reply to STAT", "without STAT"));
        }
        StatInfo {
            count,
            size,
            text: Text::default(),
        }
        .encode(&mut self.out);
        self.answered();
        Ok(())
    }

    /// `+OK msg size` to LIST with an argument (RFC 1939 §5).
    pub fn reply_scan(&mut self, entry: &ScanEntry<'_>) -> Result<(), UsageError> {
        if !matches!(self.pending, Pending::Answer(Command::List(Some(_)))) {
            return Err(UsageError::new("reply a scan listing", "without LIST msg"));
        }
        crate::Response::Scan(entry.clone()).encode(&mut self.out);
        self.answered();
        Ok(())
    }

    /// `+OK msg uid` to UIDL with an argument (RFC 1939 §7).
    pub fn reply_uid(&mut self, entry: &UidEntry<'_>) -> Result<(), UsageError> {
        if !matches!(self.pending, Pending::Answer(Command::Uidl(Some(_)))) {
            return Err(UsageError::new(
                "reply a unique-id listing",
                "without UIDL msg",
            ));
        }
        crate::Response::UniqueId(entry.clone()).encode(&mut self.out);
        self.answered();
        Ok(())
    }

    /// The `+OK` line of a multi-line answer: LIST or UIDL without argument, CAPA, LANG without
    /// argument, AUTH without argument, RETR, TOP. Then [`Server::send_item`] or
    /// [`Server::send_body`], then [`Server::finish_multi_line`].
    pub fn start_multi_line(&mut self, text: ResponseText<'_>) -> Result<(), UsageError> {
        let next = match &self.pending {
            Pending::Answer(Command::Retr(_) | Command::Top { .. }) => Pending::Body,
            Pending::Answer(c @ (Command::List(None) | Command::Uidl(None) | Command::Capa))
            | Pending::Answer(c @ (Command::Lang(None) | Command::Auth(None))) => {
                Pending::Listing(c.kind())
            }
            _ => {
                return Err(UsageError::new(
                    "start a multi-line response",
                    "to a single-line command",
                ));
            }
        };
        StatusLine::ok(text).encode(&mut self.out);
        if next == Pending::Body {
            self.body = Some(DotEncoder::with_policy(self.config.body_line_endings));
        }
        self.pending = next;
        Ok(())
    }

    /// One line of a listing; its kind must match the command (a scan listing for LIST, ...).
    pub fn send_item(&mut self, item: &ListItem<'_>) -> Result<(), UsageError> {
        let Pending::Listing(kind) = self.pending else {
            return Err(UsageError::new("send a listing line", "outside a listing"));
        };
        let out = &mut self.out;
        match (kind, item) {
            (CommandKind::List, ListItem::Scan(e)) => e.encode(out),
            (CommandKind::Uidl, ListItem::UniqueId(e)) => e.encode(out),
            (CommandKind::Capa, ListItem::Capability(c)) => c.encode(out),
            (CommandKind::Lang, ListItem::Language(l)) => l.encode(out),
            (CommandKind::Auth, ListItem::Mechanism(m)) => {
                out.extend_from_slice(m.as_str().as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            _ => {
                return Err(UsageError::new(
                    "send this kind of listing line",
                    "in answer to this command",
                ));
            }
        }
        Ok(())
    }

    /// A piece of the message of RETR or TOP, in any size; it is dot-stuffed here.
    pub fn send_body(&mut self, piece: &[u8]) -> Result<(), ServerError> {
        let Some(encoder) = self.body.as_mut() else {
            return Err(UsageError::new("send a message body", "outside RETR or TOP").into());
        };
        encoder.encode(piece, &mut self.out)?;
        Ok(())
    }

    /// Ends a listing or a body with the `.` line and goes on with buffered commands.
    pub fn finish_multi_line(&mut self) -> Result<(), ServerError> {
        match self.pending {
            Pending::Listing(_) => self.out.extend_from_slice(b".\r\n"),
            Pending::Body => {
                if let Some(encoder) = self.body.take() {
                    encoder.finish(&mut self.out)?;
                }
            }
            _ => {
                return Err(UsageError::new("finish a multi-line response", "outside one").into());
            }
        }
        self.answered();
        Ok(())
    }

    /// The whole answer to CAPA: `+OK`, the capabilities, `.`.
    pub fn reply_capabilities(
        &mut self,
        capabilities: &[Capability<'_>],
    ) -> Result<(), UsageError> {
        if !matches!(self.pending, Pending::Answer(Command::Capa)) {
            return Err(UsageError::new("reply to CAPA", "without CAPA"));
        }
        self.start_multi_line(ResponseText::empty())?;
        for c in capabilities {
            c.encode(&mut self.out);
        }
        self.out.extend_from_slice(b".\r\n");
        self.answered();
        Ok(())
    }

    /// The command whose answer is awaited or being written (RETR for a RETR or TOP body),
    /// `None` when the machine is reading the next command.
    pub fn awaiting(&self) -> Option<CommandKind> {
        match &self.pending {
            Pending::Listing(k) => Some(*k),
            Pending::Body => Some(CommandKind::Retr),
            Pending::SaslLine => Some(CommandKind::Auth),
            _ => self.pending_kind(),
        }
    }
}
