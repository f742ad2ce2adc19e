//! mail-core line framer: no panic, bounded buffering, and the same lines however the input is
//! chunked. The first two bytes choose the line limit and the bare-LF policy, the next four the
//! chunk boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [limit, flags, c1, c2, c3, c4, input @ ..] = data else {
        return;
    };
    let cuts = [*c1 as usize, *c2 as usize * 7, *c3 as usize * 31, *c4 as usize * 131];
    mail_core::harness::check_line_framing(input, &cuts, *limit as usize + 1, flags & 1 == 1);
});
