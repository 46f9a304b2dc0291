//! Topology and paint tests on the hand-made account of [`fixture`].

mod fixture;
mod region;

use super::{NodeKey, NodeKind, Tone, Topology, hops_for};
use crate::analysis::{CheckId, Hop, RouteKind, Status, Verdict};
use fixture::{function_report, path, report, snapshot};

fn key(kind: NodeKind, id: &str) -> NodeKey {
    NodeKey::new(kind, id)
}

fn edge(topology: &Topology, from: &NodeKey, to: &NodeKey) -> Option<usize> {
    topology.edge_index(topology.node_index(from)?, topology.node_index(to)?)
}

#[test]
fn only_resources_on_a_path_become_nodes() {
    let topology = Topology::build(&snapshot(), &report());
    let keys: Vec<&NodeKey> = topology.nodes.iter().map(|n| &n.key).collect();

    assert_eq!(keys[0], &key(NodeKind::Vpc, "vpc-1"), "frames come first");
    for expected in [
        key(NodeKind::Function, "orders"),
        key(NodeKind::Function, "billing"),
        key(NodeKind::Function, "edge"),
        key(NodeKind::Subnet, "subnet-a"),
        key(NodeKind::Subnet, "subnet-b"),
        key(NodeKind::Endpoint, "vpce-1"),
        key(NodeKind::NatGateway, "nat-1"),
        key(NodeKind::InternetGateway, "igw-1"),
        NodeKey::xray(),
    ] {
        assert!(keys.contains(&&expected), "missing {expected:?}");
    }
    assert!(
        topology
            .node(&key(NodeKind::Subnet, "subnet-pub"))
            .is_none()
    );
    let subnet_a = topology.node(&key(NodeKind::Subnet, "subnet-a"));
    assert_eq!(
        subnet_a.map(|n| n.detail.as_str()),
        Some("us-east-1a · 10.0.1.0/24")
    );
}

#[test]
fn edges_follow_attachments_and_report_paths() {
    let topology = Topology::build(&snapshot(), &report());
    let orders = key(NodeKind::Function, "orders");
    let subnet_b = key(NodeKind::Subnet, "subnet-b");
    let nat = key(NodeKind::NatGateway, "nat-1");
    let igw = key(NodeKind::InternetGateway, "igw-1");
    let endpoint = key(NodeKind::Endpoint, "vpce-1");

    assert!(edge(&topology, &orders, &subnet_b).is_some());
    assert!(edge(&topology, &subnet_b, &nat).is_some());
    assert!(edge(&topology, &nat, &igw).is_some());
    assert!(edge(&topology, &igw, &NodeKey::xray()).is_some());
    assert!(edge(&topology, &subnet_b, &endpoint).is_some());
    assert!(edge(&topology, &endpoint, &NodeKey::xray()).is_some());
    assert!(
        edge(
            &topology,
            &key(NodeKind::Function, "edge"),
            &NodeKey::xray()
        )
        .is_some()
    );
    assert!(edge(&topology, &orders, &NodeKey::xray()).is_none());
}

#[test]
fn functions_sit_left_of_subnets_left_of_gateways_left_of_xray() {
    let topology = Topology::build(&snapshot(), &report());
    let x = |k: NodeKey| topology.node(&k).map_or(f32::NAN, |n| n.position.x);

    assert!(x(key(NodeKind::Function, "orders")) < x(key(NodeKind::Subnet, "subnet-a")));
    assert!(x(key(NodeKind::Subnet, "subnet-a")) < x(key(NodeKind::Endpoint, "vpce-1")));
    assert_eq!(
        x(key(NodeKind::Endpoint, "vpce-1")),
        x(key(NodeKind::NatGateway, "nat-1"))
    );
    assert!(x(key(NodeKind::NatGateway, "nat-1")) < x(key(NodeKind::InternetGateway, "igw-1")));
    assert!(x(key(NodeKind::InternetGateway, "igw-1")) < x(NodeKey::xray()));
    assert_eq!(
        Topology::build(&snapshot(), &report()),
        topology,
        "deterministic"
    );
}

#[test]
fn a_blocked_nat_path_is_red_from_the_nat_gateway_on() {
    let report = report();
    let topology = Topology::build(&snapshot(), &report);
    let painted = topology.paint(report.function("billing"), None);
    let node_tone = |k: NodeKey| topology.node_index(&k).map(|i| painted.node_tones[i]);
    let edge_tone = |a: NodeKey, b: NodeKey| edge(&topology, &a, &b).map(|i| painted.edge_tones[i]);

    assert_eq!(
        node_tone(key(NodeKind::Function, "billing")),
        Some(Tone::Fail)
    );
    assert_eq!(
        node_tone(key(NodeKind::Subnet, "subnet-b")),
        Some(Tone::Pass)
    );
    assert_eq!(
        node_tone(key(NodeKind::NatGateway, "nat-1")),
        Some(Tone::Fail)
    );
    assert_eq!(
        node_tone(key(NodeKind::Endpoint, "vpce-1")),
        Some(Tone::Idle)
    );
    assert_eq!(
        edge_tone(
            key(NodeKind::Function, "billing"),
            key(NodeKind::Subnet, "subnet-b")
        ),
        Some(Tone::Pass)
    );
    assert_eq!(
        edge_tone(key(NodeKind::InternetGateway, "igw-1"), NodeKey::xray()),
        Some(Tone::Fail)
    );
}

#[test]
fn a_reachable_endpoint_path_is_green_and_other_functions_stay_grey() {
    let report = report();
    let topology = Topology::build(&snapshot(), &report);
    let painted = topology.paint(report.function("orders"), None);
    let node_tone = |k: NodeKey| topology.node_index(&k).map(|i| painted.node_tones[i]);

    assert_eq!(
        node_tone(key(NodeKind::Endpoint, "vpce-1")),
        Some(Tone::Pass)
    );
    assert_eq!(node_tone(NodeKey::xray()), Some(Tone::Pass));
    assert_eq!(
        node_tone(key(NodeKind::Function, "billing")),
        Some(Tone::Idle)
    );
    assert_eq!(
        node_tone(key(NodeKind::NatGateway, "nat-1")),
        Some(Tone::Idle)
    );
    let green_edges = painted
        .edge_tones
        .iter()
        .filter(|t| **t == Tone::Pass)
        .count();
    assert_eq!(
        green_edges, 5,
        "orders→a, orders→b, a→vpce, b→vpce, vpce→xray"
    );
}

#[test]
fn a_clicked_node_maps_back_to_its_hops_and_findings() {
    let report = report();
    let billing = report.function("billing");
    let (hops, subnet) = billing
        .map(|f| hops_for(&key(NodeKind::NatGateway, "nat-1"), f))
        .unwrap_or_default();
    assert_eq!(hops, vec![Hop::NatGateway]);
    assert_eq!(subnet, None);
    let findings = billing
        .map(|f| f.findings_for(Hop::NatGateway, None))
        .unwrap_or_default();
    assert_eq!(
        findings.first().map(|f| f.check),
        Some(CheckId::NatSubnetNoInternetRoute)
    );

    let (hops, subnet) = billing
        .map(|f| hops_for(&key(NodeKind::Subnet, "subnet-b"), f))
        .unwrap_or_default();
    assert_eq!(
        (hops, subnet.as_deref()),
        (vec![Hop::Subnet], Some("subnet-b"))
    );
    let (hops, _) = billing
        .map(|f| hops_for(&NodeKey::xray(), f))
        .unwrap_or_default();
    assert_eq!(
        hops,
        vec![Hop::Dns, Hop::Xray],
        "no endpoint: DNS belongs to X-Ray"
    );
}

#[test]
fn the_focused_node_is_marked() {
    let topology = Topology::build(&snapshot(), &report());
    let painted = topology.paint(None, Some(&key(NodeKind::Subnet, "subnet-a")));
    assert_eq!(
        painted.focus,
        topology.node_index(&key(NodeKind::Subnet, "subnet-a"))
    );
    assert!(painted.node_tones.iter().all(|t| *t == Tone::Idle));
}

#[test]
fn a_path_with_no_way_out_is_an_attempt_edge_to_xray() {
    let mut report = report();
    let dns_hops = [
        (Hop::Function, Status::Pass),
        (Hop::Dns, Status::Fail),
        (Hop::Xray, Status::Pass),
    ];
    report.functions.push(function_report(
        "edge",
        Verdict::Blocked,
        vec![path("subnet-a", RouteKind::None, &[], &dns_hops)],
    ));
    let topology = Topology::build(&snapshot(), &report);
    let subnet_a = key(NodeKind::Subnet, "subnet-a");
    let attempt = edge(&topology, &subnet_a, &NodeKey::xray()).map(|i| topology.edges[i]);
    assert_eq!(attempt.map(|e| e.attempt), Some(true));

    let painted = topology.paint(report.function("edge"), None);
    let xray = topology
        .node_index(&NodeKey::xray())
        .map(|i| painted.node_tones[i]);
    assert_eq!(xray, Some(Tone::Fail), "DNS fails: X-Ray is where it shows");
}

#[test]
fn scoping_to_a_vpc_keeps_its_band_and_recentres_xray() {
    let topology = Topology::build(&snapshot(), &report());
    let scoped = topology.scoped(|n| n.vpc.as_deref() == Some("vpc-1"));

    assert!(scoped.node(&key(NodeKind::Function, "orders")).is_some());
    assert!(scoped.node(&key(NodeKind::Function, "edge")).is_none());
    assert!(
        edge(
            &scoped,
            &key(NodeKind::Endpoint, "vpce-1"),
            &NodeKey::xray()
        )
        .is_some()
    );
    let band: Vec<f32> = scoped
        .nodes
        .iter()
        .filter(|n| n.key.kind == NodeKind::Vpc)
        .map(|n| n.position.y)
        .collect();
    let xray_y = scoped.node(&NodeKey::xray()).map(|n| n.position.y);
    assert_eq!(xray_y, band.first().copied());
}

#[test]
fn the_overview_paints_every_function_worst_tone_winning() {
    let report = report();
    let topology = Topology::build(&snapshot(), &report);
    let painted = topology.paint_all(&report);
    let tone = |k: NodeKey| topology.node_index(&k).map(|i| painted.node_tones[i]);

    assert_eq!(tone(key(NodeKind::Function, "orders")), Some(Tone::Pass));
    assert_eq!(tone(key(NodeKind::Function, "billing")), Some(Tone::Fail));
    assert_eq!(tone(key(NodeKind::Endpoint, "vpce-1")), Some(Tone::Pass));
    assert_eq!(tone(NodeKey::xray()), Some(Tone::Pass));
}

#[test]
fn a_nat_gateway_with_no_way_out_is_a_dead_end_and_xray_stays_grey() {
    let mut report = report();
    let nat_hops = [
        (Hop::Subnet, Status::Pass),
        (Hop::NatGateway, Status::Fail),
        (Hop::Xray, Status::Pass),
    ];
    report.functions.push(function_report(
        "edge",
        Verdict::Blocked,
        vec![path(
            "subnet-a",
            RouteKind::NatGateway,
            &["nat-1"],
            &nat_hops,
        )],
    ));
    let topology = Topology::build(&snapshot(), &report);
    let nat = key(NodeKind::NatGateway, "nat-1");
    let dead_end = edge(&topology, &nat, &NodeKey::xray()).map(|i| topology.edges[i].attempt);
    assert_eq!(dead_end, Some(true));
    let via_igw = edge(
        &topology,
        &key(NodeKind::InternetGateway, "igw-1"),
        &NodeKey::xray(),
    );
    assert_eq!(via_igw.map(|i| topology.edges[i].attempt), Some(false));

    let painted = topology.paint(report.function("edge"), None);
    let tone = |k: NodeKey| topology.node_index(&k).map(|i| painted.node_tones[i]);
    assert_eq!(tone(nat), Some(Tone::Fail));
    assert_eq!(tone(NodeKey::xray()), Some(Tone::Idle));
}

#[test]
fn a_daemon_host_is_its_own_node_and_forwards_to_xray() {
    let mut report = report();
    let daemon_hops = [
        (Hop::Subnet, Status::Pass),
        (Hop::DaemonHost, Status::Fail),
        (Hop::Xray, Status::Pass),
    ];
    if let Some(billing) = report.functions.iter_mut().find(|f| f.name == "billing") {
        billing.route = RouteKind::DaemonHost;
        let via = ["i-daemon"];
        billing.paths = vec![path("subnet-b", RouteKind::DaemonHost, &via, &daemon_hops)];
    }
    let topology = Topology::build(&snapshot(), &report);
    let host = key(NodeKind::DaemonHost, "i-daemon");
    assert_eq!(
        topology.node(&host).map(|n| n.detail.as_str()),
        Some("X-Ray daemon host")
    );
    let forward = edge(&topology, &host, &NodeKey::xray()).map(|i| topology.edges[i].attempt);
    assert_eq!(forward, Some(false));

    let billing = report.function("billing");
    let painted = topology.paint(billing, None);
    assert_eq!(
        topology.node_index(&host).map(|i| painted.node_tones[i]),
        Some(Tone::Fail)
    );
    let hops = billing.map(|f| hops_for(&host, f).0).unwrap_or_default();
    assert_eq!(hops, vec![Hop::DaemonHost]);
}
