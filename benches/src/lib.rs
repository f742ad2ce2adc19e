//! Shared parts of the benchmarks: realistic inputs, built the same way for our crates and for
//! the peer crates, and allocation counting.

pub mod inputs;

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// The allocator a bench binary installs with `#[global_allocator]` so that it can count
/// allocations per decoded message:
///
/// ```ignore
/// #[global_allocator]
/// static GLOBAL: &benches::Allocator = benches::INSTRUMENTED;
/// ```
pub type Allocator = StatsAlloc<System>;

/// The counting allocator instance.
pub static INSTRUMENTED: &Allocator = &INSTRUMENTED_SYSTEM;

/// Heap allocations made by one run of `f` (which must run on this thread alone).
pub fn allocations<R>(allocator: &'static Allocator, f: impl FnOnce() -> R) -> (R, usize) {
    let region = Region::new(allocator);
    let result = f();
    (result, region.change().allocations)
}
