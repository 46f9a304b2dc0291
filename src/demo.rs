//! The bundled demo account, so anyone can learn offline: one function per
//! lesson (see `tools/make_demo.py`, which writes `assets/demo.json`).

use crate::model::Snapshot;
use std::path::Path;

/// The demo snapshot's JSON, compiled into the binary.
pub const DEMO_JSON: &str = include_str!("../assets/demo.json");

/// The label the app and the command line show for the demo.
pub const DEMO_LABEL: &str = "demo account (bundled)";

/// The demo account. The file is tested to parse; should it ever fail,
/// an empty account is shown rather than a crash.
pub fn snapshot() -> Snapshot {
    Snapshot::from_json(DEMO_JSON, Path::new("assets/demo.json")).unwrap_or_else(|error| {
        tracing::error!(%error, "the bundled demo snapshot does not parse");
        Snapshot::new("us-east-1", "000000000000")
    })
}
