//! Socket helpers shared by the sessions: reads that wake up regularly so the state machines
//! get their timers run.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How often a blocked read wakes up to run timers (and, for IMAP IDLE, to look for changes).
pub const TICK: Duration = Duration::from_millis(200);

/// Size of the read buffer.
pub const READ_CHUNK: usize = 64 * 1024;

/// What a read gave.
#[derive(Debug)]
pub enum Input<'a> {
    /// Bytes arrived.
    Data(&'a [u8]),
    /// Nothing within [`TICK`].
    Tick,
    /// The peer closed the connection (or it failed).
    Closed,
}

/// A connection with a read buffer.
#[derive(Debug)]
pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    /// Wraps a connected stream (sets the read timeout to [`TICK`], disables Nagle).
    pub fn new(stream: TcpStream) -> io::Result<Self> {
        stream.set_read_timeout(Some(TICK))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: vec![0; READ_CHUNK],
        })
    }

    /// Reads what is available, waiting at most [`TICK`].
    pub fn read(&mut self) -> Input<'_> {
        match self.stream.read(&mut self.buf) {
            Ok(0) => Input::Closed,
            Ok(n) => Input::Data(self.buf.get(..n).unwrap_or_default()),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) =>
            {
                Input::Tick
            }
            Err(_) => Input::Closed,
        }
    }

    /// Writes all of `out` and empties it.
    pub fn write(&mut self, out: &mut Vec<u8>) -> io::Result<()> {
        if !out.is_empty() {
            self.stream.write_all(out)?;
            out.clear();
        }
        Ok(())
    }

    /// Sets how long a read waits (clients use longer waits than servers).
    pub fn set_read_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.stream.set_read_timeout(Some(timeout))
    }
}
