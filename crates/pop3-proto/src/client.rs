//! The sans-IO client session.
//!
//! The client knows which responses are multi-line (LIST and UIDL without argument, RETR, TOP,
//! CAPA, LANG and AUTH without argument; never the end of an AUTH exchange), matches responses
//! to commands in order, pipelines commands when the server announced PIPELINING (RFC 2449
//! §6.6) and otherwise holds each command until the previous one is answered. Message bodies
//! come out as [`Event::Body`] pieces that share the client's input buffer (no copy, nothing
//! accumulated); listings as one [`Event::Item`] per line.
//!
//! ```
//! use std::time::Instant;
//! use pop3_proto::client::{Client, ClientConfig, Event};
//! use pop3_proto::MessageNumber;
//!
//! let mut client = Client::new(ClientConfig::default(), Instant::now());
//! client.handle_input(b"+OK ready\r\n");
//! assert!(matches!(client.poll_event(), Some(Event::Greeting(_))));
//! client.send_user("alice").unwrap();
//! client.send_pass("secret").unwrap();
//! let mut out = Vec::new();
//! client.poll_transmit(&mut out);
//! assert_eq!(out, b"USER alice\r\n"); // PASS waits for USER's answer: no PIPELINING yet
//! client.handle_input(b"+OK\r\n+OK logged in\r\n");
//! client.poll_transmit(&mut out);
//! assert_eq!(out, b"USER alice\r\nPASS secret\r\n");
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use mail_core::{DecodeError, Decoded, Encode, IntoOwned, UsageError, ValidationError};

use crate::decode::{
    BodyDecoder, Expect, ListItem, ListingDecoder, ResponseDecoder, ResponseDecoderConfig,
};
use crate::error::ClientError;
use crate::types::{
    ApopDigest, AuthStart, Capability, Challenge, Command, CommandKind, Greeting, LangArg,
    Mechanism, MessageNumber, Param, Password, Response, ResponseText, SaslResponse,
};

/// Settings of a [`Client`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ClientConfig {
    /// Response decoding limits and leniencies.
    pub decoder: ResponseDecoderConfig,
    /// Close the session when the server does not answer for this long (none by default).
    pub response_timeout: Option<Duration>,
}

impl ClientConfig {
    /// Sets the decoder configuration.
    pub fn with_decoder(mut self, decoder: ResponseDecoderConfig) -> Self {
        self.decoder = decoder;
        self
    }

    /// Sets the response timeout.
    pub fn with_response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = Some(timeout);
        self
    }
}

/// The client's view of the session state (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Waiting for the greeting.
    Greeting,
    /// Before login.
    Authorization,
    /// After login.
    Transaction,
    /// After the `+OK` to STLS: start TLS, then call [`Client::tls_started`].
    StartTls,
    /// Over.
    Closed,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The server greeting.
    Greeting(Greeting<'static>),
    /// A complete single-line response (any `-ERR`, and the `+OK` of single-line commands).
    Response {
        /// The command answered.
        command: CommandKind,
        /// The response.
        response: Response<'static>,
    },
    /// The `+OK` line of a multi-line response; [`Event::Item`]s or [`Event::Body`] pieces
    /// follow, then [`Event::End`].
    MultiLineStart {
        /// The command answered.
        command: CommandKind,
        /// The `+OK` line's code and text.
        ok: ResponseText<'static>,
    },
    /// One line of a listing.
    Item(ListItem<'static>),
    /// A piece of an unstuffed message body (shares the input buffer).
    Body(Bytes),
    /// The end of a multi-line response.
    End {
        /// The command answered.
        command: CommandKind,
    },
    /// A SASL challenge: answer with [`Client::send_auth_response`] or [`Client::cancel_auth`].
    Challenge(Challenge<'static>),
    /// The server accepted STLS and sent nothing more: start TLS now.
    StartTls,
    /// A malformed line that could be skipped (the session goes on): a bad listing line, a
    /// bare CR or LF in a body under the strict policy, a malformed single-line response (then
    /// taken as the command's answer).
    Invalid {
        /// The command being answered.
        command: Option<CommandKind>,
        /// What was wrong.
        error: DecodeError,
    },
    /// A fatal error: the session is closed.
    Error(ClientError),
    /// The session is over (after the answer to QUIT, an error or a timeout).
    Closed,
}

/// A client method was called with invalid arguments or in the wrong state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientUsageError {
    /// Wrong state.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// Invalid argument.
    #[error(transparent)]
    Validation(#[from] ValidationError),
}

#[derive(Debug, Clone)]
struct Sent {
    kind: CommandKind,
    expect: Expect,
}

#[derive(Debug)]
enum Reading {
    /// Status lines.
    Lines,
    /// A listing after its `+OK`.
    Listing(ListingDecoder),
    /// A body after its `+OK` (decoded by `Client::body`).
    Body,
}

/// A POP3 client session. See the [module documentation](self).
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    decoder: ResponseDecoder,
    state: State,
    buf: BytesMut,
    out: Vec<u8>,
    events: VecDeque<Event>,
    /// Written, waiting for their responses, in order.
    sent: VecDeque<Sent>,
    /// Not written yet (no pipelining, or behind STLS/AUTH).
    held: VecDeque<(Vec<u8>, Sent)>,
    reading: Reading,
    body: BodyDecoder,
    greeting: Option<Greeting<'static>>,
    capabilities: Vec<Capability<'static>>,
    collecting_capa: bool,
    pipelining: bool,
    deadline: Option<Instant>,
    active: bool,
}

const WRONG_STATE: &str = "in this session state";

impl Client {
    /// A client on a freshly opened connection (the greeting is awaited).
    pub fn new(config: ClientConfig, now: Instant) -> Self {
        Client {
            decoder: ResponseDecoder::new(config.decoder),
            body: BodyDecoder::new(config.decoder.body_line_endings),

            deadline: config.response_timeout.map(|t| now + t),
            config,
            state: State::Greeting,
            buf: BytesMut::new(),
            out: Vec::new(),
            events: VecDeque::new(),
            sent: VecDeque::new(),
            held: VecDeque::new(),
            reading: Reading::Lines,
            greeting: None,
            capabilities: Vec::new(),
            collecting_capa: false,
            pipelining: false,
            active: false,
        }
    }

    /// The session state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The greeting, once received.
    pub fn greeting(&self) -> Option<&Greeting<'static>> {
        self.greeting.as_ref()
    }

    /// The capabilities of the last complete CAPA answer.
    pub fn capabilities(&self) -> &[Capability<'static>] {
        &self.capabilities
    }

    /// Whether commands are pipelined (the server announced PIPELINING, RFC 2449 §6.6).
    pub fn pipelining(&self) -> bool {
        self.pipelining
    }

    /// How many commands wait for a response (written or held).
    pub fn outstanding(&self) -> usize {
        self.sent.len() + self.held.len()
    }

    /// Appends the bytes to write to `out`.
    pub fn poll_transmit(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`Client::handle_timeout`] should be called (only with a response timeout).
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.state == State::Closed {
            return None;
        }
        self.deadline
    }

    /// Time has passed: with a response timeout, a server silent that long while a response is
    /// awaited closes the session (the timer restarts when input arrived since it was armed).
    pub fn handle_timeout(&mut self, now: Instant) {
        let (Some(deadline), Some(timeout)) = (self.deadline, self.config.response_timeout) else {
            return;
        };
        if self.state == State::Closed || now < deadline {
            return;
        }
        let waiting = self.state == State::Greeting || !self.sent.is_empty();
        if self.active || !waiting {
            self.active = false;
            self.deadline = Some(now + timeout);
        } else {
            self.close();
        }
    }

    /// The server closed the connection. A last line without its CR LF (a server that closes
    /// right after `+OK bye` or after the `.` ending a multi-line response) is read as if the
    /// CR LF had come; if a response is still awaited or incomplete after that, the session
    /// ends with [`ClientError::ConnectionClosed`], else it just closes.
    pub fn handle_eof(&mut self) {
        if self.state == State::Closed {
            return;
        }
        if !self.buf.is_empty() && self.state != State::StartTls {
            match self.buf.last() {
                Some(b'\n') => {}
                Some(b'\r') => self.buf.extend_from_slice(b"\n"),
                _ => self.buf.extend_from_slice(b"\r\n"),
            }
            self.process();
            if self.state == State::Closed {
                return;
            }
        }
        let awaited = matches!(self.state, State::Greeting | State::StartTls)
            || !self.sent.is_empty()
            || !self.buf.is_empty();
        if awaited {
            self.fatal(ClientError::ConnectionClosed);
        } else {
            self.close();
        }
    }

    fn close(&mut self) {
        if self.state != State::Closed {
            self.state = State::Closed;
            self.sent.clear();
            self.held.clear();
            self.events.push_back(Event::Closed);
        }
    }

    fn fatal(&mut self, error: ClientError) {
        self.events.push_back(Event::Error(error));
        self.close();
    }

    /// Bytes received from the server.
    pub fn handle_input(&mut self, data: &[u8]) {
        if self.state == State::Closed {
            return;
        }
        self.active = true;
        self.buf.extend_from_slice(data);
        self.process();
    }

    fn process(&mut self) {
        loop {
            if self.state == State::Closed || self.buf.is_empty() {
                return;
            }
            if self.state == State::StartTls {
                // Bytes before the TLS handshake, after the +OK to STLS: injected or not, they
                // cannot be trusted (RFC 2595 §4).
                let n = self.buf.len();
                self.buf.clear();
                self.fatal(ClientError::DataAfterStls(n));
                return;
            }
            let progressed = match &mut self.reading {
                Reading::Body => {
                    let step = self.body.decode(&self.buf).map(|c| {
                        let start = c.consumed - c.data.len();
                        (start, c.consumed, c.end)
                    });
                    match step {
                        Ok((_, 0, false)) => false,
                        Ok((start, consumed, end)) => {
                            let piece = self.buf.split_to(consumed).freeze();
                            if consumed > start && !end {
                                self.events
                                    .push_back(Event::Body(piece.slice(start..consumed)));
                            }
                            if end {
                                self.finish_multi_line();
                            }
                            true
                        }
                        Err(e) => {
                            let skip = e.skip.unwrap_or(1).min(self.buf.len());
                            let _ = self.buf.split_to(skip);
                            self.events.push_back(Event::Invalid {
                                command: self.sent.front().map(|s| s.kind),
                                error: e,
                            });
                            true
                        }
                    }
                }
                Reading::Listing(decoder) => match decoder.decode(&self.buf) {
                    Ok(Decoded::Incomplete) => false,
                    Ok(Decoded::Complete { value, consumed }) => {
                        let value = value.map(IntoOwned::into_owned);
                        let _ = self.buf.split_to(consumed);
                        match value {
                            Some(item) => {
                                if self.collecting_capa
                                    && let ListItem::Capability(c) = &item
                                {
                                    self.capabilities.push(c.clone());
                                }
                                self.events.push_back(Event::Item(item));
                            }
                            None => self.finish_multi_line(),
                        }
                        true
                    }
                    Err(e) => match e.skip {
                        Some(skip) => {
                            let _ = self.buf.split_to(skip.min(self.buf.len()));
                            self.events.push_back(Event::Invalid {
                                command: self.sent.front().map(|s| s.kind),
                                error: e,
                            });
                            true
                        }
                        None => {
                            self.fatal(e.into());
                            return;
                        }
                    },
                },
                Reading::Lines => self.status_line(),
            };
            if !progressed {
                return;
            }
        }
    }

    fn finish_multi_line(&mut self) {
        self.reading = Reading::Lines;
        if let Some(sent) = self.sent.pop_front() {
            if sent.kind == CommandKind::Capa {
                self.collecting_capa = false;
                self.pipelining = self.capabilities.contains(&Capability::Pipelining);
            }
            self.events.push_back(Event::End { command: sent.kind });
        }
        self.flush_held();
    }

    /// Decodes one status line; false when more input is needed.
    fn status_line(&mut self) -> bool {
        let expect = match (self.state, self.sent.front()) {
            (State::Greeting, _) => Expect::Greeting,
            (_, Some(sent)) => sent.expect,
            (_, None) => {
                self.fatal(ClientError::UnexpectedResponse);
                return false;
            }
        };
        let (response, consumed) = match self.decoder.decode_first_line(&self.buf, expect) {
            Ok(Decoded::Incomplete) => return false,
            Ok(Decoded::Complete { value, consumed }) => (value.into_owned(), consumed),
            Err(e) => {
                let Some(skip) = e.skip else {
                    self.fatal(e.into());
                    return false;
                };
                let _ = self.buf.split_to(skip.min(self.buf.len()));
                let command = self.sent.front().map(|s| s.kind);
                self.events.push_back(Event::Invalid { command, error: e });
                if self.state == State::Greeting {
                    self.fatal(ClientError::UnexpectedResponse);
                    return false;
                }
                // Taken as the (failed) answer of the command.
                self.sent.pop_front();
                self.flush_held();
                return true;
            }
        };
        let _ = self.buf.split_to(consumed);
        if let Response::Greeting(g) = response {
            self.state = State::Authorization;
            self.greeting = Some(g.clone());
            self.events.push_back(Event::Greeting(g));
            self.flush_held();
            return true;
        }
        let Some(sent) = self.sent.front().cloned() else {
            return true;
        };
        match response {
            Response::Challenge(c) => {
                // The AUTH stays outstanding until its final status.
                self.events.push_back(Event::Challenge(c));
                return true;
            }
            Response::Status(s) if s.is_ok() && expect.is_multi_line() => {
                self.reading = match expect {
                    Expect::Listing(kind) => {
                        if sent.kind == CommandKind::Capa {
                            self.capabilities.clear();
                            self.collecting_capa = true;
                        }
                        Reading::Listing(self.decoder.listing_decoder(kind))
                    }
                    _ => {
                        self.body.reset();
                        Reading::Body
                    }
                };
                self.events.push_back(Event::MultiLineStart {
                    command: sent.kind,
                    ok: s.text,
                });
                return true;
            }
            response => {
                self.sent.pop_front();
                let ok = matches!(&response, Response::Status(s) if s.is_ok())
                    || !matches!(response, Response::Status(_));
                self.events.push_back(Event::Response {
                    command: sent.kind,
                    response,
                });
                if ok {
                    match sent.kind {
                        CommandKind::Pass | CommandKind::Apop | CommandKind::Auth => {
                            self.state = State::Transaction;
                        }
                        CommandKind::Stls => {
                            self.state = State::StartTls;
                            // RFC 2595 §4 (and the STARTTLS injection class): nothing may
                            // follow the +OK before the TLS handshake.
                            if !self.buf.is_empty() {
                                let n = self.buf.len();
                                self.buf.clear();
                                self.fatal(ClientError::DataAfterStls(n));
                                return false;
                            }
                            self.events.push_back(Event::StartTls);
                            return false;
                        }
                        CommandKind::Quit => {
                            self.close();
                            return false;
                        }
                        _ => {}
                    }
                } else if sent.kind == CommandKind::Quit {
                    self.close();
                    return false;
                }
            }
        }
        self.flush_held();
        true
    }

    /// After the `+OK` to STLS and a completed TLS handshake: the session goes on in
    /// AUTHORIZATION; capabilities are forgotten (ask CAPA again, RFC 2595 §4).
    pub fn tls_started(&mut self) -> Result<(), UsageError> {
        if self.state != State::StartTls {
            return Err(UsageError::new("start TLS", "without an accepted STLS"));
        }
        self.state = State::Authorization;
        self.capabilities.clear();
        self.pipelining = false;
        self.flush_held();
        Ok(())
    }

    /// Whether a command may be written now.
    fn can_write(&self, kind: CommandKind) -> bool {
        if matches!(
            self.state,
            State::Greeting | State::StartTls | State::Closed
        ) {
            return false;
        }
        if self.sent.is_empty() {
            return true;
        }
        // STLS and AUTH change the connection or the framing: nothing goes with them.
        let barrier = |k: CommandKind| matches!(k, CommandKind::Stls | CommandKind::Auth);
        self.pipelining && !barrier(kind) && !self.sent.iter().any(|s| barrier(s.kind))
    }

    fn flush_held(&mut self) {
        while let Some((_, sent)) = self.held.front() {
            if !self.can_write(sent.kind) {
                return;
            }
            if let Some((bytes, sent)) = self.held.pop_front() {
                self.out.extend_from_slice(&bytes);
                self.sent.push_back(sent);
            }
        }
    }

    /// Sends any command (checked against the session state).
    pub fn send(&mut self, command: &Command<'_>) -> Result<(), UsageError> {
        use CommandKind as K;
        let kind = command.kind();
        let allowed = match self.state {
            State::Closed => false,
            State::Greeting | State::StartTls | State::Authorization => matches!(
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
            State::Transaction => !matches!(
                kind,
                K::User | K::Pass | K::Apop | K::Auth | K::Stls | K::Utf8
            ),
        };
        if !allowed {
            return Err(UsageError::new("send this command", WRONG_STATE));
        }
        let bytes = command.to_bytes();
        let sent = Sent {
            kind,
            expect: Expect::for_command(command),
        };
        if self.held.is_empty() && self.can_write(kind) {
            self.out.extend_from_slice(&bytes);
            self.sent.push_back(sent);
        } else {
            self.held.push_back((bytes, sent));
        }
        Ok(())
    }

    /// `USER name`.
    pub fn send_user(&mut self, name: &str) -> Result<(), ClientUsageError> {
        Ok(self.send(&Command::User(Param::new(name)?))?)
    }

    /// `PASS password`.
    pub fn send_pass(&mut self, password: &str) -> Result<(), ClientUsageError> {
        Ok(self.send(&Command::Pass(Password::new(password)?))?)
    }

    /// `APOP name digest`, the digest computed from the greeting's timestamp and `secret`
    /// (RFC 1939 §7).
    pub fn send_apop(&mut self, name: &str, secret: &[u8]) -> Result<(), ClientUsageError> {
        let Some(timestamp) = self.greeting.as_ref().and_then(|g| g.timestamp()) else {
            return Err(UsageError::new("send APOP", "without a greeting timestamp").into());
        };
        let digest = ApopDigest::compute(timestamp, secret);
        Ok(self.send(&Command::Apop {
            name: Param::new(name)?,
            digest,
        })?)
    }

    /// `AUTH mechanism [initial-response]` (RFC 5034 §4): `Some(b"")` sends `=`.
    pub fn send_auth(
        &mut self,
        mechanism: Mechanism<'_>,
        initial_response: Option<&[u8]>,
    ) -> Result<(), ClientUsageError> {
        let start = AuthStart::new(mechanism, initial_response.map(SaslResponse::from_bytes))?;
        Ok(self.send(&Command::Auth(Some(start)))?)
    }

    fn in_auth_exchange(&self) -> bool {
        self.sent.front().map(|s| s.kind) == Some(CommandKind::Auth)
            && matches!(self.reading, Reading::Lines)
    }

    /// A response to a SASL challenge (base64-encoded here).
    pub fn send_auth_response(&mut self, data: &[u8]) -> Result<(), UsageError> {
        if !self.in_auth_exchange() {
            return Err(UsageError::new("send a SASL response", "outside AUTH"));
        }
        SaslResponse::from_bytes(data).encode(&mut self.out);
        Ok(())
    }

    /// Cancels the AUTH exchange (`*`, RFC 5034 §4); the server answers `-ERR`.
    pub fn cancel_auth(&mut self) -> Result<(), UsageError> {
        if !self.in_auth_exchange() {
            return Err(UsageError::new("cancel AUTH", "outside AUTH"));
        }
        SaslResponse::Cancel.encode(&mut self.out);
        Ok(())
    }

    /// `STAT`.
    pub fn send_stat(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Stat)
    }

    /// `LIST [msg]`.
    pub fn send_list(&mut self, msg: Option<MessageNumber>) -> Result<(), UsageError> {
        self.send(&Command::List(msg))
    }

    /// `RETR msg`.
    pub fn send_retr(&mut self, msg: MessageNumber) -> Result<(), UsageError> {
        self.send(&Command::Retr(msg))
    }

    /// `DELE msg`.
    pub fn send_dele(&mut self, msg: MessageNumber) -> Result<(), UsageError> {
        self.send(&Command::Dele(msg))
    }

    /// `NOOP`.
    pub fn send_noop(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Noop)
    }

    /// `RSET`.
    pub fn send_rset(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Rset)
    }

    /// `TOP msg n`.
    pub fn send_top(&mut self, msg: MessageNumber, lines: u32) -> Result<(), UsageError> {
        self.send(&Command::Top { msg, lines })
    }

    /// `UIDL [msg]`.
    pub fn send_uidl(&mut self, msg: Option<MessageNumber>) -> Result<(), UsageError> {
        self.send(&Command::Uidl(msg))
    }

    /// `CAPA`.
    pub fn send_capa(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Capa)
    }

    /// `STLS`.
    pub fn send_stls(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Stls)
    }

    /// `UTF8`.
    pub fn send_utf8(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Utf8)
    }

    /// `LANG [tag | *]`.
    pub fn send_lang(&mut self, arg: Option<LangArg<'_>>) -> Result<(), UsageError> {
        self.send(&Command::Lang(arg))
    }

    /// `QUIT`.
    pub fn send_quit(&mut self) -> Result<(), UsageError> {
        self.send(&Command::Quit)
    }
}
