//! A sans-IO POP3 codec: commands and responses as typed values, decoded from and encoded to
//! bytes, and client and server session state machines.
//!
//! # The sans-IO contract
//!
//! Nothing here opens a socket, spawns a thread or reads a clock. The caller moves bytes and
//! time in and out:
//!
//! * **Decoders** ([`CommandDecoder`], [`ResponseDecoder`], [`BodyDecoder`],
//!   [`ListingDecoder`]) take the bytes received so far and answer
//!   [`Decoded::Complete`] (a value borrowing from the input, and how many bytes it used),
//!   [`Decoded::Incomplete`] (a valid prefix: call again with more), or a [`DecodeError`] with an
//!   offset and, when the malformed message's end is known, a `skip` length to drop it and go
//!   on. Need-more is never an error. Every limit (command line 255 octets, response line 512,
//!   AUTH lines 12288, listing entries, buffered input) is configurable and exceeding it is a
//!   typed error.
//! * **Encoders** ([`Encode`]) append to a [`bytes::BufMut`] and cannot fail: values are
//!   validated when built, so no CR or LF in a text can forge a line, and message bodies are
//!   dot-stuffed by the encoder.
//! * **Sessions** ([`server::Server`], [`client::Client`]) take input with `handle_input`,
//!   give bytes to write with `poll_transmit`, report what happened with `poll_event`, and
//!   take time with `poll_timeout`/`handle_timeout` (the RFC 1939 §3 autologout timer). The
//!   application answers through typed methods that return an error when the protocol state
//!   forbids them. After STLS every byte already received is discarded (and reported) by the
//!   server and refused by the client (the STARTTLS command-injection class).
//!
//! POP3 responses do not say whether they are multi-line; the command does. The response
//! decoder therefore takes an [`Expect`] ([`Expect::for_command`] gives it), and the client
//! session tracks it for each pipelined command.
//!
//! # Decoding
//!
//! ```
//! use pop3_proto::{Command, CommandDecoder, Decoded, Expect, Response, ResponseDecoder};
//!
//! // A server decodes commands; pipelined input is decoded one command at a time.
//! let input = b"RETR 1\r\nQUIT\r\n";
//! let (command, used) = CommandDecoder::default().decode(input).unwrap().complete().unwrap();
//! assert_eq!(command, Command::Retr(pop3_proto::MessageNumber::new(1).unwrap()));
//! assert_eq!(used, 8);
//!
//! // A client decodes the answer to RETR: a dot-stuffed body, unstuffed.
//! let wire = b"+OK 22 octets\r\nSubject: x\r\n\r\n..dot\r\n.\r\n";
//! let decoder = ResponseDecoder::default();
//! assert_eq!(decoder.decode(&wire[..20], Expect::for_command(&command)), Ok(Decoded::Incomplete));
//! let (response, used) = decoder.decode(wire, Expect::Message).unwrap().complete().unwrap();
//! let Response::Message { body, .. } = response else { unreachable!() };
//! assert_eq!(body.as_bytes(), b"Subject: x\r\n\r\n.dot\r\n");
//! assert_eq!(used, wire.len());
//! ```
//!
//! # Encoding
//!
//! ```
//! use pop3_proto::{
//!     Encode, KnownCode, MessageBody, Response, ResponseCode, ResponseText, StatusLine, Text,
//! };
//!
//! let busy = StatusLine::err(ResponseText::new(
//!     Some(ResponseCode::from_known(KnownCode::InUse)),
//!     Text::new_str("maildrop locked").unwrap(),
//! ).unwrap());
//! assert_eq!(busy.to_bytes(), b"-ERR [IN-USE] maildrop locked\r\n");
//!
//! // Every body line that starts with "." is stuffed, the first one included.
//! let body = MessageBody::new(&b".first\r\nsecond\r\n.\r\n"[..]).unwrap();
//! let retr = Response::Message { ok: ResponseText::empty(), body };
//! assert_eq!(retr.to_bytes(), b"+OK\r\n..first\r\nsecond\r\n..\r\n.\r\n");
//!
//! // Text cannot carry a line break into the output.
//! assert!(Text::new_str("fine\r\n+OK forged").is_err());
//! ```
//!
//! # Leniencies
//!
//! Decoding follows the RFC grammar by default; forms that real peers send are accepted only
//! through named options:
//!
//! | Option | Accepts | Who needs it |
//! |---|---|---|
//! | [`CommandDecoderConfig::line_endings`], [`ResponseDecoderConfig::line_endings`] | LF alone as line end | hand-written scripts and test servers |
//! | [`ResponseDecoderConfig::body_line_endings`] (keeps bare CR/LF by default) | LF-only lines inside RETR/TOP bodies | servers that store LF-only files |
//! | [`client::Client::handle_eof`] | a last line without CR LF | servers that close right after `+OK bye` or the final `.` |
//!
//! # Specifications
//!
//! | RFC | What | Where |
//! |---|---|---|
//! | RFC 1939 | POP3: states, USER/PASS/APOP, STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, QUIT, dot-stuffing, autologout | [`types`], [`decode`], [`server`], [`client`] |
//! | RFC 2449 | CAPA, capabilities, 255/512-octet limits, extended response codes, PIPELINING | [`Capability`], [`ResponseCode`], [`client`] |
//! | RFC 2595 §4 | STLS | [`server::Server::accept_stls`], [`client::Client`] |
//! | RFC 1734, RFC 5034 | AUTH, `+ ` challenges, `=` empty initial response, `*` cancel | [`AuthStart`], [`SaslResponse`], [`Challenge`] |
//! | RFC 3206 | SYS/TEMP, SYS/PERM, AUTH response codes, AUTH-RESP-CODE | [`KnownCode`], [`Capability::AuthRespCode`] |
//! | RFC 6856 | UTF8 and LANG commands and capabilities, UTF8 response code | [`Command::Utf8`], [`Command::Lang`] |
//! | RFC 4422 §3.1 | SASL mechanism names | [`Mechanism`] (from mail-core) |

#![forbid(unsafe_code)]

#[cfg(any(test, feature = "arbitrary"))]
mod arbitrary;
pub mod client;
pub mod decode;
pub mod encode;
pub mod error;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod harness;
pub mod server;
pub mod types;

pub use decode::{
    BodyDecoder, CommandDecoder, CommandDecoderConfig, Expect, ListItem, ListingDecoder,
    ListingKind, ResponseDecoder, ResponseDecoderConfig,
};
pub use error::{
    ClientError, DecodeError, DecodeErrorKind, DecodeResult, Decoded, UsageError, ValidationError,
};
pub use mail_core::{Encode, IntoOwned};
pub use types::*;
