//! One test per path scenario: each builds a moto account through the SDK,
//! reads it with `xraypath::aws::fetch_snapshot`, judges it with
//! `xraypath::analysis::analyze`, and checks the verdict, the route and the
//! finding a user would look for.

mod common;

use common::{Account, AclRule, Tracing, XRAY_MANAGED_POLICY, moto};
use xraypath::analysis::{CheckId, FunctionReport, RouteKind, Severity, Verdict, analyze};
use xraypath::aws::fetch_snapshot;

/// The function every scenario judges.
const FUNCTION: &str = "fn-under-test";

const S3_ONLY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;

/// A VPC with DNS on, two private subnets in two zones, a group for the
/// function, an empty group for the endpoint and an execution role with
/// `AWSXRayDaemonWriteAccess`.
struct Base {
    account: Account,
    vpc: String,
    subnet_a: String,
    subnet_b: String,
    function_group: String,
    endpoint_group: String,
    role: String,
}

impl Base {
    async fn new() -> Self {
        let account = moto().account().await;
        let vpc = account.vpc("10.0.0.0/16").await;
        let subnet_a = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
        let subnet_b = account.subnet(&vpc, "10.0.2.0/24", "us-east-1b").await;
        let function_group = account.security_group(&vpc, "function").await;
        let endpoint_group = account.security_group(&vpc, "xray-endpoint").await;
        let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
        Self {
            account,
            vpc,
            subnet_a,
            subnet_b,
            function_group,
            endpoint_group,
            role,
        }
    }

    /// Lets the function's group reach the endpoint's group on 443.
    async fn open_endpoint_group(&self) {
        self.account
            .allow_tcp_from_group(&self.endpoint_group, 443, &self.function_group)
            .await;
    }

    /// An X-Ray endpoint in the given subnets, guarded by the endpoint group.
    async fn endpoint(&self, subnets: &[&str], private_dns: bool, policy: Option<&str>) -> String {
        let groups = [self.endpoint_group.as_str()];
        self.account
            .xray_endpoint(&self.vpc, subnets, &groups, private_dns, policy)
            .await
    }

    /// The function under test in the given subnets, with the function group.
    async fn function(&self, subnets: &[&str], tracing: Tracing) {
        let groups = [self.function_group.as_str()];
        let vpc = Some((subnets, &groups[..]));
        self.account
            .function(FUNCTION, &self.role, vpc, tracing, &[])
            .await;
    }

    /// Reads the account and judges the function under test.
    async fn judge(&self) -> FunctionReport {
        judge(&self.account).await
    }
}

async fn judge(account: &Account) -> FunctionReport {
    let snapshot = fetch_snapshot(&account.config, None)
        .await
        .expect("fetch from moto");
    assert!(snapshot.unreadable.is_empty(), "{:?}", snapshot.unreadable);
    analyze(&snapshot)
        .function(FUNCTION)
        .cloned()
        .expect("the function's report")
}

/// The findings in one line each, for assertion messages.
fn findings(report: &FunctionReport) -> String {
    let lines: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}: {}", f.severity.as_str(), f.check, f.message))
        .collect();
    format!(
        "verdict {} route {}\n{}",
        report.verdict.as_str(),
        report.route.as_str(),
        lines.join("\n")
    )
}

fn assert_judged(
    report: &FunctionReport,
    verdict: Verdict,
    route: RouteKind,
    check: Option<CheckId>,
) {
    let context = findings(report);
    assert_eq!(report.verdict, verdict, "{context}");
    assert_eq!(report.route, route, "{context}");
    if let Some(check) = check {
        assert!(report.has(check), "expected {check}: {context}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_with_private_dns_and_open_group_is_reachable() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    assert_judged(&report, Verdict::Reachable, RouteKind::VpcEndpoint, None);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error),
        "{}",
        findings(&report)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_group_without_ingress_blocks_https() {
    let base = Base::new().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    let check = Some(CheckId::EndpointSgBlocksHttps);
    assert_judged(&report, Verdict::Blocked, RouteKind::VpcEndpoint, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_without_private_dns_and_no_nat_is_blocked() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], false, None).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    assert_eq!(report.verdict, Verdict::Blocked, "{}", findings(&report));
    assert!(
        report.has(CheckId::EndpointPrivateDnsDisabled),
        "{}",
        findings(&report)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vpc_without_dns_support_is_blocked() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.account.vpc_dns(&base.vpc, false, true).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    assert_eq!(report.verdict, Verdict::Blocked, "{}", findings(&report));
    assert!(
        report.has(CheckId::VpcDnsSupportDisabled),
        "{}",
        findings(&report)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_group_without_egress_blocks_https() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.account.revoke_all_egress(&base.function_group).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    let check = Some(CheckId::FunctionSgBlocksHttps);
    assert_judged(&report, Verdict::Blocked, RouteKind::VpcEndpoint, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acl_admitting_only_ssh_back_drops_the_responses() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    // The endpoint sits in the other subnet, so the function subnet's ACL applies.
    base.endpoint(&[&base.subnet_b], true, None).await;
    let rules = [
        AclRule {
            number: 100,
            egress: true,
            protocol: "6",
            ports: Some((443, 443)),
            cidr: "0.0.0.0/0",
            allow: true,
        },
        AclRule {
            number: 100,
            egress: false,
            protocol: "6",
            ports: Some((22, 22)),
            cidr: "0.0.0.0/0",
            allow: true,
        },
    ];
    base.account
        .network_acl(&base.vpc, &[&base.subnet_a], &rules)
        .await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    let check = Some(CheckId::NaclDeniesResponse);
    assert_judged(&report, Verdict::Blocked, RouteKind::VpcEndpoint, check);
}

/// A public subnet routed to an attached internet gateway, a NAT gateway
/// in it, and the function subnet routed to the NAT gateway.
async fn nat_path(base: &Base) -> String {
    let account = &base.account;
    let public = account.subnet(&base.vpc, "10.0.0.0/24", "us-east-1a").await;
    let igw = account.internet_gateway(&base.vpc).await;
    let public_table = account.route_table(&base.vpc, &[&public]).await;
    account
        .route_to_gateway(&public_table, "0.0.0.0/0", &igw)
        .await;
    let nat = account.nat_gateway(&public).await;
    let private_table = account.route_table(&base.vpc, &[&base.subnet_a]).await;
    account
        .route_to_nat(&private_table, "0.0.0.0/0", &nat)
        .await;
    nat
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nat_gateway_with_internet_route_is_reachable() {
    let base = Base::new().await;
    nat_path(&base).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    assert_judged(&report, Verdict::Reachable, RouteKind::NatGateway, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_nat_gateway_is_blocked() {
    let base = Base::new().await;
    let nat = nat_path(&base).await;
    base.account.delete_nat_gateway(&nat).await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    let check = Some(CheckId::NatGatewayUnavailable);
    assert_judged(&report, Verdict::Blocked, RouteKind::NatGateway, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_policy_allowing_only_s3_is_blocked() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, Some(S3_ONLY_POLICY))
        .await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    let check = Some(CheckId::EndpointPolicyDenies);
    assert_judged(&report, Verdict::Blocked, RouteKind::VpcEndpoint, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_outside_vpc_with_xray_policy_is_reachable() {
    let account = moto().account().await;
    let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
    account
        .function(FUNCTION, &role, None, Tracing::Active, &[])
        .await;

    let report = judge(&account).await;

    assert_judged(&report, Verdict::Reachable, RouteKind::OutsideVpc, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_outside_vpc_with_bare_role_is_blocked() {
    let account = moto().account().await;
    let role = account.role("bare-role", &[], &[]).await;
    account
        .function(FUNCTION, &role, None, Tracing::Active, &[])
        .await;

    let report = judge(&account).await;

    let check = Some(CheckId::RoleMissingXrayPermissions);
    assert_judged(&report, Verdict::Blocked, RouteKind::OutsideVpc, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_in_one_zone_is_reachable_with_a_warning() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.function(&[&base.subnet_a, &base.subnet_b], Tracing::Active)
        .await;

    let report = base.judge().await;

    let check = Some(CheckId::EndpointAzNotCovered);
    assert_judged(&report, Verdict::Reachable, RouteKind::VpcEndpoint, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acl_dropping_requests_in_one_subnet_is_partial() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    // A third subnet for the endpoint, so both function subnets cross ACLs.
    let endpoint_subnet = base
        .account
        .subnet(&base.vpc, "10.0.3.0/24", "us-east-1a")
        .await;
    base.endpoint(&[&endpoint_subnet], true, None).await;
    let rules = [
        AclRule {
            number: 100,
            egress: true,
            protocol: "6",
            ports: Some((443, 443)),
            cidr: "0.0.0.0/0",
            allow: false,
        },
        AclRule {
            number: 200,
            egress: true,
            protocol: "-1",
            ports: None,
            cidr: "0.0.0.0/0",
            allow: true,
        },
        AclRule {
            number: 100,
            egress: false,
            protocol: "-1",
            ports: None,
            cidr: "0.0.0.0/0",
            allow: true,
        },
    ];
    base.account
        .network_acl(&base.vpc, &[&base.subnet_b], &rules)
        .await;
    base.function(&[&base.subnet_a, &base.subnet_b], Tracing::Active)
        .await;

    let report = base.judge().await;

    let check = Some(CheckId::NaclDeniesRequest);
    assert_judged(&report, Verdict::Partial, RouteKind::VpcEndpoint, check);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_endpoint_and_no_nat_has_no_route() {
    let base = Base::new().await;
    base.function(&[&base.subnet_a], Tracing::Active).await;

    let report = base.judge().await;

    assert_judged(
        &report,
        Verdict::Blocked,
        RouteKind::None,
        Some(CheckId::NoRouteToXray),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pass_through_tracing_is_a_warning() {
    let base = Base::new().await;
    base.open_endpoint_group().await;
    base.endpoint(&[&base.subnet_a], true, None).await;
    base.function(&[&base.subnet_a], Tracing::PassThrough).await;

    let report = base.judge().await;

    let finding = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::TracingNotActive)
        .unwrap_or_else(|| panic!("tracing-not-active: {}", findings(&report)));
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(
        report.route,
        RouteKind::VpcEndpoint,
        "{}",
        findings(&report)
    );
}
