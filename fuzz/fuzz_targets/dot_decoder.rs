//! mail-core dot decoder: no panic, it ends exactly at the first CR LF `.` CR LF (never at a
//! smuggling sequence) under both bare CR/LF policies, and chunking does not change the result.
//! The first four bytes choose the chunk boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [c1, c2, c3, c4, input @ ..] = data else {
        return;
    };
    let cuts = [*c1 as usize, *c2 as usize * 3, *c3 as usize * 17, *c4 as usize * 101];
    mail_core::harness::check_dot_decoder(input, &cuts);
});
