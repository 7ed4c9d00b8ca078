//! Raw page bytes → text: the encoding from the byte-order mark, else the
//! `<meta charset>` (or `http-equiv` content type) near the start, else
//! UTF-8; invalid sequences become U+FFFD.
//!
//! `encoding_rs` decodes but does not read the page's own declaration; the
//! prescan below is the small part of the HTML standard's sniffing that
//! finds it.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// How far into the page the declaration is looked for (bytes).
const PRESCAN: usize = 4096;

/// Decodes `bytes` per its byte-order mark or declared charset.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared(&bytes[..bytes.len().min(PRESCAN)]))
        .unwrap_or(UTF_8);
    // A page declaring UTF-16 without a mark is ASCII-compatible text that
    // lies; the standard reads it as UTF-8.
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        UTF_8
    } else {
        encoding
    };
    encoding.decode_with_bom_removal(bytes).0
}

/// The encoding a `<meta>` tag in `head` names, when it names a known one.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&lower[at..], b"<meta") {
        let start = at + i + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |j| start + j);
        let tag = &lower[start..end];
        if let Some(j) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[j + 7..];
            let rest = rest.trim_ascii_start();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value = value.trim_ascii_start();
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|c| matches!(c, b'"' | b'\'' | b';' | b'/' | b' ' | b'>'))
                    .unwrap_or(value.len());
                if let Some(e) = Encoding::for_label(&value[..len]) {
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_then_meta_then_utf8() {
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9"), "café");
        let latin = b"<html><head><meta charset=\"windows-1252\"></head><p>caf\xe9</p>";
        assert!(decode(latin).contains("café"));
        let equiv =
            b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-2'><p>\xb3\xf3d\xbc";
        assert!(decode(equiv).contains("łódź"));
        assert!(decode(b"<p>caf\xc3\xa9 \xff</p>").contains("café \u{fffd}"));
    }
}
