//! SMTP inputs: a pipelined client session, server replies, BDAT chunks.

/// Recipients in [`client_session`].
pub const RECIPIENTS: usize = 20;

/// The MAIL FROM command of [`client_session`] (RFC 1870 SIZE, RFC 6152 BODY, RFC 3461 ENVID
/// and RET).
pub const MAIL_FROM: &[u8] =
    b"MAIL FROM:<bounce+alice=example.org@lists.example.org> SIZE=1048576 \
BODY=8BITMIME RET=HDRS ENVID=QQ314159+2Bx\r\n";

/// A RCPT TO command with RFC 3461 NOTIFY and ORCPT, for recipient `n`.
pub fn rcpt_to(n: usize) -> Vec<u8> {
    format!(
        "RCPT TO:<recipient.{n:02}@mail.example.net> NOTIFY=SUCCESS,FAILURE \
         ORCPT=rfc822;recipient.{n:02}@mail.example.net\r\n"
    )
    .into_bytes()
}

/// What a pipelining client sends for one message (RFC 2920 §3.1): EHLO, MAIL FROM with
/// parameters, [`RECIPIENTS`] RCPT TO with parameters, DATA, and after the body, QUIT. The body
/// is not included. Returns the bytes and the number of commands.
pub fn client_session() -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    out.extend_from_slice(b"EHLO client.example.org\r\n");
    out.extend_from_slice(MAIL_FROM);
    for n in 0..RECIPIENTS {
        out.extend_from_slice(&rcpt_to(n));
    }
    out.extend_from_slice(b"DATA\r\nQUIT\r\n");
    (out, RECIPIENTS + 4)
}

/// A 15-line EHLO reply as a large MTA sends it (RFC 5321 §4.1.1.1).
pub fn ehlo_reply() -> Vec<u8> {
    let lines = [
        "mx.example.net Hello client.example.org [192.0.2.25], pleased to meet you",
        "SIZE 52428800",
        "8BITMIME",
        "PIPELINING",
        "DSN",
        "ENHANCEDSTATUSCODES",
        "AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256",
        "AUTH=PLAIN LOGIN",
        "STARTTLS",
        "CHUNKING",
        "BINARYMIME",
        "SMTPUTF8",
        "REQUIRETLS",
        "DELIVERBY 240",
        "HELP",
    ];
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let sep = if i + 1 == lines.len() { ' ' } else { '-' };
        out.extend_from_slice(format!("250{sep}{line}\r\n").as_bytes());
    }
    out
}

/// The replies a server gives in one transaction, with RFC 3463 enhanced status codes, one
/// of them multi-line. Returns the bytes and the number of replies.
pub fn replies() -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut count = 0;
    out.extend_from_slice(b"250 2.1.0 Sender <bounce+alice=example.org@lists.example.org> OK\r\n");
    count += 1;
    for n in 0..RECIPIENTS {
        if n % 7 == 6 {
            out.extend_from_slice(
                format!(
                    "550-5.1.1 <recipient.{n:02}@mail.example.net>: Recipient address rejected\r\n\
                     550-5.1.1 The email account that you tried to reach does not exist.\r\n\
                     550 5.1.1 Please try double-checking the recipient's address\r\n"
                )
                .as_bytes(),
            );
        } else {
            out.extend_from_slice(
                format!("250 2.1.5 Recipient <recipient.{n:02}@mail.example.net> OK\r\n")
                    .as_bytes(),
            );
        }
        count += 1;
    }
    out.extend_from_slice(b"354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    out.extend_from_slice(b"250 2.0.0 Ok: queued as 4B5F21C0A3D\r\n");
    out.extend_from_slice(b"221 2.0.0 Bye\r\n");
    count += 3;
    (out, count)
}

/// Size of each BDAT chunk in [`bdat`].
pub const BDAT_CHUNK: usize = 64 * 1024;

/// `body` sent with CHUNKING (RFC 3030 §2): `BDAT n` commands, each followed by `n` octets,
/// the last one `BDAT n LAST`. Returns the bytes and the number of chunks.
pub fn bdat(body: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(body.len() + 1024);
    let chunks: Vec<&[u8]> = body.chunks(BDAT_CHUNK).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let last = if i + 1 == chunks.len() { " LAST" } else { "" };
        out.extend_from_slice(format!("BDAT {}{last}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
    }
    (out, chunks.len())
}
