//! Partial permissions: a credential denied one API still yields every
//! other hop; the hop the denied call feeds becomes `unknown` with a
//! `data-unreadable` finding naming the API and the error code.

mod common;

use common::{Tracing, XRAY_MANAGED_POLICY, denying, moto};
use xraypath::analysis::{CheckId, Hop, Status, Verdict, analyze};
use xraypath::aws::fetch_snapshot;
use xraypath::model::DataSource;

/// An endpoint VPC whose function reaches X-Ray when everything is readable.
async fn reachable_account() -> common::Account {
    let account = moto().account().await;
    let vpc = account.vpc("10.0.0.0/16").await;
    let subnet = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
    // The endpoint in a subnet of its own, so traffic crosses both ACLs.
    let endpoint_subnet = account.subnet(&vpc, "10.0.2.0/24", "us-east-1a").await;
    let group = account.security_group(&vpc, "fn").await;
    let endpoint_group = account.security_group(&vpc, "endpoint").await;
    account
        .allow_tcp_from_group(&endpoint_group, 443, &group)
        .await;
    account
        .xray_endpoint(&vpc, &[&endpoint_subnet], &[&endpoint_group], true, None)
        .await;
    let role = account.role("fn-role", &[XRAY_MANAGED_POLICY], &[]).await;
    account
        .function(
            "app",
            &role,
            Some((&[&subnet], &[&group])),
            Tracing::Active,
            &[],
        )
        .await;
    account
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denied_acls_make_that_hop_unknown_and_keep_the_rest() {
    let account = reachable_account().await;
    let before = analyze(&fetch_snapshot(&account.config, None).await.expect("fetch"));
    assert_eq!(
        before.function("app").map(|f| f.verdict),
        Some(Verdict::Reachable)
    );

    let config = denying(
        &account.config,
        "DescribeNetworkAcls",
        "UnauthorizedOperation",
    );
    let snapshot = fetch_snapshot(&config, None)
        .await
        .expect("a denied call is not fatal");
    assert!(snapshot.network_acls.is_empty());
    assert_eq!(snapshot.functions.len(), 1, "everything else is still read");
    assert!(!snapshot.security_groups.is_empty());
    let failure = snapshot
        .unreadable
        .iter()
        .find(|u| u.source == DataSource::NetworkAcls)
        .expect("recorded");
    assert_eq!(failure.api, "ec2:DescribeNetworkAcls");
    assert_eq!(failure.code, "UnauthorizedOperation");

    let report = analyze(&snapshot);
    let app = report.function("app").expect("judged");
    assert_eq!(app.verdict, Verdict::Unknown);
    let finding = app
        .findings
        .iter()
        .find(|f| f.check == CheckId::DataUnreadable)
        .expect("data-unreadable");
    assert!(
        finding
            .message
            .contains("ec2:DescribeNetworkAcls failed with UnauthorizedOperation"),
        "{}",
        finding.message
    );
    // The hops that did not need ACLs were still judged, and passed.
    assert_eq!(app.hop_status(Hop::Xray), Some(Status::Pass));
    assert_eq!(app.hop_status(Hop::Dns), Some(Status::Pass));
    assert!(!app.has(CheckId::FunctionSgBlocksHttps));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_denied_role_read_makes_only_the_permission_hop_unknown() {
    let account = reachable_account().await;
    let config = denying(&account.config, "GetRole", "AccessDenied");
    let snapshot = fetch_snapshot(&config, None)
        .await
        .expect("a denied call is not fatal");
    let failure = snapshot
        .unreadable
        .iter()
        .find(|u| u.source == DataSource::Roles)
        .expect("recorded");
    assert_eq!(
        (failure.api.as_str(), failure.code.as_str()),
        ("iam:GetRole", "AccessDenied")
    );

    let report = analyze(&snapshot);
    let app = report.function("app").expect("judged");
    assert_eq!(app.verdict, Verdict::Unknown);
    assert_eq!(app.hop_status(Hop::Xray), Some(Status::Unknown));
    assert_eq!(app.hop_status(Hop::Subnet), Some(Status::Pass));
    assert_eq!(app.hop_status(Hop::Endpoint), Some(Status::Pass));
    assert!(app.has(CheckId::DataUnreadable));
}
