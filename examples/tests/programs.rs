//! The programs themselves: `mailbox-server` started as a process on ephemeral ports, and
//! `smtp-send`, `pop3-fetch`, `imap-fetch` run against it, as the README shows them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const MESSAGE: &[u8] =
    b"From: bob@example.org\r\nSubject: programs\r\n\r\n.dot line\r\n..two\r\nend\r\n";

struct Server {
    child: Child,
    smtp: String,
    pop3: String,
    imap: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on port 0 and reads the addresses it prints.
fn start() -> Server {
    start_with(&[])
}

/// Like [`start`], with more arguments.
fn start_with(extra: &[&std::ffi::OsStr]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailbox-server"))
        .args([
            "--smtp",
            "127.0.0.1:0",
            "--pop3",
            "127.0.0.1:0",
            "--imap",
            "127.0.0.1:0",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mailbox-server");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut addr = |proto: &str| {
        let line = lines.next().expect("a line").expect("utf-8");
        let prefix = format!("{proto} listening on ");
        line.strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{line:?} does not start with {prefix:?}"))
            .to_owned()
    };
    let (smtp, pop3, imap) = (addr("SMTP"), addr("POP3"), addr("IMAP"));
    let users = lines.next().expect("a line").expect("utf-8");
    assert!(users.starts_with("users: alice"), "{users}");
    Server {
        child,
        smtp,
        pop3,
        imap,
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mailbox-programs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `--help` documents every option and exits 0; an unknown option exits 2.
#[test]
fn help_and_usage_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_mailbox-server"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--smtp",
        "--pop3",
        "--imap",
        "--user",
        "--hostname",
        "--max-size",
    ] {
        assert!(help.contains(option), "{option} missing from --help");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mailbox-server"))
        .arg("--frobnicate")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    for bin in [
        env!("CARGO_BIN_EXE_smtp-send"),
        env!("CARGO_BIN_EXE_pop3-fetch"),
        env!("CARGO_BIN_EXE_imap-fetch"),
    ] {
        let out = Command::new(bin).arg("--help").output().expect("run");
        assert!(out.status.success(), "{bin} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("--server"));
    }
}

/// The README's walk-through: send with smtp-send (DATA and BDAT), read back with pop3-fetch
/// and imap-fetch into directories, byte for byte (RFC 5321 §4.5.2 dot transparency on the
/// way in, RFC 1939 §3 byte-stuffing on the way out).
#[test]
fn send_and_fetch_with_the_programs() {
    let server = start();
    let dir = scratch("send-fetch");
    let msg = dir.join("msg.eml");
    std::fs::write(&msg, MESSAGE).expect("write");
    for extra in [&[][..], &["--bdat"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_smtp-send"))
            .args(["--server", &server.smtp, "--from", "bob@example.org"])
            .args(extra)
            .arg(&msg)
            .output()
            .expect("run smtp-send");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("S: 250 2.0.0"), "{text}");
    }
    let refused = Command::new(env!("CARGO_BIN_EXE_smtp-send"))
        .args(["--server", &server.smtp, "--to", "nobody@localhost"])
        .arg(&msg)
        .output()
        .expect("run smtp-send");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stdout).contains("550 5.1.1"));

    let pop = dir.join("pop3");
    let out = Command::new(env!("CARGO_BIN_EXE_pop3-fetch"))
        .args(["--server", &server.pop3, "--out"])
        .arg(&pop)
        .output()
        .expect("run pop3-fetch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imap = dir.join("imap");
    let out = Command::new(env!("CARGO_BIN_EXE_imap-fetch"))
        .args(["--server", &server.imap, "--authenticate", "--out"])
        .arg(&imap)
        .output()
        .expect("run imap-fetch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for n in [1, 2] {
        assert_eq!(
            std::fs::read(pop.join(format!("{n}.eml"))).unwrap(),
            MESSAGE
        );
        assert_eq!(
            std::fs::read(imap.join(format!("{n}.eml"))).unwrap(),
            MESSAGE
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--dir`: mail delivered before a restart is there after it, byte for byte, with its UID.
#[test]
fn dir_keeps_mail_across_restarts() {
    let dir = scratch("persist");
    let store = dir.join("store");
    let msg = dir.join("msg.eml");
    std::fs::write(&msg, MESSAGE).expect("write");
    let args = [std::ffi::OsStr::new("--dir"), store.as_os_str()];
    {
        let server = start_with(&args);
        let out = Command::new(env!("CARGO_BIN_EXE_smtp-send"))
            .args(["--server", &server.smtp, "--quiet"])
            .arg(&msg)
            .output()
            .expect("run smtp-send");
        assert!(out.status.success());
        // The writer runs every 300 ms.
        std::thread::sleep(std::time::Duration::from_millis(1500));
    }
    let server = start_with(&args);
    let got = dir.join("got");
    let out = Command::new(env!("CARGO_BIN_EXE_imap-fetch"))
        .args(["--server", &server.imap, "--quiet", "--out"])
        .arg(&got)
        .output()
        .expect("run imap-fetch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(got.join("1.eml")).unwrap(), MESSAGE);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
