//! Command decoding tables (RFC 5321 §4.1.1, §4.1.2 and the extension RFCs).

use mail_core::address::Path;
use smtp_proto::types::params::{AuthParam, Body, ByMode, Hold, Notify, Ret, RrvsAction};
use smtp_proto::{Command, CommandDecoder, DecodeErrorKind, Decoded, Encode};

fn decode(input: &[u8]) -> Command<'_> {
    let (c, used) = CommandDecoder::new()
        .decode(input)
        .unwrap_or_else(|e| panic!("{:?}: {e}", String::from_utf8_lossy(input)))
        .complete()
        .expect("complete");
    assert_eq!(used, input.len());
    c
}

fn error(input: &[u8]) -> DecodeErrorKind {
    let e = CommandDecoder::new().decode(input).expect_err("an error");
    // A malformed line is skipped exactly (RFC 5321 §4.1.4 the server answers and goes on).
    assert_eq!(
        e.skip,
        Some(input.len()),
        "{:?}",
        String::from_utf8_lossy(input)
    );
    e.kind
}

/// Every command verb of the specification decodes, case-insensitively, and re-encodes to the
/// canonical form.
#[test]
fn all_verbs_decode_and_reencode() {
    let cases: &[(&[u8], &[u8])] = &[
        (b"EHLO mail.example.com\r\n", b"EHLO mail.example.com\r\n"),
        (b"ehlo [192.0.2.1]\r\n", b"EHLO [192.0.2.1]\r\n"),
        (b"HELO example.com\r\n", b"HELO example.com\r\n"),
        (b"LHLO example.com\r\n", b"LHLO example.com\r\n"),
        (b"mail from:<a@b.c>\r\n", b"MAIL FROM:<a@b.c>\r\n"),
        (b"MAIL FROM:<>\r\n", b"MAIL FROM:<>\r\n"),
        (b"RCPT TO:<postmaster>\r\n", b"RCPT TO:<Postmaster>\r\n"),
        (b"DATA\r\n", b"DATA\r\n"),
        (b"BDAT 1000 LAST\r\n", b"BDAT 1000 LAST\r\n"),
        (b"bdat 0 last\r\n", b"BDAT 0 LAST\r\n"),
        (b"BDAT 42\r\n", b"BDAT 42\r\n"),
        (b"RSET\r\n", b"RSET\r\n"),
        (b"VRFY Smith\r\n", b"VRFY Smith\r\n"),
        (b"EXPN Example-People\r\n", b"EXPN Example-People\r\n"),
        (b"HELP\r\n", b"HELP\r\n"),
        (b"HELP MAIL\r\n", b"HELP MAIL\r\n"),
        (b"NOOP\r\n", b"NOOP\r\n"),
        (b"NOOP anything here\r\n", b"NOOP anything here\r\n"),
        (b"QUIT\r\n", b"QUIT\r\n"),
        (b"StartTLS\r\n", b"STARTTLS\r\n"),
        (b"AUTH PLAIN\r\n", b"AUTH PLAIN\r\n"),
        (
            b"AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
            b"AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
        ),
        (b"AUTH EXTERNAL =\r\n", b"AUTH EXTERNAL =\r\n"),
        (b"ETRN @example.com\r\n", b"ETRN @example.com\r\n"),
        (b"ATRN\r\n", b"ATRN\r\n"),
        (
            b"ATRN a.example,b.example\r\n",
            b"ATRN a.example,b.example\r\n",
        ),
        (
            b"BURL imap://u@h/INBOX;UID=1 LAST\r\n",
            b"BURL imap://u@h/INBOX;UID=1 LAST\r\n",
        ),
    ];
    for (input, canonical) in cases {
        let c = decode(input);
        assert_eq!(&c.to_bytes()[..], &canonical[..], "{c:?}");
        assert_eq!(decode(canonical), c);
    }
}

/// The typed ESMTP parameters of MAIL (RFC 1870, 6152, 3030, 6531, 3461, 4954, 6710, 8689,
/// 4865, 2852) and RCPT (RFC 3461, 7293).
#[test]
fn typed_parameters() {
    let c = decode(
        b"MAIL FROM:<a@b.c> SIZE=12345 BODY=8BITMIME RET=HDRS ENVID=QQ+2B314 AUTH=a+2Bb@c.d \
MT-PRIORITY=-3 REQUIRETLS HOLDFOR=600 BY=-120;NT TRANSID=<x@y> MTRK SOLICIT=org.example X-EXT=1 XFLAG\r\n",
    );
    let Command::Mail { params: p, .. } = &c else {
        panic!()
    };
    assert_eq!(p.size, Some(12345));
    assert_eq!(p.body, Some(Body::EightBitMime));
    assert_eq!(p.ret, Some(Ret::Headers));
    assert_eq!(p.envid.as_ref().unwrap().decoded().as_ref(), b"QQ+314");
    assert!(matches!(&p.auth, Some(AuthParam::Mailbox(x)) if x.decoded().as_ref() == b"a+b@c.d"));
    assert_eq!(p.mt_priority.unwrap().get(), -3);
    assert!(p.requiretls);
    assert_eq!(p.hold, Some(Hold::For(600)));
    let by = p.by.unwrap();
    assert_eq!((by.time, by.mode, by.trace), (-120, ByMode::Notify, true));
    assert_eq!(p.transid.as_ref().unwrap().as_str(), "<x@y>");
    assert_eq!(p.mtrk, Some(None));
    assert_eq!(p.extensions.len(), 2);
    assert_eq!(
        p.extensions
            .get("x-ext")
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .as_str(),
        "1"
    );
    assert_eq!(decode(&c.to_bytes()), c);

    let c = decode(
        b"MAIL FROM:<a@b.c> HOLDUNTIL=2026-12-01T10:00:00Z BODY=BINARYMIME AUTH=<> SMTPUTF8\r\n",
    );
    let Command::Mail { params: p, .. } = &c else {
        panic!()
    };
    assert!(matches!(p.hold, Some(Hold::Until(_))));
    assert_eq!(p.body, Some(Body::BinaryMime));
    assert_eq!(p.auth, Some(AuthParam::Unknown));
    assert!(p.smtputf8);

    let c = decode(b"RCPT TO:<x@y.z> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;x+2By@y.z RRVS=2014-04-03T23:01:00Z;C\r\n");
    let Command::Rcpt { params: p, .. } = &c else {
        panic!()
    };
    assert_eq!(
        p.notify,
        Some(Notify {
            success: true,
            failure: false,
            delay: true
        })
    );
    let o = p.orcpt.as_ref().unwrap();
    assert_eq!(
        (&*o.addr_type, o.address.decoded().as_ref()),
        ("rfc822", &b"x+y@y.z"[..])
    );
    assert_eq!(p.rrvs.as_ref().unwrap().action, Some(RrvsAction::Continue));
    assert_eq!(decode(&c.to_bytes()), c);
    let c = decode(b"RCPT TO:<x@y.z> NOTIFY=NEVER\r\n");
    let Command::Rcpt { params: p, .. } = &c else {
        panic!()
    };
    assert!(p.notify.unwrap().is_never());
}

/// Malformed commands: what kind of error each gives (500 for unknown, 501 for syntax).
#[test]
fn errors() {
    assert_eq!(
        error(b"XYZZY foo\r\n"),
        DecodeErrorKind::unknown_command(b"XYZZY")
    );
    assert_eq!(
        error(b"MAILFROM:<a@b>\r\n"),
        DecodeErrorKind::unknown_command(b"MAILFROM:<a@b>")
    );
    // RFC 1870 §6: a SIZE that does not fit is an error, never a wrapped number.
    assert_eq!(
        error(b"MAIL FROM:<a@b.c> SIZE=99999999999999999999999\r\n"),
        DecodeErrorKind::NumberOverflow
    );
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> SIZE=1 SIZE=2\r\n"),
        DecodeErrorKind::Duplicate { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> X=1 x=2\r\n"),
        DecodeErrorKind::Duplicate { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> HOLDFOR=1 HOLDUNTIL=2026-01-01T00:00:00Z\r\n"),
        DecodeErrorKind::Duplicate { .. }
    ));
    // RFC 3461 §4.1: NEVER stands alone.
    assert!(matches!(
        error(b"RCPT TO:<a@b.c> NOTIFY=NEVER,DELAY\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    // RFC 6710: priorities are -9..9.
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> MT-PRIORITY=10\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    // RFC 2852 §4: R needs a positive time; by-time has at most 9 digits.
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> BY=-5;R\r\n"),
        DecodeErrorKind::NumberOutOfRange
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> BY=1234567890;N\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    // A parameter on the wrong command (each where its RFC puts it).
    assert!(matches!(
        error(b"RCPT TO:<a@b.c> SIZE=10\r\n"),
        DecodeErrorKind::Invalid { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> NOTIFY=NEVER\r\n"),
        DecodeErrorKind::Invalid { .. }
    ));
    // RFC 5321 §4.1.2: parameters are separated by one SP; no "=" in a value.
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c>  SIZE=1\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> SIZE=\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> X=a=b\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c>SIZE=1\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"MAIL FROM: <a@b.c>\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"DATA x\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"BDAT x\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(
        error(b"BDAT 1 FIRST\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    assert!(matches!(error(b"EHLO\r\n"), DecodeErrorKind::Syntax { .. }));
    assert!(matches!(
        error(b"AUTH PLAIN !!!\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    // RFC 4954 §5: AUTH= must decode to a mailbox.
    assert!(matches!(
        error(b"MAIL FROM:<a@b.c> AUTH=nobody\r\n"),
        DecodeErrorKind::Syntax { .. }
    ));
    // 8-bit without SMTPUTF8, invalid UTF-8 with it.
    assert_eq!(
        error("MAIL FROM:<j\u{f6}rg@b.c>\r\n".as_bytes()),
        DecodeErrorKind::EightBit
    );
    let e = CommandDecoder::new()
        .with_utf8(true)
        .decode(b"NOOP \xff\r\n")
        .unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::InvalidUtf8);
    // RFC 5321 §2.3.8: bare LF does not end a command.
    assert_eq!(
        CommandDecoder::new().decode(b"NOOP\n").unwrap_err().kind,
        DecodeErrorKind::BareLf
    );
}

/// RFC 6531 §3.4: with SMTPUTF8 negotiated, UTF-8 addresses need the SMTPUTF8 parameter.
#[test]
fn smtputf8_addresses() {
    let d = CommandDecoder::new().with_utf8(true);
    let input = "MAIL FROM:<j\u{f6}rg@b.c> SMTPUTF8\r\n".as_bytes();
    let (c, _) = d.decode(input).unwrap().complete().unwrap();
    assert_eq!(c.to_bytes(), input);
    let e = d
        .decode("MAIL FROM:<j\u{f6}rg@b.c>\r\n".as_bytes())
        .unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::EightBit);
}

/// RFC 5321 §4.5.3.1.4: 512 octets per command line, 12288 for AUTH (RFC 4954 §4); both
/// configurable.
#[test]
fn line_limits() {
    let mut long = b"NOOP ".to_vec();
    long.resize(510, b'x');
    long.extend_from_slice(b"\r\n");
    assert!(CommandDecoder::new().decode(&long).unwrap().is_complete());
    let mut longer = long.clone();
    longer.insert(6, b'x');
    assert_eq!(error(&longer), DecodeErrorKind::LineTooLong { limit: 512 });
    // Without the line's end: an error without skip (the caller discards until LF).
    let e = CommandDecoder::new().decode(&[b'x'; 600]).unwrap_err();
    assert_eq!(
        (e.kind, e.skip),
        (DecodeErrorKind::LineTooLong { limit: 512 }, None)
    );
    assert!(
        CommandDecoder::new()
            .with_max_line_len(1000)
            .decode(&longer)
            .unwrap()
            .is_complete()
    );
    let mut auth = b"AUTH PLAIN ".to_vec();
    auth.extend(std::iter::repeat_n(b'A', 4000));
    auth.extend_from_slice(b"\r\n");
    assert!(CommandDecoder::new().decode(&auth).unwrap().is_complete());
}

/// Every prefix of a valid command is need-more input, never an error.
#[test]
fn every_prefix_is_incomplete() {
    let inputs: &[&[u8]] = &[
        b"MAIL FROM:<\"foo bar\"@example.com> SIZE=100 BODY=8BITMIME ENVID=x+2By\r\n",
        b"RCPT TO:<a@[IPv6:2001:db8::1]> NOTIFY=FAILURE ORCPT=rfc822;a@b\r\n",
        b"AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
        b"STARTTLS\r\n",
        b"BDAT 5 LAST\r\n",
    ];
    let d = CommandDecoder::new();
    for input in inputs {
        for n in 0..input.len() {
            assert_eq!(d.decode(&input[..n]), Ok(Decoded::Incomplete), "{n}");
        }
        assert!(d.decode(input).unwrap().is_complete());
    }
}

/// A quoted local part holding `>`, SP and `=` stays one local part: it can never end the
/// path or inject a parameter, and it re-encodes unchanged.
#[test]
fn quoted_local_part_cannot_inject_parameters() {
    let input = b"RCPT TO:<\"foo@x> ORCPT=admin@y\"@z>\r\n";
    let c = decode(input);
    let Command::Rcpt {
        to: Path::Mailbox(m),
        params,
    } = &c
    else {
        panic!("{c:?}")
    };
    assert_eq!(m.local_part().unquoted(), "foo@x> ORCPT=admin@y");
    assert!(params.orcpt.is_none() && params.extensions.is_empty());
    assert_eq!(c.to_bytes(), input);
    let input = b"MAIL FROM:<\"a> SIZE=1 AUTH=<>\"@z> SIZE=5\r\n";
    let c = decode(input);
    let Command::Mail { params, .. } = &c else {
        panic!()
    };
    assert_eq!((params.size, &params.auth), (Some(5), &None));
    assert_eq!(c.to_bytes(), input);
}

/// Named leniencies: trailing spaces, `FROM: <...>`, bare LF.
#[test]
fn leniencies() {
    let d = CommandDecoder::new()
        .with_trailing_space(true)
        .with_space_after_colon(true)
        .with_bare_lf(true);
    assert_eq!(
        d.decode(b"QUIT  \n").unwrap().complete().unwrap().0,
        Command::Quit
    );
    assert!(d.decode(b"MAIL FROM: <a@b.c>\r\n").unwrap().is_complete());
}
