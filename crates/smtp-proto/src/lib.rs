//! Sans-IO SMTP (RFC 5321), ESMTP extensions and LMTP (RFC 2033): a zero-copy codec for
//! commands and replies, and client and server state machines.
//!
//! # The sans-IO contract
//!
//! Nothing here reads a socket, starts a thread or looks at a clock. The caller moves bytes in
//! ([`Server::handle_input`](server::Server::handle_input)), takes bytes out
//! (`poll_transmit`), takes events (`poll_event`) and passes time in (`handle_timeout`,
//! asking `poll_timeout` when to). Decoders answer complete, need-more
//! ([`Decoded::Incomplete`], never an error) or a [`DecodeError`] with an offset and, when the
//! malformed message's end is known, how many bytes to skip.
//!
//! # Decoding
//!
//! ```
//! use smtp_proto::{Command, CommandDecoder, Decoded};
//!
//! let decoder = CommandDecoder::new();
//! let input = b"MAIL FROM:<alice@example.org> SIZE=1000 BODY=8BITMIME\r\nRCPT";
//! assert_eq!(decoder.decode(&input[..20]).unwrap(), Decoded::Incomplete);
//! let (command, used) = decoder.decode(input).unwrap().complete().unwrap();
//! let Command::Mail { from, params } = command else { panic!("MAIL") };
//! assert_eq!(from.to_string(), "<alice@example.org>");
//! assert_eq!(params.size, Some(1000));
//! assert_eq!(&input[used..], b"RCPT");
//! ```
//!
//! # Encoding
//!
//! ```
//! use smtp_proto::{Encode, Reply, Command};
//! use smtp_proto::types::params::{Notify, RcptParams};
//! use mail_core::address::{Mailbox, Path};
//!
//! let to = Path::Mailbox(Mailbox::from_raw("bob@example.com")?);
//! let mut params = RcptParams::default();
//! params.notify = Some(Notify { success: false, failure: true, delay: true });
//! let rcpt = Command::Rcpt { to, params };
//! assert_eq!(rcpt.to_bytes(), b"RCPT TO:<bob@example.com> NOTIFY=FAILURE,DELAY\r\n");
//!
//! let reply = Reply::new(250, "2.1.5 ok\nsecond line")?;
//! assert_eq!(reply.to_bytes(), b"250-2.1.5 ok\r\n250 second line\r\n");
//! # Ok::<(), smtp_proto::ValidationError>(())
//! ```
//!
//! # Leniencies
//!
//! Decoding is strict by default (the RFC grammar). Forms that real peers send although the
//! RFCs forbid them are accepted only through named options:
//!
//! | Option | Accepts | Who needs it |
//! |---|---|---|
//! | [`CommandDecoderConfig::space_after_colon`] | `MAIL FROM: <a@b>`, `RCPT TO: <a@b>` | older Swift Mailer, smtp-cli, MailEnable 1.x, many notification senders |
//! | [`CommandDecoderConfig::trailing_space`] | `DATA ` | Nim's `std/smtp`, hand-written scripts |
//! | [`CommandDecoderConfig::relaxed_helo`] | `EHLO DESKTOP-AB12_X`, `EHLO mail.example.com.` | clients on Windows and NetBIOS-named machines |
//! | [`CommandDecoderConfig::accept_bare_lf`], [`ReplyDecoderConfig::accept_bare_lf`] | LF alone as line end | hand-written test tools |
//! | [`ReplyDecoderConfig::lossy_text`] | reply text in a legacy charset | QQ Mail (GBK), Latin-1 greetings |
//! | [`EhloReply::from_reply_lenient`] (used by the client) | `XVERP=Courier`, `PIPE_CONNECT`, runs of spaces | Courier, Exim |
//! | [`client::Client::handle_eof`] | a last reply line without CR LF | servers that close right after `221` |
//!
//! # Specifications
//!
//! | Feature | RFC |
//! |---|---|
//! | SMTP commands, replies, limits, timeouts | RFC 5321 |
//! | LMTP (`LHLO`, one reply per recipient) | RFC 2033 |
//! | `SIZE` | RFC 1870 |
//! | `8BITMIME`, `BODY=` | RFC 6152 (RFC 1652) |
//! | `PIPELINING` | RFC 2920 |
//! | `CHUNKING` (`BDAT`), `BINARYMIME` | RFC 3030 |
//! | `DSN` (`RET`, `ENVID`, `NOTIFY`, `ORCPT`) | RFC 3461 |
//! | `ENHANCEDSTATUSCODES` | RFC 2034, RFC 3463 |
//! | `STARTTLS` | RFC 3207 |
//! | `AUTH`, `AUTH=` | RFC 4954 (RFC 2554) |
//! | `SMTPUTF8` | RFC 6531 |
//! | `REQUIRETLS` | RFC 8689 |
//! | `MT-PRIORITY` | RFC 6710 |
//! | `FUTURERELEASE` (`HOLDFOR`, `HOLDUNTIL`) | RFC 4865 |
//! | `DELIVERBY` (`BY=`) | RFC 2852 |
//! | `RRVS` | RFC 7293 |
//! | `LIMITS` | RFC 9422 |
//! | `ETRN` | RFC 1985 |
//! | `ATRN` | RFC 2645 |
//! | `BURL` | RFC 4468 |

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
    CommandDecoder, CommandDecoderConfig, ReplyDecoder, ReplyDecoderConfig, ReplyFramer,
};
pub use error::{DecodeError, DecodeErrorKind, UsageError, ValidationError};
pub use mail_core::{Decoded, Encode, IntoOwned};
pub use types::command::{Command, CommandKind, InitialResponse};
pub use types::ehlo::{Capability, EhloReply};
pub use types::params::{MailParams, RcptParams};
pub use types::reply::{Reply, ReplyCode, ReplyLine};
