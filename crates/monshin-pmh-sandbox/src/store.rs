//! Durable state in SQLite (the bundled library): one row per citizen, one row per
//! idempotency key, one transaction per register.
//!
//! - **Schema** (`user_version` 2): `citizens(id PRIMARY KEY, position, doc)` holds each
//!   citizen's documents as JSON (`state::Citizen`); `idempotency_keys(citizen, key, operation,
//!   form_id, fingerprint, receipt, created_ms, PRIMARY KEY (citizen, key))` with an index on
//!   `created_ms`. A register reads one key and writes one citizen row and one key row: O(log n)
//!   in the number of citizens and keys, never O(state).
//! - **Durability**: WAL with `synchronous = FULL`; a register is answered only after the
//!   transaction holding it committed (registers queued together share one transaction and one
//!   fsync, see `writer`), so no acknowledged register is lost by a crash or `kill -9`. A
//!   failed commit (disk full, read-only file) rolls back and its registers are answered 500
//!   with nothing applied.
//! - **One process**: the connection uses `locking_mode = EXCLUSIVE` and takes the lock at
//!   open, so a second process (or a second sandbox in this process) on the same file refuses
//!   to start with `sandbox.data-locked` instead of both acknowledging registers.
//! - **Idempotency keys** are kept per citizen for [`monshin_pmh::api::IDEMPOTENCY_RETENTION`]
//!   (24 h) and never evicted by count; older ones are deleted a few at a time by later
//!   registers.
//! - **Migration**: a data file in the first format (one JSON document) is converted at start:
//!   the database is built beside it, the JSON is kept as `<file>.v1.json`, and the database is
//!   renamed over the file. A crash before the rename leaves the JSON file in place (the
//!   migration runs again); the rename is atomic.
//! - Without a data file the same schema lives in an in-memory database.

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use monshin_pmh::api::{RegisterReceipt, IDEMPOTENCY_RETENTION};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use crate::error::SandboxError;
use crate::state::{Citizen, Document, KeyRecord};

/// The largest state file of the first format read for migration (64 MiB).
const MAX_V1_BYTES: u64 = 64 * 1024 * 1024;

/// The schema version (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 2;

/// Expired keys deleted per batch of registers at most (the rest go with later ones).
const EXPIRED_PER_REGISTER: i64 = 64;

/// How a SQLite database file starts.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS citizens (
    id TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    citizen TEXT NOT NULL,
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    form_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    receipt TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (citizen, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_ms);
";

/// What is at the data file's path.
pub(crate) enum DataFile {
    /// Nothing: seed a new database.
    Missing,
    /// A database of this version.
    Database,
    /// A state file of the first format, to migrate.
    FirstFormat(Vec<u8>),
}

/// The database connection (`None` once closed by [`Store::close`]).
pub(crate) struct Store {
    conn: Mutex<Option<Connection>>,
}

/// The error of a use after [`Store::close`].
pub(crate) fn closed() -> SandboxError {
    SandboxError::Database {
        what: "use the database",
        code: "closed".to_owned(),
    }
}

fn db_error(what: &'static str) -> impl FnOnce(rusqlite::Error) -> SandboxError {
    move |e| match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => SandboxError::DataLocked,
        Some(code) => SandboxError::Database {
            what,
            code: format!("{code:?}"),
        },
        None => SandboxError::Database {
            what,
            code: "other".to_owned(),
        },
    }
}

fn retention_ms() -> i64 {
    i64::try_from(IDEMPOTENCY_RETENTION.as_millis()).unwrap_or(i64::MAX)
}

/// Looks at the data file: missing, a database, or a first-format JSON file (read, bounded).
pub(crate) fn inspect(path: &Path) -> Result<DataFile, SandboxError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DataFile::Missing),
        Err(e) => return Err(SandboxError::io("open the data file")(e)),
    };
    let mut bytes = Vec::new();
    file.take(MAX_V1_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(SandboxError::io("read the data file"))?;
    if bytes.is_empty() || bytes.starts_with(SQLITE_MAGIC) {
        return Ok(DataFile::Database);
    }
    if bytes.len() as u64 > MAX_V1_BYTES {
        return Err(SandboxError::StateFile("larger than 64 MiB".to_owned()));
    }
    Ok(DataFile::FirstFormat(bytes))
}

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory one, and takes the
    /// exclusive lock.
    pub(crate) fn open(path: Option<&Path>) -> Result<Store, SandboxError> {
        let conn = match path {
            Some(p) => {
                create_private(p)?;
                Connection::open(p).map_err(db_error("open the database"))?
            }
            None => Connection::open_in_memory().map_err(db_error("open the database"))?,
        };
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(db_error("configure the database"))?;
        // Exclusive locking first, so WAL needs no shared memory and the lock is kept.
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(db_error("configure the database"))?;
        if path.is_some() {
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(db_error("configure the database"))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(SandboxError::DataLocked);
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db_error("configure the database"))?;
        // Take the exclusive lock now: a second process fails here, before serving anything.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(db_error("lock the database"))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db_error("read the schema version"))?;
        if version != 0 && version != SCHEMA_VERSION {
            return Err(SandboxError::StateFile(format!(
                "unknown database schema version (expected {SCHEMA_VERSION})"
            )));
        }
        conn.execute_batch(SCHEMA)
            .map_err(db_error("create the schema"))?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(db_error("write the schema version"))?;
        Ok(Store {
            conn: Mutex::new(Some(conn)),
        })
    }

    /// The connection, for one register or one start-up step at a time.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the connection (checkpointing the WAL) and releases the file's lock; later
    /// uses fail.
    pub(crate) fn close(&self) -> Result<(), SandboxError> {
        match self.lock().take() {
            Some(conn) => conn
                .close()
                .map_err(|(_, e)| db_error("close the database")(e)),
            None => Ok(()),
        }
    }

    /// The citizens in seed order; empty for a new database.
    pub(crate) fn citizens(&self) -> Result<Vec<Citizen>, SandboxError> {
        let guard = self.lock();
        let conn = guard.as_ref().ok_or_else(closed)?;
        let mut stmt = conn
            .prepare("SELECT doc FROM citizens ORDER BY position")
            .map_err(db_error("read the citizens"))?;
        let docs = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(db_error("read the citizens"))?;
        let mut out = Vec::new();
        for (i, doc) in docs.enumerate() {
            let doc = doc.map_err(db_error("read the citizens"))?;
            let citizen: Citizen = serde_json::from_str(&doc).map_err(|_| {
                SandboxError::StateFile(format!("citizen row {} is not a citizen document", i + 1))
            })?;
            out.push(citizen);
        }
        Ok(out)
    }

    /// Writes a seeded or migrated state in one transaction; the keys of a first-format file
    /// are kept for a full retention period from `now_ms`.
    pub(crate) fn insert_all(&self, doc: &Document, now_ms: i64) -> Result<(), SandboxError> {
        let mut guard = self.lock();
        let conn = guard.as_mut().ok_or_else(closed)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error("begin a transaction"))?;
        for (position, c) in doc.citizens.iter().enumerate() {
            let json = serde_json::to_string(c)
                .map_err(|_| SandboxError::StateFile("cannot be encoded".to_owned()))?;
            tx.execute(
                "INSERT INTO citizens (id, position, doc) VALUES (?1, ?2, ?3)",
                params![c.id, i64::try_from(position).unwrap_or(i64::MAX), json],
            )
            .map_err(db_error("write the citizens"))?;
        }
        for k in &doc.keys {
            insert_key(&tx, k, now_ms)?;
        }
        tx.commit().map_err(db_error("commit"))
    }
}

/// Creates the database file owner-only (it holds fictional personal and health data) if it
/// does not exist yet.
fn create_private(path: &Path) -> Result<(), SandboxError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(SandboxError::io("create the data file")(e)),
    }
}

fn insert_key(conn: &Connection, k: &KeyRecord, now_ms: i64) -> Result<(), SandboxError> {
    let receipt = serde_json::to_string(&k.receipt)
        .map_err(|_| SandboxError::StateFile("cannot be encoded".to_owned()))?;
    conn.execute(
        "INSERT OR REPLACE INTO idempotency_keys
         (citizen, key, operation, form_id, fingerprint, receipt, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            k.citizen,
            k.key,
            k.operation,
            k.form_id,
            k.fingerprint,
            receipt,
            now_ms
        ],
    )
    .map_err(db_error("remember the idempotency key"))?;
    Ok(())
}

/// The key a citizen used within the retention period, if any.
pub(crate) fn find_key(
    conn: &Connection,
    citizen: &str,
    key: &str,
    now_ms: i64,
) -> Result<Option<KeyRecord>, SandboxError> {
    let row = conn
        .prepare_cached(
            "SELECT operation, form_id, fingerprint, receipt FROM idempotency_keys
             WHERE citizen = ?1 AND key = ?2 AND created_ms >= ?3",
        )
        .and_then(|mut stmt| {
            stmt.query_row(
                params![citizen, key, now_ms.saturating_sub(retention_ms())],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
        })
        .map_err(db_error("look up the idempotency key"))?;
    let Some((operation, form_id, fingerprint, receipt)) = row else {
        return Ok(None);
    };
    let receipt: RegisterReceipt = serde_json::from_str(&receipt).map_err(|_| {
        SandboxError::StateFile("a remembered receipt is not a receipt document".to_owned())
    })?;
    Ok(Some(KeyRecord {
        key: key.to_owned(),
        citizen: citizen.to_owned(),
        operation,
        form_id,
        fingerprint,
        receipt,
    }))
}

/// One register's writes, inside the caller's transaction: the citizen's new documents and
/// the key.
pub(crate) fn write_register(
    conn: &Connection,
    citizen: &Citizen,
    key: &KeyRecord,
    now_ms: i64,
) -> Result<(), SandboxError> {
    let json = serde_json::to_string(citizen)
        .map_err(|_| SandboxError::StateFile("cannot be encoded".to_owned()))?;
    let updated = conn
        .prepare_cached("UPDATE citizens SET doc = ?2 WHERE id = ?1")
        .and_then(|mut stmt| stmt.execute(params![citizen.id, json]))
        .map_err(db_error("write the citizen"))?;
    if updated != 1 {
        return Err(SandboxError::StateFile(
            "a citizen row is missing".to_owned(),
        ));
    }
    insert_key(conn, key, now_ms)
}

/// Deletes a few keys older than the retention period (inside the caller's transaction).
pub(crate) fn forget_expired(conn: &Connection, now_ms: i64) -> Result<(), SandboxError> {
    conn.prepare_cached(
        "DELETE FROM idempotency_keys WHERE (citizen, key) IN
         (SELECT citizen, key FROM idempotency_keys WHERE created_ms < ?1 LIMIT ?2)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            now_ms.saturating_sub(retention_ms()),
            EXPIRED_PER_REGISTER
        ])
    })
    .map_err(db_error("forget expired idempotency keys"))?;
    Ok(())
}

/// Begins a write transaction (the lock is ours already: it never waits).
pub(crate) fn begin(conn: &mut Connection) -> Result<rusqlite::Transaction<'_>, SandboxError> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error("begin a transaction"))
}

/// Commits a transaction.
pub(crate) fn commit(tx: rusqlite::Transaction<'_>) -> Result<(), SandboxError> {
    tx.commit().map_err(db_error("commit"))
}

/// Converts a first-format state file into a database at the same path (see the module
/// documentation); `doc` is its parsed content.
pub(crate) fn migrate(path: &Path, doc: &Document, now_ms: i64) -> Result<(), SandboxError> {
    let temp = sibling(path, ".migrating");
    let backup = sibling(path, ".v1.json");
    for stale in [&temp, &sibling(&temp, "-wal"), &sibling(&temp, "-journal")] {
        // Left by a migration that crashed: rebuilt from the JSON file below.
        let _ = fs::remove_file(stale);
    }
    {
        let store = Store::open(Some(&temp))?;
        store.insert_all(doc, now_ms)?;
        // Closing checkpoints the WAL into the database file and removes it.
        store.close()?;
    }
    fs::copy(path, &backup).map_err(SandboxError::io("keep the first-format state file"))?;
    File::open(&backup)
        .and_then(|f| f.sync_all())
        .map_err(SandboxError::io("keep the first-format state file"))?;
    fs::rename(&temp, path).map_err(SandboxError::io("replace the state file"))?;
    sync_dir(path)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(unix)]
fn sync_dir(path: &Path) -> Result<(), SandboxError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(SandboxError::io("sync the data directory"))
}

#[cfg(not(unix))]
fn sync_dir(_path: &Path) -> Result<(), SandboxError> {
    Ok(())
}
