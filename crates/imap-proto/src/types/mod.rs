//! Validated IMAP types: the lexical core, commands and responses.
//!
//! Constructors validate, so every value can be encoded; decoded values borrow from the input
//! and turn into `'static` values with [`IntoOwned`](mail_core::IntoOwned).

pub mod command;
pub mod core;
pub mod ext;
pub mod fetch;
pub mod response;
pub mod response_body;
pub mod search;
pub mod status;
pub mod utf7;
