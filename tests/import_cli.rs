//! `codecision import`, driven through the binary: the register on stdout or
//! atomically in `--output`, warnings on stderr, `validate` accepting what it
//! writes, and the error paths (exit 1, the bad file named, nothing written).

use std::path::{Path, PathBuf};
use std::process::Command;

use codecision::{Register, Stage, parse_date};

const EURODAC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/ep-api_2016-0132.json"
);
const PARLTRACK_ZST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/parltrack_ep_dossiers.json.zst"
);

mod binary;
use binary::Run;

fn run(args: &[&str]) -> Run {
    binary::run_on("2024-06-01", args)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import_cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn ep_api_import_writes_a_register_on_stdout_that_validate_accepts() {
    let out = run(&["import", "ep-api", EURODAC]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "no import warning on the real response");
    let register = Register::from_json(&out.stdout).unwrap();
    let eurodac = register.file("2016-0132-cod").unwrap();
    let now = eurodac.stage_at(parse_date("2024-06-01").unwrap()).unwrap();
    assert_eq!(now.stage, Stage::Adoption);

    let dir = scratch("validate");
    let path = dir.join("eurodac.json");
    std::fs::write(&path, &out.stdout).unwrap();
    let valid = run(&["validate", s(&path)]);
    assert_eq!(valid.code, 0, "{}", valid.stderr);
    assert!(valid.stdout.contains("valid: 1 file"), "{}", valid.stdout);

    // And the rest of the command line reads it.
    let status = run(&[
        "--register",
        s(&path),
        "status",
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["files"][0]["stage"], "adoption");
    assert_eq!(json["files"][0]["since"], "2024-05-14");
}

#[test]
fn output_goes_to_a_file_and_stdout_gets_a_summary() {
    let dir = scratch("output");
    let target = dir.join("register.json");
    let out = run(&["import", "ep-api", EURODAC, "--output", s(&target)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{}: 1 file imported, 0 warnings\n", target.display())
    );
    let register = Register::load(&target).unwrap();
    assert!(register.file("2016-0132-cod").is_some());
    // Nothing else left behind (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    let json = run(&[
        "import",
        "ep-api",
        EURODAC,
        "-o",
        s(&target),
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let summary: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(summary["files"], 1);
}

#[test]
fn a_bad_file_in_the_batch_fails_it_whole_unless_keep_going() {
    let dir = scratch("batch");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"data\": [\n{\"label\": 3}]}").unwrap();
    let target = dir.join("register.json");

    let out = run(&["import", "ep-api", EURODAC, s(&bad), "--output", s(&target)]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains(&format!("{}: line 2, column", bad.display())),
        "{}",
        out.stderr
    );
    assert!(!target.exists(), "nothing written on failure");

    let out = run(&["import", "ep-api", EURODAC, s(&bad), "--keep-going"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("warning: skipped {}", bad.display())),
        "{}",
        out.stderr
    );
    let register = Register::from_json(&out.stdout).unwrap();
    assert_eq!(register.files().len(), 1);
}

#[test]
fn unknown_activity_types_are_warnings_not_failures() {
    let dir = scratch("unknown");
    let doc = dir.join("doc.json");
    std::fs::write(
        &doc,
        r#"{"data": [{"type": "Process", "label": "2020/0001(COD)", "consists_of": [
            {"activity_id": "2020-0001-X-2021-01-01", "activity_date": "2021-01-01",
             "had_activity_type": "def/ep-activities/SOMETHING_NEW"}]}]}"#,
    )
    .unwrap();
    let out = run(&["import", "ep-api", s(&doc)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning:")
            && out.stderr.contains("procedure 2020/0001(COD)")
            && out.stderr.contains("2020-0001-X-2021-01-01")
            && out.stderr.contains("SOMETHING_NEW"),
        "{}",
        out.stderr
    );
    assert!(Register::from_json(&out.stdout).is_ok());
}

#[test]
fn parltrack_zst_import_round_trips_through_validate() {
    let dir = scratch("parltrack");
    let target = dir.join("register.json");
    let out = run(&["import", "parltrack", PARLTRACK_ZST, "--output", s(&target)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("5 files imported, 2 warnings"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr.matches("warning:").count(), 2, "{}", out.stderr);
    let valid = run(&["validate", s(&target)]);
    assert_eq!(valid.code, 0, "{}", valid.stderr);
    assert!(valid.stdout.contains("valid: 5 files"), "{}", valid.stdout);
}

#[test]
fn a_bad_parltrack_record_is_exit_1_naming_it() {
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/parltrack_bad_date.json"
    );
    let out = run(&["import", "parltrack", bad]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("procedure 9999/0002(COD) (record 2), events[1]"),
        "{}",
        out.stderr
    );
    let kept = run(&["import", "parltrack", bad, "--keep-going"]);
    assert_eq!(kept.code, 0, "{}", kept.stderr);
    assert_eq!(Register::from_json(&kept.stdout).unwrap().files().len(), 4);
}

#[test]
fn usage_errors_are_exit_2() {
    assert_eq!(run(&["import", "ep-api"]).code, 2);
    assert_eq!(run(&["import", "nowhere", EURODAC]).code, 2);
    assert_eq!(run(&["import", "parltrack"]).code, 2);
}

/// A zstd frame, built by hand: `parts` in order, each either raw bytes or
/// `count` copies of one byte (RLE blocks of 128 KiB: four bytes on disk
/// each, so a gibibyte of content is 32 KiB of file).
enum Part<'a> {
    Raw(&'a [u8]),
    Repeat(u8, u64),
}

fn zstd_frame(parts: &[Part<'_>]) -> Vec<u8> {
    const BLOCK: u64 = 128 << 10;
    // Magic; descriptor: no content size, no checksum, no dictionary;
    // window 2^(10+7) = 128 KiB.
    let mut out = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3];
    let mut blocks: Vec<(u8, u64, Option<&[u8]>, u8)> = Vec::new();
    for part in parts {
        match *part {
            Part::Raw(bytes) => {
                for chunk in bytes.chunks(BLOCK as usize) {
                    blocks.push((0, chunk.len() as u64, Some(chunk), 0));
                }
            }
            Part::Repeat(byte, mut count) => {
                while count > 0 {
                    let n = count.min(BLOCK);
                    blocks.push((1, n, None, byte));
                    count -= n;
                }
            }
        }
    }
    let last = blocks.len() - 1;
    for (i, (kind, size, raw, byte)) in blocks.into_iter().enumerate() {
        let header = u32::from(i == last) | (u32::from(kind) << 1) | ((size as u32) << 3);
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        match raw {
            Some(bytes) => out.extend_from_slice(bytes),
            None => out.push(byte),
        }
    }
    out
}

/// Issue 17, item 5: a small `.json.zst` that decompresses to a gibibyte
/// string (the reported bomb: 36 KB on disk, 6.8 GB of memory) is refused
/// after the text limit, naming the file and the limit, and nothing is
/// written; a bomb of whitespace is refused at the decompressed limit,
/// which a flag sets.
#[test]
fn decompression_bombs_stop_at_the_limits() {
    let dir = std::env::temp_dir().join(format!("codecision-bomb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let string_bomb = dir.join("string.json.zst");
    std::fs::write(
        &string_bomb,
        zstd_frame(&[
            Part::Raw(br#"{"data": [{"type": "Process", "label": ""#),
            Part::Repeat(b'a', 1 << 30),
            Part::Raw(br#""}]}"#),
        ]),
    )
    .unwrap();
    assert!(std::fs::metadata(&string_bomb).unwrap().len() < 40_000);
    let dump_bomb = dir.join("dump.json.zst");
    std::fs::write(
        &dump_bomb,
        zstd_frame(&[
            Part::Raw(br#"[{"procedure": {"reference": "2016/0001(COD)", "title": ""#),
            Part::Repeat(b'a', 1 << 30),
            Part::Raw(br#""}}]"#),
        ]),
    )
    .unwrap();
    let space_bomb = dir.join("space.json.zst");
    std::fs::write(
        &space_bomb,
        zstd_frame(&[
            Part::Raw(b"["),
            Part::Repeat(b' ', 8 << 20),
            Part::Raw(b"]"),
        ]),
    )
    .unwrap();
    let out = dir.join("out.json");
    let cases: [(&str, &std::path::Path, &[&str], &str); 4] = [
        (
            "ep-api",
            &string_bomb,
            &[],
            "a text value longer than the limit of 16 MiB",
        ),
        (
            "parltrack",
            &dump_bomb,
            &[],
            "a text value longer than the limit of 16 MiB",
        ),
        (
            "parltrack",
            &dump_bomb,
            &["--max-text", "1MiB"],
            "the limit of 1 MiB (1048576 bytes)",
        ),
        (
            "parltrack",
            &space_bomb,
            &["--max-decompressed", "4MiB"],
            "decompressed, the input is larger than the limit of 4 MiB",
        ),
    ];
    for (source, input, extra, said) in cases {
        let result = Command::new(env!("CARGO_BIN_EXE_codecision"))
            .args(["import", source])
            .arg(input)
            .args(extra)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{source} {extra:?}: {err}");
        assert!(result.stdout.is_empty());
        assert!(err.contains(&*input.display().to_string()), "{err}");
        assert!(err.contains(said), "{source} {extra:?}: {err}");
        assert!(!out.exists());
    }
    // Under the limits, the same reader reads on: the whitespace bomb is an
    // empty dump.
    let result = Command::new(env!("CARGO_BIN_EXE_codecision"))
        .args(["import", "parltrack"])
        .arg(&space_bomb)
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 17: zstd errors were printed as Rust debug structures
/// (`ReadFrameHeaderError(...)`); now in plain words, naming the file.
#[test]
fn zstd_errors_are_said_in_words() {
    let dir = std::env::temp_dir().join(format!("codecision-zstd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/ep-api_2016-0132.json.zst"),
    )
    .unwrap();
    let cut = dir.join("cut.json.zst");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let mut flipped = good.clone();
    for i in (20..flipped.len() - 10).step_by(7) {
        flipped[i] ^= 0x5a;
    }
    let corrupt = dir.join("corrupt.json.zst");
    std::fs::write(&corrupt, flipped).unwrap();
    let header = dir.join("header.json.zst");
    std::fs::write(&header, [0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff]).unwrap();
    for (path, said) in [
        (&cut, "zstd: the compressed data is cut short"),
        (&corrupt, "zstd: the compressed data is corrupt"),
        (&header, "zstd: the compressed data is"),
    ] {
        for source in ["ep-api", "parltrack"] {
            let out = Command::new(env!("CARGO_BIN_EXE_codecision"))
                .args(["import", source])
                .arg(path)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains(&*path.display().to_string()), "{err}");
            assert!(err.contains(said), "{source} {}: {err}", path.display());
            for debug in ["Error(", "Error {", "{ ", "Os {", "kind:"] {
                assert!(!err.contains(debug), "{err}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
