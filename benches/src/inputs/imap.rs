//! IMAP inputs: client commands and server responses as real clients and servers send them.

/// One command of each kind the benchmarks measure, as `(name, bytes)` (RFC 9051 §6 grammar;
/// LIST-EXTENDED is RFC 5258). APPEND carries a synchronizing literal of `append_size` octets,
/// its data included (as the server has it after sending `+`).
pub fn commands(append_size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let message = super::message_body(append_size);
    let mut append = format!(
        "a004 APPEND \"Sent Items\" (\\Seen) \"17-Jul-2024 02:44:25 +0200\" {{{}}}\r\n",
        message.len()
    )
    .into_bytes();
    append.extend_from_slice(&message);
    append.extend_from_slice(b"\r\n");
    vec![
        (
            "uid_fetch",
            b"a001 UID FETCH 1:200,305,400:450,1000:* (UID FLAGS RFC822.SIZE \
BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID REFERENCES IN-REPLY-TO)])\r\n"
                .to_vec(),
        ),
        (
            "search",
            b"a002 SEARCH CHARSET UTF-8 OR (FROM \"alice@example.org\" SUBJECT \"quarterly report\") \
NOT (OR SEEN (DELETED DRAFT)) SINCE 1-Jan-2024 LARGER 10000 UID 1:5000,6000:*\r\n"
                .to_vec(),
        ),
        (
            "store",
            b"a003 UID STORE 1:50,60,70:80,95 +FLAGS.SILENT (\\Seen \\Flagged $Important)\r\n"
                .to_vec(),
        ),
        ("append", append),
        (
            "list_extended",
            b"a005 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" \"Archive/*\") \
RETURN (CHILDREN SPECIAL-USE)\r\n"
                .to_vec(),
        ),
    ]
}

/// A small deterministic generator (an LCG), so that inputs vary without a random crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// `count` untagged FETCH responses as a server answers `FETCH 1:* (UID FLAGS RFC822.SIZE
/// INTERNALDATE ENVELOPE BODYSTRUCTURE)` (RFC 9051 §7.5.2): a multipart/mixed message with a
/// multipart/alternative text part and a PDF attachment.
pub fn fetch_responses(count: usize) -> Vec<u8> {
    let mut rng = Lcg(7);
    let mut out = Vec::with_capacity(count * 1100);
    let flags = [
        "\\Seen",
        "\\Seen \\Answered",
        "",
        "\\Seen $Forwarded",
        "\\Flagged \\Seen",
    ];
    let names = [
        ("Alice Example", "alice", "example.org"),
        ("Bob Builder", "bob", "example.net"),
        ("Carol =?utf-8?q?M=C3=BCller?=", "carol", "mail.example.com"),
        ("Dave", "dave.smith", "example.co.uk"),
    ];
    for n in 1..=count {
        let from = names[n % names.len()];
        let to = names[(n + 1) % names.len()];
        let cc = names[(n + 2) % names.len()];
        let size = 20_000 + rng.next() % 60_000;
        let text = 500 + rng.next() % 4000;
        let html = 2 * text;
        let pdf = size - text - html - 1000;
        out.extend_from_slice(
            format!(
                "* {n} FETCH (UID {uid} FLAGS ({flags}) RFC822.SIZE {size} \
INTERNALDATE \"{day:2}-Jul-2024 {hh:02}:{mm:02}:25 +0200\" \
ENVELOPE (\"Wed, {day} Jul 2024 {hh:02}:{mm:02}:20 +0200\" \"Quarterly report {n}: figures and notes\" \
((\"{fname}\" NIL \"{fmbox}\" \"{fhost}\")) ((\"{fname}\" NIL \"{fmbox}\" \"{fhost}\")) \
((\"{fname}\" NIL \"{fmbox}\" \"{fhost}\")) ((\"{tname}\" NIL \"{tmbox}\" \"{thost}\")(\"{cname}\" NIL \"{cmbox}\" \"{chost}\")) \
((\"{cname}\" NIL \"{cmbox}\" \"{chost}\")) NIL \"<parent.{p}@{fhost}>\" \"<msg.{n}.{uid}@{fhost}>\") \
BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" {text} {tl} NIL NIL NIL NIL)\
(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" {html} {hl} NIL NIL NIL NIL) \
\"alternative\" (\"boundary\" \"=_alt_{n}\") NIL NIL NIL)\
(\"application\" \"pdf\" (\"name\" \"report-{n}.pdf\") NIL NIL \"base64\" {pdf} NIL \
(\"attachment\" (\"filename\" \"report-{n}.pdf\" \"size\" \"{pdf}\")) NIL NIL) \
\"mixed\" (\"boundary\" \"=_mixed_{n}\") NIL NIL NIL))\r\n",
                uid = 1000 + 3 * n,
                flags = flags[n % flags.len()],
                day = 1 + n % 28,
                hh = n % 24,
                mm = n % 60,
                fname = from.0,
                fmbox = from.1,
                fhost = from.2,
                tname = to.0,
                tmbox = to.1,
                thost = to.2,
                cname = cc.0,
                cmbox = cc.1,
                chost = cc.2,
                p = n.saturating_sub(1),
                tl = text / 60,
                hl = html / 70,
            )
            .as_bytes(),
        );
    }
    out
}

/// `* SEARCH` with `count` message numbers (RFC 9051 §7.3.5, RFC 3501 §7.2.5): an ascending
/// list with gaps, as for a search matching most of a large mailbox.
pub fn search_response(count: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(count * 8);
    out.extend_from_slice(b"* SEARCH");
    let mut n = 0u64;
    let mut rng = Lcg(11);
    for _ in 0..count {
        n += 1 + rng.next() % 3;
        out.extend_from_slice(format!(" {n}").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// `count` untagged LIST responses (RFC 9051 §7.3.1) with attributes, the `/` delimiter, and
/// names that are atoms or quoted strings.
pub fn list_responses(count: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(count * 64);
    let attrs = [
        "\\HasNoChildren",
        "\\HasChildren",
        "\\HasNoChildren \\Sent",
        "\\HasNoChildren \\Marked",
        "\\Noselect \\HasChildren",
    ];
    for n in 0..count {
        let name = if n % 3 == 0 {
            format!("Archive/{}/Project-{n}", 2000 + n % 25)
        } else {
            format!("\"Archive/{}/Customer {n} notes\"", 2000 + n % 25)
        };
        out.extend_from_slice(
            format!("* LIST ({}) \"/\" {name}\r\n", attrs[n % attrs.len()]).as_bytes(),
        );
    }
    out
}

/// A FETCH response carrying a whole message of about `size` octets as a `BODY[]` literal
/// (RFC 9051 §7.5.2). Returns the bytes and the literal's length.
pub fn fetch_literal_response(size: usize) -> (Vec<u8>, usize) {
    let body = super::message_body(size);
    let mut out = format!("* 1 FETCH (UID 4242 BODY[] {{{}}}\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out.extend_from_slice(b")\r\n");
    (out, body.len())
}

/// The same message as a `BINARY[]` literal8 (RFC 3516 §4.2: `~{n}`, any octet allowed, so
/// nothing in the data needs checking). Returns the bytes and the literal's length.
pub fn fetch_literal8_response(size: usize) -> (Vec<u8>, usize) {
    let body = super::message_body(size);
    let mut out = format!("* 1 FETCH (UID 4242 BINARY[] ~{{{}}}\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out.extend_from_slice(b")\r\n");
    (out, body.len())
}
