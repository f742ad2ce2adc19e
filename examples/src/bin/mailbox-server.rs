//! `mailbox-server`: SMTP, POP3 and IMAP on loopback over one in-memory store.
//!
//! ```text
//! cargo run --release -p examples --bin mailbox-server -- [options]
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use examples::mailbox::args::{Args, say};
use examples::mailbox::{Config, start};

const HELP: &str = "\
mailbox-server: SMTP, POP3 and IMAP over one in-memory mail store

Usage: mailbox-server [options]

Options:
  --smtp ADDR          SMTP listen address (default 127.0.0.1:2525)
  --pop3 ADDR          POP3 listen address (default 127.0.0.1:1110)
  --imap ADDR          IMAP listen address (default 127.0.0.1:1143)
  --hostname NAME      name in greetings; mail to user@NAME and user@localhost is local
                       (default localhost)
  --user NAME:PASS     add a user (repeatable); without any, alice:secret exists
  --max-size OCTETS    largest message accepted (default 33554432)
  --max-connections N  most simultaneous connections (default 100)
  --dir DIR            keep the mail in DIR: loaded at start, written after every change
  --verbose            log sessions to stderr
  --help               this text

Without --dir, mail is kept in memory only and is lost when the server stops.
";

fn parse_addr(args: &Args, name: &str, default: SocketAddr) -> Result<SocketAddr, String> {
    match args.value(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|e| format!("--{name} {v}: {e}")),
    }
}

fn config(args: &Args) -> Result<Config, String> {
    let unknown = args.unknown(&[
        "smtp",
        "pop3",
        "imap",
        "hostname",
        "user",
        "max-size",
        "max-connections",
        "dir",
        "verbose",
        "help",
    ]);
    if !unknown.is_empty() || !args.positional.is_empty() {
        return Err(format!(
            "unknown arguments: {}",
            [unknown, args.positional.clone()].concat().join(" ")
        ));
    }
    let d = Config::default();
    let mut c = Config {
        smtp: parse_addr(args, "smtp", d.smtp)?,
        pop3: parse_addr(args, "pop3", d.pop3)?,
        imap: parse_addr(args, "imap", d.imap)?,
        ..Config::default()
    };
    if let Some(h) = args.value("hostname") {
        c.hostname = h.to_owned();
    }
    let users = args.values("user");
    if !users.is_empty() {
        c.users = users
            .iter()
            .map(|u| {
                u.split_once(':')
                    .filter(|(n, _)| !n.is_empty())
                    .map(|(n, p)| (n.to_owned(), p.to_owned()))
                    .ok_or(format!("--user {u}: expected NAME:PASSWORD"))
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = args.value("max-size") {
        c.max_message_size = v.parse().map_err(|e| format!("--max-size {v}: {e}"))?;
    }
    if let Some(v) = args.value("max-connections") {
        c.max_connections = v
            .parse()
            .map_err(|e| format!("--max-connections {v}: {e}"))?;
    }
    c.verbose = args.flag("verbose");
    c.dir = args.value("dir").map(std::path::PathBuf::from);
    Ok(c)
}

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1), &["verbose", "help"]) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("mailbox-server: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    if args.flag("help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("mailbox-server: {e}");
            return ExitCode::from(2);
        }
    };
    let users: Vec<&str> = config.users.iter().map(|(u, _)| u.as_str()).collect();
    let users = users.join(", ");
    let running = match start(config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mailbox-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    say(&format!("SMTP listening on {}", running.smtp));
    say(&format!("POP3 listening on {}", running.pop3));
    say(&format!("IMAP listening on {}", running.imap));
    say(&format!("users: {users} (mail to <user>@localhost)"));
    loop {
        std::thread::park();
    }
}
