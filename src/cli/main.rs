//! The `assay` command line: parses arguments (`args`), calls one function of the
//! application layer (`assay::app`) per subcommand (`commands`) and prints.
//! Exit codes a script can rely on: 0 success · 1 the input has problems (each
//! printed with its location), or a destructive action was not confirmed ·
//! 2 wrong usage (unknown flag, missing argument, a flag the command cannot use).

/// `println!` for the command's output, except that a closed output (`assay …
/// | head`) ends the program quietly (exit 0: the reader has what it wanted)
/// instead of panicking with exit 101, and another write error is reported.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*), true)
    };
}

/// `print!` for the command's output, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*), false)
    };
}

mod args;
mod commands;
mod confirm;

use args::{Cli, Command};
use assay::Diagnostic;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.db.is_some() && !cli.command.uses_db() {
        // Exit 2 like any other usage error: the flag would have had no effect.
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--db is not used by this command: it reads no database (--db is for --evaluation and the store's commands)",
            )
            .exit();
    }
    match commands::run(cli.db, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            for p in &problems {
                // One per line: `file:line:column: path: message`.
                eprintln!("{p}");
            }
            ExitCode::from(1)
        }
    }
}

impl Command {
    /// Whether the command reads or writes the database (`--db`): a command that
    /// does not refuses the flag rather than ignore it.
    fn uses_db(&self) -> bool {
        match self {
            Command::Questionnaire(_) | Command::Sign(_) | Command::Certificate(_) => false,
            Command::Score(args) => args.evaluation.is_some(),
            Command::Export(args) => args.evaluation.is_some(),
            Command::Evaluation(_)
            | Command::Vendor(_)
            | Command::Answer(_)
            | Command::Answers(_)
            | Command::ExportXlsx { .. }
            | Command::Backup { .. }
            | Command::Restore { .. }
            | Command::Demo
            | Command::Example
            | Command::Verify(_)
            | Command::Schedule(_)
            | Command::Team(_) => true,
        }
    }
}

/// Problems to print, one per line.
pub type Problems = Vec<Diagnostic>;

/// Writes output, one line when `newline` (see [`outln!`]).
pub fn write_out(args: std::fmt::Arguments, newline: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let end: &[u8] = if newline { b"\n" } else { b"" };
    let written = out
        .write_fmt(args)
        .and_then(|()| out.write_all(end))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("assay: cannot write the output: {e}");
            std::process::exit(1);
        }
    }
}
