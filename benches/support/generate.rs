//! A synthetic account of any size, the same for the same size and seed:
//! VPCs with public and private subnets, security groups full of rules
//! (group references, CIDRs, prefix lists), numbered ACLs, X-Ray and other
//! endpoints, NAT gateways and thousands of functions, arranged so that
//! every verdict appears.
//!
//! Each VPC gets one of ten layouts by its number (see [`Layout`]); each
//! role one of three permission sets. The mix of verdicts follows from
//! those two, so it is stable across seeds; the seed moves everything else
//! (which subnets and groups a function uses, rule ports, names).

use ipnet::Ipv4Net;
use serde_json::json;
use std::net::Ipv4Addr;
use xraypath::model::{
    AclAction, AclEntry, DhcpOptions, Function, FunctionVpc, InternetGateway, NatGateway,
    NetworkAcl, NetworkInterface, Policy, PortRange, PrefixList, Protocol, Role, Route,
    RouteDestination, RouteState, RouteTable, RouteTarget, RulePeer, SecurityGroup,
    SecurityGroupRule, Snapshot, Subnet, TracingMode, Vpc, VpcEndpoint,
};

/// How big an account to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub functions: usize,
    pub vpcs: usize,
    /// Subnet 0 of each VPC is public (NAT gateways live there).
    pub subnets_per_vpc: usize,
    pub groups_per_vpc: usize,
    /// Rules per group, ingress and egress together.
    pub rules_per_group: usize,
    /// The default ACL plus custom ones, per VPC.
    pub acls_per_vpc: usize,
    pub entries_per_acl: usize,
    /// Every VPC gets two endpoints (X-Ray or SSM, and S3).
    pub endpoints_per_vpc: usize,
    pub roles: usize,
    pub prefix_lists: usize,
}

impl Size {
    /// Issue #5's large region: 10,000 functions, 200 VPCs, 1,000 subnets,
    /// 2,000 groups with 20,000 rules, 1,000 ACLs of 20 entries, 400
    /// endpoints and (through the layouts) 100 NAT gateways.
    pub const LARGE: Self = Self {
        functions: 10_000,
        vpcs: 200,
        subnets_per_vpc: 5,
        groups_per_vpc: 10,
        rules_per_group: 10,
        acls_per_vpc: 5,
        entries_per_acl: 20,
        endpoints_per_vpc: 2,
        roles: 500,
        prefix_lists: 20,
    };

    /// A size scaled down from [`Size::LARGE`] to `functions` functions and
    /// `groups` security groups (the fetch bench's account).
    pub fn scaled(functions: usize, groups: usize) -> Self {
        let vpcs = (groups / Self::LARGE.groups_per_vpc).max(1);
        Self {
            functions,
            vpcs,
            roles: (functions / 20).max(3),
            ..Self::LARGE
        }
    }
}

/// What a VPC's layout makes of its functions' paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// An X-Ray endpoint with private DNS and a NAT gateway: reachable.
    EndpointAndNat,
    /// An X-Ray endpoint only: reachable.
    Endpoint,
    /// An X-Ray endpoint whose group only admits port 80: blocked.
    EndpointClosed,
    /// A working NAT gateway: reachable.
    Nat,
    /// A NAT gateway in state `failed`: blocked.
    NatFailed,
    /// Neither: blocked (`no-route-to-xray`).
    Isolated,
    /// Public traffic goes to a transit gateway: unknown.
    TransitGateway,
    /// A NAT gateway, but one subnet's ACL denies 443 out: partial.
    NatAclDeny,
}

impl Layout {
    /// Ten VPCs in a row: three endpoint VPCs, five NAT VPCs (one per two
    /// VPCs has a NAT gateway), one isolated, one behind a transit gateway.
    pub fn of_vpc(v: usize) -> Self {
        match v % 10 {
            0 => Self::EndpointAndNat,
            1 | 2 => Self::Endpoint,
            3 => Self::EndpointClosed,
            4 | 5 => Self::Nat,
            6 => Self::NatFailed,
            7 => Self::Isolated,
            8 => Self::TransitGateway,
            _ => Self::NatAclDeny,
        }
    }

    fn has_xray_endpoint(self) -> bool {
        matches!(
            self,
            Self::EndpointAndNat | Self::Endpoint | Self::EndpointClosed
        )
    }

    fn has_nat(self) -> bool {
        matches!(
            self,
            Self::EndpointAndNat | Self::Nat | Self::NatFailed | Self::NatAclDeny
        )
    }
}

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "111122223333";
const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const WORDS: [&str; 12] = [
    "orders", "billing", "search", "thumbs", "ledger", "export", "notify", "ingest", "auth",
    "report", "sync", "audit",
];

fn net(a: u8, b: u8, c: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(a, b, c, 0), len).unwrap_or_default()
}

/// VPC `v`'s range: 10.x.y.0/20-ish blocks, unique for up to 4,096 VPCs.
fn vpc_net(v: usize) -> Ipv4Net {
    let (high, low) = (v / 16, v % 16);
    net(
        10,
        u8::try_from(high).unwrap_or(255),
        u8::try_from(low * 16).unwrap_or(0),
        20,
    )
}

fn subnet_net(v: usize, s: usize) -> Ipv4Net {
    let base = vpc_net(v).network().octets();
    net(base[0], base[1], base[2] + u8::try_from(s).unwrap_or(0), 24)
}

fn id(prefix: &str, v: usize, n: usize) -> String {
    format!("{prefix}-{v:05x}{n:04x}")
}

fn tcp(from: u16, to: u16, peer: RulePeer) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange { from, to }),
        peer,
        description: None,
    }
}

fn all_traffic(peer: RulePeer) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::All,
        ports: None,
        peer,
        description: None,
    }
}

fn acl_entry(
    n: i32,
    egress: bool,
    action: AclAction,
    cidr: Ipv4Net,
    ports: Option<(u16, u16)>,
) -> AclEntry {
    AclEntry {
        rule_number: n,
        egress,
        protocol: if ports.is_some() {
            Protocol::Tcp
        } else {
            Protocol::All
        },
        action,
        cidr,
        ports: ports.map(|(from, to)| PortRange { from, to }),
    }
}

/// The account for `size` and `seed`.
pub fn generate(size: Size, seed: u64) -> Snapshot {
    let mut rng = Rng(seed);
    let mut s = Snapshot::new(REGION, ACCOUNT);
    s.fetched_at = Some("2026-12-01T09:00:00Z".to_owned());
    s.dhcp_options.push(DhcpOptions {
        id: "dopt-default".to_owned(),
        domain_name_servers: vec!["AmazonProvidedDNS".to_owned()],
    });

    for p in 0..size.prefix_lists {
        let cidrs = (0..10)
            .map(|i| {
                net(
                    52,
                    u8::try_from(p).unwrap_or(0),
                    u8::try_from(i * 8).unwrap_or(0),
                    21,
                )
            })
            .collect();
        s.prefix_lists.push(PrefixList {
            id: id("pl", 0, p),
            name: format!("corp-{p}"),
            cidrs,
        });
    }
    roles(&mut s, size.roles);
    for v in 0..size.vpcs {
        vpc(&mut s, &mut rng, size, v);
    }
    functions(&mut s, &mut rng, size);
    s
}

/// One VPC with everything in it; functions come later.
fn vpc(s: &mut Snapshot, rng: &mut Rng, size: Size, v: usize) {
    let layout = Layout::of_vpc(v);
    let vpc_id = id("vpc", v, 0);
    s.vpcs.push(Vpc {
        id: vpc_id.clone(),
        name: Some(format!("{}-{v}", WORDS[v % WORDS.len()])),
        cidr_blocks: vec![vpc_net(v)],
        dns_support: Some(true),
        dns_hostnames: Some(true),
        dhcp_options_id: Some("dopt-default".to_owned()),
    });
    let subnet_ids: Vec<String> = (0..size.subnets_per_vpc)
        .map(|n| id("subnet", v, n))
        .collect();
    for (n, subnet) in subnet_ids.iter().enumerate() {
        s.subnets.push(Subnet {
            id: subnet.clone(),
            vpc_id: vpc_id.clone(),
            name: Some(format!(
                "{}-{}",
                if n == 0 { "public" } else { "private" },
                n
            )),
            cidr: subnet_net(v, n),
            availability_zone: ZONES[n % ZONES.len()].to_owned(),
        });
    }

    let igw = id("igw", v, 0);
    s.internet_gateways.push(InternetGateway {
        id: igw.clone(),
        attached_vpc_ids: vec![vpc_id.clone()],
    });
    let nat = id("nat", v, 0);
    if layout.has_nat() {
        let state = if layout == Layout::NatFailed {
            "failed"
        } else {
            "available"
        };
        s.nat_gateways.push(NatGateway {
            id: nat.clone(),
            vpc_id: vpc_id.clone(),
            subnet_id: subnet_ids[0].clone(),
            state: state.to_owned(),
            connectivity: "public".to_owned(),
        });
    }
    route_tables(s, layout, v, &vpc_id, &subnet_ids, &igw, &nat);
    security_groups(s, rng, size, v, layout, &vpc_id);
    network_acls(s, rng, size, v, layout, &vpc_id, &subnet_ids);
    endpoints(s, size, v, layout, &vpc_id, &subnet_ids);
}

fn route_tables(
    s: &mut Snapshot,
    layout: Layout,
    v: usize,
    vpc_id: &str,
    subnets: &[String],
    igw: &str,
    nat: &str,
) {
    let local = Route {
        destination: RouteDestination::Cidr(vpc_net(v)),
        target: RouteTarget::Local,
        state: RouteState::Active,
    };
    let default = |target| Route {
        destination: RouteDestination::Cidr(Ipv4Net::default()),
        target,
        state: RouteState::Active,
    };
    s.route_tables.push(RouteTable {
        id: id("rtb", v, 0),
        vpc_id: vpc_id.to_owned(),
        main: false,
        subnet_ids: subnets.iter().take(1).cloned().collect(),
        routes: vec![
            local.clone(),
            default(RouteTarget::InternetGateway(igw.to_owned())),
        ],
    });
    let mut private = vec![local];
    match layout {
        _ if layout.has_nat() => private.push(default(RouteTarget::NatGateway(nat.to_owned()))),
        Layout::TransitGateway => {
            private.push(default(RouteTarget::TransitGateway(id("tgw", 0, 0))))
        }
        _ => {}
    }
    s.route_tables.push(RouteTable {
        id: id("rtb", v, 1),
        vpc_id: vpc_id.to_owned(),
        main: true,
        subnet_ids: subnets.iter().skip(1).cloned().collect(),
        routes: private,
    });
}

/// Group 0 is the functions' (egress noise, then 443 out), group 1 the
/// endpoint's (443 in from the functions' group, or only port 80 when the
/// layout is closed); the rest are application groups full of rules.
fn security_groups(
    s: &mut Snapshot,
    rng: &mut Rng,
    size: Size,
    v: usize,
    layout: Layout,
    vpc_id: &str,
) {
    let group = |n: usize| id("sg", v, n);
    let prefix = |rng: &mut Rng| RulePeer::PrefixList(id("pl", 0, rng.below(size.prefix_lists)));
    for n in 0..size.groups_per_vpc {
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        let rules = size.rules_per_group;
        match n {
            0 => {
                for _ in 0..rules.saturating_sub(2) {
                    let port = [5432, 6379, 3306, 9200, 8080][rng.below(5)];
                    let peer = if rng.chance(50) {
                        RulePeer::Group(group(
                            2 + rng.below(size.groups_per_vpc.saturating_sub(2).max(1)),
                        ))
                    } else {
                        RulePeer::Cidr(subnet_net(v, rng.below(size.subnets_per_vpc)))
                    };
                    egress.push(tcp(port, port, peer));
                }
                egress.push(tcp(443, 443, prefix(rng)));
                egress.push(tcp(443, 443, RulePeer::Cidr(Ipv4Net::default())));
            }
            1 => {
                for _ in 0..rules.saturating_sub(2) {
                    ingress.push(tcp(
                        22,
                        22,
                        RulePeer::Cidr(net(
                            192,
                            168,
                            u8::try_from(rng.below(200)).unwrap_or(0),
                            24,
                        )),
                    ));
                }
                let port = if layout == Layout::EndpointClosed {
                    80
                } else {
                    443
                };
                ingress.push(tcp(port, port, RulePeer::Group(group(0))));
                egress.push(all_traffic(RulePeer::Cidr(Ipv4Net::default())));
            }
            _ => {
                for r in 0..rules {
                    let port = u16::try_from(1000 + rng.below(9000)).unwrap_or(8080);
                    let peer = match r % 3 {
                        0 => RulePeer::Group(group(rng.below(size.groups_per_vpc))),
                        1 => RulePeer::Cidr(subnet_net(v, rng.below(size.subnets_per_vpc))),
                        _ => prefix(rng),
                    };
                    if r % 2 == 0 {
                        ingress.push(tcp(port, port, peer))
                    } else {
                        egress.push(tcp(port, port, peer))
                    }
                }
            }
        }
        s.security_groups.push(SecurityGroup {
            id: group(n),
            name: format!("{}-{n}", WORDS[(v + n) % WORDS.len()]),
            vpc_id: vpc_id.to_owned(),
            ingress,
            egress,
        });
    }
}

/// ACL 0 is the VPC's default (allow all); ACL `n` covers private subnet
/// `n`, with deny noise before the allows. In [`Layout::NatAclDeny`]
/// subnet 2's ACL denies 443 out first.
fn network_acls(
    s: &mut Snapshot,
    rng: &mut Rng,
    size: Size,
    v: usize,
    layout: Layout,
    vpc_id: &str,
    subnets: &[String],
) {
    let anywhere = Ipv4Net::default();
    for n in 0..size.acls_per_vpc {
        let mut entries = Vec::new();
        let half = i32::try_from(size.entries_per_acl / 2).unwrap_or(10);
        for egress in [false, true] {
            for k in 0..half - 2 {
                let cidr = net(203, 0, u8::try_from(rng.below(250)).unwrap_or(0), 24);
                let port = u16::try_from(20 + rng.below(1000)).unwrap_or(22);
                entries.push(acl_entry(
                    10 + k * 10,
                    egress,
                    AclAction::Deny,
                    cidr,
                    Some((port, port)),
                ));
            }
            let deny_https = egress && layout == Layout::NatAclDeny && n == 2;
            if deny_https {
                entries.push(acl_entry(
                    half * 10,
                    true,
                    AclAction::Deny,
                    anywhere,
                    Some((443, 443)),
                ));
            } else {
                entries.push(acl_entry(
                    half * 10,
                    egress,
                    AclAction::Allow,
                    anywhere,
                    Some((443, 443)),
                ));
            }
            entries.push(acl_entry(
                half * 10 + 10,
                egress,
                AclAction::Allow,
                anywhere,
                None,
            ));
        }
        s.network_acls.push(NetworkAcl {
            id: id("acl", v, n),
            vpc_id: vpc_id.to_owned(),
            is_default: n == 0,
            subnet_ids: if n == 0 {
                Vec::new()
            } else {
                subnets.get(n).cloned().into_iter().collect()
            },
            entries,
        });
    }
}

/// The X-Ray endpoint (or an SSM one) in private subnets 1 and 2, with one
/// interface each, and an S3 gateway endpoint.
fn endpoints(
    s: &mut Snapshot,
    size: Size,
    v: usize,
    layout: Layout,
    vpc_id: &str,
    subnets: &[String],
) {
    let service = if layout.has_xray_endpoint() {
        "xray"
    } else {
        "ssm"
    };
    let homes: Vec<String> = subnets.iter().skip(1).take(2).cloned().collect();
    let mut interfaces = Vec::new();
    for (k, subnet) in homes.iter().enumerate() {
        let eni = id("eni", v, k);
        let host = u8::try_from(10 + k).unwrap_or(10);
        let base = subnet_net(v, k + 1).network().octets();
        s.network_interfaces.push(NetworkInterface {
            id: eni.clone(),
            vpc_id: vpc_id.to_owned(),
            subnet_id: subnet.clone(),
            private_ips: vec![Ipv4Addr::new(base[0], base[1], base[2], host)],
            security_group_ids: vec![id("sg", v, 1)],
            interface_type: "vpc_endpoint".to_owned(),
            description: None,
            instance_id: None,
        });
        interfaces.push(eni);
    }
    let mut made = vec![VpcEndpoint {
        id: id("vpce", v, 0),
        vpc_id: vpc_id.to_owned(),
        service_name: format!("com.amazonaws.{REGION}.{service}"),
        endpoint_type: "Interface".to_owned(),
        state: "available".to_owned(),
        private_dns_enabled: true,
        subnet_ids: homes,
        security_group_ids: vec![id("sg", v, 1)],
        network_interface_ids: interfaces,
        policy: None,
    }];
    for k in 1..size.endpoints_per_vpc {
        made.push(VpcEndpoint {
            id: id("vpce", v, k),
            vpc_id: vpc_id.to_owned(),
            service_name: format!("com.amazonaws.{REGION}.s3"),
            endpoint_type: "Gateway".to_owned(),
            state: "available".to_owned(),
            private_dns_enabled: false,
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            network_interface_ids: Vec::new(),
            policy: None,
        });
    }
    s.vpc_endpoints.extend(made);
}

/// Role 0 of every 20 has only a logs policy (blocked), role 1 an inline
/// X-Ray policy, the rest the AWS managed policy.
fn roles(s: &mut Snapshot, count: usize) {
    let write = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                   "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], "Resource": ["*"]}]});
    let logs = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]});
    for r in 0..count {
        let name = format!("fn-role-{r:04}");
        let (inline, attached) = match r % 20 {
            0 => (
                vec![Policy {
                    name: "logs".into(),
                    arn: None,
                    document: logs.clone(),
                }],
                Vec::new(),
            ),
            1 => (
                vec![Policy {
                    name: "xray".into(),
                    arn: None,
                    document: write.clone(),
                }],
                Vec::new(),
            ),
            _ => (
                Vec::new(),
                vec![Policy {
                    name: "AWSXRayDaemonWriteAccess".into(),
                    arn: Some("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess".into()),
                    document: write.clone(),
                }],
            ),
        };
        s.roles.push(Role {
            arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            name,
            inline_policies: inline,
            attached_policies: attached,
            permissions_boundary: None,
        });
    }
}

/// 95 % of functions sit in a VPC, in two of its private subnets with its
/// functions' group (and sometimes an application group); one in ten is
/// PassThrough; one in eight sends through an OpenTelemetry layer.
fn functions(s: &mut Snapshot, rng: &mut Rng, size: Size) {
    let private = size.subnets_per_vpc.saturating_sub(1).max(1);
    for f in 0..size.functions {
        let name = format!("{}-{f:05}", WORDS[f % WORDS.len()]);
        let v = rng.below(size.vpcs);
        let vpc = (!rng.chance(5) && size.vpcs > 0).then(|| {
            let first = 1 + rng.below(private);
            let second = 1 + (first % private);
            let mut groups = vec![id("sg", v, 0)];
            if rng.chance(30) {
                groups.push(id(
                    "sg",
                    v,
                    2 + rng.below(size.groups_per_vpc.saturating_sub(2).max(1)),
                ));
            }
            FunctionVpc {
                subnet_ids: vec![id("subnet", v, first), id("subnet", v, second)],
                security_group_ids: groups,
            }
        });
        let mut environment = std::collections::BTreeMap::new();
        environment.insert("TABLE_NAME".to_owned(), String::new());
        let mut layers = Vec::new();
        if rng.chance(12) {
            layers.push(
                "arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-python-amd64-ver-1-25-0:1"
                    .to_owned(),
            );
        }
        let role = s
            .roles
            .get(rng.below(s.roles.len()))
            .map(|r| r.arn.clone())
            .unwrap_or_default();
        s.functions.push(Function {
            arn: format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
            name,
            runtime: Some("python3.12".to_owned()),
            role_arn: role,
            vpc,
            tracing: if rng.chance(10) {
                TracingMode::PassThrough
            } else {
                TracingMode::Active
            },
            layers,
            environment,
        });
    }
}
