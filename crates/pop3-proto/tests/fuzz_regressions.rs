//! Inputs the fuzz targets found, kept as tests of the behaviour that was fixed.

use pop3_proto::{DecodeErrorKind, Decoded, Expect, ListingKind, ResponseDecoder};

/// RFC 2449 §4 (512-octet lines): an over-long line in a multi-line listing ends the decoding
/// with `LineTooLong` whether or not the line's CRLF has arrived, so a client gets the same
/// outcome however the TCP stream was cut (found by `pop3_codec`, response chunking).
#[test]
fn over_long_listing_line_fails_the_same_before_and_after_its_end() {
    let mut wire = b"+OK\r\n1 120\r\n2 ".to_vec();
    wire.extend(std::iter::repeat_n(b'9', 600));
    let cut = wire.len();
    wire.extend_from_slice(b"\r\n3 5\r\n.\r\n");
    let decoder = ResponseDecoder::default();
    let expect = Expect::Listing(ListingKind::Scan);
    for input in [&wire[..cut], &wire[..]] {
        let err = decoder.decode(input, expect).unwrap_err();
        assert!(
            matches!(err.kind, DecodeErrorKind::LineTooLong { .. }),
            "{err:?}"
        );
        assert_eq!(err.skip, None);
    }
    // Shorter lines are unaffected.
    let ok = b"+OK\r\n1 120\r\n.\r\n";
    assert!(matches!(
        decoder.decode(ok, expect),
        Ok(Decoded::Complete { consumed: 15, .. })
    ));
}
