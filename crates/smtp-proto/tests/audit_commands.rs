//! Command decoding against RFC 5321 §4.1 and the lines real clients send.

use mail_core::address::Path;
use smtp_proto::types::params::{AuthParam, Body};
use smtp_proto::{Command, CommandDecoder, DecodeErrorKind, Decoded, Encode};

fn ok<'a>(d: &CommandDecoder, line: &'a [u8]) -> Command<'a> {
    match d.decode(line) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, line.len(), "{}", String::from_utf8_lossy(line));
            value
        }
        other => panic!("{}: {other:?}", String::from_utf8_lossy(line)),
    }
}

/// Python's smtplib writes verbs in lower case and the rest as given (`mail FROM:<...>`,
/// `rcpt TO:<...>`, `ehlo [127.0.1.1]` when the host name has no dot); RFC 5321 §2.4: verbs
/// are case-insensitive.
#[test]
fn python_smtplib_lower_case_verbs() {
    let d = CommandDecoder::new();
    assert!(matches!(ok(&d, b"ehlo [127.0.1.1]\r\n"), Command::Ehlo(_)));
    let Command::Mail { from, params } = ok(&d, b"mail FROM:<alice@example.org> size=1234\r\n")
    else {
        panic!()
    };
    assert_eq!(from.to_string(), "<alice@example.org>");
    assert_eq!(params.size, Some(1234));
    assert!(matches!(
        ok(&d, b"rcpt TO:<bob@example.org>\r\n"),
        Command::Rcpt { .. }
    ));
    for (line, cmd) in [
        (&b"data\r\n"[..], Command::Data),
        (b"rset\r\n", Command::Rset),
        (b"quit\r\n", Command::Quit),
        (b"starttls\r\n", Command::StartTls),
        (b"noop\r\n", Command::Noop(None)),
    ] {
        assert_eq!(ok(&d, line), cmd);
    }
}

/// Thunderbird and Apple Mail greet with an address literal (RFC 5321 §4.1.3), IPv4 or IPv6.
#[test]
fn mail_clients_greet_with_address_literals() {
    let d = CommandDecoder::new();
    for line in [
        &b"EHLO [192.168.1.20]\r\n"[..],
        b"EHLO [IPv6:2001:db8::1]\r\n",
        b"EHLO [IPv6:fe80::1c2b:3cff:fe4d:5e6f]\r\n",
    ] {
        assert!(matches!(ok(&d, line), Command::Ehlo(_)));
    }
    let c = ok(&d, b"RCPT TO:<user@[IPv6:2001:db8::1]>\r\n");
    assert_eq!(c, d.decode(&c.to_bytes()).unwrap().complete().unwrap().0);
}

/// Bounces and DSNs (RFC 5321 §4.5.5, Postfix and Sendmail bounce senders): the null
/// reverse-path with parameters, and the RFC 4954 §5 `AUTH=<>` that curl and Exchange send.
#[test]
fn null_reverse_path_with_parameters() {
    let d = CommandDecoder::new();
    let Command::Mail { from, params } =
        ok(&d, b"MAIL FROM:<> SIZE=2048 BODY=8BITMIME AUTH=<>\r\n")
    else {
        panic!()
    };
    assert_eq!(from, Path::Null);
    assert_eq!(params.size, Some(2048));
    assert_eq!(params.body, Some(Body::EightBitMime));
    assert_eq!(params.auth, Some(AuthParam::Unknown));
}

/// RFC 5321 §4.1.2 quoted local parts keep their quotes, spaces and specials, and survive
/// decode and encode unchanged.
#[test]
fn quoted_local_parts() {
    let d = CommandDecoder::new();
    for line in [
        &b"MAIL FROM:<\"john doe\"@example.com>\r\n"[..],
        b"RCPT TO:<\"a@b\"@example.com> NOTIFY=NEVER\r\n",
        b"RCPT TO:<\"x\\\"y\"@example.com>\r\n",
    ] {
        let c = ok(&d, line);
        assert_eq!(c.to_bytes(), line);
    }
}

/// `MAIL FROM: <...>`: forbidden by RFC 5321 §4.1.2, sent by older Swift Mailer releases
/// (`RCPT TO: <...>`), smtp-cli and MailEnable 1.x. Refused by default with an error that
/// points at the space; accepted under the `space_after_colon` leniency, null path and
/// parameters included.
#[test]
fn space_after_colon_leniency() {
    let strict = CommandDecoder::new();
    let e = strict
        .decode(b"MAIL FROM: <alice@example.org>\r\n")
        .unwrap_err();
    assert!(matches!(e.kind, DecodeErrorKind::Syntax { .. }));
    assert_eq!(e.offset, 10);
    let lenient = CommandDecoder::new().with_space_after_colon(true);
    assert!(matches!(
        ok(&lenient, b"MAIL FROM: <alice@example.org> SIZE=10\r\n"),
        Command::Mail { params, .. } if params.size == Some(10)
    ));
    assert!(matches!(
        ok(&lenient, b"RCPT TO: <bob@example.org>\r\n"),
        Command::Rcpt { .. }
    ));
    assert!(matches!(
        ok(&lenient, b"MAIL FROM: <>\r\n"),
        Command::Mail {
            from: Path::Null,
            ..
        }
    ));
}

/// A client puts its own machine name in `EHLO`: Windows and NetBIOS names carry `_`
/// (`DESKTOP-AB12_X`), some resolvers hand out a root dot (`mail.example.com.`). RFC 5321
/// §4.1.2 `Domain` refuses both (a 501 that ends smtplib's session); the `relaxed_helo`
/// leniency accepts them in `EHLO`/`HELO`/`LHLO` only, and writes them back as read.
#[test]
fn relaxed_helo_leniency() {
    let strict = CommandDecoder::new();
    let relaxed = CommandDecoder::new().with_relaxed_helo(true);
    for line in [
        &b"EHLO DESKTOP-AB12_X\r\n"[..],
        b"helo my_host.lan\r\n",
        b"EHLO mail.example.com.\r\n",
        b"LHLO -lmtp-client\r\n",
    ] {
        assert!(
            strict.decode(line).is_err(),
            "{}",
            String::from_utf8_lossy(line)
        );
        let cmd = ok(&relaxed, line);
        let (Command::Ehlo(host) | Command::Helo(host) | Command::Lhlo(host)) = &cmd else {
            panic!("{cmd:?}")
        };
        assert_eq!(host.to_bytes(), line[5..line.len() - 2].to_vec());
        assert_eq!(ok(&relaxed, &cmd.to_bytes()), cmd);
    }
    // Still one name: a second word, an empty label or a bare IPv6 address stay errors.
    for line in [
        &b"EHLO my host\r\n"[..],
        b"EHLO a..b\r\n",
        b"EHLO [::1]\r\n",
        b"EHLO\r\n",
    ] {
        assert!(
            relaxed.decode(line).is_err(),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    // Addresses keep the RFC grammar.
    assert!(relaxed.decode(b"RCPT TO:<bob@my_host.lan>\r\n").is_err());
}

/// Nim's `std/smtp` sends `DATA ` with a trailing space: refused by default (RFC 5321
/// §4.1.1.4 `data = "DATA" CRLF`), accepted under the `trailing_space` leniency.
#[test]
fn trailing_space_leniency() {
    assert!(CommandDecoder::new().decode(b"DATA \r\n").is_err());
    let lenient = CommandDecoder::new().with_trailing_space(true);
    assert_eq!(ok(&lenient, b"DATA \r\n"), Command::Data);
    assert!(matches!(
        ok(&lenient, b"MAIL FROM:<a@example.org> SIZE=1 \r\n"),
        Command::Mail { .. }
    ));
}

/// RFC 3461 §4.4 and §4.2: ENVID values up to 100 characters and ORCPT values up to 500;
/// longer ones are a typed limit error even when the line limit is raised.
#[test]
fn dsn_parameter_length_limits() {
    let d = CommandDecoder::new().with_max_line_len(4096);
    let orcpt = |n: usize| format!("RCPT TO:<a@b.example> ORCPT=rfc822;{}\r\n", "x".repeat(n));
    assert!(d.decode(orcpt(493).as_bytes()).is_ok());
    let e = d.decode(orcpt(494).as_bytes()).unwrap_err();
    assert!(matches!(
        e.kind,
        DecodeErrorKind::LimitExceeded { limit: 500, .. }
    ));
    let envid = |n: usize| format!("MAIL FROM:<a@b.example> ENVID={}\r\n", "x".repeat(n));
    assert!(d.decode(envid(100).as_bytes()).is_ok());
    let e = d.decode(envid(101).as_bytes()).unwrap_err();
    assert!(matches!(
        e.kind,
        DecodeErrorKind::LimitExceeded { limit: 100, .. }
    ));
}

/// RFC 5321 §4.1.2: after the closing `>` only `SP esmtp-param` or CRLF may follow; a parser
/// that skipped other bytes took `MAIL FROM:<>>>>>` for the null path (a bug fixed in
/// stalwart's smtp-proto).
#[test]
fn garbage_after_the_path_is_an_error() {
    let d = CommandDecoder::new();
    for line in [
        &b"MAIL FROM:<>>>>>\r\n"[..],
        b"MAIL FROM:<a@b.com>>>\r\n",
        b"RCPT TO:<>>>>>\r\n",
        b"RCPT TO:<a@b.com>!x\r\n",
        b"MAIL FROM:<a@b.com> =x\r\n",
        b"MAIL FROM:<a@b.com> SIZE=\r\n",
    ] {
        let e = d.decode(line).unwrap_err();
        assert_eq!(
            e.skip,
            Some(line.len()),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
}

/// RFC 3461 §5.4: "A conforming MTA MUST be able to accept SMTP command-lines which are at
/// least 1036 characters long" with DSN; RFC 5321 §4.5.3.1.4 lets extensions raise the 512
/// octets. A RCPT with a 254-octet address, NOTIFY and a matching ORCPT (as Exchange and
/// Postfix send them for DSN) is longer than 512 and decodes by default; other commands keep
/// the 512 limit, and MAIL/RCPT lines past MAX_MAIL_RCPT_LINE are a typed error.
#[test]
fn mail_and_rcpt_lines_get_the_extension_allowance() {
    use smtp_proto::decode::{MAX_COMMAND_LINE, MAX_MAIL_RCPT_LINE};
    let local = "a".repeat(64);
    let domain = format!(
        "{}.{}.{}.example",
        "b".repeat(60),
        "c".repeat(60),
        "d".repeat(59)
    );
    let addr = format!("{local}@{domain}");
    assert_eq!(addr.len(), 254);
    let line = format!("RCPT TO:<{addr}> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;{addr}\r\n");
    assert!(line.len() > MAX_COMMAND_LINE);
    let d = CommandDecoder::new();
    assert!(matches!(ok(&d, line.as_bytes()), Command::Rcpt { .. }));
    let mail = format!(
        "mail FROM:<{addr}> SIZE=12345678901234567890 BODY=BINARYMIME SMTPUTF8 REQUIRETLS RET=HDRS ENVID={} AUTH={addr}\r\n",
        "e".repeat(100)
    );
    assert!(mail.len() > MAX_COMMAND_LINE && mail.len() <= MAX_MAIL_RCPT_LINE);
    assert!(matches!(ok(&d, mail.as_bytes()), Command::Mail { .. }));
    let mut too_long = format!("MAIL FROM:<{addr}> X=");
    too_long.push_str(&"x".repeat(MAX_MAIL_RCPT_LINE - too_long.len() - 1));
    too_long.push_str("\r\n");
    assert_eq!(
        d.decode(too_long.as_bytes()).unwrap_err().kind,
        DecodeErrorKind::LineTooLong {
            limit: MAX_MAIL_RCPT_LINE
        }
    );
    let noop = format!("NOOP {}\r\n", "x".repeat(600));
    assert_eq!(
        d.decode(noop.as_bytes()).unwrap_err().kind,
        DecodeErrorKind::LineTooLong { limit: 512 }
    );
}
