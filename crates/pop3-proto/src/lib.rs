//! A sans-IO POP3 codec: commands and responses as typed values, decoded from and encoded to
//! bytes, and client and server session state machines.
//!
//! (Crate documentation is completed below.)

#![forbid(unsafe_code)]

pub mod client;
pub mod decode;
pub mod encode;
pub mod error;
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
