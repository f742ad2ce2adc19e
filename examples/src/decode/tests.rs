//! The `decode` tool on the shipped sample sessions and on malformed streams.

use super::{Summary, decoder_for, run};

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs the tool and returns its summary and output.
fn decode(
    protocol: &str,
    direction: &str,
    input: &[u8],
    commands: Option<Vec<u8>>,
) -> (Summary, String) {
    let mut decoder = decoder_for(protocol, direction, commands).unwrap();
    let mut out = Vec::new();
    let summary = run(decoder.as_mut(), input, true, &mut out).unwrap();
    (summary, String::from_utf8(out).unwrap())
}

/// Every sample session decodes without an error and re-encodes to the same values.
#[test]
fn sample_sessions_decode_and_round_trip() {
    let cases: [(&str, &str, &str, Option<&str>, usize); 6] = [
        ("smtp", "commands", "smtp-session.client", None, 17),
        ("smtp", "replies", "smtp-session.server", None, 16),
        ("pop3", "commands", "pop3-session.client", None, 0),
        (
            "pop3",
            "responses",
            "pop3-session.server",
            Some("pop3-session.client"),
            0,
        ),
        ("imap", "commands", "imap-session.client", None, 14),
        ("imap", "responses", "imap-session.server", None, 37),
    ];
    for (protocol, direction, file, commands, expected) in cases {
        let (summary, out) = decode(protocol, direction, &data(file), commands.map(data));
        assert_eq!(summary.errors, 0, "{file}:\n{out}");
        assert!(summary.decoded > 0, "{file}");
        if expected > 0 {
            assert_eq!(summary.decoded, expected, "{file}:\n{out}");
        }
    }
}

/// RFC 5321 §4.1.1.4: the body after DATA ends only at CRLF "." CRLF; a bare LF "." LF inside
/// it (the SMTP smuggling form) neither ends it nor passes silently.
#[test]
fn smtp_body_ends_only_at_crlf_dot_crlf() {
    let input = b"DATA\r\nline\n.\nMAIL FROM:<evil@example.org>\r\n.\r\nQUIT\r\n";
    let (summary, out) = decode("smtp", "commands", input, None);
    assert_eq!((summary.decoded, summary.errors), (2, 1), "{out}");
    assert!(
        out.contains("error 6 in the body: bare line feed at offset 4"),
        "{out}"
    );
    assert!(!out.contains("Mail"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("ok 46 Quit")), "{out}");
}

/// RFC 3030 §2: the octets after `BDAT n` are data, even when they look like commands.
#[test]
fn smtp_bdat_chunk_is_data() {
    let input = b"BDAT 6 LAST\r\nQUIT\r\nRSET\r\n";
    let (summary, out) = decode("smtp", "commands", input, None);
    assert_eq!((summary.decoded, summary.errors), (3, 0), "{out}");
    assert!(out.contains("ok 13 Chunk(6 octets)"), "{out}");
    assert!(out.contains("ok 19 Rset"), "{out}");
}

/// A malformed command is skipped exactly (RFC 5321 §4.2.4 answers it with 500/501) and the
/// next one decodes; an unknown verb is reported by name.
#[test]
fn smtp_malformed_commands_are_skipped() {
    let input = b"MAIL FROM:<a@b> SIZE=99999999999999999999\r\nFOO bar\r\nNOOP\r\n";
    let (summary, out) = decode("smtp", "commands", input, None);
    assert_eq!((summary.decoded, summary.errors), (1, 2), "{out}");
    assert!(out.contains("unknown command \"FOO\""), "{out}");
    assert!(out.contains("ok 52 Noop(None)"), "{out}");
}

/// RFC 4954 §4: AUTH LOGIN without an initial response takes two response lines, and `*`
/// cancels an exchange early.
#[test]
fn smtp_auth_exchanges() {
    let input = b"AUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nAUTH PLAIN\r\n*\r\nQUIT\r\n";
    let (summary, out) = decode("smtp", "commands", input, None);
    assert_eq!((summary.decoded, summary.errors), (6, 0), "{out}");
    assert_eq!(out.matches("AuthResponse(Data(").count(), 2, "{out}");
    assert!(out.contains("AuthResponse(Cancel)"), "{out}");
    // Credentials never reach the output.
    assert!(!out.contains("alice") && !out.contains("YWxpY2U="), "{out}");
}

/// RFC 5321 §4.2.1: all lines of a multi-line reply share one code; a reply breaking that is
/// an error and the stream goes on.
#[test]
fn smtp_reply_codes_must_agree() {
    let input = b"250-first\r\n251 second\r\n221 bye\r\n";
    let (summary, out) = decode("smtp", "replies", input, None);
    assert_eq!(summary.errors, 1, "{out}");
    assert!(
        out.contains("ok ") && out.contains("ReplyCode(221)"),
        "{out}"
    );
}

/// RFC 9051 §7.1: the first response is the greeting; anything else there is an error.
#[test]
fn imap_greeting_first() {
    let input = b"a1 OK not a greeting\r\n* OK [ALERT] hi\r\n";
    let (summary, out) = decode("imap", "responses", input, None);
    assert_eq!((summary.decoded, summary.errors), (1, 1), "{out}");
    assert!(out.starts_with("error 0 greeting:"), "{out}");
}

/// A truncated stream ends with an error naming how much was left.
#[test]
fn truncated_stream_is_an_error() {
    let (summary, out) = decode(
        "imap",
        "responses",
        b"* OK hi\r\n* 1 FETCH (BODY[] {10}\r\nab",
        None,
    );
    assert_eq!((summary.decoded, summary.errors), (1, 1), "{out}");
    assert!(out.contains("input ends inside a message"), "{out}");
}
