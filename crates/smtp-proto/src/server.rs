//! Sans-IO SMTP and LMTP server state machine.
//!
//! The machine frames and decodes the client's input, checks the order of commands (RFC 5321
//! §4.1.4: out-of-order commands get `503 5.5.1` without bothering the application), and hands
//! every valid command to the application as a [`ServerEvent::Command`]. The application
//! answers with [`Server::accept`], [`Server::accept_with`], [`Server::accept_ehlo`],
//! [`Server::reject`] or, for `AUTH`, [`Server::auth_challenge`]; the machine then knows the
//! outcome (a transaction started, a recipient was accepted, a body may follow). Pipelined
//! commands (RFC 2920) wait in the input buffer and are handled in order, one answer at a time.
//!
//! ```
//! use std::time::Instant;
//! use smtp_proto::server::{Server, ServerConfig, ServerEvent};
//! use smtp_proto::Command;
//!
//! let mut server = Server::new(ServerConfig::new("mx.example.org"), Instant::now());
//! let mut out = Vec::new();
//! server.poll_transmit(&mut out);
//! assert!(out.starts_with(b"220 mx.example.org"));
//! server.handle_input(b"EHLO client.example\r\nMAIL FROM:<a@example.com>\r\n");
//! assert!(matches!(server.poll_event(), Some(ServerEvent::Command(Command::Ehlo(_)))));
//! server.accept().unwrap();
//! assert!(matches!(server.poll_event(), Some(ServerEvent::Command(Command::Mail { .. }))));
//! server.accept().unwrap();
//! out.clear();
//! server.poll_transmit(&mut out);
//! assert_eq!(out, b"250 mx.example.org\r\n250 2.1.0 Ok\r\n");
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_core::dot::{BareLineEndings, DotDecoder};
use mail_core::line::Discard;
use mail_core::sasl::wire::{self, SaslResponse};
use mail_core::status::EnhancedStatusCode;
use mail_core::{DecodeError, DecodeErrorKind, Decoded, Encode, IntoOwned, UsageError};

use crate::decode::{CommandDecoder, CommandDecoderConfig};
use crate::types::command::{Command, CommandKind};
use crate::types::ehlo::EhloReply;
use crate::types::reply::{Reply, ReplyCode};

/// RFC 5321 §4.5.3.2.7: "An SMTP server SHOULD have a timeout of at least 5 minutes while it is
/// awaiting the next command from the sender."
pub const SERVER_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// RFC 5321 §4.5.3.1.8: "The minimum total number of recipients that MUST be buffered is 100."
pub const MIN_RECIPIENTS: usize = 100;

/// Configuration of a [`Server`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The server's name, used in the greeting and default replies.
    pub hostname: String,
    /// LMTP (RFC 2033): `LHLO` instead of `EHLO`/`HELO`, one reply per recipient after data.
    pub lmtp: bool,
    /// Command decoding limits and leniencies (line length 512, MAIL/RCPT lines 1185, AUTH
    /// lines 12288, SMTPUTF8).
    pub decoder: CommandDecoderConfig,
    /// Most recipients per transaction ([`MIN_RECIPIENTS`], also the smallest value used);
    /// more get `452 4.5.3`.
    pub max_recipients: usize,
    /// How long to wait for the next command or data ([`SERVER_TIMEOUT`]).
    pub timeout: Duration,
    /// What to do with bare CR / LF in a `DATA` body (reject by default, RFC 5321 §2.3.8).
    pub body_line_endings: BareLineEndings,
    /// Most bytes kept while commands wait for the application's answer (pipelined input);
    /// beyond it the session is closed with `421`.
    pub max_buffered: usize,
    /// Largest decoded SASL response (RFC 4954 §4: 12288-octet lines).
    pub max_sasl_len: usize,
    /// The text of the `220` greeting after the host name (`ESMTP` / `LMTP` by default).
    pub greeting: Option<String>,
}

impl ServerConfig {
    /// RFC defaults for a server called `hostname`.
    pub fn new(hostname: impl Into<String>) -> Self {
        ServerConfig {
            hostname: hostname.into(),
            lmtp: false,
            decoder: CommandDecoderConfig::default(),
            max_recipients: MIN_RECIPIENTS,
            timeout: SERVER_TIMEOUT,
            body_line_endings: BareLineEndings::Reject,
            max_buffered: 1 << 20,
            max_sasl_len: wire::DEFAULT_MAX_DECODED_LEN,
            greeting: None,
        }
    }

    /// Sets the greeting text that follows the host name in the `220` reply.
    pub fn with_greeting(mut self, text: impl Into<String>) -> Self {
        self.greeting = Some(text.into());
        self
    }

    /// The same configuration as an LMTP server.
    pub fn lmtp(mut self) -> Self {
        self.lmtp = true;
        self
    }

    /// Sets the recipient limit (at least [`MIN_RECIPIENTS`]).
    pub fn with_max_recipients(mut self, n: usize) -> Self {
        self.max_recipients = n.max(MIN_RECIPIENTS);
        self
    }

    /// Sets the command timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the decoder configuration.
    pub fn with_decoder(mut self, decoder: CommandDecoderConfig) -> Self {
        self.decoder = decoder;
        self
    }

    /// Sets the bare CR/LF policy for `DATA` bodies.
    pub fn with_body_line_endings(mut self, policy: BareLineEndings) -> Self {
        self.body_line_endings = policy;
        self
    }
}

/// The protocol state of a [`Server`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerState {
    /// Waiting for `EHLO`/`HELO` (`LHLO`): after the greeting and after TLS starts.
    Connected,
    /// Greeted, no mail transaction.
    Ready,
    /// `MAIL` accepted, no recipient accepted yet.
    Mail,
    /// At least one recipient accepted.
    Rcpt,
    /// Receiving a `DATA` body.
    Data,
    /// Receiving a `BDAT` chunk.
    Chunk,
    /// Inside an `AUTH` exchange, waiting for the client's response.
    Auth,
    /// `STARTTLS` accepted: the caller must run the TLS handshake, then call
    /// [`Server::tls_established`].
    StartTls,
    /// The session is over.
    Closed,
}

/// What happened, for the application.
// A `Command` (with its inline parameter list) is larger than the other variants; events are
// moved once, from the queue to the application, so boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// A command to answer ([`Server::accept`] / [`Server::reject`] ...). For `BDAT` it
    /// arrives after the chunk's data.
    Command(Command<'static>),
    /// A response in an `AUTH` exchange: answer with [`Server::auth_challenge`],
    /// [`Server::accept`] (235) or [`Server::reject`].
    AuthResponse(SaslResponse),
    /// The client cancelled the `AUTH` exchange with `*`; the machine answered `501`.
    AuthCancelled,
    /// Message bytes (dot-unstuffed for `DATA`, raw for `BDAT`).
    Data(Vec<u8>),
    /// The `DATA` body ended: answer it (LMTP: once per accepted recipient, in order).
    DataEnd,
    /// The `DATA` body had bare CR or LF (under the reject policy): the machine read it to the
    /// end, answered `550 5.6.0` and dropped the transaction.
    DataRejected(DecodeError),
    /// A `BDAT` line was malformed although its chunk size could be read (`BDAT 5 X`): the
    /// machine answered `501`, read and dropped the chunk the size announced (the client sends
    /// it regardless, RFC 3030 §2; reading it as commands would let message bytes run as
    /// commands), and dropped the transaction, so later chunks of it get `503` and are
    /// discarded too.
    ChunkRejected(DecodeError),
    /// A line the machine answered itself (`500`/`501`/`503`/`452`...): what was wrong.
    ProtocolError {
        /// The reply code sent.
        code: ReplyCode,
        /// Why.
        error: DecodeError,
    },
    /// The `STARTTLS` reply was queued: start TLS after writing it. `discarded` holds every
    /// byte received after the `STARTTLS` line; they were dropped (RFC 3207 §5, the command
    /// injection of CVE-2011-0411).
    StartTls {
        /// The dropped bytes.
        discarded: Vec<u8>,
    },
    /// Bytes received while TLS was being set up, dropped.
    Discarded(Vec<u8>),
    /// No input within the timeout: `421` was sent and the session closed.
    Timeout,
    /// The session is closed (after `QUIT`, a timeout or a `421`).
    Closed,
}

/// What the application has to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Command(CommandKind, Option<CommandInfo>),
    AuthResponse,
    DataEnd { remaining: usize },
    Chunk { last: bool, remaining: usize },
}

/// What the machine must remember about a pending command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CommandInfo {
    smtputf8: bool,
}

/// The server state machine. See the [module documentation](self).
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    decoder: CommandDecoder,
    state: ServerState,
    input: Vec<u8>,
    /// Bytes of `input` known to hold no LF.
    scanned: usize,
    discarding: bool,
    /// The limit the line being discarded went past.
    discard_limit: usize,
    out: Vec<u8>,
    events: VecDeque<ServerEvent>,
    pending: Option<Pending>,
    recipients: usize,
    tx_utf8: bool,
    /// `BDAT` was used in this transaction (DATA is then out of sequence).
    chunking: bool,
    tls: bool,
    authenticated: bool,
    dot: DotDecoder,
    body_error: Option<DecodeError>,
    chunk_left: u64,
    chunk_ok: bool,
    chunk_last: bool,
    chunk_size: u64,
    chunk_return: ServerState,
    /// The chunk being read was already answered (a malformed `BDAT`): drop it silently.
    chunk_answered: bool,
    /// Whether the EHLO reply being sent announces SMTPUTF8 (set by `accept_ehlo`).
    ehlo_utf8: Option<bool>,
    deadline: Option<Instant>,
    activity: bool,
}

impl Server {
    /// A server; the greeting (`220 hostname ESMTP`) is queued for transmission.
    pub fn new(config: ServerConfig, now: Instant) -> Self {
        let decoder = CommandDecoder::with_config(config.decoder);
        let mut server = Server {
            decoder,
            state: ServerState::Connected,
            input: Vec::new(),
            scanned: 0,
            discarding: false,
            discard_limit: 0,
            out: Vec::new(),
            events: VecDeque::new(),
            pending: None,
            recipients: 0,
            tx_utf8: false,
            chunking: false,
            tls: false,
            authenticated: false,
            dot: DotDecoder::with_policy(config.body_line_endings),
            body_error: None,
            chunk_left: 0,
            chunk_ok: false,
            chunk_last: false,
            chunk_size: 0,
            chunk_return: ServerState::Connected,
            chunk_answered: false,
            ehlo_utf8: None,
            deadline: Some(now + config.timeout),
            activity: false,
            config,
        };
        let text = match &server.config.greeting {
            Some(text) => text.clone(),
            None if server.config.lmtp => "LMTP".into(),
            None => "ESMTP".into(),
        };
        let greeting = format!("{} {text}", server.config.hostname);
        server.send(ReplyCode::READY.get(), None, &greeting);
        server
    }

    /// The protocol state.
    pub fn state(&self) -> ServerState {
        self.state
    }

    /// Whether TLS was started in this session.
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Whether an `AUTH` exchange succeeded.
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// Recipients accepted in the current transaction.
    pub fn recipients(&self) -> usize {
        self.recipients
    }

    /// Appends the bytes to send to `out`.
    pub fn poll_transmit(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    /// When [`Server::handle_timeout`] should be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            ServerState::Closed | ServerState::StartTls => None,
            _ if self.pending.is_some() => None,
            _ => self.deadline,
        }
    }

    /// Passes time in. The idle timer restarts whenever input has arrived since the last call
    /// (the machine has no clock of its own, so the restart is dated `now`).
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.activity || self.pending.is_some() || self.deadline.is_none() {
            self.activity = false;
            self.deadline = Some(now + self.config.timeout);
            return;
        }
        if let Some(deadline) = self.poll_timeout()
            && now >= deadline
        {
            let text = format!("{} Timeout, closing connection", self.config.hostname);
            self.send(421, Some(EnhancedStatusCode::new(4, 4, 2)), &text);
            self.close();
            self.events.push_back(ServerEvent::Timeout);
            self.events.push_back(ServerEvent::Closed);
        }
    }

    /// Passes received bytes in.
    pub fn handle_input(&mut self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        self.activity = true;
        match self.state {
            ServerState::Closed => {}
            ServerState::StartTls => self.events.push_back(ServerEvent::Discarded(data.to_vec())),
            _ => {
                self.input.extend_from_slice(data);
                self.process();
                if self.input.len() > self.config.max_buffered {
                    self.send(
                        421,
                        Some(EnhancedStatusCode::new(4, 7, 0)),
                        "Too much pipelined input",
                    );
                    self.close();
                    self.events.push_back(ServerEvent::Closed);
                }
            }
        }
    }

    /// The TLS handshake after `STARTTLS` is done: the session restarts, waiting for `EHLO`
    /// (RFC 3207 §4.2: the server discards knowledge obtained from the client).
    pub fn tls_established(&mut self) -> Result<(), UsageError> {
        if self.state != ServerState::StartTls {
            return Err(UsageError::new(
                "tls_established",
                "without an accepted STARTTLS",
            ));
        }
        self.tls = true;
        self.authenticated = false;
        self.reset_transaction();
        // RFC 3207 §4.2: knowledge from before TLS, the announced extensions included, is gone.
        self.decoder = CommandDecoder::with_config(self.config.decoder);
        self.state = ServerState::Connected;
        self.activity = true;
        Ok(())
    }

    /// Answers the pending command with its usual positive reply.
    pub fn accept(&mut self) -> Result<(), UsageError> {
        let reply = self.default_reply()?;
        self.answer(reply, true)
    }

    /// Answers the pending command positively with `reply` (2xx; 3xx for DATA).
    pub fn accept_with(&mut self, reply: Reply<'_>) -> Result<(), UsageError> {
        if reply.code().is_negative() {
            return Err(UsageError::new(
                "accept with a 4xx/5xx reply",
                "ever: use reject",
            ));
        }
        self.answer(reply.into_owned(), true)
    }

    /// Answers a pending `EHLO`/`LHLO` with this capability list. Announcing `SMTPUTF8`
    /// turns on UTF-8 decoding of commands (RFC 6531 §3.2) until the next EHLO or STARTTLS.
    pub fn accept_ehlo(&mut self, ehlo: &EhloReply<'_>) -> Result<(), UsageError> {
        match &self.pending {
            Some(Pending::Command(CommandKind::Ehlo | CommandKind::Lhlo, _)) => {}
            _ => {
                return Err(UsageError::new(
                    "accept_ehlo",
                    "without a pending EHLO or LHLO",
                ));
            }
        }
        let reply = ehlo
            .to_reply()
            .map_err(|_| UsageError::new("accept_ehlo", "with an invalid capability list"))?;
        // RFC 6531 §3.2, §3.4: a server that announces SMTPUTF8 takes UTF-8 paths on MAIL and
        // RCPT (with the SMTPUTF8 parameter); the decoder follows what was announced.
        self.ehlo_utf8 = Some(self.config.decoder.utf8 || ehlo.has("SMTPUTF8"));
        self.answer(reply, true)
    }

    /// Answers the pending command (or one LMTP recipient) negatively: `reply` must be 4xx/5xx.
    pub fn reject(&mut self, reply: Reply<'_>) -> Result<(), UsageError> {
        if !reply.code().is_negative() {
            return Err(UsageError::new(
                "reject with a 2xx/3xx reply",
                "ever: use accept",
            ));
        }
        self.answer(reply.into_owned(), false)
    }

    /// Sends a `334` challenge in the pending `AUTH` exchange.
    pub fn auth_challenge(&mut self, data: &[u8]) -> Result<(), UsageError> {
        match self.pending {
            Some(Pending::Command(CommandKind::Auth, _)) | Some(Pending::AuthResponse) => {}
            _ => {
                return Err(UsageError::new(
                    "auth_challenge",
                    "outside an AUTH exchange",
                ));
            }
        }
        self.pending = None;
        self.out.extend_from_slice(b"334 ");
        wire::encode_challenge(data, &mut self.out);
        self.out.extend_from_slice(b"\r\n");
        self.state = ServerState::Auth;
        self.process();
        Ok(())
    }

    fn default_reply(&self) -> Result<Reply<'static>, UsageError> {
        let host = &self.config.hostname;
        let (code, status, text): (u16, Option<(u8, u16, u16)>, String) = match &self.pending {
            None => return Err(UsageError::new("answer", "with no command pending")),
            Some(Pending::DataEnd { .. }) | Some(Pending::Chunk { last: true, .. }) => {
                (250, Some((2, 0, 0)), "Ok: queued".into())
            }
            Some(Pending::Chunk { .. }) => (250, Some((2, 0, 0)), "Ok: chunk received".into()),
            Some(Pending::AuthResponse) => {
                (235, Some((2, 7, 0)), "Authentication successful".into())
            }
            Some(Pending::Command(kind, _)) => match kind {
                CommandKind::Ehlo | CommandKind::Helo | CommandKind::Lhlo => {
                    (250, None, host.clone())
                }
                CommandKind::Mail => (250, Some((2, 1, 0)), "Ok".into()),
                CommandKind::Rcpt => (250, Some((2, 1, 5)), "Ok".into()),
                CommandKind::Data => (354, None, "End data with <CR><LF>.<CR><LF>".into()),
                CommandKind::Rset | CommandKind::Noop => (250, Some((2, 0, 0)), "Ok".into()),
                CommandKind::Quit => (221, Some((2, 0, 0)), format!("{host} closing connection")),
                CommandKind::StartTls => (220, Some((2, 0, 0)), "Ready to start TLS".into()),
                CommandKind::Auth => (235, Some((2, 7, 0)), "Authentication successful".into()),
                CommandKind::Vrfy | CommandKind::Expn => (
                    252,
                    Some((2, 5, 0)),
                    "Cannot verify, but will accept message".into(),
                ),
                CommandKind::Help => (214, Some((2, 0, 0)), "See RFC 5321".into()),
                CommandKind::Etrn => (250, Some((2, 0, 0)), "Queuing started".into()),
                CommandKind::Atrn | CommandKind::Burl | CommandKind::Bdat => {
                    (250, Some((2, 0, 0)), "Ok".into())
                }
            },
        };
        let reply = match status.and_then(|(c, s, d)| EnhancedStatusCode::new(c, s, d).ok()) {
            Some(s) => Reply::with_status(code, s, &text),
            None => Reply::new(code, &text),
        };
        reply.map_err(|_| UsageError::new("default reply", "with an invalid hostname"))
    }

    fn answer(&mut self, reply: Reply<'static>, positive: bool) -> Result<(), UsageError> {
        let Some(pending) = self.pending.take() else {
            return Err(UsageError::new("answer", "with no command pending"));
        };
        reply.encode(&mut self.out);
        if reply.code() == ReplyCode::UNAVAILABLE {
            // RFC 5321 §3.8: `421` closes the transmission channel; nothing more is read.
            self.close();
            self.events.push_back(ServerEvent::Closed);
            return Ok(());
        }
        match pending {
            Pending::Command(kind, info) => self.after_command(kind, info, positive),
            Pending::AuthResponse => {
                if positive {
                    self.authenticated = true;
                }
                self.state = self.idle_state();
            }
            Pending::DataEnd { remaining } => {
                if remaining > 1 {
                    self.pending = Some(Pending::DataEnd {
                        remaining: remaining - 1,
                    });
                    return Ok(());
                }
                self.reset_transaction();
                self.state = ServerState::Ready;
            }
            Pending::Chunk { last, remaining } => {
                if last && remaining > 1 {
                    self.pending = Some(Pending::Chunk {
                        last,
                        remaining: remaining - 1,
                    });
                    return Ok(());
                }
                if last || !positive {
                    self.reset_transaction();
                    self.state = ServerState::Ready;
                } else {
                    self.state = ServerState::Rcpt;
                }
            }
        }
        if self.state != ServerState::StartTls {
            self.process();
        }
        Ok(())
    }

    fn idle_state(&self) -> ServerState {
        ServerState::Ready
    }

    fn after_command(&mut self, kind: CommandKind, info: Option<CommandInfo>, positive: bool) {
        match (kind, positive) {
            (CommandKind::Ehlo | CommandKind::Helo | CommandKind::Lhlo, true) => {
                // UTF-8 commands exactly when this greeting's reply announced SMTPUTF8.
                let utf8 = self.ehlo_utf8.take().unwrap_or(self.config.decoder.utf8);
                self.decoder = self.decoder.clone().with_utf8(utf8);
                self.reset_transaction();
                self.state = ServerState::Ready;
            }
            (CommandKind::Mail, true) => {
                self.state = ServerState::Mail;
                self.tx_utf8 = info.is_some_and(|i| i.smtputf8);
            }
            (CommandKind::Rcpt, true) => {
                self.recipients += 1;
                self.state = ServerState::Rcpt;
            }
            (CommandKind::Data, true) => {
                self.state = ServerState::Data;
                self.dot = DotDecoder::with_policy(self.config.body_line_endings);
                self.body_error = None;
            }
            (CommandKind::Rset, true) => {
                self.reset_transaction();
                if self.state != ServerState::Connected {
                    self.state = ServerState::Ready;
                }
            }
            (CommandKind::Quit, true) => {
                self.close();
                self.events.push_back(ServerEvent::Closed);
            }
            (CommandKind::StartTls, true) => {
                self.state = ServerState::StartTls;
                let discarded = std::mem::take(&mut self.input);
                self.scanned = 0;
                self.discarding = false;
                self.events.push_back(ServerEvent::StartTls { discarded });
            }
            (CommandKind::Auth, true) => {
                self.authenticated = true;
                self.state = ServerState::Ready;
            }
            (CommandKind::Auth, false) => self.state = ServerState::Ready,
            (CommandKind::Burl, true) => {}
            _ => {}
        }
    }

    fn reset_transaction(&mut self) {
        self.recipients = 0;
        self.tx_utf8 = false;
        self.chunking = false;
    }

    fn close(&mut self) {
        self.state = ServerState::Closed;
        self.pending = None;
        self.input.clear();
    }

    fn send(
        &mut self,
        code: u16,
        status: Option<Result<EnhancedStatusCode, mail_core::ValidationError>>,
        text: &str,
    ) {
        let reply = match status.and_then(Result::ok) {
            Some(s) => Reply::with_status(code, s, text),
            None => Reply::new(code, text),
        };
        match reply {
            Ok(r) => r.encode(&mut self.out),
            Err(_) => {
                mail_core::encode::put_decimal(&mut self.out, u64::from(code));
                self.out.extend_from_slice(b" \r\n");
            }
        }
    }

    fn protocol_error(
        &mut self,
        code: u16,
        status: (u8, u16, u16),
        text: &str,
        error: DecodeError,
    ) {
        self.send(
            code,
            Some(EnhancedStatusCode::new(status.0, status.1, status.2)),
            text,
        );
        if let Ok(code) = ReplyCode::new(code) {
            self.events
                .push_back(ServerEvent::ProtocolError { code, error });
        }
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.input.len());
        self.input.drain(..n);
        self.scanned = 0;
    }

    /// Handles buffered input until the application must answer or more input is needed.
    fn process(&mut self) {
        while self.pending.is_none() && !self.input.is_empty() {
            let progressed = match self.state {
                ServerState::Closed | ServerState::StartTls => return,
                ServerState::Data => self.body(),
                ServerState::Chunk => self.chunk(),
                ServerState::Auth => self.auth_line(),
                _ => self.command(),
            };
            if !progressed {
                return;
            }
        }
    }

    /// Whether a complete line may be in the buffer (resumable scan).
    fn line_ready(&mut self, limit: usize) -> bool {
        let from = self.scanned.min(self.input.len());
        if memchr::memchr(b'\n', &self.input[from..]).is_some() || self.input.len() >= limit {
            true
        } else {
            self.scanned = self.input.len();
            false
        }
    }

    fn command(&mut self) -> bool {
        if self.discarding {
            match self.decoder_discard() {
                Some(n) => {
                    self.consume(n);
                    self.discarding = false;
                    let limit = self.discard_limit;
                    self.protocol_error(
                        500,
                        (5, 5, 2),
                        "Line too long",
                        DecodeError::new(limit, DecodeErrorKind::LineTooLong { limit }),
                    );
                    return true;
                }
                None => {
                    self.input.clear();
                    self.scanned = 0;
                    return false;
                }
            }
        }
        let limit = self.decoder.line_limit(&self.input);
        if !self.line_ready(limit) {
            return false;
        }
        let decoded = self.decoder.decode(&self.input);
        let (command, used) = match decoded {
            Ok(Decoded::Incomplete) => return false,
            Ok(Decoded::Complete { value, consumed }) => (value.into_owned(), consumed),
            Err(e) => {
                self.command_error(e);
                return true;
            }
        };
        self.consume(used);
        self.dispatch(command);
        true
    }

    fn decoder_discard(&mut self) -> Option<usize> {
        let mut framer = mail_core::line::LineFramer::new(mail_core::line::LineConfig::new(1));
        match framer.discard(&self.input) {
            Discard::Done(n) => Some(n),
            Discard::All => None,
        }
    }

    fn command_error(&mut self, e: DecodeError) {
        match (&e.kind, e.skip) {
            (DecodeErrorKind::LineTooLong { limit }, None) => {
                self.discard_limit = *limit;
                self.input.clear();
                self.scanned = 0;
                self.discarding = true;
            }
            (kind, skip) => {
                let verb = self.input.get(..5).unwrap_or_default();
                let mail = verb.eq_ignore_ascii_case(b"MAIL ");
                let rcpt = verb.eq_ignore_ascii_case(b"RCPT ");
                let bdat_size = if verb.eq_ignore_ascii_case(b"BDAT ") {
                    chunk_size_of(self.input.get(5..).unwrap_or_default())
                } else {
                    None
                };
                self.consume(skip.unwrap_or(self.input.len()));
                if let (Some(size), Some(_)) = (bdat_size, skip) {
                    self.malformed_bdat(size, e);
                    return;
                }
                match kind {
                    DecodeErrorKind::LineTooLong { .. } => {
                        self.protocol_error(500, (5, 5, 2), "Line too long", e)
                    }
                    DecodeErrorKind::UnknownCommand { .. } => {
                        self.protocol_error(500, (5, 5, 2), "Command unrecognized", e)
                    }
                    // RFC 6531 §3.5: a non-ASCII path without SMTPUTF8 gets 550 5.6.7 on MAIL
                    // and 553 5.6.7 on RCPT; 8-bit bytes elsewhere (an EHLO argument, a VRFY
                    // string) are a syntax error (501 below).
                    DecodeErrorKind::EightBit | DecodeErrorKind::InvalidUtf8 if mail || rcpt => {
                        let code = if mail { 550 } else { 553 };
                        self.protocol_error(
                            code,
                            (5, 6, 7),
                            "Non-ASCII address without SMTPUTF8",
                            e,
                        )
                    }
                    _ => {
                        let text = format!("Syntax error: {}", e.kind);
                        self.protocol_error(501, (5, 5, 4), &text, e)
                    }
                }
            }
        }
    }

    fn bad_sequence(&mut self, kind: CommandKind) {
        let error = DecodeError::new(
            0,
            DecodeErrorKind::Invalid {
                what: "command sequence",
            },
        );
        let text = format!("Bad sequence of commands ({kind})");
        self.protocol_error(503, (5, 5, 1), &text, error);
    }

    fn dispatch(&mut self, command: Command<'static>) {
        let kind = command.kind();
        let greeted = !matches!(self.state, ServerState::Connected);
        let lmtp = self.config.lmtp;
        let allowed = match kind {
            CommandKind::Ehlo | CommandKind::Helo if lmtp => {
                let e =
                    DecodeError::new(0, DecodeErrorKind::unknown_command(kind.verb().as_bytes()));
                self.protocol_error(500, (5, 5, 2), "Command unrecognized (use LHLO)", e);
                return;
            }
            CommandKind::Lhlo if !lmtp => {
                let e = DecodeError::new(0, DecodeErrorKind::unknown_command(b"LHLO"));
                self.protocol_error(500, (5, 5, 2), "Command unrecognized", e);
                return;
            }
            CommandKind::Ehlo | CommandKind::Helo | CommandKind::Lhlo => true,
            CommandKind::Mail => greeted && self.state == ServerState::Ready,
            CommandKind::Rcpt => matches!(self.state, ServerState::Mail | ServerState::Rcpt),
            CommandKind::Data => self.state == ServerState::Rcpt && !self.chunking,
            CommandKind::Bdat => {
                let Command::Bdat { size, last } = command else {
                    return;
                };
                self.start_chunk(size, last);
                return;
            }
            CommandKind::Burl => self.state == ServerState::Rcpt,
            CommandKind::StartTls => greeted && !self.tls && self.state == ServerState::Ready,
            CommandKind::Auth => greeted && !self.authenticated && self.state == ServerState::Ready,
            CommandKind::Atrn | CommandKind::Etrn => greeted && self.state == ServerState::Ready,
            _ => true,
        };
        if !allowed {
            self.bad_sequence(kind);
            return;
        }
        let mut info = None;
        match &command {
            Command::Rcpt { to, .. } => {
                // RFC 5321 §4.5.3.1.8: at least 100, even if the field was set lower.
                let limit = self.config.max_recipients.max(MIN_RECIPIENTS);
                if self.recipients >= limit {
                    let e = DecodeError::new(
                        0,
                        DecodeErrorKind::LimitExceeded {
                            what: "recipients",
                            limit: limit as u64,
                        },
                    );
                    self.protocol_error(452, (4, 5, 3), "Too many recipients", e);
                    return;
                }
                if !to.is_ascii() && !self.tx_utf8 {
                    let e = DecodeError::new(0, DecodeErrorKind::EightBit);
                    self.protocol_error(553, (5, 6, 7), "Non-ASCII address without SMTPUTF8", e);
                    return;
                }
            }
            Command::Mail { params, .. } => {
                info = Some(CommandInfo {
                    smtputf8: params.smtputf8,
                })
            }
            _ => {}
        }
        self.pending = Some(Pending::Command(kind, info));
        self.events.push_back(ServerEvent::Command(command));
    }

    fn start_chunk(&mut self, size: u64, last: bool) {
        // RFC 3030 §2: the chunk follows the command at once, so it is read even when the
        // command is out of sequence; the answer comes after it.
        self.chunk_ok = self.state == ServerState::Rcpt;
        self.chunk_answered = false;
        self.chunk_return = self.state;
        self.chunk_left = size;
        self.chunk_last = last;
        self.chunk_size = size;
        if self.chunk_ok {
            self.chunking = true;
        }
        self.state = ServerState::Chunk;
        if size == 0 {
            self.end_chunk();
        }
    }

    fn chunk(&mut self) -> bool {
        let n = usize::try_from(self.chunk_left)
            .unwrap_or(usize::MAX)
            .min(self.input.len());
        if n == 0 {
            return false;
        }
        if self.chunk_ok {
            self.events
                .push_back(ServerEvent::Data(self.input[..n].to_vec()));
        }
        self.consume(n);
        self.chunk_left -= n as u64;
        if self.chunk_left == 0 {
            self.end_chunk();
        }
        true
    }

    fn end_chunk(&mut self) {
        if self.chunk_ok {
            self.state = ServerState::Rcpt;
            let remaining = if self.config.lmtp && self.chunk_last {
                self.recipients
            } else {
                1
            };
            self.pending = Some(Pending::Chunk {
                last: self.chunk_last,
                remaining,
            });
            self.events.push_back(ServerEvent::Command(Command::Bdat {
                size: self.chunk_size,
                last: self.chunk_last,
            }));
        } else {
            self.state = self.chunk_return;
            if !self.chunk_answered {
                self.bad_sequence(CommandKind::Bdat);
            }
        }
    }

    /// A malformed `BDAT` line whose chunk size is readable: answer `501`, drop the
    /// transaction and read the chunk away (RFC 3030 §2).
    fn malformed_bdat(&mut self, size: u64, error: DecodeError) {
        let text = format!("Syntax error: {}", error.kind);
        self.send(501, Some(EnhancedStatusCode::new(5, 5, 4)), &text);
        self.events.push_back(ServerEvent::ChunkRejected(error));
        self.reset_transaction();
        if matches!(self.state, ServerState::Mail | ServerState::Rcpt) {
            self.state = ServerState::Ready;
        }
        self.chunk_ok = false;
        self.chunk_answered = true;
        self.chunk_return = self.state;
        self.chunk_left = size;
        self.chunk_last = false;
        self.chunk_size = size;
        self.state = ServerState::Chunk;
        if size == 0 {
            self.end_chunk();
        }
    }

    fn body(&mut self) -> bool {
        match self.dot.decode(&self.input) {
            Ok(chunk) => {
                if chunk.needs_more() {
                    return false;
                }
                if !chunk.data.is_empty() && self.body_error.is_none() {
                    self.events
                        .push_back(ServerEvent::Data(chunk.data.to_vec()));
                }
                let (end, used) = (chunk.end, chunk.consumed);
                self.consume(used);
                if end {
                    if let Some(error) = self.body_error.take() {
                        self.send(
                            550,
                            Some(EnhancedStatusCode::new(5, 6, 0)),
                            "Bare CR or LF in message",
                        );
                        self.events.push_back(ServerEvent::DataRejected(error));
                        self.reset_transaction();
                        self.state = ServerState::Ready;
                    } else {
                        let remaining = if self.config.lmtp { self.recipients } else { 1 };
                        self.pending = Some(Pending::DataEnd { remaining });
                        self.state = ServerState::Rcpt;
                        self.events.push_back(ServerEvent::DataEnd);
                    }
                }
                true
            }
            Err(e) => {
                let skip = e.skip.unwrap_or(1);
                if self.body_error.is_none() {
                    self.body_error = Some(e);
                }
                self.consume(skip);
                true
            }
        }
    }

    fn auth_line(&mut self) -> bool {
        let limit = self.decoder.config().max_auth_line_len;
        if !self.line_ready(limit) {
            return false;
        }
        // The same line-ending policy as for commands.
        let endings = if self.decoder.config().accept_bare_lf {
            mail_core::line::LineEndings::AcceptBareLf
        } else {
            mail_core::line::LineEndings::Strict
        };
        let config = mail_core::line::LineConfig::new(limit).with_line_endings(endings);
        let (line, used) = match mail_core::line::find_line(&self.input, 0, &config) {
            Ok(Decoded::Complete { value, consumed }) => (value.content.to_vec(), consumed),
            Ok(Decoded::Incomplete) => return false,
            Err(e) => {
                self.state = ServerState::Ready;
                self.command_error(e);
                return true;
            }
        };
        self.consume(used);
        match wire::decode_response(&line, self.config.max_sasl_len) {
            Ok(SaslResponse::Cancel) => {
                // RFC 4954 §4: "If the client wishes to cancel ... the server MUST reject the
                // AUTH command by sending a 501 reply."
                self.send(
                    501,
                    Some(EnhancedStatusCode::new(5, 7, 0)),
                    "Authentication cancelled",
                );
                self.state = ServerState::Ready;
                self.events.push_back(ServerEvent::AuthCancelled);
            }
            Ok(response) => {
                self.pending = Some(Pending::AuthResponse);
                self.events.push_back(ServerEvent::AuthResponse(response));
            }
            Err(e) => {
                self.state = ServerState::Ready;
                self.protocol_error(501, (5, 5, 2), "Cannot decode response", e);
            }
        }
        true
    }
}

/// The `chunk-size` at the start of a `BDAT` line's arguments (`1*DIGIT`, RFC 3030 §2), if it
/// is one and fits.
fn chunk_size_of(args: &[u8]) -> Option<u64> {
    let end = args
        .iter()
        .position(|b| matches!(b, b' ' | b'\r' | b'\n'))
        .unwrap_or(args.len());
    let digits = args.get(..end)?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}
