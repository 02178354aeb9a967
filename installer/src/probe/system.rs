//! The operating system (`/etc/os-release`), the init system (`/proc/1/comm`), the CPU
//! (`/proc/cpuinfo`) and the memory (`/proc/meminfo`).

use std::path::Path;

use super::files::{read_text, read_trimmed, under};
use super::{Cpu, Os};

pub(crate) fn read_os(root: &Path) -> Os {
    let mut text = read_text(&under(root, "etc/os-release"));
    if text.is_empty() {
        // os-release(5): /etc/os-release may be missing; /usr/lib/os-release is the fallback.
        text = read_text(&under(root, "usr/lib/os-release"));
    }
    parse_os_release(&text)
}

/// The name of PID 1: `systemd`, `init`, ...
pub(crate) fn read_init(root: &Path) -> String {
    read_trimmed(&under(root, "proc/1/comm"))
}

pub(crate) fn read_cpu(root: &Path) -> Cpu {
    parse_cpuinfo(&read_text(&under(root, "proc/cpuinfo")))
}

pub(crate) fn read_memory_bytes(root: &Path) -> u64 {
    parse_meminfo_total(&read_text(&under(root, "proc/meminfo")))
}

fn parse_os_release(text: &str) -> Os {
    let mut os = Os::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim() {
            "ID" => os.id = value,
            "VERSION_ID" => os.version_id = value,
            "PRETTY_NAME" => os.pretty_name = value,
            _ => {}
        }
    }
    os
}

/// A shell-style value: `"Debian GNU/Linux"`, `'x'` or bare, with `\"`, `\\`, `\$` and `` \` ``
/// escapes inside double quotes.
fn unquote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return inner.to_string();
    }
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// x86 names the model `model name`; ARM boards use `Model` or `Hardware`, MIPS `cpu model`.
const MODEL_KEYS: [&str; 4] = ["model name", "Model", "Hardware", "cpu model"];

fn parse_cpuinfo(text: &str) -> Cpu {
    let fields: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim(), value.trim()))
        .collect();
    let model = MODEL_KEYS
        .iter()
        .find_map(|wanted| fields.iter().find(|(key, _)| key == wanted))
        .map(|(_, value)| value.to_string())
        .unwrap_or_default();
    let cores = fields.iter().filter(|(key, _)| *key == "processor").count();
    Cpu {
        model,
        cores: u32::try_from(cores).unwrap_or(u32::MAX),
    }
}

/// `MemTotal:       16318480 kB` in bytes.
fn parse_meminfo_total(text: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kib| kib.saturating_mul(1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_values_are_unquoted() {
        let os = parse_os_release(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n# c\nNAME='x'\n",
        );
        assert_eq!(os.id, "debian");
        assert_eq!(os.version_id, "12");
        assert_eq!(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
        assert_eq!(unquote(r#""say \"hi\" \\ \$HOME""#), r#"say "hi" \ $HOME"#);
    }

    #[test]
    fn cpuinfo_counts_processors_and_finds_the_model() {
        let x86 = "processor\t: 0\nmodel name\t: AMD EPYC 7302\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7302\n";
        let cpu = parse_cpuinfo(x86);
        assert_eq!((cpu.model.as_str(), cpu.cores), ("AMD EPYC 7302", 2));
        let pi = "processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";
        let cpu = parse_cpuinfo(pi);
        assert_eq!(
            (cpu.model.as_str(), cpu.cores),
            ("Raspberry Pi 4 Model B Rev 1.4", 1)
        );
        assert_eq!(parse_cpuinfo("").cores, 0);
    }

    #[test]
    fn meminfo_total_is_in_bytes() {
        assert_eq!(
            parse_meminfo_total("MemTotal:       16318480 kB\nMemFree: 1 kB\n"),
            16318480 * 1024
        );
        assert_eq!(parse_meminfo_total("garbage"), 0);
    }
}
