//! imap-proto client state machine under arbitrary operation sequences (server bytes,
//! application commands with literals, AUTHENTICATE answers, IDLE, TLS, end of input,
//! timeouts): no panic, bounded output, a closed session stays closed, and bytes received after
//! the OK to STARTTLS are never processed as responses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| imap_proto::harness::fuzz_client(data));
