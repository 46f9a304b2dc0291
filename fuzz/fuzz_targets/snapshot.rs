//! Any bytes given as a snapshot file: an error or a snapshot, never a
//! panic; and whatever loads must also analyse without one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use xraypath::model::Snapshot;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(snapshot) = Snapshot::from_json(text, Path::new("fuzz.json")) {
        let _ = xraypath::analysis::analyze(&snapshot);
    }
});
