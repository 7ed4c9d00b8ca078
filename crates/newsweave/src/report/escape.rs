//! Escaping for the text renderers print: one HTML escaper for the HTML
//! report and the server's pages, one Markdown escaper.

use std::borrow::Cow;

/// Escapes `s` for HTML element content and quoted attribute values alike
/// (`&`, `<`, `>`, `"` and `'`).
pub fn html(s: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(s)
}

/// Escapes `s` as one line of inline Markdown text: line breaks become
/// spaces (so a value cannot end a list item or a table row), and the
/// characters that start markup (`\` `` ` `` `*` `_` `[` `]` `<` `>` `|` `&`
/// `#`) are backslash-escaped, so raw HTML such as `<script>` is shown as
/// text and a `|` stays inside its table cell.
pub fn markdown(s: &str) -> Cow<'_, str> {
    const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '#'];
    if !s.contains(|c: char| SPECIAL.contains(&c) || c == '\n' || c == '\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut last_break = false;
    for c in s.chars() {
        match c {
            '\n' | '\r' => {
                if !last_break {
                    out.push(' ');
                }
                last_break = true;
                continue;
            }
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        last_break = false;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
        );
        assert!(matches!(html("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_keeps_values_on_one_line_and_inert() {
        assert_eq!(markdown("a|b\r\nc"), "a\\|b c");
        assert_eq!(markdown("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(markdown("**[x](y)**"), "\\*\\*\\[x\\](y)\\*\\*");
        assert!(matches!(markdown("Boris Johnson, 2016."), Cow::Borrowed(_)));
    }
}
