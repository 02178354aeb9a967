//! When a certificate is renewed: once a third of its life is left (30 days for the usual 90-day
//! certificates, as Let's Encrypt advises), and how often to look (a tenth of its life, at most
//! twice a day), so short-lived certificates are renewed in time too.

use std::time::Duration;

use time::OffsetDateTime;

/// From when to when `cert_pem` (its first certificate) is valid.
pub fn validity(cert_pem: &str) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(cert_pem.as_bytes()).ok()?;
    let cert = pem.parse_x509().ok()?;
    let v = cert.validity();
    Some((v.not_before.to_datetime(), v.not_after.to_datetime()))
}

/// Whether `cert_pem` should be replaced now (an unreadable one always).
pub fn is_due(cert_pem: &str, now: OffsetDateTime) -> bool {
    match validity(cert_pem) {
        Some((from, until)) => until - now < (until - from) / 3,
        None => true,
    }
}

/// How long to wait before looking at `cert_pem` again.
pub fn check_interval(cert_pem: &str) -> Duration {
    const MAX: Duration = Duration::from_secs(12 * 3600);
    let life = validity(cert_pem).map_or(time::Duration::ZERO, |(from, until)| until - from);
    let tenth = Duration::try_from(life / 10).unwrap_or(Duration::ZERO);
    tenth.clamp(Duration::from_secs(1), MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(days: i64) -> String {
        let mut params = rcgen::CertificateParams::new(vec!["a.test".into()]).unwrap();
        let now = OffsetDateTime::now_utc();
        params.not_before = now;
        params.not_after = now + time::Duration::days(days);
        let key = rcgen::KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn a_third_of_the_life_is_the_margin() {
        let pem = cert(90);
        let now = OffsetDateTime::now_utc();
        assert!(!is_due(&pem, now + time::Duration::days(59)));
        assert!(is_due(&pem, now + time::Duration::days(61)));
        assert_eq!(check_interval(&pem), Duration::from_secs(12 * 3600));
        assert!(is_due("not a certificate", now));
    }
}
