//! The SMTP side of the mailbox server, on [`smtp_proto::server::Server`].
//!
//! Offers PIPELINING, SIZE, 8BITMIME, CHUNKING, ENHANCEDSTATUSCODES, DSN, SMTPUTF8 and
//! AUTH PLAIN LOGIN (RFC 5321, 2920, 1870, 6152, 3030, 2034, 3461, 6531, 4954). Mail for
//! `user@localhost` (or `user@<hostname>`) of a known user is accepted; other recipients get
//! `550 5.1.1`. The message is stored byte for byte as received (after dot-unstuffing for
//! `DATA`); no `Received:` line is added, so what a client sends is what POP3 and IMAP return.
//! DSN parameters (RFC 3461) are accepted; as every accepted message is stored at once in a
//! local mailbox, no delivery status notification is ever generated. AUTH is offered but not
//! required: this is the final destination of local mail, not a relay.

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Instant;

use mail_core::address::Path;
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;
use mail_core::sasl::{login, plain};
use mail_core::status::EnhancedStatusCode;
use smtp_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
use smtp_proto::{Capability, Command, EhloReply, Reply, UsageError};

use super::Context;
use super::net::{Conn, Input};

/// The mail transaction being received.
#[derive(Debug, Default)]
struct Transaction {
    recipients: Vec<String>,
    data: Vec<u8>,
    too_big: bool,
}

/// Where an AUTH exchange stands.
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
    tx: Option<Transaction>,
    auth: AuthStep,
    user: Option<String>,
}

/// A reply with an enhanced status code (RFC 2034 §3).
fn reply(code: u16, status: (u8, u16, u16), text: &str) -> Result<Reply<'static>, UsageError> {
    EnhancedStatusCode::new(status.0, status.1, status.2)
        .and_then(|s| Reply::with_status(code, s, text))
        .map_err(|_| UsageError::new("build a reply", "with an invalid code or text"))
}

/// Serves one SMTP connection until it closes.
pub fn serve(stream: TcpStream, peer: SocketAddr, context: Arc<Context>) {
    let Ok(mut conn) = Conn::new(stream) else {
        return;
    };
    // The leniencies a server receiving from any client turns on: machine names with `_` in
    // EHLO, `MAIL FROM: <...>` and trailing spaces (see smtp-proto's table of leniencies).
    let mut config = ServerConfig::new(context.config.hostname.clone());
    config.decoder.relaxed_helo = true;
    config.decoder.space_after_colon = true;
    config.decoder.trailing_space = true;
    let mut server = Server::new(config, Instant::now());
    let mut session = Session {
        context,
        peer,
        tx: None,
        auth: AuthStep::None,
        user: None,
    };
    let mut out = Vec::new();
    loop {
        while let Some(event) = server.poll_event() {
            session.handle(&mut server, event);
        }
        server.poll_transmit(&mut out);
        if conn.write(&mut out).is_err() || server.state() == ServerState::Closed {
            break;
        }
        match conn.read() {
            Input::Data(data) => server.handle_input(data),
            Input::Tick => server.handle_timeout(Instant::now()),
            Input::Closed => break,
        }
    }
    session.context.log("smtp", &session.peer, "closed");
}

impl Session {
    fn handle(&mut self, server: &mut Server, event: ServerEvent) {
        // Answers are always valid for the pending command; a usage error would be a bug in
        // this program, logged rather than fatal.
        let result = match event {
            ServerEvent::Command(command) => self.command(server, command),
            ServerEvent::AuthResponse(response) => self.auth_response(server, response),
            ServerEvent::AuthCancelled => {
                self.auth = AuthStep::None;
                Ok(())
            }
            ServerEvent::Data(bytes) => {
                self.data(&bytes);
                Ok(())
            }
            ServerEvent::DataEnd => self.deliver(server),
            ServerEvent::DataRejected(error) => {
                self.tx = None;
                self.context
                    .log("smtp", &self.peer, &format!("body rejected: {error}"));
                Ok(())
            }
            ServerEvent::ProtocolError { code, error } => {
                self.context
                    .log("smtp", &self.peer, &format!("answered {code}: {error}"));
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.context
                .log("smtp", &self.peer, &format!("usage error: {e}"));
        }
    }

    fn ehlo_reply(&self) -> EhloReply<'static> {
        let mut ehlo = EhloReply::new(self.context.config.hostname.clone());
        ehlo.capabilities = vec![
            Capability::Pipelining,
            Capability::Size(Some(self.context.config.max_message_size as u64)),
            Capability::EightBitMime,
            Capability::Chunking,
            Capability::EnhancedStatusCodes,
            Capability::Dsn,
            Capability::SmtpUtf8,
            Capability::Auth {
                mechanisms: vec![Mechanism::PLAIN, Mechanism::LOGIN],
                legacy: false,
            },
            Capability::Help,
        ];
        ehlo
    }

    fn command(
        &mut self,
        server: &mut Server,
        command: Command<'static>,
    ) -> Result<(), UsageError> {
        self.context
            .log("smtp", &self.peer, &format!("command {}", command.verb()));
        match command {
            Command::Ehlo(_) | Command::Lhlo(_) => {
                self.tx = None;
                server.accept_ehlo(&self.ehlo_reply())
            }
            Command::Helo(_) | Command::Rset => {
                self.tx = None;
                server.accept()
            }
            Command::Mail { params, .. } => {
                let max = self.context.config.max_message_size as u64;
                if params.size.is_some_and(|s| s > max) {
                    // RFC 1870 §6.1: a declared size over the limit gets 552.
                    return server.reject(reply(552, (5, 3, 4), "Message size exceeds limit")?);
                }
                self.tx = Some(Transaction::default());
                server.accept()
            }
            Command::Rcpt { to, .. } => match self.local_user(&to) {
                Some(user) => {
                    if let Some(tx) = self.tx.as_mut() {
                        tx.recipients.push(user);
                    }
                    server.accept()
                }
                None => server.reject(reply(550, (5, 1, 1), "No such user here")?),
            },
            Command::Data => server.accept(),
            Command::Bdat { last, .. } => {
                if last {
                    self.deliver(server)
                } else {
                    server.accept()
                }
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                let initial = match initial_response.map(|r| r.decode()) {
                    None => None,
                    Some(Ok(bytes)) => Some(bytes),
                    Some(Err(_)) => {
                        return server.reject(reply(501, (5, 5, 2), "Cannot decode response")?);
                    }
                };
                if mechanism.as_str().eq_ignore_ascii_case("PLAIN") {
                    match initial {
                        Some(bytes) => self.finish_plain(server, &bytes),
                        None => {
                            self.auth = AuthStep::Plain;
                            server.auth_challenge(b"")
                        }
                    }
                } else if mechanism.as_str().eq_ignore_ascii_case("LOGIN") {
                    match initial {
                        Some(user) => {
                            self.auth = AuthStep::LoginPassword(
                                String::from_utf8_lossy(&user).into_owned(),
                            );
                            server.auth_challenge(b"Password:")
                        }
                        None => {
                            self.auth = AuthStep::LoginUser;
                            server.auth_challenge(b"Username:")
                        }
                    }
                } else {
                    server.reject(reply(504, (5, 5, 4), "Unrecognized authentication type")?)
                }
            }
            Command::StartTls => server.reject(reply(454, (4, 7, 0), "TLS not available")?),
            Command::Etrn(_) | Command::Atrn(_) | Command::Burl { .. } => {
                server.reject(reply(502, (5, 5, 1), "Command not implemented")?)
            }
            _ => server.accept(),
        }
    }

    /// The local user a forward-path names, if any (`Postmaster` goes to the first user).
    fn local_user(&self, to: &Path<'_>) -> Option<String> {
        let first = || self.context.config.users.first().map(|(u, _)| u.clone());
        match to {
            Path::Null => None,
            Path::Postmaster => first(),
            Path::Mailbox(mailbox) => {
                let local = mailbox.local_part().unquoted();
                let host = mailbox.host().to_string();
                if !self.context.is_local_domain(&host) {
                    return None;
                }
                if local.eq_ignore_ascii_case("postmaster") {
                    return first();
                }
                self.context
                    .store
                    .has_user(&local)
                    .then(|| local.into_owned())
            }
        }
    }

    fn data(&mut self, bytes: &[u8]) {
        let max = self.context.config.max_message_size;
        if let Some(tx) = self.tx.as_mut() {
            if tx.too_big || tx.data.len().saturating_add(bytes.len()) > max {
                tx.too_big = true;
                tx.data = Vec::new();
            } else {
                tx.data.extend_from_slice(bytes);
            }
        }
    }

    fn deliver(&mut self, server: &mut Server) -> Result<(), UsageError> {
        let Some(tx) = self.tx.take() else {
            return server.reject(reply(503, (5, 5, 1), "No transaction")?);
        };
        if tx.too_big {
            return server.reject(reply(552, (5, 3, 4), "Message size exceeds limit")?);
        }
        let data: Arc<[u8]> = Arc::from(tx.data);
        for user in &tx.recipients {
            if self.context.store.deliver(user, data.clone()).is_err() {
                return server.reject(reply(452, (4, 2, 2), "Mailbox full")?);
            }
        }
        // The 250 takes responsibility for the message (RFC 5321 §6.1): with --dir it must be
        // on disk first.
        if !self.context.wait_persisted() {
            return server.reject(reply(451, (4, 3, 0), "Could not save the message")?);
        }
        self.context.log(
            "smtp",
            &self.peer,
            &format!("stored {} octets for {:?}", data.len(), tx.recipients),
        );
        server.accept()
    }

    fn auth_response(
        &mut self,
        server: &mut Server,
        response: SaslResponse,
    ) -> Result<(), UsageError> {
        let bytes = response.as_bytes().unwrap_or_default().to_vec();
        match std::mem::take(&mut self.auth) {
            AuthStep::Plain => self.finish_plain(server, &bytes),
            AuthStep::LoginUser => match login::Username::decode(&bytes) {
                Ok(name) => {
                    self.auth = AuthStep::LoginPassword(name.as_str().to_owned());
                    server.auth_challenge(b"Password:")
                }
                Err(_) => server.reject(reply(501, (5, 5, 2), "Cannot decode user name")?),
            },
            AuthStep::LoginPassword(user) => self.finish_login(server, &user, &bytes),
            AuthStep::None => server.reject(reply(503, (5, 5, 1), "No exchange in progress")?),
        }
    }

    fn finish_plain(&mut self, server: &mut Server, bytes: &[u8]) -> Result<(), UsageError> {
        match plain::Response::decode(bytes) {
            Ok(r) if r.authzid().is_none_or(|z| z == r.authcid()) => {
                let user = r.authcid().to_owned();
                let password = r.password().expose().as_bytes().to_vec();
                self.finish_login(server, &user, &password)
            }
            _ => server.reject(reply(535, (5, 7, 8), "Authentication credentials invalid")?),
        }
    }

    fn finish_login(
        &mut self,
        server: &mut Server,
        user: &str,
        password: &[u8],
    ) -> Result<(), UsageError> {
        if self.context.store.check_password(user, password) {
            self.user = Some(user.to_owned());
            server.accept()
        } else {
            server.reject(reply(535, (5, 7, 8), "Authentication credentials invalid")?)
        }
    }
}
