//! RFC 5321 §4.1.2 mailbox addresses and paths.
