//! `monshin validate --batch FORM < answers.ndjson`: [`monshin_server::batch::run`] on
//! standard input and output (the same code as `POST /v1/validate/batch`), with a progress
//! spinner on standard error when it is a terminal.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};
use monshin_core::CompiledForm;
pub(crate) use monshin_server::batch::BatchOptions;
use monshin_server::batch::{run, Summary};

/// Run on standard input and output, with a progress spinner when stderr is a terminal.
pub(crate) fn run_stdio(form: &CompiledForm, options: &BatchOptions) -> io::Result<Summary> {
    let stdout = io::stdout();
    // `Stdin` (not its lock) is `Send`: the next chunk is read on a worker thread.
    let input = io::BufReader::with_capacity(1 << 16, io::stdin());
    let output = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let bar = io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {human_pos} answer sets, {per_sec} {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let mut progress = |sets: u64| {
        if let Some(b) = &bar {
            b.set_position(sets);
        }
        true
    };
    let summary = run(form, options, input, output, &mut progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(summary)
}
