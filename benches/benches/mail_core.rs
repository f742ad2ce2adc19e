//! mail-core: dot-unstuffing of DATA/RETR bodies against the physical references (a memmem scan
//! for the terminator over the same bytes, and a plain copy), and dot-stuffing.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_core::dot::{DotDecoder, DotEncoder};

#[global_allocator]
static GLOBAL: &benches::Allocator = benches::INSTRUMENTED;

const SIZES: [(&str, usize); 3] = [
    ("1KiB", 1024),
    ("1MiB", 1024 * 1024),
    ("25MiB", 25 * 1024 * 1024),
];

/// Decodes a whole block; returns the body length (so nothing is optimised away).
fn unstuff(wire: &[u8]) -> usize {
    let mut decoder = DotDecoder::new();
    let mut input = wire;
    let mut total = 0;
    loop {
        let chunk = decoder.decode(input).expect("valid block");
        total += chunk.data.len();
        input = &input[chunk.consumed..];
        if chunk.end {
            return total;
        }
    }
}

fn dot_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("dot_decode");
    for (name, size) in SIZES {
        let wire = benches::inputs::dot_stuffed(&benches::inputs::message_body(size));
        let (_, allocs) = benches::allocations(GLOBAL, || unstuff(&wire));
        assert_eq!(allocs, 0, "dot-unstuffing allocates");
        group.throughput(Throughput::Bytes(wire.len() as u64));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("ours", name), &wire, |b, wire| {
            b.iter(|| unstuff(black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("memmem", name), &wire, |b, wire| {
            b.iter(|| memchr::memmem::find(black_box(wire), b"\r\n.\r\n"))
        });
        group.bench_with_input(BenchmarkId::new("copy", name), &wire, |b, wire| {
            b.iter(|| black_box(wire.to_vec()))
        });
    }
    group.finish();
}

fn dot_encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("dot_encode");
    for (name, size) in SIZES {
        let body = benches::inputs::message_body(size);
        group.throughput(Throughput::Bytes(body.len() as u64));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        let mut out = Vec::with_capacity(body.len() * 2);
        group.bench_with_input(BenchmarkId::new("ours", name), &body, |b, body| {
            b.iter(|| {
                out.clear();
                DotEncoder::new()
                    .encode_body(black_box(body), &mut out)
                    .expect("valid body");
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, dot_decode, dot_encode);
criterion_main!(benches);
