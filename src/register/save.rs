//! Atomic replacement of a file on disk.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

/// Writes `bytes` to `path` so that readers see the old content or the new,
/// never a mix: a temporary file in the same directory (so the rename stays
/// on one file system), written and flushed to disk, then renamed over
/// `path`, then the directory flushed so the rename itself survives a crash.
/// On any failure the temporary file is removed and `path` is untouched.
///
/// The new file keeps the permissions of the one it replaces; a symbolic
/// link is written through (its target is replaced, the link stays). A
/// process killed while writing (SIGKILL, power loss) leaves `path` as it
/// was, and may leave its temporary file, `.NAME.PID.N.tmp`, beside it: it
/// is never read, and a later write picks another name.
///
/// # Errors
///
/// [`Error::Io`] naming the path that failed.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target = through_links(path);
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, file) = create_temporary(&dir, &target).map_err(|e| Error::io(path, e))?;
    let result = write_then_rename(file, &tmp, &target, bytes).map_err(|e| Error::io(path, e));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    // Flushing the directory makes the rename durable; not every platform
    // lets a directory be opened, and the data is already safe on disk.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file a write to `path` should replace: the target of a symbolic link
/// (when it resolves), else `path` itself.
fn through_links(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn write_then_rename(mut file: File, tmp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let fail = |what: &str, e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("{what} the temporary file {}: {e}", tmp.display()),
        )
    };
    if let Ok(old) = fs::metadata(path) {
        if old.is_file() {
            file.set_permissions(old.permissions())
                .map_err(|e| fail("cannot set the permissions of", e))?;
        }
    }
    file.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    file.sync_all().map_err(|e| fail("cannot flush", e))?;
    drop(file);
    fs::rename(tmp, path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot replace it with the new content: {e} (left as it was)"),
        )
    })
}

/// Creates a new temporary file beside `path`. A name already taken (a file
/// left by a process that was killed and had the same process id) is passed
/// over, never opened.
fn create_temporary(dir: &Path, path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let mut attempts = 0;
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 1000 => {
                attempts += 1;
            }
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                ));
            }
        }
    }
}
