//! `imap-fetch`: logs in to an IMAP server on imap-proto's client state machine, lists the
//! mailboxes, fetches every message of one mailbox and prints every response.

use std::process::ExitCode;

use examples::mailbox::args::{Args, client_main, say, write_messages};
use examples::mailbox::client::{ImapFetch, imap_fetch};

const HELP: &str = "\
imap-fetch: fetch every message of an IMAP mailbox, printing every response

Usage: imap-fetch [options]

Options:
  --server HOST:PORT   server (default 127.0.0.1:1143)
  --user NAME          user (default alice)
  --pass PASSWORD      password (default secret)
  --mailbox NAME       mailbox (default INBOX)
  --authenticate       log in with AUTHENTICATE PLAIN instead of LOGIN
  --out DIR            write the message with UID N to DIR/N.eml
  --quiet              print nothing but errors
  --help               this text
";

fn run(args: &Args) -> Result<(), String> {
    let known = [
        "server",
        "user",
        "pass",
        "mailbox",
        "authenticate",
        "out",
        "quiet",
        "help",
    ];
    let unknown = args.unknown(&known);
    if !unknown.is_empty() || !args.positional.is_empty() {
        return Err(format!(
            "unexpected arguments: {unknown:?} {:?}",
            args.positional
        ));
    }
    let job = ImapFetch {
        server: args.value("server").unwrap_or("127.0.0.1:1143").to_owned(),
        user: args.value("user").unwrap_or("alice").to_owned(),
        password: args.value("pass").unwrap_or("secret").to_owned(),
        mailbox: args.value("mailbox").unwrap_or("INBOX").to_owned(),
        authenticate: args.flag("authenticate"),
    };
    let quiet = args.flag("quiet");
    let messages = imap_fetch(&job, &mut |l| {
        if !quiet {
            say(l);
        }
    })
    .map_err(|e| e.to_string())?;
    if let Some(dir) = args.value("out") {
        write_messages(dir, &messages)?;
    }
    if !quiet {
        say(&format!("fetched {} messages", messages.len()));
    }
    Ok(())
}

fn main() -> ExitCode {
    client_main("imap-fetch", HELP, &["authenticate", "quiet", "help"], run)
}
