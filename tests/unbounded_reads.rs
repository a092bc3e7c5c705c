//! Input that cannot be a register is refused at once, in bounded memory
//! (issue 17, item 4), and the reading messages say what is wrong (a byte
//! order mark, a lone surrogate, a huge version number as written).
//!
//! Bounded by construction: the endless inputs below (/dev/zero, a stream
//! of NUL bytes on stdin that the test would write for ever) can only end
//! if the command stops reading by itself; no timing is measured.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// What is written to the command's standard input, if anything.
type Feed<'a> = Option<&'a mut dyn FnMut(&mut dyn Write)>;

fn codecision(args: &[&str], stdin: Feed<'_>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(feed) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        feed(&mut pipe);
    }
    child.wait_with_output().unwrap()
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_its_first_byte() {
    for args in [
        &["--register", "/dev/zero", "status"][..],
        &["validate", "/dev/zero"],
    ] {
        let err = refused(&codecision(args, None));
        assert_eq!(
            err.trim_end(),
            "codecision: /dev/zero: line 1, column 1: a NUL byte: this is not JSON text (a register is a JSON object)"
        );
    }
}

#[test]
fn an_endless_stream_of_nul_bytes_on_stdin_is_refused() {
    // The writer goes on until the command closes its end (a broken pipe):
    // 100 MB and more if it read on.
    let mut written = 0u64;
    let mut feed = |pipe: &mut dyn Write| {
        let block = vec![0u8; 1 << 16];
        while written < 100 << 20 {
            if pipe.write_all(&block).is_err() {
                return;
            }
            written += block.len() as u64;
        }
    };
    let err = refused(&codecision(&["--register", "-", "status"], Some(&mut feed)));
    assert!(
        err.contains("<stdin>: line 1, column 1: a NUL byte"),
        "{err}"
    );
    assert!(
        written < 100 << 20,
        "the whole stream was taken: {written} bytes"
    );
}

#[test]
fn a_register_over_the_limit_is_refused_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let text = r#"{"version": 1, "files": [{"id": "a", "title": "A"}]}"#;
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let err = refused(&codecision(
        &["--max-register-size", "20", "--register", path, "status"],
        None,
    ));
    assert!(
        err.contains(&format!(
            "{path}: larger than the limit of 20 bytes for a register"
        )) && err.contains("--max-register-size"),
        "{err}"
    );
    // The same on stdin, read as a stream.
    let mut feed = |pipe: &mut dyn Write| pipe.write_all(text.as_bytes()).unwrap();
    let err = refused(&codecision(
        &["--max-register-size", "20", "validate", "-"],
        Some(&mut feed),
    ));
    assert!(
        err.contains("<stdin>: larger than the limit of 20 bytes"),
        "{err}"
    );
    for limit in ["1K", &text.len().to_string()] {
        let out = codecision(
            &["--max-register-size", limit, "--register", path, "status"],
            None,
        );
        assert!(out.status.success(), "{limit}: {out:?}");
    }
    // A size that is not one is a usage error.
    let out = codecision(&["--max-register-size", "1T", "status"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_byte_order_mark_is_named() {
    let mut feed = |pipe: &mut dyn Write| pipe.write_all(b"\xEF\xBB\xBF{\"files\": []}").unwrap();
    let err = refused(&codecision(&["validate", "-"], Some(&mut feed)));
    assert!(
        err.contains("<stdin>: line 1, column 1: the text starts with a UTF-8 byte order mark"),
        "{err}"
    );
}

#[test]
fn a_huge_version_number_is_printed_as_written() {
    let mut feed = |pipe: &mut dyn Write| {
        pipe.write_all(br#"{"version": 123456789012345678901234567890, "files": []}"#)
            .unwrap()
    };
    let err = refused(&codecision(&["validate", "-"], Some(&mut feed)));
    assert!(
        err.contains(
            "unsupported version 123456789012345678901234567890 (this crate reads version 1)"
        ),
        "{err}"
    );
}

#[test]
fn a_lone_trailing_surrogate_is_called_one() {
    let mut feed = |pipe: &mut dyn Write| {
        pipe.write_all(br#"{"files": [{"id": "a", "title": "\udc00"}]}"#)
            .unwrap()
    };
    let err = refused(&codecision(&["validate", "-"], Some(&mut feed)));
    assert!(err.contains("lone trailing surrogate \\udc00"), "{err}");
}

/// Writes `byte` to the pipe until the command closes it (or 100 MB).
fn endless(byte: u8, written: &mut u64) -> impl FnMut(&mut dyn Write) + '_ {
    move |pipe: &mut dyn Write| {
        let block = vec![byte; 1 << 16];
        while *written < 100 << 20 {
            if pipe.write_all(&block).is_err() {
                return;
            }
            *written += block.len() as u64;
        }
    }
}

#[test]
fn an_endless_stream_of_brackets_is_refused_at_its_first_byte() {
    // `yes '[' | codecision --register - status` was read to the 1 GiB
    // limit (2.65 GB held) before serde_json saw the first byte.
    let mut written = 0u64;
    let err = refused(&codecision(
        &["--register", "-", "status"],
        Some(&mut endless(b'[', &mut written)),
    ));
    assert_eq!(
        err.trim_end(),
        "codecision: <stdin>: line 1, column 1: an array: a register is a JSON object with `version`, `files` and `goals`"
    );
    assert!(written < 100 << 20, "the whole stream was taken");
}

#[test]
fn an_endless_stream_of_whitespace_ends_at_the_limit() {
    // `yes ' '` never ended: the blanks were looked at again for every
    // piece read. Now it ends at the limit, with the limit's message.
    let mut written = 0u64;
    let err = refused(&codecision(
        &["--max-register-size", "8M", "--register", "-", "status"],
        Some(&mut endless(b' ', &mut written)),
    ));
    assert!(
        err.starts_with("codecision: <stdin>: larger than the limit of 8388608 bytes"),
        "{err}"
    );
    // A finite run of blanks is an empty text, said where it ends.
    let mut feed = |pipe: &mut dyn Write| pipe.write_all(&[b' '; 300_000]).unwrap();
    let err = refused(&codecision(&["--register", "-", "status"], Some(&mut feed)));
    assert!(err.contains("<stdin>: line 1, column 300000: EOF"), "{err}");
}
