//! `pop3-fetch`: logs in to a POP3 server on pop3-proto's client state machine, lists the
//! maildrop, fetches every message and prints every response.

use std::process::ExitCode;

use examples::mailbox::args::{Args, client_main, say, write_messages};
use examples::mailbox::client::{Pop3Fetch, Pop3Login, pop3_fetch};

const HELP: &str = "\
pop3-fetch: fetch every message of a POP3 maildrop, printing every response

Usage: pop3-fetch [options]

Options:
  --server HOST:PORT   server (default 127.0.0.1:1110)
  --user NAME          user (default alice)
  --pass PASSWORD      password (default secret)
  --login METHOD       user (USER/PASS, default), apop, or plain (AUTH PLAIN)
  --out DIR            write message N to DIR/N.eml
  --delete             delete the messages after fetching them
  --quiet              print nothing but errors
  --help               this text
";

fn run(args: &Args) -> Result<(), String> {
    let known = [
        "server", "user", "pass", "login", "out", "delete", "quiet", "help",
    ];
    let unknown = args.unknown(&known);
    if !unknown.is_empty() || !args.positional.is_empty() {
        return Err(format!(
            "unexpected arguments: {unknown:?} {:?}",
            args.positional
        ));
    }
    let login = match args.value("login").unwrap_or("user") {
        "user" => Pop3Login::UserPass,
        "apop" => Pop3Login::Apop,
        "plain" => Pop3Login::Plain,
        other => return Err(format!("--login {other}: expected user, apop or plain")),
    };
    let job = Pop3Fetch {
        server: args.value("server").unwrap_or("127.0.0.1:1110").to_owned(),
        user: args.value("user").unwrap_or("alice").to_owned(),
        password: args.value("pass").unwrap_or("secret").to_owned(),
        login,
        delete: args.flag("delete"),
    };
    let quiet = args.flag("quiet");
    let messages = pop3_fetch(&job, &mut |l| {
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
    client_main("pop3-fetch", HELP, &["delete", "quiet", "help"], run)
}
