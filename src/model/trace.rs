//! Recent X-Ray traces of one function, as the traces panel and
//! `xraypath traces` show them: the summaries of a time window, and one
//! trace's segments laid out as timeline rows. Plain data: the `aws` layer
//! fills it, [`segment`](super::segment) parses segment documents into it.

use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far back to look for traces: 1 minute to 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TraceWindow {
    minutes: u32,
}

impl TraceWindow {
    /// The last 5 minutes.
    pub const FIVE_MINUTES: Self = Self { minutes: 5 };
    /// The last 15 minutes (the default).
    pub const FIFTEEN_MINUTES: Self = Self { minutes: 15 };
    /// The last hour.
    pub const ONE_HOUR: Self = Self { minutes: 60 };
    /// The last 6 hours.
    pub const SIX_HOURS: Self = Self { minutes: 360 };
    /// The last 24 hours, the longest window.
    pub const ONE_DAY: Self = Self { minutes: 1440 };
    /// The windows the panel offers, shortest first.
    pub const PRESETS: [Self; 5] = [
        Self::FIVE_MINUTES,
        Self::FIFTEEN_MINUTES,
        Self::ONE_HOUR,
        Self::SIX_HOURS,
        Self::ONE_DAY,
    ];
    /// The longest window, in minutes.
    pub const MAX_MINUTES: u32 = 1440;

    /// A window of `minutes`; `None` outside 1 to [`Self::MAX_MINUTES`].
    pub fn from_minutes(minutes: u32) -> Option<Self> {
        (1..=Self::MAX_MINUTES)
            .contains(&minutes)
            .then_some(Self { minutes })
    }

    /// The window's length in minutes.
    pub fn minutes(self) -> u32 {
        self.minutes
    }

    /// The window's length.
    pub fn duration(self) -> Duration {
        Duration::from_secs(u64::from(self.minutes) * 60)
    }

    /// Short words for it: `5 min`, `90 min`, `1 h`, `24 h`.
    pub fn label(self) -> String {
        if self.minutes >= 60 && self.minutes.is_multiple_of(60) {
            format!("{} h", self.minutes / 60)
        } else {
            format!("{} min", self.minutes)
        }
    }
}

impl Default for TraceWindow {
    fn default() -> Self {
        Self::FIFTEEN_MINUTES
    }
}

/// How a trace, segment or subsegment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceStatus {
    Ok,
    /// A client error (4xx).
    Error,
    /// Throttled (429).
    Throttle,
    /// A server error (5xx) or an exception.
    Fault,
    /// Not finished when it was read: no end time yet.
    InProgress,
}

impl TraceStatus {
    /// From the flags X-Ray records: fault wins over throttle over error,
    /// and any of them over an unfinished segment.
    pub fn from_flags(fault: bool, error: bool, throttle: bool, in_progress: bool) -> Self {
        if fault {
            Self::Fault
        } else if throttle {
            Self::Throttle
        } else if error {
            Self::Error
        } else if in_progress {
            Self::InProgress
        } else {
            Self::Ok
        }
    }

    /// The kebab-case name used in text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Throttle => "throttle",
            Self::Fault => "fault",
            Self::InProgress => "in-progress",
        }
    }
}

/// One trace of a window, as `traces --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceSummary {
    /// e.g. `1-65a1b2c3-0123456789abcdef01234567`.
    pub id: String,
    /// RFC 3339 start time, e.g. `2025-01-31T12:00:00.25Z`.
    pub start: String,
    pub duration_s: f64,
    pub fault: bool,
    pub error: bool,
    pub throttle: bool,
    /// The entry point's HTTP response status, when it recorded one.
    pub http_status: Option<u16>,
    /// The start as seconds since the Unix epoch, for sorting and ages
    /// (not part of the JSON contract; 0 when read back from JSON).
    #[serde(skip)]
    pub start_unix_s: f64,
}

impl TraceSummary {
    /// The trace's worst outcome.
    pub fn status(&self) -> TraceStatus {
        TraceStatus::from_flags(self.fault, self.error, self.throttle, false)
    }
}

/// One function's traces in one window, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceList {
    pub function: String,
    pub traces: Vec<TraceSummary>,
    /// The window that was read (not part of the JSON contract).
    #[serde(skip)]
    pub window: TraceWindow,
    /// The window's end (when the list was read), seconds since the Unix
    /// epoch (not part of the JSON contract).
    #[serde(skip)]
    pub until_unix_s: f64,
}

impl TraceList {
    /// The most recent trace.
    pub fn newest(&self) -> Option<&TraceSummary> {
        self.traces.first()
    }

    /// Delivery in words, for the function list and the inspector:
    /// `12 traces in the last 15 min, newest 40 s ago` or
    /// `no traces in the last 15 min`.
    pub fn delivery(&self, now: SystemTime) -> String {
        let window = self.window.label();
        let Some(newest) = self.newest() else {
            return format!("no traces in the last {window}");
        };
        let now_s = now
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        let plural = if self.traces.len() == 1 { "" } else { "s" };
        format!(
            "{} trace{plural} in the last {window}, newest {} ago",
            self.traces.len(),
            age((now_s - newest.start_unix_s).max(0.0))
        )
    }

    /// The traces that started after `unix_s` (e.g. the last topology
    /// fetch), to mark as new.
    pub fn started_after(&self, unix_s: f64) -> impl Iterator<Item = &TraceSummary> {
        self.traces.iter().filter(move |t| t.start_unix_s > unix_s)
    }

    /// Sorts newest first (ties by id, so the order is stable) and drops
    /// a trace listed twice.
    pub fn sort_newest_first(&mut self) {
        self.traces.sort_by(|a, b| {
            b.start_unix_s
                .total_cmp(&a.start_unix_s)
                .then_with(|| a.id.cmp(&b.id))
        });
        self.traces.dedup_by(|a, b| a.id == b.id);
    }
}

/// One trace's segments and subsegments, ready to draw as a timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceDetail {
    pub id: String,
    /// The earliest start of any segment, seconds since the Unix epoch;
    /// every row's offset counts from here.
    pub start_unix_s: f64,
    /// From the earliest start to the latest end; `None` while nothing
    /// has ended.
    pub duration_s: Option<f64>,
    /// Depth first: each segment followed by its children, children by
    /// start time.
    pub rows: Vec<TimelineRow>,
}

/// One bar of a trace's timeline: a segment or a subsegment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// 0 for a segment that has no parent in this trace, one more per level.
    pub depth: usize,
    /// The segment or subsegment id.
    pub id: String,
    pub name: String,
    /// e.g. `AWS::Lambda`, `AWS::Lambda::Function`; subsegments have none.
    pub origin: Option<String>,
    /// Whether this row is a subsegment (embedded in its parent's document
    /// or sent on its own with `"type": "subsegment"`).
    pub subsegment: bool,
    /// Seconds from the trace's start to this row's start.
    pub offset_s: f64,
    /// `None` while it is still in progress.
    pub duration_s: Option<f64>,
    pub status: TraceStatus,
    /// The HTTP response status it recorded, if any.
    pub http_status: Option<u16>,
}

/// An age in the largest unit that keeps it readable: `40 s`, `3 min`, `2 h`.
fn age(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{seconds:.0} s")
    } else if seconds < 90.0 * 60.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.0} h", seconds / 3600.0)
    }
}

/// The start second a trace id carries (`1-<8 hex digits: Unix seconds>-…`),
/// for when a summary comes without a start time.
pub fn trace_id_start(id: &str) -> Option<u32> {
    let mut parts = id.split('-');
    let (_version, seconds) = (parts.next()?, parts.next()?);
    if seconds.len() != 8 {
        return None;
    }
    u32::from_str_radix(seconds, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, start_unix_s: f64) -> TraceSummary {
        TraceSummary {
            id: id.to_owned(),
            start: String::new(),
            duration_s: 0.1,
            fault: false,
            error: false,
            throttle: false,
            http_status: None,
            start_unix_s,
        }
    }

    #[test]
    fn trace_id_carries_its_start_second() {
        let id = "1-5759e988-bd862e3fe1be46a994272793";
        assert_eq!(trace_id_start(id), Some(0x5759_e988));
        assert_eq!(trace_id_start("not-a-trace"), None);
        assert_eq!(trace_id_start(""), None);
    }

    #[test]
    fn window_accepts_one_minute_to_a_day() {
        assert_eq!(TraceWindow::from_minutes(0), None);
        assert_eq!(TraceWindow::from_minutes(1441), None);
        assert_eq!(TraceWindow::from_minutes(60), Some(TraceWindow::ONE_HOUR));
        assert_eq!(TraceWindow::ONE_DAY.duration(), Duration::from_secs(86_400));
    }

    #[test]
    fn window_labels_use_hours_when_whole() {
        let labels: Vec<String> = TraceWindow::PRESETS.iter().map(|w| w.label()).collect();
        assert_eq!(labels, ["5 min", "15 min", "1 h", "6 h", "24 h"]);
        let ninety = TraceWindow::from_minutes(90).map(TraceWindow::label);
        assert_eq!(ninety.as_deref(), Some("90 min"));
    }

    #[test]
    fn fault_outranks_throttle_and_error() {
        assert_eq!(
            TraceStatus::from_flags(true, true, true, true),
            TraceStatus::Fault
        );
        assert_eq!(
            TraceStatus::from_flags(false, true, true, false),
            TraceStatus::Throttle
        );
        assert_eq!(
            TraceStatus::from_flags(false, false, false, true),
            TraceStatus::InProgress
        );
    }

    #[test]
    fn list_sorts_newest_first_and_drops_repeats() {
        let mut list = TraceList {
            traces: vec![
                summary("1-a", 100.0),
                summary("1-c", 300.0),
                summary("1-b", 200.0),
                summary("1-c", 300.0),
            ],
            ..TraceList::default()
        };
        list.sort_newest_first();
        let ids: Vec<&str> = list.traces.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["1-c", "1-b", "1-a"]);
        assert_eq!(list.newest().map(|t| t.id.as_str()), Some("1-c"));
    }

    #[test]
    fn delivery_counts_traces_and_says_how_old_the_newest_is() {
        let now = UNIX_EPOCH + Duration::from_secs(1000);
        let mut list = TraceList::default();
        assert_eq!(list.delivery(now), "no traces in the last 15 min");

        list.traces = vec![summary("1-b", 960.0), summary("1-a", 100.0)];
        assert_eq!(
            list.delivery(now),
            "2 traces in the last 15 min, newest 40 s ago"
        );
        list.traces.truncate(1);
        list.traces[0].start_unix_s = 700.0;
        assert_eq!(
            list.delivery(now),
            "1 trace in the last 15 min, newest 5 min ago"
        );
        assert_eq!(list.started_after(699.0).count(), 1);
        assert_eq!(list.started_after(700.0).count(), 0);
    }

    #[test]
    fn summary_json_has_exactly_the_design_fields() {
        let mut trace = summary("1-a", 100.0);
        trace.http_status = Some(502);
        trace.fault = true;
        let json = serde_json::to_value(&trace).unwrap_or_default();
        let mut keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        keys.sort();
        assert_eq!(
            keys,
            [
                "duration_s",
                "error",
                "fault",
                "http_status",
                "id",
                "start",
                "throttle"
            ]
        );
        assert_eq!(json["http_status"], 502);
    }
}
