//! The curl example of the top-level `README.md`, run as written: the request it shows (method,
//! path and query, the body file it sends) goes through the router, and the answer must be the
//! JSON the README prints under it.

mod common;

use std::path::Path;

use common::{post, state};
use serde_json::Value;

/// What the README's curl example sends and shows.
struct CurlExample {
    uri: String,
    body_file: String,
    shown: String,
}

/// The one `console` block of README.md that runs `curl`: its URL, its `--data-binary @FILE`
/// and the output line after the command.
fn curl_example(readme: &str) -> CurlExample {
    let blocks: Vec<&str> = readme
        .split("```console\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .filter(|b| b.contains("curl "))
        .collect();
    assert_eq!(
        blocks.len(),
        1,
        "README.md should have one console block with curl"
    );
    let block = blocks[0];
    // The command runs from the `$ curl` line over its `\`-continued lines.
    let mut lines = block.lines().skip_while(|l| !l.starts_with("$ curl"));
    let mut command = String::new();
    for line in lines.by_ref() {
        command.push_str(line.trim_end_matches('\\'));
        if !line.ends_with('\\') {
            break;
        }
    }
    let shown = lines
        .next()
        .expect("the output line after the command")
        .to_string();
    let body_file = command
        .split("--data-binary @")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("--data-binary @FILE")
        .to_string();
    let url = command
        .split('\'')
        .find(|part| part.starts_with("http://"))
        .expect("a quoted URL");
    let uri = url
        .strip_prefix("http://127.0.0.1:8080")
        .expect("the default address")
        .to_string();
    CurlExample {
        uri,
        body_file,
        shown,
    }
}

#[tokio::test]
async fn the_readme_curl_example_answers_what_it_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let example = curl_example(&readme);
    let body =
        std::fs::read(root.join(&example.body_file)).expect("the body file the README sends");
    let answer = post(&state(), &example.uri, body).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let shown: Value = serde_json::from_str(&example.shown).expect("the README shows JSON");
    assert_eq!(answer.json(), shown, "README.md shows another answer");
}
