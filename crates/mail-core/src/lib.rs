//! Shared primitives of the `smtp-proto`, `pop3-proto` and `imap-proto` crates.
//!
//! Everything here is sans-IO: functions and small state machines over byte slices, no sockets,
//! no threads, no clocks.
//!
//! * [`decode`]: the decoding convention ([`Decoded`], [`DecodeError`]): complete, need more
//!   input, or an error with an offset; need-more is never an error.
//! * [`encode`]: the [`Encode`] trait: append to a [`bytes::BufMut`], infallible.
//! * [`mod@line`]: CRLF line framing with a length limit and a bare-LF policy.
//! * [`dot`]: dot-stuffing of SMTP DATA and POP3 multi-line responses, smuggling-safe.
//! * [`address`]: RFC 5321 mailboxes and paths (with SMTPUTF8 and the §4.5.3.1 limits).
//! * [`sasl`]: SASL mechanism names, each mechanism's messages, and their base64 wire form.
//! * [`xtext`]: the xtext encoding of DSN parameters and `AUTH=`.
//! * [`status`]: enhanced mail system status codes.
//! * [`error`]: [`ValidationError`] (the application built an invalid value) and [`UsageError`]
//!   (a session was asked for something its state forbids).
//! * [`Secret`]: credentials that never show in `Debug` output.
//!
//! # Decoding
//!
//! ```
//! use mail_core::line::{find_line, LineConfig};
//! use mail_core::{Decoded, DecodeErrorKind};
//!
//! let config = LineConfig::new(512);
//! assert_eq!(find_line(b"NOOP", 0, &config).unwrap(), Decoded::Incomplete);
//! let (line, consumed) = find_line(b"NOOP\r\n", 0, &config).unwrap().complete().unwrap();
//! assert_eq!((line.content, consumed), (&b"NOOP"[..], 6));
//! let err = find_line(b"NOOP\n", 0, &config).unwrap_err();
//! assert_eq!((err.offset, err.kind), (4, DecodeErrorKind::BareLf));
//! ```
//!
//! # Encoding
//!
//! ```
//! use mail_core::dot::DotEncoder;
//!
//! let mut out = Vec::new();
//! DotEncoder::new().encode_body(b".signature\r\n", &mut out).unwrap();
//! assert_eq!(out, b"..signature\r\n.\r\n");
//! ```
//!
//! # Specifications
//!
//! | module | RFC |
//! |---|---|
//! | [`mod@line`] | RFC 5321 §2.3.8, §4.5.3.1 |
//! | [`dot`] | RFC 5321 §4.5.2, RFC 1939 §3 |
//! | [`address`] | RFC 5321 §4.1.2, §4.1.3, §4.5.3.1; RFC 6531 |
//! | [`sasl`] | RFC 4422, 4616 (PLAIN), 4505 (ANONYMOUS), 7628 (OAUTHBEARER), 2195 (CRAM-MD5), 5802 and 7677 (SCRAM), draft-murchison-sasl-login (LOGIN); the wire form of RFC 4954 §4, 5034 §4, 9051 §6.2.2, 4959 |
//! | [`xtext`] | RFC 3461 §4 |
//! | [`status`] | RFC 3463, RFC 2034 |

#![forbid(unsafe_code)]

pub mod address;
pub mod decode;
pub mod dot;
pub mod encode;
pub mod error;
#[cfg(any(test, fuzzing, feature = "harness"))]
#[doc(hidden)]
pub mod harness;
pub mod line;
pub mod sasl;
mod secret;
pub mod status;
pub mod xtext;

pub use decode::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, IntoOwned};
pub use encode::Encode;
pub use error::{UsageError, ValidationError};
pub use secret::Secret;
