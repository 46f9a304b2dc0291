//! Delivery next to the verdict: what the last trace read says about a
//! function, shortly for the list and in words for the inspector, and
//! what it means when the prediction (the path) and the proof (traces)
//! disagree.

use crate::analysis::{FunctionReport, Sender, Verdict};
use crate::model::TraceList;

/// A few characters for the function list: `12 traces` or `no traces`.
pub fn hint(list: &TraceList) -> String {
    match list.traces.len() {
        0 => "no traces".to_owned(),
        1 => "1 trace".to_owned(),
        n => format!("{n} traces"),
    }
}

/// What it means when the verdict and the traces disagree; `None` when
/// they agree (or say too little to disagree).
pub fn disagreement(function: &FunctionReport, list: &TraceList) -> Option<String> {
    let arriving = !list.traces.is_empty();
    let window = list.window.label();
    match (function.verdict, arriving) {
        (Verdict::Blocked | Verdict::Partial, true) if function.sender == Sender::LambdaDaemon => {
            Some(
                "Traces arrive although the path is not open. With the lambda-daemon \
                 sender, Lambda's own daemon uploads the function's segments without \
                 using the VPC, so they get through; calls that the function's code \
                 makes to X-Ray (sampling rules, SDK calls, exporters) still fail."
                    .to_owned(),
            )
        }
        (Verdict::Blocked, true) => Some(
            "Traces arrive although the path is judged blocked: some of them may \
             come from another sender (Lambda's own segments), or traffic leaves \
             through a way xraypath cannot see. Compare the segments' origins."
                .to_owned(),
        ),
        (Verdict::Reachable, false) => Some(format!(
            "The path is open, but no traces arrived in the last {window}. Check \
             the tracing mode (PassThrough records only requests that arrive \
             sampled), the sampling rules, whether the function was invoked at \
             all, and that its role allows xray:PutTraceSegments."
        )),
        _ => None,
    }
}
