//! EHLO replies of real servers (RFC 5321 §4.1.1.1 `ehlo-ok-rsp`), read strictly and leniently.

use std::time::Instant;

use smtp_proto::client::{Client, ClientConfig};
use smtp_proto::types::ehlo::{Capability, EhloReply};
use smtp_proto::{Encode, ReplyDecoder};

fn reply(wire: &[u8]) -> smtp_proto::Reply<'_> {
    ReplyDecoder::new()
        .decode(wire)
        .unwrap()
        .complete()
        .unwrap()
        .0
}

/// Courier's EHLO (and HELO) reply: `XVERP=Courier` and `XSECURITY=NONE,STARTTLS` are not
/// `ehlo-line`s (a `=` after the keyword). The strict reader refuses the reply; the lenient one
/// keeps those lines as written and still sees STARTTLS, PIPELINING and the rest.
#[test]
fn courier_xverp_and_xsecurity() {
    let wire = b"250-myhost.net Ok.\r\n250-STARTTLS\r\n250-XCOURIEREXTENSIONS\r\n\
250-XVERP=Courier\r\n250-XEXDATA\r\n250-XSECURITY=NONE,STARTTLS\r\n250-PIPELINING\r\n\
250-8BITMIME\r\n250-SIZE\r\n250 DSN\r\n";
    let r = reply(wire);
    assert!(EhloReply::from_reply(&r).is_err());
    let ehlo = EhloReply::from_reply_lenient(&r).unwrap();
    assert!(ehlo.has("STARTTLS") && ehlo.has("PIPELINING") && ehlo.has("DSN"));
    assert!(ehlo.has("XVERP") && ehlo.has("XSECURITY"));
    assert_eq!(ehlo.size(), Some(None));
    assert!(
        ehlo.capabilities
            .contains(&Capability::Unparsed("XVERP=Courier".into()))
    );
    // Written back unchanged.
    assert_eq!(ehlo.to_reply().unwrap().to_bytes(), wire);
}

/// Exim 4.92+ with `pipelining_connect_advertise_hosts` announces `PIPE_CONNECT`
/// (draft-harris-early-pipe): an `_` is not an ehlo-keyword character.
#[test]
fn exim_pipe_connect() {
    let wire = b"250-mx.example.com Hello client.example [192.0.2.1]\r\n250-SIZE 52428800\r\n\
250-LIMITS MAILMAX=1000 RCPTMAX=50000\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-PIPE_CONNECT\r\n\
250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n250-PRDR\r\n250 HELP\r\n";
    let r = reply(wire);
    assert!(EhloReply::from_reply(&r).is_err());
    let ehlo = EhloReply::from_reply_lenient(&r).unwrap();
    assert!(ehlo.has("PIPE_CONNECT") && ehlo.has("PIPELINING") && ehlo.has("PRDR"));
    assert_eq!(ehlo.size(), Some(Some(52_428_800)));
    assert_eq!(ehlo.auth_mechanisms().count(), 2);
}

/// Extra spaces between parameters (`250-AUTH  LOGIN PLAIN`, trailing SP) are read as one SP
/// by the lenient reader; a known keyword with a malformed parameter is kept as written.
#[test]
fn extra_spaces_and_bad_parameters() {
    let r = reply(b"250-mx\r\n250-AUTH  LOGIN PLAIN \r\n250-SIZE ten\r\n250- \r\n250 8BITMIME\r\n");
    assert!(EhloReply::from_reply(&r).is_err());
    let ehlo = EhloReply::from_reply_lenient(&r).unwrap();
    assert_eq!(ehlo.auth_mechanisms().count(), 2);
    assert!(
        ehlo.capabilities
            .contains(&Capability::Unparsed("SIZE ten".into()))
    );
    assert_eq!(ehlo.size(), None);
    assert_eq!(ehlo.capabilities.len(), 3);
    // Only a code other than 250 is an error.
    assert!(EhloReply::from_reply_lenient(&reply(b"550 no\r\n")).is_err());
}

/// Replies of Gmail, Office 365, Exchange on premises, Sendmail, Postfix and qmail decode
/// strictly, both old and new AUTH forms included (RFC 4954 §3 and the `AUTH=` form).
#[test]
fn big_providers_decode_strictly() {
    let replies: [&[u8]; 6] = [
        b"250-smtp.gmail.com at your service, [192.0.2.1]\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n\
250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n250-ENHANCEDSTATUSCODES\r\n\
250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
        b"250-BN8PR12CA0000.outlook.office365.com Hello [192.0.2.1]\r\n250-SIZE 157286400\r\n\
250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250-8BITMIME\r\n\
250-BINARYMIME\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
        b"250-exchange.example.com Hello [192.0.2.1]\r\n250-SIZE 37748736\r\n250-PIPELINING\r\n\
250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250-X-ANONYMOUSTLS\r\n250-AUTH NTLM\r\n\
250-X-EXPS GSSAPI NTLM\r\n250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250-XEXCH50\r\n\
250-XRDST\r\n250 XSHADOWREQUEST\r\n",
        b"250-mail.example.com Hello client [192.0.2.1], pleased to meet you\r\n\
250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250-ETRN\r\n\
250-AUTH DIGEST-MD5 CRAM-MD5\r\n250-DELIVERBY\r\n250 HELP\r\n",
        b"250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n\
250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n\
250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n",
        b"250-qmail.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
    ];
    for wire in replies {
        let r = reply(wire);
        let strict = EhloReply::from_reply(&r).unwrap();
        assert_eq!(EhloReply::from_reply_lenient(&r).unwrap(), strict);
        assert!(strict.has("PIPELINING"));
        assert_eq!(strict.to_reply().unwrap().to_bytes(), wire);
    }
}

/// The client machine reads capabilities leniently: Courier's reply still enables pipelining.
#[test]
fn client_keeps_capabilities_of_a_courier_reply() {
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"220 myhost.net ESMTP\r\n");
    c.send_ehlo("client.example").unwrap();
    c.handle_input(
        b"250-myhost.net Ok.\r\n250-STARTTLS\r\n250-XVERP=Courier\r\n\
250-XSECURITY=NONE,STARTTLS\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
    );
    assert!(c.pipelining());
    assert!(c.capabilities().unwrap().has("STARTTLS"));
}

/// RFC 2034 §4: a status code is recognised only when its class matches the reply code, so
/// the first line of `250 5.1.1 greeting` is text: a domain `5.1.1` (a syntactically valid
/// domain, RFC 5321 §4.1.2). Sending that EHLO reply again must give the same line (fuzz find).
#[test]
fn domain_shaped_like_a_status_code_round_trips() {
    let wire = b"250 5.1.1 se\r\n";
    let decoded = reply(wire);
    assert_eq!(decoded.lines()[0].status(), None);
    let ehlo = EhloReply::from_reply(&decoded).unwrap();
    assert_eq!(ehlo.domain.to_string(), "5.1.1");
    let sent = ehlo.to_reply().unwrap();
    assert_eq!(sent.to_bytes(), wire);
    assert_eq!(EhloReply::from_reply(&sent).unwrap(), ehlo);
}
