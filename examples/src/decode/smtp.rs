//! SMTP in the `decode` tool.

use super::StreamDecoder;

/// SMTP commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Err("smtp is not supported by this build yet".into())
}

/// SMTP replies, as a server sends them.
pub fn replies() -> Result<Box<dyn StreamDecoder>, String> {
    Err("smtp is not supported by this build yet".into())
}
