//! Web Push to browsers with no vendor relay: the server's VAPID key pair (RFC 8292, made on first
//! start and kept 0600 in the data dir), message encryption (RFC 8291, `aes128gcm` of RFC 8188),
//! and delivery to a subscription's push service (RFC 8030).

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hkdf::Hkdf;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use p256::{PublicKey, SecretKey};
use rand::RngCore;
use sha2::Sha256;

use super::Failure;
use crate::store::WebPushSubscription;

/// The key file's name inside the data directory.
pub const VAPID_KEY_FILE: &str = "webpush_vapid_key.pem";
/// One record holds the whole message; push services accept at least 4096 bytes of body.
const RECORD_SIZE: u32 = 4096;
/// Bytes of JSON one push may carry (the record less the delimiter, tag and header).
pub const MAX_PLAINTEXT: usize = 3000;
/// How long a push service keeps an undelivered message, in seconds.
const TTL_SECONDS: &str = "86400";

/// The server's VAPID identity.
pub struct Vapid {
    key: SigningKey,
    /// The uncompressed public key, base64url: what browsers pass as `applicationServerKey`.
    pub public_key: String,
}

impl Vapid {
    /// Loads the key pair from `dir`, or makes one and saves it (mode 0600) on first start.
    pub fn load_or_create(dir: &Path) -> std::io::Result<Vapid> {
        let path = dir.join(VAPID_KEY_FILE);
        let secret = match std::fs::read_to_string(&path) {
            Ok(pem) => SecretKey::from_pkcs8_pem(&pem)
                .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
                let pem = secret
                    .to_pkcs8_pem(LineEnding::LF)
                    .map_err(std::io::Error::other)?;
                use std::os::unix::fs::OpenOptionsExt;
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)?;
                file.write_all(pem.as_bytes())?;
                tracing::info!(path = %path.display(), "made the Web Push (VAPID) key pair");
                secret
            }
            Err(e) => return Err(e),
        };
        let public_key = B64.encode(secret.public_key().to_encoded_point(false).as_bytes());
        Ok(Vapid {
            key: SigningKey::from(secret),
            public_key,
        })
    }

    /// Signs `message` with the server's key (base64url), e.g. for unsubscribe links.
    pub fn sign(&self, message: &[u8]) -> String {
        let signature: Signature = self.key.sign(message);
        B64.encode(signature.to_bytes())
    }

    /// Whether `signature` is [`Vapid::sign`] of `message`.
    pub fn verify(&self, message: &[u8], signature: &str) -> bool {
        use p256::ecdsa::signature::Verifier;
        let Ok(bytes) = B64.decode(signature.trim_end_matches('=')) else {
            return false;
        };
        Signature::from_slice(&bytes)
            .is_ok_and(|sig| self.key.verifying_key().verify(message, &sig).is_ok())
    }

    /// `Authorization: vapid t=<JWT>, k=<public key>` for a push service at `audience`
    /// (the endpoint's origin), valid for 12 hours, naming `subject` as the contact.
    fn authorization(&self, audience: &str, subject: &str, now_secs: i64) -> String {
        let header = B64.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims =
            serde_json::json!({"aud": audience, "exp": now_secs + 12 * 3600, "sub": subject});
        let claims = B64.encode(claims.to_string());
        let signing_input = format!("{header}.{claims}");
        let signature: Signature = self.key.sign(signing_input.as_bytes());
        let jwt = format!("{signing_input}.{}", B64.encode(signature.to_bytes()));
        format!("vapid t={jwt}, k={}", self.public_key)
    }
}

/// Why a subscription's keys cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct BadKeys;

/// Checks and decodes a subscription's `p256dh` (a P-256 point) and `auth` (16 bytes).
pub fn decode_keys(p256dh: &str, auth: &str) -> Result<(PublicKey, [u8; 16]), BadKeys> {
    let point = B64
        .decode(p256dh.trim_end_matches('='))
        .map_err(|_| BadKeys)?;
    let key = PublicKey::from_sec1_bytes(&point).map_err(|_| BadKeys)?;
    let auth = B64
        .decode(auth.trim_end_matches('='))
        .map_err(|_| BadKeys)?;
    Ok((key, auth.try_into().map_err(|_| BadKeys)?))
}

/// Encrypts `plaintext` for a browser (RFC 8291): an ephemeral ECDH key with the browser's key,
/// mixed with its auth secret, gives the content key; the body is one `aes128gcm` record whose
/// header carries the salt and the ephemeral public key.
pub fn encrypt(ua_public: &PublicKey, auth: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    let ephemeral =
        p256::ecdh::EphemeralSecret::random(&mut p256::elliptic_curve::rand_core::OsRng);
    let as_public = ephemeral.public_key().to_encoded_point(false);
    let ua_bytes = ua_public.to_encoded_point(false);
    let shared = ephemeral.diffie_hellman(ua_public);

    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(ua_bytes.as_bytes());
    key_info.extend_from_slice(as_public.as_bytes());
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes())
        .expand(&key_info, &mut ikm)
        .expect("32 bytes is a valid HKDF length");

    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let prk = Hkdf::<Sha256>::new(Some(&salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .expect("16 bytes is a valid HKDF length");
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .expect("12 bytes is a valid HKDF length");

    // One record, so it is the last: the delimiter 0x02 ends the plaintext.
    let mut record = plaintext.to_vec();
    record.push(2);
    let sealed = Aes128Gcm::new_from_slice(&cek)
        .expect("16-byte key")
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .expect("AES-GCM encrypts any length we send");

    let mut body = salt.to_vec();
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(as_public.as_bytes().len() as u8);
    body.extend_from_slice(as_public.as_bytes());
    body.extend_from_slice(&sealed);
    body
}

/// Whether `endpoint` may receive pushes: `https` on a public address, or anything with
/// `allow_insecure` (tests and closed networks). Keeps subscriptions from aiming the server at
/// internal services.
pub fn endpoint_allowed(endpoint: &str, allow_insecure: bool) -> bool {
    let Ok(url) = reqwest::Url::parse(endpoint) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    if allow_insecure {
        return matches!(url.scheme(), "https" | "http");
    }
    let internal = match host.trim_matches(['[', ']']).parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        Ok(IpAddr::V6(ip)) => ip.is_loopback() || ip.is_unspecified() || ip.is_unique_local(),
        Err(_) => host == "localhost" || host.ends_with(".localhost") || !host.contains('.'),
    };
    url.scheme() == "https" && !internal
}

/// Where to send and how to sign a push.
pub struct PushTarget<'a> {
    pub client: &'a reqwest::Client,
    pub vapid: &'a Vapid,
    /// The VAPID `sub` claim: a `mailto:` or `https:` contact for the push service.
    pub subject: &'a str,
    pub allow_insecure: bool,
}

/// Whether the push service still knows the subscription after a delivery.
pub enum Outcome {
    Delivered,
    /// 404 or 410: the browser unsubscribed; forget the subscription.
    Gone,
}

/// Encrypts `payload` for `sub` and posts it to the subscription's push service.
pub async fn send(
    target: &PushTarget<'_>,
    sub: &WebPushSubscription,
    payload: &[u8],
    now_secs: i64,
) -> Result<Outcome, Failure> {
    const HINT: &str = "check that the server can reach the browser's push service over HTTPS";
    if !endpoint_allowed(&sub.endpoint, target.allow_insecure) {
        return Err(Failure::permanent("endpoint not allowed", HINT));
    }
    let url = reqwest::Url::parse(&sub.endpoint)
        .map_err(|_| Failure::permanent("endpoint is not a URL", HINT))?;
    let (ua_public, auth) = decode_keys(&sub.p256dh, &sub.auth)
        .map_err(|_| Failure::permanent("subscription keys are invalid", HINT))?;
    let body = encrypt(&ua_public, &auth, payload);
    let audience = url.origin().ascii_serialization();
    let response = target
        .client
        .post(url)
        .header(
            "Authorization",
            target
                .vapid
                .authorization(&audience, target.subject, now_secs),
        )
        .header("TTL", TTL_SECONDS)
        .header("Urgency", "high")
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .map_err(|e| Failure::retry(format!("push service unreachable: {e}"), HINT))?;
    let status = response.status();
    match status.as_u16() {
        200..=299 => Ok(Outcome::Delivered),
        404 | 410 => Ok(Outcome::Gone),
        429 | 500..=599 => Err(Failure::retry(
            format!("push service answered {status}"),
            HINT,
        )),
        _ => {
            let detail = crate::app::outbound::read_limited(response, 512).await;
            Err(Failure::permanent(
                format!("push service refused the message with {status}: {detail}"),
                "the push service rejected our VAPID signature or message; check the server's clock and the VAPID key file",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_https_endpoints_by_default() {
        assert!(endpoint_allowed(
            "https://fcm.googleapis.com/fcm/send/abc",
            false
        ));
        assert!(!endpoint_allowed(
            "http://fcm.googleapis.com/fcm/send/abc",
            false
        ));
        assert!(!endpoint_allowed("https://127.0.0.1:8443/push", false));
        assert!(!endpoint_allowed("https://10.0.0.5/push", false));
        assert!(!endpoint_allowed("https://localhost/push", false));
        assert!(!endpoint_allowed("https://[::1]/push", false));
        assert!(!endpoint_allowed("not a url", false));
        assert!(endpoint_allowed("http://127.0.0.1:8443/push", true));
        assert!(!endpoint_allowed("ftp://127.0.0.1/push", true));
    }

    #[test]
    fn key_pair_is_made_once_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let first = Vapid::load_or_create(dir.path()).unwrap();
        let again = Vapid::load_or_create(dir.path()).unwrap();
        assert_eq!(first.public_key, again.public_key);
        assert_eq!(B64.decode(&first.public_key).unwrap().len(), 65);
        let mode = std::fs::metadata(dir.path().join(VAPID_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn encrypted_body_has_the_rfc_8188_header() {
        let browser = SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
        let body = encrypt(&browser.public_key(), &[7; 16], b"hello");
        assert_eq!(&body[16..20], &4096u32.to_be_bytes());
        assert_eq!(body[20], 65);
        assert_eq!(body[21], 4, "the key id is an uncompressed point");
        // salt + rs + idlen + key + (plaintext + delimiter) + tag
        assert_eq!(body.len(), 16 + 4 + 1 + 65 + 6 + 16);
        assert!(decode_keys("AAAA", "AAAA").is_err());
    }

    #[test]
    fn vapid_header_is_a_verifiable_es256_jwt() {
        use p256::ecdsa::VerifyingKey;
        use p256::ecdsa::signature::Verifier;
        let dir = tempfile::tempdir().unwrap();
        let vapid = Vapid::load_or_create(dir.path()).unwrap();
        let header = vapid.authorization("https://push.example", "mailto:a@b.c", 1_000);
        let (t, k) = header
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split_once(", k="))
            .unwrap();
        let (input, sig) = t.rsplit_once('.').unwrap();
        let key = VerifyingKey::from_sec1_bytes(&B64.decode(k).unwrap()).unwrap();
        let sig = Signature::from_slice(&B64.decode(sig).unwrap()).unwrap();
        key.verify(input.as_bytes(), &sig).unwrap();
        let claims = B64.decode(input.split('.').nth(1).unwrap()).unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
        assert_eq!(claims["aud"], "https://push.example");
        assert_eq!(claims["exp"], 1_000 + 12 * 3600);
    }
}
