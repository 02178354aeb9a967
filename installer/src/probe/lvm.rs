//! LVM logical volumes from `lvs --reportformat json` (run only on the live machine, as root,
//! and only when `lvs` is installed): volume group and name, segment type (`raid1`, `mirror`,
//! `linear`, ...), health and sync percentage, and the device-mapper path.

use std::path::Path;

use serde_json::Value;

use super::tools::run_tool;
use super::{LvmVolume, is_live};

const LVS_ARGS: [&str; 4] = [
    "--reportformat",
    "json",
    "--options",
    "vg_name,lv_name,segtype,lv_health_status,copy_percent,lv_dm_path",
];

pub(crate) fn read_volumes(root: &Path) -> Vec<LvmVolume> {
    if !is_live(root) {
        return Vec::new();
    }
    run_tool("lvs", &LVS_ARGS).map_or_else(Vec::new, |out| parse_report(&out))
}

/// `{"report": [{"lv": [{"vg_name": "vg0", ...}, ...]}]}`. A segment field makes lvs print one
/// row per segment; rows of one volume are merged, their differing segment types joined with
/// `+` (`linear+raid1`).
pub(crate) fn parse_report(json: &str) -> Vec<LvmVolume> {
    let Ok(report) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    let rows = report["report"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|part| part["lv"].as_array())
        .flatten();
    let mut volumes: Vec<LvmVolume> = Vec::new();
    for row in rows {
        let field = |name: &str| row[name].as_str().unwrap_or_default().trim().to_string();
        let volume = LvmVolume {
            vg: field("vg_name"),
            lv: field("lv_name"),
            segment_type: field("segtype"),
            device: field("lv_dm_path"),
            health: field("lv_health_status"),
            sync_percent: field("copy_percent").parse().ok(),
        };
        match volumes
            .iter_mut()
            .find(|seen| seen.vg == volume.vg && seen.lv == volume.lv)
        {
            Some(seen)
                if !seen
                    .segment_type
                    .split('+')
                    .any(|s| s == volume.segment_type) =>
            {
                seen.segment_type = format!("{}+{}", seen.segment_type, volume.segment_type);
            }
            Some(_) => {}
            None => volumes.push(volume),
        }
    }
    volumes
}

/// Every segment keeps its data on two or more physical volumes.
pub(crate) fn is_redundant_segment_type(segment_type: &str) -> bool {
    !segment_type.is_empty()
        && segment_type.split('+').all(|kind| {
            kind == "mirror" || (kind.starts_with("raid") && !kind.starts_with("raid0"))
        })
}

/// `partial`: a physical volume is missing; `refresh needed`: a RAID image failed.
/// (`mismatches exist` is a scrub finding, not a lost disk.)
pub(crate) fn is_degraded_health(health: &str) -> bool {
    matches!(health, "partial" | "refresh needed")
}

/// `LVM vg0/data (raid1)` or `LVM vg1/archive (raid1, partial)`.
pub(crate) fn describe(volume: &LvmVolume) -> String {
    let health = if volume.health.is_empty() {
        String::new()
    } else {
        format!(", {}", volume.health)
    };
    format!(
        "LVM {}/{} ({}{health})",
        volume.vg, volume.lv, volume.segment_type
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    #[test]
    fn raid1_linear_partial_and_syncing_volumes() {
        let volumes = parse_report(&samples::text("lvs/report.json"));
        let names: Vec<String> = volumes
            .iter()
            .map(|v| format!("{}/{}", v.vg, v.lv))
            .collect();
        assert_eq!(
            names,
            ["vg0/data", "vg0/root", "vg1/archive", "vg1/media"],
            "two root segments are one volume"
        );

        let data = &volumes[0];
        assert_eq!(
            (data.segment_type.as_str(), data.device.as_str()),
            ("raid1", "/dev/mapper/vg0-data")
        );
        assert_eq!((data.health.as_str(), data.sync_percent), ("", Some(100.0)));
        assert!(is_redundant_segment_type(&data.segment_type) && !is_degraded_health(&data.health));

        let root = &volumes[1];
        assert_eq!(
            (root.segment_type.as_str(), root.sync_percent),
            ("linear", None)
        );
        assert!(!is_redundant_segment_type(&root.segment_type));

        let archive = &volumes[2];
        assert!(is_degraded_health(&archive.health));
        assert_eq!(describe(archive), "LVM vg1/archive (raid1, partial)");

        assert_eq!(volumes[3].sync_percent, Some(45.5));
        assert_eq!(describe(&volumes[3]), "LVM vg1/media (raid5)");
    }

    #[test]
    fn merged_segments_and_segment_types() {
        let json = r#"{"report":[{"lv":[
            {"vg_name":"vg","lv_name":"x","segtype":"raid1","lv_health_status":"","copy_percent":"","lv_dm_path":"/dev/mapper/vg-x"},
            {"vg_name":"vg","lv_name":"x","segtype":"linear","lv_health_status":"","copy_percent":"","lv_dm_path":"/dev/mapper/vg-x"}]}]}"#;
        let volumes = parse_report(json);
        assert_eq!(volumes.len(), 1);
        assert_eq!(volumes[0].segment_type, "raid1+linear");
        assert!(!is_redundant_segment_type(&volumes[0].segment_type));
        for kind in ["raid1", "mirror", "raid5_ls", "raid6_zr", "raid10", "raid4"] {
            assert!(is_redundant_segment_type(kind), "{kind}");
        }
        for kind in ["linear", "striped", "raid0", "raid0_meta", "thin", ""] {
            assert!(!is_redundant_segment_type(kind), "{kind}");
        }
    }

    #[test]
    fn garbage_is_no_volumes() {
        assert!(parse_report("").is_empty());
        assert!(parse_report("  WARNING: Running as a non-root user.").is_empty());
        assert!(parse_report(r#"{"report": 5}"#).is_empty());
    }
}
