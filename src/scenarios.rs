//! The scenario library: small bundled snapshots, one per lesson, for
//! trainers (see `tools/make_scenarios.py`, which writes
//! `assets/scenarios/`). Each file is compiled in, so the library works
//! offline and from any directory; `assets/scenarios/index.json` says what
//! each one teaches and which verdict and check its function must show, and
//! `tests/scenarios.rs` holds every scenario to that.

use crate::analysis::{CheckId, Verdict};
use crate::model::{Snapshot, SnapshotError};
use serde::Deserialize;
use std::path::PathBuf;

/// `(file name, contents)` of one file of `assets/scenarios`.
macro_rules! scenario_file {
    ($file:literal) => {
        ($file, include_str!(concat!("../assets/scenarios/", $file)))
    };
}

/// The index's JSON, compiled into the binary.
const INDEX_JSON: &str = include_str!("../assets/scenarios/index.json");

/// Every scenario file, by file name, compiled into the binary. A file
/// missing here fails `tests/scenarios.rs`.
const FILES: &[(&str, &str)] = &[
    scenario_file!("healthy-endpoint.json"),
    scenario_file!("no-endpoint-no-nat.json"),
    scenario_file!("private-dns-off.json"),
    scenario_file!("dns-hostnames-off.json"),
    scenario_file!("endpoint-group-closed.json"),
    scenario_file!("function-egress-closed.json"),
    scenario_file!("acl-drops-replies.json"),
    scenario_file!("nat-healthy.json"),
    scenario_file!("nat-without-internet-route.json"),
    scenario_file!("endpoint-policy-denies.json"),
    scenario_file!("role-without-permission.json"),
    scenario_file!("passthrough.json"),
    scenario_file!("daemon-host.json"),
    scenario_file!("custom-dns.json"),
];

/// One lesson of the library, as the "Open scenario" menu lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// A short title for a menu, e.g. "Endpoint with private DNS off".
    pub title: String,
    /// Two or three sentences a trainer reads out.
    pub teaches: String,
    /// The function whose path shows the lesson.
    pub function: String,
    /// The verdict that function gets.
    pub verdict: Verdict,
    /// The check id the lesson is about; `None` for a healthy path.
    pub check: Option<CheckId>,
    /// The file name in `assets/scenarios`, e.g. `private-dns-off.json`;
    /// what [`load`] takes.
    pub file: String,
}

impl Scenario {
    /// The scenario's snapshot.
    pub fn snapshot(&self) -> Result<Snapshot, SnapshotError> {
        load(&self.file)
    }

    /// The label the app and the command line show for this source.
    pub fn label(&self) -> String {
        format!("scenario: {} (bundled)", self.title)
    }
}

/// One entry of `index.json` as written; ids are checked when converted.
#[derive(Deserialize)]
struct Entry {
    file: String,
    title: String,
    teaches: String,
    function: String,
    verdict: String,
    check: Option<String>,
}

impl Entry {
    fn into_scenario(self) -> Option<Scenario> {
        let verdict = [
            Verdict::Reachable,
            Verdict::Partial,
            Verdict::Blocked,
            Verdict::Unknown,
        ]
        .into_iter()
        .find(|v| v.as_str() == self.verdict)?;
        let check = match &self.check {
            Some(id) => Some(CheckId::ALL.into_iter().find(|c| c.as_str() == id)?),
            None => None,
        };
        Some(Scenario {
            title: self.title,
            teaches: self.teaches,
            function: self.function,
            verdict,
            check,
            file: self.file,
        })
    }
}

/// Every scenario in lesson order. The index is compiled in and tested;
/// should an entry ever fail to parse it is logged and left out.
pub fn list() -> Vec<Scenario> {
    let entries: Vec<Entry> = match serde_json::from_str(INDEX_JSON) {
        Ok(entries) => entries,
        Err(error) => {
            tracing::error!(%error, "the bundled scenario index does not parse");
            return Vec::new();
        }
    };
    entries
        .into_iter()
        .filter_map(|entry| {
            let file = entry.file.clone();
            let scenario = entry.into_scenario();
            if scenario.is_none() {
                tracing::error!(%file, "scenario index entry names an unknown verdict or check");
            }
            scenario
        })
        .collect()
}

/// The names of every bundled scenario file, in lesson order.
pub fn files() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(file, _)| *file)
}

/// A bundled scenario's snapshot, by file name (`private-dns-off.json`) or
/// stem (`private-dns-off`).
pub fn load(name: &str) -> Result<Snapshot, SnapshotError> {
    let stem = name.strip_suffix(".json").unwrap_or(name);
    let origin = PathBuf::from(format!("assets/scenarios/{stem}.json"));
    let text = FILES
        .iter()
        .find(|(file, _)| file.strip_suffix(".json") == Some(stem))
        .map(|(_, text)| *text);
    match text {
        Some(text) => Snapshot::from_json(text, &origin),
        None => Err(SnapshotError::Read {
            path: origin,
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no bundled scenario named {name:?}"),
            ),
        }),
    }
}
