//! Sans-IO IMAP4rev1 / IMAP4rev2 codec.
//!
//! This crate turns IMAP bytes into typed values and typed values into bytes. It performs no
//! I/O: the caller reads and writes the socket and hands the bytes in.

#![forbid(unsafe_code)]
#![allow(dead_code)]

pub mod decode;
pub mod encode;
pub mod error;
pub mod types;

pub use error::CommandError;
pub use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, Encode, IntoOwned};
