//! The `atom_body_params` leniency: an unquoted BODYSTRUCTURE parameter name, in the form
//! Yandex was reported to send (Limilabs' Mail.dll blog, "Yandex BODYSTRUCTURE CHARSET
//! X-UNKNOWN").

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, FetchData, Response};
use imap_proto::types::response_body::Body;
use imap_proto::{Decoded, Encode, IntoOwned};

/// The reported response: `CHARSET` unquoted, and a `NIL` transfer encoding.
const YANDEX: &[u8] = b"* 1 FETCH (UID 1 BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (CHARSET \"X-UNKNOWN\") NIL NIL NIL 11894 0 NIL NIL NIL NIL))\r\n";

fn decode(config: ResponseConfig, line: &[u8]) -> Result<(Response<'_>, usize), String> {
    match ResponseDecoder::new(config).decode(line) {
        Ok(Decoded::Complete { value, consumed }) => Ok((value, consumed)),
        other => Err(format!("{other:?}")),
    }
}

fn body(r: &Response<'_>) -> Body<'static> {
    let Response::Data(Data::Fetch { items, .. }) = r else {
        panic!("{r:?}")
    };
    items
        .iter()
        .find_map(|i| match i {
            FetchData::BodyStructure(b) => Some((**b).clone().into_owned()),
            _ => None,
        })
        .expect("a BODYSTRUCTURE")
}

/// RFC 9051 §9 `body-fld-param = "(" string SP string ...`: strict mode refuses the atom and
/// skips exactly the response.
#[test]
fn strict_refuses_an_unquoted_parameter() {
    let e = ResponseDecoder::default().decode(YANDEX).unwrap_err();
    assert_eq!(e.skip, Some(YANDEX.len()), "{e:?}");
    // `nil_body_strings` alone is not enough: the parameter name is the problem.
    let only_nil = ResponseConfig::new().with_nil_body_strings(true);
    assert!(decode(only_nil, YANDEX).is_err());
}

/// With the option (and `nil_body_strings` for the NIL encoding) the part reads as text/plain
/// with `CHARSET=X-UNKNOWN`, and re-encodes to the quoted form strict clients read.
#[test]
fn yandex_unquoted_charset_name() {
    let config = ResponseConfig::new()
        .with_atom_body_params(true)
        .with_nil_body_strings(true);
    let (r, used) = decode(config, YANDEX).unwrap();
    assert_eq!(used, YANDEX.len());
    let b = body(&r);
    let Body::Text { fields, .. } = &b else {
        panic!("{b:?}")
    };
    assert_eq!(fields.params.len(), 1);
    assert_eq!(fields.params[0].name.as_bytes(), b"CHARSET");
    assert_eq!(fields.params[0].value.as_bytes(), b"X-UNKNOWN");
    let wire = r.to_bytes();
    assert!(
        wire.windows(11).any(|w| w == b"(\"CHARSET\" "),
        "{}",
        String::from_utf8_lossy(&wire)
    );
    let (again, _) = decode(ResponseConfig::new(), &wire).unwrap();
    assert_eq!(again, r);
    // The lenient preset has both.
    assert!(decode(ResponseConfig::lenient(), YANDEX).is_ok());
}

/// `NIL` is never taken for an atom parameter: without `nil_body_strings` a NIL name is still
/// an error, and a value that is an atom stops at the delimiters.
#[test]
fn nil_is_not_an_atom_parameter() {
    let config = ResponseConfig::new().with_atom_body_params(true);
    let nil_name =
        b"* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (NIL \"x\") NIL NIL \"7BIT\" 1 1))\r\n";
    assert!(decode(config, nil_name).is_err());
    let atom_value = b"* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" utf-8) NIL NIL \"7BIT\" 1 1))\r\n";
    let (r, _) = decode(config, atom_value).unwrap();
    let b = body(&r);
    let Body::Text { fields, .. } = &b else {
        panic!("{b:?}")
    };
    assert_eq!(fields.params[0].value.as_bytes(), b"utf-8");
}
