//! What the inspector's DNS view shows: the X-Ray name, each step of its
//! resolution in one VPC with what the step did, and where it ends.

/// How the X-Ray name resolves in one VPC, for the DNS view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsTrace {
    /// e.g. `xray.us-east-1.amazonaws.com`.
    pub name: String,
    pub vpc_id: String,
    /// Every step the query meets, in order.
    pub steps: Vec<DnsStep>,
    /// Where the query ends.
    pub end: DnsEnd,
    /// The addresses it ends at, when known (empty for public DNS).
    pub addresses: Vec<String>,
    /// False when a step before the end made the answer uncertain
    /// (custom name servers, data that could not be read).
    pub certain: bool,
}

/// One step of the resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsStep {
    pub kind: DnsStepKind,
    /// What this step saw and did, in a sentence, naming the resources.
    pub detail: String,
    pub outcome: StepOutcome,
}

/// Which part of VPC name resolution a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsStepKind {
    /// The DHCP option set's `domain-name-servers`.
    DhcpServers,
    /// The VPC resolver itself (`enableDnsSupport`).
    VpcResolver,
    /// Route 53 Resolver rules associated with the VPC.
    ResolverRule,
    /// Route 53 private hosted zones associated with the VPC.
    PrivateZone,
    /// The X-Ray interface endpoint's private DNS name.
    EndpointPrivateDns,
    /// Public DNS: X-Ray's public addresses.
    Public,
}

impl DnsStepKind {
    /// A short title for the step, e.g. `Resolver rule`.
    pub fn title(self) -> &'static str {
        match self {
            Self::DhcpServers => "DHCP name servers",
            Self::VpcResolver => "VPC resolver",
            Self::ResolverRule => "Resolver rule",
            Self::PrivateZone => "Private hosted zone",
            Self::EndpointPrivateDns => "Endpoint private DNS",
            Self::Public => "Public DNS",
        }
    }
}

/// What a step did with the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// Does not apply: the query moves on to the next step.
    PassedOn,
    /// Answers the query.
    Answered,
    /// Makes the answer unknown (sent elsewhere, or not readable).
    Unknown,
    /// Ends the query without a usable answer.
    Failed,
    /// Never reached, because an earlier step sent the query away.
    NotReached,
}

impl StepOutcome {
    /// The lowercase name, e.g. `passed on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PassedOn => "passed on",
            Self::Answered => "answered",
            Self::Unknown => "unknown",
            Self::Failed => "failed",
            Self::NotReached => "not reached",
        }
    }
}

/// Where the query ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsEnd {
    /// The X-Ray interface endpoint (its id) in this VPC.
    Endpoint(String),
    /// X-Ray's public addresses.
    Public,
    /// Addresses that are not this VPC's X-Ray endpoint: another VPC's
    /// endpoint, a network beyond a peering or transit gateway, a host.
    Elsewhere,
    /// No usable answer: NXDOMAIN, a useless record, the resolver off.
    NoAnswer,
    /// Sent to servers xraypath cannot see, or not readable.
    Unknown,
}

impl DnsTrace {
    /// One line for the end of the trace, e.g. `the endpoint vpce-0a1 (10.0.1.5)`.
    pub fn summary(&self) -> String {
        let addresses = if self.addresses.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.addresses.join(", "))
        };
        let end = match &self.end {
            DnsEnd::Endpoint(id) => format!("the X-Ray endpoint {id}{addresses}"),
            DnsEnd::Public => "X-Ray's public addresses".to_owned(),
            DnsEnd::Elsewhere => format!("addresses outside this VPC's X-Ray endpoint{addresses}"),
            DnsEnd::NoAnswer => "no usable answer".to_owned(),
            DnsEnd::Unknown => "an answer xraypath cannot see".to_owned(),
        };
        let doubt = if self.certain {
            ""
        } else {
            " (uncertain: see the steps marked unknown)"
        };
        format!("{} resolves to {end}{doubt}", self.name)
    }
}

impl DnsTrace {
    pub(super) fn push(&mut self, kind: DnsStepKind, detail: String, outcome: StepOutcome) {
        self.steps.push(DnsStep {
            kind,
            detail,
            outcome,
        });
    }
}
