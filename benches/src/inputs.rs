//! Input generators: deterministic, realistic, the same bytes for every implementation.

pub mod imap;
pub mod pop3;
pub mod smtp;

/// A message body of about `size` bytes: header lines, then text lines of 60 to 78 characters,
/// one line in ten starting with `.` (so dot-stuffing has work to do). CR LF line ends; the body
/// ends with CR LF.
pub fn message_body(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 128);
    out.extend_from_slice(
        b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\n\
          Subject: benchmark message\r\nMessage-ID: <bench@example.org>\r\n\r\n",
    );
    let words: [&[u8]; 8] = [
        b"lorem",
        b"ipsum",
        b"dolor",
        b"sit",
        b"amet",
        b"consectetur",
        b"adipiscing",
        b"elit",
    ];
    let mut line = 0usize;
    while out.len() < size {
        if line % 10 == 3 {
            out.push(b'.');
        }
        let target = 60 + (line * 7) % 19;
        let start = out.len();
        let mut w = line;
        while out.len() - start < target {
            out.extend_from_slice(words[w % words.len()]);
            out.push(b' ');
            w += 3;
        }
        out.extend_from_slice(b"\r\n");
        line += 1;
    }
    out
}

/// `body` dot-stuffed with its terminator, as it travels after SMTP DATA or in a POP3 RETR
/// response.
pub fn dot_stuffed(body: &[u8]) -> Vec<u8> {
    let mut wire = Vec::with_capacity(body.len() + body.len() / 50 + 8);
    mail_core::dot::DotEncoder::new()
        .encode_body(body, &mut wire)
        .expect("generated bodies are CR LF text");
    wire
}
