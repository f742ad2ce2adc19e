//! smtp-proto commands, replies and EHLO replies: decode arbitrary bytes (no panic, bounded,
//! decode(encode(v)) == v), the same stream fed in pieces (to the stateless command decoder and
//! the resumable reply framer) as whole, and arbitrary valid values through encode and decode.
//! The first byte picks the property and the decoder's leniencies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| smtp_proto::harness::fuzz_codec(data));
