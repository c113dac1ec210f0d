//! `monshin merge` on rows of a repeatable group: a row deleted (and the rest renumbered) on
//! one side and the next row edited on the other merge onto the right row; an edit of a row
//! the other side deleted is a conflict (exit 1) that names the group, never a value. And
//! `--limit`: a 300-page form is refused by default and loads with `--limit pages=300`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A 3-year check-up answer set whose household table has `rows` (relationship code, age).
fn household(rows: &[(&str, &str)]) -> String {
    let answers: Vec<String> = rows
        .iter()
        .zip(1..)
        .flat_map(|((rel, age), seq)| {
            [
                format!(r#"{{"id":"C3_HH_REL","seq":{seq},"value":"{rel}"}}"#),
                format!(r#"{{"id":"C3_HH_AGE","seq":{seq},"value":"{age}"}}"#),
                format!(r#"{{"id":"C3_HH_SMOKE","seq":{seq},"value":"0"}}"#),
            ]
        })
        .collect();
    format!(
        r#"{{"definition":"child-3y","status":"draft","lastPage":5,"answers":[{}]}}"#,
        answers.join(",")
    )
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("monshin-merge-rows-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn merge(dir: &Path, base: &str, ours: &str, theirs: &str) -> std::process::Output {
    for (name, text) in [("base", base), ("ours", ours), ("theirs", theirs)] {
        std::fs::write(dir.join(format!("{name}.json")), text).expect("write");
    }
    Command::new(env!("CARGO_BIN_EXE_monshin"))
        .arg("merge")
        .arg("child-3y")
        .args(["base", "ours", "theirs"].map(|n| dir.join(format!("{n}.json"))))
        .output()
        .expect("run monshin")
}

fn rows_of(stdout: &[u8]) -> Vec<(u64, String, String)> {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("merged set");
    let mut rows: std::collections::BTreeMap<u64, (String, String)> = Default::default();
    for a in v["answers"].as_array().expect("answers") {
        let seq = a["seq"].as_u64().expect("seq");
        let value = a["value"].as_str().expect("value").to_owned();
        match a["id"].as_str() {
            Some("C3_HH_REL") => rows.entry(seq).or_default().0 = value,
            Some("C3_HH_AGE") => rows.entry(seq).or_default().1 = value,
            _ => {}
        }
    }
    rows.into_iter().map(|(s, (r, a))| (s, r, a)).collect()
}

#[test]
fn deleting_the_father_and_editing_the_mothers_age_merge_onto_the_mother() {
    let dir = scratch("renumbered");
    // Father 40, mother 38, elder sister 6.
    let base = household(&[("1", "40"), ("2", "38"), ("4", "6")]);
    // Ours deletes the father; the others are renumbered 1, 2.
    let ours = household(&[("2", "38"), ("4", "6")]);
    // Theirs changes the mother's age, in row 2.
    let theirs = household(&[("1", "40"), ("2", "39"), ("4", "6")]);
    let out = merge(&dir, &base, &ours, &theirs);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        rows_of(&out.stdout),
        vec![
            (1, "2".to_owned(), "39".to_owned()),
            (2, "4".to_owned(), "6".to_owned())
        ]
    );
}

#[test]
fn editing_a_row_the_other_side_deleted_is_a_conflict_without_values() {
    let dir = scratch("conflict");
    let base = household(&[("1", "40"), ("2", "38"), ("4", "6")]);
    let ours = household(&[("2", "38"), ("4", "6")]);
    let theirs = household(&[("1", "47"), ("2", "38"), ("4", "6")]);
    let out = merge(&dir, &base, &ours, &theirs);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "conflict: page 6 C3_HOUSEHOLD rows: removed-by-ours (base 1, ours 0, theirs 1 row(s); \
         kept theirs at [1])\n1 conflict(s)\n"
    );
    assert!(!stderr.contains("47"));
    assert_eq!(rows_of(&out.stdout).len(), 3);
}

/// A form of `pages` pages, one text item each.
fn big_form(pages: usize) -> String {
    let pages: Vec<String> = (1..=pages)
        .map(|n| {
            format!(
                r#"{{"number":{n},"label":"p{n}","items":[{{"id":"I{n}","type":"text","text":"t"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"formKind":"vaccination","id":"BIG","title":"big","version":"1","pages":[{}]}}"#,
        pages.join(",")
    )
}

#[test]
fn a_300_page_form_lints_only_with_a_raised_page_limit() {
    let dir = scratch("big-form");
    let path = dir.join("big.form.json");
    std::fs::write(&path, big_form(300)).expect("write");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_monshin"))
            .args(extra)
            .arg("lint")
            .arg(&path)
            .output()
            .expect("run monshin")
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("page count 300 is over the limit of 200"));
    let raised = run(&["--limit", "pages=300"]);
    assert_eq!(
        raised.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&raised.stderr)
    );
    let above = run(&["--limit", "pages=9999"]);
    assert_eq!(above.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&above.stderr).contains("limit.above-ceiling"));
}
