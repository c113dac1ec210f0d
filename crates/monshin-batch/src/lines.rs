//! Reading NDJSON lines in bounded chunks: at most [`CHUNK_LINES`] lines and about
//! [`CHUNK_BYTES`] bytes of line text per chunk, and never more than the line limit per line,
//! whatever the input (a pipe, a socket, a file).

use std::io::{self, BufRead};

/// Most lines in one chunk.
pub const CHUNK_LINES: usize = 4096;
/// Most bytes of line text held in one chunk (a chunk may exceed it by one line).
pub const CHUNK_BYTES: usize = 16 << 20;

/// What one input line was.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// The bytes of the line, without the line ending.
    Line(Vec<u8>),
    /// A line longer than the limit: only its length was counted.
    TooLong(u64),
}

/// A non-blank input line and its physical line number (from 1).
#[derive(Debug)]
pub struct Numbered {
    /// Physical line number, from 1, counting blank lines.
    pub line: u64,
    /// The line.
    pub input: Input,
}

/// Reads an NDJSON stream chunk by chunk.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    max_line: usize,
    next_line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, each read up to `max_line` bytes (the answer-set byte limit).
    pub fn new(reader: R, max_line: usize) -> Lines<R> {
        Lines {
            reader,
            max_line,
            next_line: 1,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The next chunk of non-blank lines; empty at the end of the input. Fails only on I/O
    /// errors.
    pub fn next_chunk(&mut self) -> io::Result<Vec<Numbered>> {
        let mut chunk = Vec::new();
        let mut bytes = 0usize;
        while !self.done && chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let Some(input) = read_line_bounded(&mut self.reader, &mut self.buf, self.max_line)?
            else {
                self.done = true;
                break;
            };
            let line = self.next_line;
            self.next_line += 1;
            if let Input::Line(b) = &input {
                if b.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += b.len();
            }
            chunk.push(Numbered { line, input });
        }
        Ok(chunk)
    }
}

/// Read one line of at most `max` bytes into `buf` (cleared first), without its `\n` / `\r\n`.
/// `Ok(None)` at end of input; a longer line is consumed and reported by its length.
fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<Input>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut over = false;
    let mut seen_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        seen_any = true;
        let (part, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        total += part.len() as u64;
        if !over {
            if buf.len() + part.len() > max {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = part.len() + usize::from(done);
        reader.consume(used);
        if done {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    if over {
        return Ok(Some(Input::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Input::Line(std::mem::take(buf))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r = io::Cursor::new(b"abc\r\n0123456789\nxy".to_vec());
        let mut buf = Vec::new();
        let a = read_line_bounded(&mut r, &mut buf, 5).expect("io");
        assert_eq!(a, Some(Input::Line(b"abc".to_vec())));
        let b = read_line_bounded(&mut r, &mut buf, 5).expect("io");
        assert_eq!(b, Some(Input::TooLong(10)));
        let c = read_line_bounded(&mut r, &mut buf, 5).expect("io");
        assert_eq!(c, Some(Input::Line(b"xy".to_vec())));
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).expect("io"), None);
    }

    #[test]
    fn chunks_skip_blank_lines_and_count_physical_lines() {
        let mut text = String::new();
        for i in 0..(2 * CHUNK_LINES + 10) {
            text.push_str(if i % 2 == 0 { "{}\n" } else { " \r\n" });
        }
        let mut lines = Lines::new(io::Cursor::new(text), 64);
        let first = lines.next_chunk().expect("io");
        assert_eq!(first.len(), CHUNK_LINES);
        assert_eq!(first[1].line, 3);
        let second = lines.next_chunk().expect("io");
        assert_eq!(second.len(), 5);
        assert!(lines.next_chunk().expect("io").is_empty());
        assert!(lines.next_chunk().expect("io").is_empty());
    }
}
