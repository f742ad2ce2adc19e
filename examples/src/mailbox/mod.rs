//! A small mail server and clients built on the protocol crates' public API.
//!
//! [`start`] runs SMTP, POP3 and IMAP listeners on loopback sharing one in-memory
//! [`store::Store`]; every connection gets a thread that moves bytes between a
//! [`std::net::TcpStream`] and the protocol crate's sans-IO state machine. The [`client`]
//! functions drive the client state machines the same way; the `mailbox-server`, `smtp-send`,
//! `pop3-fetch` and `imap-fetch` programs are thin command-line wrappers around them.

pub mod args;
pub mod client;
pub mod imap;
pub mod mime;
pub mod net;
pub mod persist;
pub mod pop3;
pub mod smtp;
pub mod store;

use std::collections::BTreeSet;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use store::Store;

/// Settings of the mailbox server.
#[derive(Debug, Clone)]
pub struct Config {
    /// SMTP listen address (default 127.0.0.1:2525).
    pub smtp: SocketAddr,
    /// POP3 listen address (default 127.0.0.1:1110).
    pub pop3: SocketAddr,
    /// IMAP listen address (default 127.0.0.1:1143).
    pub imap: SocketAddr,
    /// The server's host name, used in greetings; mail for `user@hostname` and
    /// `user@localhost` is accepted.
    pub hostname: String,
    /// Users and passwords.
    pub users: Vec<(String, String)>,
    /// Largest message accepted by SMTP and IMAP APPEND, in octets (SMTP `SIZE`, RFC 1870).
    pub max_message_size: usize,
    /// Most simultaneous connections over all protocols.
    pub max_connections: usize,
    /// Print every session's traffic summary to stderr.
    pub verbose: bool,
    /// Keep the mail in this directory (loaded at start, written after changes); memory only
    /// when `None`.
    pub dir: Option<std::path::PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            smtp: SocketAddr::from(([127, 0, 0, 1], 2525)),
            pop3: SocketAddr::from(([127, 0, 0, 1], 1110)),
            imap: SocketAddr::from(([127, 0, 0, 1], 1143)),
            hostname: "localhost".into(),
            users: vec![("alice".into(), "secret".into())],
            max_message_size: 32 << 20,
            max_connections: 100,
            verbose: false,
            dir: None,
        }
    }
}

impl Config {
    /// The same settings listening on ephemeral loopback ports (for tests).
    pub fn ephemeral() -> Self {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Config {
            smtp: any,
            pop3: any,
            imap: any,
            ..Config::default()
        }
    }
}

/// What every session needs: the settings and the store.
#[derive(Debug)]
pub struct Context {
    /// The settings.
    pub config: Config,
    /// The shared store.
    pub store: Store,
    connections: AtomicUsize,
    panics: AtomicUsize,
    pop3_locks: Mutex<BTreeSet<String>>,
    /// The store's change counter as last written to `--dir` (0 before the first write).
    persisted: Mutex<u64>,
    persisted_changed: Condvar,
}

/// How long a reply waits for `--dir` to hold the change it acknowledges.
pub const PERSIST_WAIT: Duration = Duration::from_secs(10);

impl Context {
    /// Records that the store as of change counter `generation` is on disk (the `--dir`
    /// writer calls this after each write).
    pub fn set_persisted(&self, generation: u64) {
        let mut p = self.persisted.lock().unwrap_or_else(|e| e.into_inner());
        *p = (*p).max(generation);
        drop(p);
        self.persisted_changed.notify_all();
    }

    /// With `--dir`, waits (at most [`PERSIST_WAIT`]) until every change made so far is on
    /// disk, so that nothing is acknowledged that a restart would lose: a message taken with
    /// `250` (RFC 5321 §4.1.1.4, §6.1), or a UID handed out and then given again to another
    /// message under the same UIDVALIDITY (RFC 9051 §2.3.1.1). True at once without `--dir`;
    /// false when the write did not happen in time.
    pub fn wait_persisted(&self) -> bool {
        if self.config.dir.is_none() {
            return true;
        }
        let target = self.store.generation();
        let p = self.persisted.lock().unwrap_or_else(|e| e.into_inner());
        let (p, _) = self
            .persisted_changed
            .wait_timeout_while(p, PERSIST_WAIT, |p| *p < target)
            .unwrap_or_else(|e| e.into_inner());
        *p >= target
    }

    /// Whether `domain` is one this server receives mail for.
    pub fn is_local_domain(&self, domain: &str) -> bool {
        domain.eq_ignore_ascii_case("localhost")
            || domain.eq_ignore_ascii_case(&self.config.hostname)
    }

    /// How many sessions ended in a panic (a bug; the server keeps running). Tests check it
    /// stays zero.
    pub fn panics(&self) -> usize {
        self.panics.load(Ordering::SeqCst)
    }

    /// Sessions now running.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Takes the POP3 maildrop lock of `user` (RFC 1939 §4: a session has exclusive access to
    /// the maildrop); false when another session holds it.
    pub fn lock_maildrop(&self, user: &str) -> bool {
        let mut locks = self.pop3_locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.insert(user.to_owned())
    }

    /// Releases the POP3 maildrop lock of `user`.
    pub fn unlock_maildrop(&self, user: &str) {
        let mut locks = self.pop3_locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.remove(user);
    }

    /// Logs a line when verbose.
    pub fn log(&self, proto: &str, peer: &SocketAddr, what: &str) {
        if self.config.verbose {
            eprintln!("[{proto} {peer}] {what}");
        }
    }
}

/// A running server: the bound addresses and the store.
#[derive(Debug, Clone)]
pub struct Running {
    /// The bound SMTP address.
    pub smtp: SocketAddr,
    /// The bound POP3 address.
    pub pop3: SocketAddr,
    /// The bound IMAP address.
    pub imap: SocketAddr,
    /// The shared context (store and settings).
    pub context: Arc<Context>,
}

type Handler = fn(TcpStream, SocketAddr, Arc<Context>);

/// Binds the three listeners and serves each in its own thread; returns once bound.
pub fn start(config: Config) -> io::Result<Running> {
    let store = Store::default();
    for (user, password) in &config.users {
        store.add_user(user, password);
    }
    if let Some(dir) = &config.dir {
        persist::load(&store, dir)?;
    }
    let smtp = TcpListener::bind(config.smtp)?;
    let pop3 = TcpListener::bind(config.pop3)?;
    let imap = TcpListener::bind(config.imap)?;
    let context = Arc::new(Context {
        config,
        store,
        connections: AtomicUsize::new(0),
        panics: AtomicUsize::new(0),
        pop3_locks: Mutex::new(BTreeSet::new()),
        persisted: Mutex::new(0),
        persisted_changed: Condvar::new(),
    });
    let running = Running {
        smtp: smtp.local_addr()?,
        pop3: pop3.local_addr()?,
        imap: imap.local_addr()?,
        context: context.clone(),
    };
    if let Some(dir) = context.config.dir.clone() {
        persist::spawn_writer(context.clone(), dir)?;
    }
    let listeners: [(TcpListener, Handler, &str); 3] = [
        (smtp, smtp::serve, "smtp"),
        (pop3, pop3::serve, "pop3"),
        (imap, imap::serve, "imap"),
    ];
    for (listener, handler, name) in listeners {
        let context = context.clone();
        thread::Builder::new()
            .name(format!("{name}-accept"))
            .spawn(move || accept_loop(listener, handler, context))?;
    }
    Ok(running)
}

fn accept_loop(listener: TcpListener, handler: Handler, context: Arc<Context>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        let n = context.connections.fetch_add(1, Ordering::SeqCst);
        if n >= context.config.max_connections {
            context.connections.fetch_sub(1, Ordering::SeqCst);
            drop(stream);
            continue;
        }
        let session = context.clone();
        let spawned = thread::Builder::new().spawn(move || {
            let run = std::panic::AssertUnwindSafe(|| handler(stream, peer, session.clone()));
            if std::panic::catch_unwind(run).is_err() {
                session.panics.fetch_add(1, Ordering::SeqCst);
                eprintln!("session with {peer} panicked");
            }
            session.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            context.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}
