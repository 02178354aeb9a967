//! Streaming files to and from a target, sealing and checking on the way, in chunks of
//! [`CHUNK`] so memory stays flat whatever the file's size.
//!
//! Sending writes `<name>.part`, resumes an existing `.part` from where it ends (a sealed file
//! from its last whole chunk), checks the size the target holds (and, after a resume, re-reads
//! and checks the whole file there), and only then renames it to its name. Over SFTP a failed
//! send reconnects and resumes, a few times, before giving up.

use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::crypto::{CHUNK, FileKey, TAG, chunks, plain_len, sealed_len};
use crate::layout;
use crate::progress::Tracker;
use crate::target::Target;
use crate::{Error, Result};

/// Attempts at sending one file over a network before the backup fails.
const ATTEMPTS: u32 = 6;

/// What a local file should be.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    pub size: u64,
    pub sha256: [u8; 32],
}

/// The outcome of sending one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// The file is at the target; this many of its bytes were sent now (less after a resume).
    Stored { bytes: u64 },
    /// The local file no longer matches what was expected (deleted or changed meanwhile).
    Changed,
}

/// Sends `local` to `remote` at the target, sealed with `key` if given.
pub async fn send(
    target: &Target,
    local: &Path,
    remote: &str,
    expected: Expected,
    key: Option<&FileKey>,
    tracker: &Tracker,
) -> Result<Sent> {
    let mut attempt = 0;
    loop {
        let outcome = send_once(target, local, remote, expected, key, tracker).await;
        match outcome {
            Err(Error::Target { message, .. }) if target.is_remote() && attempt + 1 < ATTEMPTS => {
                attempt += 1;
                let wait = Duration::from_secs(1 << attempt);
                tracing::warn!(file = remote, error = %message, attempt, wait_secs = wait.as_secs(), "sending to the backup server failed; reconnecting to resume");
                tokio::time::sleep(wait).await;
                if let Err(e) = target.reconnect().await {
                    tracing::warn!(error = %e, "reconnecting to the backup server failed");
                }
            }
            other => return other,
        }
    }
}

async fn send_once(
    target: &Target,
    local: &Path,
    remote: &str,
    expected: Expected,
    key: Option<&FileKey>,
    tracker: &Tracker,
) -> Result<Sent> {
    let part = layout::part(remote);
    let stored_total = if key.is_some() {
        sealed_len(expected.size)
    } else {
        expected.size
    };
    let existing = target.size(&part).await?.unwrap_or(0);
    let (plain_offset, stored_offset) = if key.is_some() {
        let whole = (existing / (CHUNK + TAG) as u64).min(chunks(expected.size) - 1);
        (whole * CHUNK as u64, whole * (CHUNK + TAG) as u64)
    } else {
        let offset = existing.min(expected.size);
        (offset, offset)
    };
    let mut file = match tokio::fs::File::open(local).await {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sent::Changed),
        Err(e) => return Err(Error::io(format!("reading {}", local.display()))(e)),
    };
    let read_error = |e: std::io::Error| Error::io(format!("reading {}", local.display()))(e);
    let mut hasher = Sha256::new();
    let mut buf = Vec::with_capacity(CHUNK + TAG);
    // The part already at the target came from this file: its prefix goes into the checksum.
    let mut prefix = (&mut file).take(plain_offset);
    let mut block = vec![0u8; CHUNK];
    loop {
        let n = prefix.read(&mut block).await.map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    if stored_offset > 0 {
        tracing::info!(
            file = remote,
            from_byte = stored_offset,
            "resuming an interrupted transfer"
        );
    }
    let mut writer = target.writer(&part, stored_offset).await?;
    let write_error = |e: std::io::Error| target.error(format!("writing {part}: {e}"));
    let mut index = plain_offset / CHUNK as u64;
    let mut remaining = expected.size - plain_offset;
    loop {
        let want = remaining.min(CHUNK as u64) as usize;
        buf.resize(want, 0);
        match file.read_exact(&mut buf).await {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(Sent::Changed),
            Err(e) => return Err(read_error(e)),
        }
        hasher.update(&buf);
        remaining -= want as u64;
        if let Some(key) = key {
            key.seal(index, remaining == 0, &mut buf);
        }
        writer.write_all(&buf).await.map_err(write_error)?;
        tracker.add_bytes(want as u64);
        index += 1;
        if remaining == 0 {
            break;
        }
    }
    writer.shutdown().await.map_err(write_error)?;
    drop(writer);
    if <[u8; 32]>::from(hasher.finalize()) != expected.sha256 {
        target.remove(&part).await?;
        return Ok(Sent::Changed);
    }
    let stored = target.size(&part).await?;
    if stored != Some(stored_total) {
        return Err(target.error(format!(
            "{part} holds {stored:?} bytes after writing, not {stored_total}"
        )));
    }
    if stored_offset > 0 {
        // The resumed-from bytes were written by an earlier run: check them where they are.
        let (size, sha256) = receive(target, &part, key, &mut tokio::io::sink(), None).await?;
        if size != expected.size || sha256 != expected.sha256 {
            target.remove(&part).await?;
            return Err(target.error(format!(
                "{part} did not check out after resuming; it will be sent again"
            )));
        }
    }
    target.rename(&part, remote).await?;
    Ok(Sent::Stored {
        bytes: expected.size - plain_offset,
    })
}

/// Reads `remote` from the target into `sink`, opening it with `key` if given; returns the
/// plaintext size and SHA-256. Sealed chunks that do not authenticate are an error.
pub async fn receive(
    target: &Target,
    remote: &str,
    key: Option<&FileKey>,
    sink: &mut (dyn AsyncWrite + Unpin + Send),
    tracker: Option<&Tracker>,
) -> Result<(u64, [u8; 32])> {
    let stored = target
        .size(remote)
        .await?
        .ok_or_else(|| Error::Corrupt(format!("{remote} is missing at the target")))?;
    let plain_total = match key {
        Some(_) => plain_len(stored).ok_or_else(|| {
            Error::Corrupt(format!("{remote} has an impossible size for a sealed file"))
        })?,
        None => stored,
    };
    let mut reader = target.reader(remote, 0).await?;
    let read_error = |e: std::io::Error| target.error(format!("reading {remote}: {e}"));
    let write_error = |source| Error::Io {
        what: format!("writing what was read from {remote}"),
        source,
    };
    let mut hasher = Sha256::new();
    let mut buf = Vec::with_capacity(CHUNK + TAG);
    let count = chunks(plain_total);
    let mut remaining = plain_total;
    for index in 0..count {
        let plain = remaining.min(CHUNK as u64) as usize;
        let stored_len = plain + if key.is_some() { TAG } else { 0 };
        buf.resize(stored_len, 0);
        reader.read_exact(&mut buf).await.map_err(read_error)?;
        if let Some(key) = key {
            key.open(index, index + 1 == count, &mut buf)
                .map_err(|e| Error::Corrupt(format!("{remote}: {e}")))?;
        }
        hasher.update(&buf);
        sink.write_all(&buf).await.map_err(write_error)?;
        if let Some(tracker) = tracker {
            tracker.add_bytes(plain as u64);
        }
        remaining -= plain as u64;
    }
    sink.flush().await.map_err(write_error)?;
    Ok((plain_total, hasher.finalize().into()))
}
