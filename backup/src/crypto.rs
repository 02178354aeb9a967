//! Encryption at rest: everything written to a target with a passphrase is sealed.
//!
//! - The passphrase gives the target's master key through Argon2id, with the salt and cost kept
//!   in the target's header beside a check value, so a wrong passphrase is told at once.
//! - A file is sealed in chunks of [`CHUNK`] bytes with AES-256-GCM, each with its 16-byte tag;
//!   the chunk's index is its nonce, so chunks cannot be reordered, and the last chunk is marked,
//!   so a file cannot be cut short unnoticed.
//! - Each file has its own key, derived from the master key and the file's context (a blob's
//!   content checksum, or a backup id and file name). Sealing is therefore deterministic: a
//!   blob sealed twice gives the same bytes, which lets an interrupted upload resume.
//! - Blob names are keyed hashes of their checksums, so the target does not reveal which files
//!   it holds.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::{Error, Result};

/// Plaintext bytes per sealed chunk.
pub const CHUNK: usize = 1 << 20;
/// Bytes a chunk grows by when sealed.
pub const TAG: usize = 16;

/// How the master key is derived from the passphrase; kept in the target's header.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyDerivation {
    /// Always `argon2id`.
    pub kdf: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Base64.
    pub salt: String,
    /// Base64 of a keyed hash made with the master key: tells a wrong passphrase.
    pub check: String,
}

/// The master key of a target.
pub struct Sealer {
    master: [u8; 32],
}

impl Sealer {
    /// A new key for a target that has none yet: a random salt, and the check value.
    pub fn create(passphrase: &str) -> Result<(Sealer, KeyDerivation)> {
        let salt: [u8; 16] = rand::random();
        let mut derivation = KeyDerivation {
            kdf: "argon2id".into(),
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
            salt: BASE64.encode(salt),
            check: String::new(),
        };
        let sealer = Sealer::derive(passphrase, &derivation)?;
        derivation.check = BASE64.encode(sealer.keyed(b"hearth-backup key check", &[]));
        Ok((sealer, derivation))
    }

    /// The key of an existing target; a passphrase that does not match is an error.
    pub fn open(passphrase: &str, derivation: &KeyDerivation) -> Result<Sealer> {
        let sealer = Sealer::derive(passphrase, derivation)?;
        let check = BASE64.encode(sealer.keyed(b"hearth-backup key check", &[]));
        if check != derivation.check {
            return Err(Error::Invalid(
                "the backup passphrase does not match the one this target's backups were made \
                 with; use that passphrase, or a new target for a new one"
                    .into(),
            ));
        }
        Ok(sealer)
    }

    fn derive(passphrase: &str, d: &KeyDerivation) -> Result<Sealer> {
        if passphrase.is_empty() {
            return Err(Error::Invalid("the backup passphrase is empty".into()));
        }
        let bad = |what: &str| Error::Corrupt(format!("the target's key derivation {what}"));
        if d.kdf != "argon2id" {
            return Err(bad("is not argon2id"));
        }
        // Bounds keep a tampered header from asking for gigabytes or hours.
        if !(8 * 1024..=1024 * 1024).contains(&d.memory_kib)
            || !(1..=16).contains(&d.iterations)
            || !(1..=8).contains(&d.parallelism)
        {
            return Err(bad("has costs out of range"));
        }
        let salt = BASE64.decode(&d.salt).map_err(|_| bad("has a bad salt"))?;
        let params = argon2::Params::new(d.memory_kib, d.iterations, d.parallelism, Some(32))
            .map_err(|_| bad("has bad costs"))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut master = [0u8; 32];
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, &mut master)
            .map_err(|_| bad("cannot be used"))?;
        Ok(Sealer { master })
    }

    fn keyed(&self, purpose: &[u8], data: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.master).expect("any key length");
        mac.update(purpose);
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// The stored name of the blob whose plaintext has this SHA-256.
    pub fn blob_name(&self, sha256: &[u8; 32]) -> String {
        hex(&self.keyed(b"hearth-backup blob name", sha256))
    }

    /// The key of one file, from what identifies it.
    pub fn file_key(&self, context: &[u8]) -> FileKey {
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(None, &self.master)
            .expand_multi_info(&[b"hearth-backup file key", context], &mut key)
            .expect("32 bytes is a valid length");
        FileKey(Aes256Gcm::new(&key.into()))
    }
}

/// Seals and opens the chunks of one file.
pub struct FileKey(Aes256Gcm);

impl FileKey {
    fn nonce(index: u64, last: bool) -> Nonce<aes_gcm::aead::consts::U12> {
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&index.to_be_bytes());
        nonce[11] = u8::from(last);
        nonce.into()
    }

    /// Seals chunk `index` in place (it grows by [`TAG`]).
    pub fn seal(&self, index: u64, last: bool, chunk: &mut Vec<u8>) {
        self.0
            .encrypt_in_place(&Self::nonce(index, last), b"", chunk)
            .expect("a chunk is far below AES-GCM's limit");
    }

    /// Opens chunk `index` in place; a changed byte, a moved chunk or a cut file fails.
    pub fn open(&self, index: u64, last: bool, chunk: &mut Vec<u8>) -> Result<()> {
        self.0
            .decrypt_in_place(&Self::nonce(index, last), b"", chunk)
            .map_err(|_| Error::Corrupt(format!("sealed chunk {index} does not authenticate")))
    }
}

/// Seals a whole small file (manifests), chunk by chunk.
pub fn seal_all(key: &FileKey, plain: &[u8]) -> Vec<u8> {
    let count = chunks(plain.len() as u64);
    let mut out = Vec::with_capacity(sealed_len(plain.len() as u64) as usize);
    for index in 0..count {
        let start = index as usize * CHUNK;
        let mut chunk = plain[start..(start + CHUNK).min(plain.len())].to_vec();
        key.seal(index, index + 1 == count, &mut chunk);
        out.extend_from_slice(&chunk);
    }
    out
}

/// Opens a whole small sealed file.
pub fn open_all(key: &FileKey, sealed: &[u8]) -> Result<Vec<u8>> {
    let plain = plain_len(sealed.len() as u64)
        .ok_or_else(|| Error::Corrupt("a sealed file has an impossible size".into()))?;
    let count = chunks(plain);
    let mut out = Vec::with_capacity(plain as usize);
    for (index, chunk) in sealed.chunks(CHUNK + TAG).enumerate() {
        let mut chunk = chunk.to_vec();
        key.open(index as u64, index as u64 + 1 == count, &mut chunk)?;
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// How many chunks a plaintext of `len` bytes is sealed in (an empty file is one empty chunk).
pub fn chunks(len: u64) -> u64 {
    len.div_ceil(CHUNK as u64).max(1)
}

/// The size of `len` plaintext bytes once sealed.
pub fn sealed_len(len: u64) -> u64 {
    len + chunks(len) * TAG as u64
}

/// The plaintext size of a sealed file of `len` bytes, if that is a possible sealed size.
pub fn plain_len(len: u64) -> Option<u64> {
    let chunk = (CHUNK + TAG) as u64;
    let full = len / chunk;
    let rest = len % chunk;
    let plain = match (full, rest) {
        (0, r) if r >= TAG as u64 => r - TAG as u64,
        (n, 0) if n > 0 => n * CHUNK as u64,
        (n, r) if r > TAG as u64 => n * CHUNK as u64 + r - TAG as u64,
        _ => return None,
    };
    (sealed_len(plain) == len).then_some(plain)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Parses 64 hex digits.
pub fn parse_sha256(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(passphrase: &str) -> (Sealer, KeyDerivation) {
        Sealer::create(passphrase).unwrap()
    }

    #[test]
    fn a_wrong_passphrase_is_told() {
        let (_, derivation) = quick("correct horse");
        assert!(Sealer::open("correct horse", &derivation).is_ok());
        let err = Sealer::open("wrong horse", &derivation).err().unwrap();
        assert!(err.to_string().contains("does not match"), "{err}");
    }

    #[test]
    fn chunks_open_only_in_place_and_unchanged() {
        let (sealer, _) = quick("pass");
        let key = sealer.file_key(b"ctx");
        let mut chunk = b"hello".to_vec();
        key.seal(3, true, &mut chunk);
        assert_eq!(chunk.len(), 5 + TAG);
        let mut moved = chunk.clone();
        assert!(key.open(2, true, &mut moved).is_err());
        let mut not_last = chunk.clone();
        assert!(key.open(3, false, &mut not_last).is_err());
        let mut flipped = chunk.clone();
        flipped[0] ^= 1;
        assert!(key.open(3, true, &mut flipped).is_err());
        assert!(
            sealer
                .file_key(b"other")
                .open(3, true, &mut chunk.clone())
                .is_err()
        );
        key.open(3, true, &mut chunk).unwrap();
        assert_eq!(chunk, b"hello");
    }

    #[test]
    fn whole_files_seal_and_open() {
        let (sealer, _) = quick("pass");
        let key = sealer.file_key(b"manifest");
        for len in [0, 10, CHUNK + 5] {
            let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let sealed = seal_all(&key, &plain);
            assert_eq!(sealed.len() as u64, sealed_len(len as u64));
            assert_eq!(open_all(&key, &sealed).unwrap(), plain);
            if len > CHUNK {
                let cut = &sealed[..CHUNK + TAG];
                assert!(
                    open_all(&key, cut).is_err(),
                    "a file cut at a chunk boundary is caught"
                );
            }
        }
    }

    #[test]
    fn sealed_sizes_round_trip() {
        for len in [
            0,
            1,
            CHUNK as u64 - 1,
            CHUNK as u64,
            CHUNK as u64 + 1,
            5 * CHUNK as u64,
        ] {
            assert_eq!(plain_len(sealed_len(len)), Some(len), "{len}");
        }
        assert_eq!(plain_len(3), None);
    }

    #[test]
    fn blob_names_depend_on_the_key() {
        let (a, _) = quick("a");
        let (b, _) = quick("a");
        let sum = [7u8; 32];
        assert_ne!(a.blob_name(&sum), b.blob_name(&sum), "salts differ");
        assert_eq!(a.blob_name(&sum), a.blob_name(&sum));
        assert_eq!(parse_sha256(&hex(&sum)), Some(sum));
    }
}
