//! Enhanced mail system status codes (RFC 3463).
