//! `/proc/mdstat`, as the kernel's md driver writes it (`md_seq_show` and `status_resync` in
//! drivers/md/md.c):
//!
//! ```text
//! Personalities : [raid1] [raid6] [raid5] [raid4]
//! md0 : active raid1 sdc1[2] sda1[0] sdb1[1](F)
//!       976630464 blocks super 1.2 [2/1] [U_]
//!       [====>................]  recovery = 21.3% (208029184/976630464) finish=61.4min speed=208541K/sec
//!       bitmap: 2/8 pages [8KB], 65536KB chunk
//!
//! unused devices: <none>
//! ```
//!
//! Members carry flags: `(F)` faulty, `(S)` spare, `(W)` write-mostly, `(J)` journal, `(R)`
//! replacement. Inactive arrays name no level. A sync waiting its turn reads `resync=DELAYED` or
//! `resync=PENDING`.

use super::md::{ArrayFacts, SYNC_KINDS, SyncProgress};
use super::{MdArray, MdMember};

/// mdstat counts sizes in 1 KiB blocks.
const BLOCK_BYTES: u64 = 1024;

pub(crate) fn parse_mdstat(text: &str) -> Vec<MdArray> {
    let mut arrays = Vec::new();
    let mut current: Option<ArrayFacts> = None;
    for line in text.lines() {
        // An array's details are indented under its header; anything else ends the block.
        if line.starts_with(char::is_whitespace) {
            if let Some(facts) = current.as_mut() {
                read_detail_line(line.trim(), facts);
            }
            continue;
        }
        arrays.extend(current.take().map(ArrayFacts::into_array));
        current = parse_header(line);
    }
    arrays.extend(current.map(ArrayFacts::into_array));
    arrays
}

/// `md0 : active (auto-read-only) raid1 sdb1[1] sda1[0](F)` or `md127 : inactive sdb1[0](S)`.
fn parse_header(line: &str) -> Option<ArrayFacts> {
    let (name, rest) = line.split_once(" : ")?;
    if !name.starts_with("md") || name.contains(char::is_whitespace) {
        return None;
    }
    let mut words = rest.split_whitespace();
    let running = match words.next()? {
        "active" => true,
        "inactive" => false,
        _ => return None,
    };
    let mut level = String::new();
    let mut members = Vec::new();
    for word in words {
        if let Some(member) = parse_member(word) {
            members.push(member);
        } else if level.is_empty() && !word.starts_with('(') {
            level = word.to_string();
        }
    }
    // Arrays without a `[n/m]` status (raid0, linear, inactive ones) are as big as their members.
    let count = |keep: fn(&MdMember) -> bool| {
        u32::try_from(members.iter().filter(|m| keep(m)).count()).unwrap_or(0)
    };
    let devices_total = if running {
        count(|m| !m.state.contains("spare"))
    } else {
        count(|_| true)
    };
    let devices_working = count(|m| m.state.contains("in_sync"));
    Some(ArrayFacts {
        name: name.to_string(),
        level,
        members,
        running,
        devices_total,
        devices_working,
        sync: None,
        size_bytes: 0,
    })
}

/// `sdb1[1](F)(W)`: the device, its number in the array, its flags.
fn parse_member(word: &str) -> Option<MdMember> {
    let (device, rest) = word.split_once('[')?;
    let (number, flags) = rest.split_once(']')?;
    if device.is_empty() || number.parse::<u32>().is_err() {
        return None;
    }
    Some(MdMember {
        device: device.to_string(),
        state: state_from_flags(flags),
    })
}

/// The flags in sysfs's words and order (`faulty`, `in_sync`, `journal`, `write_mostly`, `spare`,
/// `replacement`), so both sources describe a member alike.
fn state_from_flags(flags: &str) -> String {
    let has = |flag: &str| flags.contains(flag);
    // The kernel prints nothing after `(F)`, so a faulty member is never also a spare.
    let (faulty, spare, journal) = (has("(F)"), has("(S)"), has("(J)"));
    let states = [
        (faulty, "faulty"),
        (!faulty && !spare && !journal, "in_sync"),
        (journal, "journal"),
        (has("(W)"), "write_mostly"),
        (spare, "spare"),
        (has("(R)"), "replacement"),
    ];
    let named: Vec<&str> = states
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| *name)
        .collect();
    named.join(",")
}

fn read_detail_line(line: &str, facts: &mut ArrayFacts) {
    if let Some(sync) = parse_progress(line) {
        facts.sync = Some(sync);
        return;
    }
    let mut words = line.split_whitespace();
    let (Some(blocks), Some("blocks")) = (words.next(), words.next()) else {
        return;
    };
    facts.size_bytes = blocks
        .parse::<u64>()
        .map_or(0, |blocks| blocks.saturating_mul(BLOCK_BYTES));
    if let Some((total, working)) = words.find_map(parse_device_counts) {
        facts.devices_total = total;
        facts.devices_working = working;
    }
}

/// `[2/1]`: devices the array is made for, devices working.
fn parse_device_counts(word: &str) -> Option<(u32, u32)> {
    let (total, working) = word.strip_prefix('[')?.strip_suffix(']')?.split_once('/')?;
    Some((total.parse().ok()?, working.parse().ok()?))
}

/// `[==>....]  resync = 12.3% (120130560/976630464) finish=45.6min speed=312948K/sec`, or
/// `resync=DELAYED`.
fn parse_progress(line: &str) -> Option<SyncProgress> {
    let text = match line.strip_prefix('[') {
        Some(bar) => bar.split_once(']')?.1,
        None => line,
    };
    let (kind, value) = text.split_once('=')?;
    let kind = kind.trim();
    if !SYNC_KINDS.contains(&kind) {
        return None;
    }
    let value = value.trim();
    // DELAYED, PENDING (and REMOTE for clustered md): nothing done yet.
    if value.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Some(SyncProgress::waiting(kind));
    }
    let percent = value.split('%').next()?.trim().parse().ok()?;
    let minutes_left = value.split_whitespace().find_map(|word| {
        word.strip_prefix("finish=")?
            .strip_suffix("min")?
            .parse()
            .ok()
    });
    Some(SyncProgress {
        kind: kind.to_string(),
        percent,
        minutes_left,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::files::read_text;
    use crate::probe::{ArrayState, samples};

    fn sample(name: &str) -> Vec<MdArray> {
        parse_mdstat(&read_text(&samples::root(name).join("proc/mdstat")))
    }

    fn member_states(array: &MdArray) -> Vec<(&str, &str)> {
        array
            .members
            .iter()
            .map(|m| (m.device.as_str(), m.state.as_str()))
            .collect()
    }

    #[test]
    fn clean_raid1() {
        let arrays = sample("md-clean");
        assert_eq!(arrays.len(), 1);
        let md0 = &arrays[0];
        assert_eq!((md0.name.as_str(), md0.level.as_str()), ("md0", "raid1"));
        assert_eq!((md0.devices_total, md0.devices_working), (2, 2));
        assert_eq!(md0.state, ArrayState::Clean);
        assert_eq!(md0.size_bytes, 976630464 * 1024);
        assert_eq!(
            member_states(md0),
            [("sda1", "in_sync"), ("sdb1", "in_sync")]
        );
    }

    #[test]
    fn degraded_raid1_with_a_faulty_disk() {
        let md0 = &sample("md-degraded")[0];
        assert_eq!((md0.devices_total, md0.devices_working), (2, 1));
        assert_eq!(md0.state, ArrayState::Degraded);
        assert_eq!(
            member_states(md0),
            [("sda1", "in_sync"), ("sdb1", "faulty")]
        );
    }

    #[test]
    fn resync_with_percent_and_minutes() {
        let md0 = &sample("md-resync")[0];
        assert_eq!(
            md0.state,
            ArrayState::Syncing {
                kind: "resync".into(),
                percent: 12.3,
                minutes_left: Some(45.6)
            }
        );
        assert_eq!(md0.devices_working, 2);
    }

    #[test]
    fn recovery_onto_a_new_disk() {
        let md0 = &sample("md-recovery")[0];
        assert_eq!(
            md0.state,
            ArrayState::Syncing {
                kind: "recovery".into(),
                percent: 21.3,
                minutes_left: Some(61.4)
            }
        );
        assert_eq!((md0.devices_total, md0.devices_working), (2, 1));
    }

    #[test]
    fn check_in_progress() {
        let md0 = &sample("md-check")[0];
        assert_eq!(
            md0.state,
            ArrayState::Syncing {
                kind: "check".into(),
                percent: 63.7,
                minutes_left: Some(32.5)
            }
        );
    }

    #[test]
    fn several_arrays_of_every_kind() {
        let arrays = sample("md-multi");
        let by_name = |name: &str| arrays.iter().find(|a| a.name == name).unwrap();
        assert_eq!(arrays.len(), 6);

        let md0 = by_name("md0");
        assert_eq!(
            md0.state,
            ArrayState::Syncing {
                kind: "resync".into(),
                percent: 5.0,
                minutes_left: Some(7.8)
            },
            "`resync =  5.0%` has two spaces"
        );
        let md1 = by_name("md1");
        assert_eq!(
            (md1.level.as_str(), md1.devices_total, md1.devices_working),
            ("raid5", 4, 3)
        );
        assert_eq!(md1.state, ArrayState::Degraded);
        assert_eq!(md1.size_bytes, 2929889280 * 1024);

        let md2 = by_name("md2");
        assert_eq!(
            (md2.level.as_str(), md2.devices_total, md2.devices_working),
            ("raid10", 4, 4)
        );
        assert_eq!(md2.state, ArrayState::Clean);
        assert_eq!(
            md2.members
                .last()
                .map(|m| (m.device.as_str(), m.state.as_str())),
            Some(("sdi1", "spare"))
        );

        let md3 = by_name("md3");
        assert_eq!(
            (md3.level.as_str(), md3.devices_total, md3.devices_working),
            ("raid0", 2, 2)
        );
        assert_eq!(md3.state, ArrayState::Clean);

        let waiting = ArrayState::Syncing {
            kind: "resync".into(),
            percent: 0.0,
            minutes_left: None,
        };
        assert_eq!(by_name("md4").state, waiting, "resync=DELAYED");
        assert_eq!(by_name("md5").state, waiting, "resync=PENDING");
        assert_eq!(
            by_name("md5").level,
            "raid1",
            "(auto-read-only) is not the level"
        );
    }

    #[test]
    fn inactive_array() {
        let arrays = sample("md-inactive");
        let md127 = &arrays[0];
        assert_eq!(md127.state, ArrayState::Inactive);
        assert_eq!(md127.level, "");
        assert_eq!(
            (md127.devices_total, md127.devices_working, md127.size_bytes),
            (2, 0, 0)
        );
        assert_eq!(member_states(md127), [("sdb1", "spare"), ("sdc1", "spare")]);
    }

    #[test]
    fn member_flags() {
        let member = |word: &str| parse_member(word).map(|m| m.state);
        assert_eq!(member("sda1[0]").as_deref(), Some("in_sync"));
        assert_eq!(
            member("sdb1[1](W)").as_deref(),
            Some("in_sync,write_mostly")
        );
        assert_eq!(
            member("sdb1[1](W)(F)").as_deref(),
            Some("faulty,write_mostly")
        );
        assert_eq!(member("nvme0n1p1[2](S)").as_deref(), Some("spare"));
        assert_eq!(member("sdc1[3](R)").as_deref(), Some("in_sync,replacement"));
        assert_eq!(member("raid1"), None);
        assert_eq!(member("[UU]"), None);
    }

    #[test]
    fn odd_text_reads_as_nothing_or_defaults() {
        assert!(parse_mdstat("").is_empty());
        assert!(parse_mdstat("Personalities : \nunused devices: <none>\n").is_empty());
        let arrays =
            parse_mdstat("md9 : active raid1\n      garbage [x/y]\n      resync = lots%\n");
        assert_eq!(arrays.len(), 1);
        assert_eq!(arrays[0].state, ArrayState::Clean);
        assert_eq!(arrays[0].devices_total, 0);
    }
}
