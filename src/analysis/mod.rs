//! Pure and synchronous: a [`Snapshot`] in, a [`Report`] out. No I/O.
//!
//! Each hop of DESIGN.md's path has its own file; [`function::judge`]
//! walks them per function subnet and folds the results into a verdict.

mod addresses;
mod cache;
mod connection;
mod daemon;
mod dns;
mod endpoint;
mod endpoint_policy;
mod function;
mod iam;
mod judge;
mod nat;
pub mod network_acl;
pub mod policy;
mod report;
mod resolution;
pub mod security_group;
mod sender;

pub use addresses::{Coverage, Peer};
pub use report::{
    CheckId, Finding, FunctionReport, Hop, Report, RouteKind, Sender, Severity, Status, SubnetPath,
    Verdict,
};
pub use resolution::{DnsEnd, DnsStep, DnsStepKind, DnsTrace, StepOutcome};

use crate::model::{Function, Index, Snapshot};
use cache::Cache;

/// Judges every function of the snapshot; the report lists them by name.
pub fn analyze(snapshot: &Snapshot) -> Report {
    let index = Index::new(snapshot);
    let cache = Cache::default();
    let mut functions = judge_all(&index, &cache, &snapshot.functions);
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    Report::new(snapshot.region.clone(), snapshot.account.clone(), functions)
}

/// Below this many functions, one thread judges them all.
const PARALLEL_ABOVE: usize = 512;

/// Judges every function, the list split over the machine's cores: each
/// function is judged on its own, so the parts share nothing but the index.
fn judge_all<'a>(
    index: &Index<'a>,
    cache: &Cache<'a>,
    functions: &[Function],
) -> Vec<FunctionReport> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || functions.len() < PARALLEL_ABOVE {
        return functions
            .iter()
            .map(|f| function::judge(index, cache, f))
            .collect();
    }
    let part = functions.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = functions
            .chunks(part)
            .enumerate()
            .map(|(i, chunk)| {
                let worker = std::thread::Builder::new()
                    .name(format!("xraypath-analysis-{i}"))
                    .spawn_scoped(scope, move || {
                        chunk
                            .iter()
                            .map(|f| function::judge(index, cache, f))
                            .collect::<Vec<_>>()
                    });
                (chunk, worker)
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|(chunk, worker)| match worker.map(|w| w.join()) {
                Ok(Ok(reports)) => reports,
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                // No thread to be had: this one judges the part itself.
                Err(_) => chunk
                    .iter()
                    .map(|f| function::judge(index, cache, f))
                    .collect(),
            })
            .collect()
    })
}

/// Judges one function (by name) against a prepared index: what an edit
/// or a click needs, without re-judging the whole region.
pub fn analyze_function(index: &Index<'_>, name: &str) -> Option<FunctionReport> {
    index
        .snapshot
        .functions
        .iter()
        .find(|f| f.name == name)
        .map(|f| function::judge(index, &Cache::default(), f))
}

/// How `xray.<region>.amazonaws.com` resolves in one VPC, step by step
/// (DHCP servers, VPC resolver, Resolver rule, private hosted zone,
/// endpoint private DNS, public DNS), and the addresses it ends at: what
/// the inspector's DNS view shows. `None` when the VPC is not in the
/// snapshot. Every subnet of a VPC resolves the same way.
pub fn dns_trace(index: &Index<'_>, vpc_id: &str) -> Option<DnsTrace> {
    let vpc = index.vpcs.get(vpc_id).copied()?;
    Some(resolution::walk(index, vpc).trace)
}
