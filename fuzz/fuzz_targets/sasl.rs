//! mail-core SASL: the base64 wire form, mechanism names and every mechanism's messages; no
//! panic, and decode(encode(v)) == v. The first byte picks the decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mail_core::harness::fuzz_sasl(data));
