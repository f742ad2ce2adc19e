//! Decodes a raw byte stream of SMTP, POP3 or IMAP, message after message.
//!
//! ```text
//! decode <smtp|pop3|imap> <commands|responses> [FILE] [--commands FILE] [--roundtrip]
//! ```
//!
//! Reads FILE (or standard input), prints `ok <offset> <value>` or `error <offset> <reason>` per
//! message, then `N decoded, M errors`; exits with status 1 when M > 0.

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str =
    "usage: decode <smtp|pop3|imap> <commands|responses> [FILE] [--commands FILE] [--roundtrip]

Decodes a raw byte stream of one protocol in one direction (FILE, or standard input), message
after message, following the protocol state as if the peer accepted everything.

  --roundtrip       also encode each decoded message and count decode(encode(m)) != m as an error
  --commands FILE   the client's side of the session (POP3 responses: tells which are multi-line)

Prints `ok <offset> <value>` or `error <offset> <reason>` per message and `N decoded, M errors`;
exits with status 1 when M > 0, 2 on a usage error.";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("decode: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut positional = Vec::new();
    let mut roundtrip = false;
    let mut commands_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--roundtrip" => roundtrip = true,
            "--commands" => {
                commands_file = Some(args.next().ok_or("--commands needs a file")?);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => positional.push(arg),
        }
    }
    let (protocol, direction, file) = match positional.as_slice() {
        [p, d] => (p, d, None),
        [p, d, f] => (p, d, Some(f)),
        _ => return Err("expected a protocol, a direction and at most one file".into()),
    };
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"));
    let commands = commands_file.as_deref().map(read).transpose()?;
    let input = match file {
        Some(path) => read(path)?,
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            buf
        }
    };
    let mut decoder = examples::decode::decoder_for(protocol, direction, commands)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let summary = examples::decode::run(decoder.as_mut(), &input, roundtrip, &mut out)
        .map_err(|e| format!("cannot write: {e}"))?;
    out.flush().map_err(|e| format!("cannot write: {e}"))?;
    Ok(if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
