//! smtp-proto client and server state machines under arbitrary operation sequences (input
//! bytes, application answers and commands, TLS, timeouts): no panic, bounded output, a closed
//! session stays closed, and bytes received after STARTTLS are never processed as commands or
//! replies. The first byte picks the client or the server.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| smtp_proto::harness::fuzz_session(data));
