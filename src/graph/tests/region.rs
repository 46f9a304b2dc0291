//! The region view on the fixture account, and on the fixture grown past
//! the grouping thresholds with many functions in `vpc-1`'s first subnet.

use super::fixture::{function_report, path, report, snapshot};
use crate::analysis::{Hop, Report, RouteKind, Status, Verdict};
use crate::graph::{
    GROUP_SUBNETS_ABOVE, GROUP_VPCS_ABOVE, NodeKey, NodeKind, OUTSIDE_VPC, RegionView, Tone,
    Topology, ViewRequest,
};
use crate::model::{Function, Snapshot};

const EXTRA: usize = GROUP_VPCS_ABOVE + 50;
// Enough functions in one subnet to hide them behind it too.
const _: () = assert!(EXTRA > GROUP_SUBNETS_ABOVE);

fn key(kind: NodeKind, id: &str) -> NodeKey {
    NodeKey::new(kind, id)
}

/// The fixture plus `EXTRA` reachable functions in subnet-a.
fn large() -> (Snapshot, Report) {
    let mut snapshot = snapshot();
    let mut report = report();
    let template: Function = snapshot.functions[0].clone();
    let hops = [(Hop::Subnet, Status::Pass), (Hop::Endpoint, Status::Pass)];
    for i in 0..EXTRA {
        let name = format!("worker-{i:04}");
        let mut function = Function {
            name: name.clone(),
            ..template.clone()
        };
        if let Some(vpc) = function.vpc.as_mut() {
            vpc.subnet_ids = vec!["subnet-a".into()];
        }
        snapshot.functions.push(function);
        let paths = vec![path("subnet-a", RouteKind::VpcEndpoint, &["vpce-1"], &hops)];
        report
            .functions
            .push(function_report(&name, Verdict::Reachable, paths));
    }
    report.functions.sort_by(|a, b| a.name.cmp(&b.name));
    (snapshot, report)
}

fn view(snapshot: &Snapshot, report: &Report, request: &ViewRequest) -> RegionView {
    let topology = Topology::build(snapshot, report);
    RegionView::build(&topology, report, request, None)
}

#[test]
fn a_small_region_is_drawn_whole() {
    let (snapshot, report) = (snapshot(), report());
    let whole = Topology::build(&snapshot, &report);
    let view = view(&snapshot, &report, &ViewRequest::default());

    assert_eq!(view.topology.nodes.len(), whole.nodes.len());
    assert_eq!(view.topology.edges.len(), whole.edges.len());
    assert!(view.toggles.iter().all(|t| !t), "nothing to open");
    assert!(
        view.topology
            .node(&key(NodeKind::Function, "orders"))
            .is_some()
    );
}

#[test]
fn a_large_region_shows_each_vpc_as_one_box_with_its_counts() {
    let (snapshot, report) = large();
    let view = view(&snapshot, &report, &ViewRequest::default());

    let vpc = view.topology.node_index(&key(NodeKind::Vpc, "vpc-1"));
    let vpc = vpc.expect("the collapsed VPC");
    assert_eq!(view.hidden[vpc], EXTRA + 2);
    assert!(view.toggles[vpc]);
    assert_eq!(
        view.painted.node_tones[vpc],
        Tone::Fail,
        "billing is blocked"
    );
    assert!(view.topology.nodes[vpc].detail.contains("1 blocked"));
    assert!(
        view.topology
            .node(&key(NodeKind::Function, "orders"))
            .is_none()
    );
    assert!(
        view.topology
            .node(&key(NodeKind::Vpc, OUTSIDE_VPC))
            .is_some()
    );
    assert!(view.topology.nodes.len() < 5, "two boxes and X-Ray");
}

#[test]
fn an_open_vpc_with_many_functions_hides_them_behind_their_subnets() {
    let (snapshot, report) = large();
    let mut request = ViewRequest::default();
    request.open.insert(key(NodeKind::Vpc, "vpc-1"));
    let closed = view(&snapshot, &report, &request);

    let subnet_a = closed
        .topology
        .node_index(&key(NodeKind::Subnet, "subnet-a"));
    let subnet_a = subnet_a.expect("subnet-a");
    assert_eq!(closed.hidden[subnet_a], EXTRA + 1);
    assert!(
        closed.topology.nodes[subnet_a]
            .detail
            .ends_with("functions")
    );
    assert!(
        closed
            .topology
            .node(&key(NodeKind::Function, "worker-0001"))
            .is_none()
    );
    assert_eq!(
        closed.painted.node_tones[subnet_a],
        Tone::Pass,
        "hidden paths still colour"
    );

    request.open.insert(key(NodeKind::Subnet, "subnet-b"));
    let opened = view(&snapshot, &report, &request);
    assert!(
        opened
            .topology
            .node(&key(NodeKind::Function, "billing"))
            .is_some()
    );
    assert!(
        opened
            .topology
            .node(&key(NodeKind::Function, "worker-0001"))
            .is_none()
    );
}

#[test]
fn the_selected_function_is_drawn_with_its_path_in_a_large_region() {
    let (snapshot, report) = large();
    let request = ViewRequest {
        function: Some("billing".into()),
        ..ViewRequest::default()
    };
    let view = view(&snapshot, &report, &request);

    let billing = view
        .topology
        .node_index(&key(NodeKind::Function, "billing"));
    assert!(billing.is_some(), "its VPC is opened for it");
    let nat = view
        .topology
        .node_index(&key(NodeKind::NatGateway, "nat-1"));
    let nat = nat.expect("the NAT gateway on its path");
    assert_eq!(view.painted.node_tones[nat], Tone::Fail);
    assert!(
        view.topology
            .node(&key(NodeKind::Function, "worker-0001"))
            .is_none()
    );
}

#[test]
fn a_view_scoped_to_one_vpc_leaves_the_others_out() {
    let (snapshot, report) = (snapshot(), report());
    let request = ViewRequest {
        vpc: Some("vpc-1".into()),
        ..ViewRequest::default()
    };
    let view = view(&snapshot, &report, &request);

    assert!(
        view.topology
            .node(&key(NodeKind::Function, "orders"))
            .is_some()
    );
    assert!(
        view.topology
            .node(&key(NodeKind::Function, "edge"))
            .is_none()
    );
    assert!(view.topology.node(&NodeKey::xray()).is_some());
}
