//! mail-core dot decoder: no panic, it ends exactly at the first CR LF `.` CR LF (never at a
//! smuggling sequence) under both bare CR/LF policies, and chunking does not change the result.
//! The first four bytes choose the chunk boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mail_core::harness::fuzz_dot_decoder(data));
