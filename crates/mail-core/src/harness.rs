//! Properties shared by the fuzz targets (`fuzz/`) and the test suite.
//!
//! Each `check_*` function panics when a property does not hold; the fuzz targets call them on
//! fuzzer input and the proptests call them on generated input, so both check the same thing.
//! Compiled only for tests, under `cfg(fuzzing)`, and with the hidden `harness` feature (which
//! the protocol crates turn on for their own tests, to share the helpers here).

use crate::decode::{DecodeErrorKind, Decoded};
use crate::dot::{BareLineEndings, DotDecoder, DotEncoder};
use crate::line::{Discard, LineConfig, LineEndings, LineFramer};

/// Sorted cut points inside `0..=len` made from arbitrary numbers.
pub fn cut_points(cuts: &[usize], len: usize) -> Vec<usize> {
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (len + 1)).collect();
    bounds.push(len);
    bounds.sort_unstable();
    bounds
}

/// Feeds `input` in pieces cut at `cuts` to `decode` (which sees the bytes received and not yet
/// consumed) and collects what it decodes, `None` for an error, up to and including the first
/// error. A value must consume bytes, and `Incomplete` is only allowed while at most
/// `max_pending` bytes wait.
pub fn stream<T>(
    input: &[u8],
    cuts: &[usize],
    max_pending: usize,
    mut decode: impl FnMut(&[u8]) -> Result<Decoded<T>, Option<usize>>,
) -> Vec<Option<T>> {
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut fed = 0;
    for end in cut_points(cuts, input.len()) {
        buf.extend_from_slice(&input[fed..end.max(fed)]);
        fed = fed.max(end);
        loop {
            match decode(&buf) {
                Ok(Decoded::Complete { value, consumed }) => {
                    assert!(consumed > 0 && consumed <= buf.len(), "consumed {consumed}");
                    out.push(Some(value));
                    buf.drain(..consumed);
                }
                Ok(Decoded::Incomplete) => {
                    assert!(
                        buf.len() <= max_pending,
                        "Incomplete with {} bytes pending (limit {max_pending})",
                        buf.len()
                    );
                    break;
                }
                Err(_) => {
                    out.push(None);
                    return out;
                }
            }
        }
    }
    out
}

/// Four chunk boundaries from the first four bytes of `data`, and the rest.
pub fn split_cuts(data: &[u8]) -> Option<([usize; 4], &[u8])> {
    let [c1, c2, c3, c4, rest @ ..] = data else {
        return None;
    };
    Some((
        [
            usize::from(*c1),
            usize::from(*c2) * 3,
            usize::from(*c3) * 17,
            usize::from(*c4) * 101,
        ],
        rest,
    ))
}

/// Frames `input` into lines, fed in pieces cut at `cuts`, with a bounded buffer: an over-long
/// line is reported once and discarded.
pub fn frame_lines(
    input: &[u8],
    cuts: &[usize],
    config: LineConfig,
) -> Vec<Result<Vec<u8>, DecodeErrorKind>> {
    let mut framer = LineFramer::new(config);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut discarding = false;
    let mut fed = 0;
    for end in cut_points(cuts, input.len()) {
        buf.extend_from_slice(&input[fed..end.max(fed)]);
        fed = fed.max(end);
        loop {
            if discarding {
                match framer.discard(&buf) {
                    Discard::All => {
                        buf.clear();
                        break;
                    }
                    Discard::Done(n) => {
                        buf.drain(..n);
                        discarding = false;
                    }
                }
            }
            match framer.next_line(&buf) {
                Ok(Decoded::Complete { value, consumed }) => {
                    assert!(consumed <= config.max_len && consumed == value.len());
                    out.push(Ok(value.content.to_vec()));
                    buf.drain(..consumed);
                }
                Ok(Decoded::Incomplete) => {
                    assert!(
                        buf.len() < config.max_len,
                        "the framer asked for more input past the line limit"
                    );
                    break;
                }
                Err(e) => {
                    out.push(Err(e.kind.clone()));
                    match e.skip {
                        Some(n) => {
                            buf.drain(..n);
                        }
                        None => discarding = true,
                    }
                }
            }
        }
    }
    out
}

/// Line framing gives the same lines and errors however the input is chunked, and never
/// buffers more than the line limit.
pub fn check_line_framing(input: &[u8], cuts: &[usize], max_len: usize, accept_bare_lf: bool) {
    let mut config = LineConfig::new(max_len.max(1));
    if accept_bare_lf {
        config = config.with_line_endings(LineEndings::AcceptBareLf);
    }
    let whole = frame_lines(input, &[], config);
    let pieces = frame_lines(input, cuts, config);
    assert_eq!(whole, pieces, "chunking changed the framing");
}

/// The result of decoding a dot-stuffed block: the body, the bytes after the terminator (`None`
/// when the block did not end), and the errors with their offsets in the block.
pub type DotOutcome = (Vec<u8>, Option<Vec<u8>>, Vec<(u64, DecodeErrorKind)>);

/// Decodes a dot-stuffed block fed in pieces cut at `cuts`.
pub fn dot_decode(wire: &[u8], cuts: &[usize], policy: BareLineEndings) -> DotOutcome {
    let mut decoder = DotDecoder::with_policy(policy);
    let mut buf = Vec::new();
    let mut fed = 0;
    let mut body = Vec::new();
    let mut errors = Vec::new();
    for end in cut_points(cuts, wire.len()) {
        buf.extend_from_slice(&wire[fed..end.max(fed)]);
        fed = fed.max(end);
        loop {
            let before = decoder.position();
            match decoder.decode(&buf) {
                Ok(chunk) => {
                    assert!(chunk.consumed <= buf.len());
                    body.extend_from_slice(chunk.data);
                    let (consumed, end, more) = (chunk.consumed, chunk.end, chunk.needs_more());
                    buf.drain(..consumed);
                    if end {
                        buf.extend_from_slice(&wire[fed..]);
                        return (body, Some(buf), errors);
                    }
                    if more {
                        // Only a possible terminator or a CR is ever held back.
                        assert!(buf.len() <= 2, "decoder held back {} bytes", buf.len());
                        break;
                    }
                }
                Err(e) => {
                    errors.push((before + e.offset as u64, e.kind.clone()));
                    let skip = e.skip.expect("dot errors always know their extent");
                    assert!(skip >= 1 && skip <= buf.len());
                    buf.drain(..skip);
                }
            }
        }
    }
    (body, None, errors)
}

/// The dot decoder stops exactly at the first CR LF `.` CR LF (counting the start of the block
/// as following a CR LF), under both policies and however the input is chunked; chunking does
/// not change the body or the errors.
pub fn check_dot_decoder(raw: &[u8], cuts: &[usize]) {
    let mut framed = b"\r\n".to_vec();
    framed.extend_from_slice(raw);
    let expected_end = memchr::memmem::find(&framed, b"\r\n.\r\n").map(|i| i + 3);
    for policy in [BareLineEndings::Reject, BareLineEndings::Preserve] {
        let whole = dot_decode(raw, &[], policy);
        let pieces = dot_decode(raw, cuts, policy);
        assert_eq!(
            whole, pieces,
            "chunking changed the outcome under {policy:?}"
        );
        let rest_len = whole.1.as_ref().map(Vec::len);
        assert_eq!(
            rest_len,
            expected_end.map(|end| raw.len() - end),
            "the block ended at the wrong place under {policy:?}"
        );
        if policy == BareLineEndings::Preserve {
            assert!(whole.2.is_empty());
        }
    }
}

/// Stuffing then unstuffing any CR LF text gives it back (with a final CR LF added when it had
/// none), with the encoder and the decoder each fed in pieces.
pub fn check_dot_roundtrip(body: &[u8], cuts: &[usize]) {
    let mut wire = Vec::new();
    let mut encoder = DotEncoder::new();
    let mut pos = 0;
    let mut accepted = true;
    for end in cut_points(cuts, body.len()) {
        if encoder.encode(&body[pos..end.max(pos)], &mut wire).is_err() {
            accepted = false;
            break;
        }
        pos = pos.max(end);
    }
    let finished = accepted && encoder.finish(&mut wire).is_ok();
    // The encoder refuses exactly the bodies with a bare CR or LF.
    let has_bare = {
        let mut bare = false;
        for (i, &b) in body.iter().enumerate() {
            let ok = match b {
                b'\r' => body.get(i + 1) == Some(&b'\n'),
                b'\n' => i > 0 && body[i - 1] == b'\r',
                _ => true,
            };
            bare |= !ok;
        }
        bare
    };
    assert_eq!(finished, !has_bare, "encoder acceptance");
    if !finished {
        return;
    }
    let mut expected = body.to_vec();
    if !expected.is_empty() && !expected.ends_with(b"\r\n") {
        expected.extend_from_slice(b"\r\n");
    }
    let (decoded, rest, errors) = dot_decode(&wire, cuts, BareLineEndings::Reject);
    assert!(errors.is_empty());
    assert_eq!(decoded, expected);
    assert_eq!(rest, Some(Vec::new()));
}

/// Fuzz target `line_framer`: the first byte is the line limit, the second the bare-LF policy,
/// the next four choose the chunk boundaries.
pub fn fuzz_line_framer(data: &[u8]) {
    let [limit, flags, c1, c2, c3, c4, input @ ..] = data else {
        return;
    };
    let cuts = [
        *c1 as usize,
        *c2 as usize * 7,
        *c3 as usize * 31,
        *c4 as usize * 131,
    ];
    check_line_framing(input, &cuts, *limit as usize + 1, flags & 1 == 1);
}

/// Fuzz target `dot_decoder`: the first four bytes choose the chunk boundaries.
pub fn fuzz_dot_decoder(data: &[u8]) {
    let [c1, c2, c3, c4, input @ ..] = data else {
        return;
    };
    let cuts = [
        *c1 as usize,
        *c2 as usize * 3,
        *c3 as usize * 17,
        *c4 as usize * 101,
    ];
    check_dot_decoder(input, &cuts);
}

/// Fuzz target `dot_roundtrip`: the first three bytes choose the chunk boundaries.
pub fn fuzz_dot_roundtrip(data: &[u8]) {
    let [c1, c2, c3, input @ ..] = data else {
        return;
    };
    let cuts = [*c1 as usize, *c2 as usize * 5, *c3 as usize * 61];
    check_dot_roundtrip(input, &cuts);
}

/// Decodes `data` with `$ty::decode`; when that succeeds, encoding the value and decoding the
/// result again must give the same value.
macro_rules! check_roundtrip {
    ($ty:ty, $data:expr) => {{
        if let Ok(value) = <$ty>::decode($data) {
            let wire = crate::Encode::to_bytes(&value);
            let again = <$ty>::decode(&wire).unwrap_or_else(|e| {
                panic!("{} re-decode of {:?} failed: {e}", stringify!($ty), wire)
            });
            assert_eq!(value, again, "{} round trip", stringify!($ty));
        }
    }};
}

/// Fuzz target `sasl`: the first byte picks a SASL message decoder (wire form, mechanism name, or
/// a mechanism's message); no panic, and decode(encode(v)) == v for whatever decodes.
pub fn fuzz_sasl(data: &[u8]) {
    use crate::sasl::{self, wire};
    let [selector, input @ ..] = data else {
        return;
    };
    const MAX: usize = wire::DEFAULT_MAX_DECODED_LEN;
    match selector % 18 {
        0 => {
            if let Ok(response) = wire::decode_response(input, MAX) {
                let mut line = Vec::new();
                wire::encode_response(&response, &mut line);
                assert_eq!(
                    wire::decode_response(&line, MAX).expect("re-decode"),
                    response
                );
            }
        }
        1 => {
            if let Ok(response) = wire::decode_initial_response(input, MAX) {
                let mut line = Vec::new();
                wire::encode_initial_response(response.as_bytes().unwrap_or(b""), &mut line);
                if !response.is_cancel() {
                    let again = wire::decode_initial_response(&line, MAX).expect("re-decode");
                    assert_eq!(again, response);
                }
            }
        }
        2 => {
            if let Ok(challenge) = wire::decode_challenge(input, MAX) {
                let mut line = Vec::new();
                wire::encode_challenge(&challenge, &mut line);
                assert_eq!(
                    wire::decode_challenge(&line, MAX).expect("re-decode"),
                    challenge
                );
            }
        }
        3 => check_roundtrip!(sasl::Mechanism<'_>, input),
        4 => check_roundtrip!(sasl::plain::Response<'_>, input),
        5 => check_roundtrip!(sasl::login::Username<'_>, input),
        6 => check_roundtrip!(sasl::login::Password<'_>, input),
        7 => check_roundtrip!(sasl::anonymous::Response<'_>, input),
        8 => check_roundtrip!(sasl::external::Response<'_>, input),
        9 => check_roundtrip!(sasl::cram_md5::Challenge<'_>, input),
        10 => check_roundtrip!(sasl::cram_md5::Response<'_>, input),
        11 => check_roundtrip!(sasl::xoauth2::Response<'_>, input),
        12 => check_roundtrip!(sasl::oauthbearer::Response<'_>, input),
        13 => check_roundtrip!(sasl::oauthbearer::ErrorChallenge<'_>, input),
        14 => check_roundtrip!(sasl::scram::ClientFirst<'_>, input),
        15 => check_roundtrip!(sasl::scram::ServerFirst<'_>, input),
        16 => check_roundtrip!(sasl::scram::ClientFinal<'_>, input),
        _ => check_roundtrip!(sasl::scram::ServerFinal<'_>, input),
    }
}

/// Parses `$input` with `$parse`; when that succeeds, the value's encoding must parse, whole,
/// to the same value.
macro_rules! check_parse_roundtrip {
    ($input:expr, $parse:expr) => {{
        let parse = $parse;
        if let Ok((value, consumed)) = parse($input) {
            assert!(consumed <= $input.len());
            let wire = crate::Encode::to_bytes(&value);
            let (again, used) = parse(&wire).unwrap_or_else(|e| {
                panic!(
                    "re-parse of {:?} failed: {e}",
                    String::from_utf8_lossy(&wire)
                )
            });
            assert_eq!(used, wire.len(), "re-parse stopped early");
            assert_eq!(value, again);
        }
    }};
}

/// Fuzz target `address`: RFC 5321 paths, mailboxes and hosts, xtext and enhanced status codes.
/// The first byte picks the parser and whether SMTPUTF8 is on; no panic, and whatever parses
/// re-encodes to something that parses to the same value.
pub fn fuzz_address(data: &[u8]) {
    use crate::address::{self, AddressConfig};
    use crate::status::EnhancedStatusCode;
    let [selector, input @ ..] = data else {
        return;
    };
    let config = AddressConfig::new().with_utf8(selector & 0x80 != 0);
    match selector % 8 {
        0 => check_parse_roundtrip!(input, |b| address::parse_reverse_path(b, &config)),
        1 => check_parse_roundtrip!(input, |b| address::parse_forward_path(b, &config)),
        2 => check_parse_roundtrip!(input, |b| address::parse_mailbox(b, &config)),
        3 => check_parse_roundtrip!(input, |b| address::parse_host(b, &config)),
        4 => check_parse_roundtrip!(input, EnhancedStatusCode::parse),
        5 => check_parse_roundtrip!(input, EnhancedStatusCode::parse_lenient),
        _ => {
            if let Ok(decoded) = crate::xtext::decode(input) {
                let mut wire = Vec::new();
                crate::xtext::encode(&decoded, &mut wire);
                assert!(crate::xtext::is_valid(&wire));
                assert_eq!(crate::xtext::decode(&wire).expect("re-decode"), decoded);
            }
        }
    }
}

/// Runs `target` on every file of the committed corpus `fuzz/corpus/<name>/`, so that an input
/// the fuzzer once found stays a regression test. Returns how many inputs ran.
pub fn replay_corpus(name: &str, target: fn(&[u8])) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus {}: {e}", dir.display()));
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("corpus entry").path();
        let data = std::fs::read(&path).expect("corpus file");
        target(&data);
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed fuzz corpora stay regression tests.
    #[test]
    fn replay_committed_corpora() {
        for (name, target) in [
            ("line_framer", fuzz_line_framer as fn(&[u8])),
            ("dot_decoder", fuzz_dot_decoder),
            ("dot_roundtrip", fuzz_dot_roundtrip),
            ("sasl", fuzz_sasl),
            ("address", fuzz_address),
        ] {
            assert!(replay_corpus(name, target) > 0, "empty corpus {name}");
        }
    }
}
