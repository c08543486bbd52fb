//! The docker CLI's JSON files (`config.json`, a context's `meta.json`) are read as the CLI
//! reads them: plain UTF-8, with no byte order mark.
//!
//! People edit `config.json` by hand, and on Windows the usual tools do not save plain
//! UTF-8: older Notepad and Windows PowerShell 5.1's `Set-Content -Encoding UTF8` write a UTF-8
//! byte order mark, and PowerShell 5.1's `'{…}' > config.json` writes UTF-16LE with one.
//! RFC 8259 §8.1 would let a parser skip the mark, but the docker CLI does not: it decodes
//! these files with Go's `encoding/json` as they are (`configfile.LoadFromReader`, the
//! context store's `json.Unmarshal`), fails with "invalid character 'ï' looking for
//! beginning of value", prints "WARNING: Error loading config file" and goes on as if the
//! file were empty (default context, no credential store, no logins).
//!
//! Imagen's numbers and actions match the terminal beside it, so it must not read what
//! that terminal ignores: decoding such a file would make Imagen manage another engine
//! than `docker` in the terminal does, or pull with credentials the terminal does not
//! have. So [`docker_json_bytes`] refuses these encodings with a reason the UI can word
//! ("saved with a byte order mark … save it as UTF-8 without one"), and each reader then
//! does what it does with a file that is not JSON.

use serde::Serialize;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// How a docker JSON file was saved that the docker CLI cannot read, told by its first
/// bytes (Windows tools save these); the fix is the same for both: save it as UTF-8
/// without a byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UnreadableEncoding {
    /// UTF-8 that starts with a byte order mark (EF BB BF), as older Notepad and Windows
    /// PowerShell 5.1's `Set-Content -Encoding UTF8` save it.
    Utf8WithBom,
    /// UTF-16 with a byte order mark (FF FE or FE FF), as Windows PowerShell 5.1's `>`
    /// saves it.
    Utf16,
}

impl std::fmt::Display for UnreadableEncoding {
    /// The English clause, for messages and the logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let saved = match self {
            Self::Utf8WithBom => "it was saved with a byte order mark (UTF-8 with BOM)",
            Self::Utf16 => "it was saved as UTF-16",
        };
        write!(
            f,
            "{saved}, which docker cannot read either (it ignores the file); \
             save it as UTF-8 without a byte order mark"
        )
    }
}

/// `bytes` (a whole docker JSON file) for serde_json, as they are, unless they start with
/// a byte order mark the docker CLI would choke on: then which encoding that is.
pub(crate) fn docker_json_bytes(bytes: &[u8]) -> Result<&[u8], UnreadableEncoding> {
    if bytes.starts_with(UTF8_BOM) {
        Err(UnreadableEncoding::Utf8WithBom)
    } else if bytes.starts_with(UTF16LE_BOM) || bytes.starts_with(UTF16BE_BOM) {
        Err(UnreadableEncoding::Utf16)
    } else {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{"currentContext":"colima","note":"año ✓"}"#;

    fn utf16(bom: &[u8], text: &str, bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
        let mut out = bom.to_vec();
        out.extend(text.encode_utf16().flat_map(bytes));
        out
    }

    #[test]
    fn plain_utf8_is_passed_on_untouched() {
        assert_eq!(docker_json_bytes(JSON.as_bytes()), Ok(JSON.as_bytes()));
        // Not even invalid UTF-8 or invalid JSON is judged here: serde_json says what is
        // wrong, as Go's encoding/json does for the CLI.
        assert_eq!(docker_json_bytes(b"{\xFF"), Ok(&b"{\xFF"[..]));
        assert_eq!(docker_json_bytes(b"\xEF\xBB"), Ok(&b"\xEF\xBB"[..]));
        assert_eq!(docker_json_bytes(b""), Ok(&b""[..]));
    }

    #[test]
    fn a_utf8_byte_order_mark_is_refused_as_the_cli_refuses_it() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(JSON.as_bytes());
        assert_eq!(
            docker_json_bytes(&bytes),
            Err(UnreadableEncoding::Utf8WithBom)
        );
        // Notepad's "empty" file: the CLI cannot read it either.
        assert_eq!(
            docker_json_bytes(UTF8_BOM),
            Err(UnreadableEncoding::Utf8WithBom)
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_refused_either_way_round() {
        let le = utf16(UTF16LE_BOM, JSON, u16::to_le_bytes);
        assert_eq!(docker_json_bytes(&le), Err(UnreadableEncoding::Utf16));
        let be = utf16(UTF16BE_BOM, JSON, u16::to_be_bytes);
        assert_eq!(docker_json_bytes(&be), Err(UnreadableEncoding::Utf16));
    }

    #[test]
    fn the_reason_says_what_to_do_in_english() {
        for encoding in [UnreadableEncoding::Utf8WithBom, UnreadableEncoding::Utf16] {
            let why = encoding.to_string();
            assert!(why.contains("docker cannot read either"), "{why}");
            assert!(
                why.contains("save it as UTF-8 without a byte order mark"),
                "{why}"
            );
        }
        assert!(UnreadableEncoding::Utf16.to_string().contains("UTF-16"));
    }

    #[test]
    fn crosses_ipc_by_name() {
        assert_eq!(
            serde_json::to_value(UnreadableEncoding::Utf8WithBom).unwrap(),
            "Utf8WithBom"
        );
        assert_eq!(
            serde_json::to_value(UnreadableEncoding::Utf16).unwrap(),
            "Utf16"
        );
    }
}
