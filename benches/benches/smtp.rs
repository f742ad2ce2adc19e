//! SMTP: commands, replies, DATA and BDAT bodies, decoded and encoded by `smtp-proto` (ours)
//! beside stalwart's `smtp-proto` from crates.io on the same bytes, and beside the physical
//! references (a memmem scan for the terminator, a plain copy) for bodies.

use std::hint::black_box;
use std::slice::Iter;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_core::dot::{BareLineEndings, DotDecoder};
use smtp_proto::{Command, CommandDecoder, Decoded, EhloReply, Encode, IntoOwned, ReplyDecoder};
use stalwart_smtp_proto as stalwart;

use benches::inputs;

#[global_allocator]
static GLOBAL: &benches::Allocator = benches::INSTRUMENTED;

const BODY_SIZES: [(&str, usize); 3] = [
    ("1KiB", 1024),
    ("1MiB", 1024 * 1024),
    ("25MiB", 25 * 1024 * 1024),
];

fn both(elements: usize, bytes: usize) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: elements as u64,
        bytes: bytes as u64,
    }
}

/// Decodes every command of `input` with our decoder; returns how many.
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

/// Decodes every command of `input` with stalwart's parser; returns how many.
fn stalwart_commands(input: &[u8]) -> usize {
    let mut iter: Iter<'_, u8> = input.iter();
    let mut n = 0;
    while iter.len() > 0 {
        match stalwart::Request::parse(&mut iter) {
            Ok(request) => {
                black_box(&request);
                n += 1;
            }
            Err(e) => panic!("stalwart: {e:?}"),
        }
    }
    n
}

fn commands(c: &mut Criterion) {
    let (session, count) = inputs::smtp::client_session();
    let decoder = CommandDecoder::new();
    let group_name = "smtp_commands";
    let n = benches::count_allocations(GLOBAL, group_name, "ours", count, || {
        ours_commands(&decoder, &session)
    });
    assert_eq!(n, count);
    let n = benches::count_allocations(GLOBAL, group_name, "stalwart", count, || {
        stalwart_commands(&session)
    });
    assert_eq!(n, count);
    // The target: MAIL and RCPT with parameters decode without allocating.
    let rcpt = inputs::smtp::rcpt_to(0);
    for (id, line) in [
        ("ours_mail", inputs::smtp::MAIL_FROM),
        ("ours_rcpt", &rcpt[..]),
    ] {
        benches::count_allocations(GLOBAL, group_name, id, 1, || ours_commands(&decoder, line));
    }
    for (id, line) in [
        ("stalwart_mail", inputs::smtp::MAIL_FROM),
        ("stalwart_rcpt", &rcpt[..]),
    ] {
        benches::count_allocations(GLOBAL, group_name, id, 1, || stalwart_commands(line));
    }

    let mut group = c.benchmark_group(group_name);
    group.throughput(both(count, session.len()));
    group.bench_function("ours", |b| {
        b.iter(|| ours_commands(&decoder, black_box(&session)))
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| stalwart_commands(black_box(&session)))
    });
    group.finish();

    // Encoding (stalwart has no command encoder).
    let mut owned: Vec<Command<'static>> = Vec::new();
    let mut input = &session[..];
    while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
        owned.push(value.into_owned());
        input = &input[consumed..];
    }
    let mut out = Vec::with_capacity(session.len() * 2);
    for command in &owned {
        command.encode(&mut out);
    }
    assert!(out == session, "our encoding reproduces the session");
    let mut group = c.benchmark_group("smtp_commands_encode");
    group.throughput(both(count, session.len()));
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            for command in black_box(&owned) {
                command.encode(&mut out);
            }
            out.len()
        })
    });
    group.finish();
}

fn ehlo(c: &mut Criterion) {
    let wire = inputs::smtp::ehlo_reply();
    let decoder = ReplyDecoder::new();
    let ours = |wire: &[u8]| {
        let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(wire) else {
            panic!("ours: reply")
        };
        let ehlo = EhloReply::from_reply(&reply).expect("ours: EHLO");
        ehlo.capabilities.len()
    };
    let stalwart = |wire: &[u8]| {
        let ehlo = stalwart::EhloResponse::parse(&mut wire.iter()).expect("stalwart: EHLO");
        ehlo.capabilities
    };
    let group_name = "smtp_ehlo_reply";
    let caps = benches::count_allocations(GLOBAL, group_name, "ours", 1, || ours(&wire));
    assert_eq!(caps, 14);
    benches::count_allocations(GLOBAL, group_name, "stalwart", 1, || stalwart(&wire));
    let mut group = c.benchmark_group(group_name);
    group.throughput(both(1, wire.len()));
    group.bench_function("ours", |b| b.iter(|| ours(black_box(&wire))));
    group.bench_function("stalwart", |b| b.iter(|| stalwart(black_box(&wire))));
    group.finish();

    let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(&wire) else {
        panic!("ours: reply")
    };
    let ours_value = EhloReply::from_reply(&reply)
        .expect("ours: EHLO")
        .into_owned();
    let stalwart_value = stalwart::EhloResponse::parse(&mut wire.iter()).expect("stalwart");
    let mut out = Vec::with_capacity(4096);
    let mut group = c.benchmark_group("smtp_ehlo_reply_encode");
    group.throughput(both(1, wire.len()));
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            black_box(&ours_value).encode(&mut out);
            out.len()
        })
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| {
            out.clear();
            black_box(&stalwart_value)
                .write(&mut out)
                .expect("stalwart: write");
            out.len()
        })
    });
    group.finish();
}

fn replies(c: &mut Criterion) {
    let (wire, count) = inputs::smtp::replies();
    let decoder = ReplyDecoder::new();
    let ours = |mut input: &[u8]| {
        let mut n = 0;
        while !input.is_empty() {
            let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) else {
                panic!("ours: reply")
            };
            black_box(&value);
            input = &input[consumed..];
            n += 1;
        }
        n
    };
    let stalwart = |input: &[u8]| {
        let mut iter = input.iter();
        let mut receiver = stalwart::response::parser::ResponseReceiver::default();
        let mut n = 0;
        while iter.len() > 0 {
            let reply = receiver.parse(&mut iter).expect("stalwart: reply");
            black_box(&reply);
            receiver.reset();
            n += 1;
        }
        n
    };
    let group_name = "smtp_replies";
    let n = benches::count_allocations(GLOBAL, group_name, "ours", count, || ours(&wire));
    assert_eq!(n, count);
    let n = benches::count_allocations(GLOBAL, group_name, "stalwart", count, || stalwart(&wire));
    assert_eq!(n, count);
    let mut group = c.benchmark_group(group_name);
    group.throughput(both(count, wire.len()));
    group.bench_function("ours", |b| b.iter(|| ours(black_box(&wire))));
    group.bench_function("stalwart", |b| b.iter(|| stalwart(black_box(&wire))));
    group.finish();

    // Encoding the same replies.
    let mut ours_values = Vec::new();
    let mut input = &wire[..];
    while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
        ours_values.push(value.into_owned());
        input = &input[consumed..];
    }
    let mut stalwart_values = Vec::new();
    let mut iter = wire.iter();
    let mut receiver = stalwart::response::parser::ResponseReceiver::default();
    while iter.len() > 0 {
        stalwart_values.push(receiver.parse(&mut iter).expect("stalwart"));
        receiver.reset();
    }
    let mut out = Vec::with_capacity(wire.len() * 2);
    let mut group = c.benchmark_group("smtp_replies_encode");
    group.throughput(both(count, wire.len()));
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            for reply in black_box(&ours_values) {
                reply.encode(&mut out);
            }
            out.len()
        })
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| {
            out.clear();
            for reply in black_box(&stalwart_values) {
                reply.write(&mut out).expect("stalwart: write");
            }
            out.len()
        })
    });
    group.finish();
}

/// Our server's DATA path: the mail-core dot decoder with the server's default policy
/// (a bare CR or LF is an error, RFC 5321 §2.3.8); returns the body length.
fn ours_data(wire: &[u8]) -> usize {
    unstuff(DotDecoder::new(), wire)
}

/// The same with bare CR and LF kept as data (no pairing check): what the check costs.
fn ours_data_preserve(wire: &[u8]) -> usize {
    unstuff(DotDecoder::with_policy(BareLineEndings::Preserve), wire)
}

/// Decodes a whole dot-stuffed block with `decoder`; returns the body length.
fn unstuff(mut decoder: DotDecoder, wire: &[u8]) -> usize {
    let mut input = wire;
    let mut total = 0;
    loop {
        let chunk = decoder.decode(input).expect("ours: valid block");
        total += chunk.data.len();
        input = &input[chunk.consumed..];
        if chunk.end {
            return total;
        }
    }
}

/// Stalwart's DATA receiver, unstuffing into `buf`; returns the body length.
fn stalwart_data(wire: &[u8], buf: &mut Vec<u8>) -> usize {
    buf.clear();
    let mut receiver = stalwart::request::receiver::DataReceiver::new();
    let mut iter = wire.iter();
    assert!(receiver.ingest(&mut iter, buf), "stalwart: end of data");
    buf.len()
}

fn data(c: &mut Criterion) {
    let group_name = "smtp_data";
    let mut group = c.benchmark_group(group_name);
    for (name, size) in BODY_SIZES {
        let body = inputs::message_body(size);
        let wire = inputs::dot_stuffed(&body);
        let mut buf = Vec::with_capacity(wire.len());
        let n = benches::count_allocations(GLOBAL, group_name, &format!("ours/{name}"), 1, || {
            ours_data(&wire)
        });
        assert_eq!(n, body.len());
        assert_eq!(ours_data_preserve(&wire), body.len());
        let n =
            benches::count_allocations(GLOBAL, group_name, &format!("stalwart/{name}"), 1, || {
                stalwart_data(&wire, &mut Vec::new())
            });
        assert_eq!(n, body.len());
        group.throughput(both(1, wire.len()));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("ours", name), &wire, |b, wire| {
            b.iter(|| ours_data(black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("ours_preserve", name), &wire, |b, wire| {
            b.iter(|| ours_data_preserve(black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("stalwart", name), &wire, |b, wire| {
            b.iter(|| stalwart_data(black_box(wire), &mut buf))
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

/// Our BDAT path: decode each `BDAT n [LAST]` command and take the next `n` bytes as a slice.
/// Returns the body length.
fn ours_bdat(decoder: &CommandDecoder, mut input: &[u8]) -> usize {
    let mut total = 0;
    loop {
        let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) else {
            panic!("ours: BDAT")
        };
        let Command::Bdat { size, last } = value else {
            panic!("ours: BDAT")
        };
        let size = usize::try_from(size).expect("chunk size");
        let chunk = &input[consumed..consumed + size];
        total += black_box(chunk).len();
        input = &input[consumed + size..];
        if last {
            return total;
        }
    }
}

/// Stalwart's BDAT path: parse each command, then its receiver collects the chunk into `buf`.
fn stalwart_bdat(input: &[u8], buf: &mut Vec<u8>) -> usize {
    buf.clear();
    let mut iter = input.iter();
    loop {
        let Ok(stalwart::Request::Bdat {
            chunk_size,
            is_last,
        }) = stalwart::Request::parse(&mut iter)
        else {
            panic!("stalwart: BDAT")
        };
        let mut receiver = stalwart::request::receiver::BdatReceiver::new(chunk_size, is_last);
        assert!(receiver.ingest(&mut iter, buf), "stalwart: whole chunk");
        if is_last {
            return buf.len();
        }
    }
}

fn bdat(c: &mut Criterion) {
    let group_name = "smtp_bdat";
    let decoder = CommandDecoder::new();
    let mut group = c.benchmark_group(group_name);
    for (name, size) in [("1MiB", 1024 * 1024), ("25MiB", 25 * 1024 * 1024)] {
        let body = inputs::message_body(size);
        let (wire, chunks) = inputs::smtp::bdat(&body);
        let mut buf = Vec::with_capacity(wire.len());
        let n = benches::count_allocations(GLOBAL, group_name, &format!("ours/{name}"), 1, || {
            ours_bdat(&decoder, &wire)
        });
        assert_eq!(n, body.len());
        let n =
            benches::count_allocations(GLOBAL, group_name, &format!("stalwart/{name}"), 1, || {
                stalwart_bdat(&wire, &mut Vec::new())
            });
        assert_eq!(n, body.len());
        group.throughput(both(chunks, wire.len()));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("ours", name), &wire, |b, wire| {
            b.iter(|| ours_bdat(&decoder, black_box(wire)))
        });
        group.bench_with_input(BenchmarkId::new("stalwart", name), &wire, |b, wire| {
            b.iter(|| stalwart_bdat(black_box(wire), &mut buf))
        });
        group.bench_with_input(BenchmarkId::new("copy", name), &wire, |b, wire| {
            b.iter(|| black_box(wire.to_vec()))
        });
    }
    group.finish();
}

criterion_group!(benches, commands, ehlo, replies, data, bdat);
criterion_main!(benches);
