//! The bytes of the docker CLI's JSON files (`config.json`, a context's `meta.json`) as
//! found on people's machines, ready for serde_json.
//!
//! People edit `config.json` by hand, and on Windows the usual tools do not save plain
//! UTF-8: Notepad and Windows PowerShell 5.1's `Set-Content -Encoding UTF8` write a UTF-8
//! byte order mark, and PowerShell 5.1's `'{…}' > config.json` writes UTF-16LE with one.
//! serde_json (like Go's encoding/json) rejects both, so the file looked broken although
//! it reads fine in any editor. RFC 8259 §8.1 lets a parser ignore a byte order mark, and
//! moby's daemon accepts exactly these encodings for its own `daemon.json` (moby#44790):
//! so do we, for every docker JSON file Imagen reads. Invalid JSON stays an error.

use std::borrow::Cow;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// `bytes` (a whole docker JSON file) as UTF-8 for serde_json: a UTF-8 byte order mark is
/// dropped, and UTF-16 with a byte order mark (little- or big-endian) is decoded. Anything
/// else is returned as it is, for serde_json to judge.
///
/// `Err` says, as a clause for a message, why a UTF-16 file cannot be decoded.
pub(crate) fn docker_json_bytes(bytes: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(Cow::Borrowed(rest));
    }
    let (rest, little_endian) = if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        (rest, true)
    } else if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        (rest, false)
    } else {
        return Ok(Cow::Borrowed(bytes));
    };
    let damaged =
        || "it is saved as UTF-16 but part of it is not valid UTF-16; save it as UTF-8".to_owned();
    if rest.len() % 2 != 0 {
        return Err(damaged());
    }
    let units: Vec<u16> = rest
        .chunks_exact(2)
        .map(|pair| {
            let pair = [pair[0], pair[1]];
            if little_endian {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        })
        .collect();
    let text = String::from_utf16(&units).map_err(|_| damaged())?;
    Ok(Cow::Owned(text.into_bytes()))
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
        let out = docker_json_bytes(JSON.as_bytes()).unwrap();
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(&*out, JSON.as_bytes());
        // Not even invalid UTF-8 or invalid JSON is changed: serde_json says what is wrong.
        assert_eq!(&*docker_json_bytes(b"{\xFF").unwrap(), b"{\xFF");
        assert_eq!(&*docker_json_bytes(b"").unwrap(), b"");
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(JSON.as_bytes());
        assert_eq!(&*docker_json_bytes(&bytes).unwrap(), JSON.as_bytes());
        // Notepad's "empty" file.
        assert_eq!(&*docker_json_bytes(UTF8_BOM).unwrap(), b"");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let le = utf16(UTF16LE_BOM, JSON, u16::to_le_bytes);
        assert_eq!(&*docker_json_bytes(&le).unwrap(), JSON.as_bytes());
        let be = utf16(UTF16BE_BOM, JSON, u16::to_be_bytes);
        assert_eq!(&*docker_json_bytes(&be).unwrap(), JSON.as_bytes());
        // Characters outside the BMP come as surrogate pairs.
        let le = utf16(UTF16LE_BOM, "\"🐳\"", u16::to_le_bytes);
        assert_eq!(&*docker_json_bytes(&le).unwrap(), "\"🐳\"".as_bytes());
    }

    #[test]
    fn damaged_utf16_says_so() {
        // A byte short, and a lone surrogate.
        let mut odd = utf16(UTF16LE_BOM, JSON, u16::to_le_bytes);
        odd.pop();
        let mut lone = UTF16LE_BOM.to_vec();
        lone.extend(0xD83Du16.to_le_bytes());
        lone.extend(u16::from(b'}').to_le_bytes());
        for bytes in [odd, lone] {
            let why = docker_json_bytes(&bytes).unwrap_err();
            assert!(why.contains("UTF-16"), "{why}");
            assert!(why.contains("save it as UTF-8"), "{why}");
        }
    }
}
