//! Benchmarks of the workspace crates (see the `benches/` folder).
