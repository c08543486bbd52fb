//! Checking what the web view sends, at the door, before anything reaches the engine.
//!
//! The web view is untrusted: a script running there can call every command with any
//! string. Each value that ends up in an Engine API path or query is checked here for
//! shape and length, and the gateway ([`path_segment`]) refuses anything that could still
//! change the request's meaning (`..`, `?`, `#`, `%`, control characters), so a name like
//! `../volumes/pgdata?force=true` can never become `DELETE /volumes/pgdata`.

use crate::error::{Error, Result};
use crate::reference::ImageRef;

/// The longest text any field accepts; longer input is refused before it is parsed.
/// A reference is at most 255 (name) + 128 (tag) + 71 (digest) + a domain; 512 is ample.
pub const MAX_INPUT_LEN: usize = 512;

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// Any text field: not empty, at most [`MAX_INPUT_LEN`] bytes, no control characters and
/// no invisible formatting (see [`is_invisible`]).
pub fn text<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    bounded(field, value)
}

fn bounded<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() {
        return Err(invalid(field, "it is empty"));
    }
    if value.len() > MAX_INPUT_LEN {
        // Bytes, not characters: an accented letter counts twice (UTF-8), so say bytes.
        return Err(invalid(
            field,
            format!(
                "it is {} bytes long; at most {MAX_INPUT_LEN} are accepted",
                value.len()
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "it contains control characters"));
    }
    if value.chars().any(is_invisible) {
        return Err(invalid(
            field,
            "it contains invisible formatting characters (such as a right-to-left mark or a zero-width space)",
        ));
    }
    Ok(value)
}

/// `text` (a file's name, a tag read from a file) as it can be shown without deceiving: control
/// and invisible characters ([`is_invisible`]) written as `\u{…}` escapes, and then a `\` of
/// its own as `\\` (so a name that holds the text `\u{202e}` is not taken for an escape); text
/// with neither is returned as it is. For text from outside the web view, which [`text`]
/// does not see.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_invisible(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() || is_invisible(c) {
                    c.escape_unicode().to_string()
                } else if c == '\\' {
                    "\\\\".to_owned()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Unicode format and separator characters that change how text *looks* without being
/// seen: bidirectional overrides and marks (a name that reads `gpj.exe` as `exe.jpg`),
/// zero-width spaces and joiners, line and paragraph separators (a fake second line in the
/// Terminal record), the byte-order mark. No Docker name needs one.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

fn is_hex(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An image named by ID (`sha256:` + 64 hex digits, or a 12–64 digit hex prefix) or by a
/// reference that the reference grammar accepts (`nginx:alpine`, `reg:5000/a/b@sha256:…`).
/// Returns the text to send to the engine, unchanged.
pub fn image_name<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = bounded(field, value)?;
    if let Some(hex) = value.strip_prefix("sha256:") {
        if hex.len() == 64 && is_hex(hex) {
            return Ok(value);
        }
        return Err(invalid(
            field,
            "an image ID is sha256: followed by 64 hexadecimal digits",
        ));
    }
    if (12..=64).contains(&value.len()) && is_hex(value) {
        return Ok(value);
    }
    ImageRef::parse(value).map(|_| value).map_err(|e| {
        invalid(
            field,
            format!("it is neither an image ID nor a reference: {e}"),
        )
    })
}

/// A full image ID, `sha256:` + 64 hex digits: what removals by ID send.
pub fn full_image_id<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = bounded(field, value)?;
    match value.strip_prefix("sha256:") {
        Some(hex) if hex.len() == 64 && is_hex(hex) => Ok(value),
        _ => Err(invalid(
            field,
            "an image ID is sha256: followed by 64 hexadecimal digits",
        )),
    }
}

/// A full container ID: 64 hex digits, as `/containers/json` lists them.
pub fn container_id<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = bounded(field, value)?;
    if value.len() == 64 && is_hex(value) {
        Ok(value)
    } else {
        Err(invalid(field, "a container ID is 64 hexadecimal digits"))
    }
}

/// An ID the app itself made up for something it tracks (a pull, a plan): 1–64 ASCII
/// letters, digits, `-` and `_`.
pub fn token<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let value = bounded(field, value)?;
    if value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(value)
    } else {
        Err(invalid(
            field,
            "it may only hold up to 64 letters, digits, - and _",
        ))
    }
}

/// The last line of defence in the engine gateway: a name about to be placed in a URL
/// path must not be able to leave its segment or start a query, however it was checked
/// before. Image references legitimately contain `/` (`library/nginx`); the engine routes
/// `/images/{name:.*}`, so `/` stays but `..` does not.
pub(crate) fn path_segment(value: &str) -> Result<&str> {
    let bad = value.is_empty()
        || value.len() > MAX_INPUT_LEN
        || value
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        || value
            .chars()
            .any(|c| matches!(c, '?' | '#' | '%' | '\\' | ' ') || c.is_control() || !c.is_ascii());
    if bad {
        Err(invalid("name", "it cannot be used in an engine request"))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX64: &str = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    fn kind(e: Error) -> String {
        match e {
            Error::InvalidInput { field, reason } => format!("{field}: {reason}"),
            other => panic!("not InvalidInput: {other:?}"),
        }
    }

    #[test]
    fn image_names_accept_ids_prefixes_and_references() {
        let full = format!("sha256:{HEX64}");
        assert!(image_name("image", &full).is_ok());
        assert!(image_name("image", &HEX64[..12]).is_ok());
        assert!(image_name("image", "nginx:alpine").is_ok());
        assert!(image_name(
            "image",
            "127.0.0.1:5000/team/app@sha256:".to_owned().as_str()
        )
        .is_err());
        assert!(image_name("image", &format!("reg:5000/a/b@sha256:{HEX64}")).is_ok());
    }

    #[test]
    fn text_from_outside_is_shown_with_its_invisible_characters_escaped() {
        assert!(matches!(
            visible("kit.tar"),
            std::borrow::Cow::Borrowed("kit.tar")
        ));
        assert_eq!(visible("año kit.tar"), "año kit.tar");
        assert_eq!(visible("kit\u{202e}rat.exe"), "kit\\u{202e}rat.exe");
        assert_eq!(visible("a\nb\u{200b}"), "a\\u{a}b\\u{200b}");
        // A backslash of its own is doubled only where something was escaped.
        assert_eq!(visible(r"C:\kit.tar"), r"C:\kit.tar");
        assert_eq!(visible("a\\u{202e}\u{202e}"), r"a\\u{202e}\u{202e}");
    }

    #[test]
    fn invisible_formatting_is_refused_and_long_text_is_measured_in_bytes() {
        for bad in [
            "web:1\u{202E}gpj",
            "x\u{2028}docker rmi -f web",
            "a\u{200B}b",
            "\u{FEFF}nginx",
            "\u{2066}x\u{2069}",
        ] {
            assert!(
                kind(text("tag", bad).unwrap_err()).contains("invisible formatting"),
                "{bad:?}"
            );
        }
        assert!(text("title", "Abrir un archivo de imágenes").is_ok());
        let long = "é".repeat(300);
        assert_eq!(
            kind(text("tag", &long).unwrap_err()),
            "tag: it is 600 bytes long; at most 512 are accepted"
        );
    }

    #[test]
    fn path_tricks_are_refused_with_a_clear_reason() {
        for bad in [
            "../volumes/pgdata?force=true",
            "%2e%2e/containers/x",
            "nginx\0",
            "nginx#frag",
            "ñandú",
            "sha256:xyz",
            "",
            "a//b",
        ] {
            let e = image_name("image", bad).unwrap_err();
            assert!(kind(e).starts_with("image: "), "{bad}");
        }
        let huge = "a".repeat(1 << 20);
        assert!(kind(image_name("image", &huge).unwrap_err()).contains("1048576 bytes"));
    }

    #[test]
    fn ids_and_tokens_have_exact_shapes() {
        assert!(full_image_id("image", &format!("sha256:{HEX64}")).is_ok());
        assert!(full_image_id("image", &HEX64[..12]).is_err());
        assert!(container_id("container", HEX64).is_ok());
        assert!(container_id("container", "../volumes/x").is_err());
        assert!(token("pull", "pull-17_a").is_ok());
        assert!(token("pull", "a/b").is_err());
        assert!(token("pull", &"a".repeat(65)).is_err());
    }

    #[test]
    fn the_gateway_refuses_what_would_leave_a_path_segment() {
        assert!(path_segment("library/nginx:alpine").is_ok());
        assert!(path_segment(&format!("sha256:{HEX64}")).is_ok());
        for bad in [
            "../x",
            "a/../b",
            "x?force=1",
            "x#y",
            "%2e%2e",
            "a\\b",
            "/abs",
            "a b",
            "é",
        ] {
            assert!(path_segment(bad).is_err(), "{bad}");
        }
    }
}
