//! Framing: every prefix of a valid command is need-more (RFC 9051 §2.2: a command ends with
//! the CRLF of a line without a literal), literals are announced before their data
//! (RFC 9051 §4.3), and the framer resumes without rescanning.

use imap_proto::Decoded;
use imap_proto::decode::{CommandDecoder, CommandFramer, Frame, FramerConfig};

const COMMANDS: &[&[u8]] = &[
    b"a1 NOOP\r\n",
    b"a2 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n",
    b"a3 APPEND INBOX (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {11}\r\nhello world\r\n",
    b"a4 APPEND x ~{3}\r\na\0b UTF8 (~{2}\r\nzz)\r\n",
    b"a5 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.100>) (CHANGEDSINCE 5)\r\n",
    b"a6 SEARCH CHARSET UTF-8 TEXT {4}\r\nabcd SINCE 1-Feb-1994\r\n",
    b"a7 SELECT INBOX (QRESYNC (1 2 1:5 (1:3 4:6)))\r\n",
    b"a8 LIST (SUBSCRIBED) \"\" (\"%\" {3}\r\na/*) RETURN (STATUS (MESSAGES))\r\n",
];

/// Every proper prefix decodes to need-more; the whole decodes with all its bytes used.
#[test]
fn every_prefix_is_incomplete() {
    let dec = CommandDecoder::default();
    for cmd in COMMANDS {
        for n in 0..cmd.len() {
            assert_eq!(
                dec.decode(&cmd[..n]).unwrap(),
                Decoded::Incomplete,
                "{:?} prefix {n}",
                String::from_utf8_lossy(cmd)
            );
        }
        let (_, used) = dec.decode(cmd).unwrap().complete().unwrap();
        assert_eq!(used, cmd.len());
    }
}

/// Fed one byte at a time, the framer answers need-more, then "literal announced" exactly when
/// the CRLF after a synchronizing `{n}` arrives, then the whole command.
#[test]
fn framer_byte_by_byte() {
    for cmd in COMMANDS {
        let sync_ends: Vec<usize> = find_sync_literal_ends(cmd);
        let mut f = CommandFramer::new(FramerConfig::default());
        let mut announced = Vec::new();
        let mut done = None;
        for n in 1..=cmd.len() {
            match f.next(&cmd[..n]) {
                Frame::Incomplete => {}
                Frame::LiteralAnnounced { tag, .. } => {
                    assert!(tag.is_some());
                    announced.push(n);
                }
                Frame::Command { len } => {
                    done = Some((n, len));
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            done,
            Some((cmd.len(), cmd.len())),
            "{:?}",
            String::from_utf8_lossy(cmd)
        );
        assert_eq!(announced, sync_ends, "{:?}", String::from_utf8_lossy(cmd));
    }
}

fn find_sync_literal_ends(cmd: &[u8]) -> Vec<usize> {
    // Independent of the framer: walk the command by hand.
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = cmd[i..].windows(2).position(|w| w == b"\r\n") {
        let line_end = i + p;
        let line = &cmd[i..line_end];
        let next = line_end + 2;
        if line.ends_with(b"}") {
            let open = line.iter().rposition(|&b| b == b'{').unwrap();
            let inner = &line[open + 1..line.len() - 1];
            let sync = !inner.ends_with(b"+");
            let digits = if sync {
                inner
            } else {
                &inner[..inner.len() - 1]
            };
            let n: usize = std::str::from_utf8(digits).unwrap().parse().unwrap();
            if sync {
                out.push(next);
            }
            i = next + n;
        } else {
            break;
        }
    }
    out
}

/// Several commands in one buffer are framed one after the other.
#[test]
fn pipelined_commands() {
    let all: Vec<u8> = COMMANDS.concat();
    let mut f = CommandFramer::new(FramerConfig::default());
    let dec = CommandDecoder::default();
    let mut buf = &all[..];
    let mut n = 0;
    while !buf.is_empty() {
        match f.next(buf) {
            Frame::LiteralAnnounced { .. } => continue,
            Frame::Command { len } => {
                assert!(dec.decode(&buf[..len]).unwrap().is_complete());
                buf = &buf[len..];
                n += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(n, COMMANDS.len());
}

/// A large APPEND fed in 4 KiB pieces: literal data is skipped by length (the framer answers
/// need-more without looking at it) and the command is found once its last line arrives.
#[test]
fn large_append_in_pieces() {
    const SIZE: usize = 50 * 1024 * 1024;
    let mut stream = format!("a1 APPEND INBOX {{{SIZE}}}\r\n").into_bytes();
    let header = stream.len();
    stream.resize(header + SIZE, b'\n');
    stream.extend_from_slice(b"\r\n");
    let mut f = CommandFramer::new(FramerConfig::default());
    let mut have = 0;
    let mut announced = 0;
    let mut framed = None;
    while have < stream.len() {
        have = (have + 4096).min(stream.len());
        match f.next(&stream[..have]) {
            Frame::Incomplete => {}
            Frame::LiteralAnnounced { length, .. } => {
                assert_eq!(length, SIZE as u64);
                announced += 1;
                // The server answered "+"; the next call continues.
                assert_eq!(f.next(&stream[..have]), Frame::Incomplete);
            }
            Frame::Command { len } => framed = Some(len),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(announced, 1);
    assert_eq!(framed, Some(stream.len()));
    let (cmd, _) = CommandDecoder::default()
        .decode(&stream)
        .unwrap()
        .complete()
        .unwrap();
    assert_eq!(cmd.body.name(), "APPEND");
}
