//! Validated POP3 types: commands, responses, capabilities and their parts.
//!
//! Every type that borrows from decoded input has a lifetime `'a` and implements
//! [`IntoOwned`](mail_core::IntoOwned) to a `'static` value. Constructors validate, so encoding
//! never fails.

pub(crate) mod capability;
mod command;
mod response;
pub(crate) mod simple;

pub use capability::{Capability, Expire, OtherCapability};
pub use command::{ApopDigest, AuthStart, Command, CommandKind, LangArg, SaslResponse};
pub use response::{
    Challenge, Greeting, LanguageEntry, MessageBody, MultiLine, Response, ResponseText, ScanEntry,
    StatInfo, Status, StatusLine, UidEntry,
};
pub use simple::{
    Base64Text, KnownCode, MessageNumber, Param, Password, ResponseCode, Text, UniqueId,
};

/// A SASL mechanism name (RFC 4422 §3.1), from mail-core.
pub use mail_core::sasl::Mechanism;
