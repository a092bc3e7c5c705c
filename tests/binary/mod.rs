//! Runs the `codecision` binary as a script would, for the command-line
//! tests: a fixed "today" (`CODECISION_TODAY`), no standard input (or
//! the bytes given), no colour; the exit status and both streams.

use std::io::Write as _;
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
    let (code, stdout, stderr) = run_bytes(today, args, None);
    Run {
        code,
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr,
    }
}

/// [`run_on`] with `stdin` on standard input (none when `None`), stdout
/// as bytes: (exit status, stdout, stderr).
pub fn run_bytes(today: &str, args: &[&str], stdin: Option<&[u8]>) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .env("CODECISION_TODAY", today)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        // A refusal comes before the input is read: the pipe may be closed.
        let _ = child.stdin.take().expect("stdin is piped").write_all(bytes);
    }
    let out = child.wait_with_output().expect("the binary ends");
    (
        out.status.code().expect("exited, not killed by a signal"),
        out.stdout,
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}
