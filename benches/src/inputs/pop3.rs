//! POP3 inputs.
