//! Confirmation of destructive commands on the terminal (ARCHITECTURE.md,
//! invariant 26): `--yes`, or "y" / "yes" typed on standard input after the
//! question (printed on standard error). Anything else — "n", an empty line, no
//! input at all (a script, CI) — cancels: nothing is changed and the command
//! exits 1.

use assay::app::StoreError;
use std::io::{BufRead, Read};

pub fn confirm(question: &str, yes: bool) -> Result<(), StoreError> {
    if yes {
        return Ok(());
    }
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    // One short line at most: the answer, not a file piped in by mistake.
    let _ = std::io::stdin().lock().take(256).read_line(&mut line);
    if matches!(line.trim().to_lowercase().as_str(), "y" | "yes") {
        return Ok(());
    }
    eprintln!();
    Err(StoreError::refused(
        "not confirmed",
        "nothing was changed (type y to go ahead, or pass --yes)",
        "未确认：未作任何改动（输入 y 继续，或加 --yes）",
    ))
}
