//! SASL (RFC 4422) as SMTP, POP3 and IMAP carry it: mechanism names, the messages of common
//! mechanisms, and the base64 wire form.
//!
//! * [`wire`]: the base64 lines of `AUTH` / `AUTHENTICATE` exchanges (RFC 4954, RFC 5034,
//!   RFC 9051 §6.2.2, RFC 4959): `=` for an empty initial response, `*` to cancel.
//! * [`Mechanism`]: a validated mechanism name (RFC 4422 §3.1), compared case-insensitively.
//!
//! # Specifications
//!
//! | module | RFC |
//! |---|---|
//! | [`wire`] | RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2, RFC 4959 §3, RFC 4648 §4 |
//! | [`Mechanism`] | RFC 4422 §3.1, RFC 2222 §3 |

mod mechanism;
pub mod wire;

pub use mechanism::{KnownMechanism, MAX_MECHANISM_LEN, Mechanism};
