//! Model to graph: which resources become nodes, which connections become
//! edges, and in which band and column each node sits.
//!
//! Only what a function's trace data can cross is drawn: VPCs with functions,
//! the subnets those functions use, the VPC's X-Ray endpoints, NAT and
//! internet gateways, and the X-Ray service.

use super::layout::{self, Band, Column};
use super::{GraphNode, NodeKey, NodeKind, Topology};
use crate::analysis::{Report, RouteKind};
use crate::model::{Function, Index, RouteTarget, Snapshot, Vpc};
use egui::Pos2;
use std::collections::HashMap;

impl Topology {
    /// Builds the topology of a snapshot, with the per-subnet paths of its
    /// report as edges. Run once per snapshot, never per frame.
    pub fn build(snapshot: &Snapshot, report: &Report) -> Self {
        let index = Index::new(snapshot);
        let mut topology = Self::default();

        let mut functions: Vec<&Function> = snapshot.functions.iter().collect();
        functions.sort_by(|a, b| a.name.cmp(&b.name));
        let vpc_of = |function: &Function| {
            index
                .vpc_of_subnets(function.subnet_ids())
                .map(|vpc| vpc.id.as_str())
        };

        // One pass sorts the functions into their VPCs: a scan per VPC
        // would cost VPCs × functions on a large region.
        let mut by_vpc: HashMap<&str, Vec<&Function>> = HashMap::new();
        let mut outside: Vec<&Function> = Vec::new();
        for function in functions.iter().copied() {
            match vpc_of(function) {
                Some(vpc) => by_vpc.entry(vpc).or_default().push(function),
                None => outside.push(function),
            }
        }

        // Frames first: nodes are drawn in order, so frames end up behind.
        let vpcs: Vec<&Vpc> = snapshot
            .vpcs
            .iter()
            .filter(|vpc| by_vpc.contains_key(vpc.id.as_str()))
            .collect();
        let mut bands: Vec<Band> = vpcs
            .iter()
            .map(|vpc| Band {
                frame: Some(topology.add_node(vpc_node(vpc))),
                ..Band::default()
            })
            .collect();

        for (band, vpc) in bands.iter_mut().zip(&vpcs) {
            let members = by_vpc.get(vpc.id.as_str()).map_or(&[][..], Vec::as_slice);
            topology.fill_vpc_band(band, vpc, members, &index, report);
        }

        if !outside.is_empty() {
            let mut band = Band::default();
            for function in outside {
                band.push(
                    Column::Functions,
                    topology.add_node(function_node(function)),
                );
            }
            bands.push(band);
        }

        let xray = topology.add_node(xray_node(&snapshot.region));
        topology.connect(&functions, &index, report, xray);
        topology.apply_placement(&bands, xray);
        topology.reindex();
        for (i, node) in topology.nodes.iter().enumerate() {
            if node.key.kind == NodeKind::Function
                && let Some(function) = report.function(&node.key.id)
            {
                topology.members.verdicts.insert(i, function.verdict);
            }
        }
        topology
    }

    /// Adds one VPC's functions, subnets, gateways and internet gateways.
    fn fill_vpc_band(
        &mut self,
        band: &mut Band,
        vpc: &Vpc,
        functions: &[&Function],
        index: &Index<'_>,
        report: &Report,
    ) {
        for function in functions {
            band.push(
                Column::Functions,
                self.add_in_vpc(vpc, function_node(function)),
            );
        }

        let mut subnet_ids: Vec<&str> = functions
            .iter()
            .flat_map(|f| f.subnet_ids())
            .map(String::as_str)
            .collect();
        let zone_of = |id: &str| index.subnets.get(id).map(|s| s.availability_zone.as_str());
        subnet_ids.sort_by(|a, b| (zone_of(a), a).cmp(&(zone_of(b), b)));
        subnet_ids.dedup();
        for id in subnet_ids {
            let node = match index.subnets.get(id) {
                Some(subnet) => {
                    let label = subnet.name.clone().unwrap_or_else(|| subnet.id.clone());
                    let detail = if subnet.name.is_some() {
                        format!("{} · {}", subnet.availability_zone, subnet.id)
                    } else {
                        format!("{} · {}", subnet.availability_zone, subnet.cidr)
                    };
                    box_node(NodeKind::Subnet, id, label, detail)
                }
                None => box_node(
                    NodeKind::Subnet,
                    id,
                    id.to_owned(),
                    "not readable".to_owned(),
                ),
            };
            band.push(Column::Subnets, self.add_in_vpc(vpc, node));
        }

        let endpoints = index
            .endpoints_of_vpc
            .get(vpc.id.as_str())
            .into_iter()
            .flatten();
        for endpoint in endpoints.filter(|e| e.is_xray_interface()) {
            let dns = if endpoint.private_dns_enabled {
                ""
            } else {
                " · private DNS off"
            };
            let detail = format!("X-Ray endpoint · {}{dns}", endpoint.state);
            let node = box_node(
                NodeKind::Endpoint,
                &endpoint.id,
                endpoint.id.clone(),
                detail,
            );
            band.push(Column::Gateways, self.add_in_vpc(vpc, node));
        }
        let nats = index
            .nat_gateways_of_vpc
            .get(vpc.id.as_str())
            .into_iter()
            .flatten();
        for nat in nats {
            let zone = zone_of(&nat.subnet_id).unwrap_or("?");
            let detail = format!("NAT · {} · {zone}", nat.state);
            let node = box_node(NodeKind::NatGateway, &nat.id, nat.id.clone(), detail);
            band.push(Column::Gateways, self.add_in_vpc(vpc, node));
        }

        for gateway in &index.snapshot.internet_gateways {
            if gateway.attached_vpc_ids.contains(&vpc.id) {
                let label = gateway.id.clone();
                let node = box_node(
                    NodeKind::InternetGateway,
                    &gateway.id,
                    label,
                    "internet gateway".into(),
                );
                band.push(Column::InternetGateways, self.add_in_vpc(vpc, node));
            }
        }

        // Resources a path crosses that have no column of their own (a daemon host).
        for path in functions
            .iter()
            .filter_map(|f| report.function(&f.name))
            .flat_map(|r| &r.paths)
        {
            for id in &path.via {
                if self.find_resource(id).is_none() {
                    let node = if path.route == RouteKind::DaemonHost {
                        let detail = "X-Ray daemon host".to_owned();
                        box_node(NodeKind::DaemonHost, id, id.clone(), detail)
                    } else {
                        box_node(NodeKind::Other, id, id.clone(), other_detail(id))
                    };
                    band.push(Column::Gateways, self.add_in_vpc(vpc, node));
                }
            }
        }
    }

    /// Adds the edges: attachments, the report's paths, and the structural
    /// links from gateways onward.
    fn connect(
        &mut self,
        functions: &[&Function],
        index: &Index<'_>,
        report: &Report,
        xray: usize,
    ) {
        for function in functions {
            let Some(from) = self.node_index(&NodeKey::new(NodeKind::Function, &function.name))
            else {
                continue;
            };
            if function.vpc.is_none() {
                self.add_edge(from, xray, false);
            }
            for subnet in function.subnet_ids() {
                if let Some(to) = self.node_index(&NodeKey::new(NodeKind::Subnet, subnet)) {
                    self.add_edge(from, to, false);
                }
            }
        }

        for path in report.functions.iter().flat_map(|f| &f.paths) {
            let Some(subnet) = self.node_index(&NodeKey::new(NodeKind::Subnet, &path.subnet_id))
            else {
                continue;
            };
            let mut chain = vec![subnet];
            chain.extend(path.via.iter().filter_map(|id| self.find_resource(id)));
            // Only an endpoint or an internet gateway hands traffic to X-Ray;
            // any other last stop is where the path gives out. A daemon host
            // forwards on its own path, which its findings describe.
            let last = chain.last().map(|&i| self.nodes[i].key.kind);
            let arrives = matches!(
                last,
                Some(NodeKind::Endpoint | NodeKind::InternetGateway | NodeKind::DaemonHost)
            );
            chain.push(xray);
            let hops = chain.len() - 1;
            for (i, pair) in chain.windows(2).enumerate() {
                self.add_edge(pair[0], pair[1], i + 1 == hops && !arrives);
            }
        }

        for endpoint in &index.snapshot.vpc_endpoints {
            if let Some(from) = self.node_index(&NodeKey::new(NodeKind::Endpoint, &endpoint.id)) {
                self.add_edge(from, xray, false);
            }
        }
        for nat in &index.snapshot.nat_gateways {
            let Some(from) = self.node_index(&NodeKey::new(NodeKind::NatGateway, &nat.id)) else {
                continue;
            };
            let table = index
                .subnets
                .get(nat.subnet_id.as_str())
                .and_then(|s| index.route_table_for(s));
            let gateways =
                table
                    .into_iter()
                    .flat_map(|t| &t.routes)
                    .filter_map(|r| match &r.target {
                        RouteTarget::InternetGateway(id) => Some(id),
                        _ => None,
                    });
            for gateway in gateways {
                if let Some(to) = self.node_index(&NodeKey::new(NodeKind::InternetGateway, gateway))
                {
                    self.add_edge(from, to, false);
                }
            }
        }
        for gateway in &index.snapshot.internet_gateways {
            let key = NodeKey::new(NodeKind::InternetGateway, &gateway.id);
            if let Some(from) = self.node_index(&key) {
                self.add_edge(from, xray, false);
            }
        }
    }

    /// Adds a node to a VPC's band.
    fn add_in_vpc(&mut self, vpc: &Vpc, node: GraphNode) -> usize {
        self.add_node(GraphNode {
            vpc: Some(vpc.id.clone()),
            ..node
        })
    }

    /// The node of a resource a path crosses, whatever its kind.
    pub(super) fn find_resource(&self, id: &str) -> Option<usize> {
        [
            NodeKind::Endpoint,
            NodeKind::NatGateway,
            NodeKind::InternetGateway,
            NodeKind::DaemonHost,
            NodeKind::Other,
        ]
        .into_iter()
        .find_map(|kind| self.node_index(&NodeKey::new(kind, id)))
    }

    fn apply_placement(&mut self, bands: &[Band], xray: usize) {
        for (node, rect) in layout::place(bands, xray) {
            if let Some(node) = self.nodes.get_mut(node) {
                node.position = rect.center();
                node.size = rect.size();
            }
        }
    }
}

fn box_node(kind: NodeKind, id: &str, label: String, detail: String) -> GraphNode {
    GraphNode {
        key: NodeKey::new(kind, id),
        label,
        detail,
        position: Pos2::ZERO,
        size: layout::NODE_SIZE,
        vpc: None,
    }
}

/// What a resource without a column is, from its id's prefix.
fn other_detail(id: &str) -> String {
    let kind = match id.split_once('-').map(|(prefix, _)| prefix) {
        Some("tgw") => "transit gateway",
        Some("pcx") => "peering connection",
        Some("i") => "instance",
        Some("eni") => "network interface",
        Some("vgw") => "virtual private gateway",
        _ => "resource",
    };
    format!("{kind} · not followed")
}

fn vpc_node(vpc: &Vpc) -> GraphNode {
    let cidrs: Vec<String> = vpc.cidr_blocks.iter().map(ToString::to_string).collect();
    let label = match &vpc.name {
        Some(name) => format!("{name} ({})", vpc.id),
        None => vpc.id.clone(),
    };
    GraphNode {
        vpc: Some(vpc.id.clone()),
        ..box_node(NodeKind::Vpc, &vpc.id, label, cidrs.join(", "))
    }
}

fn function_node(function: &Function) -> GraphNode {
    let detail = format!("tracing {}", function.tracing.as_str());
    box_node(
        NodeKind::Function,
        &function.name,
        function.name.clone(),
        detail,
    )
}

fn xray_node(region: &str) -> GraphNode {
    GraphNode {
        size: layout::XRAY_SIZE,
        ..box_node(
            NodeKind::Xray,
            "xray",
            "AWS X-Ray".into(),
            format!("xray.{region}.amazonaws.com"),
        )
    }
}
