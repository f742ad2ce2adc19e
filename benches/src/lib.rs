//! Shared parts of the benchmarks: realistic inputs, built the same way for our crates and for
//! the peer crates, and allocation counting.

pub mod inputs;

use std::alloc::System;
use std::path::PathBuf;

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

/// Where criterion writes its results, found the way criterion finds it: `$CRITERION_HOME`,
/// else `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`.
pub fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("criterion")
}

/// Counts the allocations of one run of `f` over `messages` messages, prints them, and writes
/// them beside criterion's results (`allocations/<group>/<id>.json`) for `report.py`.
/// Returns `f`'s result so the caller can check that the input was decoded.
pub fn count_allocations<R>(
    allocator: &'static Allocator,
    group: &str,
    id: &str,
    messages: usize,
    f: impl FnOnce() -> R,
) -> R {
    let (result, allocs) = allocations(allocator, f);
    let per_message = allocs as f64 / messages.max(1) as f64;
    println!("allocations {group}/{id}: {allocs} for {messages} messages ({per_message:.2} each)");
    let dir = criterion_home().join("allocations").join(group);
    let json = format!(
        "{{\"group\": \"{group}\", \"id\": \"{id}\", \"allocations\": {allocs}, \"messages\": {messages}}}\n"
    );
    let file = dir.join(format!("{}.json", id.replace('/', "_")));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, json)) {
        eprintln!("cannot write {}: {e}", file.display());
    }
    result
}
