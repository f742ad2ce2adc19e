//! mail-core dot-stuffing: any body the encoder accepts (CR LF text) decodes back to itself, the
//! encoder refuses exactly the bodies with a bare CR or LF, and chunking changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [c1, c2, c3, input @ ..] = data else {
        return;
    };
    let cuts = [*c1 as usize, *c2 as usize * 5, *c3 as usize * 61];
    mail_core::harness::check_dot_roundtrip(input, &cuts);
});
