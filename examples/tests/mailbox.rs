//! The mailbox server run in-process on ephemeral loopback ports, driven by the example
//! clients and by raw sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use examples::mailbox::client::{
    Fetched, ImapFetch, Pop3Fetch, Pop3Login, SmtpSend, imap_fetch, pop3_fetch, smtp_send,
};
use examples::mailbox::{Config, Running, start};

fn server() -> Running {
    start(Config::ephemeral()).expect("bind loopback")
}

fn send(r: &Running, message: &[u8], bdat: bool) -> Result<(), String> {
    let job = SmtpSend {
        server: r.smtp.to_string(),
        helo: "client.example".into(),
        from: "bob@example.org".into(),
        to: vec!["alice@localhost".into()],
        auth: None,
        bdat,
        message: message.to_vec(),
    };
    smtp_send(&job, &mut |_| {}).map_err(|e| e.0)
}

fn fetch(r: &Running, login: Pop3Login, delete: bool) -> Result<Vec<Fetched>, String> {
    let job = Pop3Fetch {
        server: r.pop3.to_string(),
        user: "alice".into(),
        password: "secret".into(),
        login,
        delete,
    };
    pop3_fetch(&job, &mut |_| {}).map_err(|e| e.0)
}

/// RFC 5321 §4.5.2 transparency: lines starting with "." and ".." survive DATA and RETR
/// (dot-stuffed on both hops) byte for byte; 8-bit content is kept as is (RFC 6152).
const DOTS: &[u8] = b"From: bob@example.org\r\nTo: alice@localhost\r\nSubject: dots\r\n\r\n.\r\n..\r\n.leading dot\r\n..two dots\r\nend\r\n";
const EIGHT_BIT: &[u8] = "From: bob@example.org\r\nSubject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u{fc}\u{df}e, \u{e9}t\u{e9}\r\n".as_bytes();

#[test]
fn smtp_data_and_bdat_then_pop3_byte_exact() {
    let r = server();
    send(&r, DOTS, false).unwrap();
    send(&r, EIGHT_BIT, true).unwrap();
    for login in [Pop3Login::UserPass, Pop3Login::Apop, Pop3Login::Plain] {
        let got = fetch(&r, login, false).unwrap();
        assert_eq!(got.len(), 2, "{login:?}");
        assert_eq!(got[0].data, DOTS);
        assert_eq!(got[1].data, EIGHT_BIT);
        assert_ne!(got[0].unique_id, got[1].unique_id);
    }
}

/// RFC 1939 §6: DELE marks, QUIT (UPDATE state) removes; a later session no longer sees them.
#[test]
fn pop3_dele_commits_at_quit() {
    let r = server();
    send(&r, DOTS, false).unwrap();
    assert_eq!(fetch(&r, Pop3Login::UserPass, true).unwrap().len(), 1);
    assert!(fetch(&r, Pop3Login::UserPass, false).unwrap().is_empty());
}

/// A large message (5 MiB, RFC 1870 SIZE well above it) goes through DATA and RETR intact.
#[test]
fn five_mib_message_round_trip() {
    let r = server();
    let mut msg = b"Subject: big\r\n\r\n".to_vec();
    while msg.len() < 5 << 20 {
        msg.extend_from_slice(
            b".0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\r\n",
        );
    }
    send(&r, &msg, false).unwrap();
    let got = fetch(&r, Pop3Login::UserPass, false).unwrap();
    assert_eq!(got.len(), 1);
    assert!(got[0].data == msg, "5 MiB message differs");
}

/// Unknown local users and foreign domains get 550 5.1.1 (the message is refused).
#[test]
fn unknown_recipient_is_refused() {
    let r = server();
    let job = SmtpSend {
        server: r.smtp.to_string(),
        helo: "client.example".into(),
        from: "bob@example.org".into(),
        to: vec!["nobody@localhost".into(), "alice@example.com".into()],
        auth: None,
        bdat: false,
        message: DOTS.to_vec(),
    };
    let mut log = Vec::new();
    assert!(smtp_send(&job, &mut |l| log.push(l.to_owned())).is_err());
    assert_eq!(
        log.iter().filter(|l| l.contains("550 5.1.1")).count(),
        2,
        "{log:?}"
    );
}

/// RFC 4954 §6: wrong credentials get 535 5.7.8; good ones 235.
#[test]
fn smtp_auth_plain() {
    let r = server();
    let mut job = SmtpSend {
        server: r.smtp.to_string(),
        helo: "client.example".into(),
        from: "alice@localhost".into(),
        to: vec!["alice@localhost".into()],
        auth: Some(("alice".into(), "wrong".into())),
        bdat: false,
        message: DOTS.to_vec(),
    };
    let mut log = Vec::new();
    assert!(smtp_send(&job, &mut |l| log.push(l.to_owned())).is_err());
    assert!(log.iter().any(|l| l.starts_with("S: 535 5.7.8")), "{log:?}");
    // Refused credentials end the session: no MAIL goes out unauthenticated (a server that
    // relays for anyone would otherwise take the message, as Postfix on loopback does).
    assert!(!log.iter().any(|l| l.starts_with("C: MAIL")), "{log:?}");
    assert!(
        log.last().is_some_and(|l| l.starts_with("S: 221 ")),
        "{log:?}"
    );
    job.auth = Some(("alice".into(), "secret".into()));
    let mut log = Vec::new();
    smtp_send(&job, &mut |l| log.push(l.to_owned())).unwrap();
    assert!(log.iter().any(|l| l.starts_with("S: 235")), "{log:?}");
}

/// Wrong POP3 password: -ERR [AUTH] (RFC 3206 §5), and no maildrop access.
#[test]
fn pop3_wrong_password() {
    let r = server();
    let job = Pop3Fetch {
        server: r.pop3.to_string(),
        user: "alice".into(),
        password: "nope".into(),
        login: Pop3Login::UserPass,
        delete: false,
    };
    let mut log = Vec::new();
    assert!(pop3_fetch(&job, &mut |l| log.push(l.to_owned())).is_err());
    assert!(log.iter().any(|l| l.contains("-ERR [AUTH]")), "{log:?}");
}

fn raw(addr: SocketAddr) -> (BufReader<TcpStream>, TcpStream) {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    (BufReader::new(s.try_clone().unwrap()), s)
}

fn read_line(r: &mut BufReader<TcpStream>) -> String {
    let mut l = String::new();
    r.read_line(&mut l).unwrap();
    l
}

/// Bad input gets the protocol's error reply and the session goes on (RFC 5321 §4.2.4 500/501,
/// RFC 1939 §3 -ERR): garbage, an over-long line, a command out of sequence.
#[test]
fn bad_input_gets_error_replies_and_session_continues() {
    let r = server();
    let (mut rd, mut w) = raw(r.smtp);
    assert!(read_line(&mut rd).starts_with("220 "));
    w.write_all(b"XYZZY\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("500 "));
    w.write_all(&[b'A'; 5000]).unwrap();
    w.write_all(b"\r\nRCPT TO:<alice@localhost>\r\nNOOP\r\n")
        .unwrap();
    assert!(read_line(&mut rd).starts_with("500 "));
    assert!(read_line(&mut rd).starts_with("503 "));
    assert!(read_line(&mut rd).starts_with("250 "));
    w.write_all(b"MAIL FROM:<<<\r\nQUIT\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("501 "));
    assert!(read_line(&mut rd).starts_with("221 "));

    let (mut rd, mut w) = raw(r.pop3);
    assert!(read_line(&mut rd).starts_with("+OK"));
    w.write_all(b"BOGUS\r\nSTAT\r\nUSER alice\r\nPASS secret\r\nRETR 99\r\nSTAT\r\nQUIT\r\n")
        .unwrap();
    assert!(read_line(&mut rd).starts_with("-ERR"));
    assert!(read_line(&mut rd).starts_with("-ERR"));
    assert!(read_line(&mut rd).starts_with("+OK"));
    assert!(read_line(&mut rd).starts_with("+OK"));
    assert!(read_line(&mut rd).starts_with("-ERR"));
    assert!(read_line(&mut rd).starts_with("+OK 0 0"));
    assert!(read_line(&mut rd).starts_with("+OK"));
    let mut rest = Vec::new();
    rd.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
}

/// The forms real clients send that RFC 5321 refuses, which mailbox-server accepts as
/// Postfix does: a Windows machine name in EHLO (`_`), `MAIL FROM: <...>` (older Swift
/// Mailer, smtp-cli), `DATA ` with a trailing space (Nim's std/smtp).
#[test]
fn smtp_accepts_what_real_clients_send() {
    let r = server();
    let (mut rd, mut w) = raw(r.smtp);
    read_line(&mut rd);
    w.write_all(b"EHLO DESKTOP-AB12_X\r\n").unwrap();
    while !read_line(&mut rd).starts_with("250 ") {}
    w.write_all(b"MAIL FROM: <bob@example.org>\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("250 2.1.0"));
    w.write_all(b"RCPT TO: <alice@localhost>\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("250 2.1.5"));
    w.write_all(b"DATA \r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("354 "));
    w.write_all(b"Subject: w\r\n\r\nhi\r\n.\r\nQUIT\r\n")
        .unwrap();
    assert!(read_line(&mut rd).starts_with("250 2.0.0"));
    assert!(read_line(&mut rd).starts_with("221 "));
    let got = fetch(&r, Pop3Login::UserPass, false).unwrap();
    assert_eq!(got[0].data, b"Subject: w\r\n\r\nhi\r\n");
}

/// RFC 2920 pipelining: a whole transaction in one write, replies in order.
#[test]
fn smtp_pipelined_transaction() {
    let r = server();
    let (mut rd, mut w) = raw(r.smtp);
    read_line(&mut rd);
    w.write_all(b"EHLO x\r\n").unwrap();
    let mut caps = Vec::new();
    loop {
        let l = read_line(&mut rd);
        caps.push(l.clone());
        if l.starts_with("250 ") {
            break;
        }
    }
    let caps = caps.concat();
    for c in [
        "PIPELINING",
        "SIZE",
        "8BITMIME",
        "CHUNKING",
        "ENHANCEDSTATUSCODES",
        "DSN",
        "SMTPUTF8",
        "AUTH PLAIN LOGIN",
    ] {
        assert!(caps.contains(c), "{c} missing from {caps}");
    }
    w.write_all(
        b"MAIL FROM:<>\r\nRCPT TO:<alice@localhost>\r\nRCPT TO:<x@nowhere.example>\r\nDATA\r\n",
    )
    .unwrap();
    assert!(read_line(&mut rd).starts_with("250 2.1.0"));
    assert!(read_line(&mut rd).starts_with("250 2.1.5"));
    assert!(read_line(&mut rd).starts_with("550 5.1.1"));
    assert!(read_line(&mut rd).starts_with("354 "));
    w.write_all(b"Subject: p\r\n\r\nhi\r\n.\r\nQUIT\r\n")
        .unwrap();
    assert!(read_line(&mut rd).starts_with("250 2.0.0"));
    assert!(read_line(&mut rd).starts_with("221 "));
    let got = fetch(&r, Pop3Login::UserPass, false).unwrap();
    assert_eq!(got[0].data, b"Subject: p\r\n\r\nhi\r\n");
}

fn imap(r: &Running, authenticate: bool, mailbox: &str) -> Result<Vec<Fetched>, String> {
    let job = ImapFetch {
        server: r.imap.to_string(),
        user: "alice".into(),
        password: "secret".into(),
        mailbox: mailbox.into(),
        authenticate,
    };
    imap_fetch(&job, &mut |_| {}).map_err(|e| e.0)
}

/// One store for all protocols: a message sent by SMTP is at once visible to IMAP
/// (UID FETCH BODY.PEEK[], RFC 9051 §6.4.5), byte for byte, with LOGIN and AUTHENTICATE PLAIN.
#[test]
fn smtp_then_imap_fetch_byte_exact() {
    let r = server();
    send(&r, DOTS, false).unwrap();
    send(&r, EIGHT_BIT, true).unwrap();
    for authenticate in [false, true] {
        let got = imap(&r, authenticate, "INBOX").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].id, got[0].data.as_slice()), (1, DOTS));
        assert_eq!((got[1].id, got[1].data.as_slice()), (2, EIGHT_BIT));
    }
    assert!(imap(&r, false, "Nope").is_err());
}

fn until_tag(rd: &mut BufReader<TcpStream>, tag: &str) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let l = read_line(rd);
        assert!(!l.is_empty(), "connection closed; got {lines:?}");
        let done = l.starts_with(&format!("{tag} "));
        lines.push(l);
        if done {
            return lines;
        }
    }
}

/// RFC 2177 IDLE: mail delivered by SMTP while idling is announced as EXISTS; DONE ends it.
#[test]
fn imap_idle_sees_smtp_delivery() {
    let r = server();
    let (mut rd, mut w) = raw(r.imap);
    read_line(&mut rd);
    w.write_all(b"a LOGIN alice secret\r\nb SELECT INBOX\r\n")
        .unwrap();
    until_tag(&mut rd, "a");
    let sel = until_tag(&mut rd, "b");
    assert!(sel.iter().any(|l| l == "* 0 EXISTS\r\n"), "{sel:?}");
    w.write_all(b"c IDLE\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("+ "));
    send(&r, DOTS, false).unwrap();
    assert_eq!(read_line(&mut rd), "* 1 EXISTS\r\n");
    w.write_all(b"DONE\r\n").unwrap();
    assert!(read_line(&mut rd).starts_with("c OK"));
}

/// RFC 9051 §4.3 synchronizing and RFC 7888 non-synchronizing literals in APPEND; the
/// messages come back byte for byte; APPENDUID (RFC 4315) names their UIDs.
#[test]
fn imap_append_literals() {
    let r = server();
    let (mut rd, mut w) = raw(r.imap);
    read_line(&mut rd);
    w.write_all(b"a LOGIN alice secret\r\n").unwrap();
    until_tag(&mut rd, "a");
    w.write_all(format!("b APPEND Drafts (\\Draft) {{{}}}\r\n", DOTS.len()).as_bytes())
        .unwrap();
    assert!(read_line(&mut rd).starts_with("+ "));
    w.write_all(DOTS).unwrap();
    w.write_all(b"\r\n").unwrap();
    let b = until_tag(&mut rd, "b");
    assert!(b.last().unwrap().starts_with("b OK [APPENDUID "), "{b:?}");
    let mut c = format!("c APPEND Drafts {{{}+}}\r\n", EIGHT_BIT.len()).into_bytes();
    c.extend_from_slice(EIGHT_BIT);
    c.extend_from_slice(b"\r\n");
    w.write_all(&c).unwrap();
    let c = until_tag(&mut rd, "c");
    assert!(c.last().unwrap().starts_with("c OK [APPENDUID "), "{c:?}");
    let got = imap(&r, false, "Drafts").unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].data, DOTS);
    assert_eq!(got[1].data, EIGHT_BIT);
}

/// Bad IMAP input gets BAD (RFC 9051 §7.1.3) and the session goes on; commands in the wrong
/// state are refused; LOGOUT sends BYE first (RFC 9051 §6.1.3).
#[test]
fn imap_bad_input_and_states() {
    let r = server();
    let (mut rd, mut w) = raw(r.imap);
    assert!(read_line(&mut rd).starts_with("* OK [CAPABILITY IMAP4rev1 IMAP4rev2"));
    w.write_all(b"a FROB\r\nb SELECT INBOX\r\nc LOGIN alice wrong\r\n")
        .unwrap();
    assert!(until_tag(&mut rd, "a").last().unwrap().starts_with("a BAD"));
    assert!(until_tag(&mut rd, "b").last().unwrap().starts_with("b BAD"));
    assert!(
        until_tag(&mut rd, "c")
            .last()
            .unwrap()
            .starts_with("c NO [AUTHENTICATIONFAILED]")
    );
    w.write_all(
        b"d LOGIN alice secret\r\ne FETCH 1 FLAGS\r\nf SELECT INBOX\r\ng FETCH 1 (FROB)\r\n",
    )
    .unwrap();
    assert!(until_tag(&mut rd, "d").last().unwrap().starts_with("d OK"));
    assert!(until_tag(&mut rd, "e").last().unwrap().starts_with("e BAD"));
    assert!(
        until_tag(&mut rd, "f")
            .last()
            .unwrap()
            .starts_with("f OK [READ-WRITE]")
    );
    assert!(until_tag(&mut rd, "g").last().unwrap().starts_with("g BAD"));
    // RFC 9051 §9: sequence numbers beyond EXISTS (0 here) are invalid; UID sets are not.
    w.write_all(b"g2 FETCH 1 FLAGS\r\ng3 UID FETCH 1:* FLAGS\r\n")
        .unwrap();
    assert!(
        until_tag(&mut rd, "g2")
            .last()
            .unwrap()
            .starts_with("g2 BAD")
    );
    assert!(
        until_tag(&mut rd, "g3")
            .last()
            .unwrap()
            .starts_with("g3 OK")
    );
    w.write_all(b"h LOGOUT\r\n").unwrap();
    let h = until_tag(&mut rd, "h");
    assert!(h[0].starts_with("* BYE"), "{h:?}");
}

/// RFC 1939 §4 exclusive access: while one POP3 session holds the maildrop, a second login
/// gets -ERR [IN-USE] (RFC 2449 §8.1.2); after QUIT the lock is free again.
#[test]
fn pop3_maildrop_lock() {
    let r = server();
    let (mut rd1, mut w1) = raw(r.pop3);
    read_line(&mut rd1);
    w1.write_all(b"USER alice\r\nPASS secret\r\n").unwrap();
    read_line(&mut rd1);
    assert!(read_line(&mut rd1).starts_with("+OK"));
    let (mut rd2, mut w2) = raw(r.pop3);
    read_line(&mut rd2);
    w2.write_all(b"USER alice\r\nPASS secret\r\n").unwrap();
    read_line(&mut rd2);
    assert!(read_line(&mut rd2).starts_with("-ERR [IN-USE]"));
    w1.write_all(b"QUIT\r\n").unwrap();
    assert!(read_line(&mut rd1).starts_with("+OK"));
    let mut rest = Vec::new();
    rd1.read_to_end(&mut rest).unwrap();
    assert!(fetch(&r, Pop3Login::UserPass, false).is_ok());
}

/// A small deterministic generator (xorshift) for the garbage test.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Mostly protocol-looking words, CR LF, literals and dots, with random bytes.
    fn chunk(&mut self) -> Vec<u8> {
        const WORDS: [&[u8]; 24] = [
            b"EHLO x",
            b"MAIL FROM:<a@b>",
            b"RCPT TO:<alice@localhost>",
            b"DATA",
            b"BDAT 5",
            b"AUTH PLAIN",
            b"USER alice",
            b"PASS secret",
            b"RETR 1",
            b"TOP 1 0",
            b"a LOGIN alice secret",
            b"b SELECT INBOX",
            b"c FETCH 1:* (BODY[1.MIME] ENVELOPE)",
            b"d APPEND INBOX {3}",
            b"{5+}",
            b"e SEARCH OR (FROM x) NOT 1:*",
            b"IDLE",
            b"DONE",
            b".",
            b"..",
            b"*",
            b"\r\n",
            b"\n",
            b" ",
        ];
        let mut out = Vec::new();
        for _ in 0..(self.next() % 20) {
            match self.next() % 4 {
                0 => out.extend((0..self.next() % 40).map(|_| (self.next() & 0xff) as u8)),
                _ => out.extend_from_slice(WORDS[(self.next() % WORDS.len() as u64) as usize]),
            }
            if self.next().is_multiple_of(2) {
                out.extend_from_slice(b"\r\n");
            }
        }
        out
    }
}

/// Bad input never brings a session down by a panic, and the server keeps serving: garbage
/// and protocol fragments to all three ports, then a normal SMTP, POP3 and IMAP round.
#[test]
fn garbage_never_panics_a_session() {
    let r = server();
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    for addr in [r.smtp, r.pop3, r.imap] {
        for _ in 0..30 {
            let mut s = TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
            for _ in 0..5 {
                if s.write_all(&noise.chunk()).is_err() {
                    break;
                }
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
            }
        }
    }
    send(&r, DOTS, false).unwrap();
    assert!(fetch(&r, Pop3Login::UserPass, false).is_ok());
    assert!(imap(&r, false, "INBOX").is_ok());
    // Sessions end when their peer goes away; give them a moment.
    for _ in 0..100 {
        if r.context.connections() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(r.context.panics(), 0);
}

/// RFC 3516 BINARY (part of IMAP4rev2): a base64 part comes back decoded as a literal8, with
/// its decoded size; an unknown transfer encoding gets NO [UNKNOWN-CTE].
#[test]
fn imap_binary_fetch() {
    let r = server();
    let msg: &[u8] = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC/w==\r\n--b\r\nContent-Transfer-Encoding: x-weird\r\n\r\nzz\r\n--b--\r\n";
    send(&r, msg, false).unwrap();
    let (mut rd, mut w) = raw(r.imap);
    read_line(&mut rd);
    w.write_all(
        b"a LOGIN alice secret\r\nb SELECT INBOX\r\nc FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1])\r\n",
    )
    .unwrap();
    until_tag(&mut rd, "a");
    until_tag(&mut rd, "b");
    let mut got = Vec::new();
    loop {
        let mut byte = [0u8; 1];
        rd.read_exact(&mut byte).unwrap();
        got.push(byte[0]);
        if got.ends_with(b"c OK FETCH completed\r\n") {
            break;
        }
    }
    let expected: &[u8] = b"* 1 FETCH (BINARY.SIZE[1] 4 BINARY[1] ~{4}\r\n\x00\x01\x02\xff)\r\n";
    assert!(
        got.starts_with(expected),
        "{:?}",
        String::from_utf8_lossy(&got)
    );
    w.write_all(b"d FETCH 1 BINARY[2]\r\n").unwrap();
    let d = until_tag(&mut rd, "d");
    assert!(d.last().unwrap().starts_with("d NO [UNKNOWN-CTE]"), "{d:?}");
}

/// RFC 5182 SEARCHRES: `SEARCH RETURN (SAVE)` answers nothing but OK and `$` then names the
/// result; RFC 5819 LIST-STATUS: `LIST ... RETURN (STATUS (...))` adds a STATUS per mailbox.
#[test]
fn imap_searchres_and_list_status() {
    let r = server();
    send(&r, DOTS, false).unwrap();
    send(&r, EIGHT_BIT, false).unwrap();
    let (mut rd, mut w) = raw(r.imap);
    read_line(&mut rd);
    w.write_all(b"a LOGIN alice secret\r\nb SELECT INBOX\r\nc SEARCH RETURN (SAVE) SUBJECT 8bit\r\nd FETCH $ (UID)\r\n")
        .unwrap();
    until_tag(&mut rd, "a");
    until_tag(&mut rd, "b");
    assert_eq!(until_tag(&mut rd, "c").len(), 1);
    assert_eq!(until_tag(&mut rd, "d")[0], "* 2 FETCH (UID 2)\r\n");
    w.write_all(b"e LIST \"\" INBOX RETURN (STATUS (MESSAGES UNSEEN))\r\n")
        .unwrap();
    let e = until_tag(&mut rd, "e");
    assert_eq!(e[1], "* STATUS INBOX (MESSAGES 2 UNSEEN 2)\r\n", "{e:?}");
}
