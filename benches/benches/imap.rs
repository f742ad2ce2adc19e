//! IMAP: commands and responses, decoded and encoded by `imap-proto` (ours) beside
//! `imap-codec` and crates.io `imap-proto` 0.17 (tokio-imap's response parser) on the same
//! bytes, and beside the physical references (memmem, copy) for a large literal.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use imap_codec::decode::Decoder;
use imap_codec::encode::Encoder;
use imap_codec::{CommandCodec, ResponseCodec};
use imap_proto::decode::{CommandDecoder, ResponseDecoder};
use imap_proto::{Decoded, Encode};
use tokio_imap_proto as tokio_imap;

use benches::inputs;

#[global_allocator]
static GLOBAL: &benches::Allocator = benches::INSTRUMENTED;

/// Size of the APPEND literal in the command benchmarks.
const APPEND_SIZE: usize = 4096;

fn both(elements: usize, bytes: usize) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: elements as u64,
        bytes: bytes as u64,
    }
}

fn ours_command(decoder: &CommandDecoder, input: &[u8]) -> usize {
    match decoder.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            black_box(&value);
            consumed
        }
        other => panic!("ours: {other:?}"),
    }
}

fn codec_command(codec: &CommandCodec, input: &[u8]) -> usize {
    match codec.decode(input) {
        Ok((rest, command)) => {
            black_box(&command);
            input.len() - rest.len()
        }
        Err(e) => panic!("imap-codec: {e:?}"),
    }
}

fn commands(c: &mut Criterion) {
    let decoder = CommandDecoder::default();
    let codec = CommandCodec::default();
    let group_name = "imap_commands";
    let mut group = c.benchmark_group(group_name);
    let cases = inputs::imap::commands(APPEND_SIZE);
    for (name, wire) in &cases {
        let used =
            benches::count_allocations(GLOBAL, group_name, &format!("ours/{name}"), 1, || {
                ours_command(&decoder, wire)
            });
        assert_eq!(used, wire.len());
        // imap-codec 2.0.0-alpha.10 has no LIST-EXTENDED (RFC 5258) grammar.
        let peer = codec.decode(wire).is_ok();
        assert_eq!(peer, *name != "list_extended", "imap-codec on {name}");
        if peer {
            let used = benches::count_allocations(
                GLOBAL,
                group_name,
                &format!("imap-codec/{name}"),
                1,
                || codec_command(&codec, wire),
            );
            assert_eq!(used, wire.len());
        }
        group.throughput(both(1, wire.len()));
        group.bench_with_input(BenchmarkId::new("ours", name), wire, |b, wire| {
            b.iter(|| ours_command(&decoder, black_box(wire)))
        });
        if peer {
            group.bench_with_input(BenchmarkId::new("imap-codec", name), wire, |b, wire| {
                b.iter(|| codec_command(&codec, black_box(wire)))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("imap_commands_encode");
    let mut out = Vec::with_capacity(64 * 1024);
    for (name, wire) in &cases {
        let Ok(Decoded::Complete { value: ours, .. }) = decoder.decode(wire) else {
            panic!("ours")
        };
        out.clear();
        ours.encode(&mut out);
        // The encoder may choose another form (a literal, parentheses): it must decode to
        // the same command.
        let Ok(Decoded::Complete { value: again, .. }) = decoder.decode(&out) else {
            panic!("ours: re-decoding {name}")
        };
        assert_eq!(again, ours, "our encoding round-trips {name}");
        group.throughput(both(1, wire.len()));
        group.bench_function(BenchmarkId::new("ours", name), |b| {
            b.iter(|| {
                out.clear();
                black_box(&ours).encode(&mut out);
                out.len()
            })
        });
        if let Ok((_, peer)) = codec.decode(wire) {
            group.bench_function(BenchmarkId::new("imap-codec", name), |b| {
                b.iter(|| codec.encode(black_box(&peer)).dump().len())
            });
        }
    }
    group.finish();
}

/// Decodes every response of `input` with our decoder; returns how many.
fn ours_responses(decoder: &ResponseDecoder, mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match decoder.decode(input) {
            Ok(Decoded::Complete { value, consumed }) => {
                black_box(&value);
                input = &input[consumed..];
                n += 1;
            }
            other => panic!("ours: {other:?}"),
        }
    }
    n
}

fn codec_responses(codec: &ResponseCodec, mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match codec.decode(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(e) => panic!("imap-codec: {e:?}"),
        }
    }
    n
}

fn tokio_imap_responses(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match tokio_imap::Response::parse(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(e) => panic!("imap-proto 0.17: {e:?}"),
        }
    }
    n
}

fn responses(c: &mut Criterion) {
    let decoder = ResponseDecoder::default();
    let codec = ResponseCodec::default();
    let group_name = "imap_responses";
    let mut cases: Vec<(String, Vec<u8>, usize)> = vec![
        (
            "fetch_1000".into(),
            inputs::imap::fetch_responses(1000),
            1000,
        ),
        (
            "search_100000".into(),
            inputs::imap::search_response(100_000),
            1,
        ),
        ("list_1000".into(), inputs::imap::list_responses(1000), 1000),
    ];
    for (name, size) in [
        ("1KiB", 1024),
        ("1MiB", 1024 * 1024),
        ("25MiB", 25 * 1024 * 1024),
    ] {
        let (wire, _) = inputs::imap::fetch_literal_response(size);
        cases.push((format!("fetch_literal_{name}"), wire, 1));
    }
    // BINARY[] with a literal8: no NUL check, so the cost beyond the framing is the slice.
    for (name, size) in [("1KiB", 1024), ("25MiB", 25 * 1024 * 1024)] {
        let (wire, _) = inputs::imap::fetch_literal8_response(size);
        cases.push((format!("fetch_literal8_{name}"), wire, 1));
    }
    let mut group = c.benchmark_group(group_name);
    for (name, wire, count) in &cases {
        let count = *count;
        let large = wire.len() > 2 * 1024 * 1024;
        let n =
            benches::count_allocations(GLOBAL, group_name, &format!("ours/{name}"), count, || {
                ours_responses(&decoder, wire)
            });
        assert_eq!(n, count);
        // Every peer must decode these inputs, except the BINARY (RFC 3516) literal8, which
        // imap-proto 0.17's grammar lacks: it is then left out of that case.
        let codec_ok = codec.decode(wire).is_ok();
        let tokio_ok = tokio_imap::Response::parse(wire).is_ok();
        if !name.starts_with("fetch_literal8") {
            assert!(codec_ok, "imap-codec on {name}");
            assert!(tokio_ok, "imap-proto 0.17 on {name}");
        }
        if codec_ok {
            let n = benches::count_allocations(
                GLOBAL,
                group_name,
                &format!("imap-codec/{name}"),
                count,
                || codec_responses(&codec, wire),
            );
            assert_eq!(n, count);
        }
        if tokio_ok {
            let n = benches::count_allocations(
                GLOBAL,
                group_name,
                &format!("imap-proto-0.17/{name}"),
                count,
                || tokio_imap_responses(wire),
            );
            assert_eq!(n, count);
        }
        group.throughput(both(count, wire.len()));
        group.sample_size(if large { 10 } else { 100 });
        group.bench_with_input(BenchmarkId::new("ours", name), wire, |b, wire| {
            b.iter(|| ours_responses(&decoder, black_box(wire)))
        });
        if codec_ok {
            group.bench_with_input(BenchmarkId::new("imap-codec", name), wire, |b, wire| {
                b.iter(|| codec_responses(&codec, black_box(wire)))
            });
        }
        if tokio_ok {
            group.bench_with_input(
                BenchmarkId::new("imap-proto-0.17", name),
                wire,
                |b, wire| b.iter(|| tokio_imap_responses(black_box(wire))),
            );
        }
        if name.starts_with("fetch_literal") {
            group.bench_with_input(BenchmarkId::new("memmem", name), wire, |b, wire| {
                b.iter(|| memchr::memmem::find(black_box(wire), b"\r\n.\r\n"))
            });
            group.bench_with_input(BenchmarkId::new("copy", name), wire, |b, wire| {
                b.iter(|| black_box(wire.to_vec()))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("imap_responses_encode");
    for (name, wire, count) in cases
        .iter()
        .filter(|(name, ..)| !name.starts_with("fetch_literal8"))
    {
        let large = wire.len() > 2 * 1024 * 1024;
        let mut ours = Vec::new();
        let mut input = &wire[..];
        while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
            ours.push(value);
            input = &input[consumed..];
        }
        let mut peer = Vec::new();
        let mut input = &wire[..];
        while let Ok((rest, value)) = codec.decode(input) {
            peer.push(value);
            input = rest;
        }
        assert_eq!((ours.len(), peer.len()), (*count, *count));
        let mut out = Vec::with_capacity(wire.len() * 2);
        for value in &ours {
            value.encode(&mut out);
        }
        let mut again = Vec::new();
        let mut input = &out[..];
        while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
            again.push(value);
            input = &input[consumed..];
        }
        assert!(again == ours, "our encoding round-trips {name}");
        group.throughput(both(*count, wire.len()));
        group.sample_size(if large { 10 } else { 100 });
        group.bench_function(BenchmarkId::new("ours", name), |b| {
            b.iter(|| {
                out.clear();
                for value in black_box(&ours) {
                    value.encode(&mut out);
                }
                out.len()
            })
        });
        group.bench_function(BenchmarkId::new("imap-codec", name), |b| {
            b.iter(|| {
                black_box(&peer)
                    .iter()
                    .map(|value| codec.encode(value).dump().len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, commands, responses);
criterion_main!(benches);
