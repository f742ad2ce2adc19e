//! [`Encode`] implementations: commands as a client sends them, responses as a server sends them.
//!
//! Values are valid by construction, so encoding cannot fail. Multi-line responses are
//! dot-stuffed here (RFC 1939 §3): a `.` starting any line of the body, the first included, is
//! doubled, and the block ends with `.` CR LF.

use bytes::BufMut;
use mail_core::Encode;
use mail_core::encode::put_decimal;

use crate::types::{
    Capability, Challenge, Command, Expire, Greeting, LangArg, LanguageEntry, Response,
    ResponseText, SaslResponse, ScanEntry, StatInfo, Status, StatusLine, UidEntry,
};

const CRLF: &[u8] = b"\r\n";

impl Encode for Command<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.kind().keyword().as_bytes());
        let msg = |dst: &mut B, n: u32| {
            dst.put_u8(b' ');
            put_decimal(dst, u64::from(n));
        };
        match self {
            Command::User(name) => {
                dst.put_u8(b' ');
                dst.put_slice(name.as_str().as_bytes());
            }
            Command::Pass(password) => {
                dst.put_u8(b' ');
                dst.put_slice(password.expose().as_bytes());
            }
            Command::Apop { name, digest } => {
                dst.put_u8(b' ');
                dst.put_slice(name.as_str().as_bytes());
                dst.put_u8(b' ');
                dst.put_slice(&digest.to_hex());
            }
            Command::List(Some(n)) | Command::Uidl(Some(n)) => msg(dst, n.get()),
            Command::Retr(n) | Command::Dele(n) => msg(dst, n.get()),
            Command::Top { msg: n, lines } => {
                msg(dst, n.get());
                msg(dst, *lines);
            }
            Command::Auth(Some(start)) => {
                dst.put_u8(b' ');
                dst.put_slice(start.mechanism.as_str().as_bytes());
                match &start.initial_response {
                    Some(SaslResponse::Data(data)) => {
                        dst.put_u8(b' ');
                        dst.put_slice(data.expose().as_bytes());
                    }
                    // RFC 5034 §4: "=" is an empty initial response.
                    Some(SaslResponse::Empty) => dst.put_slice(b" ="),
                    Some(SaslResponse::Cancel) | None => {}
                }
            }
            Command::Lang(Some(LangArg::Default)) => dst.put_slice(b" *"),
            Command::Lang(Some(LangArg::Tag(tag))) => {
                dst.put_u8(b' ');
                dst.put_slice(tag.as_str().as_bytes());
            }
            Command::Quit
            | Command::Stat
            | Command::List(None)
            | Command::Noop
            | Command::Rset
            | Command::Uidl(None)
            | Command::Capa
            | Command::Stls
            | Command::Auth(None)
            | Command::Utf8
            | Command::Lang(None) => {}
        }
        dst.put_slice(CRLF);
    }
}

/// A client's line during an AUTH exchange (RFC 5034 §4): base64, an empty line, or `*`.
impl Encode for SaslResponse<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            SaslResponse::Data(data) => dst.put_slice(data.expose().as_bytes()),
            SaslResponse::Empty => {}
            SaslResponse::Cancel => dst.put_u8(b'*'),
        }
        dst.put_slice(CRLF);
    }
}

/// Writes ` [code] text` (each part only when present), without CR LF.
fn put_response_text<B: BufMut + ?Sized>(dst: &mut B, text: &ResponseText<'_>) {
    if let Some(code) = text.code() {
        dst.put_slice(b" [");
        dst.put_slice(code.as_str().as_bytes());
        dst.put_u8(b']');
    }
    if !text.human().is_empty() {
        dst.put_u8(b' ');
        dst.put_slice(text.human().as_bytes());
    }
}

fn put_status<B: BufMut + ?Sized>(dst: &mut B, status: Status) {
    dst.put_slice(match status {
        Status::Ok => b"+OK",
        Status::Err => b"-ERR",
    });
}

impl Encode for StatusLine<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_status(dst, self.status);
        put_response_text(dst, &self.text);
        dst.put_slice(CRLF);
    }
}

impl Encode for Greeting<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.0.encode(dst)
    }
}

impl Encode for StatInfo<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(b"+OK ");
        put_decimal(dst, u64::from(self.count));
        dst.put_u8(b' ');
        put_decimal(dst, self.size);
        if !self.text.is_empty() {
            dst.put_u8(b' ');
            dst.put_slice(self.text.as_bytes());
        }
        dst.put_slice(CRLF);
    }
}

/// A scan listing line without CR LF (`msg size [extra]`).
fn put_scan<B: BufMut + ?Sized>(dst: &mut B, entry: &ScanEntry<'_>) {
    put_decimal(dst, u64::from(entry.msg.get()));
    dst.put_u8(b' ');
    put_decimal(dst, entry.size);
    if !entry.extra.is_empty() {
        dst.put_u8(b' ');
        dst.put_slice(entry.extra.as_bytes());
    }
}

fn put_uid<B: BufMut + ?Sized>(dst: &mut B, entry: &UidEntry<'_>) {
    put_decimal(dst, u64::from(entry.msg.get()));
    dst.put_u8(b' ');
    dst.put_slice(entry.uid.as_str().as_bytes());
}

/// One line of a listing, dot-stuffed, with CR LF.
impl Encode for ScanEntry<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_scan(dst, self);
        dst.put_slice(CRLF);
    }
}

/// One line of a listing, with CR LF.
impl Encode for UidEntry<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_uid(dst, self);
        dst.put_slice(CRLF);
    }
}

/// One line of a language listing, dot-stuffed, with CR LF.
impl Encode for LanguageEntry<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        let tag = self.tag.as_str().as_bytes();
        if tag.first() == Some(&b'.') {
            dst.put_u8(b'.');
        }
        dst.put_slice(tag);
        if !self.description.is_empty() {
            dst.put_u8(b' ');
            dst.put_slice(self.description.as_bytes());
        }
        dst.put_slice(CRLF);
    }
}

/// One line of a CAPA response, with CR LF (a capability tag never starts with `.`).
impl Encode for Capability<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.tag().as_bytes());
        let user = |dst: &mut B, per_user: bool| {
            if per_user {
                dst.put_slice(b" USER");
            }
        };
        match self {
            Capability::Sasl(mechanisms) => {
                for m in mechanisms {
                    dst.put_u8(b' ');
                    dst.put_slice(m.as_str().as_bytes());
                }
            }
            Capability::LoginDelay { seconds, per_user } => {
                dst.put_u8(b' ');
                put_decimal(dst, u64::from(*seconds));
                user(dst, *per_user);
            }
            Capability::Expire { expire, per_user } => {
                match expire {
                    Expire::Never => dst.put_slice(b" NEVER"),
                    Expire::Days(days) => {
                        dst.put_u8(b' ');
                        put_decimal(dst, u64::from(*days));
                    }
                }
                user(dst, *per_user);
            }
            Capability::Implementation(text) => {
                if !text.is_empty() {
                    dst.put_u8(b' ');
                    dst.put_slice(text.as_bytes());
                }
            }
            Capability::Utf8 { user: u } => user(dst, *u),
            Capability::Other(other) => {
                for arg in other.args() {
                    dst.put_u8(b' ');
                    dst.put_slice(arg.as_str().as_bytes());
                }
            }
            Capability::Top
            | Capability::User
            | Capability::RespCodes
            | Capability::AuthRespCode
            | Capability::Pipelining
            | Capability::Uidl
            | Capability::Stls
            | Capability::Lang => {}
        }
        dst.put_slice(CRLF);
    }
}

/// `+ base64` or `+ ` (RFC 5034 §4 `continue-req = "+" SP [base64] CRLF`).
impl Encode for Challenge<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(b"+ ");
        if let Some(data) = &self.0 {
            dst.put_slice(data.expose().as_bytes());
        }
        dst.put_slice(CRLF);
    }
}

/// Appends `body` dot-stuffed: a `.` at the start of the body or after a CR LF is doubled. The
/// body is expected to be empty or to end with CR LF; the terminator is not written.
pub(crate) fn put_stuffed<B: BufMut + ?Sized>(dst: &mut B, body: &[u8]) {
    let mut from = 0;
    if body.first() == Some(&b'.') {
        dst.put_u8(b'.');
    }
    for at in memchr::memmem::find_iter(body, b"\r\n.") {
        // Write up to and including the CR LF, then the extra dot; the original dot follows.
        dst.put_slice(&body[from..at + 2]);
        dst.put_u8(b'.');
        from = at + 2;
    }
    dst.put_slice(&body[from..]);
}

fn put_ok<B: BufMut + ?Sized>(dst: &mut B, ok: &ResponseText<'_>) {
    put_status(dst, Status::Ok);
    put_response_text(dst, ok);
    dst.put_slice(CRLF);
}

fn put_lines<B: BufMut + ?Sized, T: Encode>(dst: &mut B, items: &[T]) {
    for item in items {
        item.encode(dst);
    }
    dst.put_slice(b".\r\n");
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            Response::Greeting(g) => g.encode(dst),
            Response::Status(s) => s.encode(dst),
            Response::Stat(s) => s.encode(dst),
            Response::Scan(entry) => {
                dst.put_slice(b"+OK ");
                put_scan(dst, entry);
                dst.put_slice(CRLF);
            }
            Response::UniqueId(entry) => {
                dst.put_slice(b"+OK ");
                put_uid(dst, entry);
                dst.put_slice(CRLF);
            }
            Response::Challenge(c) => c.encode(dst),
            Response::ScanListing { ok, entries } => {
                put_ok(dst, ok);
                put_lines(dst, entries);
            }
            Response::UidListing { ok, entries } => {
                put_ok(dst, ok);
                put_lines(dst, entries);
            }
            Response::Capabilities { ok, capabilities } => {
                put_ok(dst, ok);
                put_lines(dst, capabilities);
            }
            Response::Languages { ok, languages } => {
                put_ok(dst, ok);
                put_lines(dst, languages);
            }
            Response::Mechanisms { ok, mechanisms } => {
                put_ok(dst, ok);
                for m in mechanisms {
                    dst.put_slice(m.as_str().as_bytes());
                    dst.put_slice(CRLF);
                }
                dst.put_slice(b".\r\n");
            }
            Response::Message { ok, body } => {
                put_ok(dst, ok);
                put_stuffed(dst, body.as_bytes());
                dst.put_slice(b".\r\n");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::MessageBody;

    /// RFC 1939 §3: every line starting with "." is byte-stuffed, the first line included.
    #[test]
    fn stuffing_covers_first_line() {
        let mut out = Vec::new();
        put_stuffed(&mut out, b".a\r\n..b\r\n.\r\nc.\r\n");
        assert_eq!(out, b"..a\r\n...b\r\n..\r\nc.\r\n");
        let r = Response::Message {
            ok: ResponseText::empty(),
            body: MessageBody::new(&b".\r\n"[..]).unwrap(),
        };
        assert_eq!(r.to_bytes(), b"+OK\r\n..\r\n.\r\n");
    }
}
