//! Colours one function's path through a [`Topology`] and maps a clicked
//! node back to the hops whose findings explain it.
//!
//! A node takes the tone of its own hop, so the culprit stands out; an edge
//! takes the worst tone of the path up to its end, so everything after a
//! failure reads as broken, unless another subnet's path crosses it intact.

use super::{NodeKey, NodeKind, Tone, Topology};
use crate::analysis::{FunctionReport, Hop, Report, RouteKind, Status, SubnetPath};

/// The tones of every node and edge, index for index with the topology.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaintedTopology {
    pub node_tones: Vec<Tone>,
    pub edge_tones: Vec<Tone>,
    /// The node of the selected hop, drawn with a heavier outline.
    pub focus: Option<usize>,
}

/// One function's colouring, sparse: the nodes and edges it touches.
#[derive(Debug, Default)]
struct Strokes {
    nodes: Vec<(usize, Tone)>,
    /// One entry per edge: the best tone of the paths that cross it.
    edges: Vec<(usize, Tone)>,
}

impl Strokes {
    fn node(&mut self, node: usize, tone: Tone) {
        self.nodes.push((node, tone));
    }

    /// Within one function an edge shared by several subnets' paths takes
    /// the best of them: data that gets through on one path does cross it.
    fn edge(&mut self, edge: usize, tone: Tone) {
        match self.edges.iter_mut().find(|(e, _)| *e == edge) {
            Some((_, best)) => *best = (*best).min(tone),
            None => self.edges.push((edge, tone)),
        }
    }

    /// Adds these strokes to `painted`, the worst tone winning.
    fn apply(self, painted: &mut PaintedTopology) {
        for (node, tone) in self.nodes {
            if let Some(mine) = painted.node_tones.get_mut(node) {
                *mine = mine.worst(tone);
            }
        }
        for (edge, tone) in self.edges {
            if let Some(mine) = painted.edge_tones.get_mut(edge) {
                *mine = mine.worst(tone);
            }
        }
    }
}

impl Topology {
    /// Colours `function`'s path (everything else stays idle) and marks the
    /// focused node.
    pub fn paint(
        &self,
        function: Option<&FunctionReport>,
        focus: Option<&NodeKey>,
    ) -> PaintedTopology {
        let mut painted = self.idle(focus);
        if let Some(function) = function {
            let own = NodeKey::new(NodeKind::Function, &function.name);
            if let Some(start) = self.node_index(&own) {
                self.strokes(function, Some(start)).apply(&mut painted);
            }
        }
        painted
    }

    /// Colours every function's path at once, the worst tone winning where
    /// paths share a node: the region-wide view.
    pub fn paint_all(&self, report: &Report) -> PaintedTopology {
        let mut all = self.idle(None);
        for function in &report.functions {
            let own = NodeKey::new(NodeKind::Function, &function.name);
            if let Some(start) = self.node_index(&own) {
                self.strokes(function, Some(start)).apply(&mut all);
            }
        }
        all
    }

    /// Adds one function's colours to `painted`, the worst tone winning; a
    /// function without a node here (hidden behind its subnets) is
    /// coloured from its subnets on.
    pub(super) fn paint_into(&self, function: &FunctionReport, painted: &mut PaintedTopology) {
        let own = self.node_index(&NodeKey::new(NodeKind::Function, &function.name));
        self.strokes(function, own).apply(painted);
    }

    /// Nothing coloured; `focus` marked.
    pub(super) fn idle(&self, focus: Option<&NodeKey>) -> PaintedTopology {
        PaintedTopology {
            node_tones: vec![Tone::Idle; self.nodes.len()],
            edge_tones: vec![Tone::Idle; self.edges.len()],
            focus: focus.and_then(|key| self.node_index(key)),
        }
    }

    /// What one function's paths colour, starting at its node when drawn.
    fn strokes(&self, function: &FunctionReport, start: Option<usize>) -> Strokes {
        let mut strokes = Strokes::default();
        if let Some(start) = start {
            strokes.node(start, Tone::of_verdict(function.verdict));
        }

        if function.route == RouteKind::OutsideVpc || function.paths.is_empty() {
            // No subnet paths: the function talks to X-Ray directly, or not at all.
            if let Some(start) = start
                && let Some(xray) = self.node_index(&NodeKey::xray())
                && let Some(edge) = self.edge_index(start, xray)
            {
                let tone = Tone::of_verdict(function.verdict);
                strokes.edge(edge, tone);
                strokes.node(
                    xray,
                    function.hop_status(Hop::Xray).map_or(tone, Tone::of_status),
                );
            }
            return strokes;
        }
        for path in &function.paths {
            self.paint_path(&mut strokes, start, path);
        }
        strokes
    }

    fn paint_path(&self, strokes: &mut Strokes, start: Option<usize>, path: &SubnetPath) {
        let mut chain: Vec<usize> = start.into_iter().collect();
        let subnet = self.node_index(&NodeKey::new(NodeKind::Subnet, &path.subnet_id));
        if subnet.is_some() {
            chain.extend(subnet);
            // With no way out, the path still ends at X-Ray: as an attempt.
            chain.extend(path.via.iter().filter_map(|id| self.find_resource(id)));
            chain.extend(self.node_index(&NodeKey::xray()));
        }
        if start.is_none()
            && let Some(&first) = chain.first()
        {
            let kind = self.nodes[first].key.kind;
            strokes.node(
                first,
                node_status(kind, path).map_or(Tone::Pass, Tone::of_status),
            );
        }

        let mut running = Tone::Pass;
        for pair in chain.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            let kind = self.nodes[to].key.kind;
            let tone = node_status(kind, path).map_or(Tone::Pass, Tone::of_status);
            let edge = self.edge_index(from, to);
            let dead_end = edge.is_some_and(|e| self.edges[e].attempt);
            // A path that gives out short of X-Ray does not make X-Ray green.
            if !(dead_end && tone == Tone::Pass) {
                strokes.node(to, tone);
            }
            running = running.worst(tone);
            if let Some(edge) = edge {
                strokes.edge(edge, running);
            }
        }
    }
}

/// The status a path gives a node of this kind; `None` when it says nothing.
fn node_status(kind: NodeKind, path: &SubnetPath) -> Option<Status> {
    let hop = |wanted: Hop| {
        path.hops
            .iter()
            .find(|(h, _)| *h == wanted)
            .map(|(_, s)| *s)
    };
    let worst = |a: Option<Status>, b: Option<Status>| match (a, b) {
        (Some(a), Some(b)) => Some(a.worst(b)),
        (a, b) => a.or(b),
    };
    match kind {
        NodeKind::Function => hop(Hop::Function),
        NodeKind::Subnet => hop(Hop::Subnet),
        NodeKind::Endpoint => worst(hop(Hop::Dns), hop(Hop::Endpoint)),
        NodeKind::NatGateway | NodeKind::InternetGateway => hop(Hop::NatGateway),
        NodeKind::Xray if path.route == RouteKind::VpcEndpoint => hop(Hop::Xray),
        NodeKind::Xray => worst(hop(Hop::Dns), hop(Hop::Xray)),
        NodeKind::DaemonHost => hop(Hop::DaemonHost),
        NodeKind::Other => Some(path.status),
        NodeKind::Vpc => None,
    }
}

/// The hops whose findings explain a clicked node, and the subnet to narrow
/// them to. DNS belongs to the endpoint, or to X-Ray when no path uses one.
pub fn hops_for(key: &NodeKey, function: &FunctionReport) -> (Vec<Hop>, Option<String>) {
    let uses_endpoint = function
        .paths
        .iter()
        .any(|p| p.route == RouteKind::VpcEndpoint);
    match key.kind {
        NodeKind::Function => (vec![Hop::Function], None),
        NodeKind::Subnet => (vec![Hop::Subnet], Some(key.id.clone())),
        NodeKind::Endpoint => (vec![Hop::Dns, Hop::Endpoint], None),
        NodeKind::NatGateway | NodeKind::InternetGateway => (vec![Hop::NatGateway], None),
        NodeKind::Xray if uses_endpoint => (vec![Hop::Xray], None),
        NodeKind::Xray => (vec![Hop::Dns, Hop::Xray], None),
        NodeKind::Vpc => (vec![Hop::Dns], None),
        NodeKind::DaemonHost => (vec![Hop::DaemonHost], None),
        NodeKind::Other => (Vec::new(), None),
    }
}
