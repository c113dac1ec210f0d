//! Bounded reading of every input file the commands take (form definitions, answer sets,
//! fault configurations): at most the limit plus one byte is ever read, from a regular file,
//! a pipe, a FIFO or a device alike, so `/dev/zero` or an endless pipe ends with an error
//! instead of filling memory, and a file larger than the limit is refused without being read
//! whole.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Fatal;

/// The largest input of this run (0 until [`use_limits`]: then the default limits).
static MAX_INPUT: AtomicUsize = AtomicUsize::new(0);

/// Sets the largest input from the limits in force (`--limit`, `--limits-file`): the larger
/// of the definition and answer-set byte limits.
pub(crate) fn use_limits(limits: &monshin_core::Limits) {
    let max = limits.max_definition_bytes.max(limits.max_answers_bytes);
    MAX_INPUT.store(max, Ordering::Relaxed);
}

/// The largest input file read: a definition or an answer set (4 MiB each by default).
pub(crate) fn max_input_bytes() -> usize {
    match MAX_INPUT.load(Ordering::Relaxed) {
        0 => {
            let limits = monshin_core::Limits::default();
            limits.max_definition_bytes.max(limits.max_answers_bytes)
        }
        n => n,
    }
}

/// The largest fault configuration read (`--faults`): 1 MiB.
pub(crate) const MAX_CONFIG_BYTES: usize = 1 << 20;

/// Reads at most `limit` bytes from `reader`: `Ok(None)` when there are more.
pub(crate) fn read_bounded(reader: impl Read, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

/// Reads the file (or pipe, FIFO, device) at `path`, named `role` (`FORM`, `ANSWERS`,
/// `--faults`) in errors, refusing more than `limit` bytes.
pub(crate) fn read_path(path: &Path, role: &str, limit: usize) -> Result<Vec<u8>, Fatal> {
    let file = std::fs::File::open(path).map_err(|e| Fatal::io("read", role, &e))?;
    read_bounded(file, limit)
        .map_err(|e| Fatal::io("read", role, &e))?
        .ok_or_else(|| {
            Fatal::new(
                monshin_core::FindingCode::DocumentTooLarge,
                format!("{role} is larger than the input limit of {limit} bytes"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_at_most_the_limit_plus_one() {
        assert_eq!(
            read_bounded(&b"abc"[..], 3).expect("io").as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(read_bounded(&b"abcd"[..], 3).expect("io"), None);
        // An endless reader ends.
        assert_eq!(read_bounded(std::io::repeat(b'x'), 1000).expect("io"), None);
    }
}
