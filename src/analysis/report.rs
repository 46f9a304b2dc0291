//! What the analysis produces: a verdict per function, the findings that
//! explain it and, per subnet, the hops its trace data crosses.

use serde::Serialize;
use std::fmt;

/// The stable check ids of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    TracingNotActive,
    RoleMissingXrayPermissions,
    ManagedDaemonOutsideVpc,
    NoRouteToXray,
    EndpointWrongRegion,
    EndpointNotAvailable,
    EndpointPrivateDnsDisabled,
    VpcDnsSupportDisabled,
    VpcDnsHostnamesDisabled,
    CustomDnsServers,
    EndpointSgBlocksHttps,
    FunctionSgBlocksHttps,
    NaclDeniesRequest,
    NaclDeniesResponse,
    EndpointPolicyDenies,
    EndpointAzNotCovered,
    RouteToIgwWithoutPublicIp,
    NatGatewayUnavailable,
    NatSubnetNoInternetRoute,
    RouteLeavesAnalysis,
    DaemonHostNotFound,
    #[serde(rename = "daemon-sg-blocks-2000")]
    DaemonSgBlocks2000,
    #[serde(rename = "function-sg-blocks-2000")]
    FunctionSgBlocks2000,
    DaemonHostNoRouteToXray,
    DataUnreadable,
    NoRecentTraces,
}

impl CheckId {
    /// Every id, in DESIGN.md's order.
    pub const ALL: [Self; 26] = [
        Self::TracingNotActive,
        Self::RoleMissingXrayPermissions,
        Self::ManagedDaemonOutsideVpc,
        Self::NoRouteToXray,
        Self::EndpointWrongRegion,
        Self::EndpointNotAvailable,
        Self::EndpointPrivateDnsDisabled,
        Self::VpcDnsSupportDisabled,
        Self::VpcDnsHostnamesDisabled,
        Self::CustomDnsServers,
        Self::EndpointSgBlocksHttps,
        Self::FunctionSgBlocksHttps,
        Self::NaclDeniesRequest,
        Self::NaclDeniesResponse,
        Self::EndpointPolicyDenies,
        Self::EndpointAzNotCovered,
        Self::RouteToIgwWithoutPublicIp,
        Self::NatGatewayUnavailable,
        Self::NatSubnetNoInternetRoute,
        Self::RouteLeavesAnalysis,
        Self::DaemonHostNotFound,
        Self::DaemonSgBlocks2000,
        Self::FunctionSgBlocks2000,
        Self::DaemonHostNoRouteToXray,
        Self::DataUnreadable,
        Self::NoRecentTraces,
    ];

    /// The id as DESIGN.md spells it, e.g. `nacl-denies-request`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TracingNotActive => "tracing-not-active",
            Self::RoleMissingXrayPermissions => "role-missing-xray-permissions",
            Self::ManagedDaemonOutsideVpc => "managed-daemon-outside-vpc",
            Self::NoRouteToXray => "no-route-to-xray",
            Self::EndpointWrongRegion => "endpoint-wrong-region",
            Self::EndpointNotAvailable => "endpoint-not-available",
            Self::EndpointPrivateDnsDisabled => "endpoint-private-dns-disabled",
            Self::VpcDnsSupportDisabled => "vpc-dns-support-disabled",
            Self::VpcDnsHostnamesDisabled => "vpc-dns-hostnames-disabled",
            Self::CustomDnsServers => "custom-dns-servers",
            Self::EndpointSgBlocksHttps => "endpoint-sg-blocks-https",
            Self::FunctionSgBlocksHttps => "function-sg-blocks-https",
            Self::NaclDeniesRequest => "nacl-denies-request",
            Self::NaclDeniesResponse => "nacl-denies-response",
            Self::EndpointPolicyDenies => "endpoint-policy-denies",
            Self::EndpointAzNotCovered => "endpoint-az-not-covered",
            Self::RouteToIgwWithoutPublicIp => "route-to-igw-without-public-ip",
            Self::NatGatewayUnavailable => "nat-gateway-unavailable",
            Self::NatSubnetNoInternetRoute => "nat-subnet-no-internet-route",
            Self::RouteLeavesAnalysis => "route-leaves-analysis",
            Self::DaemonHostNotFound => "daemon-host-not-found",
            Self::DaemonSgBlocks2000 => "daemon-sg-blocks-2000",
            Self::FunctionSgBlocks2000 => "function-sg-blocks-2000",
            Self::DaemonHostNoRouteToXray => "daemon-host-no-route-to-xray",
            Self::DataUnreadable => "data-unreadable",
            Self::NoRecentTraces => "no-recent-traces",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CheckId;

    #[test]
    fn json_ids_are_the_documented_ids() {
        for check in CheckId::ALL {
            let json = serde_json::to_string(&check).expect("serialises");
            assert_eq!(json, format!("\"{}\"", check.as_str()));
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters. Ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The lowercase name used in text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// The answer for one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Reachable,
    Partial,
    Blocked,
    Unknown,
}

impl Verdict {
    /// The lowercase name used in text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reachable => "reachable",
            Self::Partial => "partial",
            Self::Blocked => "blocked",
            Self::Unknown => "unknown",
        }
    }
}

/// Who sends the function's trace data (DESIGN.md, "How trace data leaves").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sender {
    LambdaDaemon,
    InFunction,
    VpcDaemon,
}

impl Sender {
    /// The kebab-case name used in text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LambdaDaemon => "lambda-daemon",
            Self::InFunction => "in-function",
            Self::VpcDaemon => "vpc-daemon",
        }
    }
}

/// The way the trace data leaves (or would leave) the VPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteKind {
    VpcEndpoint,
    NatGateway,
    DaemonHost,
    OutsideVpc,
    None,
}

impl RouteKind {
    /// The kebab-case name used in text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VpcEndpoint => "vpc-endpoint",
            Self::NatGateway => "nat-gateway",
            Self::DaemonHost => "daemon-host",
            Self::OutsideVpc => "outside-vpc",
            Self::None => "none",
        }
    }
}

/// The step of the path a finding is about; the graph maps each to a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hop {
    /// Tracing mode and sender: the function itself.
    Function,
    /// The function's security groups and its subnet's ACL and route table.
    Subnet,
    /// Name resolution of `xray.<region>.amazonaws.com`.
    Dns,
    /// The interface endpoint: its groups, subnets' ACLs and policy.
    Endpoint,
    /// The NAT gateway and its subnet's way to the internet gateway.
    NatGateway,
    /// An X-Ray daemon on a host in the VPC, and that host's own path.
    DaemonHost,
    /// The X-Ray service: the role's permissions.
    Xray,
}

/// How one hop or one subnet's whole path came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Only part of the traffic gets through (part of a subnet, a warning).
    Partial,
    Fail,
    /// Some data could not be read, or the path leaves what xraypath follows.
    Unknown,
}

impl Status {
    /// The worse of two statuses: fail > partial > unknown > pass.
    pub fn worst(self, other: Self) -> Self {
        let rank = |s: Self| match s {
            Self::Pass => 0,
            Self::Unknown => 1,
            Self::Partial => 2,
            Self::Fail => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// One thing the analysis found, with the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: CheckId,
    pub severity: Severity,
    /// The resources involved: groups, ACLs, subnets, endpoints, roles.
    pub resources: Vec<String>,
    /// Plain words, naming the exact rule, e.g. "acl-0a1 rule 90 denies …".
    pub message: String,
    /// An AWS CLI command that would fix it, for review; never run.
    pub fix: Option<String>,
    /// For `daemon-host-no-route-to-xray`: the daemon host's own findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Finding>,
    /// The hop the finding belongs to (not part of the JSON contract).
    #[serde(skip)]
    pub hop: Hop,
    /// The function subnet the finding is about, if it is about one.
    #[serde(skip)]
    pub subnet: Option<String>,
}

/// One function subnet's path to X-Ray.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetPath {
    pub subnet_id: String,
    pub availability_zone: String,
    pub route: RouteKind,
    pub status: Status,
    /// The resources the path crosses after the subnet, in order
    /// (an endpoint id, or a NAT gateway id then an internet gateway id).
    pub via: Vec<String>,
    /// Each hop's status on this subnet's path.
    pub hops: Vec<(Hop, Status)>,
}

/// The verdict for one function, as `check --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionReport {
    pub name: String,
    pub arn: String,
    pub vpc_id: Option<String>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub tracing: &'static str,
    pub sender: Sender,
    pub route: RouteKind,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    /// Per-subnet paths for the graph (not part of the JSON contract).
    #[serde(skip)]
    pub paths: Vec<SubnetPath>,
}

impl FunctionReport {
    /// The findings that belong to one hop, optionally for one subnet
    /// (findings not tied to a subnet are always included).
    pub fn findings_for(&self, hop: Hop, subnet: Option<&str>) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.hop == hop)
            .filter(|f| match (subnet, &f.subnet) {
                (Some(wanted), Some(own)) => wanted == own,
                _ => true,
            })
            .collect()
    }

    /// Whether any finding has this check id.
    pub fn has(&self, check: CheckId) -> bool {
        self.findings.iter().any(|f| f.check == check)
    }

    /// The status of one hop across all subnets (worst wins); `None` when
    /// the path never crosses it.
    pub fn hop_status(&self, hop: Hop) -> Option<Status> {
        self.paths
            .iter()
            .flat_map(|p| p.hops.iter())
            .filter(|(h, _)| *h == hop)
            .map(|(_, s)| *s)
            .reduce(Status::worst)
    }
}

/// Every function's verdict in one account and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema: u32,
    pub region: String,
    pub account: String,
    pub functions: Vec<FunctionReport>,
    /// Positions in `functions` by name, built on the first lookup.
    #[serde(skip)]
    by_name: NameIndex,
}

/// Where each function sits in a report's list. Lookups check the name
/// they land on, so a list changed after the index was built is never
/// answered wrongly (only more slowly, by a search).
#[derive(Debug, Default)]
struct NameIndex(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl Clone for NameIndex {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for NameIndex {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for NameIndex {}

impl Report {
    /// A report of these functions.
    pub fn new(region: String, account: String, functions: Vec<FunctionReport>) -> Self {
        Self {
            schema: crate::model::SCHEMA_VERSION,
            region,
            account,
            functions,
            by_name: NameIndex::default(),
        }
    }

    /// The report for one function, by name.
    ///
    /// The function list and the graph ask for every function of a region
    /// every frame: a hash lookup answers, where a scan would be quadratic
    /// and even a binary search misses the cache at each step. A name the
    /// index does not know (the list changed after it was built) is
    /// searched for.
    pub fn function(&self, name: &str) -> Option<&FunctionReport> {
        let index = self.by_name.0.get_or_init(|| {
            let names = self.functions.iter().enumerate();
            names.map(|(i, f)| (f.name.clone(), i)).collect()
        });
        let found = index
            .get(name)
            .and_then(|&i| self.functions.get(i))
            .filter(|f| f.name == name);
        found.or_else(|| self.functions.iter().find(|f| f.name == name))
    }
}
