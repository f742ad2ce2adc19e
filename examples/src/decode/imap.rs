//! IMAP in the `decode` tool.

use super::StreamDecoder;

/// IMAP commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Err("imap is not supported by this build yet".into())
}
