//! Pure and synchronous: a [`Snapshot`] in, a [`Report`] out. No I/O.
//!
//! Each hop of DESIGN.md's path has its own file; [`function::judge`]
//! walks them per function subnet and folds the results into a verdict.

mod addresses;
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
pub use resolution::{DnsEnd, DnsStep, DnsStepKind, DnsTrace, StepOutcome};
pub use report::{
    CheckId, Finding, FunctionReport, Hop, Report, RouteKind, Sender, Severity, Status, SubnetPath,
    Verdict,
};

use crate::model::{Index, SCHEMA_VERSION, Snapshot};

/// Judges every function of the snapshot; the report lists them by name.
pub fn analyze(snapshot: &Snapshot) -> Report {
    let index = Index::new(snapshot);
    let mut functions: Vec<FunctionReport> = snapshot
        .functions
        .iter()
        .map(|f| function::judge(&index, f))
        .collect();
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    Report {
        schema: SCHEMA_VERSION,
        region: snapshot.region.clone(),
        account: snapshot.account.clone(),
        functions,
    }
}

/// Judges one function (by name) against a prepared index: what an edit
/// or a click needs, without re-judging the whole region.
pub fn analyze_function(index: &Index<'_>, name: &str) -> Option<FunctionReport> {
    index
        .snapshot
        .functions
        .iter()
        .find(|f| f.name == name)
        .map(|f| function::judge(index, f))
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
