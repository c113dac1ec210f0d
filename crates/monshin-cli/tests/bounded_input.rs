//! Input files are read bounded: an endless device or pipe ends with an input-limit error (exit
//! 2) instead of growing without bound, and a pipe carrying a small document still works.
//! Bounded: each run is killed after 30 s.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn monshin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_monshin"))
}

/// Waits for the child at most `limit`; kills it and fails the test after that.
fn wait_bounded(mut child: Child, limit: Duration) -> (i32, String) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return (status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}: the input is not bounded");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_endless_device_ends_with_the_input_limit() {
    let child = monshin()
        .args(["lint", "/dev/zero"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let (code, err) = wait_bounded(child, Duration::from_secs(30));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than the input limit"), "{err}");
}

#[test]
fn an_endless_pipe_ends_with_the_input_limit() {
    let mut child = monshin()
        .args(["validate", "vaccination-pcv", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let writer = std::thread::spawn(move || {
        let chunk = [b' '; 1 << 16];
        // Ends when the reader closes the pipe.
        while stdin.write_all(&chunk).is_ok() {}
    });
    let (code, err) = wait_bounded(child, Duration::from_secs(30));
    writer.join().expect("the writer ends");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than the input limit"), "{err}");
}

#[test]
fn a_pipe_with_a_document_is_read() {
    let draft = monshin_forms::by_name("vaccination-pcv")
        .expect("bundled")
        .draft_answers;
    let mut child = monshin()
        .args([
            "validate",
            "vaccination-pcv",
            "/dev/stdin",
            "--today",
            "2026-12-01",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin.write_all(draft.as_bytes()).expect("writes");
    drop(stdin);
    let (code, err) = wait_bounded(child, Duration::from_secs(30));
    assert_eq!(code, 0, "a valid draft: {err}");
}

#[test]
fn the_input_limit_follows_raised_limits() {
    let draft = monshin_forms::by_name("vaccination-pcv")
        .expect("bundled")
        .draft_answers;
    let dir = std::env::temp_dir().join(format!("monshin-bounded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let file = dir.join("padded.json");
    // A valid draft padded with 5 MiB of whitespace: over the default 4 MiB.
    let mut bytes = draft.as_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(b' ', 5 << 20));
    std::fs::write(&file, &bytes).expect("writes");
    let run = |extra: &[&str]| {
        let child = monshin()
            .args(extra)
            .args(["validate", "vaccination-pcv", "--today", "2026-12-01"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        wait_bounded(child, Duration::from_secs(30))
    };
    let (code, err) = run(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than the input limit"), "{err}");
    let (code, err) = run(&["--limit", "answers-bytes=8388608"]);
    assert_eq!(code, 0, "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
