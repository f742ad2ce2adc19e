//! mail-core dot-stuffing: any body the encoder accepts (CR LF text) decodes back to itself, the
//! encoder refuses exactly the bodies with a bare CR or LF, and chunking changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mail_core::harness::fuzz_dot_roundtrip(data));
