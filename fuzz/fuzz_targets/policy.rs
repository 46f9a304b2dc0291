//! Any JSON as a policy document: the evaluator answers, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xraypath::analysis::policy::{Request, evaluate};

fuzz_target!(|data: &[u8]| {
    let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for principal in [None, Some("arn:aws:iam::123456789012:role/fn")] {
        let request = Request { action: "xray:PutTraceSegments", resource: "*", principal };
        let _ = evaluate([&document], request);
    }
});
