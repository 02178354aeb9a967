//! When the nightly backup is due: at a local time of day (DST-correct), with a catch-up run
//! when the box was off or the server down at that time.

use jiff::civil::Time;
use jiff::{Timestamp, Zoned};

use crate::{Error, Result};

/// How late after its time a run still counts as on time.
pub const GRACE: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// Parses `HH:MM` (24-hour).
pub fn parse_time(text: &str) -> Result<Time> {
    let (h, m) = text.trim().split_once(':').ok_or_else(|| bad_time(text))?;
    let hour: i8 = h.parse().map_err(|_| bad_time(text))?;
    let minute: i8 = m.parse().map_err(|_| bad_time(text))?;
    Time::new(hour, minute, 0, 0).map_err(|_| bad_time(text))
}

fn bad_time(text: &str) -> Error {
    Error::Invalid(format!(
        "backup time {text:?} is not a time of day; write it as HH:MM, e.g. 02:00"
    ))
}

/// The latest moment at or before `now` when the backup was due.
pub fn last_due(at: Time, now: &Zoned) -> Zoned {
    let today = due_on(now.date(), at, now);
    if today.timestamp() <= now.timestamp() {
        today
    } else {
        due_on(
            now.date().yesterday().expect("not the first day of time"),
            at,
            now,
        )
    }
}

/// The next moment after `now` when the backup is due.
pub fn next_due(at: Time, now: &Zoned) -> Zoned {
    let today = due_on(now.date(), at, now);
    if today.timestamp() > now.timestamp() {
        today
    } else {
        due_on(
            now.date().tomorrow().expect("not the last day of time"),
            at,
            now,
        )
    }
}

/// `at` on `date` in `now`'s time zone; a time skipped by a DST change moves forward.
fn due_on(date: jiff::civil::Date, at: Time, now: &Zoned) -> Zoned {
    date.to_datetime(at)
        .to_zoned(now.time_zone().clone())
        .expect("a day's time is in range")
}

/// Whether a backup should start now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    No,
    /// Its time has come.
    OnTime,
    /// Its time passed while nothing ran (the box was off): run now, and tell the admins.
    Missed {
        due: Timestamp,
    },
}

/// Decides from the time of day, now, and when the last backup started (`None`: never). A
/// server that never backed up waits for the first due time rather than starting at once.
pub fn due(at: Time, now: &Zoned, last_started: Option<Timestamp>) -> Due {
    let slot = last_due(at, now);
    if last_started.is_some_and(|last| last >= slot.timestamp()) {
        return Due::No;
    }
    let late = now.timestamp().duration_since(slot.timestamp());
    if late <= GRACE {
        Due::OnTime
    } else if last_started.is_some() {
        Due::Missed {
            due: slot.timestamp(),
        }
    } else {
        Due::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Zoned {
        text.parse().unwrap()
    }

    #[test]
    fn due_on_time_then_not_again_that_day() {
        let two = parse_time("02:00").unwrap();
        let now = at("2026-11-21T02:03:00+01:00[Europe/Berlin]");
        let yesterday: Timestamp = "2026-11-20T01:00:00Z".parse().unwrap();
        assert_eq!(due(two, &now, Some(yesterday)), Due::OnTime);
        let started = now.timestamp();
        assert_eq!(
            due(
                two,
                &at("2026-11-21T23:00:00+01:00[Europe/Berlin]"),
                Some(started)
            ),
            Due::No
        );
        assert_eq!(
            next_due(two, &now).to_string(),
            "2026-11-22T02:00:00+01:00[Europe/Berlin]"
        );
    }

    #[test]
    fn a_box_that_was_off_catches_up() {
        let two = parse_time("02:00").unwrap();
        let morning = at("2026-11-21T09:30:00+01:00[Europe/Berlin]");
        let two_days_ago: Timestamp = "2026-11-19T01:00:00Z".parse().unwrap();
        assert_eq!(
            due(two, &morning, Some(two_days_ago)),
            Due::Missed {
                due: "2026-11-21T01:00:00Z".parse().unwrap()
            }
        );
        assert_eq!(
            due(two, &morning, None),
            Due::No,
            "a new server waits for its first night"
        );
    }

    #[test]
    fn a_time_skipped_by_daylight_saving_still_runs() {
        // 2026-03-29: Berlin goes from 02:00 to 03:00.
        let half_past_two = parse_time("02:30").unwrap();
        let now = at("2026-03-29T03:31:00+02:00[Europe/Berlin]");
        let slot = last_due(half_past_two, &now);
        assert_eq!(slot.to_string(), "2026-03-29T03:30:00+02:00[Europe/Berlin]");
    }

    #[test]
    fn times_are_checked() {
        assert!(parse_time("24:00").is_err());
        assert!(parse_time("2am").is_err());
        assert_eq!(
            parse_time(" 23:59 ").unwrap(),
            Time::new(23, 59, 0, 0).unwrap()
        );
    }
}
