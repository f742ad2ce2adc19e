//! IMAP in the `decode` tool.

use super::StreamDecoder;

/// IMAP commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Err("imap is not supported by this build yet".into())
}

/// IMAP responses, as a server sends them.
pub fn responses() -> Result<Box<dyn StreamDecoder>, String> {
    Err("imap is not supported by this build yet".into())
}
