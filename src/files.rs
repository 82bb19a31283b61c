//! Files read through a limit and written whole.
//!
//! A device, a pipe or a sparse file reports a size that says nothing of what reading it gives
//! (`/dev/zero` is empty to `stat` and endless to `read`), so the limit is on the bytes read, and
//! a text's first bytes are checked for NUL before the rest is read at all. A file is written
//! aside and renamed over its name, so that a full disk or a crash never leaves half of it, and
//! someone reading the folder meanwhile sees the old file or the new one.

use std::io::{self, Read, Write};
use std::path::Path;

/// How much of a file is looked at for NUL bytes before the rest is read.
const SNIFF_BYTES: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("larger than {} MB, the most gloss reads of such a file", .limit / 1_000_000)]
    TooLarge { limit: u64 },
    /// A text was asked for and the file starts with NUL bytes.
    #[error("binary")]
    Binary,
    /// A device, a pipe, a socket, a folder, or (where links are not followed) a link.
    #[error("not a regular file")]
    NotRegular,
}

/// Reads the file at `path`, at most `limit` bytes of it; with `text`, refuses at once a file
/// whose first bytes hold a NUL (a binary file, a device of zeros, a sparse file).
pub fn read(path: &Path, limit: u64, text: bool) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    // A regular file over the limit is refused before a byte of it is read.
    if metadata.is_file() && metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    // Otherwise the size is a hint for the buffer only: it may be 0 (a device) or a lie (a
    // sparse file, refused below by its first bytes, which are NUL).
    let hint = metadata.len().min(limit) as usize;
    let mut bytes = Vec::with_capacity(hint);
    let mut reader = file.take(limit + 1);
    if text {
        (&mut reader)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut bytes)?;
        if bytes.contains(&0) {
            return Err(ReadError::Binary);
        }
    }
    reader.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads the regular file at `path`, at most `limit` bytes of it, never blocking on what is not
/// one: the file is opened without waiting for a pipe's writer and, unless `follow_links`, without
/// following a link, and refused unless what was opened is a regular file. A shared folder is
/// written by others: a link in it to `/dev/tty` or a pipe named `x.json` must not hang a sync.
pub fn read_regular(path: &Path, limit: u64, follow_links: bool) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, follow_links)?;
    if len > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The first `n` bytes of the regular file at `path` (links followed), opened as
/// [`read_regular`] opens it: an image's header, which says its size.
pub fn read_regular_head(path: &Path, n: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, true)?;
    let mut bytes = Vec::with_capacity(len.min(n) as usize);
    file.take(n).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The file at `path` and its length, if it is a regular file (see [`read_regular`]).
fn open_regular(path: &Path, follow_links: bool) -> Result<(std::fs::File, u64), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = if follow_links { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | no_follow);
    }
    let file = options.open(path).map_err(|err| {
        // O_NOFOLLOW on a link fails with ELOOP: say what it is.
        #[cfg(unix)]
        if err.raw_os_error() == Some(libc::ELOOP) {
            return ReadError::NotRegular;
        }
        ReadError::Io(err)
    })?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, metadata.len()))
}

/// The first `n` bytes of the file at `path` (all of it, if it is shorter): a long text's
/// beginning, read before the rest.
pub fn read_start(path: &Path, n: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(n);
    std::fs::File::open(path)?
        .take(n as u64)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// At most `n` bytes of the file at `path` from byte `offset`: a part of a long text.
pub fn read_at(path: &Path, offset: u64, n: usize) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// KOReader's identity of a book's file (`partial_md5_checksum` in its sidecars): the MD5 of
/// 1 KiB at offsets 0 and 1 KiB × 4^i for i in 0..=10, as far as the file goes. A regular file
/// only (never a pipe or a device); 12 KiB read at most.
pub fn partial_md5(path: &Path) -> Result<String, ReadError> {
    use md5::Digest;
    use std::io::{Seek, SeekFrom};
    let (mut file, len) = open_regular(path, true)?;
    let mut md5 = md5::Md5::new();
    let offsets = std::iter::once(0).chain((0..=10).map(|i| 1024u64 << (2 * i)));
    let mut sample = Vec::with_capacity(1024);
    for offset in offsets.take_while(|&o| o < len) {
        file.seek(SeekFrom::Start(offset))?;
        sample.clear();
        (&mut file).take(1024).read_to_end(&mut sample)?;
        md5.update(&sample);
    }
    Ok(md5.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes `bytes` to `path` whole, or leaves whatever was there untouched.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            Err(err)
        }
    }
}

/// Text made safe for a file name: its words, lowercase, joined by `-`, at most 60 characters
/// (`The Russian Revolution` -> `the-russian-revolution`); empty if it has no letters or digits.
pub fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let slug: String = words.join("-").chars().take(60).collect();
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_sparse_files_are_read_through_the_limit() {
        if Path::new("/dev/zero").exists() {
            assert!(matches!(
                read(Path::new("/dev/zero"), 1 << 20, true),
                Err(ReadError::Binary)
            ));
            assert!(matches!(
                read(Path::new("/dev/zero"), 1 << 20, false),
                Err(ReadError::TooLarge { .. })
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let sparse = dir.path().join("sparse.txt");
        let file = std::fs::File::create(&sparse).unwrap();
        file.set_len(1 << 30).unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(
            read(&sparse, 1 << 30, true),
            Err(ReadError::Binary)
        ));
        assert!(
            started.elapsed().as_secs() < 2,
            "refused before reading it all"
        );
        // Past the limit, a file is refused by its size, before any of it is read.
        file.set_len(1_100_000_000).unwrap();
        let started = std::time::Instant::now();
        for text in [true, false] {
            assert!(matches!(
                read(&sparse, 1_000_000_000, text),
                Err(ReadError::TooLarge { .. })
            ));
        }
        assert!(started.elapsed().as_millis() < 100, "refused at once");
        let small = dir.path().join("small.txt");
        write_whole(&small, b"old").unwrap();
        // A write that fails (here: into a folder that is in the way) leaves the old file.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        assert!(write_whole(&blocked, b"new").is_err());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            3,
            "no partial left"
        );
        std::fs::write(&small, "text").unwrap();
        assert_eq!(read(&small, 4, true).unwrap(), b"text");
        assert!(matches!(
            read(&small, 3, true),
            Err(ReadError::TooLarge { limit: 3 })
        ));
    }
}
