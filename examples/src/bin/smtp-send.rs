//! `smtp-send`: sends one message over SMTP on smtp-proto's client state machine, printing
//! every reply.

use std::io::Read;
use std::process::ExitCode;

use examples::mailbox::args::{Args, client_main, say};
use examples::mailbox::client::{SmtpSend, smtp_send};

const HELP: &str = "\
smtp-send: send one message over SMTP, printing every reply

Usage: smtp-send [options] [FILE]

Sends FILE (or standard input) as the message.

Options:
  --server HOST:PORT   server (default 127.0.0.1:2525)
  --from ADDR          reverse-path (default alice@localhost; empty for <>)
  --to ADDR            recipient (repeatable; default alice@localhost)
  --helo NAME          EHLO name (default localhost)
  --auth USER:PASS     authenticate with AUTH PLAIN first
  --bdat               send with BDAT (CHUNKING) instead of DATA
  --crlf               turn bare LF line ends of the file into CR LF
  --quiet              print nothing but errors
  --help               this text
";

fn crlf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 32);
    let mut prev = 0u8;
    for &b in data {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

fn run(args: &Args) -> Result<(), String> {
    let known = [
        "server", "from", "to", "helo", "auth", "bdat", "crlf", "quiet", "help",
    ];
    let unknown = args.unknown(&known);
    if !unknown.is_empty() || args.positional.len() > 1 {
        return Err(format!(
            "unexpected arguments: {unknown:?} {:?}",
            args.positional
        ));
    }
    let mut message = Vec::new();
    match args.positional.first() {
        Some(path) => {
            message = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        }
        None => {
            std::io::stdin()
                .read_to_end(&mut message)
                .map_err(|e| format!("stdin: {e}"))?;
        }
    }
    if args.flag("crlf") {
        message = crlf(&message);
    }
    let auth = match args.value("auth") {
        None => None,
        Some(a) => Some(
            a.split_once(':')
                .map(|(u, p)| (u.to_owned(), p.to_owned()))
                .ok_or("--auth expects USER:PASS")?,
        ),
    };
    let mut to: Vec<String> = args.values("to").iter().map(|s| s.to_string()).collect();
    if to.is_empty() {
        to.push("alice@localhost".into());
    }
    let job = SmtpSend {
        server: args.value("server").unwrap_or("127.0.0.1:2525").to_owned(),
        helo: args.value("helo").unwrap_or("localhost").to_owned(),
        from: args.value("from").unwrap_or("alice@localhost").to_owned(),
        to,
        auth,
        bdat: args.flag("bdat"),
        message,
    };
    let quiet = args.flag("quiet");
    smtp_send(&job, &mut |l| {
        if !quiet {
            say(l);
        }
    })
    .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    client_main("smtp-send", HELP, &["bdat", "crlf", "quiet", "help"], run)
}
