//! POP3: session commands, a 10,000-line UIDL listing, RETR bodies, decoded and encoded by
//! `pop3-proto` (ours) beside `pop3-codec` from crates.io on the same bytes, and beside the
//! physical references (a memmem scan for the terminator, a plain copy) for bodies.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pop3_proto::{
    CommandDecoder, Decoded, Encode, Expect, IntoOwned, ListingKind, Response, ResponseDecoder,
};

use benches::inputs;

#[global_allocator]
static GLOBAL: &benches::Allocator = benches::INSTRUMENTED;

const UIDL_ENTRIES: usize = 10_000;

fn both(elements: usize, bytes: usize) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: elements as u64,
        bytes: bytes as u64,
    }
}

fn ours_commands(decoder: &CommandDecoder, mut input: &[u8]) -> usize {
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

fn peer_commands(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match pop3_codec::parse::command(input) {
            Ok((rest, command)) => {
                black_box(&command);
                input = rest;
                n += 1;
            }
            Err(e) => panic!("pop3-codec: {e:?}"),
        }
    }
    n
}

fn commands(c: &mut Criterion) {
    let (wire, count) = inputs::pop3::session_commands();
    let decoder = CommandDecoder::default();
    let group_name = "pop3_commands";
    let n = benches::count_allocations(GLOBAL, group_name, "ours", count, || {
        ours_commands(&decoder, &wire)
    });
    assert_eq!(n, count);
    let n = benches::count_allocations(GLOBAL, group_name, "pop3-codec", count, || {
        peer_commands(&wire)
    });
    assert_eq!(n, count);
    let mut group = c.benchmark_group(group_name);
    group.throughput(both(count, wire.len()));
    group.bench_function("ours", |b| {
        b.iter(|| ours_commands(&decoder, black_box(&wire)))
    });
    group.bench_function("pop3-codec", |b| b.iter(|| peer_commands(black_box(&wire))));
    group.finish();

    let mut ours_values = Vec::new();
    let mut input = &wire[..];
    while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
        ours_values.push(value.into_owned());
        input = &input[consumed..];
    }
    let mut peer_values = Vec::new();
    let mut input = &wire[..];
    while let Ok((rest, command)) = pop3_codec::parse::command(input) {
        peer_values.push(command);
        input = rest;
    }
    let mut out = Vec::with_capacity(wire.len() * 2);
    for command in &ours_values {
        command.encode(&mut out);
    }
    assert!(out == wire, "our encoding reproduces the commands");
    let mut group = c.benchmark_group("pop3_commands_encode");
    group.throughput(both(count, wire.len()));
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            for command in black_box(&ours_values) {
                command.encode(&mut out);
            }
            out.len()
        })
    });
    group.bench_function("pop3-codec", |b| {
        b.iter(|| {
            out.clear();
            for command in black_box(&peer_values) {
                out.extend_from_slice(&command.serialize());
            }
            out.len()
        })
    });
    group.finish();
}

/// Our whole-response decoder: the entries are collected into a `Vec`.
fn ours_uidl(decoder: &ResponseDecoder, wire: &[u8]) -> usize {
    let expect = Expect::Listing(ListingKind::UniqueId);
    match decoder.decode(wire, expect) {
        Ok(Decoded::Complete {
            value: Response::UidListing { entries, .. },
            ..
        }) => entries.len(),
        other => panic!("ours: {other:?}"),
    }
}

/// Our streaming path (what the client session uses): the first line, then one entry at a
/// time, nothing kept.
fn ours_uidl_streaming(decoder: &ResponseDecoder, wire: &[u8]) -> usize {
    let expect = Expect::Listing(ListingKind::UniqueId);
    let Ok(Decoded::Complete { consumed, .. }) = decoder.decode_first_line(wire, expect) else {
        panic!("ours: first line")
    };
    let mut input = &wire[consumed..];
    let mut listing = decoder.listing_decoder(ListingKind::UniqueId);
    let mut n = 0;
    loop {
        match listing.decode(input) {
            Ok(Decoded::Complete {
                value: Some(item),
                consumed,
            }) => {
                black_box(&item);
                n += 1;
                input = &input[consumed..];
            }
            Ok(Decoded::Complete { value: None, .. }) => return n,
            other => panic!("ours: {other:?}"),
        }
    }
}

fn peer_uidl(wire: &[u8]) -> usize {
    match pop3_codec::parse::response_uidl_all(wire) {
        Ok((&[], pop3_codec::types::Response::Ok(listing))) => listing.body.len(),
        other => panic!("pop3-codec: {other:?}"),
    }
}

fn uidl(c: &mut Criterion) {
    let wire = inputs::pop3::uidl_listing(UIDL_ENTRIES);
    let decoder = ResponseDecoder::default();
    let group_name = "pop3_uidl_listing";
    for (id, f) in [
        ("ours", ours_uidl as fn(&ResponseDecoder, &[u8]) -> usize),
        ("ours_streaming", ours_uidl_streaming),
    ] {
        let n = benches::count_allocations(GLOBAL, group_name, id, 1, || f(&decoder, &wire));
        assert_eq!(n, UIDL_ENTRIES);
    }
    let n = benches::count_allocations(GLOBAL, group_name, "pop3-codec", 1, || peer_uidl(&wire));
    assert_eq!(n, UIDL_ENTRIES);
    let mut group = c.benchmark_group(group_name);
    group.throughput(both(UIDL_ENTRIES, wire.len()));
    group.bench_function("ours", |b| b.iter(|| ours_uidl(&decoder, black_box(&wire))));
    group.bench_function("ours_streaming", |b| {
        b.iter(|| ours_uidl_streaming(&decoder, black_box(&wire)))
    });
    group.bench_function("pop3-codec", |b| b.iter(|| peer_uidl(black_box(&wire))));
    group.finish();

    let Ok(Decoded::Complete { value, .. }) =
        decoder.decode(&wire, Expect::Listing(ListingKind::UniqueId))
    else {
        panic!("ours")
    };
    let value = value.into_owned();
    let mut out = Vec::with_capacity(wire.len() * 2);
    value.encode(&mut out);
    assert!(out == wire, "our encoding reproduces the listing");
    let mut group = c.benchmark_group("pop3_uidl_listing_encode");
    group.throughput(both(UIDL_ENTRIES, wire.len()));
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            black_box(&value).encode(&mut out);
            out.len()
        })
    });
    group.finish();
}

/// Our streaming path (what the client session uses): the `+OK` line, then the body decoder;
/// the body is slices of the input. Returns the body length.
fn ours_retr(decoder: &ResponseDecoder, wire: &[u8]) -> usize {
    let Ok(Decoded::Complete { consumed, .. }) = decoder.decode_first_line(wire, Expect::Message)
    else {
        panic!("ours: first line")
    };
    let mut input = &wire[consumed..];
    let mut body = decoder.body_decoder();
    let mut total = 0;
    loop {
        let chunk = body.decode(input).expect("ours: body");
        total += black_box(chunk.data).len();
        input = &input[chunk.consumed..];
        if chunk.end {
            return total;
        }
    }
}

/// Our whole-response decoder: the unstuffed body is gathered into one buffer (the dots
/// removed make it non-contiguous).
fn ours_retr_whole(decoder: &ResponseDecoder, wire: &[u8]) -> usize {
    match decoder.decode(wire, Expect::Message) {
        Ok(Decoded::Complete {
            value: Response::Message { body, .. },
            ..
        }) => body.as_bytes().len(),
        other => panic!("ours: {other:?}"),
    }
}

/// pop3-codec: one `String` per line (and it does not remove the stuffed dots).
fn peer_retr(wire: &[u8]) -> usize {
    match pop3_codec::parse::response_retr(wire) {
        Ok((&[], pop3_codec::types::Response::Ok(message))) => message.body.len(),
        Ok((rest, other)) => panic!("pop3-codec: {other:?}, {} bytes left", rest.len()),
        Err(e) => panic!(
            "pop3-codec: {}",
            e.map(|e| e.code.description().to_string())
        ),
    }
}

fn retr(c: &mut Criterion) {
    let decoder = ResponseDecoder::default();
    let group_name = "pop3_retr";
    let mut group = c.benchmark_group(group_name);
    for (name, size) in [("1MiB", 1024 * 1024), ("25MiB", 25 * 1024 * 1024)] {
        let body = inputs::message_body(size);
        let wire = inputs::pop3::retr_response(&body);
        for (id, f) in [
            ("ours", ours_retr as fn(&ResponseDecoder, &[u8]) -> usize),
            ("ours_whole", ours_retr_whole),
        ] {
            let n =
                benches::count_allocations(GLOBAL, group_name, &format!("{id}/{name}"), 1, || {
                    f(&decoder, &wire)
                });
            assert_eq!(n, body.len());
        }
        let lines = body.split(|&b| b == b'\n').count() - 1;
        let n = benches::count_allocations(
            GLOBAL,
            group_name,
            &format!("pop3-codec/{name}"),
            1,
            || peer_retr(&wire),
        );
        assert_eq!(n, lines);
        group.throughput(both(1, wire.len()));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("ours", name), &wire, |b, wire| {
            b.iter(|| ours_retr(&decoder, black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("ours_whole", name), &wire, |b, wire| {
            b.iter(|| ours_retr_whole(&decoder, black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("pop3-codec", name), &wire, |b, wire| {
            b.iter(|| peer_retr(black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("memmem", name), &wire, |b, wire| {
            b.iter(|| memchr::memmem::find(black_box(wire), b"\r\n.\r\n"))
        });
        group.bench_with_input(BenchmarkId::new("copy", name), &wire, |b, wire| {
            b.iter(|| black_box(wire.to_vec()))
        });
    }
    group.finish();

    // Encoding a RETR answer: the server dot-stuffs the body.
    let mut group = c.benchmark_group("pop3_retr_encode");
    for (name, size) in [("1MiB", 1024 * 1024), ("25MiB", 25 * 1024 * 1024)] {
        let body = inputs::message_body(size);
        let wire = inputs::pop3::retr_response(&body);
        let Ok(Decoded::Complete { value, .. }) = decoder.decode(&wire, Expect::Message) else {
            panic!("ours")
        };
        let value = value.into_owned();
        let mut out = Vec::with_capacity(wire.len() * 2);
        value.encode(&mut out);
        assert!(out == wire, "our encoding reproduces the RETR answer");
        group.throughput(both(1, wire.len()));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("ours", name), |b| {
            b.iter(|| {
                out.clear();
                black_box(&value).encode(&mut out);
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, commands, uidl, retr);
criterion_main!(benches);
