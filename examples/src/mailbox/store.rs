//! The in-memory mail store shared by the SMTP, POP3 and IMAP servers.
//!
//! One [`Store`] holds every account; each account has folders (`INBOX` plus created ones and
//! the special-use folders `Sent`, `Trash` and `Drafts`, RFC 6154), each folder a list of
//! messages in UID order (RFC 9051 §2.3.1.1). Message bytes are kept exactly as received and
//! shared (`Arc`) so a POP3 or IMAP session reads them without copying. Every change bumps a
//! generation counter and wakes [`Store::wait_change`], which is how IMAP IDLE learns about new
//! mail delivered by SMTP.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The name of the inbox (RFC 9051 §5.1: case-insensitive).
pub const INBOX: &str = "INBOX";

/// One stored message.
#[derive(Debug, Clone)]
pub struct Message {
    /// The unique identifier in its folder (RFC 9051 §2.3.1.1).
    pub uid: u32,
    /// The message, byte for byte as received.
    pub data: Arc<[u8]>,
    /// System flags (`\Seen`, ...) and keywords.
    pub flags: BTreeSet<String>,
    /// When it was stored, in seconds since the Unix epoch (RFC 9051 §2.3.3 internal date).
    pub internal_date: i64,
}

impl Message {
    /// Whether the message has this flag (compared without regard to case, RFC 9051 §2.3.2).
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
    }
}

/// A folder (IMAP mailbox).
#[derive(Debug, Clone)]
pub struct Folder {
    /// The UIDVALIDITY value (RFC 9051 §2.3.1.1).
    pub uid_validity: u32,
    /// The next UID to assign.
    pub uid_next: u32,
    /// Messages in ascending UID order.
    pub messages: Vec<Message>,
    /// The special-use attribute (RFC 6154), e.g. `\Sent`.
    pub special_use: Option<&'static str>,
}

impl Folder {
    fn new(uid_validity: u32, special_use: Option<&'static str>) -> Self {
        Folder {
            uid_validity,
            uid_next: 1,
            messages: Vec::new(),
            special_use,
        }
    }

    /// Appends a message, assigning the next UID; returns it.
    pub fn append(&mut self, data: Arc<[u8]>, flags: BTreeSet<String>, internal_date: i64) -> u32 {
        let uid = self.uid_next;
        self.uid_next = self.uid_next.saturating_add(1);
        self.messages.push(Message {
            uid,
            data,
            flags,
            internal_date,
        });
        uid
    }

    /// The total size of the messages in octets.
    pub fn size(&self) -> u64 {
        self.messages.iter().map(|m| m.data.len() as u64).sum()
    }
}

/// A user's account: password and folders.
#[derive(Debug, Clone)]
pub struct Account {
    /// The password (shared secret, also used for APOP).
    pub password: String,
    /// Folders by name; `INBOX` always exists.
    pub folders: BTreeMap<String, Folder>,
    /// Subscribed folder names (RFC 9051 §6.3.7).
    pub subscribed: BTreeSet<String>,
}

impl Account {
    fn new(password: String, uid_validity: u32) -> Self {
        let mut folders = BTreeMap::new();
        folders.insert(INBOX.to_owned(), Folder::new(uid_validity, None));
        for (name, special) in [
            ("Drafts", "\\Drafts"),
            ("Sent", "\\Sent"),
            ("Trash", "\\Trash"),
        ] {
            folders.insert(name.to_owned(), Folder::new(uid_validity, Some(special)));
        }
        let subscribed = folders.keys().cloned().collect();
        Account {
            password,
            folders,
            subscribed,
        }
    }

    /// The stored name of a folder: `INBOX` in any case is the inbox, other names are exact.
    pub fn canonical(name: &str) -> String {
        if name.eq_ignore_ascii_case(INBOX) {
            INBOX.to_owned()
        } else {
            name.to_owned()
        }
    }

    /// A folder by (client-given) name.
    pub fn folder(&self, name: &str) -> Option<&Folder> {
        self.folders.get(&Self::canonical(name))
    }

    /// A folder by (client-given) name, mutable.
    pub fn folder_mut(&mut self, name: &str) -> Option<&mut Folder> {
        self.folders.get_mut(&Self::canonical(name))
    }
}

/// Limits of the store.
#[derive(Debug, Clone, Copy)]
pub struct StoreLimits {
    /// Most octets kept in all folders of one account together; delivery beyond fails.
    pub max_account_bytes: u64,
    /// Most folders per account.
    pub max_folders: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            max_account_bytes: 1 << 30,
            max_folders: 1000,
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    accounts: BTreeMap<String, Account>,
    generation: u64,
    next_validity: u32,
}

/// Why a delivery or append failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No such user.
    NoUser,
    /// No such folder.
    NoFolder,
    /// The account would exceed [`StoreLimits::max_account_bytes`].
    QuotaExceeded,
}

/// The store: accounts behind one lock, with change notification.
#[derive(Debug)]
pub struct Store {
    inner: Mutex<Inner>,
    changed: Condvar,
    limits: StoreLimits,
}

impl Default for Store {
    fn default() -> Self {
        Store::new(StoreLimits::default())
    }
}

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Store {
    /// An empty store.
    pub fn new(limits: StoreLimits) -> Self {
        let seed = u32::try_from(now_secs() & 0x7fff_ffff).unwrap_or(1).max(1);
        Store {
            inner: Mutex::new(Inner {
                next_validity: seed,
                ..Inner::default()
            }),
            changed: Condvar::new(),
            limits,
        }
    }

    /// The limits.
    pub fn limits(&self) -> StoreLimits {
        self.limits
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave an account half-updated in a way that
        // matters here; keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces the password of) a user.
    pub fn add_user(&self, name: &str, password: &str) {
        let mut inner = self.lock();
        let validity = inner.next_validity;
        inner.next_validity = inner.next_validity.wrapping_add(1).max(1);
        inner
            .accounts
            .entry(name.to_owned())
            .and_modify(|a| a.password = password.to_owned())
            .or_insert_with(|| Account::new(password.to_owned(), validity));
    }

    /// A new UIDVALIDITY for a created folder.
    pub fn next_uid_validity(&self) -> u32 {
        let mut inner = self.lock();
        let v = inner.next_validity;
        inner.next_validity = inner.next_validity.wrapping_add(1).max(1);
        v
    }

    /// Whether the user exists.
    pub fn has_user(&self, name: &str) -> bool {
        self.lock().accounts.contains_key(name)
    }

    /// Whether `user`/`password` is valid.
    pub fn check_password(&self, user: &str, password: &[u8]) -> bool {
        self.lock()
            .accounts
            .get(user)
            .is_some_and(|a| a.password.as_bytes() == password)
    }

    /// The user's shared secret (for APOP, RFC 1939 §7).
    pub fn secret(&self, user: &str) -> Option<String> {
        self.lock().accounts.get(user).map(|a| a.password.clone())
    }

    /// Delivers a message to the user's INBOX; returns its UID.
    pub fn deliver(&self, user: &str, data: Arc<[u8]>) -> Result<u32, StoreError> {
        self.append(user, INBOX, data, BTreeSet::new(), now_secs())
    }

    /// Appends a message to a folder; returns its UID.
    pub fn append(
        &self,
        user: &str,
        folder: &str,
        data: Arc<[u8]>,
        flags: BTreeSet<String>,
        internal_date: i64,
    ) -> Result<u32, StoreError> {
        let limit = self.limits.max_account_bytes;
        let uid = self.with_account(user, |account| {
            let used: u64 = account.folders.values().map(Folder::size).sum();
            if used.saturating_add(data.len() as u64) > limit {
                return Err(StoreError::QuotaExceeded);
            }
            let folder = account.folder_mut(folder).ok_or(StoreError::NoFolder)?;
            Ok(folder.append(data, flags, internal_date))
        });
        uid.ok_or(StoreError::NoUser)?
    }

    /// Runs `f` on the user's account (under the lock); every call counts as a change.
    pub fn with_account<R>(&self, user: &str, f: impl FnOnce(&mut Account) -> R) -> Option<R> {
        let mut inner = self.lock();
        let r = inner.accounts.get_mut(user).map(f);
        inner.generation = inner.generation.wrapping_add(1);
        drop(inner);
        self.changed.notify_all();
        r
    }

    /// Runs `f` on the user's account without counting a change.
    pub fn read_account<R>(&self, user: &str, f: impl FnOnce(&Account) -> R) -> Option<R> {
        self.lock().accounts.get(user).map(f)
    }

    /// A copy of every account (message bytes are shared, not copied) and the change counter
    /// it corresponds to.
    pub fn snapshot(&self) -> (u64, Vec<(String, Account)>) {
        let inner = self.lock();
        let accounts = inner
            .accounts
            .iter()
            .map(|(n, a)| (n.clone(), a.clone()))
            .collect();
        (inner.generation, accounts)
    }

    /// The change counter.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Waits at most `timeout` for the change counter to move past `seen`; returns the counter.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let inner = self.lock();
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, timeout, |i| i.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        inner.generation
    }
}
