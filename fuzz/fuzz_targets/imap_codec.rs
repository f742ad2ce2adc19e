//! imap-proto commands (with literals, through the resumable command framer), responses,
//! greetings and AUTHENTICATE lines: decode arbitrary bytes (no panic, bounded,
//! decode(encode(v)) == v), the same stream fed in pieces as whole (framer against the
//! stateless decoder too), and arbitrary valid values through encode (every literal mode) and
//! decode. The first byte picks the property, the second the modes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| imap_proto::harness::fuzz_codec(data));
