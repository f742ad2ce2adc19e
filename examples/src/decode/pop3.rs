//! POP3 in the `decode` tool.

use super::StreamDecoder;

/// POP3 commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Err("pop3 is not supported by this build yet".into())
}

/// POP3 responses, as a server sends them.
pub fn responses(_commands: Option<Vec<u8>>) -> Result<Box<dyn StreamDecoder>, String> {
    Err("pop3 is not supported by this build yet".into())
}
