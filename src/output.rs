//! The one way this crate writes a file: [`write_file`].
//!
//! A regular file (or a name that does not exist yet) is replaced
//! atomically, through a temporary file made by the `tempfile` crate beside
//! it; a device or a FIFO is written directly, never replaced. What an
//! interrupted write leaves behind is removed by
//! [`remove_unfinished_writes`] (for a signal handler) or by the next write
//! to the same name.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;

/// The temporary files of the writes under way in this process, so that
/// [`remove_unfinished_writes`] can remove them on an interrupt.
static UNDER_WAY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Writes `bytes` to `path`.
///
/// A regular file, or a name that does not exist yet, is replaced
/// atomically: readers see the old content or the new, never a mix. The
/// bytes go to a new temporary file in the same directory (so the rename
/// stays on one file system), `.NAME.PID.RANDOM.tmp`, made by the
/// `tempfile` crate, which is flushed to disk, then renamed over `path`;
/// then the directory is flushed so the rename itself survives a crash. On
/// any failure the temporary file is removed and `path` is untouched, and
/// the message says which step failed.
///
/// - The new file keeps the permissions of the one it replaces (a new name
///   gets the usual ones: read and write for all, less the umask).
/// - A symbolic link is written through: its target is replaced (or
///   created, when the link points to a name that does not exist yet), the
///   link stays; a loop of links is an error.
/// - A character or block device, a FIFO or a socket (say `/dev/null`, or a
///   named pipe another program reads) is opened and written directly,
///   **not atomically**: it is never replaced by a regular file, and a
///   reader of a FIFO sees the bytes as they come.
/// - A temporary file left beside `path` by a process that no longer runs
///   (killed with SIGKILL, a power loss) is removed before the write (where
///   the system tells which processes run: Linux's `/proc`); one of a
///   running process is never touched, and no name is ever reused.
///
/// # Errors
///
/// [`Error::Io`] naming `path` and the step that failed: creating the
/// temporary file (e.g. a directory that does not exist), writing or
/// flushing it, or replacing `path` with it (e.g. `path` is a directory).
///
/// # Example
///
/// ```
/// let dir = std::env::temp_dir().join(format!("codecision-doc-write-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("note.txt");
/// codecision::write_file(&path, b"old")?;
/// codecision::write_file(&path, b"new")?;
/// assert_eq!(std::fs::read(&path).unwrap(), b"new");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target = through_links(path).map_err(|e| Error::io(path, e))?;
    if let Ok(meta) = fs::metadata(&target) {
        if is_special(&meta.file_type()) {
            return write_directly(&target, bytes).map_err(|e| Error::io(path, e));
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    remove_stale(&dir, &name);
    let tmp = create_temporary(&dir, &name).map_err(|e| Error::io(path, e))?;
    let tmp_path = tmp.path().to_path_buf();
    let result = write_then_rename(tmp, &target, bytes).map_err(|e| Error::io(path, e));
    forget(&tmp_path);
    result?;
    // Flushing the directory makes the rename durable; not every platform
    // lets a directory be opened, and the data is already safe on disk.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes the temporary files of the writes [`write_file`] has under way
/// in this process, leaving each target as it was. For a handler of SIGINT
/// or SIGTERM (the library installs none): call it, then exit.
///
/// ```
/// // Nothing is being written: nothing to do.
/// codecision::remove_unfinished_writes();
/// ```
pub fn remove_unfinished_writes() {
    let mut under_way = UNDER_WAY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for tmp in under_way.drain(..) {
        let _ = fs::remove_file(tmp);
    }
}

/// No longer under way (renamed, or removed by `tempfile` on failure).
fn forget(tmp: &Path) {
    let mut under_way = UNDER_WAY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    under_way.retain(|p| p != tmp);
}

/// The file a write to `path` should replace: the end of its chain of
/// symbolic links, followed as the system follows them (a relative link
/// from the link's own directory), whether or not that file exists yet;
/// `path` itself when it is no link. A chain longer than the system
/// follows (40 links, Linux's limit), a loop, is an error: replacing the
/// link it stopped at would break the chain.
fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..=40 {
        let Ok(target) = fs::read_link(&path) else {
            return Ok(path);
        };
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    Err(io::Error::other(
        "too many levels of symbolic links (a loop?): nothing was written",
    ))
}

/// A device, a FIFO or a socket: written in place, never replaced.
#[cfg(unix)]
fn is_special(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    kind.is_char_device() || kind.is_block_device() || kind.is_fifo() || kind.is_socket()
}

#[cfg(not(unix))]
fn is_special(_kind: &fs::FileType) -> bool {
    false
}

fn write_directly(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot open it for writing (a device or FIFO, written in place): {e}"),
        )
    })?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write to it: {e}")))
}

/// A new temporary file beside the target, `.NAME.PID.RANDOM.tmp`, noted as
/// under way.
fn create_temporary(dir: &Path, name: &str) -> io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.{}.", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // What `File::create` gives (the umask applies), not tempfile's 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Held while the file is made and noted, so an interrupt handler sees
    // every temporary file that exists.
    let mut under_way = UNDER_WAY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let tmp = builder.tempfile_in(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create a temporary file in {}: {e}", dir.display()),
        )
    })?;
    under_way.push(tmp.path().to_path_buf());
    Ok(tmp)
}

/// Writes, flushes and renames the temporary file over `target`; on failure
/// the temporary file is removed (by `tempfile`, when it is dropped).
fn write_then_rename(
    mut tmp: tempfile::NamedTempFile,
    target: &Path,
    bytes: &[u8],
) -> io::Result<()> {
    let shown = tmp.path().display().to_string();
    let fail = |what: &str, e: io::Error| {
        io::Error::new(e.kind(), format!("{what} the temporary file {shown}: {e}"))
    };
    if let Ok(old) = fs::metadata(target) {
        if old.is_file() {
            tmp.as_file()
                .set_permissions(old.permissions())
                .map_err(|e| fail("cannot set the permissions of", e))?;
        }
    }
    tmp.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("cannot flush", e))?;
    tmp.persist(target).map(drop).map_err(|e| {
        // Dropping the file the error gives back removes it.
        drop(e.file);
        io::Error::new(
            e.error.kind(),
            format!(
                "cannot replace it with the new content: {} (left as it was)",
                e.error
            ),
        )
    })
}

/// Removes the temporary files `.NAME.PID.RANDOM.tmp` in `dir` (exactly:
/// see [`writer_of`]) of processes that no longer run. Best effort: nothing is removed where the system does not
/// tell which processes run, and a failure to remove is no reason to fail
/// the write.
fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(writer_of)
        else {
            continue;
        };
        if is_gone(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in `PID.RANDOM`, the part of a temporary name between
/// `.NAME.` and `.tmp`: digits, a dot, letters and digits, and nothing
/// else. Anything more is another target's name: `.a.2024.PID.RANDOM.tmp`
/// is a write to `a.2024`, not one to `a` by process 2024.
fn writer_of(rest: &str) -> Option<u32> {
    let (pid, random) = rest.split_once('.')?;
    let is_random = !random.is_empty() && random.bytes().all(|b| b.is_ascii_alphanumeric());
    let is_pid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if is_random && is_pid {
        pid.parse().ok()
    } else {
        None
    }
}

/// Whether process `pid` is known to have ended.
#[cfg(target_os = "linux")]
fn is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    pid != std::process::id() && proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn is_gone(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_ended_processes_for_this_target_are_stale() {
        let dir = std::env::temp_dir().join(format!("codecision-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // A process id above Linux's largest (4194304) never runs.
        let dead = ".r.json.4194399.AbCdEf.tmp";
        let mine = format!(".r.json.{}.0.tmp", std::process::id());
        let other_name = ".s.json.4194399.AbCdEf.tmp";
        let not_ours = ".r.json.notapid.tmp";
        // A live write to `r.json.4194399` (its pid is this process).
        let longer_name = format!(".r.json.4194399.{}.AbCdEf.tmp", std::process::id());
        for n in [dead, &mine, other_name, not_ours, &longer_name] {
            fs::write(dir.join(n), "x").unwrap();
        }
        remove_stale(&dir, "r.json");
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec![
            mine.clone(),
            other_name.to_string(),
            not_ours.to_string(),
            longer_name.clone(),
        ];
        if !cfg!(target_os = "linux") {
            expected.push(dead.to_string());
        }
        expected.sort();
        assert_eq!(left, expected);
        fs::remove_dir_all(&dir).unwrap();
    }
}
