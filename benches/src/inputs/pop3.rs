//! POP3 inputs: a session's commands, a UIDL listing, a RETR response.

/// The commands of a typical POP3 session (RFC 1939 §4-§7, RFC 2449 CAPA): log in, look at the
/// drop, fetch, delete, quit. Returns the bytes and the number of commands.
pub fn session_commands() -> (Vec<u8>, usize) {
    let commands: [&[u8]; 14] = [
        b"CAPA\r\n",
        b"USER alice@example.org\r\n",
        b"PASS correct horse battery staple\r\n",
        b"STAT\r\n",
        b"LIST\r\n",
        b"UIDL\r\n",
        b"LIST 2\r\n",
        b"UIDL 2\r\n",
        b"TOP 1 10\r\n",
        b"RETR 1\r\n",
        b"DELE 1\r\n",
        b"NOOP\r\n",
        b"RSET\r\n",
        b"QUIT\r\n",
    ];
    (commands.concat(), commands.len())
}

/// A UIDL listing of `entries` messages (RFC 1939 §7: `+OK`, then `msg SP unique-id` lines,
/// then `.`), with unique ids of the length servers use (a hash in hex). Returns the bytes.
pub fn uidl_listing(entries: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries * 48);
    out.extend_from_slice(b"+OK unique-id listing follows\r\n");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for n in 1..=entries {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.extend_from_slice(
            format!("{n} {state:016x}{:016x}\r\n", state.rotate_left(17)).as_bytes(),
        );
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// The answer to RETR: `+OK n octets`, then `body` dot-stuffed and terminated (RFC 1939 §7).
pub fn retr_response(body: &[u8]) -> Vec<u8> {
    let mut out = format!("+OK {} octets\r\n", body.len()).into_bytes();
    out.extend_from_slice(&super::dot_stuffed(body));
    out
}
