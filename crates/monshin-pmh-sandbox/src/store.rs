//! Durable state: the whole sandbox state as one JSON file, replaced atomically.
//!
//! A save writes a temporary file beside the state file, fsyncs it, renames it over the state
//! file and fsyncs the directory. A crash before the rename leaves the previous file intact (and
//! a stray temporary file, removed at the next start); after the rename the new one is complete.
//! The sandbox answers a register only after its save returned, so no acknowledged register is
//! ever lost.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::SandboxError;

/// The largest state file read (64 MiB).
const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// Where the state lives.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    path: PathBuf,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    pub(crate) fn new(path: PathBuf) -> Store {
        Store { path }
    }

    fn temp_prefix(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(".{name}.tmp-")
    }

    fn dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The saved state, if there is one; stray temporary files of earlier runs are removed.
    pub(crate) fn load(&self) -> Result<Option<Vec<u8>>, SandboxError> {
        let prefix = self.temp_prefix();
        if let Ok(entries) = fs::read_dir(self.dir()) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&prefix) {
                    // Best effort: a leftover that cannot be removed does no harm.
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SandboxError::io("open the state file")(e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_STATE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(SandboxError::io("read the state file"))?;
        if bytes.len() as u64 > MAX_STATE_BYTES {
            return Err(SandboxError::StateFile("larger than 64 MiB".to_owned()));
        }
        Ok(Some(bytes))
    }

    /// First half of a save: the new state in a temporary file, fsynced.
    pub(crate) fn write_temp(&self, bytes: &[u8]) -> Result<PathBuf, SandboxError> {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = self
            .dir()
            .join(format!("{}{}-{n}", self.temp_prefix(), std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // The state holds (fictional) personal and health data: owner-only on Unix.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options
            .open(&temp)
            .map_err(SandboxError::io("create a temporary state file"))?;
        let written = f.write_all(bytes).and_then(|()| f.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(SandboxError::io("write the temporary state file")(e));
        }
        Ok(temp)
    }

    /// Second half: rename over the state file, then fsync the directory.
    pub(crate) fn commit(&self, temp: &Path) -> Result<(), SandboxError> {
        if let Err(e) = fs::rename(temp, &self.path) {
            let _ = fs::remove_file(temp);
            return Err(SandboxError::io("replace the state file")(e));
        }
        sync_dir(&self.dir())
    }

    /// Saves atomically.
    pub(crate) fn save(&self, bytes: &[u8]) -> Result<(), SandboxError> {
        let temp = self.write_temp(bytes)?;
        self.commit(&temp)
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), SandboxError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(SandboxError::io("sync the state directory"))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), SandboxError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "monshin-store-{name}-{}-{}",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn save_and_load() {
        let dir = temp_dir("save");
        let store = Store::new(dir.join("state.json"));
        assert_eq!(store.load().expect("loads"), None);
        store.save(b"one").expect("saves");
        store.save(b"two").expect("saves");
        assert_eq!(store.load().expect("loads").as_deref(), Some(&b"two"[..]));
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_crash_before_the_rename_keeps_the_old_state() {
        let dir = temp_dir("crash");
        let store = Store::new(dir.join("state.json"));
        store.save(b"committed").expect("saves");
        // Crash after the temporary file was written, before the rename.
        let temp = store.write_temp(b"half-done").expect("writes");
        assert!(temp.exists());
        let restarted = Store::new(dir.join("state.json"));
        assert_eq!(
            restarted.load().expect("loads").as_deref(),
            Some(&b"committed"[..])
        );
        assert!(!temp.exists(), "the stray temporary file is removed");
        let _ = fs::remove_dir_all(dir);
    }
}
