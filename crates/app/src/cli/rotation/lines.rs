//! Reading `--batch` input line by line, so that one bad line costs only
//! itself: a line that is not UTF-8 or is absurdly long is reported with its
//! number and the lines after it are still read. Memory stays bounded by
//! [`MAX_LINE_BYTES`] however long a line is.

use std::io::{self, BufRead, BufReader, Read};

/// Longest line kept, in bytes. A rotation needs a few hundred (nine numbers
/// at full precision); the rest of a longer line is read and dropped.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// One line of input, without its line ending.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// The line's text (a UTF-8 byte-order mark at the start of the input
    /// and a trailing carriage return removed).
    Text(&'a str),
    /// The line is not UTF-8.
    NotUtf8 {
        /// The offending byte.
        byte: u8,
        /// Its 1-based position in the line.
        position: usize,
    },
    /// The line is longer than [`MAX_LINE_BYTES`].
    TooLong {
        /// Its length in bytes.
        bytes: u64,
    },
}

impl Line<'_> {
    /// The line as text, or the one-line reason it cannot be read.
    pub fn text(&self) -> Result<&str, String> {
        match self {
            Line::Text(text) => Ok(text),
            Line::NotUtf8 { byte, position } => Err(format!(
                "not UTF-8 text (byte 0x{byte:02x} at byte {position} of the line)"
            )),
            Line::TooLong { bytes } => Err(format!(
                "{bytes} bytes long, more than the {MAX_LINE_BYTES} a line may have"
            )),
        }
    }
}

/// Reads lines from a byte stream.
pub struct LineReader<R> {
    input: BufReader<R>,
    buf: Vec<u8>,
    number: usize,
}

impl<R: Read> LineReader<R> {
    /// Reads `input` through a buffer of its own.
    pub fn new(input: R) -> Self {
        Self {
            input: BufReader::with_capacity(64 * 1024, input),
            buf: Vec::new(),
            number: 0,
        }
    }

    /// Whether everything read so far has been handed out, so that the next
    /// [`LineReader::next_line`] may wait for more input. Flushing the
    /// answers then lets a program talking to us through a pipe read each
    /// answer before it sends the next line.
    pub fn will_wait(&self) -> bool {
        self.input.buffer().is_empty()
    }

    /// The next line and its 1-based number, or `None` at the end of the
    /// input.
    ///
    /// # Errors
    /// Errors of reading the input.
    pub fn next_line(&mut self) -> io::Result<Option<(usize, Line<'_>)>> {
        self.buf.clear();
        let mut bytes: u64 = 0;
        let mut started = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let newline = available.iter().position(|&b| b == b'\n');
            let chunk = &available[..newline.unwrap_or(available.len())];
            let room = MAX_LINE_BYTES.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            bytes += chunk.len() as u64;
            let used = chunk.len() + usize::from(newline.is_some());
            self.input.consume(used);
            if newline.is_some() {
                break;
            }
        }
        self.number += 1;
        let line = if bytes > MAX_LINE_BYTES as u64 {
            Line::TooLong { bytes }
        } else {
            let mut text: &[u8] = &self.buf;
            if self.number == 1 {
                text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
            }
            text = text.strip_suffix(b"\r").unwrap_or(text);
            match std::str::from_utf8(text) {
                Ok(text) => Line::Text(text),
                Err(e) => Line::NotUtf8 {
                    byte: text[e.valid_up_to()],
                    position: e.valid_up_to() + 1,
                },
            }
        };
        Ok(Some((self.number, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(input: &[u8]) -> Vec<(usize, Result<String, String>)> {
        let mut reader = LineReader::new(input);
        let mut out = Vec::new();
        assert!(reader.will_wait());
        while let Some((n, line)) = reader.next_line().expect("reads") {
            out.push((n, line.text().map(str::to_owned)));
        }
        out
    }

    #[test]
    fn a_bad_line_costs_only_itself() {
        let lines = all_lines(b"\xEF\xBB\xBF1 0 0 0\r\n\xff\xfe\n\n0,1,0,0\nab\xc3\n1 0 0 1");
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0], (1, Ok("1 0 0 0".to_string())));
        assert_eq!(
            lines[1],
            (
                2,
                Err("not UTF-8 text (byte 0xff at byte 1 of the line)".to_string())
            )
        );
        assert_eq!(lines[2], (3, Ok(String::new())));
        assert_eq!(lines[3], (4, Ok("0,1,0,0".to_string())));
        assert_eq!(
            lines[4].1,
            Err("not UTF-8 text (byte 0xc3 at byte 3 of the line)".to_string())
        );
        assert_eq!(lines[5], (6, Ok("1 0 0 1".to_string())));
        assert!(all_lines(b"").is_empty());
    }

    #[test]
    fn a_long_line_is_measured_and_dropped() {
        let mut input = vec![b'7'; 3 * MAX_LINE_BYTES];
        input.extend_from_slice(b"\n0 0 0 1\n");
        let lines = all_lines(&input);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0].1,
            Err(format!(
                "{} bytes long, more than the {MAX_LINE_BYTES} a line may have",
                3 * MAX_LINE_BYTES
            ))
        );
        assert_eq!(lines[1], (2, Ok("0 0 0 1".to_string())));
    }
}
