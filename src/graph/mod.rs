//! Turns the model and the verdicts into what the view draws: nodes, edges,
//! tones and positions.
//!
//! [`Topology::build`] reads a snapshot and its report once per snapshot;
//! [`Topology::paint`] colours one function's path and is rerun only when the
//! selection changes. Nothing here draws: the `ui` layer turns a
//! [`PaintedTopology`] into an `egui_graphs` graph and maps [`Tone`]s to its
//! design tokens.

mod build;
mod edited;
pub mod layout;
mod paint;
mod region;

pub use edited::edited_nodes;
pub use paint::{PaintedTopology, hops_for};
pub use region::{GROUP_SUBNETS_ABOVE, GROUP_VPCS_ABOVE, OUTSIDE_VPC, RegionView, ViewRequest};

use crate::analysis::{Status, Verdict};
use egui::{Pos2, Vec2};
use std::collections::HashMap;

/// What kind of resource a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A frame around one VPC's subnets and gateways.
    Vpc,
    Function,
    Subnet,
    /// An X-Ray interface endpoint.
    Endpoint,
    NatGateway,
    InternetGateway,
    /// A host in the VPC running the X-Ray daemon the function sends to.
    DaemonHost,
    /// A resource a path crosses that xraypath does not follow (a transit
    /// gateway, a peering connection).
    Other,
    /// The X-Ray service.
    Xray,
}

impl NodeKind {
    /// A short noun for the inspector, e.g. "subnet".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Vpc => "VPC",
            Self::Function => "function",
            Self::Subnet => "subnet",
            Self::Endpoint => "X-Ray endpoint",
            Self::NatGateway => "NAT gateway",
            Self::InternetGateway => "internet gateway",
            Self::DaemonHost => "daemon host",
            Self::Other => "resource",
            Self::Xray => "X-Ray service",
        }
    }
}

/// Identifies a node across rebuilds: its kind and resource id (a function's
/// name for functions, `xray` for the service).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeKey {
    pub kind: NodeKind,
    pub id: String,
}

impl NodeKey {
    /// A key from a kind and an id.
    pub fn new(kind: NodeKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }

    /// The single X-Ray node's key.
    pub fn xray() -> Self {
        Self::new(NodeKind::Xray, "xray")
    }
}

/// How a node or edge is coloured: grey unless it is on the selected
/// function's path. Ordered from least to most alarming.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Not on the selected path.
    #[default]
    Idle,
    /// On the path and passing.
    Pass,
    /// Partial or unknown.
    Caution,
    /// Blocks the path.
    Fail,
}

impl Tone {
    /// The tone of a hop status.
    pub fn of_status(status: Status) -> Self {
        match status {
            Status::Pass => Self::Pass,
            Status::Partial | Status::Unknown => Self::Caution,
            Status::Fail => Self::Fail,
        }
    }

    /// The tone of a function verdict.
    pub fn of_verdict(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Reachable => Self::Pass,
            Verdict::Partial | Verdict::Unknown => Self::Caution,
            Verdict::Blocked => Self::Fail,
        }
    }

    /// The more alarming of two tones.
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        self.max(other)
    }
}

/// One node: what it stands for, what it says and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    pub key: NodeKey,
    /// The first line: a name or id.
    pub label: String,
    /// The second line: AZ, state, CIDR; may be empty.
    pub detail: String,
    /// Centre, in graph coordinates.
    pub position: Pos2,
    /// Outer size, in graph coordinates.
    pub size: Vec2,
    /// The VPC whose band the node sits in; `None` outside any VPC and for X-Ray.
    pub vpc: Option<String>,
}

/// A directed edge between two node indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    /// Not a route but a dead end: the last stop of a path that gives out
    /// before X-Ray (no route, no DNS answer, a NAT gateway with no way
    /// out). Drawn only on a coloured path, as a stub.
    pub attempt: bool,
}

/// The drawable topology of one snapshot, before any path is coloured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topology {
    /// VPC frames first, so they are drawn behind everything else.
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    index: HashMap<NodeKey, usize>,
    edge_index: HashMap<(usize, usize), usize>,
    members: Members,
}

/// Who belongs where, so a view of one VPC never scans the whole region.
#[derive(Debug, Clone, Default, PartialEq)]
struct Members {
    /// The VPC ids of the frames, in drawing order.
    vpcs: Vec<String>,
    /// Every node of a VPC's band, by VPC id, in node order (frame first).
    of_vpc: HashMap<String, Vec<usize>>,
    /// The functions outside any VPC.
    outside: Vec<usize>,
    /// The edges that start at each node.
    edges_from: Vec<Vec<usize>>,
    /// Each function node's verdict, read from the report once.
    verdicts: HashMap<usize, Verdict>,
}

impl Topology {
    /// The index of a node by key.
    pub fn node_index(&self, key: &NodeKey) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// The node with this key.
    pub fn node(&self, key: &NodeKey) -> Option<&GraphNode> {
        self.node_index(key).and_then(|i| self.nodes.get(i))
    }

    /// The index of the edge between two nodes, if there is one.
    pub fn edge_index(&self, from: usize, to: usize) -> Option<usize> {
        self.edge_index.get(&(from, to)).copied()
    }

    /// Refreshes [`Members`] after the nodes and edges are all in.
    fn reindex(&mut self) {
        let mut members = Members {
            edges_from: vec![Vec::new(); self.nodes.len()],
            ..Members::default()
        };
        for (i, node) in self.nodes.iter().enumerate() {
            match &node.vpc {
                Some(vpc) => {
                    if node.key.kind == NodeKind::Vpc {
                        members.vpcs.push(vpc.clone());
                    }
                    members.of_vpc.entry(vpc.clone()).or_default().push(i);
                }
                None if node.key.kind == NodeKind::Function => members.outside.push(i),
                None => {}
            }
        }
        for (i, edge) in self.edges.iter().enumerate() {
            members.edges_from[edge.from].push(i);
        }
        self.members = members;
    }

    /// Adds a node unless one with its key exists; returns its index either way.
    fn add_node(&mut self, node: GraphNode) -> usize {
        if let Some(existing) = self.node_index(&node.key) {
            return existing;
        }
        let index = self.nodes.len();
        self.index.insert(node.key.clone(), index);
        self.nodes.push(node);
        index
    }

    /// Adds an edge unless it exists (or would be a loop).
    fn add_edge(&mut self, from: usize, to: usize, attempt: bool) {
        if from == to || self.edge_index.contains_key(&(from, to)) {
            return;
        }
        self.edge_index.insert((from, to), self.edges.len());
        self.edges.push(GraphEdge { from, to, attempt });
    }

    /// The part of the topology whose nodes `keep` accepts, plus X-Ray,
    /// which moves next to what is left. Other positions are kept.
    #[must_use]
    pub fn scoped(&self, keep: impl Fn(&GraphNode) -> bool) -> Self {
        let mut scoped = Self::default();
        let mut renumbered = vec![None; self.nodes.len()];
        for (old, node) in self.nodes.iter().enumerate() {
            if node.key.kind == NodeKind::Xray || keep(node) {
                renumbered[old] = Some(scoped.add_node(node.clone()));
            }
        }
        for edge in &self.edges {
            if let (Some(from), Some(to)) = (renumbered[edge.from], renumbered[edge.to]) {
                scoped.add_edge(from, to, edge.attempt);
            }
        }

        let others: Vec<egui::Rect> = scoped
            .nodes
            .iter()
            .filter(|n| n.key.kind != NodeKind::Xray)
            .map(|n| egui::Rect::from_center_size(n.position, n.size))
            .collect();
        if let Some(xray) = scoped.node_index(&NodeKey::xray()) {
            scoped.nodes[xray].position = layout::xray_rect(&others).center();
        }
        scoped.reindex();
        scoped
    }
}

#[cfg(test)]
mod tests;
