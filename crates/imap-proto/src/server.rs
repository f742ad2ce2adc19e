//! The sans-IO IMAP server session (RFC 9051 §3 states, §5.5 pipelining, RFC 7888 literals,
//! RFC 2177 IDLE, RFC 4959 SASL-IR, RFC 5161 ENABLE, RFC 6855 UTF8=ACCEPT, RFC 4978 COMPRESS).
//!
//! The caller moves bytes and time in and out: [`Server::handle_input`] with what the client
//! sent, [`Server::poll_transmit`] for what to write, [`Server::poll_event`] for what the
//! application must decide or answer, [`Server::poll_timeout`] / [`Server::handle_timeout`] for
//! the inactivity autologout timer (RFC 9051 §5.4).
//!
//! Commands are handed out one at a time, in the order they arrived, as
//! [`ServerEvent::Command`] (the [`Command`] carries its tag). The application may send untagged
//! data ([`Server::reply_data`]) and untagged status ([`Server::reply_status`]) and ends the
//! command with its tagged status ([`Server::reply_ok`], [`Server::reply_no`],
//! [`Server::reply_bad`]); only then is the next pipelined command decoded. Every response is
//! encoded by the machine, which picks atoms, quoted strings or literals so that no response
//! can break the framing.
//!
//! What the protocol decides is decided by the machine, with a typed [`Refusal`] in a
//! [`ServerEvent::Refused`] event: a command not valid in the current state (RFC 9051 §3, §6)
//! gets a tagged `BAD`, `LOGIN` while [`ServerConfig::login_disabled`] is set and TLS is not
//! active gets `NO [PRIVACYREQUIRED]` (RFC 9051 §6.2.3, §7.1), `STARTTLS` over TLS gets
//! `BAD` (RFC 9051 §6.2.1), a cancelled AUTHENTICATE gets `BAD` (RFC 9051 §6.2.2).
//! Malformed commands get `BAD` ([`ServerEvent::Malformed`]), skipped exactly.
//!
//! Synchronizing literals (RFC 9051 §4.3): when a command line ends in `{n}` the machine
//! reports [`ServerEvent::LiteralAnnounced`] before the data arrives, and the application
//! answers [`Server::accept_literal`] (`+`) or [`Server::reject_literal`] (tagged `NO`; the
//! command is dropped and the next one is read). A literal over the configured limit
//! ([`FramerConfig::max_literal_len`]) is refused by the machine with `NO [TOOBIG]` (or
//! `BAD [TOOBIG]` for a non-synchronizing literal, RFC 7888 §4-§5, whose data is skipped).
//!
//! ```
//! use std::time::Instant;
//! use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
//! use imap_proto::types::command::CommandBody;
//! use imap_proto::types::response::{Data, Greeting, GreetingKind, RespText};
//!
//! let greeting = Greeting { kind: GreetingKind::Ok, text: RespText::text("ready").unwrap() };
//! let mut server = Server::new(ServerConfig::default(), &greeting, Instant::now());
//! server.handle_input(b"a1 LOGIN alice {6}\r\n");
//! // The password comes as a synchronizing literal: the application decides.
//! assert!(matches!(server.poll_event(), Some(ServerEvent::LiteralAnnounced { length: 6, .. })));
//! server.accept_literal().unwrap();
//! server.handle_input(b"secret\r\na2 SELECT INBOX\r\n");
//! let Some(ServerEvent::Command(cmd)) = server.poll_event() else { panic!() };
//! assert!(matches!(cmd.body, CommandBody::Login { .. }));
//! server.reply_ok(RespText::text("logged in").unwrap()).unwrap();
//! assert_eq!(server.state(), ServerState::Authenticated);
//! let Some(ServerEvent::Command(cmd)) = server.poll_event() else { panic!() };
//! assert_eq!(cmd.tag.as_str(), "a2");
//! server.reply_data(Data::Exists(3)).unwrap();
//! server.reply_ok(RespText::text("selected").unwrap()).unwrap();
//! assert_eq!(server.state(), ServerState::Selected);
//! let mut out = Vec::new();
//! server.poll_transmit(&mut out);
//! assert_eq!(
//!     out,
//!     b"* OK ready\r\n+ Ready for literal data\r\na1 OK logged in\r\n* 3 EXISTS\r\na2 OK selected\r\n"
//! );
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_core::sasl::wire::SaslResponse;
use mail_core::{DecodeErrorKind, Decoded, IntoOwned, UsageError};

use crate::decode::{
    CommandDecoder, CommandDecoderConfig, CommandFramer, Frame, FramerConfig,
    decode_authenticate_response, decode_idle_done,
};
use crate::error::CommandError;
use crate::types::command::{Command, CommandBody, CommandState};
use crate::types::core::{Atom, Tag};
use crate::types::response::{
    Base64, Code, Condition, Continue, Data, Greeting, GreetingKind, OtherCode, RespText, Response,
    State, Text,
};

/// RFC 9051 §5.4: "If a server has an inactivity autologout timer that applies to sessions
/// after authentication, the duration of that timer MUST be at least 30 minutes."
pub const AUTOLOGOUT_MIN: Duration = Duration::from_secs(30 * 60);

/// Settings of a [`Server`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Command decoding limits, among them the literal size limit
    /// ([`FramerConfig::max_literal_len`]) and the `LITERAL-` rule.
    pub decoder: CommandDecoderConfig,
    /// The server offers `STARTTLS` on this connection (a cleartext port). When false the
    /// machine answers `STARTTLS` with `BAD` itself. Default: false.
    pub starttls: bool,
    /// The connection is already protected by TLS (an implicit-TLS port, RFC 8314): `STARTTLS`
    /// is refused with `BAD` (RFC 9051 §6.2.1). Default: false.
    pub implicit_tls: bool,
    /// `LOGINDISABLED` is advertised before TLS: `LOGIN` without TLS is refused with
    /// `NO [PRIVACYREQUIRED]` (RFC 9051 §6.2.3, §7.2.2). Default: false.
    pub login_disabled: bool,
    /// Every synchronizing literal under the size limit is accepted with `+` without asking
    /// the application. Default: false (the application decides each one).
    pub auto_accept_literals: bool,
    /// Inactivity autologout ([`AUTOLOGOUT_MIN`], the minimum of RFC 9051 §5.4).
    pub autologout: Duration,
    /// Most bytes buffered from the client while a command waits for its answer (pipelined
    /// commands); more closes the session with [`CloseReason::InputOverflow`]. Default: the
    /// framer's command size limit plus one line.
    pub max_buffered: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let decoder = CommandDecoderConfig::default();
        ServerConfig {
            max_buffered: default_max_buffered(&decoder.framer),
            decoder,
            starttls: false,
            implicit_tls: false,
            login_disabled: false,
            auto_accept_literals: false,
            autologout: AUTOLOGOUT_MIN,
        }
    }
}

fn default_max_buffered(f: &FramerConfig) -> usize {
    usize::try_from(f.max_command_len)
        .unwrap_or(usize::MAX)
        .saturating_add(f.max_line_len)
}

impl ServerConfig {
    /// Sets the command decoder configuration (and the buffering limit that follows from it).
    pub fn with_decoder(mut self, decoder: CommandDecoderConfig) -> Self {
        self.max_buffered = default_max_buffered(&decoder.framer);
        self.decoder = decoder;
        self
    }

    /// Sets the largest literal accepted (RFC 9051 §4.3; larger ones get `NO [TOOBIG]`).
    pub fn with_max_literal_len(mut self, n: u64) -> Self {
        self.decoder.framer.max_literal_len = n;
        self
    }

    /// Offers `STARTTLS` or not.
    pub fn with_starttls(mut self, on: bool) -> Self {
        self.starttls = on;
        self
    }

    /// Says the connection is already TLS-protected.
    pub fn with_implicit_tls(mut self, on: bool) -> Self {
        self.implicit_tls = on;
        self
    }

    /// Refuses `LOGIN` before TLS (`LOGINDISABLED`).
    pub fn with_login_disabled(mut self, on: bool) -> Self {
        self.login_disabled = on;
        self
    }

    /// Accepts every synchronizing literal under the limit without asking.
    pub fn with_auto_accept_literals(mut self, on: bool) -> Self {
        self.auto_accept_literals = on;
        self
    }

    /// Sets the autologout duration.
    pub fn with_autologout(mut self, d: Duration) -> Self {
        self.autologout = d;
        self
    }

    /// Sets the buffering limit.
    pub fn with_max_buffered(mut self, n: usize) -> Self {
        self.max_buffered = n;
        self
    }
}

/// The connection states of RFC 9051 §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerState {
    /// Not Authenticated (RFC 9051 §3.1): LOGIN, AUTHENTICATE, STARTTLS allowed.
    NotAuthenticated,
    /// Authenticated (RFC 9051 §3.2): a mailbox must be selected for message commands.
    Authenticated,
    /// Selected (RFC 9051 §3.3).
    Selected,
    /// Logout (RFC 9051 §3.4): the session is over; write what [`Server::poll_transmit`] gives,
    /// then close the connection.
    Logout,
}

/// Why the machine refused a command by itself, and the tagged status it sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The command is not valid in the current state (RFC 9051 §3, §6): `BAD`.
    WrongState {
        /// The connection state.
        state: ServerState,
        /// Where the command is valid.
        valid_in: CommandState,
    },
    /// ENABLE outside the authenticated state (RFC 5161 §3.1): `BAD`.
    EnableNotAuthenticatedState,
    /// LOGIN while `LOGINDISABLED` applies (RFC 9051 §6.2.3): `NO [PRIVACYREQUIRED]`.
    LoginDisabled,
    /// STARTTLS on a TLS connection or when not offered (RFC 9051 §6.2.1): `BAD`.
    StartTlsUnavailable,
    /// The client cancelled AUTHENTICATE with `*` (RFC 9051 §6.2.2): `BAD`.
    AuthCancelled,
    /// Something other than `DONE` while idling (RFC 2177 §3): `BAD` to the IDLE command.
    ExpectedDone,
}

impl Refusal {
    /// The tagged status the machine answered with.
    pub fn status(&self) -> State {
        match self {
            Refusal::LoginDisabled => State::No,
            _ => State::Bad,
        }
    }
}

/// Why the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloseReason {
    /// LOGOUT was answered (RFC 9051 §6.1.3).
    Logout,
    /// The application sent an untagged `BYE` (RFC 9051 §7.1.5).
    Bye,
    /// The greeting was `BYE`.
    Rejected,
    /// The autologout timer expired (RFC 9051 §5.4); `* BYE` was sent.
    AutoLogout,
    /// The client sent more than [`ServerConfig::max_buffered`] bytes ahead; `* BYE` was sent.
    InputOverflow,
}

/// What happened. [`ServerEvent::Command`], [`ServerEvent::LiteralAnnounced`],
/// [`ServerEvent::AuthResponse`] and [`ServerEvent::IdleDone`] wait for the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// A command to answer: untagged responses if any, then a tagged status
    /// ([`Server::reply_ok`], [`Server::reply_no`], [`Server::reply_bad`]). IDLE is started
    /// with [`Server::accept_idle`], AUTHENTICATE goes on with [`Server::auth_challenge`].
    Command(Command<'static>),
    /// A synchronizing literal is announced (RFC 9051 §4.3): answer
    /// [`Server::accept_literal`] or [`Server::reject_literal`].
    LiteralAnnounced {
        /// The command's tag, when it has a valid one.
        tag: Option<Tag<'static>>,
        /// The literal's size in octets.
        length: u64,
        /// Whether it is a `literal8` (`~{n}`, RFC 3516).
        binary: bool,
    },
    /// A client response in an AUTHENTICATE exchange (RFC 9051 §6.2.2): answer with
    /// [`Server::auth_challenge`], [`Server::reply_ok`] or [`Server::reply_no`].
    AuthResponse {
        /// The AUTHENTICATE command's tag.
        tag: Tag<'static>,
        /// The decoded response (never [`SaslResponse::Cancel`]: the machine handles it).
        response: SaslResponse,
    },
    /// `DONE` ended IDLE (RFC 2177 §3): send remaining untagged data, then the tagged
    /// [`Server::reply_ok`].
    IdleDone {
        /// The IDLE command's tag.
        tag: Tag<'static>,
    },
    /// The machine refused a command and sent the tagged status of [`Refusal::status`].
    Refused {
        /// The command's tag.
        tag: Tag<'static>,
        /// The command's name (e.g. `"SELECT"`).
        command: &'static str,
        /// Why.
        refusal: Refusal,
    },
    /// A malformed or refused-for-size command; `tag BAD` (`NO [TOOBIG]` for a literal over
    /// the limit) or `* BAD` without a tag was sent and the command's bytes were skipped.
    Malformed(CommandError),
    /// The `OK` to STARTTLS is queued: write it, then run the TLS handshake and call
    /// [`Server::tls_established`]. Bytes received after the STARTTLS command were discarded
    /// (they may be injected, RFC 9051 §6.2.1 / the STARTTLS command-injection class).
    StartTls {
        /// The discarded bytes.
        discarded: Vec<u8>,
    },
    /// Bytes given to [`Server::handle_input`] between the `OK` to STARTTLS and
    /// [`Server::tls_established`], discarded.
    Discarded(Vec<u8>),
    /// The `OK` to COMPRESS is queued (RFC 4978 §3): the output up to and including it comes
    /// out of [`Server::poll_transmit`] alone; compress everything written after it and
    /// decompress the input before [`Server::handle_input`]. Bytes received after the
    /// COMPRESS command and before its answer were discarded (the client must wait).
    Compress {
        /// The discarded bytes.
        discarded: Vec<u8>,
    },
    /// The session is over: write the pending output and close the connection.
    Closed(CloseReason),
}

/// What kind of command waits for its tagged status (for the state changes it makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Login,
    Authenticate,
    Select,
    Close,
    Unauthenticate,
    Logout,
    StartTls,
    Compress,
    Enable,
    Idle,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    /// Decode the next command.
    None,
    /// A synchronizing literal was announced; the application decides.
    Literal(Option<Tag<'static>>),
    /// A command waits for its answer.
    Command(Tag<'static>, Kind),
    /// An AUTHENTICATE challenge was sent: the next line is the client's response.
    AuthLine(Tag<'static>),
    /// IDLE accepted: the next line must be DONE.
    Idle(Tag<'static>),
}

/// An IMAP server session. See the [module documentation](self).
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    decoder: CommandDecoder,
    framer: CommandFramer,
    state: ServerState,
    pending: Pending,
    tls: bool,
    tls_pending: bool,
    buf: Vec<u8>,
    pos: usize,
    /// Drop input up to the next LF (the rest of an over-long line).
    discard_line: bool,
    out: Vec<u8>,
    /// Output before this offset is plain, after it compressed (RFC 4978).
    out_boundary: Option<usize>,
    events: VecDeque<ServerEvent>,
    utf8: bool,
    enabled: Vec<Atom<'static>>,
    bye_sent: bool,
    /// `None` when the autologout duration does not fit an `Instant`.
    deadline: Option<Instant>,
    active: bool,
}

const NO_COMMAND: &str = "when no command waits for an answer";

/// A response text from the machine's own words or an error message: CR, LF and NUL become
/// spaces and braces parentheses, so the text always validates.
fn own_text(code: Option<Code<'static>>, s: &str) -> RespText<'static> {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '\r' | '\n' | '\0' => ' ',
            '{' => '(',
            '}' => ')',
            '[' => '(',
            ']' => ')',
            c => c,
        })
        .collect();
    let text = Text::new(clean).unwrap_or_default();
    RespText::new(code, text.clone())
        .or_else(|_| RespText::new(None, text))
        .unwrap_or_default()
}

fn too_big_code() -> Option<Code<'static>> {
    let name = Atom::new("TOOBIG").ok()?;
    OtherCode::new(name, None).ok().map(Code::Other)
}

impl Server {
    /// A session that has just accepted a connection; the greeting is queued for writing.
    /// `* PREAUTH` starts in the authenticated state, `* BYE` ends the session at once
    /// (RFC 9051 §7.1.1, §7.1.4, §7.1.5).
    pub fn new(config: ServerConfig, greeting: &Greeting<'_>, now: Instant) -> Self {
        let mut out = Vec::new();
        mail_core::Encode::encode(greeting, &mut out);
        let mut server = Server {
            decoder: CommandDecoder::new(config.decoder),
            framer: CommandFramer::new(config.decoder.framer),
            deadline: now.checked_add(config.autologout),
            tls: config.implicit_tls,
            config,
            state: ServerState::NotAuthenticated,
            pending: Pending::None,
            tls_pending: false,
            buf: Vec::new(),
            pos: 0,
            discard_line: false,
            out,
            out_boundary: None,
            events: VecDeque::new(),
            utf8: false,
            enabled: Vec::new(),
            bye_sent: false,
            active: false,
        };
        match greeting.kind {
            GreetingKind::Ok => {}
            GreetingKind::PreAuth => server.state = ServerState::Authenticated,
            GreetingKind::Bye => server.close(CloseReason::Rejected),
        }
        server
    }

    /// The connection state.
    pub fn state(&self) -> ServerState {
        self.state
    }

    /// Whether TLS protects the connection (implicit TLS, or STARTTLS completed).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Whether the machine waits for [`Server::tls_established`].
    pub fn is_tls_pending(&self) -> bool {
        self.tls_pending
    }

    /// Whether UTF-8 is on (after `ENABLED UTF8=ACCEPT` or `ENABLED IMAP4rev2` was sent,
    /// RFC 6855 §3, RFC 9051 §6.3.1): mailbox names are read and written as UTF-8.
    pub fn utf8(&self) -> bool {
        self.utf8
    }

    /// The extensions enabled in this session (every `* ENABLED` sent, RFC 5161 §3.2).
    pub fn enabled(&self) -> &[Atom<'static>] {
        &self.enabled
    }

    /// Whether `LOGIN` is refused now (`LOGINDISABLED` and no TLS).
    pub fn login_disabled(&self) -> bool {
        self.config.login_disabled && !self.tls
    }

    /// Bytes received from the client.
    pub fn handle_input(&mut self, data: &[u8]) {
        if self.state == ServerState::Logout {
            return;
        }
        if self.tls_pending {
            if !data.is_empty() {
                self.events.push_back(ServerEvent::Discarded(data.to_vec()));
            }
            return;
        }
        self.active = true;
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.extend_from_slice(data);
        self.process();
        if self.state != ServerState::Logout
            && self.pending != Pending::None
            && self.buf.len() - self.pos > self.config.max_buffered
        {
            self.bye("too much input ahead of answers");
            self.close(CloseReason::InputOverflow);
        }
    }

    /// When [`Server::handle_timeout`] should be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadline.filter(|_| self.state != ServerState::Logout)
    }

    /// Time has passed. The autologout timer restarts from `now` when input arrived since it
    /// was last armed, so a session ends after at least [`ServerConfig::autologout`] of
    /// silence, with `* BYE`.
    pub fn handle_timeout(&mut self, now: Instant) {
        let Some(deadline) = self.deadline else {
            return;
        };
        if self.state == ServerState::Logout || now < deadline {
            return;
        }
        if self.active {
            self.active = false;
            self.deadline = now.checked_add(self.config.autologout);
        } else {
            self.bye("autologout; idle for too long");
            self.close(CloseReason::AutoLogout);
        }
    }

    /// Appends the bytes to write to `out`. After [`ServerEvent::Compress`], one call returns
    /// the plain bytes up to the `OK` and the next ones the bytes to compress.
    pub fn poll_transmit(&mut self, out: &mut Vec<u8>) {
        match self.out_boundary.take() {
            Some(b) => {
                let b = b.min(self.out.len());
                out.extend_from_slice(&self.out[..b]);
                self.out.drain(..b);
            }
            None => out.append(&mut self.out),
        }
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    fn close(&mut self, reason: CloseReason) {
        self.state = ServerState::Logout;
        self.pending = Pending::None;
        self.buf.clear();
        self.pos = 0;
        self.events.push_back(ServerEvent::Closed(reason));
    }

    fn write(&mut self, r: &Response<'_>) {
        r.encode_with(&mut self.out, self.utf8);
    }

    fn bye(&mut self, text: &str) {
        let r = Response::Status {
            condition: Condition::Bye,
            text: own_text(None, text),
        };
        self.write(&r);
        self.bye_sent = true;
    }

    fn tagged(&mut self, tag: Option<&Tag<'_>>, state: State, text: RespText<'_>) {
        match tag {
            Some(tag) => self.write(&Response::Tagged {
                tag: tag.clone(),
                state,
                text,
            }),
            None => self.write(&Response::Status {
                condition: state.into(),
                text,
            }),
        }
    }

    /// Frames, decodes and dispatches input while nothing waits for the application.
    fn process(&mut self) {
        loop {
            if self.state == ServerState::Logout || self.tls_pending {
                return;
            }
            if self.discard_line {
                match memchr::memchr(b'\n', &self.buf[self.pos..]) {
                    Some(i) => {
                        self.pos += i + 1;
                        self.discard_line = false;
                    }
                    None => {
                        self.buf.clear();
                        self.pos = 0;
                        return;
                    }
                }
            }
            let progressed = match self.pending.clone() {
                Pending::None => self.next_command(),
                Pending::AuthLine(tag) => self.auth_line(tag),
                Pending::Idle(tag) => self.idle_line(tag),
                Pending::Literal(_) | Pending::Command(..) => false,
            };
            if !progressed {
                return;
            }
        }
    }

    /// One framer step; false when more input (or an application decision) is needed.
    fn next_command(&mut self) -> bool {
        let frame = self.framer.next(&self.buf[self.pos..]);
        match frame {
            Frame::Incomplete => false,
            Frame::LiteralAnnounced {
                tag,
                length,
                binary,
            } => {
                let tag = tag.map(IntoOwned::into_owned);
                if self.config.auto_accept_literals {
                    self.continue_literal();
                } else {
                    self.pending = Pending::Literal(tag.clone());
                    self.events.push_back(ServerEvent::LiteralAnnounced {
                        tag,
                        length,
                        binary,
                    });
                }
                true
            }
            Frame::Skip { len, error } => {
                if let Some(e) = error {
                    let line = &self.buf[self.pos..];
                    // A size error points at the CR after the literal header.
                    let nonsync = line
                        .get(..e.error.offset)
                        .is_some_and(|l| l.ends_with(b"+}"));
                    self.malformed(e, nonsync);
                }
                self.pos = self.pos.saturating_add(len).min(self.buf.len());
                true
            }
            Frame::Command { len } => {
                let end = self.pos.saturating_add(len).min(self.buf.len());
                let result = self.decoder.decode(&self.buf[self.pos..end]);
                let command = match result {
                    Ok(Decoded::Complete { value, .. }) => Ok(value.into_owned()),
                    Ok(Decoded::Incomplete) => Err(CommandError::new(
                        None,
                        mail_core::DecodeError::syntax(len, "a complete command").with_skip(len),
                    )),
                    Err(e) => Err(e),
                };
                self.pos = end;
                match command {
                    Ok(c) => self.dispatch(c),
                    Err(e) => self.malformed(e, false),
                }
                true
            }
        }
    }

    fn continue_literal(&mut self) {
        let r = Response::Continue(Continue::Text(own_text(None, "Ready for literal data")));
        self.write(&r);
        self.pending = Pending::None;
    }

    /// Answers a malformed command: `tag BAD reason` (`* BAD` without a tag); a literal over
    /// the size limit gets `NO [TOOBIG]` (`BAD [TOOBIG]` when non-synchronizing, RFC 7888 §5).
    fn malformed(&mut self, e: CommandError, nonsync_literal: bool) {
        let reason = e.error.kind.to_string();
        let too_big = matches!(
            e.error.kind,
            DecodeErrorKind::LimitExceeded { what, .. } if what.contains("literal") || what.contains("command")
        );
        let (state, code) = match (too_big, nonsync_literal) {
            (true, false) => (State::No, too_big_code()),
            (true, true) => (State::Bad, too_big_code()),
            _ => (State::Bad, None),
        };
        self.tagged(e.tag.as_ref(), state, own_text(code, &reason));
        self.events.push_back(ServerEvent::Malformed(e));
    }

    fn refuse(&mut self, tag: Tag<'static>, command: &'static str, refusal: Refusal) {
        let (code, text) = match refusal {
            Refusal::WrongState { state, valid_in } => (
                None,
                match (state, valid_in) {
                    (ServerState::NotAuthenticated, _) => "authenticate first",
                    (_, CommandState::NotAuthenticated) => "already authenticated",
                    (_, CommandState::Selected) => "no mailbox selected",
                    _ => "command not valid in this state",
                },
            ),
            Refusal::EnableNotAuthenticatedState => {
                (None, "ENABLE is only valid in the authenticated state")
            }
            Refusal::LoginDisabled => (
                Some(Code::PrivacyRequired),
                "LOGIN is disabled before TLS; use STARTTLS",
            ),
            Refusal::StartTlsUnavailable => (None, "STARTTLS not available"),
            Refusal::AuthCancelled => (None, "authentication cancelled"),
            Refusal::ExpectedDone => (None, "expected DONE"),
        };
        self.tagged(Some(&tag), refusal.status(), own_text(code, text));
        self.events.push_back(ServerEvent::Refused {
            tag,
            command,
            refusal,
        });
    }

    /// The machine's decision on a command before the application sees it, if any.
    fn check(&self, body: &CommandBody<'_>) -> Option<Refusal> {
        let valid_in = body.state();
        let ok = matches!(
            (self.state, valid_in),
            (_, CommandState::Any)
                | (
                    ServerState::NotAuthenticated,
                    CommandState::NotAuthenticated
                )
                | (
                    ServerState::Authenticated | ServerState::Selected,
                    CommandState::Authenticated
                )
                | (ServerState::Selected, CommandState::Selected)
        );
        if !ok {
            return Some(Refusal::WrongState {
                state: self.state,
                valid_in,
            });
        }
        match body {
            CommandBody::Enable(_) if self.state != ServerState::Authenticated => {
                Some(Refusal::EnableNotAuthenticatedState)
            }
            CommandBody::StartTls if self.tls || !self.config.starttls => {
                Some(Refusal::StartTlsUnavailable)
            }
            CommandBody::Login { .. } if self.login_disabled() => Some(Refusal::LoginDisabled),
            _ => None,
        }
    }

    fn dispatch(&mut self, command: Command<'static>) {
        if let Some(refusal) = self.check(&command.body) {
            self.refuse(command.tag, command.body.name(), refusal);
            return;
        }
        let kind = match &command.body {
            CommandBody::Login { .. } => Kind::Login,
            CommandBody::Authenticate { .. } => Kind::Authenticate,
            CommandBody::Select { .. } | CommandBody::Examine { .. } => Kind::Select,
            CommandBody::Close | CommandBody::Unselect => Kind::Close,
            CommandBody::Unauthenticate => Kind::Unauthenticate,
            CommandBody::Logout => Kind::Logout,
            CommandBody::StartTls => Kind::StartTls,
            CommandBody::Compress(_) => Kind::Compress,
            CommandBody::Enable(_) => Kind::Enable,
            CommandBody::Idle => Kind::Idle,
            _ => Kind::Other,
        };
        self.pending = Pending::Command(command.tag.clone(), kind);
        self.events.push_back(ServerEvent::Command(command));
    }

    /// One client line of an AUTHENTICATE exchange.
    fn auth_line(&mut self, tag: Tag<'static>) -> bool {
        let max = self.config.decoder.max_sasl_len;
        match decode_authenticate_response(&self.buf[self.pos..], max) {
            Ok(Decoded::Incomplete) => false,
            Ok(Decoded::Complete { value, consumed }) => {
                self.pos += consumed;
                if value.is_cancel() {
                    // RFC 9051 §6.2.2: "it MUST reject the AUTHENTICATE command by sending a
                    // tagged BAD response".
                    self.pending = Pending::None;
                    self.refuse(tag, "AUTHENTICATE", Refusal::AuthCancelled);
                } else {
                    self.pending = Pending::Command(tag.clone(), Kind::Authenticate);
                    self.events.push_back(ServerEvent::AuthResponse {
                        tag,
                        response: value,
                    });
                }
                true
            }
            Err(e) => {
                // RFC 9051 §6.2.2: invalid base64 gets a tagged BAD.
                self.skip_error(e.skip);
                self.pending = Pending::None;
                self.malformed(CommandError::new(Some(tag), e), false);
                true
            }
        }
    }

    /// The line that ends IDLE.
    fn idle_line(&mut self, tag: Tag<'static>) -> bool {
        match decode_idle_done(&self.buf[self.pos..]) {
            Ok(Decoded::Incomplete) => false,
            Ok(Decoded::Complete { consumed, .. }) => {
                self.pos += consumed;
                self.pending = Pending::Command(tag.clone(), Kind::Idle);
                self.events.push_back(ServerEvent::IdleDone { tag });
                true
            }
            Err(e) => {
                // RFC 2177 §3: the client must not send a command while the server waits
                // for DONE; the line is dropped and IDLE ends with BAD.
                self.skip_error(e.skip);
                self.pending = Pending::None;
                self.refuse(tag, "IDLE", Refusal::ExpectedDone);
                true
            }
        }
    }

    fn skip_error(&mut self, skip: Option<usize>) {
        match skip {
            Some(n) => self.pos = self.pos.saturating_add(n).min(self.buf.len()),
            None => self.discard_line = true,
        }
    }

    // ---- application decisions ----

    /// Accepts the synchronizing literal just announced: sends `+ Ready for literal data`
    /// (RFC 9051 §7.5) and goes on reading the command.
    pub fn accept_literal(&mut self) -> Result<(), UsageError> {
        if !matches!(self.pending, Pending::Literal(_)) {
            return Err(UsageError::new(
                "accept a literal",
                "when no literal is announced",
            ));
        }
        self.continue_literal();
        self.process();
        Ok(())
    }

    /// Refuses the synchronizing literal just announced: sends `tag NO text` (`* NO` when the
    /// command has no valid tag) and drops the command; the client sends nothing more for it
    /// (RFC 9051 §4.3).
    pub fn reject_literal(&mut self, text: RespText<'_>) -> Result<(), UsageError> {
        let Pending::Literal(tag) = self.pending.clone() else {
            return Err(UsageError::new(
                "reject a literal",
                "when no literal is announced",
            ));
        };
        let n = self.framer.reject_literal();
        self.pos = self.pos.saturating_add(n).min(self.buf.len());
        self.tagged(tag.as_ref(), State::No, text);
        self.pending = Pending::None;
        self.process();
        Ok(())
    }

    /// Sends untagged data (RFC 9051 §7.2-§7.5), during a command or unilaterally (e.g. EXISTS
    /// while idling, RFC 2177 §3). `* ENABLED` with `UTF8=ACCEPT` or `IMAP4rev2` turns UTF-8 on
    /// for what follows (RFC 6855 §3).
    pub fn reply_data(&mut self, data: Data<'_>) -> Result<(), UsageError> {
        if self.state == ServerState::Logout {
            return Err(UsageError::new("send data", "after the session ended"));
        }
        if self.tls_pending {
            // RFC 9051 §6.2.1: TLS starts right after the OK; nothing goes out in plaintext.
            return Err(UsageError::new("send data", "before the TLS handshake"));
        }
        let enabled = match &data {
            Data::Enabled(caps) => caps.iter().map(|c| c.clone().into_owned()).collect(),
            _ => Vec::new(),
        };
        self.write(&Response::Data(data));
        for cap in enabled {
            if cap.eq_ignore_case("UTF8=ACCEPT") || cap.eq_ignore_case("IMAP4rev2") {
                self.utf8 = true;
                self.decoder.set_utf8(true);
            }
            if !self.enabled.iter().any(|c| c.eq_ignore_case(cap.as_str())) {
                self.enabled.push(cap);
            }
        }
        Ok(())
    }

    /// Sends an untagged status response: `* OK`, `* NO`, `* BAD` or `* BYE` (RFC 9051 §7.1).
    /// `BYE` outside LOGOUT ends the session ([`CloseReason::Bye`]); during LOGOUT it is the
    /// required `BYE` before the tagged `OK` (RFC 9051 §6.1.3). `PREAUTH` is greeting-only.
    pub fn reply_status(
        &mut self,
        condition: Condition,
        text: RespText<'_>,
    ) -> Result<(), UsageError> {
        if self.state == ServerState::Logout {
            return Err(UsageError::new("send a status", "after the session ended"));
        }
        if self.tls_pending {
            return Err(UsageError::new("send a status", "before the TLS handshake"));
        }
        if condition == Condition::PreAuth {
            return Err(UsageError::new(
                "send PREAUTH",
                "after the greeting (RFC 9051 §7.1.4)",
            ));
        }
        self.write(&Response::Status { condition, text });
        if condition == Condition::Bye {
            self.bye_sent = true;
            if !matches!(self.pending, Pending::Command(_, Kind::Logout)) {
                self.close(CloseReason::Bye);
            }
        }
        Ok(())
    }

    /// Starts IDLE (RFC 2177 §3, RFC 9051 §6.3.13): sends `+ idling`; untagged data may then
    /// be sent at any time, and [`ServerEvent::IdleDone`] comes when the client sends `DONE`.
    pub fn accept_idle(&mut self) -> Result<(), UsageError> {
        let Pending::Command(tag, Kind::Idle) = self.pending.clone() else {
            return Err(UsageError::new("accept IDLE", "when no IDLE command waits"));
        };
        self.write(&Response::Continue(Continue::Text(own_text(
            None, "idling",
        ))));
        self.pending = Pending::Idle(tag);
        self.process();
        Ok(())
    }

    /// Sends an AUTHENTICATE challenge `+ base64` (RFC 9051 §6.2.2); the client's answer
    /// comes as [`ServerEvent::AuthResponse`].
    ///
    /// ```
    /// use std::time::Instant;
    /// use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
    /// use imap_proto::types::command::CommandBody;
    /// use imap_proto::types::response::{Greeting, GreetingKind, RespText};
    /// use mail_core::sasl::plain;
    ///
    /// let greeting = Greeting { kind: GreetingKind::Ok, text: RespText::text("ready").unwrap() };
    /// let mut server = Server::new(ServerConfig::default(), &greeting, Instant::now());
    /// server.handle_input(b"a1 AUTHENTICATE PLAIN\r\n");
    /// let Some(ServerEvent::Command(cmd)) = server.poll_event() else { panic!() };
    /// assert!(matches!(cmd.body, CommandBody::Authenticate { initial_response: None, .. }));
    /// server.auth_challenge(b"").unwrap(); // "+ " : PLAIN has no server challenge
    /// server.handle_input(b"AGFsaWNlAHNlY3JldA==\r\n");
    /// let Some(ServerEvent::AuthResponse { response, .. }) = server.poll_event() else { panic!() };
    /// let message = plain::Response::decode(response.as_bytes().unwrap()).unwrap();
    /// assert_eq!(message.authcid(), "alice");
    /// server.reply_ok(RespText::text("authenticated").unwrap()).unwrap();
    /// assert_eq!(server.state(), ServerState::Authenticated);
    /// ```
    pub fn auth_challenge(&mut self, data: &[u8]) -> Result<(), UsageError> {
        let Pending::Command(tag, Kind::Authenticate) = self.pending.clone() else {
            return Err(UsageError::new(
                "send a challenge",
                "when no AUTHENTICATE command waits",
            ));
        };
        let mut b64 = Vec::new();
        mail_core::sasl::wire::encode_challenge(data, &mut b64);
        let b64 = String::from_utf8(b64).unwrap_or_default();
        let b64 = Base64::new(b64).unwrap_or_default();
        self.write(&Response::Continue(Continue::Base64(b64)));
        self.pending = Pending::AuthLine(tag);
        self.process();
        Ok(())
    }

    /// Ends the pending command with `tag OK text`, making the state changes of RFC 9051 §6:
    /// LOGIN / AUTHENTICATE enter the authenticated state, SELECT / EXAMINE the selected
    /// state, CLOSE / UNSELECT leave it, UNAUTHENTICATE (RFC 8437) returns to not
    /// authenticated, LOGOUT sends `* BYE` first if the application did not and ends the
    /// session, STARTTLS discards buffered input ([`ServerEvent::StartTls`]), COMPRESS marks
    /// where compression starts ([`ServerEvent::Compress`]).
    pub fn reply_ok(&mut self, text: RespText<'_>) -> Result<(), UsageError> {
        self.reply_tagged(State::Ok, text)
    }

    /// Ends the pending command with `tag NO text` (a failed SELECT leaves no mailbox
    /// selected, RFC 9051 §6.3.2).
    pub fn reply_no(&mut self, text: RespText<'_>) -> Result<(), UsageError> {
        self.reply_tagged(State::No, text)
    }

    /// Ends the pending command with `tag BAD text` (no state change, RFC 9051 §6).
    pub fn reply_bad(&mut self, text: RespText<'_>) -> Result<(), UsageError> {
        self.reply_tagged(State::Bad, text)
    }

    /// Ends the pending command with a tagged status ([`Server::reply_ok`] for the effects).
    pub fn reply_tagged(&mut self, status: State, text: RespText<'_>) -> Result<(), UsageError> {
        let Pending::Command(tag, kind) = self.pending.clone() else {
            return Err(UsageError::new(
                "send a tagged status",
                match self.pending {
                    Pending::Idle(_) => "while idling, before DONE",
                    Pending::AuthLine(_) => "while the client answers a challenge",
                    Pending::Literal(_) => "while a literal waits for a decision",
                    _ => NO_COMMAND,
                },
            ));
        };
        if kind == Kind::Logout && status == State::Ok && !self.bye_sent {
            // RFC 9051 §6.1.3: the server MUST send a BYE untagged response before the
            // (tagged) OK response.
            self.bye("logging out");
        }
        self.tagged(Some(&tag), status, text);
        self.pending = Pending::None;
        match (kind, status) {
            (Kind::Login | Kind::Authenticate, State::Ok) => {
                self.state = ServerState::Authenticated;
            }
            (Kind::Select, State::Ok) => self.state = ServerState::Selected,
            (Kind::Select, State::No) => self.state = ServerState::Authenticated,
            (Kind::Close, State::Ok) => self.state = ServerState::Authenticated,
            (Kind::Unauthenticate, State::Ok) => {
                // RFC 8437 §3: the session returns to the state of a new connection.
                self.state = ServerState::NotAuthenticated;
                self.utf8 = false;
                self.decoder.set_utf8(false);
                self.enabled.clear();
            }
            (Kind::Logout, State::Ok) => {
                self.close(CloseReason::Logout);
                return Ok(());
            }
            (Kind::StartTls, State::Ok) => {
                // RFC 9051 §6.2.1: TLS starts right after the OK; anything the client sent
                // after STARTTLS came in plaintext and is dropped, never executed.
                let discarded = self.buf.split_off(self.pos);
                self.buf.clear();
                self.pos = 0;
                self.discard_line = false;
                self.framer = CommandFramer::new(self.config.decoder.framer);
                self.tls_pending = true;
                self.events.push_back(ServerEvent::StartTls { discarded });
                return Ok(());
            }
            (Kind::Compress, State::Ok) => {
                // RFC 4978 §3: compression starts right after the CRLF of the OK.
                let discarded = self.buf.split_off(self.pos);
                self.buf.clear();
                self.pos = 0;
                self.discard_line = false;
                self.framer = CommandFramer::new(self.config.decoder.framer);
                self.out_boundary = Some(self.out.len());
                self.events.push_back(ServerEvent::Compress { discarded });
            }
            _ => {}
        }
        self.process();
        Ok(())
    }

    /// The TLS handshake after STARTTLS is done: commands are read again, `LOGIN` is allowed
    /// (RFC 9051 §6.2.1: the client discards cached capabilities and must ask again).
    pub fn tls_established(&mut self) -> Result<(), UsageError> {
        if !self.tls_pending {
            return Err(UsageError::new("start TLS", "without an accepted STARTTLS"));
        }
        self.tls_pending = false;
        self.tls = true;
        Ok(())
    }
}
