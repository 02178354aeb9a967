//! The names a LAN-only box is reached by: its host name (and `<host>.local` for mDNS), the
//! host of `SiteURL`, `localhost`, and the addresses of its network interfaces.

use std::net::IpAddr;

/// The kernel's host name.
pub fn host_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Every address of the box's up interfaces (loopback included).
fn interface_addresses() -> Vec<IpAddr> {
    let mut found = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list we only read and then free once.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return found;
        }
        let mut cursor = list;
        while let Some(entry) = cursor.as_ref() {
            if let Some(addr) = entry.ifa_addr.as_ref() {
                match i32::from(addr.sa_family) {
                    libc::AF_INET => {
                        let v4 = &*(entry.ifa_addr as *const libc::sockaddr_in);
                        found.push(IpAddr::from(u32::from_be(v4.sin_addr.s_addr).to_be_bytes()));
                    }
                    libc::AF_INET6 => {
                        let v6 = &*(entry.ifa_addr as *const libc::sockaddr_in6);
                        found.push(IpAddr::from(v6.sin6_addr.s6_addr));
                    }
                    _ => {}
                }
            }
            cursor = entry.ifa_next;
        }
        libc::freeifaddrs(list);
    }
    found
}

/// The names a local-CA certificate covers, without duplicates, `site_host` first when set.
pub fn local_names(site_host: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |n: String| {
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    };
    if let Some(host) = site_host {
        add(host.to_lowercase());
    }
    if let Some(host) = host_name() {
        add(host.to_lowercase());
        if !host.contains('.') {
            add(format!("{}.local", host.to_lowercase()));
        }
    }
    add("localhost".into());
    for ip in interface_addresses() {
        // Link-local IPv6 addresses need a zone to be used; browsers cannot name them.
        if let IpAddr::V6(v6) = ip
            && v6.segments()[0] & 0xffc0 == 0xfe80
        {
            continue;
        }
        add(ip.to_string());
    }
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_include_loopback_and_the_site() {
        let names = super::local_names(Some("Chat.Office.lan"));
        assert_eq!(names[0], "chat.office.lan");
        assert!(names.contains(&"localhost".to_string()));
        assert!(names.contains(&"127.0.0.1".to_string()), "{names:?}");
    }
}
