//! Wire forms of commands, parameters and replies ([`Encode`] impls).

use bytes::BufMut;
use mail_core::Encode;
use mail_core::encode::put_decimal;

use crate::types::command::Command;
use crate::types::ehlo::EhloReply;
use crate::types::params::{AuthParam, ByMode, Hold, MailParams, RcptParams, RrvsAction};
use crate::types::reply::{Reply, ReplyCode};

fn param<B: BufMut + ?Sized>(dst: &mut B, keyword: &str, value: Option<&str>) {
    dst.put_u8(b' ');
    dst.put_slice(keyword.as_bytes());
    if let Some(v) = value {
        dst.put_u8(b'=');
        dst.put_slice(v.as_bytes());
    }
}

fn num_param<B: BufMut + ?Sized>(dst: &mut B, keyword: &str, n: u64) {
    dst.put_u8(b' ');
    dst.put_slice(keyword.as_bytes());
    dst.put_u8(b'=');
    put_decimal(dst, n);
}

/// Writes ` SIZE=... BODY=...` (each parameter preceded by SP, RFC 5321 §4.1.2).
impl Encode for MailParams<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Some(n) = self.size {
            num_param(dst, "SIZE", n);
        }
        if let Some(b) = self.body {
            param(dst, "BODY", Some(b.as_str()));
        }
        if self.smtputf8 {
            param(dst, "SMTPUTF8", None);
        }
        if let Some(r) = self.ret {
            param(dst, "RET", Some(r.as_str()));
        }
        if let Some(e) = &self.envid {
            param(dst, "ENVID", Some(e.as_wire()));
        }
        if let Some(a) = &self.auth {
            match a {
                AuthParam::Unknown => param(dst, "AUTH", Some("<>")),
                AuthParam::Mailbox(x) => param(dst, "AUTH", Some(x.as_wire())),
            }
        }
        if let Some(p) = self.mt_priority {
            dst.put_slice(b" MT-PRIORITY=");
            if p.get() < 0 {
                dst.put_u8(b'-');
            }
            put_decimal(dst, u64::from(p.get().unsigned_abs()));
        }
        if self.requiretls {
            param(dst, "REQUIRETLS", None);
        }
        match &self.hold {
            Some(Hold::For(s)) => num_param(dst, "HOLDFOR", *s),
            Some(Hold::Until(d)) => param(dst, "HOLDUNTIL", Some(d.as_str())),
            None => {}
        }
        if let Some(by) = self.by {
            dst.put_slice(b" BY=");
            if by.time < 0 {
                dst.put_u8(b'-');
            }
            put_decimal(dst, u64::from(by.time.unsigned_abs()));
            dst.put_u8(b';');
            dst.put_u8(match by.mode {
                ByMode::Return => b'R',
                ByMode::Notify => b'N',
            });
            if by.trace {
                dst.put_u8(b'T');
            }
        }
        if let Some(t) = &self.transid {
            param(dst, "TRANSID", Some(t.as_str()));
        }
        if let Some(m) = &self.mtrk {
            param(dst, "MTRK", m.as_ref().map(|v| v.as_str()));
        }
        if let Some(s) = &self.solicit {
            param(dst, "SOLICIT", Some(s.as_str()));
        }
        for p in self.extensions.iter() {
            param(
                dst,
                p.keyword.as_str(),
                p.value.as_ref().map(|v| v.as_str()),
            );
        }
    }
}

/// Writes ` NOTIFY=... ORCPT=...` (each parameter preceded by SP).
impl Encode for RcptParams<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Some(n) = self.notify {
            dst.put_slice(b" NOTIFY=");
            if n.is_never() {
                dst.put_slice(b"NEVER");
            } else {
                let mut first = true;
                for (on, name) in [
                    (n.success, &b"SUCCESS"[..]),
                    (n.failure, b"FAILURE"),
                    (n.delay, b"DELAY"),
                ] {
                    if on {
                        if !first {
                            dst.put_u8(b',');
                        }
                        first = false;
                        dst.put_slice(name);
                    }
                }
            }
        }
        if let Some(o) = &self.orcpt {
            dst.put_slice(b" ORCPT=");
            dst.put_slice(o.addr_type.as_bytes());
            dst.put_u8(b';');
            dst.put_slice(o.address.as_wire().as_bytes());
        }
        if let Some(r) = &self.rrvs {
            dst.put_slice(b" RRVS=");
            dst.put_slice(r.time.as_str().as_bytes());
            match r.action {
                Some(RrvsAction::Continue) => dst.put_slice(b";C"),
                Some(RrvsAction::Reject) => dst.put_slice(b";R"),
                None => {}
            }
        }
        for p in self.extensions.iter() {
            param(
                dst,
                p.keyword.as_str(),
                p.value.as_ref().map(|v| v.as_str()),
            );
        }
    }
}

/// Writes the command line with its CR LF.
impl Encode for Command<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.verb().as_bytes());
        match self {
            Command::Ehlo(h) | Command::Helo(h) | Command::Lhlo(h) => {
                dst.put_u8(b' ');
                h.encode(dst);
            }
            Command::Mail { from, params } => {
                dst.put_slice(b" FROM:");
                from.encode(dst);
                params.encode(dst);
            }
            Command::Rcpt { to, params } => {
                dst.put_slice(b" TO:");
                to.encode(dst);
                params.encode(dst);
            }
            Command::Bdat { size, last } => {
                dst.put_u8(b' ');
                put_decimal(dst, *size);
                if *last {
                    dst.put_slice(b" LAST");
                }
            }
            Command::Vrfy(a) | Command::Expn(a) | Command::Etrn(a) => {
                dst.put_u8(b' ');
                dst.put_slice(a.as_str().as_bytes());
            }
            Command::Help(a) | Command::Noop(a) | Command::Atrn(a) => {
                if let Some(a) = a {
                    dst.put_u8(b' ');
                    dst.put_slice(a.as_str().as_bytes());
                }
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                dst.put_u8(b' ');
                mechanism.encode(dst);
                if let Some(ir) = initial_response {
                    dst.put_u8(b' ');
                    dst.put_slice(ir.as_wire().as_bytes());
                }
            }
            Command::Burl { url, last } => {
                dst.put_u8(b' ');
                dst.put_slice(url.as_bytes());
                if *last {
                    dst.put_slice(b" LAST");
                }
            }
            Command::Data | Command::Rset | Command::Quit | Command::StartTls => {}
        }
        dst.put_slice(b"\r\n");
    }
}

fn put_code<B: BufMut + ?Sized>(dst: &mut B, code: ReplyCode) {
    put_decimal(dst, u64::from(code.get()));
}

/// Writes every line (`250-...` then `250 ...`), CR LF after each.
impl Encode for Reply<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        let n = self.lines().len();
        for (i, line) in self.lines().iter().enumerate() {
            put_code(dst, self.code());
            let last = i + 1 == n;
            let empty = line.status().is_none() && line.text().is_empty();
            if !last {
                dst.put_u8(b'-');
            } else if !empty {
                dst.put_u8(b' ');
            }
            if let Some(s) = line.status() {
                s.encode(dst);
                if !line.text().is_empty() {
                    dst.put_u8(b' ');
                }
            }
            dst.put_slice(line.text().as_bytes());
            dst.put_slice(b"\r\n");
        }
    }
}

/// Writes the EHLO reply (see [`EhloReply::to_reply`]); a capability that cannot form a valid
/// line is left out.
impl Encode for EhloReply<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Ok(reply) = self.to_reply() {
            reply.encode(dst);
        }
    }
}
