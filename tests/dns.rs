//! DNS as it really resolves: DHCP name servers, Route 53 Resolver rules
//! and private hosted zones. The first tests build accounts in moto through
//! the SDK and read them with `fetch_snapshot`; the rest pin the order of
//! resolution on snapshots built here, cases moto cannot build (an alias
//! to an endpoint's DNS name, a SYSTEM rule overriding a forward rule).

mod common;

use common::{Account, Tracing, XRAY_MANAGED_POLICY, moto};
use xraypath::analysis::{
    CheckId, DnsEnd, DnsStepKind, DnsTrace, FunctionReport, Hop, Status, StepOutcome, Verdict,
    analyze, dns_trace,
};
use xraypath::aws::fetch_snapshot;
use xraypath::model::{
    DnsRecord, Function, FunctionVpc, HostedZone, Index, NetworkInterface, RecordType,
    ResolverRule, ResolverRuleType, Snapshot, Subnet, TracingMode, Vpc, VpcEndpoint,
};

const FUNCTION: &str = "fn-under-test";
const XRAY_NAME: &str = "xray.us-east-1.amazonaws.com";

/// A VPC with one subnet, an X-Ray endpoint with private DNS that the
/// function's group may reach, and the function: reachable as it stands.
struct Base {
    account: Account,
    vpc: String,
}

impl Base {
    async fn new() -> Self {
        let account = moto().account().await;
        let vpc = account.vpc("10.0.0.0/16").await;
        let subnet = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
        let function_group = account.security_group(&vpc, "function").await;
        let endpoint_group = account.security_group(&vpc, "xray-endpoint").await;
        account
            .allow_tcp_from_group(&endpoint_group, 443, &function_group)
            .await;
        account
            .xray_endpoint(&vpc, &[&subnet], &[&endpoint_group], true, None)
            .await;
        let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
        let vpc_config = Some((&[subnet.as_str()][..], &[function_group.as_str()][..]));
        account
            .function(FUNCTION, &role, vpc_config, Tracing::Active, &[])
            .await;
        Self { account, vpc }
    }

    /// Reads the account: the function's report and its VPC's DNS trace.
    async fn judge(&self) -> (FunctionReport, DnsTrace) {
        let snapshot = fetch_snapshot(&self.account.config, None)
            .await
            .expect("fetch from moto");
        assert!(snapshot.unreadable.is_empty(), "{:?}", snapshot.unreadable);
        let report = analyze(&snapshot)
            .function(FUNCTION)
            .cloned()
            .expect("the function's report");
        let trace = dns_trace(&Index::new(&snapshot), &self.vpc).expect("the VPC's trace");
        (report, trace)
    }
}

/// The findings and trace in a few lines, for assertion messages.
fn context(report: &FunctionReport, trace: &DnsTrace) -> String {
    let mut lines = vec![format!("verdict {}", report.verdict.as_str())];
    for f in &report.findings {
        lines.push(format!(
            "{} {}: {}",
            f.severity.as_str(),
            f.check,
            f.message
        ));
    }
    for s in &trace.steps {
        lines.push(format!(
            "{} [{}] {}",
            s.kind.title(),
            s.outcome.as_str(),
            s.detail
        ));
    }
    lines.push(trace.summary());
    lines.join("\n")
}

fn step(trace: &DnsTrace, kind: DnsStepKind) -> StepOutcome {
    trace
        .steps
        .iter()
        .find(|s| s.kind == kind)
        .map(|s| s.outcome)
        .unwrap_or_else(|| panic!("no {} step", kind.title()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reachable_base_resolves_through_the_endpoint_private_dns() {
    let base = Base::new().await;
    let (report, trace) = base.judge().await;
    let context = context(&report, &trace);
    assert_eq!(report.verdict, Verdict::Reachable, "{context}");
    assert_eq!(
        step(&trace, DnsStepKind::EndpointPrivateDns),
        StepOutcome::Answered,
        "{context}"
    );
    assert!(matches!(trace.end, DnsEnd::Endpoint(_)), "{context}");
    assert!(trace.certain, "{context}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dhcp_options_with_custom_name_servers_give_custom_dns_servers() {
    let base = Base::new().await;
    let options = common::dhcp_name_servers(&base.account, &base.vpc, &["10.0.0.53"]).await;

    let (report, trace) = base.judge().await;
    let context = context(&report, &trace);
    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::CustomDnsServers)
        .unwrap_or_else(|| panic!("custom-dns-servers: {context}"));
    assert!(finding.resources.contains(&options), "{context}");
    assert!(finding.message.contains("10.0.0.53"), "{context}");
    assert_eq!(report.verdict, Verdict::Unknown, "{context}");
    assert_eq!(
        step(&trace, DnsStepKind::DhcpServers),
        StepOutcome::Unknown,
        "{context}"
    );
    assert!(!trace.certain, "{context}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_zone_for_the_xray_name_pointing_outside_the_vpc_leaves_the_analysis() {
    let base = Base::new().await;
    let zone = common::private_zone(&base.account, XRAY_NAME, &base.vpc).await;
    common::a_record(&base.account, &zone, XRAY_NAME, &["10.50.0.10"]).await;
    // A hub VPC with the shared endpoint, reached over a peering connection
    // from the function VPC's main route table.
    let hub = base.account.vpc("10.50.0.0/16").await;
    let ec2 = &base.account.ec2;
    let peering = ec2
        .create_vpc_peering_connection()
        .vpc_id(&base.vpc)
        .peer_vpc_id(&hub)
        .send()
        .await
        .expect("CreateVpcPeeringConnection")
        .vpc_peering_connection
        .and_then(|p| p.vpc_peering_connection_id)
        .expect("peering id");
    let tables = ec2
        .describe_route_tables()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("vpc-id")
                .values(&base.vpc)
                .build(),
        )
        .send()
        .await
        .expect("DescribeRouteTables");
    let main = tables
        .route_tables()
        .iter()
        .find(|t| t.associations().iter().any(|a| a.main() == Some(true)))
        .and_then(|t| t.route_table_id())
        .expect("the main table")
        .to_owned();
    ec2.create_route()
        .route_table_id(&main)
        .destination_cidr_block("10.50.0.0/16")
        .vpc_peering_connection_id(&peering)
        .send()
        .await
        .expect("CreateRoute to the peering");

    let (report, trace) = base.judge().await;
    let context = context(&report, &trace);
    let onward = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::RouteLeavesAnalysis && f.hop == Hop::Subnet)
        .unwrap_or_else(|| panic!("route-leaves-analysis on the subnet hop: {context}"));
    assert!(onward.message.contains(&peering), "{context}");
    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::RouteLeavesAnalysis && f.hop == Hop::Dns)
        .unwrap_or_else(|| panic!("route-leaves-analysis on the DNS hop: {context}"));
    assert!(finding.resources.contains(&zone), "{context}");
    assert!(finding.message.contains("10.50.0.10"), "{context}");
    assert_eq!(
        report.hop_status(Hop::Dns),
        Some(Status::Unknown),
        "{context}"
    );
    assert_eq!(
        step(&trace, DnsStepKind::PrivateZone),
        StepOutcome::Answered,
        "{context}"
    );
    assert_eq!(trace.end, DnsEnd::Elsewhere, "{context}");
    assert_eq!(trace.addresses, ["10.50.0.10"], "{context}");
    // The endpoint is no longer what the name leads to, and beyond the
    // peering connection xraypath cannot follow.
    assert_eq!(report.verdict, Verdict::Unknown, "{context}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_zone_for_a_parent_domain_without_the_record_answers_nxdomain() {
    let account = moto().account().await;
    let vpc = account.vpc("10.0.0.0/16").await;
    let subnet = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
    let group = account.security_group(&vpc, "function").await;
    let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
    let vpc_config = Some((&[subnet.as_str()][..], &[group.as_str()][..]));
    account
        .function(FUNCTION, &role, vpc_config, Tracing::Active, &[])
        .await;
    let zone = common::private_zone(&account, "us-east-1.amazonaws.com", &vpc).await;
    common::a_record(
        &account,
        &zone,
        "xary.us-east-1.amazonaws.com",
        &["10.0.1.9"],
    )
    .await;
    let base = Base { account, vpc };

    let (report, trace) = base.judge().await;
    let context = context(&report, &trace);
    assert_eq!(report.verdict, Verdict::Blocked, "{context}");
    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::NoRouteToXray && f.hop == Hop::Dns)
        .unwrap_or_else(|| panic!("no-route-to-xray naming the zone: {context}"));
    assert!(finding.resources.contains(&zone), "{context}");
    assert!(finding.message.contains("NXDOMAIN"), "{context}");
    assert_eq!(
        step(&trace, DnsStepKind::PrivateZone),
        StepOutcome::Failed,
        "{context}"
    );
    assert_eq!(trace.end, DnsEnd::NoAnswer, "{context}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarding_resolver_rule_for_amazonaws_com_is_a_warning_naming_the_rule() {
    let base = Base::new().await;
    let rule =
        common::forward_rule(&base.account, "amazonaws.com", &["192.168.0.2"], &base.vpc).await;

    let (report, trace) = base.judge().await;
    let context = context(&report, &trace);
    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::CustomDnsServers)
        .unwrap_or_else(|| panic!("custom-dns-servers for the rule: {context}"));
    assert!(finding.resources.contains(&rule), "{context}");
    assert!(finding.message.contains(&rule), "{context}");
    assert!(finding.message.contains("192.168.0.2:53"), "{context}");
    assert_eq!(report.verdict, Verdict::Unknown, "{context}");
    assert_eq!(
        step(&trace, DnsStepKind::ResolverRule),
        StepOutcome::Unknown,
        "{context}"
    );
    assert_eq!(
        step(&trace, DnsStepKind::EndpointPrivateDns),
        StepOutcome::NotReached,
        "{context}"
    );
    assert_eq!(trace.end, DnsEnd::Unknown, "{context}");
}

// ---- The order of resolution, on snapshots built here. ----

/// One VPC `vpc-1` (10.0.0.0/16, DNS on) with subnet `subnet-1`, an
/// available X-Ray endpoint `vpce-local` with private DNS on and an
/// interface at 10.0.1.10, and the function in the subnet.
fn snapshot() -> Snapshot {
    let mut s = Snapshot::new("us-east-1", "123456789012");
    s.vpcs = vec![vpc("vpc-1", "10.0.0.0/16"), vpc("vpc-hub", "10.50.0.0/16")];
    s.subnets = vec![
        Subnet {
            id: "subnet-1".into(),
            vpc_id: "vpc-1".into(),
            name: None,
            cidr: "10.0.1.0/24".parse().expect("cidr"),
            availability_zone: "us-east-1a".into(),
        },
        Subnet {
            id: "subnet-hub".into(),
            vpc_id: "vpc-hub".into(),
            name: None,
            cidr: "10.50.1.0/24".parse().expect("cidr"),
            availability_zone: "us-east-1a".into(),
        },
    ];
    s.vpc_endpoints = vec![
        endpoint("vpce-local", "vpc-1", "subnet-1", "eni-local", true),
        endpoint("vpce-hub", "vpc-hub", "subnet-hub", "eni-hub", false),
    ];
    s.network_interfaces = vec![
        interface("eni-local", "vpc-1", "subnet-1", "10.0.1.10"),
        interface("eni-hub", "vpc-hub", "subnet-hub", "10.50.1.10"),
    ];
    s.functions = vec![Function {
        name: FUNCTION.into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{FUNCTION}"),
        runtime: None,
        role_arn: String::new(),
        vpc: Some(FunctionVpc {
            subnet_ids: vec!["subnet-1".into()],
            security_group_ids: Vec::new(),
        }),
        tracing: TracingMode::Active,
        layers: Vec::new(),
        environment: Default::default(),
    }];
    s
}

fn vpc(id: &str, cidr: &str) -> Vpc {
    Vpc {
        id: id.into(),
        name: None,
        cidr_blocks: vec![cidr.parse().expect("cidr")],
        dns_support: Some(true),
        dns_hostnames: Some(true),
        dhcp_options_id: None,
    }
}

fn endpoint(id: &str, vpc: &str, subnet: &str, interface: &str, private_dns: bool) -> VpcEndpoint {
    VpcEndpoint {
        id: id.into(),
        vpc_id: vpc.into(),
        service_name: "com.amazonaws.us-east-1.xray".into(),
        endpoint_type: "Interface".into(),
        state: "available".into(),
        private_dns_enabled: private_dns,
        subnet_ids: vec![subnet.into()],
        security_group_ids: Vec::new(),
        network_interface_ids: vec![interface.into()],
        policy: None,
    }
}

fn interface(id: &str, vpc: &str, subnet: &str, ip: &str) -> NetworkInterface {
    NetworkInterface {
        id: id.into(),
        vpc_id: vpc.into(),
        subnet_id: subnet.into(),
        private_ips: vec![ip.parse().expect("ip")],
        security_group_ids: Vec::new(),
        interface_type: "vpc_endpoint".into(),
        description: None,
        instance_id: None,
    }
}

fn zone(id: &str, name: &str, records: Vec<DnsRecord>) -> HostedZone {
    HostedZone {
        id: id.into(),
        name: name.into(),
        vpc_ids: vec!["vpc-1".into()],
        records,
    }
}

fn a(name: &str, ip: &str) -> DnsRecord {
    DnsRecord {
        name: name.into(),
        record_type: RecordType::A,
        values: vec![ip.into()],
        alias_target: None,
    }
}

fn alias(name: &str, target: &str) -> DnsRecord {
    DnsRecord {
        name: name.into(),
        record_type: RecordType::A,
        values: Vec::new(),
        alias_target: Some(target.into()),
    }
}

fn rule(id: &str, domain: &str, rule_type: ResolverRuleType) -> ResolverRule {
    ResolverRule {
        id: id.into(),
        name: None,
        domain_name: domain.into(),
        rule_type,
        target_ips: vec!["192.168.0.2:53".into()],
        resolver_endpoint_id: None,
        vpc_ids: vec!["vpc-1".into()],
    }
}

fn trace(snapshot: &Snapshot) -> DnsTrace {
    dns_trace(&Index::new(snapshot), "vpc-1").expect("vpc-1's trace")
}

fn outcomes(trace: &DnsTrace) -> Vec<(DnsStepKind, StepOutcome)> {
    trace.steps.iter().map(|s| (s.kind, s.outcome)).collect()
}

#[test]
fn without_zones_or_rules_the_endpoint_private_dns_answers() {
    let trace = trace(&snapshot());
    assert_eq!(trace.end, DnsEnd::Endpoint("vpce-local".into()));
    assert_eq!(trace.addresses, ["10.0.1.10"]);
    assert_eq!(
        outcomes(&trace),
        [
            (DnsStepKind::DhcpServers, StepOutcome::PassedOn),
            (DnsStepKind::VpcResolver, StepOutcome::PassedOn),
            (DnsStepKind::ResolverRule, StepOutcome::PassedOn),
            (DnsStepKind::PrivateZone, StepOutcome::PassedOn),
            (DnsStepKind::EndpointPrivateDns, StepOutcome::Answered),
        ]
    );
}

#[test]
fn forwarding_rule_wins_over_a_private_zone() {
    let mut s = snapshot();
    s.hosted_zones = vec![zone("Z1", XRAY_NAME, vec![a(XRAY_NAME, "10.0.1.10")])];
    s.resolver_rules = vec![rule(
        "rslvr-rr-fwd",
        "amazonaws.com",
        ResolverRuleType::Forward,
    )];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Unknown);
    assert!(trace.addresses.is_empty());
    assert_eq!(trace.steps[2].outcome, StepOutcome::Unknown);
    assert!(trace.steps[2].detail.contains("192.168.0.2:53"));
    assert_eq!(trace.steps[3].outcome, StepOutcome::NotReached);
}

#[test]
fn system_rule_for_the_xray_name_overrides_a_forward_rule_for_a_parent() {
    let mut s = snapshot();
    s.resolver_rules = vec![
        rule("rslvr-rr-fwd", "amazonaws.com", ResolverRuleType::Forward),
        rule("rslvr-rr-sys", XRAY_NAME, ResolverRuleType::System),
    ];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Endpoint("vpce-local".into()));
    assert!(trace.steps[2].detail.contains("rslvr-rr-sys"));
    assert!(trace.certain);
}

#[test]
fn forwarding_rule_for_another_domain_does_not_apply() {
    let mut s = snapshot();
    s.resolver_rules = vec![rule(
        "rslvr-rr-corp",
        "corp.example.com",
        ResolverRuleType::Forward,
    )];
    assert_eq!(trace(&s).end, DnsEnd::Endpoint("vpce-local".into()));
}

#[test]
fn zone_for_a_parent_domain_loses_to_the_endpoint_private_dns() {
    let mut s = snapshot();
    s.hosted_zones = vec![zone(
        "Z1",
        "amazonaws.com",
        vec![a("s3.amazonaws.com", "10.0.9.9")],
    )];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Endpoint("vpce-local".into()));
    assert_eq!(trace.steps[3].outcome, StepOutcome::PassedOn);
    assert!(trace.steps[3].detail.contains("more specific"));
}

#[test]
fn zone_for_a_parent_domain_without_a_usable_endpoint_answers_nxdomain() {
    let mut s = snapshot();
    s.vpc_endpoints[0].private_dns_enabled = false;
    s.hosted_zones = vec![zone("Z1", "amazonaws.com", Vec::new())];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::NoAnswer);

    let report = analyze(&s);
    let report = report.function(FUNCTION).expect("report");
    assert_eq!(report.verdict, Verdict::Blocked);
    assert!(report.has(CheckId::NoRouteToXray));
    assert!(
        !report.has(CheckId::EndpointPrivateDnsDisabled),
        "the zone, not the endpoint, decides"
    );
}

#[test]
fn wildcard_record_answers_for_the_xray_name() {
    let mut s = snapshot();
    s.vpc_endpoints[0].private_dns_enabled = false;
    s.hosted_zones = vec![zone(
        "Z1",
        "us-east-1.amazonaws.com",
        vec![a("*.us-east-1.amazonaws.com", "10.0.1.10")],
    )];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Endpoint("vpce-local".into()));
    assert!(trace.steps[3].detail.contains("*.us-east-1.amazonaws.com"));
}

#[test]
fn alias_to_the_local_endpoint_with_private_dns_off_reaches_it() {
    let mut s = snapshot();
    s.vpc_endpoints[0].private_dns_enabled = false;
    let target = "vpce-local-1x2y3z.xray.us-east-1.vpce.amazonaws.com";
    s.hosted_zones = vec![zone("Z1", XRAY_NAME, vec![alias(XRAY_NAME, target)])];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Endpoint("vpce-local".into()));

    let report = analyze(&s);
    let report = report.function(FUNCTION).expect("report");
    assert!(
        !report.has(CheckId::EndpointPrivateDnsDisabled),
        "{:?}",
        report.findings
    );
}

#[test]
fn alias_to_a_centralised_endpoint_in_another_vpc_leaves_the_vpc() {
    let mut s = snapshot();
    let target = "vpce-hub-4a5b6c.xray.us-east-1.vpce.amazonaws.com";
    s.hosted_zones = vec![zone("Z1", XRAY_NAME, vec![alias(XRAY_NAME, target)])];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::Elsewhere);
    assert_eq!(trace.addresses, ["10.50.1.10"]);
    assert!(trace.steps[3].detail.contains("vpce-hub"));

    let report = analyze(&s);
    let report = report.function(FUNCTION).expect("report");
    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::RouteLeavesAnalysis)
        .expect("route-leaves-analysis");
    assert!(finding.resources.contains(&"vpce-hub".to_owned()));
}

#[test]
fn vpc_dns_support_off_ends_the_query_before_any_zone() {
    let mut s = snapshot();
    s.vpcs[0].dns_support = Some(false);
    s.hosted_zones = vec![zone("Z1", XRAY_NAME, vec![a(XRAY_NAME, "10.50.0.10")])];
    let trace = trace(&s);
    assert_eq!(trace.end, DnsEnd::NoAnswer);
    assert_eq!(
        trace.steps.last().map(|s| s.kind),
        Some(DnsStepKind::VpcResolver)
    );
}

#[test]
fn unreadable_zones_make_the_trace_uncertain() {
    let mut s = snapshot();
    s.unreadable.push(xraypath::model::Unreadable {
        source: xraypath::model::DataSource::HostedZones,
        api: "route53:ListHostedZones".into(),
        code: "AccessDenied".into(),
        message: "denied".into(),
        resource: None,
    });
    let trace = trace(&s);
    assert!(!trace.certain);
    let report = analyze(&s);
    let report = report.function(FUNCTION).expect("report");
    assert!(report.has(CheckId::DataUnreadable));
}
