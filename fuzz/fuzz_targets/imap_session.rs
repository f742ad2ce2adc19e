//! imap-proto server state machine under arbitrary operation sequences (input bytes, literal
//! decisions, tagged and untagged answers, IDLE, AUTHENTICATE challenges, TLS, timeouts): no
//! panic, bounded output, a closed session stays closed, and bytes received after STARTTLS are
//! never processed as commands.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| imap_proto::harness::fuzz_session(data));
