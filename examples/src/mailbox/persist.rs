//! Optional persistence of the store in a directory (`mailbox-server --dir DIR`).
//!
//! Layout, with user and folder names hex-encoded so any name is a safe file name:
//!
//! ```text
//! DIR/<user>/subscribed           one hex folder name per line
//! DIR/<user>/<folder>/folder      "uidvalidity N", "uidnext N", "special \Sent" lines
//! DIR/<user>/<folder>/<uid>.eml   the message, byte for byte
//! DIR/<user>/<folder>/<uid>.meta  internal date (Unix seconds), then the flags, one line each
//! ```
//!
//! [`load`] reads it at start for the configured users; [`spawn_writer`] starts a thread that,
//! whenever the store changed, writes what is new (message files are written once, through a
//! temporary file and a rename) and removes what is gone, then reports the change counter it
//! wrote ([`super::Context::set_persisted`]). Sessions wait for that before they acknowledge a
//! change ([`super::Context::wait_persisted`]), so a message taken with `250` or given a UID
//! is on disk before the peer hears of it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::store::{Account, Folder, Message, Store};

/// How long the writer waits for a change before it looks again, and pauses after a failed
/// write.
pub const WRITE_INTERVAL: Duration = Duration::from_millis(300);

/// Hex encoding of a name (file-name safe).
pub fn hex(name: &str) -> String {
    name.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The name a hex file name stands for.
pub fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    String::from_utf8(bytes?).ok()
}

fn special(name: &str) -> Option<&'static str> {
    ["\\Sent", "\\Trash", "\\Drafts", "\\Junk", "\\Archive"]
        .into_iter()
        .find(|s| *s == name)
}

fn read_folder(dir: &Path) -> io::Result<Folder> {
    let mut folder = Folder {
        uid_validity: 1,
        uid_next: 1,
        messages: Vec::new(),
        special_use: None,
    };
    let head = fs::read_to_string(dir.join("folder")).unwrap_or_default();
    for line in head.lines() {
        match line.split_once(' ') {
            Some(("uidvalidity", v)) => folder.uid_validity = v.parse().unwrap_or(1),
            Some(("uidnext", v)) => folder.uid_next = v.parse().unwrap_or(1),
            Some(("special", v)) => folder.special_use = special(v),
            _ => {}
        }
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(uid) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".eml"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let data = fs::read(&path)?;
        let meta = fs::read_to_string(path.with_extension("meta")).unwrap_or_default();
        let mut lines = meta.lines();
        let internal_date = lines.next().and_then(|d| d.parse().ok()).unwrap_or(0);
        let flags: BTreeSet<String> = lines.filter(|l| !l.is_empty()).map(str::to_owned).collect();
        folder.messages.push(Message {
            uid,
            data: Arc::from(data),
            flags,
            internal_date,
        });
        folder.uid_next = folder.uid_next.max(uid.saturating_add(1));
    }
    folder.messages.sort_by_key(|m| m.uid);
    Ok(folder)
}

/// Loads the saved folders of every user the store has (users not in the store are left
/// alone on disk).
pub fn load(store: &Store, dir: &Path) -> io::Result<usize> {
    let (_, accounts) = store.snapshot();
    let mut loaded = 0;
    for (user, _) in accounts {
        let udir = dir.join(hex(&user));
        if !udir.is_dir() {
            continue;
        }
        let mut folders = BTreeMap::new();
        for entry in fs::read_dir(&udir)? {
            let path = entry?.path();
            if !path.is_dir() {
                continue;
            }
            let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(unhex) else {
                continue;
            };
            let folder = read_folder(&path)?;
            loaded += folder.messages.len();
            folders.insert(name, folder);
        }
        let subscribed: BTreeSet<String> = fs::read_to_string(udir.join("subscribed"))
            .unwrap_or_default()
            .lines()
            .filter_map(unhex)
            .collect();
        store.with_account(&user, |a| {
            for (name, folder) in folders {
                a.folders.insert(name, folder);
            }
            if !subscribed.is_empty() {
                a.subscribed = subscribed;
            }
        });
    }
    Ok(loaded)
}

fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, data)?;
    fs::rename(&tmp, path)
}

/// What the writer last put on disk, to write only what changed.
#[derive(Debug, Default)]
pub struct Writer {
    dir: PathBuf,
    written: HashMap<PathBuf, Vec<u8>>,
}

impl Writer {
    /// A writer for `dir` (created if missing).
    pub fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        Ok(Writer {
            dir: dir.to_owned(),
            written: HashMap::new(),
        })
    }

    fn put(&mut self, path: PathBuf, data: Vec<u8>) -> io::Result<()> {
        if self.written.get(&path) != Some(&data) {
            write_atomic(&path, &data)?;
            self.written.insert(path, data);
        }
        Ok(())
    }

    /// Brings the directory in line with these accounts.
    pub fn write(&mut self, accounts: &[(String, Account)]) -> io::Result<()> {
        for (user, account) in accounts {
            let udir = self.dir.join(hex(user));
            fs::create_dir_all(&udir)?;
            let subscribed: String = account.subscribed.iter().map(|n| hex(n) + "\n").collect();
            self.put(udir.join("subscribed"), subscribed.into_bytes())?;
            let keep: BTreeSet<String> = account.folders.keys().map(|n| hex(n)).collect();
            for entry in fs::read_dir(&udir)? {
                let path = entry?.path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if path.is_dir() && !keep.contains(name) {
                    fs::remove_dir_all(&path)?;
                    self.written.retain(|p, _| !p.starts_with(&path));
                }
            }
            for (name, folder) in &account.folders {
                self.write_folder(&udir.join(hex(name)), folder)?;
            }
        }
        Ok(())
    }

    fn write_folder(&mut self, fdir: &Path, folder: &Folder) -> io::Result<()> {
        fs::create_dir_all(fdir)?;
        let mut head = format!(
            "uidvalidity {}\nuidnext {}\n",
            folder.uid_validity, folder.uid_next
        );
        if let Some(s) = folder.special_use {
            head.push_str(&format!("special {s}\n"));
        }
        self.put(fdir.join("folder"), head.into_bytes())?;
        let uids: BTreeSet<u32> = folder.messages.iter().map(|m| m.uid).collect();
        for entry in fs::read_dir(fdir)? {
            let path = entry?.path();
            let stem = path
                .file_stem()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Ok(uid) = stem.parse::<u32>()
                && !uids.contains(&uid)
            {
                fs::remove_file(&path)?;
                self.written.remove(&path);
            }
        }
        for m in &folder.messages {
            let eml = fdir.join(format!("{}.eml", m.uid));
            if !eml.exists() {
                write_atomic(&eml, &m.data)?;
            }
            let mut meta = format!("{}\n", m.internal_date);
            for f in &m.flags {
                meta.push_str(f);
                meta.push('\n');
            }
            self.put(fdir.join(format!("{}.meta", m.uid)), meta.into_bytes())?;
        }
        Ok(())
    }
}

/// Starts the thread that writes the store to `dir` after every change.
pub fn spawn_writer(store: Arc<super::Context>, dir: PathBuf) -> io::Result<()> {
    let mut writer = Writer::new(&dir)?;
    std::thread::Builder::new()
        .name("persist".into())
        .spawn(move || {
            let mut seen = u64::MAX;
            loop {
                let generation = store.store.wait_change(seen, WRITE_INTERVAL);
                if generation != seen {
                    let (generation, accounts) = store.store.snapshot();
                    match writer.write(&accounts) {
                        Ok(()) => {
                            seen = generation;
                            store.set_persisted(generation);
                        }
                        Err(e) => {
                            eprintln!("persist to {}: {e}", dir.display());
                            std::thread::sleep(WRITE_INTERVAL);
                        }
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folder names with any characters survive the hex file names.
    #[test]
    fn hex_round_trip() {
        for name in ["INBOX", "Work/Sub", "Entwürfe", "a b/../c"] {
            assert_eq!(unhex(&hex(name)).as_deref(), Some(name));
        }
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("abc"), None);
    }

    /// What is written is loaded back: messages byte for byte, UIDs, UIDVALIDITY, flags,
    /// folders, subscriptions; expunged messages and deleted folders disappear from disk.
    #[test]
    fn write_then_load() {
        let dir = std::env::temp_dir().join(format!("mailbox-persist-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let store = Store::default();
        store.add_user("alice", "secret");
        store
            .deliver("alice", Arc::from(&b"Subject: one\r\n\r\n1\r\n"[..]))
            .unwrap();
        store
            .deliver("alice", Arc::from(&b"Subject: two\r\n\r\n2\r\n"[..]))
            .unwrap();
        store.with_account("alice", |a| {
            let inbox = a.folder_mut("INBOX").unwrap();
            inbox.messages[1].flags.insert("\\Seen".into());
            inbox.messages.remove(0);
            a.folders.insert("Gone".into(), a.folders["Sent"].clone());
        });
        let mut writer = Writer::new(&dir).unwrap();
        writer.write(&store.snapshot().1).unwrap();
        store.with_account("alice", |a| a.folders.remove("Gone"));
        writer.write(&store.snapshot().1).unwrap();

        let fresh = Store::default();
        fresh.add_user("alice", "secret");
        assert_eq!(load(&fresh, &dir).unwrap(), 1);
        let (_, before) = store.snapshot();
        let (_, after) = fresh.snapshot();
        let (b, a) = (&before[0].1, &after[0].1);
        assert_eq!(
            a.folders.keys().collect::<Vec<_>>(),
            b.folders.keys().collect::<Vec<_>>()
        );
        let (bi, ai) = (&b.folders["INBOX"], &a.folders["INBOX"]);
        assert_eq!(ai.uid_validity, bi.uid_validity);
        assert_eq!(ai.uid_next, 3);
        assert_eq!(ai.messages.len(), 1);
        assert_eq!(ai.messages[0].uid, 2);
        assert_eq!(&*ai.messages[0].data, b"Subject: two\r\n\r\n2\r\n");
        assert!(ai.messages[0].has_flag("\\Seen"));
        assert_eq!(a.folders["Sent"].special_use, Some("\\Sent"));
        let _ = fs::remove_dir_all(&dir);
    }
}
