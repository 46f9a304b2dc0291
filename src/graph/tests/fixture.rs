//! A small hand-made account for the graph tests: one VPC with an X-Ray
//! endpoint and a NAT route, and one function outside any VPC, with a
//! report written by hand so the tests do not depend on the analysis.

use crate::analysis::{
    CheckId, Finding, FunctionReport, Hop, Report, RouteKind, Sender, Severity, Status, SubnetPath,
    Verdict,
};
use crate::model::{
    Function, FunctionVpc, InternetGateway, NatGateway, Route, RouteDestination, RouteState,
    RouteTable, RouteTarget, Snapshot, Subnet, TracingMode, Vpc, VpcEndpoint,
};

fn net(text: &str) -> ipnet::Ipv4Net {
    text.parse().unwrap_or_default()
}

fn subnet(id: &str, zone: &str, cidr: &str) -> Subnet {
    Subnet {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        name: None,
        cidr: net(cidr),
        availability_zone: zone.into(),
    }
}

fn function(name: &str, subnets: &[&str]) -> Function {
    Function {
        name: name.into(),
        arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
        runtime: Some("python3.12".into()),
        role_arn: "arn:aws:iam::123456789012:role/app".into(),
        vpc: (!subnets.is_empty()).then(|| FunctionVpc {
            subnet_ids: subnets.iter().map(|s| (*s).to_owned()).collect(),
            security_group_ids: vec!["sg-1".into()],
        }),
        tracing: TracingMode::Active,
        layers: Vec::new(),
        environment: std::collections::BTreeMap::default(),
    }
}

pub fn snapshot() -> Snapshot {
    let mut snapshot = Snapshot::new("us-east-1", "123456789012");
    snapshot.vpcs.push(Vpc {
        id: "vpc-1".into(),
        name: Some("prod".into()),
        cidr_blocks: vec![net("10.0.0.0/16")],
        dns_support: Some(true),
        dns_hostnames: Some(true),
        dhcp_options_id: None,
    });
    snapshot.subnets = vec![
        subnet("subnet-b", "us-east-1b", "10.0.2.0/24"),
        subnet("subnet-a", "us-east-1a", "10.0.1.0/24"),
        subnet("subnet-pub", "us-east-1a", "10.0.9.0/24"),
    ];
    snapshot.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-1".into(),
        vpc_id: "vpc-1".into(),
        service_name: "com.amazonaws.us-east-1.xray".into(),
        endpoint_type: "Interface".into(),
        state: "available".into(),
        private_dns_enabled: true,
        subnet_ids: vec!["subnet-a".into()],
        security_group_ids: vec!["sg-2".into()],
        network_interface_ids: Vec::new(),
        policy: None,
    });
    snapshot.nat_gateways.push(NatGateway {
        id: "nat-1".into(),
        vpc_id: "vpc-1".into(),
        subnet_id: "subnet-pub".into(),
        state: "available".into(),
        connectivity: "public".into(),
    });
    snapshot.internet_gateways.push(InternetGateway {
        id: "igw-1".into(),
        attached_vpc_ids: vec!["vpc-1".into()],
    });
    snapshot.route_tables.push(RouteTable {
        id: "rtb-pub".into(),
        vpc_id: "vpc-1".into(),
        main: false,
        subnet_ids: vec!["subnet-pub".into()],
        routes: vec![Route {
            destination: RouteDestination::Cidr(net("0.0.0.0/0")),
            target: RouteTarget::InternetGateway("igw-1".into()),
            state: RouteState::Active,
        }],
    });
    snapshot.functions = vec![
        function("orders", &["subnet-a", "subnet-b"]),
        function("billing", &["subnet-b"]),
        function("edge", &[]),
    ];
    snapshot
}

pub fn path(subnet: &str, route: RouteKind, via: &[&str], hops: &[(Hop, Status)]) -> SubnetPath {
    let status = hops
        .iter()
        .map(|(_, s)| *s)
        .fold(Status::Pass, Status::worst);
    SubnetPath {
        subnet_id: subnet.into(),
        availability_zone: String::new(),
        route,
        status,
        via: via.iter().map(|v| (*v).to_owned()).collect(),
        hops: hops.to_vec(),
    }
}

pub fn function_report(name: &str, verdict: Verdict, paths: Vec<SubnetPath>) -> FunctionReport {
    FunctionReport {
        name: name.into(),
        arn: String::new(),
        vpc_id: Some("vpc-1".into()),
        subnets: Vec::new(),
        security_groups: Vec::new(),
        tracing: "Active",
        sender: Sender::InFunction,
        route: paths.first().map_or(RouteKind::OutsideVpc, |p| p.route),
        verdict,
        findings: Vec::new(),
        paths,
    }
}

pub fn report() -> Report {
    let endpoint_hops = [
        (Hop::Subnet, Status::Pass),
        (Hop::Dns, Status::Pass),
        (Hop::Endpoint, Status::Pass),
        (Hop::Xray, Status::Pass),
    ];
    let nat_hops = [
        (Hop::Subnet, Status::Pass),
        (Hop::NatGateway, Status::Fail),
        (Hop::Xray, Status::Pass),
    ];
    let mut billing = function_report(
        "billing",
        Verdict::Blocked,
        vec![path(
            "subnet-b",
            RouteKind::NatGateway,
            &["nat-1", "igw-1"],
            &nat_hops,
        )],
    );
    billing.findings.push(Finding {
        check: CheckId::NatSubnetNoInternetRoute,
        severity: Severity::Error,
        resources: vec!["nat-1".into()],
        message: "nat-1's subnet has no route to igw-1".into(),
        fix: Some("aws ec2 create-route".into()),
        via: Vec::new(),
        hop: Hop::NatGateway,
        subnet: Some("subnet-b".into()),
    });
    Report::new(
        "us-east-1".into(),
        "123456789012".into(),
        vec![
            billing,
            function_report(
                "orders",
                Verdict::Reachable,
                vec![
                    path(
                        "subnet-a",
                        RouteKind::VpcEndpoint,
                        &["vpce-1"],
                        &endpoint_hops,
                    ),
                    path(
                        "subnet-b",
                        RouteKind::VpcEndpoint,
                        &["vpce-1"],
                        &endpoint_hops,
                    ),
                ],
            ),
        ],
    )
}
