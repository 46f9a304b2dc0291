//! The `vpc-daemon` sender against moto: a function that sends to an
//! X-Ray daemon on a host in its VPC, judged on UDP and TCP 2000 and then
//! on the host's own way to X-Ray.

mod common;

use aws_sdk_ec2::types::{IpPermission, UserIdGroupPair};
use common::{Account, Tracing, XRAY_MANAGED_POLICY, moto};
use xraypath::analysis::{CheckId, FunctionReport, RouteKind, Sender, Severity, Verdict, analyze};
use xraypath::aws::fetch_snapshot;
use xraypath::model::{DaemonDeclaration, DaemonScope};

const FUNCTION: &str = "fn-with-daemon";
const DAEMON_IP: &str = "10.0.3.10";

/// A VPC with a function subnet, a daemon subnet holding the daemon's
/// interface, and an X-Ray endpoint the daemon host can use.
struct Daemon {
    account: Account,
    vpc: String,
    function_subnet: String,
    daemon_subnet: String,
    function_group: String,
    daemon_group: String,
    role: String,
}

impl Daemon {
    async fn new() -> Self {
        let account = moto().account().await;
        let vpc = account.vpc("10.0.0.0/16").await;
        let function_subnet = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
        let daemon_subnet = account.subnet(&vpc, "10.0.3.0/24", "us-east-1a").await;
        let function_group = account.security_group(&vpc, "function").await;
        let daemon_group = account.security_group(&vpc, "daemon").await;
        let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
        Self {
            account,
            vpc,
            function_subnet,
            daemon_subnet,
            function_group,
            daemon_group,
            role,
        }
    }

    /// The daemon's interface at `DAEMON_IP`, in `subnet`.
    async fn host_in(&self, subnet: &str) {
        self.account
            .ec2
            .create_network_interface()
            .subnet_id(subnet)
            .private_ip_address(DAEMON_IP)
            .groups(&self.daemon_group)
            .description("x-ray daemon")
            .send()
            .await
            .expect("CreateNetworkInterface");
    }

    /// The daemon's own way out: an endpoint its group may reach.
    async fn endpoint_for_host(&self) {
        let endpoint_group = self.account.security_group(&self.vpc, "endpoint").await;
        self.account
            .allow_tcp_from_group(&endpoint_group, 443, &self.daemon_group)
            .await;
        self.account
            .xray_endpoint(
                &self.vpc,
                &[&self.daemon_subnet],
                &[&endpoint_group],
                true,
                None,
            )
            .await;
    }

    async fn allow_in(&self, protocol: &str, from_group: &str) {
        let permission = IpPermission::builder()
            .ip_protocol(protocol)
            .from_port(2000)
            .to_port(2000)
            .user_id_group_pairs(UserIdGroupPair::builder().group_id(from_group).build())
            .build();
        self.account
            .ec2
            .authorize_security_group_ingress()
            .group_id(&self.daemon_group)
            .ip_permissions(permission)
            .send()
            .await
            .expect("AuthorizeSecurityGroupIngress");
    }

    async fn function(&self, environment: &[(&str, &str)]) {
        let subnets = [self.function_subnet.as_str()];
        let groups = [self.function_group.as_str()];
        self.account
            .function(
                FUNCTION,
                &self.role,
                Some((&subnets, &groups)),
                Tracing::Active,
                environment,
            )
            .await;
    }

    /// Fetches, declares the daemon for the function as the CLI's
    /// `--daemon FUNCTION=ADDR` does, and judges.
    async fn judge_declared(&self) -> FunctionReport {
        let mut snapshot = fetch_snapshot(&self.account.config, None)
            .await
            .expect("fetch");
        snapshot.daemon_declarations.push(DaemonDeclaration {
            scope: DaemonScope::Function(FUNCTION.to_owned()),
            address: format!("{DAEMON_IP}:2000"),
        });
        analyze(&snapshot)
            .function(FUNCTION)
            .cloned()
            .expect("the function is judged")
    }
}

fn findings(report: &FunctionReport) -> Vec<(CheckId, Severity)> {
    report
        .findings
        .iter()
        .map(|f| (f.check, f.severity))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daemon_host_open_on_udp_and_tcp_is_reachable() {
    let base = Daemon::new().await;
    base.host_in(&base.daemon_subnet).await;
    base.allow_in("udp", &base.function_group).await;
    base.allow_in("tcp", &base.function_group).await;
    base.endpoint_for_host().await;
    base.function(&[]).await;

    let report = base.judge_declared().await;
    assert_eq!(report.sender, Sender::VpcDaemon);
    assert_eq!(report.route, RouteKind::DaemonHost);
    assert_eq!(
        report.verdict,
        Verdict::Reachable,
        "{:?}",
        findings(&report)
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error),
        "{:?}",
        findings(&report)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daemon_group_admitting_udp_only_from_another_group_is_blocked() {
    let base = Daemon::new().await;
    let other = base.account.security_group(&base.vpc, "someone-else").await;
    base.host_in(&base.daemon_subnet).await;
    base.allow_in("udp", &other).await;
    base.allow_in("tcp", &base.function_group).await;
    base.endpoint_for_host().await;
    base.function(&[]).await;

    let report = base.judge_declared().await;
    assert_eq!(report.verdict, Verdict::Blocked, "{:?}", findings(&report));
    let blocked = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::DaemonSgBlocks2000)
        .expect("daemon-sg-blocks-2000");
    assert_eq!(blocked.severity, Severity::Error);
    assert!(blocked.message.contains("udp 2000"), "{}", blocked.message);
    assert!(blocked.resources.contains(&base.daemon_group));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn udp_open_and_tcp_closed_is_reachable_with_a_sampling_warning() {
    let base = Daemon::new().await;
    base.host_in(&base.daemon_subnet).await;
    base.allow_in("udp", &base.function_group).await;
    base.endpoint_for_host().await;
    base.function(&[]).await;

    let report = base.judge_declared().await;
    assert_eq!(
        report.verdict,
        Verdict::Reachable,
        "{:?}",
        findings(&report)
    );
    let warning = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::DaemonSgBlocks2000)
        .expect("a TCP finding");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.contains("sampling rules"),
        "{}",
        warning.message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daemon_address_on_no_interface_is_blocked() {
    let base = Daemon::new().await;
    base.endpoint_for_host().await;
    // The address comes from the function's own environment this time.
    base.function(&[("XRAY_DAEMON_ADDRESS", "10.0.3.99:2000")])
        .await;

    let snapshot = fetch_snapshot(&base.account.config, None)
        .await
        .expect("fetch");
    let report = analyze(&snapshot);
    let function = report.function(FUNCTION).expect("judged");
    assert_eq!(function.sender, Sender::VpcDaemon);
    assert_eq!(function.verdict, Verdict::Blocked);
    let finding = function
        .findings
        .iter()
        .find(|f| f.check == CheckId::DaemonHostNotFound)
        .expect("daemon-host-not-found");
    assert!(
        finding.message.contains("10.0.3.99:2000"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("XRAY_DAEMON_ADDRESS"),
        "{}",
        finding.message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daemon_host_without_endpoint_or_nat_is_blocked_with_its_own_finding_under_it() {
    let base = Daemon::new().await;
    base.host_in(&base.daemon_subnet).await;
    base.allow_in("udp", &base.function_group).await;
    base.allow_in("tcp", &base.function_group).await;
    base.function(&[]).await;

    let report = base.judge_declared().await;
    assert_eq!(report.verdict, Verdict::Blocked, "{:?}", findings(&report));
    assert_eq!(report.route, RouteKind::DaemonHost);
    let host = report
        .findings
        .iter()
        .find(|f| f.check == CheckId::DaemonHostNoRouteToXray)
        .expect("daemon-host-no-route-to-xray");
    assert_eq!(host.severity, Severity::Error);
    let nested: Vec<CheckId> = host.via.iter().map(|f| f.check).collect();
    assert!(nested.contains(&CheckId::NoRouteToXray), "{nested:?}");

    let json = serde_json::to_value(&report).expect("serialises");
    let via = json["findings"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|f| f["check"] == "daemon-host-no-route-to-xray")
        })
        .map(|f| f["via"].clone())
        .expect("the finding in JSON");
    assert!(
        via.as_array()
            .is_some_and(|v| v.iter().any(|f| f["check"] == "no-route-to-xray")),
        "{via}"
    );
}
