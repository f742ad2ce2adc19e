//! pop3-proto client and server state machines under arbitrary operation sequences (input
//! bytes, application commands and answers, STLS, timeouts): no panic, bounded output, a closed
//! session stays closed, and bytes received after STLS are never processed as commands or
//! responses. The first byte picks the client or the server.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pop3_proto::harness::fuzz_session(data));
