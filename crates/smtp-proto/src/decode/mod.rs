//! Decoders: [`CommandDecoder`] (servers) and [`ReplyDecoder`] / [`ReplyFramer`] (clients).

mod command;
mod params;
mod reply;

pub use command::{
    CommandDecoder, CommandDecoderConfig, MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_MAIL_RCPT_LINE,
};
pub use reply::{MAX_REPLY_LINE, MAX_REPLY_LINES, ReplyDecoder, ReplyDecoderConfig, ReplyFramer};

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::CommandDecoder;
    use crate::types::command::Command;
    use crate::types::params::AuthParam;

    #[allow(clippy::ptr_arg)] // the point is to look at the Cow variant
    fn borrowed<T: ?Sized + ToOwned>(c: &Cow<'_, T>) -> bool {
        matches!(c, Cow::Borrowed(_))
    }

    /// Zero-copy MAIL/RCPT decoding: every text value of the decoded parameters borrows from
    /// the input, the unknown parameters live in the inline list, so decoding a typical
    /// MAIL/RCPT command allocates nothing (the addresses borrow too: see
    /// `mail_core::address`).
    #[test]
    fn mail_rcpt_parameters_borrow_from_the_input() {
        let d = CommandDecoder::new();
        let input = b"MAIL FROM:<a@b.example> SIZE=1 BODY=8BITMIME ENVID=QQ+2B1 AUTH=a@b.example TRANSID=<t@x> MTRK=c SOLICIT=s HOLDUNTIL=2026-01-01T00:00:00Z X-ONE=1 X-TWO\r\n";
        let (c, _) = d.decode(input).unwrap().complete().unwrap();
        let Command::Mail { params: p, .. } = c else {
            panic!("MAIL")
        };
        assert!(borrowed(&p.envid.unwrap().0));
        assert!(matches!(p.auth, Some(AuthParam::Mailbox(x)) if borrowed(&x.0)));
        assert!(borrowed(&p.transid.unwrap().0));
        assert!(borrowed(&p.mtrk.unwrap().unwrap().0));
        assert!(borrowed(&p.solicit.unwrap().0));
        assert!(matches!(p.hold, Some(crate::types::params::Hold::Until(d)) if borrowed(&d.0)));
        assert_eq!(p.extensions.len(), 2);
        assert!(
            p.extensions
                .iter()
                .all(|e| borrowed(&e.keyword.0) && e.value.as_ref().is_none_or(|v| borrowed(&v.0)))
        );

        let input = b"RCPT TO:<c@d.example> NOTIFY=FAILURE ORCPT=rfc822;c@d.example RRVS=2026-01-01T00:00:00Z;R\r\n";
        let (c, _) = d.decode(input).unwrap().complete().unwrap();
        let Command::Rcpt { params: p, .. } = c else {
            panic!("RCPT")
        };
        let orcpt = p.orcpt.unwrap();
        assert!(borrowed(&orcpt.addr_type) && borrowed(&orcpt.address.0));
        assert!(borrowed(&p.rrvs.unwrap().time.0));
    }
}
