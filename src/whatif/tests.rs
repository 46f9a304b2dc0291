//! Each edit kind on the demo account: the verdict changes as a user would
//! expect, undo gives the real verdict back and redo the edited one.

use super::{Edit, EditError, EditStack, RuleDirection};
use crate::analysis::{CheckId, Verdict, analyze};
use crate::model::{
    AclAction, AclEntry, DaemonScope, PortRange, Protocol, RouteTarget, RulePeer,
    SecurityGroupRule, Snapshot, TracingMode,
};

fn verdict(snapshot: &Snapshot, function: &str) -> Verdict {
    analyze(snapshot)
        .function(function)
        .map(|f| f.verdict)
        .unwrap_or_else(|| panic!("the demo has {function}"))
}

fn has(snapshot: &Snapshot, function: &str, check: CheckId) -> bool {
    analyze(snapshot)
        .function(function)
        .is_some_and(|f| f.has(check))
}

/// Pushes the edits, checks the verdict before, after, after undo and
/// after redo.
fn flips(function: &str, edits: Vec<Edit>, before: Verdict, after: Verdict) -> EditStack {
    let mut stack = EditStack::new(crate::demo::snapshot());
    assert_eq!(
        verdict(&stack.edited(), function),
        before,
        "{function} as read"
    );
    let count = edits.len();
    for edit in edits {
        stack.push(edit).expect("the edit applies to the demo");
    }
    assert_eq!(
        verdict(&stack.edited(), function),
        after,
        "{function} edited"
    );

    for _ in 0..count {
        assert!(stack.undo());
    }
    assert_eq!(
        verdict(&stack.edited(), function),
        before,
        "{function} after undo"
    );
    for _ in 0..count {
        assert!(stack.redo());
    }
    assert_eq!(
        verdict(&stack.edited(), function),
        after,
        "{function} after redo"
    );
    stack
}

fn tcp_443(peer: RulePeer) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::Tcp,
        ports: Some(PortRange::single(443)),
        peer,
        description: None,
    }
}

#[test]
fn private_dns_on_makes_billing_batch_reachable() {
    let edit = Edit::EndpointPrivateDns {
        endpoint_id: "vpce-0c1xray".into(),
        enabled: true,
    };
    let stack = flips(
        "billing-batch",
        vec![edit],
        Verdict::Blocked,
        Verdict::Reachable,
    );
    assert!(stack.commands().contains(
        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0c1xray --private-dns-enabled"
    ));
    assert!(stack.terraform().contains("private_dns_enabled = true"));
    assert!(
        stack.base == crate::demo::snapshot(),
        "the base is never changed"
    );
}

#[test]
fn vpc_dns_attributes_off_block_checkout_api() {
    let support = Edit::VpcDnsSupport {
        vpc_id: "vpc-0a".into(),
        enabled: false,
    };
    let stack = flips(
        "checkout-api",
        vec![support],
        Verdict::Reachable,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "checkout-api",
        CheckId::VpcDnsSupportDisabled
    ));

    let hostnames = Edit::VpcDnsHostnames {
        vpc_id: "vpc-0a".into(),
        enabled: false,
    };
    let stack = flips(
        "checkout-api",
        vec![hostnames],
        Verdict::Reachable,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "checkout-api",
        CheckId::VpcDnsHostnamesDisabled
    ));
}

#[test]
fn removing_the_endpoints_ingress_blocks_checkout_api() {
    let edit = Edit::RemoveSecurityGroupRule {
        group_id: "sg-0aendpoint".into(),
        direction: RuleDirection::Ingress,
        rule: tcp_443(RulePeer::Group("sg-0afn".into())),
    };
    let stack = flips(
        "checkout-api",
        vec![edit],
        Verdict::Reachable,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "checkout-api",
        CheckId::EndpointSgBlocksHttps
    ));
}

#[test]
fn an_acl_allow_entry_fixes_ledger_export() {
    let edit = Edit::AddAclEntry {
        acl_id: "acl-0aledger".into(),
        entry: AclEntry {
            rule_number: 110,
            egress: false,
            protocol: Protocol::Tcp,
            action: AclAction::Allow,
            cidr: "10.0.3.0/24".parse().expect("a CIDR"),
            ports: Some(PortRange::EPHEMERAL),
        },
    };
    flips(
        "ledger-export",
        vec![edit],
        Verdict::Blocked,
        Verdict::Reachable,
    );
}

#[test]
fn removing_the_acl_request_rule_blocks_ledger_export_differently() {
    let edit = Edit::RemoveAclEntry {
        acl_id: "acl-0aledger".into(),
        egress: true,
        rule_number: 100,
    };
    let stack = flips(
        "ledger-export",
        vec![edit],
        Verdict::Blocked,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "ledger-export",
        CheckId::NaclDeniesRequest
    ));
}

#[test]
fn a_route_to_the_healthy_nat_fixes_search_indexer() {
    let edit = Edit::AddRoute {
        route_table_id: "rtb-0efailed".into(),
        destination: "0.0.0.0/0".parse().expect("a CIDR"),
        target: RouteTarget::NatGateway("nat-0e1ok".into()),
        replace: true,
    };
    flips(
        "search-indexer",
        vec![edit],
        Verdict::Blocked,
        Verdict::Reachable,
    );
}

#[test]
fn removing_the_nat_route_leaves_search_indexer_no_way_out() {
    let edit = Edit::RemoveRoute {
        route_table_id: "rtb-0efailed".into(),
        destination: "0.0.0.0/0".parse().expect("a CIDR"),
    };
    let stack = flips(
        "search-indexer",
        vec![edit],
        Verdict::Blocked,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "search-indexer",
        CheckId::NoRouteToXray
    ));
}

#[test]
fn active_tracing_on_email_sender_drops_tracing_not_active() {
    let mut stack = EditStack::new(crate::demo::snapshot());
    assert!(has(
        &stack.edited(),
        "email-sender",
        CheckId::TracingNotActive
    ));
    let edit = Edit::Tracing {
        function: "email-sender".into(),
        mode: TracingMode::Active,
    };
    stack.push(edit).expect("email-sender exists");
    assert!(!has(
        &stack.edited(),
        "email-sender",
        CheckId::TracingNotActive
    ));
    stack.undo();
    assert!(has(
        &stack.edited(),
        "email-sender",
        CheckId::TracingNotActive
    ));
    stack.redo();
    assert!(!has(
        &stack.edited(),
        "email-sender",
        CheckId::TracingNotActive
    ));
}

#[test]
fn an_endpoint_in_subnet_0j1_gives_sandbox_experiment_a_way_out() {
    let endpoint = Edit::AddXrayEndpoint {
        vpc_id: "vpc-0j".into(),
        region: "us-east-1".into(),
        subnet_ids: vec!["subnet-0j1".into()],
        security_group_ids: vec!["sg-0jdefault".into()],
    };
    let open = Edit::AddSecurityGroupRule {
        group_id: "sg-0jdefault".into(),
        direction: RuleDirection::Ingress,
        rule: tcp_443(RulePeer::Group("sg-0jfn".into())),
    };
    let stack = flips(
        "sandbox-experiment",
        vec![endpoint, open],
        Verdict::Blocked,
        Verdict::Reachable,
    );
    let route = analyze(&stack.edited())
        .function("sandbox-experiment")
        .map(|f| f.route.as_str());
    assert_eq!(route, Some("vpc-endpoint"));
}

#[test]
fn an_endpoint_without_an_open_group_is_blocked_at_the_group() {
    let mut stack = EditStack::new(crate::demo::snapshot());
    let endpoint = Edit::AddXrayEndpoint {
        vpc_id: "vpc-0j".into(),
        region: "us-east-1".into(),
        subnet_ids: vec!["subnet-0j1".into()],
        security_group_ids: vec!["sg-0jdefault".into()],
    };
    stack.push(endpoint).expect("vpc-0j exists");
    assert!(has(
        &stack.edited(),
        "sandbox-experiment",
        CheckId::EndpointSgBlocksHttps
    ));
    assert!(!has(
        &stack.edited(),
        "sandbox-experiment",
        CheckId::NoRouteToXray
    ));
}

#[test]
fn removing_the_endpoint_blocks_checkout_api() {
    let edit = Edit::RemoveEndpoint {
        endpoint_id: "vpce-0a1xray".into(),
    };
    let stack = flips(
        "checkout-api",
        vec![edit],
        Verdict::Reachable,
        Verdict::Blocked,
    );
    assert!(has(&stack.edited(), "checkout-api", CheckId::NoRouteToXray));
}

#[test]
fn a_daemon_address_nobody_holds_blocks_checkout_api() {
    let edit = Edit::DaemonAddress {
        scope: DaemonScope::Function("checkout-api".into()),
        address: Some("10.0.9.9:2000".into()),
    };
    let stack = flips(
        "checkout-api",
        vec![edit],
        Verdict::Reachable,
        Verdict::Blocked,
    );
    assert!(has(
        &stack.edited(),
        "checkout-api",
        CheckId::DaemonHostNotFound
    ));

    let mut cleared = stack.clone();
    let clear = Edit::DaemonAddress {
        scope: DaemonScope::Function("checkout-api".into()),
        address: None,
    };
    cleared.push(clear).expect("checkout-api exists");
    assert_eq!(
        verdict(&cleared.edited(), "checkout-api"),
        Verdict::Reachable
    );
}

#[test]
fn an_edit_naming_nothing_is_refused_with_its_id() {
    let mut stack = EditStack::new(crate::demo::snapshot());
    let edit = Edit::EndpointPrivateDns {
        endpoint_id: "vpce-nope".into(),
        enabled: true,
    };
    let error = stack.push(edit).expect_err("no such endpoint");
    assert_eq!(
        error,
        EditError::NotFound {
            kind: "VPC endpoint",
            id: "vpce-nope".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "there is no VPC endpoint vpce-nope in this account"
    );
    assert!(stack.edits.is_empty());

    let taken = Edit::AddRoute {
        route_table_id: "rtb-0efailed".into(),
        destination: "0.0.0.0/0".parse().expect("a CIDR"),
        target: RouteTarget::NatGateway("nat-0e1ok".into()),
        replace: false,
    };
    assert!(matches!(
        stack.push(taken),
        Err(EditError::AlreadyExists { .. })
    ));
}

#[test]
fn a_new_edit_forgets_the_redo_and_a_removed_one_can_come_back() {
    let mut stack = EditStack::new(crate::demo::snapshot());
    let on = Edit::EndpointPrivateDns {
        endpoint_id: "vpce-0c1xray".into(),
        enabled: true,
    };
    let tracing = Edit::Tracing {
        function: "email-sender".into(),
        mode: TracingMode::Active,
    };
    stack.push(on.clone()).expect("applies");
    stack.push(tracing.clone()).expect("applies");
    assert_eq!(stack.remove(0), Some(on.clone()));
    assert_eq!(stack.edits, vec![tracing.clone()]);
    assert_eq!(verdict(&stack.edited(), "billing-batch"), Verdict::Blocked);
    assert!(stack.redo());
    assert_eq!(
        verdict(&stack.edited(), "billing-batch"),
        Verdict::Reachable
    );

    stack.undo();
    stack.push(tracing).expect("applies again");
    assert!(stack.undone.is_empty(), "a new edit forgets the redo");
}

#[test]
fn an_edit_on_a_removed_endpoint_is_reported_not_applied() {
    let mut stack = EditStack::new(crate::demo::snapshot());
    stack
        .push(Edit::AddXrayEndpoint {
            vpc_id: "vpc-0j".into(),
            region: "us-east-1".into(),
            subnet_ids: vec!["subnet-0j1".into()],
            security_group_ids: vec![],
        })
        .expect("applies");
    stack
        .push(Edit::EndpointPrivateDns {
            endpoint_id: "vpce-whatif-1".into(),
            enabled: false,
        })
        .expect("the new endpoint has an id");
    stack.remove(0);
    let (_, problems) = stack.edited_with_problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, 0);
}

#[test]
fn every_cli_command_reads_back_as_the_same_edit() {
    let edits = [
        Edit::EndpointPrivateDns {
            endpoint_id: "vpce-0c1xray".into(),
            enabled: true,
        },
        Edit::EndpointPrivateDns {
            endpoint_id: "vpce-0c1xray".into(),
            enabled: false,
        },
        Edit::VpcDnsSupport {
            vpc_id: "vpc-0a".into(),
            enabled: false,
        },
        Edit::VpcDnsHostnames {
            vpc_id: "vpc-0a".into(),
            enabled: true,
        },
        Edit::AddXrayEndpoint {
            vpc_id: "vpc-0j".into(),
            region: "us-east-1".into(),
            subnet_ids: vec!["subnet-0j1".into()],
            security_group_ids: vec!["sg-0jfn".into(), "sg-0jdefault".into()],
        },
        Edit::RemoveEndpoint {
            endpoint_id: "vpce-0a1xray".into(),
        },
        Edit::AddSecurityGroupRule {
            group_id: "sg-0aendpoint".into(),
            direction: RuleDirection::Ingress,
            rule: tcp_443(RulePeer::Cidr("10.0.7.0/24".parse().expect("a CIDR"))),
        },
        Edit::RemoveSecurityGroupRule {
            group_id: "sg-0afn".into(),
            direction: RuleDirection::Egress,
            rule: SecurityGroupRule {
                protocol: Protocol::All,
                ports: None,
                peer: RulePeer::Cidr("0.0.0.0/0".parse().expect("a CIDR")),
                description: None,
            },
        },
        Edit::AddAclEntry {
            acl_id: "acl-0aledger".into(),
            entry: AclEntry {
                rule_number: 110,
                egress: false,
                protocol: Protocol::Tcp,
                action: AclAction::Allow,
                cidr: "10.0.3.0/24".parse().expect("a CIDR"),
                ports: Some(PortRange::EPHEMERAL),
            },
        },
        Edit::RemoveAclEntry {
            acl_id: "acl-0aledger".into(),
            egress: true,
            rule_number: 100,
        },
        Edit::AddRoute {
            route_table_id: "rtb-0efailed".into(),
            destination: "0.0.0.0/0".parse().expect("a CIDR"),
            target: RouteTarget::NatGateway("nat-0e1ok".into()),
            replace: true,
        },
        Edit::RemoveRoute {
            route_table_id: "rtb-0efailed".into(),
            destination: "0.0.0.0/0".parse().expect("a CIDR"),
        },
        Edit::Tracing {
            function: "email-sender".into(),
            mode: TracingMode::Active,
        },
    ];
    for edit in edits {
        assert_eq!(
            Edit::from_fix(&edit.cli()).as_ref(),
            Some(&edit),
            "{}",
            edit.cli()
        );
        assert!(!edit.describe().is_empty());
        let terraform = edit.terraform();
        let named = edit
            .resource_ids()
            .iter()
            .any(|id| terraform.contains(id.as_str()));
        assert!(named, "the Terraform names what it changes: {terraform}");
    }
}

#[test]
fn the_demos_fix_commands_read_as_edits_that_fix_the_function() {
    let demo = crate::demo::snapshot();
    let report = analyze(&demo);
    for name in ["billing-batch", "ledger-export", "search-indexer"] {
        let function = report.function(name).expect("in the demo");
        let edit = function
            .findings
            .iter()
            .filter_map(|f| f.fix.as_deref())
            .find_map(Edit::from_fix)
            .unwrap_or_else(|| panic!("{name}'s fix reads as an edit"));
        let mut stack = EditStack::new(demo.clone());
        stack.push(edit).expect("the fix applies");
        assert_eq!(verdict(&stack.edited(), name), Verdict::Reachable, "{name}");
    }
}
