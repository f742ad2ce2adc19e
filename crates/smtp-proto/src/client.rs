//! Sans-IO SMTP and LMTP client state machine.
//!
//! The application queues commands ([`Client::send`] and the `send_*` helpers); the machine
//! writes them when the protocol allows: one at a time, or in the groups RFC 2920 §3.1 permits
//! when the server announced `PIPELINING` (a group ends with EHLO, DATA, VRFY, EXPN, QUIT, NOOP,
//! AUTH or STARTTLS). Each reply is matched to its command and reported as a
//! [`ClientEvent::Reply`]. After `354` the body is streamed with [`Client::send_body`] (dot
//! stuffing applied) and [`Client::finish_body`]; `BDAT` chunks go with [`Client::send_bdat`].
//!
//! ```
//! use std::time::Instant;
//! use smtp_proto::client::{Client, ClientConfig, ClientEvent};
//! use smtp_proto::CommandKind;
//!
//! let mut client = Client::new(ClientConfig::default(), Instant::now());
//! client.handle_input(b"220 mx.example.org ESMTP\r\n");
//! assert!(matches!(client.poll_event(), Some(ClientEvent::Greeting(_))));
//! client.send_ehlo("client.example").unwrap();
//! let mut out = Vec::new();
//! client.poll_transmit(&mut out);
//! assert_eq!(out, b"EHLO client.example\r\n");
//! client.handle_input(b"250-mx.example.org\r\n250 PIPELINING\r\n");
//! match client.poll_event() {
//!     Some(ClientEvent::Reply { command: CommandKind::Ehlo, reply }) => assert!(reply.code().is_positive()),
//!     other => panic!("{other:?}"),
//! }
//! assert!(client.capabilities().unwrap().has("PIPELINING"));
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_core::address::{Host, Path};
use mail_core::dot::{BareLineEndingEncoding, DotEncoder};
use mail_core::sasl::wire::{self, SaslResponse};
use mail_core::{DecodeError, Decoded, Encode, IntoOwned, UsageError, ValidationError};

use crate::decode::{ReplyDecoderConfig, ReplyFramer};
use crate::types::command::{Command, CommandKind};
use crate::types::ehlo::EhloReply;
use crate::types::params::{MailParams, RcptParams};
use crate::types::reply::{Reply, ReplyCode};

/// Client timeouts of RFC 5321 §4.5.3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// §4.5.3.2.1 Initial 220 message: 5 minutes.
    pub greeting: Duration,
    /// §4.5.3.2.2 MAIL command: 5 minutes.
    pub mail: Duration,
    /// §4.5.3.2.3 RCPT command: 5 minutes.
    pub rcpt: Duration,
    /// §4.5.3.2.4 DATA initiation: 2 minutes.
    pub data_initiation: Duration,
    /// §4.5.3.2.6 DATA termination: 10 minutes.
    pub data_termination: Duration,
    /// Other commands (EHLO, RSET, ...): 5 minutes, like MAIL.
    pub other: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        let five = Duration::from_secs(300);
        Timeouts {
            greeting: five,
            mail: five,
            rcpt: five,
            data_initiation: Duration::from_secs(120),
            data_termination: Duration::from_secs(600),
            other: five,
        }
    }
}

/// Configuration of a [`Client`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ClientConfig {
    /// LMTP (RFC 2033): after the body, one reply per accepted recipient.
    pub lmtp: bool,
    /// Reply decoding limits and leniencies.
    pub decoder: ReplyDecoderConfig,
    /// Reply timeouts.
    pub timeouts: Timeouts,
    /// What [`Client::send_body`] does with a bare CR or LF in the body: refuse it (the
    /// default, RFC 5321 §2.3.8) or write it as CR LF, as Python's smtplib and msmtp do with
    /// LF-only text.
    pub body_line_endings: BareLineEndingEncoding,
}

impl ClientConfig {
    /// The same configuration as an LMTP client.
    pub fn lmtp(mut self) -> Self {
        self.lmtp = true;
        self
    }

    /// Sets the reply decoding limits and leniencies.
    pub fn with_decoder(mut self, decoder: ReplyDecoderConfig) -> Self {
        self.decoder = decoder;
        self
    }

    /// Sets the bare CR/LF policy of [`Client::send_body`].
    pub fn with_body_line_endings(mut self, policy: BareLineEndingEncoding) -> Self {
        self.body_line_endings = policy;
        self
    }

    /// Sets the timeouts.
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }
}

/// The protocol state of a [`Client`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientState {
    /// Waiting for the server's greeting.
    Greeting,
    /// Connected; commands flow.
    Ready,
    /// `354` received: the application streams the body.
    Body,
    /// A `334` challenge is waiting for [`Client::send_auth_response`].
    Auth,
    /// `220` to `STARTTLS` received: start TLS, then call [`Client::tls_established`].
    StartTls,
    /// The session is over.
    Closed,
}

/// Why the client gave up on the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server's bytes are not a valid reply.
    #[error("invalid reply: {0}")]
    Decode(DecodeError),
    /// A reply came when no command was waiting for one.
    #[error("unexpected reply")]
    UnexpectedReply,
    /// The server sent bytes after its `220` to `STARTTLS`, before TLS: a response injection
    /// attempt (RFC 3207 §5).
    #[error("{0} bytes received after the STARTTLS reply")]
    InjectionAfterStartTls(usize),
    /// No reply within the RFC 5321 §4.5.3.2 timeout.
    #[error("timeout waiting for a reply")]
    Timeout,
    /// The connection closed ([`Client::handle_eof`]) while a reply was awaited or
    /// incomplete, or while the body was being sent.
    #[error("the server closed the connection before its reply was complete")]
    ConnectionClosed,
}

/// What happened, for the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// The server's greeting.
    Greeting(Reply<'static>),
    /// The reply to a command (for LMTP, one per accepted recipient after the body, with
    /// `command` = `Data` or `Bdat`).
    Reply {
        /// The command it answers.
        command: CommandKind,
        /// The reply.
        reply: Reply<'static>,
    },
    /// `354`: stream the body with [`Client::send_body`] and [`Client::finish_body`].
    DataReady,
    /// A `334` challenge, decoded: answer with [`Client::send_auth_response`].
    AuthChallenge(Vec<u8>),
    /// `220` to `STARTTLS`, and nothing else was received: start TLS now.
    StartTls,
    /// The session failed; it is closed.
    Error(ClientError),
    /// The session is closed.
    Closed,
}

/// Errors of [`Client::send_body`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// Not in the body state.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// The body has a bare CR or LF.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

#[derive(Debug)]
struct Queued {
    kind: CommandKind,
    bytes: Vec<u8>,
    /// `BDAT ... LAST`.
    last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Waiting {
    kind: CommandKind,
    /// For data ends: this is the reply after the body (or a `BDAT LAST` chunk).
    data_end: bool,
    /// LMTP data end whose reply count is not known yet: it becomes one entry per accepted
    /// recipient when it reaches the front, after every RCPT reply of its transaction has
    /// been read (RFC 2033 §4.2; with pipelining the RCPT replies may still be on the way
    /// when the body or `BDAT LAST` is written).
    per_recipient: bool,
}

/// The client state machine. See the [module documentation](self).
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    state: ClientState,
    framer: ReplyFramer,
    input: Vec<u8>,
    out: Vec<u8>,
    events: VecDeque<ClientEvent>,
    queue: VecDeque<Queued>,
    waiting: VecDeque<Waiting>,
    capabilities: Option<EhloReply<'static>>,
    accepted_rcpts: usize,
    dot: Option<DotEncoder>,
    clock: Instant,
    deadline: Option<Instant>,
    rearm: bool,
}

impl Client {
    /// A client that has just connected (waiting for the greeting).
    pub fn new(config: ClientConfig, now: Instant) -> Self {
        let framer = ReplyFramer::new(config.decoder);
        let deadline = Some(now + config.timeouts.greeting);
        Client {
            config,
            state: ClientState::Greeting,
            framer,
            input: Vec::new(),
            out: Vec::new(),
            events: VecDeque::new(),
            queue: VecDeque::new(),
            waiting: VecDeque::new(),
            capabilities: None,
            accepted_rcpts: 0,
            dot: None,
            clock: now,
            deadline,
            rearm: false,
        }
    }

    /// The protocol state.
    pub fn state(&self) -> ClientState {
        self.state
    }

    /// The capabilities of the last successful EHLO/LHLO (cleared by STARTTLS), read with
    /// [`EhloReply::from_reply_lenient`].
    pub fn capabilities(&self) -> Option<&EhloReply<'static>> {
        self.capabilities.as_ref()
    }

    /// Recipients accepted in the current transaction (counted until the replies to the end
    /// of its data arrive).
    pub fn accepted_recipients(&self) -> usize {
        self.accepted_rcpts
    }

    /// Whether the server announced PIPELINING.
    pub fn pipelining(&self) -> bool {
        self.capabilities
            .as_ref()
            .is_some_and(|c| c.has("PIPELINING"))
    }

    /// Appends the bytes to send to `out`.
    pub fn poll_transmit(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// The next event. Replies that arrived while the application had to act (a body after
    /// `354`, a response after `334`) are decoded here, once it has.
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        if self.events.is_empty() && !self.input.is_empty() {
            self.process_input();
        }
        self.events.pop_front()
    }

    /// When [`Client::handle_timeout`] should be called next: while a reply is awaited.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.state == ClientState::Closed {
            return None;
        }
        if self.state == ClientState::Greeting || !self.waiting.is_empty() {
            self.deadline
        } else {
            None
        }
    }

    /// Passes time in. A wait that started since the previous call is timed from `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.clock = now;
        if self.rearm {
            self.rearm = false;
            self.deadline = Some(now + self.current_timeout());
            return;
        }
        if let Some(d) = self.poll_timeout()
            && now >= d
        {
            self.fail(ClientError::Timeout);
        }
    }

    fn current_timeout(&self) -> Duration {
        let t = &self.config.timeouts;
        match self.waiting.front() {
            None => t.greeting,
            Some(w) if w.data_end => t.data_termination,
            Some(w) => match w.kind {
                CommandKind::Mail => t.mail,
                CommandKind::Rcpt => t.rcpt,
                CommandKind::Data => t.data_initiation,
                _ => t.other,
            },
        }
    }

    fn arm(&mut self) {
        self.deadline = Some(self.clock + self.current_timeout());
        self.rearm = true;
    }

    fn check_open(&self, action: &'static str) -> Result<(), UsageError> {
        match self.state {
            ClientState::Closed => Err(UsageError::new(action, "after the session closed")),
            ClientState::StartTls => Err(UsageError::new(action, "before TLS is established")),
            ClientState::Body => Err(UsageError::new(action, "while a DATA body is being sent")),
            _ => Ok(()),
        }
    }

    /// Queues a command. `BDAT` must go through [`Client::send_bdat`].
    pub fn send(&mut self, command: &Command<'_>) -> Result<(), UsageError> {
        self.check_open("send a command")?;
        if matches!(command, Command::Bdat { .. }) {
            return Err(UsageError::new(
                "send BDAT",
                "without its chunk: use send_bdat",
            ));
        }
        self.queue.push_back(Queued {
            kind: command.kind(),
            bytes: command.to_bytes(),
            last: false,
        });
        self.flush();
        Ok(())
    }

    /// Queues `EHLO host` (`LHLO` for LMTP).
    pub fn send_ehlo(&mut self, host: &str) -> Result<(), UsageError> {
        let host =
            Host::new(host).map_err(|_| UsageError::new("send EHLO", "with an invalid domain"))?;
        let cmd = if self.config.lmtp {
            Command::Lhlo(host)
        } else {
            Command::Ehlo(host)
        };
        self.send(&cmd)
    }

    /// Queues `MAIL FROM`.
    pub fn send_mail(&mut self, from: Path<'_>, params: MailParams<'_>) -> Result<(), UsageError> {
        self.send(&Command::Mail { from, params })
    }

    /// Queues `RCPT TO`.
    pub fn send_rcpt(&mut self, to: Path<'_>, params: RcptParams<'_>) -> Result<(), UsageError> {
        self.send(&Command::Rcpt { to, params })
    }

    /// Queues `DATA`; the body follows the `354` ([`ClientEvent::DataReady`]).
    pub fn send_data(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Data)
    }

    /// Queues `QUIT`.
    pub fn send_quit(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Quit)
    }

    /// Queues `BDAT size [LAST]` followed by the chunk (RFC 3030 §2; binary-safe).
    pub fn send_bdat(&mut self, chunk: &[u8], last: bool) -> Result<(), UsageError> {
        self.check_open("send BDAT")?;
        let mut bytes = Command::Bdat {
            size: chunk.len() as u64,
            last,
        }
        .to_bytes();
        bytes.extend_from_slice(chunk);
        self.queue.push_back(Queued {
            kind: CommandKind::Bdat,
            bytes,
            last,
        });
        self.flush();
        Ok(())
    }

    /// Sends a piece of the body (after [`ClientEvent::DataReady`]), dot-stuffed.
    pub fn send_body(&mut self, data: &[u8]) -> Result<(), BodyError> {
        let Some(dot) = self.dot.as_mut() else {
            return Err(UsageError::new("send body data", "before the 354 reply").into());
        };
        dot.encode(data, &mut self.out)?;
        Ok(())
    }

    /// Ends the body (`CR LF . CR LF`); the reply (LMTP: one per accepted recipient) follows.
    pub fn finish_body(&mut self) -> Result<(), BodyError> {
        let Some(dot) = self.dot.take() else {
            return Err(UsageError::new("finish the body", "before the 354 reply").into());
        };
        dot.finish(&mut self.out)?;
        self.state = ClientState::Ready;
        self.expect_data_end(CommandKind::Data);
        self.flush();
        Ok(())
    }

    fn expect_data_end(&mut self, kind: CommandKind) {
        self.waiting.push_back(Waiting {
            kind,
            data_end: true,
            per_recipient: self.config.lmtp,
        });
        self.arm();
    }

    /// Answers a `334` challenge (or cancels with [`SaslResponse::Cancel`]).
    pub fn send_auth_response(&mut self, response: &SaslResponse) -> Result<(), UsageError> {
        if self.state != ClientState::Auth {
            return Err(UsageError::new(
                "send an AUTH response",
                "without a pending challenge",
            ));
        }
        wire::encode_response(response, &mut self.out);
        self.out.extend_from_slice(b"\r\n");
        self.state = ClientState::Ready;
        self.arm();
        Ok(())
    }

    /// TLS is established after `STARTTLS`: the session starts over (send EHLO again).
    pub fn tls_established(&mut self) -> Result<(), UsageError> {
        if self.state != ClientState::StartTls {
            return Err(UsageError::new(
                "tls_established",
                "without a STARTTLS 220 reply",
            ));
        }
        self.state = ClientState::Ready;
        self.capabilities = None;
        self.accepted_rcpts = 0;
        self.flush();
        Ok(())
    }

    /// Writes queued commands as far as the pipelining rules allow.
    fn flush(&mut self) {
        if self.state != ClientState::Ready {
            return;
        }
        while !self.queue.is_empty() {
            if let Some(last) = self.waiting.back() {
                // RFC 2920 §3.1: without PIPELINING, wait for every reply; with it, a
                // group-ending command must be answered before anything else is sent.
                // The end of a body is not a command: what follows it may be pipelined.
                let group_end = !last.data_end && last.kind.ends_pipeline_group();
                if !self.pipelining() || group_end {
                    break;
                }
            }
            let Some(q) = self.queue.pop_front() else {
                break;
            };
            self.out.extend_from_slice(&q.bytes);
            let was_empty = self.waiting.is_empty();
            if q.kind == CommandKind::Bdat && q.last {
                self.expect_data_end(CommandKind::Bdat);
            } else {
                self.waiting.push_back(Waiting {
                    kind: q.kind,
                    data_end: false,
                    per_recipient: false,
                });
            }
            if was_empty {
                self.arm();
            }
        }
    }

    /// Passes received bytes in.
    pub fn handle_input(&mut self, data: &[u8]) {
        match self.state {
            ClientState::Closed => return,
            ClientState::StartTls if !data.is_empty() => {
                // RFC 3207 §5: plaintext after the 220 (the TLS layer takes the handshake).
                self.fail(ClientError::InjectionAfterStartTls(data.len()));
                return;
            }
            _ => {}
        }
        self.input.extend_from_slice(data);
        self.process_input();
        // While the application acts (a body after 354, a response after 334) nothing is
        // decoded; a server that keeps sending is cut off at the size of the largest reply.
        let limit = self
            .config
            .decoder
            .max_line_len
            .saturating_mul(self.config.decoder.max_lines);
        if self.state != ClientState::Closed && self.input.len() > limit {
            let what = "bytes received while the application acts";
            let error = DecodeError::new(
                limit,
                mail_core::DecodeErrorKind::LimitExceeded {
                    what,
                    limit: limit as u64,
                },
            );
            self.fail(ClientError::Decode(error));
        }
    }

    /// Decodes buffered replies; stops while the application has to act (body, AUTH).
    fn process_input(&mut self) {
        loop {
            if matches!(
                self.state,
                ClientState::Closed | ClientState::Body | ClientState::Auth
            ) {
                return;
            }
            let (reply, used) = match self.framer.decode(&self.input) {
                Ok(Decoded::Incomplete) => return,
                Ok(Decoded::Complete { value, consumed }) => (value.into_owned(), consumed),
                Err(e) => {
                    self.fail(ClientError::Decode(e));
                    return;
                }
            };
            self.input.drain(..used);
            self.on_reply(reply);
        }
    }

    /// The server closed the connection. A last reply line without its CR LF (a server that
    /// closes right after `221 bye`) is read as if the CR LF had come; if a reply is still
    /// awaited or incomplete after that, or a body or AUTH exchange was under way, the session
    /// ends with [`ClientError::ConnectionClosed`], else it just closes (RFC 5321 §3.8: a
    /// server may close after `421`).
    pub fn handle_eof(&mut self) {
        if self.state == ClientState::Closed {
            return;
        }
        let mut body_cut = false;
        if !self.input.is_empty() && self.state == ClientState::Body {
            // A server that refuses the message while it is being sent (`554`, `421`) and
            // closes: its reply answers the unfinished body.
            body_cut = true;
            self.dot = None;
            self.state = ClientState::Ready;
            self.waiting.push_front(Waiting {
                kind: CommandKind::Data,
                data_end: true,
                per_recipient: false,
            });
        }
        if !self.input.is_empty() && self.state != ClientState::StartTls {
            match self.input.last() {
                Some(b'\n') => {}
                Some(b'\r') => self.input.push(b'\n'),
                _ => self.input.extend_from_slice(b"\r\n"),
            }
            self.process_input();
            if self.state == ClientState::Closed {
                return;
            }
        }
        let awaited = body_cut
            || self.state != ClientState::Ready
            || !self.waiting.is_empty()
            || !self.input.is_empty();
        if awaited {
            self.fail(ClientError::ConnectionClosed);
        } else {
            self.close();
        }
    }

    fn fail(&mut self, error: ClientError) {
        self.events.push_back(ClientEvent::Error(error));
        self.close();
    }

    fn close(&mut self) {
        if self.state != ClientState::Closed {
            self.state = ClientState::Closed;
            self.input.clear();
            self.queue.clear();
            self.waiting.clear();
            self.events.push_back(ClientEvent::Closed);
        }
    }

    fn on_reply(&mut self, reply: Reply<'static>) {
        let code = reply.code();
        if self.state == ClientState::Greeting {
            self.state = ClientState::Ready;
            self.events.push_back(ClientEvent::Greeting(reply));
            if code == ReplyCode::UNAVAILABLE {
                self.close();
                return;
            }
            self.flush();
            return;
        }
        if let Some(w) = self.waiting.front_mut()
            && w.per_recipient
        {
            // RFC 2033 §4.2: one reply per recipient accepted in this transaction (at least
            // one: a refused body gets a single reply).
            w.per_recipient = false;
            let w = *w;
            for _ in 1..self.accepted_rcpts.max(1) {
                self.waiting.push_front(w);
            }
            self.accepted_rcpts = 0;
        }
        let Some(front) = self.waiting.front().copied() else {
            // RFC 5321 §3.8: a 421 may come at any time.
            if code == ReplyCode::UNAVAILABLE {
                self.events.push_back(ClientEvent::Reply {
                    command: CommandKind::Noop,
                    reply,
                });
                self.close();
            } else {
                self.fail(ClientError::UnexpectedReply);
            }
            return;
        };
        match (front.kind, code.get()) {
            (CommandKind::Auth, 334) => {
                // A 334 line is the challenge alone (class 3 never carries a status code).
                let raw = reply
                    .lines()
                    .first()
                    .map(|l| l.text().to_owned())
                    .unwrap_or_default();
                match wire::decode_challenge(raw.as_bytes(), usize::MAX / 2) {
                    Ok(data) => {
                        self.state = ClientState::Auth;
                        self.events.push_back(ClientEvent::AuthChallenge(data));
                    }
                    Err(e) => self.fail(ClientError::Decode(e)),
                }
                return;
            }
            (CommandKind::Data, 354) if !front.data_end => {
                self.waiting.pop_front();
                self.state = ClientState::Body;
                self.dot = Some(DotEncoder::with_policy(self.config.body_line_endings));
                self.events.push_back(ClientEvent::DataReady);
                return;
            }
            _ => {}
        }
        self.waiting.pop_front();
        if !self.waiting.is_empty() {
            self.arm();
        }
        match front.kind {
            CommandKind::Ehlo | CommandKind::Lhlo if code.is_positive() => {
                // Lenient: one odd line (Courier's `XVERP=Courier`, Exim's `PIPE_CONNECT`)
                // must not hide PIPELINING, STARTTLS or AUTH announced on the others.
                self.capabilities = EhloReply::from_reply_lenient(&reply)
                    .ok()
                    .map(IntoOwned::into_owned);
                self.accepted_rcpts = 0;
            }
            CommandKind::Helo if code.is_positive() => {
                self.capabilities = None;
            }
            CommandKind::Mail | CommandKind::Rset => self.accepted_rcpts = 0,
            CommandKind::Rcpt if code.is_positive() => self.accepted_rcpts += 1,
            CommandKind::Data | CommandKind::Bdat if front.data_end => self.accepted_rcpts = 0,
            _ => {}
        }
        let starttls = front.kind == CommandKind::StartTls && code == ReplyCode::READY;
        let quit = front.kind == CommandKind::Quit || code == ReplyCode::UNAVAILABLE;
        self.events.push_back(ClientEvent::Reply {
            command: front.kind,
            reply,
        });
        if starttls {
            if !self.input.is_empty() {
                // RFC 3207 §5: whatever came with the 220 cannot be trusted.
                let n = self.input.len();
                self.fail(ClientError::InjectionAfterStartTls(n));
                return;
            }
            self.state = ClientState::StartTls;
            self.queue.clear();
            self.waiting.clear();
            self.events.push_back(ClientEvent::StartTls);
            return;
        }
        if quit {
            self.close();
            return;
        }
        self.flush();
    }
}
