//! Plain owned data describing one account and region: the topology that
//! the analysis judges, the graph draws and a snapshot file stores.
//!
//! Nothing here knows about the AWS SDK, egui or tokio. Every list is kept
//! in the order it was read; lookups go through [`Index`], built once per
//! snapshot.

mod daemon;
mod dns;
mod function;
mod index;
mod network;
mod redact;
mod security;
mod segment;
mod snapshot;
mod trace;
mod validate;

pub use daemon::{DAEMON_PORT, DaemonAddress, DaemonDeclaration, DaemonScope, Instance};
pub use dns::{
    DnsRecord, HostedZone, RecordType, ResolverRule, ResolverRuleType, domain_covers, label_count,
    normalize_name, relevant_records, xray_name,
};
pub use function::{Function, FunctionVpc, Policy, Role, TracingMode};
pub use index::Index;
pub use network::{
    DhcpOptions, InternetGateway, NatGateway, NetworkInterface, Route, RouteDestination,
    RouteState, RouteTable, RouteTarget, Subnet, Vpc, VpcEndpoint,
};
pub use redact::REDACTED_ACCOUNT;
pub use security::{
    AclAction, AclEntry, NetworkAcl, PortRange, PrefixList, Protocol, RulePeer, SecurityGroup,
    SecurityGroupRule,
};
pub use segment::{SegmentError, parse_trace};
pub use snapshot::{
    DataSource, MAX_SNAPSHOT_BYTES, SCHEMA_VERSION, Snapshot, SnapshotError, Unreadable,
};
pub use trace::{
    TimelineRow, TraceDetail, TraceList, TraceStatus, TraceSummary, TraceWindow, trace_id_start,
};
