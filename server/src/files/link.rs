//! Public file links: `/files/{id}/public?h=<hash>`, where the hash is an HMAC-SHA256 of the file
//! id under a server key kept in the data directory (0600), so links cannot be forged or guessed
//! and all of them can be revoked by deleting the key.

use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct LinkKey([u8; KEY_BYTES]);

impl LinkKey {
    /// Reads the key at `path`, or makes a random one there on first start.
    pub fn load_or_create(path: &Path) -> io::Result<LinkKey> {
        match std::fs::read(path) {
            Ok(bytes) => bytes.try_into().map(LinkKey).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} is not a {KEY_BYTES}-byte key", path.display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let mut key = [0; KEY_BYTES];
                rand::rng().fill_bytes(&mut key);
                use std::io::Write;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)?
                    .write_all(&key)?;
                Ok(LinkKey(key))
            }
            Err(e) => Err(e),
        }
    }

    fn mac(&self, file_id: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(file_id.as_bytes());
        mac
    }

    /// The `h` parameter of `file_id`'s public link.
    pub fn sign(&self, file_id: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(file_id).finalize().into_bytes())
    }

    /// Whether `hash` is `file_id`'s signature (compared in constant time).
    pub fn verify(&self, file_id: &str, hash: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(hash)
            .is_ok_and(|bytes| self.mac(file_id).verify_slice(&bytes).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_their_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let key = LinkKey::load_or_create(&path).unwrap();
        let again = LinkKey::load_or_create(&path).unwrap();
        let h = key.sign("file1");
        assert!(again.verify("file1", &h));
        assert!(!key.verify("file2", &h));
        assert!(!key.verify("file1", "not base64!"));
        let other = LinkKey::load_or_create(&dir.path().join("other")).unwrap();
        assert!(!other.verify("file1", &h));
    }
}
