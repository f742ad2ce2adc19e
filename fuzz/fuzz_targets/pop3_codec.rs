//! pop3-proto commands and responses (single-line, listings, message bodies): decode arbitrary
//! bytes (no panic, bounded, decode(encode(v)) == v), the same stream fed in pieces (to the
//! stateless decoders and the resumable listing and body decoders) as whole, and arbitrary
//! valid values through encode and decode. The first byte picks the property, the second the
//! expected response form and the leniencies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pop3_proto::harness::fuzz_codec(data));
