//! The encoding convention shared by every crate of the workspace.
//!
//! Values are valid by construction (their constructors validate), so encoding appends bytes and
//! cannot fail.

use bytes::BufMut;

/// A value that can be written in its wire form.
pub trait Encode {
    /// Appends the wire form of `self` to `dst`.
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B);

    /// The wire form of `self` in a new vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        (**self).encode(dst)
    }
}

/// Appends the decimal form of `n` without allocating.
pub fn put_decimal<B: BufMut + ?Sized>(dst: &mut B, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    dst.put_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal() {
        for n in [0u64, 7, 10, 999, 4_294_967_295, u64::MAX] {
            let mut v = Vec::new();
            put_decimal(&mut v, n);
            assert_eq!(v, n.to_string().into_bytes());
        }
    }
}
