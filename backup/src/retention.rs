//! Which backups to keep (the newest of each of the last N days, weeks and months, in the box's
//! time zone), and pruning the rest at the target without deleting any blob a kept backup needs.

use std::collections::{BTreeSet, HashSet};

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::progress::{Phase, Reporter, Tracker};
use crate::repository::Repository;
use crate::{Result, layout};

/// How many daily, weekly and monthly backups to keep. The newest backup is always kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// The calendar period a date falls in: a day, an ISO week or a month.
type PeriodOf = fn(jiff::civil::Date) -> (i16, i8, i8);

/// The ids to keep out of `ids` (complete backups).
pub fn keep(ids: &[String], retention: Retention, tz: &TimeZone) -> BTreeSet<String> {
    let mut dated: Vec<(&String, jiff::civil::Date)> = ids
        .iter()
        .filter_map(|id| Some((id, layout::id_time(id)?.to_zoned(tz.clone()).date())))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(a.0));
    let mut kept: BTreeSet<String> = dated
        .first()
        .map(|(id, _)| (*id).clone())
        .into_iter()
        .collect();
    let periods: [(u32, PeriodOf); 3] = [
        (retention.daily, |d| (d.year(), d.month(), d.day())),
        (retention.weekly, |d| {
            let week = d.iso_week_date();
            (week.year(), week.week(), 0)
        }),
        (retention.monthly, |d| (d.year(), d.month(), 0)),
    ];
    for (count, period_of) in periods {
        let mut seen = HashSet::new();
        for (id, date) in &dated {
            if seen.len() as u32 >= count {
                break;
            }
            if seen.insert(period_of(*date)) {
                kept.insert((*id).clone());
            }
        }
    }
    kept
}

/// What pruning removed.
#[derive(Debug, Default, Clone)]
pub struct Pruned {
    pub backups: Vec<String>,
    pub blobs: u64,
    pub blob_bytes: u64,
}

/// Removes the backups `retention` does not keep (never `current`), incomplete backups left by
/// failed runs, and blobs no kept backup needs. Call it only while holding the backup lock.
pub async fn prune(
    repo: &Repository,
    retention: Retention,
    current: &str,
    tz: &TimeZone,
    report: &Reporter,
) -> Result<Pruned> {
    let ids = repo.backup_ids().await?;
    let complete: Vec<String> = repo.summaries().await?.into_iter().map(|s| s.id).collect();
    let mut kept = keep(&complete, retention, tz);
    kept.insert(current.to_string());
    let doomed: Vec<&String> = ids.iter().filter(|id| !kept.contains(*id)).collect();
    let tracker = Tracker::new(report, Phase::Prune, 0, doomed.len() as u64);
    let mut pruned = Pruned::default();
    for id in doomed {
        repo.target.remove_dir(&layout::backup_dir(id)).await?;
        tracing::info!(backup = %id, "removed a backup retention no longer keeps");
        pruned.backups.push(id.clone());
        tracker.file_done();
    }
    let mut needed = HashSet::new();
    for id in &kept {
        let list = repo
            .target
            .read(&layout::in_backup(id, layout::BLOB_LIST))
            .await?;
        let Some(list) = list else {
            tracing::warn!(backup = %id, "a kept backup has no blob list; unused blobs are left in place");
            return Ok(pruned);
        };
        needed.extend(String::from_utf8_lossy(&list).lines().map(str::to_owned));
    }
    for dir in repo.target.list(layout::BLOBS).await? {
        if !dir.is_dir {
            continue;
        }
        let dir = format!("{}/{}", layout::BLOBS, dir.name);
        for blob in repo.target.list(&dir).await? {
            if needed.contains(&blob.name) {
                continue;
            }
            repo.target.remove(&format!("{dir}/{}", blob.name)).await?;
            pruned.blobs += 1;
            pruned.blob_bytes += blob.size;
        }
    }
    Ok(pruned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;

    fn nightly(days: i64) -> Vec<String> {
        let start: jiff::Timestamp = "2026-01-01T02:00:00Z".parse().unwrap();
        (0..days)
            .map(|d| layout::new_id(start.checked_add((d * 24).hours()).unwrap()))
            .collect()
    }

    #[test]
    fn keeps_days_weeks_and_months() {
        let ids = nightly(400);
        let kept = keep(&ids, Retention::default(), &TimeZone::UTC);
        let newest = ids.last().unwrap();
        assert!(kept.contains(newest));
        // 7 daily, then 4 weekly of which the first overlaps the dailies, then 12 monthly.
        assert!(kept.len() <= 7 + 4 + 12, "{kept:?}");
        assert!(kept.len() >= 12 + 3, "{kept:?}");
        for id in &ids[ids.len() - 7..] {
            assert!(kept.contains(id), "last seven days kept");
        }
        let months: BTreeSet<_> = kept.iter().map(|id| &id[..6]).collect();
        assert_eq!(months.len(), 12, "one per month for a year: {months:?}");
        assert!(!kept.contains(&ids[0]), "the oldest goes");
    }

    #[test]
    fn nothing_configured_still_keeps_the_newest() {
        let ids = nightly(3);
        let none = Retention {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        let kept = keep(&ids, none, &TimeZone::UTC);
        assert_eq!(kept.into_iter().collect::<Vec<_>>(), vec![ids[2].clone()]);
    }

    #[test]
    fn several_backups_a_day_keep_the_newest_of_the_day() {
        let start: jiff::Timestamp = "2026-03-10T01:00:00Z".parse().unwrap();
        let ids: Vec<String> = (0..3)
            .map(|h| layout::new_id(start.checked_add((h * 5).hours()).unwrap()))
            .collect();
        let kept = keep(
            &ids,
            Retention {
                daily: 1,
                weekly: 0,
                monthly: 0,
            },
            &TimeZone::UTC,
        );
        assert_eq!(kept.len(), 1);
        assert!(kept.contains(&ids[2]));
    }
}
