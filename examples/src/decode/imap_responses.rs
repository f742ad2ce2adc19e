//! IMAP responses in the `decode` tool.

use super::StreamDecoder;

/// IMAP responses, as a server sends them.
pub fn responses() -> Result<Box<dyn StreamDecoder>, String> {
    Err("imap responses are not supported by this build yet".into())
}
