//! `mailbox-server --dir`: what a peer is told was accepted is on disk when it is told.
//!
//! Found with isync's mbsync: a message taken with `250` just before a restart was lost, and
//! after the restart its UID went to the next APPENDed message, so mbsync's idea of UID 2 and
//! the server's differed (RFC 5321 §6.1: the 250 takes responsibility for the message;
//! RFC 9051 §2.3.1.1: a UID is never given to another message under the same UIDVALIDITY).

use std::path::PathBuf;

use examples::mailbox::client::{ImapFetch, SmtpSend, imap_fetch, smtp_send};
use examples::mailbox::store::Store;
use examples::mailbox::{Config, persist, start};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mailbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Loads `dir` as a restarted server would and returns INBOX as (UID, bytes).
fn inbox_on_disk(dir: &std::path::Path) -> Vec<(u32, Vec<u8>)> {
    let store = Store::default();
    store.add_user("alice", "secret");
    persist::load(&store, dir).expect("load");
    store
        .read_account("alice", |a| {
            a.folder("INBOX")
                .map(|f| {
                    f.messages
                        .iter()
                        .map(|m| (m.uid, m.data.to_vec()))
                        .collect()
                })
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// RFC 5321 §6.1 with mbsync's restart case: every message acknowledged with 250, sent back to
/// back, is on disk at the moment of the 250, with the UID IMAP reports for it.
#[test]
fn smtp_250_means_on_disk_mbsync_restart_case() {
    let dir = scratch("persist-smtp");
    let mut config = Config::ephemeral();
    config.dir = Some(dir.clone());
    let r = start(config).expect("bind loopback");
    let messages: Vec<Vec<u8>> = (1..=4)
        .map(|i| format!("Subject: {i}\r\n\r\nbody {i}\r\n").into_bytes())
        .collect();
    for (i, m) in messages.iter().enumerate() {
        let job = SmtpSend {
            server: r.smtp.to_string(),
            helo: "client.example".into(),
            from: "bob@example.org".into(),
            to: vec!["alice@localhost".into()],
            auth: None,
            bdat: i % 2 == 1,
            message: m.clone(),
        };
        smtp_send(&job, &mut |_| {}).expect("accepted");
        let disk = inbox_on_disk(&dir);
        assert_eq!(
            disk.len(),
            i + 1,
            "message {} acknowledged but not on disk",
            i + 1
        );
        assert_eq!(disk[i].1, *m);
    }
    let job = ImapFetch {
        server: r.imap.to_string(),
        user: "alice".into(),
        password: "secret".into(),
        authenticate: false,
        mailbox: "INBOX".into(),
    };
    let fetched = imap_fetch(&job, &mut |_| {}).expect("imap fetch");
    let disk: Vec<(u32, Vec<u8>)> = inbox_on_disk(&dir);
    let imap: Vec<(u32, Vec<u8>)> = fetched.into_iter().map(|f| (f.id, f.data)).collect();
    assert_eq!(imap, disk);
    let _ = std::fs::remove_dir_all(&dir);
}
