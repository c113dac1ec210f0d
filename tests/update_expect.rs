//! The workspace's one update variable for insta snapshots, included by the snapshot tests
//! (`#[path]` module): with `UPDATE_EXPECT=1`, insta rewrites snapshots in place
//! (`INSTA_UPDATE=always`) instead of failing, like every golden and blessed file of the
//! workspace. Call [`apply`] before the first assertion of each test.

use std::sync::Once;

/// Maps `UPDATE_EXPECT` to insta's `INSTA_UPDATE=always`, once per test process.
pub(crate) fn apply() {
    static UPDATE: Once = Once::new();
    UPDATE.call_once(|| {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            // Once blocks every other caller until this returns, so no assertion reads the
            // variable while it is being set.
            std::env::set_var("INSTA_UPDATE", "always");
        }
    });
}
