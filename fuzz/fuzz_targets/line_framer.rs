//! mail-core line framer: no panic, bounded buffering, and the same lines however the input is
//! chunked. The first two bytes choose the line limit and the bare-LF policy, the next four the
//! chunk boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mail_core::harness::fuzz_line_framer(data));
