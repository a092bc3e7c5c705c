//! Runs the `codecision` binary as a script would, for the command-line
//! tests: a fixed "today" (`CODECISION_TODAY`), no standard input, no
//! colour; the exit status and both streams as text.

use std::process::{Command, Stdio};

/// What a run of the binary gave.
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `codecision ARGS` with `today` as the day `--as-of` defaults to.
pub fn run_on(today: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .env("CODECISION_TODAY", today)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
