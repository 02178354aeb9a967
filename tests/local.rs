//! Small things the harness and the tests share about this machine: a free loopback port, a
//! process's peak memory, a TLS client configuration that trusts one root, a root prefix to
//! install into.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;

/// A free loopback port (bound, then released for a server to take).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// A root prefix for `hearth setup --root`, with the account files `useradd --prefix` needs
/// (copied from this machine) and the host name `officebox`.
pub fn root_prefix() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let etc = root.path().join("etc");
    std::fs::create_dir_all(&etc).unwrap();
    for file in ["passwd", "group", "shadow", "gshadow", "login.defs"] {
        std::fs::copy(std::path::Path::new("/etc").join(file), etc.join(file)).unwrap();
    }
    std::fs::write(etc.join("hostname"), "officebox\n").unwrap();
    root
}

/// The peak resident memory of process `pid`, in bytes (`VmHWM`).
pub fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// A rustls client configuration that trusts only the root certificate `root_pem`.
pub fn tls_trusting(root_pem: &str) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls_pki_types::CertificateDer::from_pem_slice(root_pem.as_bytes()).unwrap())
        .unwrap();
    Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth(),
    )
}
