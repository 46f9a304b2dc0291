//! The bundled demo account teaches one check per function: each must keep
//! the verdict, route and check it is there to show.

use xraypath::analysis::{CheckId, RouteKind, Sender, Severity, Verdict, analyze};
use xraypath::model::Snapshot;

fn demo() -> Snapshot {
    let text = include_str!("../assets/demo.json");
    Snapshot::from_json(text, std::path::Path::new("assets/demo.json")).expect("demo parses")
}

#[test]
fn every_demo_function_shows_its_lesson() {
    use CheckId::*;
    use RouteKind as R;
    use Verdict::*;
    let expected: &[(&str, Verdict, RouteKind, Option<CheckId>)] = &[
        ("checkout-api", Reachable, R::VpcEndpoint, None),
        (
            "orders-worker",
            Reachable,
            R::VpcEndpoint,
            Some(EndpointAzNotCovered),
        ),
        (
            "payments-sync",
            Blocked,
            R::VpcEndpoint,
            Some(FunctionSgBlocksHttps),
        ),
        (
            "inventory-reports",
            Partial,
            R::VpcEndpoint,
            Some(NaclDeniesRequest),
        ),
        (
            "ledger-export",
            Blocked,
            R::VpcEndpoint,
            Some(NaclDeniesResponse),
        ),
        (
            "audit-trail",
            Blocked,
            R::VpcEndpoint,
            Some(EndpointSgBlocksHttps),
        ),
        (
            "email-sender",
            Reachable,
            R::VpcEndpoint,
            Some(TracingNotActive),
        ),
        (
            "image-resize",
            Blocked,
            R::VpcEndpoint,
            Some(RoleMissingXrayPermissions),
        ),
        ("otel-exporter", Reachable, R::VpcEndpoint, None),
        ("legacy-cron", Unknown, R::VpcEndpoint, Some(DataUnreadable)),
        (
            "analytics-ingest",
            Blocked,
            R::VpcEndpoint,
            Some(EndpointPolicyDenies),
        ),
        (
            "billing-batch",
            Blocked,
            R::None,
            Some(EndpointPrivateDnsDisabled),
        ),
        ("etl-loader", Blocked, R::None, Some(VpcDnsSupportDisabled)),
        ("notifications", Reachable, R::NatGateway, None),
        (
            "search-indexer",
            Blocked,
            R::NatGateway,
            Some(NatGatewayUnavailable),
        ),
        (
            "webhook-relay",
            Blocked,
            R::None,
            Some(RouteToIgwWithoutPublicIp),
        ),
        (
            "thumbnail-gen",
            Blocked,
            R::NatGateway,
            Some(NatSubnetNoInternetRoute),
        ),
        ("partner-sync", Unknown, R::None, Some(RouteLeavesAnalysis)),
        (
            "report-builder",
            Blocked,
            R::None,
            Some(EndpointNotAvailable),
        ),
        (
            "model-scorer",
            Blocked,
            R::None,
            Some(VpcDnsHostnamesDisabled),
        ),
        ("staging-api", Blocked, R::None, Some(EndpointWrongRegion)),
        ("hr-portal", Unknown, R::VpcEndpoint, Some(CustomDnsServers)),
        ("sandbox-experiment", Blocked, R::None, Some(NoRouteToXray)),
        ("queue-consumer", Reachable, R::DaemonHost, None),
        (
            "queue-sampler",
            Reachable,
            R::DaemonHost,
            Some(DaemonSgBlocks2000),
        ),
        (
            "queue-closed",
            Blocked,
            R::DaemonHost,
            Some(FunctionSgBlocks2000),
        ),
        (
            "queue-isolated",
            Blocked,
            R::DaemonHost,
            Some(DaemonHostNoRouteToXray),
        ),
        (
            "queue-orphan",
            Blocked,
            R::DaemonHost,
            Some(DaemonHostNotFound),
        ),
        ("spoke-api", Unknown, R::None, Some(RouteLeavesAnalysis)),
        (
            "onprem-sync",
            Unknown,
            R::VpcEndpoint,
            Some(CustomDnsServers),
        ),
        ("typo-zone", Blocked, R::None, Some(NoRouteToXray)),
        ("public-webhook", Reachable, R::OutsideVpc, None),
    ];
    let report = analyze(&demo());
    assert_eq!(report.functions.len(), expected.len());
    for (name, verdict, route, check) in expected {
        let function = report
            .function(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(
            function.verdict, *verdict,
            "{name}: {:#?}",
            function.findings
        );
        assert_eq!(function.route, *route, "{name}");
        if let Some(check) = check {
            assert!(
                function.has(*check),
                "{name} lacks {check}: {:#?}",
                function.findings
            );
        }
        if *verdict == Reachable {
            assert!(
                function
                    .findings
                    .iter()
                    .all(|f| f.severity != Severity::Error),
                "{name} is reachable but has errors: {:#?}",
                function.findings
            );
        }
    }
}

#[test]
fn the_demo_covers_every_check_but_the_traces_one() {
    let report = analyze(&demo());
    let seen: Vec<CheckId> = report
        .functions
        .iter()
        .flat_map(|f| f.findings.iter().map(|x| x.check))
        .collect();
    // Traces are not part of a snapshot: `check --traces` adds this one.
    let later = [CheckId::NoRecentTraces];
    for check in CheckId::ALL.iter().filter(|c| !later.contains(c)) {
        assert!(seen.contains(check), "no demo function shows {check}");
    }
}

#[test]
fn blocking_findings_name_the_rule_and_carry_a_fix() {
    let report = analyze(&demo());
    let ledger = report.function("ledger-export").expect("ledger-export");
    let response = ledger
        .findings
        .iter()
        .find(|f| f.check == CheckId::NaclDeniesResponse)
        .expect("response finding");
    assert!(
        response.message.contains("acl-0aledger"),
        "{}",
        response.message
    );
    assert!(response.message.contains("rule *"), "{}", response.message);
    assert!(response.resources.contains(&"subnet-0a7".to_owned()));
    let fix = response.fix.as_deref().expect("fix");
    assert!(
        fix.starts_with("aws ec2 create-network-acl-entry --network-acl-id acl-0aledger --ingress"),
        "{fix}"
    );

    let strict = report
        .function("inventory-reports")
        .expect("inventory-reports");
    let request = strict
        .findings
        .iter()
        .find(|f| f.check == CheckId::NaclDeniesRequest)
        .expect("request");
    assert!(
        request
            .message
            .contains("acl-0astrict (subnet subnet-0a6) rule 90 denies outbound tcp port 443"),
        "{}",
        request.message
    );
    assert!(
        request
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("--rule-number 80")),
        "{:?}",
        request.fix
    );
}

#[test]
fn senders_are_told_apart() {
    let report = analyze(&demo());
    assert_eq!(
        report.function("otel-exporter").map(|f| f.sender),
        Some(Sender::InFunction)
    );
    let checkout = report.function("checkout-api").expect("checkout-api");
    assert_eq!(checkout.sender, Sender::LambdaDaemon);
    assert!(checkout.has(CheckId::ManagedDaemonOutsideVpc));
    let sampler = report.function("queue-sampler").expect("queue-sampler");
    assert_eq!(
        sampler.sender,
        Sender::VpcDaemon,
        "declared in the snapshot"
    );
}
