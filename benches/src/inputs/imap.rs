//! IMAP inputs.
