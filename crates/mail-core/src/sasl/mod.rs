//! SASL (RFC 4422) as SMTP, POP3 and IMAP carry it: mechanism names, the messages of common
//! mechanisms, and the base64 wire form.
//!
//! * [`wire`]: the base64 lines of `AUTH` / `AUTHENTICATE` exchanges (RFC 4954, RFC 5034,
//!   RFC 9051 §6.2.2, RFC 4959): `=` for an empty initial response, `*` to cancel.
//! * [`Mechanism`]: a validated mechanism name (RFC 4422 §3.1), compared case-insensitively.
//! * one module per mechanism with the messages it exchanges, as octets *before* base64 encoding
//!   (after decoding): [`plain`], [`login`], [`anonymous`], [`external`], [`cram_md5`],
//!   [`xoauth2`], [`oauthbearer`], [`scram`], with [`gs2`] for the GS2 header that SCRAM and
//!   OAUTHBEARER share.
//!
//! # Mechanism messages
//!
//! Every mechanism module follows the same shape:
//!
//! * types are named by their role and used with the module path: `Challenge` (server to
//!   client) and `Response` (client to server), e.g. [`plain::Response`],
//!   [`cram_md5::Challenge`]; where a mechanism has several messages of a role they are named after
//!   the RFC (SCRAM's `ClientFirst` ... `ServerFinal`, LOGIN's `Username` and `Password`);
//! * `decode(&[u8]) -> Result<T, DecodeError>` parses one whole message (the wire form already
//!   delimits it, so there is no "need more input" case); values borrow from the input and have
//!   `into_owned()`; offsets in errors count from the start of the message;
//! * constructors validate (`new`, `with_*` returning `Result<_, ValidationError>`), and
//!   [`Encode`](crate::Encode) writes the message, ready for [`wire`] encoding;
//! * credentials (passwords, tokens, digests, proofs) are held in [`Secret`](crate::Secret), so
//!   `Debug` output never shows them;
//! * only syntax is handled: no password checking, no hashing, no SASLprep.
//!
//! ```
//! use mail_core::sasl::{plain, wire, Mechanism};
//!
//! // A server receiving "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm" (RFC 4616 §4).
//! let mech = Mechanism::decode(b"PLAIN").unwrap();
//! assert_eq!(mech, Mechanism::PLAIN);
//! let response = wire::decode_initial_response(
//!     b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
//!     wire::DEFAULT_MAX_DECODED_LEN,
//! )
//! .unwrap();
//! let message = plain::Response::decode(response.as_bytes().unwrap()).unwrap();
//! assert_eq!((message.authcid(), message.password().expose().as_ref()), ("tim", "tanstaaftanstaaf"));
//! ```
//!
//! # Specifications
//!
//! | module | RFC |
//! |---|---|
//! | [`wire`] | RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2, RFC 4959 §3, RFC 4648 §4 |
//! | [`Mechanism`] | RFC 4422 §3.1, RFC 2222 §3 |
//! | [`plain`] | RFC 4616 §2 |
//! | [`login`] | draft-murchison-sasl-login-00 §2 |
//! | [`anonymous`] | RFC 4505 §2, §3 |
//! | [`external`] | RFC 4422 appendix A |
//! | [`cram_md5`] | RFC 2195 §2 |
//! | [`gs2`] | RFC 5801 §4 |
//! | [`oauthbearer`] | RFC 7628 §3 |
//! | [`scram`] | RFC 5802 §5, §7; RFC 7677 §3 |
//! | [`xoauth2`] | Google's XOAUTH2 protocol description (no RFC) |

pub mod anonymous;
pub mod cram_md5;
pub mod external;
pub mod gs2;
pub mod login;
mod mechanism;
pub mod oauthbearer;
pub mod plain;
pub mod scram;
mod text;
pub mod wire;
pub mod xoauth2;

pub use mechanism::{KnownMechanism, MAX_MECHANISM_LEN, Mechanism};
