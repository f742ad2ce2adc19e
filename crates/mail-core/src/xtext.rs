//! xtext (RFC 3461 §4).
