//! The sans-IO IMAP client session (RFC 9051 §3 states, §5.5 pipelining, RFC 7888 literals,
//! RFC 2177 IDLE, RFC 4959 SASL-IR, RFC 5161 ENABLE, RFC 6855 UTF8=ACCEPT, RFC 7162
//! CONDSTORE/QRESYNC, RFC 4978 COMPRESS).
//!
//! The caller moves bytes and time in and out: [`Client::handle_input`] with what the server
//! sent, [`Client::poll_transmit`] for what to write, [`Client::poll_event`] for what happened,
//! [`Client::poll_timeout`] / [`Client::handle_timeout`] for the response timer.
//!
//! [`Client::send_command`] queues a command and returns the tag the machine generated for it.
//! Commands are written as soon as IMAP allows (RFC 9051 §5.5): several may be in progress,
//! except that a command using message sequence numbers waits until every command in
//! progress is a FETCH, STORE or SEARCH (EXPUNGE ambiguity), and STARTTLS, AUTHENTICATE,
//! IDLE, COMPRESS and ENABLE run alone. A synchronizing literal is sent only after the
//! server's `+`; if the server answers the tag instead (`NO`/`BAD`), the rest of the command
//! is never sent. Non-synchronizing literals are used only when the server announced
//! `LITERAL+`, `LITERAL-` or `IMAP4rev2` (RFC 7888, RFC 9051 §4.3).
//!
//! Every tagged status is matched to its command ([`ClientEvent::Completed`]); untagged data
//! comes as [`ClientEvent::Data`] as soon as it arrives.
//!
//! ```
//! use std::time::Instant;
//! use imap_proto::client::{Client, ClientConfig, ClientEvent, ClientState};
//! use imap_proto::types::command::CommandBody;
//! use imap_proto::types::core::IString;
//! use imap_proto::types::response::State;
//!
//! let mut client = Client::new(ClientConfig::default(), Instant::now());
//! let tag = client
//!     .send_command(CommandBody::Login {
//!         username: IString::try_from("alice").unwrap(),
//!         password: IString::try_from("pass word").unwrap().into(),
//!     })
//!     .unwrap();
//! // Nothing is written before the greeting.
//! let mut out = Vec::new();
//! client.poll_transmit(&mut out);
//! assert!(out.is_empty());
//! client.handle_input(b"* OK [CAPABILITY IMAP4rev1] ready\r\n");
//! assert!(matches!(client.poll_event(), Some(ClientEvent::Greeting(_))));
//! client.poll_transmit(&mut out);
//! assert_eq!(out, b"A1 LOGIN alice \"pass word\"\r\n");
//! client.handle_input(b"A1 OK logged in\r\n");
//! match client.poll_event() {
//!     Some(ClientEvent::Completed { tag: t, status, .. }) => {
//!         assert_eq!(t, tag);
//!         assert_eq!(status, State::Ok);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! assert_eq!(client.state(), ClientState::Authenticated);
//! // Capabilities are forgotten after login (RFC 9051 §6.2.3): ask again.
//! assert!(client.capabilities().is_none());
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_core::sasl::wire::{SaslResponse, decode_challenge, encode_initial_response};
use mail_core::{DecodeError, Decoded, IntoOwned, UsageError};

use crate::decode::{ResponseConfig, ResponseDecoder, ResponseFramer};
use crate::encode::{EncodeOptions, LiteralSupport};
use crate::types::command::{Command, CommandBody, SelectParam};
use crate::types::core::{Atom, Tag};
use crate::types::response::{
    Code, Condition, Continue, Data, Greeting, GreetingKind, RespText, Response, State,
};

/// Default time the client waits for the server while a command is in progress: none (the
/// application decides; RFC 9051 sets no limit).
pub const DEFAULT_RESPONSE_TIMEOUT: Option<Duration> = None;

/// RFC 2177 §3: "clients using IDLE are advised to terminate the IDLE and re-issue it at least
/// every 29 minutes to avoid being logged off".
pub const IDLE_REFRESH: Duration = Duration::from_secs(29 * 60);

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// Response decoding limits and named leniencies ([`ResponseConfig::lenient`] for servers
    /// in the wild).
    pub responses: ResponseConfig,
    /// The prefix of generated tags: `A1`, `A2`... for the default `A`.
    pub tag_prefix: Tag<'static>,
    /// How long a command in progress may wait for the server before the session ends with
    /// [`CloseReason::Timeout`] ([`DEFAULT_RESPONSE_TIMEOUT`]: no limit).
    pub response_timeout: Option<Duration>,
    /// After how long in IDLE [`ClientEvent::IdleRefresh`] asks the application to send DONE
    /// and idle again ([`IDLE_REFRESH`]).
    pub idle_refresh: Duration,
    /// Most queued commands not yet written; more is a usage error. Default: 1024.
    pub max_queued: usize,
    /// Re-read the capabilities after TLS starts and after login when they are unknown: a
    /// `CAPABILITY` command goes ahead of the queued commands (RFC 9051 §6.2.1: the client
    /// "MUST discard cached information about server capabilities" after TLS; §6.2.3: they may
    /// change after login). Its completion comes as any other. Default: true.
    pub refresh_capabilities: bool,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            responses: ResponseConfig::default(),
            tag_prefix: Tag::unvalidated("A"),
            response_timeout: DEFAULT_RESPONSE_TIMEOUT,
            idle_refresh: IDLE_REFRESH,
            max_queued: 1024,
            refresh_capabilities: true,
        }
    }
}

impl ClientConfig {
    /// Sets the response decoder configuration.
    pub fn with_responses(mut self, responses: ResponseConfig) -> Self {
        self.responses = responses;
        self
    }

    /// Sets the tag prefix.
    pub fn with_tag_prefix(mut self, prefix: Tag<'static>) -> Self {
        self.tag_prefix = prefix;
        self
    }

    /// Sets the response timeout.
    pub fn with_response_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// Sets the IDLE refresh interval.
    pub fn with_idle_refresh(mut self, d: Duration) -> Self {
        self.idle_refresh = d;
        self
    }

    /// Sets the queue limit.
    pub fn with_max_queued(mut self, n: usize) -> Self {
        self.max_queued = n;
        self
    }

    /// Re-reads capabilities after TLS and login, or not.
    pub fn with_refresh_capabilities(mut self, on: bool) -> Self {
        self.refresh_capabilities = on;
        self
    }
}

/// The connection states of RFC 9051 §3, as the client sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientState {
    /// Waiting for the server greeting (RFC 9051 §7.1).
    Greeting,
    /// Not Authenticated (RFC 9051 §3.1).
    NotAuthenticated,
    /// Authenticated (RFC 9051 §3.2).
    Authenticated,
    /// Selected (RFC 9051 §3.3).
    Selected,
    /// Logout (RFC 9051 §3.4): the session is over.
    Logout,
}

/// Why the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// LOGOUT completed (RFC 9051 §6.1.3).
    Logout,
    /// The server sent `BYE` (RFC 9051 §7.1.5), also as its greeting.
    Bye(RespText<'static>),
    /// The server sent bytes after the `OK` to STARTTLS, before TLS started: they could be
    /// injected by an attacker (CVE-2020-15953 class) and the session is refused. Here they are.
    StartTlsInjection(Vec<u8>),
    /// The stream cannot be read any more (a response over a limit, a bad greeting).
    Protocol(DecodeError),
    /// The connection closed ([`Client::handle_eof`]) without LOGOUT.
    ConnectionClosed,
    /// [`ClientConfig::response_timeout`] passed without a byte from the server.
    Timeout,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// The server greeting (`* OK`, `* PREAUTH`; `* BYE` ends the session).
    Greeting(Greeting<'static>),
    /// Untagged data, delivered as it arrives (RFC 9051 §7.2-§7.5).
    Data(Data<'static>),
    /// An untagged status (`* OK`, `* NO`, `* BAD`, `* BYE`, RFC 9051 §7.1).
    Status {
        /// The condition.
        condition: Condition,
        /// Code and text.
        text: RespText<'static>,
    },
    /// A command's tagged status (RFC 9051 §7.1).
    Completed {
        /// The command's tag.
        tag: Tag<'static>,
        /// The command's name, e.g. `"SELECT"`.
        command: &'static str,
        /// OK, NO or BAD.
        status: State,
        /// Code and text.
        text: RespText<'static>,
    },
    /// A SASL challenge during AUTHENTICATE (RFC 9051 §6.2.2), decoded from base64: answer
    /// with [`Client::send_auth_response`].
    AuthChallenge {
        /// The AUTHENTICATE command's tag.
        tag: Tag<'static>,
        /// The challenge octets.
        data: Vec<u8>,
    },
    /// The server accepted IDLE with `+` (RFC 2177 §3): updates come as [`ClientEvent::Data`];
    /// end with [`Client::send_idle_done`].
    IdleStarted {
        /// The IDLE command's tag.
        tag: Tag<'static>,
    },
    /// IDLE has run for [`ClientConfig::idle_refresh`]: send DONE and idle again (RFC 2177 §3).
    IdleRefresh,
    /// The `OK` to STARTTLS arrived and nothing followed it: start the TLS handshake, then
    /// call [`Client::tls_established`]. Capabilities are forgotten (RFC 9051 §6.2.1).
    StartTls,
    /// The `OK` to COMPRESS arrived (RFC 4978 §3): every byte after its CRLF is compressed.
    /// `compressed` holds the bytes already received after it: inflate them and the rest of
    /// the stream before [`Client::handle_input`]; compress everything
    /// [`Client::poll_transmit`] gives from now on.
    Compress {
        /// Compressed bytes received right after the OK.
        compressed: Vec<u8>,
    },
    /// A response that does not parse; it was skipped.
    Malformed(DecodeError),
    /// A response nobody waits for: a tagged status with an unknown tag, or a continuation
    /// request when no command needs one.
    Unexpected(Response<'static>),
    /// The session is over.
    Closed(CloseReason),
}

/// What the client must remember about a command in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Login,
    Authenticate,
    Select { condstore: bool },
    Close,
    Unauthenticate,
    Logout,
    StartTls,
    Compress,
    Enable,
    Idle,
    Other,
}

impl Kind {
    fn of(body: &CommandBody<'_>) -> Kind {
        match body {
            CommandBody::Login { .. } => Kind::Login,
            CommandBody::Authenticate { .. } => Kind::Authenticate,
            CommandBody::Select { params, .. } | CommandBody::Examine { params, .. } => {
                Kind::Select {
                    condstore: params
                        .iter()
                        .any(|p| matches!(p, SelectParam::CondStore | SelectParam::QResync(_))),
                }
            }
            CommandBody::Close | CommandBody::Unselect => Kind::Close,
            CommandBody::Unauthenticate => Kind::Unauthenticate,
            CommandBody::Logout => Kind::Logout,
            CommandBody::StartTls => Kind::StartTls,
            CommandBody::Compress(_) => Kind::Compress,
            CommandBody::Enable(_) => Kind::Enable,
            CommandBody::Idle => Kind::Idle,
            _ => Kind::Other,
        }
    }

    /// Commands that change the framing or the encoding and run alone.
    fn exclusive(self) -> bool {
        matches!(
            self,
            Kind::Authenticate | Kind::StartTls | Kind::Compress | Kind::Idle | Kind::Enable
        )
    }
}

#[derive(Debug, Clone)]
struct Queued {
    command: Command<'static>,
    /// The initial response, when SASL-IR is not announced (sent after the first `+`).
    auth_data: Option<Vec<u8>>,
    /// Runs alone (a capability refresh: later commands are encoded with its answer).
    exclusive: bool,
}

#[derive(Debug, Clone)]
struct InFlight {
    tag: Tag<'static>,
    name: &'static str,
    kind: Kind,
    /// A FETCH, STORE or SEARCH by sequence number: no EXPUNGE while it runs (RFC 9051 §5.5).
    expunge_free: bool,
    /// Nothing else is sent while it runs.
    exclusive: bool,
}

/// A command partly written: the rest goes after each `+`.
#[derive(Debug, Clone)]
struct Writing {
    tag: Tag<'static>,
    chunks: VecDeque<Vec<u8>>,
}

/// An AUTHENTICATE exchange in progress.
#[derive(Debug, Clone)]
struct Auth {
    tag: Tag<'static>,
    /// The initial response, sent at the first `+` (no SASL-IR).
    initial: Option<Vec<u8>>,
    /// A challenge was reported; the application owes a response.
    awaiting_response: bool,
}

/// An IMAP client session. See the [module documentation](self).
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    decoder: ResponseDecoder,
    framer: ResponseFramer,
    state: ClientState,
    buf: Vec<u8>,
    pos: usize,
    out: Vec<u8>,
    out_boundary: Option<usize>,
    events: VecDeque<ClientEvent>,
    queue: VecDeque<Queued>,
    in_flight: Vec<InFlight>,
    writing: Option<Writing>,
    auth: Option<Auth>,
    /// IDLE accepted; the tag and when it started.
    idling: Option<(Tag<'static>, Instant)>,
    idle_refresh_sent: bool,
    next_tag: u64,
    capabilities: Option<Vec<Atom<'static>>>,
    enabled: Vec<Atom<'static>>,
    utf8: bool,
    condstore: bool,
    tls: bool,
    tls_pending: bool,
    logout_sent: bool,
    now: Instant,
    last_input: Instant,
}

impl Client {
    /// A session on a new connection, waiting for the greeting. `now` starts the timers.
    pub fn new(config: ClientConfig, now: Instant) -> Self {
        Client {
            decoder: ResponseDecoder::new(config.responses),
            framer: config.responses.framer(),
            config,
            state: ClientState::Greeting,
            buf: Vec::new(),
            pos: 0,
            out: Vec::new(),
            out_boundary: None,
            events: VecDeque::new(),
            queue: VecDeque::new(),
            in_flight: Vec::new(),
            writing: None,
            auth: None,
            idling: None,
            idle_refresh_sent: false,
            next_tag: 1,
            capabilities: None,
            enabled: Vec::new(),
            utf8: false,
            condstore: false,
            tls: false,
            tls_pending: false,
            logout_sent: false,
            now,
            last_input: now,
        }
    }

    /// A session on a connection already protected by TLS (implicit TLS, RFC 8314).
    pub fn new_tls(config: ClientConfig, now: Instant) -> Self {
        let mut c = Self::new(config, now);
        c.tls = true;
        c
    }

    /// The connection state.
    pub fn state(&self) -> ClientState {
        self.state
    }

    /// The server's capabilities, when known: from the greeting, a `CAPABILITY` response or
    /// code. `None` after STARTTLS and after login until read again (RFC 9051 §6.2.1,
    /// §6.2.3).
    pub fn capabilities(&self) -> Option<&[Atom<'static>]> {
        self.capabilities.as_deref()
    }

    /// Whether the server announced `name` (case-insensitive); false when unknown.
    pub fn has_capability(&self, name: &str) -> bool {
        self.capabilities
            .as_ref()
            .is_some_and(|c| c.iter().any(|a| a.eq_ignore_case(name)))
    }

    /// The extensions the server reported enabled (`* ENABLED`, RFC 5161 §3.2).
    pub fn enabled(&self) -> &[Atom<'static>] {
        &self.enabled
    }

    /// Whether strings and mailbox names go out (and are read) as UTF-8: after
    /// `ENABLED UTF8=ACCEPT` or `ENABLED IMAP4rev2` (RFC 6855 §3, RFC 9051 §6.3.1).
    pub fn utf8(&self) -> bool {
        self.utf8
    }

    /// Whether MODSEQ data is to be expected in FETCH responses: CONDSTORE or QRESYNC was
    /// enabled, or a mailbox was selected with `(CONDSTORE)` / `(QRESYNC ...)` (RFC 7162 §3.1).
    pub fn modseq_expected(&self) -> bool {
        self.condstore
    }

    /// Whether TLS protects the connection.
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Whether the machine waits for [`Client::tls_established`].
    pub fn is_tls_pending(&self) -> bool {
        self.tls_pending
    }

    /// Whether IDLE is running (the server answered `+`, DONE not yet sent).
    pub fn is_idling(&self) -> bool {
        self.idling.is_some()
    }

    /// The tags of the commands sent or queued and not yet completed, oldest first.
    pub fn pending_tags(&self) -> impl Iterator<Item = &Tag<'static>> {
        self.in_flight
            .iter()
            .map(|c| &c.tag)
            .chain(self.queue.iter().map(|q| &q.command.tag))
    }

    fn literal_support(&self) -> LiteralSupport {
        if self.has_capability("LITERAL+") {
            LiteralSupport::Plus
        } else if self.has_capability("LITERAL-") || self.has_capability("IMAP4rev2") {
            // RFC 9051 §4.3: IMAP4rev2 non-synchronizing literals are LITERAL-'s.
            LiteralSupport::Minus
        } else {
            LiteralSupport::SyncOnly
        }
    }

    fn new_tag(&mut self) -> Tag<'static> {
        let n = self.next_tag;
        self.next_tag = self.next_tag.wrapping_add(1).max(1);
        // A valid tag followed by digits is a valid tag.
        Tag::unvalidated(format!("{}{}", self.config.tag_prefix.as_str(), n))
    }

    // ---- application commands ----

    /// Queues a command and returns its tag. It is written when IMAP allows (see the
    /// [module documentation](self)). Errors: the session is over, LOGOUT was sent, the queue
    /// is full, STARTTLS on a TLS connection; for AUTHENTICATE use
    /// [`Client::send_authenticate`] to get SASL-IR handling (a body given here is sent as is).
    pub fn send_command(&mut self, body: CommandBody<'_>) -> Result<Tag<'static>, UsageError> {
        self.enqueue(body.into_owned(), None)
    }

    /// Queues `AUTHENTICATE mechanism` (RFC 9051 §6.2.2). With `initial_response`, the data
    /// goes on the command line when the server announced `SASL-IR` (RFC 4959 §3; empty data
    /// is `=`), otherwise after the server's first `+`. Challenges then come as
    /// [`ClientEvent::AuthChallenge`]. The messages of the mechanisms are built and read with
    /// `mail_core::sasl`:
    ///
    /// ```
    /// use std::time::Instant;
    /// use imap_proto::client::{Client, ClientConfig};
    /// use mail_core::Encode;
    /// use mail_core::sasl::{Mechanism, plain};
    ///
    /// let mut client = Client::new(ClientConfig::default(), Instant::now());
    /// client.handle_input(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
    /// let message = plain::Response::new("alice", "secret").unwrap().to_bytes();
    /// client.send_authenticate(Mechanism::PLAIN, Some(&message)).unwrap();
    /// let mut out = Vec::new();
    /// client.poll_transmit(&mut out);
    /// assert_eq!(out, b"A1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n");
    /// ```
    pub fn send_authenticate(
        &mut self,
        mechanism: mail_core::sasl::Mechanism<'_>,
        initial_response: Option<&[u8]>,
    ) -> Result<Tag<'static>, UsageError> {
        let sasl_ir = self.has_capability("SASL-IR");
        let (inline, later) = match initial_response {
            Some(d) if sasl_ir => (Some(SaslResponse::data(d.to_vec())), None),
            Some(d) => (None, Some(d.to_vec())),
            None => (None, None),
        };
        let body = CommandBody::Authenticate {
            mechanism: mechanism.into_owned(),
            initial_response: inline,
        };
        self.enqueue(body, later)
    }

    /// Queues a command with the application's own tag (e.g. to replay a recorded session).
    /// The tag must not belong to a command in progress, or completions could not be matched
    /// (RFC 9051 §2.2.1: the client "SHOULD generate a unique tag for every command").
    /// Otherwise like [`Client::send_command`].
    pub fn send_tagged(&mut self, command: Command<'_>) -> Result<Tag<'static>, UsageError> {
        let command = command.into_owned();
        if self.pending_tags().any(|t| *t == command.tag) {
            return Err(UsageError::new(
                "send a command",
                "with the tag of a command in progress",
            ));
        }
        self.enqueue_tagged(Some(command.tag), command.body, None)
    }

    fn enqueue(
        &mut self,
        body: CommandBody<'static>,
        auth_data: Option<Vec<u8>>,
    ) -> Result<Tag<'static>, UsageError> {
        self.enqueue_tagged(None, body, auth_data)
    }

    fn enqueue_tagged(
        &mut self,
        tag: Option<Tag<'static>>,
        body: CommandBody<'static>,
        auth_data: Option<Vec<u8>>,
    ) -> Result<Tag<'static>, UsageError> {
        if self.state == ClientState::Logout {
            return Err(UsageError::new("send a command", "after the session ended"));
        }
        if self.logout_sent {
            return Err(UsageError::new("send a command", "after LOGOUT"));
        }
        if self.queue.len() >= self.config.max_queued {
            return Err(UsageError::new("queue a command", "with the queue full"));
        }
        if matches!(body, CommandBody::StartTls) && (self.tls || self.tls_pending) {
            return Err(UsageError::new("send STARTTLS", "over TLS"));
        }
        if matches!(body, CommandBody::Logout) {
            self.logout_sent = true;
        }
        let tag = match tag {
            Some(t) => t,
            None => self.new_tag(),
        };
        self.queue.push_back(Queued {
            command: Command::new(tag.clone(), body),
            auth_data,
            exclusive: false,
        });
        self.pump();
        Ok(tag)
    }

    /// Answers an [`ClientEvent::AuthChallenge`]: data, an empty response, or
    /// [`SaslResponse::Cancel`] (`*`, RFC 9051 §6.2.2: the server answers `BAD`).
    pub fn send_auth_response(&mut self, response: &SaslResponse) -> Result<(), UsageError> {
        match self.auth.as_mut() {
            Some(a) if a.awaiting_response => a.awaiting_response = false,
            _ => {
                return Err(UsageError::new(
                    "answer a SASL challenge",
                    "when no challenge waits",
                ));
            }
        }
        mail_core::sasl::wire::encode_response(response, &mut self.out);
        self.out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Ends IDLE with `DONE` (RFC 2177 §3); the tagged OK follows as
    /// [`ClientEvent::Completed`].
    pub fn send_idle_done(&mut self) -> Result<(), UsageError> {
        if self.idling.take().is_none() {
            return Err(UsageError::new("send DONE", "when not idling"));
        }
        self.out.extend_from_slice(b"DONE\r\n");
        Ok(())
    }

    /// The TLS handshake after STARTTLS is done: queued commands go on, over TLS.
    pub fn tls_established(&mut self) -> Result<(), UsageError> {
        if !self.tls_pending {
            return Err(UsageError::new("start TLS", "without an OK to STARTTLS"));
        }
        self.tls_pending = false;
        self.tls = true;
        self.refresh_capabilities();
        self.pump();
        Ok(())
    }

    /// Puts a `CAPABILITY` command at the head of the queue when the capabilities are
    /// unknown and [`ClientConfig::refresh_capabilities`] is on.
    fn refresh_capabilities(&mut self) {
        if !self.config.refresh_capabilities
            || self.capabilities.is_some()
            || self.logout_sent
            || self.state == ClientState::Logout
            || self
                .queue
                .front()
                .is_some_and(|q| q.command.body == CommandBody::Capability)
        {
            return;
        }
        let tag = self.new_tag();
        self.queue.push_front(Queued {
            command: Command::new(tag, CommandBody::Capability),
            auth_data: None,
            exclusive: true,
        });
    }

    /// Writes queued commands as far as the pipelining rules allow.
    fn pump(&mut self) {
        loop {
            if matches!(self.state, ClientState::Greeting | ClientState::Logout)
                || self.tls_pending
                || self.writing.is_some()
            {
                return;
            }
            let Some(front) = self.queue.front() else {
                return;
            };
            if self.in_flight.iter().any(|c| c.exclusive) {
                return;
            }
            let kind = Kind::of(&front.command.body);
            if (front.exclusive || kind.exclusive()) && !self.in_flight.is_empty() {
                return;
            }
            // RFC 9051 §5.5: after any command other than FETCH, STORE or SEARCH, wait for its
            // completion before sending a command with message sequence numbers.
            if front.command.body.uses_sequence_numbers()
                && self.in_flight.iter().any(|c| !c.expunge_free)
            {
                return;
            }
            let Some(q) = self.queue.pop_front() else {
                return;
            };
            self.write_command(q, kind);
        }
    }

    fn write_command(&mut self, q: Queued, kind: Kind) {
        let opts = EncodeOptions::default()
            .with_literals(self.literal_support())
            .with_utf8(self.utf8);
        let enc = q.command.encode_with(opts);
        let mut chunks: VecDeque<Vec<u8>> = enc.chunks().into_iter().map(<[u8]>::to_vec).collect();
        if let Some(first) = chunks.pop_front() {
            self.out.extend_from_slice(&first);
        }
        let tag = q.command.tag.clone();
        if !chunks.is_empty() {
            self.writing = Some(Writing {
                tag: tag.clone(),
                chunks,
            });
        }
        let expunge_free = matches!(
            q.command.body,
            CommandBody::Fetch { uid: false, .. }
                | CommandBody::Store { uid: false, .. }
                | CommandBody::Search { uid: false, .. }
        );
        if kind == Kind::Authenticate {
            self.auth = Some(Auth {
                tag: tag.clone(),
                initial: q.auth_data,
                awaiting_response: false,
            });
        }
        if self.in_flight.is_empty() {
            self.last_input = self.now;
        }
        self.in_flight.push(InFlight {
            tag,
            name: q.command.body.name(),
            kind,
            expunge_free,
            exclusive: q.exclusive || kind.exclusive(),
        });
    }

    // ---- I/O ----

    /// Bytes received from the server.
    pub fn handle_input(&mut self, data: &[u8]) {
        if self.state == ClientState::Logout {
            return;
        }
        if self.tls_pending {
            // RFC 9051 §6.2.1 / CVE-2020-15953: anything after the OK to STARTTLS and before
            // the handshake is plaintext that may be injected.
            if !data.is_empty() {
                self.close(CloseReason::StartTlsInjection(data.to_vec()));
            }
            return;
        }
        self.last_input = self.now;
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.extend_from_slice(data);
        self.process();
    }

    /// The server closed the connection.
    pub fn handle_eof(&mut self) {
        if self.state != ClientState::Logout {
            self.close(CloseReason::ConnectionClosed);
        }
    }

    /// Whether the server owes something: the greeting or a command's completion.
    fn awaits_server(&self) -> bool {
        self.state == ClientState::Greeting || !self.in_flight.is_empty()
    }

    /// When [`Client::handle_timeout`] should be called next: the response timeout while the
    /// greeting or a completion is awaited, the IDLE refresh while idling. The timers count
    /// from the time of the last [`Client::handle_timeout`] call (or [`Client::new`]) before
    /// the event that armed them.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.state == ClientState::Logout {
            return None;
        }
        if let Some((_, since)) = &self.idling {
            return since
                .checked_add(self.config.idle_refresh)
                .filter(|_| !self.idle_refresh_sent);
        }
        match self.config.response_timeout {
            Some(t) if self.awaits_server() => self.last_input.checked_add(t),
            _ => None,
        }
    }

    /// Time has passed.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        if self.state == ClientState::Logout {
            return;
        }
        if let Some((_, since)) = &self.idling {
            if !self.idle_refresh_sent
                && since
                    .checked_add(self.config.idle_refresh)
                    .is_some_and(|t| now >= t)
            {
                self.idle_refresh_sent = true;
                self.events.push_back(ClientEvent::IdleRefresh);
            }
            return;
        }
        if let Some(t) = self.config.response_timeout
            && self.awaits_server()
            && self.last_input.checked_add(t).is_some_and(|d| now >= d)
        {
            self.close(CloseReason::Timeout);
        }
    }

    /// Appends the bytes to write to `out`. After [`ClientEvent::Compress`] one call returns
    /// the plain bytes written before the boundary and the next ones the bytes to compress.
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
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    fn close(&mut self, reason: CloseReason) {
        self.state = ClientState::Logout;
        self.buf.clear();
        self.pos = 0;
        self.queue.clear();
        self.writing = None;
        self.auth = None;
        self.idling = None;
        self.events.push_back(ClientEvent::Closed(reason));
    }

    fn process(&mut self) {
        while self.state != ClientState::Logout && !self.tls_pending {
            let rest = &self.buf[self.pos..];
            match self.framer.frame(rest) {
                Ok(Decoded::Incomplete) => return,
                Ok(Decoded::Complete { consumed, .. }) => {
                    let end = self.pos.saturating_add(consumed).min(self.buf.len());
                    let parsed = self
                        .decoder
                        .parse(&self.buf[self.pos..end])
                        .map(IntoOwned::into_owned);
                    self.pos = end;
                    match parsed {
                        Ok(r) => self.handle_response(r),
                        Err(e) if self.state == ClientState::Greeting => {
                            self.close(CloseReason::Protocol(e));
                        }
                        Err(e) => self.events.push_back(ClientEvent::Malformed(e)),
                    }
                }
                Err(e) => match e.skip {
                    Some(n) if self.state != ClientState::Greeting => {
                        self.pos = self.pos.saturating_add(n).min(self.buf.len());
                        self.events.push_back(ClientEvent::Malformed(e));
                    }
                    _ => self.close(CloseReason::Protocol(e)),
                },
            }
        }
    }

    fn set_capabilities_from(&mut self, text: &RespText<'_>) {
        if let Some(Code::Capability(caps)) = text.code() {
            self.capabilities = Some(caps.iter().map(|c| c.clone().into_owned()).collect());
        }
    }

    fn greeting(&mut self, r: Response<'static>) {
        let greeting = match r {
            Response::Status {
                condition: Condition::Ok,
                text,
            } => Greeting {
                kind: GreetingKind::Ok,
                text,
            },
            Response::Status {
                condition: Condition::PreAuth,
                text,
            } => Greeting {
                kind: GreetingKind::PreAuth,
                text,
            },
            Response::Status {
                condition: Condition::Bye,
                text,
            } => {
                self.events.push_back(ClientEvent::Greeting(Greeting {
                    kind: GreetingKind::Bye,
                    text: text.clone(),
                }));
                self.close(CloseReason::Bye(text));
                return;
            }
            _ => {
                self.close(CloseReason::Protocol(DecodeError::syntax(
                    0,
                    "a greeting: * OK, * PREAUTH or * BYE",
                )));
                return;
            }
        };
        self.set_capabilities_from(&greeting.text);
        self.state = match greeting.kind {
            GreetingKind::PreAuth => ClientState::Authenticated,
            _ => ClientState::NotAuthenticated,
        };
        self.events.push_back(ClientEvent::Greeting(greeting));
        self.pump();
    }

    fn handle_response(&mut self, r: Response<'static>) {
        if self.state == ClientState::Greeting {
            self.greeting(r);
            return;
        }
        match r {
            Response::Data(d) => self.data(d),
            Response::Status { condition, text } => {
                self.set_capabilities_from(&text);
                let bye = condition == Condition::Bye;
                self.events.push_back(ClientEvent::Status {
                    condition,
                    text: text.clone(),
                });
                let logging_out = self.in_flight.iter().any(|c| c.kind == Kind::Logout);
                if bye && !logging_out {
                    self.close(CloseReason::Bye(text));
                }
            }
            Response::Continue(c) => self.continuation(c),
            Response::Tagged { tag, state, text } => self.tagged(tag, state, text),
        }
    }

    fn data(&mut self, d: Data<'static>) {
        match &d {
            Data::Capability(caps) => self.capabilities = Some(caps.clone()),
            Data::Enabled(caps) => {
                for cap in caps {
                    if cap.eq_ignore_case("UTF8=ACCEPT") || cap.eq_ignore_case("IMAP4rev2") {
                        self.utf8 = true;
                        self.decoder = ResponseDecoder::new(self.config.responses.with_utf8(true));
                    }
                    if cap.eq_ignore_case("CONDSTORE") || cap.eq_ignore_case("QRESYNC") {
                        self.condstore = true;
                    }
                    if !self.enabled.iter().any(|c| c.eq_ignore_case(cap.as_str())) {
                        self.enabled.push(cap.clone());
                    }
                }
            }
            _ => {}
        }
        self.events.push_back(ClientEvent::Data(d));
    }

    fn continuation(&mut self, c: Continue<'static>) {
        if let Some(w) = self.writing.as_mut() {
            if let Some(chunk) = w.chunks.pop_front() {
                self.out.extend_from_slice(&chunk);
            }
            if w.chunks.is_empty() {
                self.writing = None;
                self.pump();
            }
            return;
        }
        if let Some(a) = self.auth.as_mut() {
            if let Some(initial) = a.initial.take() {
                // No SASL-IR: the initial response answers the first (empty) challenge.
                if initial.is_empty() {
                    self.out.extend_from_slice(b"\r\n");
                } else {
                    encode_initial_response(&initial, &mut self.out);
                    self.out.extend_from_slice(b"\r\n");
                }
                return;
            }
            let raw: &[u8] = match &c {
                Continue::Base64(b) => b.as_str().as_bytes(),
                Continue::Text(t) if t.code().is_none() => t.text_str().as_bytes(),
                Continue::Text(_) => b"",
            };
            let max = mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN;
            let data = decode_challenge(raw, max).unwrap_or_default();
            a.awaiting_response = true;
            let tag = a.tag.clone();
            self.events
                .push_back(ClientEvent::AuthChallenge { tag, data });
            return;
        }
        if self.idling.is_none()
            && let Some(cmd) = self.in_flight.iter().find(|c| c.kind == Kind::Idle)
        {
            let tag = cmd.tag.clone();
            self.idling = Some((tag.clone(), self.now));
            self.idle_refresh_sent = false;
            self.events.push_back(ClientEvent::IdleStarted { tag });
            return;
        }
        self.events
            .push_back(ClientEvent::Unexpected(Response::Continue(c)));
    }

    fn tagged(&mut self, tag: Tag<'static>, status: State, text: RespText<'static>) {
        let Some(i) = self.in_flight.iter().position(|c| c.tag == tag) else {
            self.events
                .push_back(ClientEvent::Unexpected(Response::Tagged {
                    tag,
                    state: status,
                    text,
                }));
            return;
        };
        let cmd = self.in_flight.remove(i);
        if self.writing.as_ref().is_some_and(|w| w.tag == tag) {
            // The server refused the command before its literal (RFC 9051 §4.3): the rest of
            // the command is never sent.
            self.writing = None;
        }
        if self.auth.as_ref().is_some_and(|a| a.tag == tag) {
            self.auth = None;
        }
        if self.idling.as_ref().is_some_and(|(t, _)| *t == tag) {
            self.idling = None;
        }
        let ok = status == State::Ok;
        match cmd.kind {
            Kind::Login | Kind::Authenticate if ok => {
                // RFC 9051 §6.2.3: capabilities may change after login; use the code in the
                // OK, if any, otherwise forget them.
                self.capabilities = None;
                self.state = ClientState::Authenticated;
            }
            Kind::Select { condstore } if ok => {
                self.state = ClientState::Selected;
                self.condstore |= condstore;
            }
            // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected.
            Kind::Select { .. } if status == State::No && self.state == ClientState::Selected => {
                self.state = ClientState::Authenticated;
            }
            Kind::Close if ok => self.state = ClientState::Authenticated,
            Kind::Unauthenticate if ok => {
                self.state = ClientState::NotAuthenticated;
                self.capabilities = None;
                self.enabled.clear();
                self.utf8 = false;
                self.condstore = false;
                self.decoder = ResponseDecoder::new(self.config.responses);
            }
            Kind::StartTls if ok => {
                self.capabilities = None;
                self.events.push_back(ClientEvent::Completed {
                    tag,
                    command: cmd.name,
                    status,
                    text,
                });
                let rest = self.buf.split_off(self.pos);
                self.buf.clear();
                self.pos = 0;
                self.framer.reset();
                if rest.is_empty() {
                    self.tls_pending = true;
                    self.events.push_back(ClientEvent::StartTls);
                } else {
                    self.close(CloseReason::StartTlsInjection(rest));
                }
                return;
            }
            Kind::Compress if ok => {
                self.events.push_back(ClientEvent::Completed {
                    tag,
                    command: cmd.name,
                    status,
                    text,
                });
                // RFC 4978 §3: the server compresses right after the CRLF of the OK.
                let compressed = self.buf.split_off(self.pos);
                self.buf.clear();
                self.pos = 0;
                self.framer.reset();
                self.out_boundary = Some(self.out.len());
                self.events.push_back(ClientEvent::Compress { compressed });
                self.pump();
                return;
            }
            _ => {}
        }
        self.set_capabilities_from(&text);
        if ok
            && matches!(
                cmd.kind,
                Kind::Login | Kind::Authenticate | Kind::Unauthenticate
            )
        {
            self.refresh_capabilities();
        }
        let logout = cmd.kind == Kind::Logout;
        self.events.push_back(ClientEvent::Completed {
            tag,
            command: cmd.name,
            status,
            text,
        });
        if logout && ok {
            self.close(CloseReason::Logout);
            return;
        }
        self.pump();
    }
}
