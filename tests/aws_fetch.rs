//! `xraypath::aws::fetch_snapshot` against moto: every kind of resource
//! arrives in the snapshot with the fields the analysis reads, lists are
//! read past their first page, and failures are recorded, not fatal.

mod common;

use common::{AclRule, Tracing, moto};
use ipnet::Ipv4Net;
use xraypath::aws::{AwsError, CallState, FetchOptions, fetch_snapshot, load_config};
use xraypath::model::{
    AclAction, DataSource, Protocol, RouteDestination, RouteState, RouteTarget, RulePeer, Snapshot,
    TracingMode,
};

const ENDPOINT_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords"],"Resource":"*"}]}"#;
const INLINE_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"xray:GetSamplingRules","Resource":"*"}]}"#;

fn net(text: &str) -> Ipv4Net {
    text.parse().expect("a CIDR")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_reads_every_kind_of_resource_into_the_snapshot() {
    let account = moto().account().await;
    let vpc = account.vpc("10.0.0.0/16").await;
    let public = account.subnet(&vpc, "10.0.0.0/24", "us-east-1a").await;
    let private_a = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
    let private_b = account.subnet(&vpc, "10.0.2.0/24", "us-east-1b").await;
    let igw = account.internet_gateway(&vpc).await;
    let public_table = account.route_table(&vpc, &[&public]).await;
    account
        .route_to_gateway(&public_table, "0.0.0.0/0", &igw)
        .await;
    let nat = account.nat_gateway(&public).await;
    let private_table = account.route_table(&vpc, &[&private_a, &private_b]).await;
    account
        .route_to_nat(&private_table, "0.0.0.0/0", &nat)
        .await;
    let https_out = AclRule {
        number: 100,
        egress: true,
        protocol: "6",
        ports: Some((443, 443)),
        cidr: "0.0.0.0/0",
        allow: true,
    };
    let acl = account.network_acl(&vpc, &[&private_b], &[https_out]).await;
    let function_group = account.security_group(&vpc, "function").await;
    let endpoint_group = account.security_group(&vpc, "endpoint").await;
    account
        .allow_tcp_from_group(&endpoint_group, 443, &function_group)
        .await;
    let endpoint = account
        .xray_endpoint(
            &vpc,
            &[&private_a],
            &[&endpoint_group],
            true,
            Some(ENDPOINT_POLICY),
        )
        .await;
    let prefix_list = account
        .ec2
        .create_managed_prefix_list()
        .prefix_list_name("office")
        .address_family("IPv4")
        .max_entries(5)
        .entries(
            aws_sdk_ec2::types::AddPrefixListEntry::builder()
                .cidr("203.0.113.0/24")
                .build(),
        )
        .send()
        .await
        .expect("CreateManagedPrefixList")
        .prefix_list
        .and_then(|p| p.prefix_list_id)
        .expect("prefix list id");
    let role = account
        .role(
            "fn-role",
            &[common::XRAY_MANAGED_POLICY],
            &[("sampling", INLINE_POLICY)],
        )
        .await;
    let environment = [
        ("DB_PASSWORD", "hunter2"),
        ("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"),
    ];
    let function_arn = account
        .function(
            "fn-in-vpc",
            &role,
            Some((&[&private_a, &private_b], &[&function_group])),
            Tracing::Active,
            &environment,
        )
        .await;
    account
        .function("fn-outside", &role, None, Tracing::PassThrough, &[])
        .await;

    let (sender, mut receiver) = tokio::sync::mpsc::channel(1024);
    let snapshot = fetch_snapshot(&account.config, Some(sender))
        .await
        .expect("fetch from moto");

    assert_eq!(snapshot.region, "us-east-1");
    assert_eq!(snapshot.account, account.id);
    assert!(snapshot.fetched_at.is_some());
    assert!(snapshot.unreadable.is_empty(), "{:?}", snapshot.unreadable);

    // VPC, DNS attributes, DHCP options, subnets.
    let read_vpc = snapshot.vpcs.iter().find(|v| v.id == vpc).expect("the VPC");
    assert_eq!(read_vpc.cidr_blocks, vec![net("10.0.0.0/16")]);
    assert_eq!(
        (read_vpc.dns_support, read_vpc.dns_hostnames),
        (Some(true), Some(true))
    );
    if let Some(dhcp) = &read_vpc.dhcp_options_id {
        assert!(
            snapshot.dhcp_options.iter().any(|d| &d.id == dhcp),
            "DHCP set {dhcp}"
        );
    }
    let subnet_b = snapshot
        .subnets
        .iter()
        .find(|s| s.id == private_b)
        .expect("subnet b");
    assert_eq!(
        (subnet_b.vpc_id.as_str(), subnet_b.cidr),
        (vpc.as_str(), net("10.0.2.0/24"))
    );
    assert_eq!(subnet_b.availability_zone, "us-east-1b");

    // Route tables: associations, main flag, NAT and internet gateway targets.
    let tables = |id: &str| {
        snapshot
            .route_tables
            .iter()
            .find(|t| t.id == id)
            .expect("table")
    };
    let private = tables(&private_table);
    assert_eq!(private.subnet_ids.len(), 2);
    assert!(!private.main);
    let default_route = private
        .routes
        .iter()
        .find(|r| r.destination == RouteDestination::Cidr(net("0.0.0.0/0")))
        .expect("the private default route");
    assert_eq!(default_route.target, RouteTarget::NatGateway(nat.clone()));
    assert_eq!(default_route.state, RouteState::Active);
    assert!(
        private
            .routes
            .iter()
            .any(|r| r.target == RouteTarget::Local)
    );
    assert!(
        tables(&public_table)
            .routes
            .iter()
            .any(|r| r.target == RouteTarget::InternetGateway(igw.clone()))
    );
    assert!(
        snapshot
            .route_tables
            .iter()
            .any(|t| t.vpc_id == vpc && t.main)
    );

    // Gateways.
    let read_igw = snapshot
        .internet_gateways
        .iter()
        .find(|g| g.id == igw)
        .expect("IGW");
    assert_eq!(read_igw.attached_vpc_ids, vec![vpc.clone()]);
    let read_nat = snapshot
        .nat_gateways
        .iter()
        .find(|n| n.id == nat)
        .expect("NAT");
    assert_eq!(
        (
            read_nat.state.as_str(),
            read_nat.connectivity.as_str(),
            read_nat.subnet_id.as_str()
        ),
        ("available", "public", public.as_str())
    );

    // Network ACLs: the new one with its entry and association, the default one.
    let read_acl = snapshot
        .network_acls
        .iter()
        .find(|a| a.id == acl)
        .expect("ACL");
    assert_eq!(read_acl.subnet_ids, vec![private_b.clone()]);
    assert!(!read_acl.is_default);
    let entry = read_acl
        .entries
        .iter()
        .find(|e| e.rule_number == 100)
        .expect("rule 100");
    assert!(entry.egress);
    assert_eq!(
        (entry.protocol, entry.action),
        (Protocol::Tcp, AclAction::Allow)
    );
    assert_eq!(entry.ports.map(|p| (p.from, p.to)), Some((443, 443)));
    assert!(
        snapshot
            .network_acls
            .iter()
            .any(|a| a.vpc_id == vpc && a.is_default)
    );

    // Security groups: a rule referencing another group, the default egress.
    let group = |id: &str| {
        snapshot
            .security_groups
            .iter()
            .find(|g| g.id == id)
            .expect("group")
    };
    let ingress = &group(&endpoint_group).ingress;
    assert_eq!(ingress.len(), 1);
    assert_eq!(ingress[0].peer, RulePeer::Group(function_group.clone()));
    assert_eq!(
        (ingress[0].protocol, ingress[0].ports.map(|p| p.from)),
        (Protocol::Tcp, Some(443))
    );
    let egress = &group(&function_group).egress;
    assert!(
        egress
            .iter()
            .any(|r| r.protocol == Protocol::All && r.peer == RulePeer::Cidr(net("0.0.0.0/0")))
    );

    // Prefix list with its entries.
    let list = snapshot
        .prefix_lists
        .iter()
        .find(|p| p.id == prefix_list)
        .expect("list");
    assert_eq!(
        (list.name.as_str(), list.cidrs.clone()),
        ("office", vec![net("203.0.113.0/24")])
    );

    // The X-Ray endpoint and its interfaces.
    let read_endpoint = snapshot
        .vpc_endpoints
        .iter()
        .find(|e| e.id == endpoint)
        .expect("endpoint");
    assert_eq!(read_endpoint.state, "available");
    assert!(read_endpoint.private_dns_enabled);
    assert!(read_endpoint.is_xray_interface());
    assert_eq!(read_endpoint.service_region(), Some("us-east-1"));
    assert_eq!(read_endpoint.subnet_ids, vec![private_a.clone()]);
    assert_eq!(
        read_endpoint.security_group_ids,
        vec![endpoint_group.clone()]
    );
    let policy = read_endpoint.policy.as_ref().expect("endpoint policy");
    assert_eq!(policy["Statement"][0]["Action"][0], "xray:PutTraceSegments");
    assert!(!read_endpoint.network_interface_ids.is_empty());
    for interface in &read_endpoint.network_interface_ids {
        let read = snapshot
            .network_interfaces
            .iter()
            .find(|n| &n.id == interface)
            .expect("the endpoint's interface");
        assert_eq!(read.subnet_id, private_a);
        assert!(!read.private_ips.is_empty());
    }

    // Functions: VPC attachment, tracing, environment without secrets.
    let function = snapshot
        .functions
        .iter()
        .find(|f| f.name == "fn-in-vpc")
        .expect("fn");
    assert_eq!(function.arn, function_arn);
    assert_eq!(function.role_arn, role);
    assert_eq!(
        function.subnet_ids(),
        [private_a.clone(), private_b.clone()]
    );
    assert_eq!(
        function.security_group_ids(),
        std::slice::from_ref(&function_group)
    );
    assert_eq!(function.tracing, TracingMode::Active);
    assert_eq!(
        function.environment.get("DB_PASSWORD").map(String::as_str),
        Some("")
    );
    assert_eq!(
        function
            .environment
            .get("AWS_LAMBDA_EXEC_WRAPPER")
            .map(String::as_str),
        Some("/opt/otel-instrument")
    );
    assert!(!snapshot.to_json().contains("hunter2"));
    let outside = snapshot
        .functions
        .iter()
        .find(|f| f.name == "fn-outside")
        .expect("fn");
    assert!(outside.vpc.is_none());
    assert_eq!(outside.tracing, TracingMode::PassThrough);

    // The shared role, read once, with both kinds of policy.
    assert_eq!(snapshot.roles.len(), 1);
    let read_role = &snapshot.roles[0];
    assert_eq!(
        (read_role.name.as_str(), read_role.arn.as_str()),
        ("fn-role", role.as_str())
    );
    let managed = &read_role.attached_policies[0];
    assert_eq!(managed.name, "AWSXRayDaemonWriteAccess");
    assert!(
        managed
            .document
            .to_string()
            .contains("xray:PutTraceSegments")
    );
    assert_eq!(read_role.inline_policies[0].name, "sampling");
    assert_eq!(
        read_role.inline_policies[0].document["Statement"][0]["Action"],
        "xray:GetSamplingRules"
    );

    // Progress: every call started and finished.
    let mut reports = Vec::new();
    while let Ok(report) = receiver.try_recv() {
        reports.push(report);
    }
    let done = |api: &str| {
        reports
            .iter()
            .any(|p| p.api == api && matches!(p.state, CallState::Done { .. }))
    };
    for api in [
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcAttribute",
        "lambda:ListFunctions",
    ] {
        assert!(done(api), "{api} reported done in {reports:?}");
    }
    assert!(reports.iter().any(|p| p.api == "iam:GetPolicyVersion"));
    assert!(
        reports
            .iter()
            .all(|p| !matches!(p.state, CallState::Failed { .. }))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_reads_every_security_group_of_a_large_account() {
    let account = moto().account().await;
    let vpc = account.vpc("10.1.0.0/16").await;
    for n in 0..120 {
        account.security_group(&vpc, &format!("group-{n:03}")).await;
    }

    let snapshot = fetch_snapshot(&account.config, None).await.expect("fetch");

    let named = snapshot
        .security_groups
        .iter()
        .filter(|g| g.vpc_id == vpc && g.name.starts_with("group-"))
        .count();
    assert_eq!(named, 120);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_reads_attached_policies_past_the_first_page() {
    // moto pages ListAttachedRolePolicies at 100 items, like IAM.
    let account = moto().account().await;
    let document = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"*"}]}"#;
    let role = account.role("many-policies", &[], &[]).await;
    for n in 0..101 {
        let arn = account
            .managed_policy(&format!("policy-{n:03}"), document)
            .await;
        account
            .iam
            .attach_role_policy()
            .role_name("many-policies")
            .policy_arn(arn)
            .send()
            .await
            .expect("AttachRolePolicy");
    }
    account
        .function("fn", &role, None, Tracing::Active, &[])
        .await;

    let snapshot = fetch_snapshot(&account.config, None).await.expect("fetch");

    assert_eq!(snapshot.roles[0].attached_policies.len(), 101);
    assert!(snapshot.unreadable.is_empty(), "{:?}", snapshot.unreadable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_role_is_recorded_as_unreadable_and_the_fetch_goes_on() {
    let account = moto().account().await;
    let role = account.role("short-lived", &[], &[]).await;
    account
        .function("orphan", &role, None, Tracing::Active, &[])
        .await;
    account
        .iam
        .delete_role()
        .role_name("short-lived")
        .send()
        .await
        .expect("DeleteRole");

    let snapshot = fetch_snapshot(&account.config, None).await.expect("fetch");

    assert!(snapshot.functions.iter().any(|f| f.name == "orphan"));
    let unreadable: Vec<_> = snapshot.unreadable_for(DataSource::Roles).collect();
    assert!(!unreadable.is_empty());
    let get_role = unreadable
        .iter()
        .find(|u| u.api == "iam:GetRole")
        .expect("GetRole failure");
    assert_eq!(get_role.code, "NoSuchEntity");
    assert_eq!(get_role.resource.as_deref(), Some("short-lived"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_from_an_unreachable_endpoint_is_an_error() {
    // A port nobody listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let options = FetchOptions {
        profile: None,
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
    };
    let config = load_config(&options).await.expect("config");
    let config = config
        .to_builder()
        .credentials_provider(aws_sdk_ec2::config::SharedCredentialsProvider::new(
            aws_sdk_ec2::config::Credentials::new("test", "test", None, None, "test"),
        ))
        .build();

    let result: Result<Snapshot, AwsError> = fetch_snapshot(&config, None).await;

    let error = result.expect_err("nothing can be read");
    assert!(matches!(error, AwsError::Connect { .. }), "{error}");
}
