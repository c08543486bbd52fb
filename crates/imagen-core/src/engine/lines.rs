//! The engine's streamed answers (`/images/create`, `/images/load`) are JSON lines that
//! arrive in pieces of any size: the complete lines are taken out as they come.

use bytes::BytesMut;

/// The next complete line in `buffer` that is not blank, taken out of it (its `\n`
/// included); `None` until one has fully arrived. What is left is a line still arriving.
pub(crate) fn next_line(buffer: &mut BytesMut) -> Option<BytesMut> {
    loop {
        let end = buffer.iter().position(|&b| b == b'\n')?;
        let line = buffer.split_to(end + 1);
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Some(line);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::next_line;
    use bytes::BytesMut;

    #[test]
    fn complete_lines_come_out_blank_ones_are_skipped_the_rest_waits() {
        let mut buffer = BytesMut::from(&b"{\"a\":1}\n\r\n  \n{\"b\":2}\n{\"c\""[..]);
        assert_eq!(&next_line(&mut buffer).unwrap()[..], b"{\"a\":1}\n");
        assert_eq!(&next_line(&mut buffer).unwrap()[..], b"{\"b\":2}\n");
        assert_eq!(next_line(&mut buffer), None);
        assert_eq!(&buffer[..], b"{\"c\"");
        buffer.extend_from_slice(b":3}\n");
        assert_eq!(&next_line(&mut buffer).unwrap()[..], b"{\"c\":3}\n");
        assert!(buffer.is_empty());
    }
}
