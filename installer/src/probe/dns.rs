//! Whether a domain leads to this box: resolved with the system resolver (so `/etc/hosts`
//! counts, as it does for the browsers in the office), then compared with the addresses of this
//! box's network interfaces (getifaddrs(3)).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};
use std::ptr;

use super::DnsCheck;

/// Resolves `domain` and says whether it leads to this box. A loopback answer counts only for
/// `localhost` names: Debian maps the box's own host name to 127.0.1.1, which no other machine
/// can reach.
pub fn check_dns(domain: &str) -> DnsCheck {
    let domain = domain.trim().trim_end_matches('.');
    let mut check = DnsCheck {
        domain: domain.to_string(),
        addresses: Vec::new(),
        points_here: false,
        error: None,
    };
    if domain.is_empty() {
        check.error = Some("no domain given".to_string());
        return check;
    }
    match (domain, 443).to_socket_addrs() {
        Ok(resolved) => {
            for address in resolved.map(|socket| socket.ip()) {
                if !check.addresses.contains(&address) {
                    check.addresses.push(address);
                }
            }
        }
        Err(error) => {
            check.error = Some(format!("{domain} does not resolve: {error}"));
            return check;
        }
    }
    let local = interface_addresses();
    let loopback_counts = is_localhost_name(domain);
    check.points_here = check
        .addresses
        .iter()
        .any(|address| local.contains(address) && (loopback_counts || !address.is_loopback()));
    check
}

/// `localhost` and names under `.localhost` (RFC 6761).
fn is_localhost_name(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    domain == "localhost" || domain.ends_with(".localhost")
}

/// The IPv4 and IPv6 addresses of every interface, loopback included.
fn interface_addresses() -> Vec<IpAddr> {
    let mut list: *mut libc::ifaddrs = ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list we own until freeifaddrs.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return Vec::new();
    }
    let mut addresses = Vec::new();
    let mut entry = list;
    while !entry.is_null() {
        // SAFETY: `entry` is a non-null node of the list getifaddrs returned, not yet freed; its
        // `ifa_addr`, when non-null, points to a sockaddr whose `sa_family` tells its real type.
        unsafe {
            let address = (*entry).ifa_addr;
            if !address.is_null() {
                match i32::from((*address).sa_family) {
                    libc::AF_INET => {
                        let ipv4 = &*address.cast::<libc::sockaddr_in>();
                        addresses.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(
                            ipv4.sin_addr.s_addr,
                        ))));
                    }
                    libc::AF_INET6 => {
                        let ipv6 = &*address.cast::<libc::sockaddr_in6>();
                        addresses.push(IpAddr::V6(Ipv6Addr::from(ipv6.sin6_addr.s6_addr)));
                    }
                    _ => {}
                }
            }
            entry = (*entry).ifa_next;
        }
    }
    // SAFETY: `list` came from getifaddrs and is freed once; nothing borrowed from it remains.
    unsafe { libc::freeifaddrs(list) };
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_points_here() {
        let check = check_dns("localhost");
        assert_eq!(check.error, None);
        assert!(check.addresses.iter().any(IpAddr::is_loopback), "{check:?}");
        assert!(check.points_here);
    }

    #[test]
    fn loopback_does_not_count_for_other_names() {
        // An IP literal resolves to itself without asking any server.
        let check = check_dns("127.0.0.1");
        assert_eq!(check.addresses, [IpAddr::V4(Ipv4Addr::LOCALHOST)]);
        assert!(!check.points_here);
    }

    #[test]
    fn an_interface_address_points_here() {
        let Some(address) = interface_addresses()
            .into_iter()
            .find(|a| !a.is_loopback() && a.is_ipv4())
        else {
            return; // a machine with only loopback has nothing to check
        };
        let check = check_dns(&address.to_string());
        assert!(check.points_here, "{check:?}");
        let elsewhere = check_dns("198.51.100.7"); // TEST-NET-2, for documentation only
        assert!(!elsewhere.points_here);
    }

    #[test]
    fn unresolvable_names_report_an_error() {
        let check = check_dns("no-such-host.invalid");
        assert!(check.error.is_some(), "{check:?}");
        assert!(check.addresses.is_empty() && !check.points_here);
        assert_eq!(check_dns("  ").error.as_deref(), Some("no domain given"));
    }

    #[test]
    fn localhost_names() {
        assert!(is_localhost_name("localhost") && is_localhost_name("Hearth.LOCALHOST"));
        assert!(
            !is_localhost_name("localhost.example.com") && !is_localhost_name("chat.example.com")
        );
    }
}
