//! The cut of a [`Topology`] the graph panel draws: small enough to draw
//! every frame, however large the region.
//!
//! A small region is drawn whole. In a large one (more than
//! [`GROUP_VPCS_ABOVE`] functions in view) each VPC is one box with the
//! count of its functions by verdict, laid out in a grid, until the user
//! opens it; inside an open VPC with more than [`GROUP_SUBNETS_ABOVE`]
//! functions, the functions stay behind their subnets (which show how many
//! they hide) until a subnet is opened. The selected function is always
//! drawn, with its VPC open.
//!
//! Building a view reads only the VPCs in view and the open ones' members
//! (through the topology's membership lists), so it costs what it draws,
//! not what the region holds.

use super::layout::{self, Band, Column};
use super::{GraphNode, NodeKey, NodeKind, PaintedTopology, Tone, Topology};
use crate::analysis::{FunctionReport, Report, Verdict};
use std::collections::{BTreeSet, HashMap};

/// Above this many functions in view, VPCs are collapsed until opened.
pub const GROUP_VPCS_ABOVE: usize = 150;
/// Above this many functions in one open VPC, they hide behind their subnets.
pub const GROUP_SUBNETS_ABOVE: usize = 60;
/// The id of the box standing for the functions outside any VPC.
pub const OUTSIDE_VPC: &str = "outside any VPC";

/// What to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewRequest {
    /// Only this VPC (or [`OUTSIDE_VPC`]); `None` for the whole region.
    pub vpc: Option<String>,
    /// The selected function: its path is coloured, its VPC open.
    pub function: Option<String>,
    /// VPC and subnet nodes the user opened.
    pub open: BTreeSet<NodeKey>,
}

/// A drawable cut of the topology, positioned and coloured.
#[derive(Debug, Clone, Default)]
pub struct RegionView {
    pub topology: Topology,
    pub painted: PaintedTopology,
    /// Per node, how many functions it stands for while they are hidden.
    pub hidden: Vec<usize>,
    /// Per node, whether a click opens or closes it rather than selecting it.
    pub toggles: Vec<bool>,
}

/// Functions by verdict: blocked, partial, unknown, reachable.
#[derive(Debug, Clone, Copy, Default)]
struct Counts([usize; 4]);

impl Counts {
    fn add(&mut self, verdict: Option<Verdict>) {
        let slot = match verdict {
            Some(Verdict::Blocked) => 0,
            Some(Verdict::Partial) => 1,
            Some(Verdict::Reachable) => 3,
            Some(Verdict::Unknown) | None => 2,
        };
        self.0[slot] += 1;
    }

    fn total(self) -> usize {
        self.0.iter().sum()
    }

    fn tone(self) -> Tone {
        match self.0 {
            [b, ..] if b > 0 => Tone::Fail,
            [_, p, u, _] if p + u > 0 => Tone::Caution,
            [.., r] if r > 0 => Tone::Pass,
            _ => Tone::Idle,
        }
    }

    /// "52 functions · 3 blocked · 2 partial".
    fn words(self) -> String {
        let [blocked, partial, unknown, _] = self.0;
        let mut words = match self.total() {
            1 => "1 function".to_owned(),
            n => format!("{n} functions"),
        };
        for (n, what) in [
            (blocked, "blocked"),
            (partial, "partial"),
            (unknown, "unknown"),
        ] {
            if n > 0 {
                words.push_str(&format!(" · {n} {what}"));
            }
        }
        words
    }
}

/// The view under construction.
struct Builder<'t> {
    full: &'t Topology,
    report: &'t Report,
    view: RegionView,
    /// Full-topology index to view index.
    shown: HashMap<usize, usize>,
    bands: Vec<Band>,
    grid: Vec<usize>,
    /// Collapsed groups' tones, applied when nothing is selected.
    group_tones: Vec<(usize, Tone)>,
    /// Functions hidden in open VPCs, whose paths still colour the view.
    hidden_functions: Vec<&'t FunctionReport>,
}

impl RegionView {
    /// Cuts the view `request` asks for out of `full`; `focus` is the node
    /// whose findings the inspector shows.
    pub fn build(
        full: &Topology,
        report: &Report,
        request: &ViewRequest,
        focus: Option<&NodeKey>,
    ) -> Self {
        let members = &full.members;
        let mut vpcs: Vec<&str> = match request.vpc.as_deref() {
            Some(vpc) => vec![vpc],
            None => members.vpcs.iter().map(String::as_str).collect(),
        };
        if request.vpc.is_none() && !members.outside.is_empty() {
            vpcs.push(OUTSIDE_VPC);
        }
        let in_view: usize = vpcs.iter().map(|vpc| full.functions_of(vpc).count()).sum();
        let grouped = in_view > GROUP_VPCS_ABOVE;
        let selected = request
            .function
            .as_ref()
            .and_then(|name| full.node(&NodeKey::new(NodeKind::Function, name)));
        let selected_vpc = selected.map(|n| n.vpc.as_deref().unwrap_or(OUTSIDE_VPC));

        let mut builder = Builder {
            full,
            report,
            view: Self::default(),
            shown: HashMap::new(),
            bands: Vec::new(),
            grid: Vec::new(),
            group_tones: Vec::new(),
            hidden_functions: Vec::new(),
        };
        for vpc in vpcs {
            let key = NodeKey::new(NodeKind::Vpc, vpc);
            let open = !grouped || request.open.contains(&key) || selected_vpc == Some(vpc);
            if open {
                builder.open_vpc(vpc, grouped, request);
            } else {
                builder.collapsed_vpc(vpc);
            }
        }
        builder.finish(request, focus)
    }
}

impl Topology {
    /// The function nodes of a VPC (or of [`OUTSIDE_VPC`]).
    fn functions_of<'a>(&'a self, vpc: &str) -> impl Iterator<Item = usize> + 'a {
        let list = if vpc == OUTSIDE_VPC {
            Some(&self.members.outside)
        } else {
            self.members.of_vpc.get(vpc)
        };
        list.into_iter()
            .flatten()
            .copied()
            .filter(|&i| self.nodes[i].key.kind == NodeKind::Function)
    }

    /// The subnets a function node is attached to.
    fn subnets_of(&self, function: usize) -> impl Iterator<Item = usize> + '_ {
        self.members.edges_from[function]
            .iter()
            .map(|&e| self.edges[e].to)
            .filter(|&to| self.nodes[to].key.kind == NodeKind::Subnet)
    }
}

impl<'t> Builder<'t> {
    fn verdict(&self, function: usize) -> Option<&'t FunctionReport> {
        self.report.function(&self.full.nodes[function].key.id)
    }

    /// Adds a node of the full topology (or a changed copy of it).
    fn add(&mut self, from: Option<usize>, node: GraphNode, hidden: usize, toggles: bool) -> usize {
        let index = self.view.topology.add_node(node);
        if let Some(from) = from {
            self.shown.insert(from, index);
        }
        self.view.hidden.resize(self.view.topology.nodes.len(), 0);
        self.view
            .toggles
            .resize(self.view.topology.nodes.len(), false);
        self.view.hidden[index] = hidden;
        self.view.toggles[index] = toggles;
        index
    }

    /// One box for the whole VPC, with its functions counted by verdict.
    fn collapsed_vpc(&mut self, vpc: &str) {
        let mut counts = Counts::default();
        let verdicts = &self.full.members.verdicts;
        for function in self.full.functions_of(vpc) {
            counts.add(verdicts.get(&function).copied());
        }
        let frame = self.full.node(&NodeKey::new(NodeKind::Vpc, vpc));
        let node = GraphNode {
            key: NodeKey::new(NodeKind::Vpc, vpc),
            label: frame.map_or_else(|| vpc.to_owned(), |f| f.label.clone()),
            detail: counts.words(),
            position: egui::Pos2::ZERO,
            size: layout::NODE_SIZE,
            vpc: Some(vpc.to_owned()),
        };
        let index = self.add(None, node, counts.total(), true);
        self.group_tones.push((index, counts.tone()));
        self.grid.push(index);
    }

    /// The VPC's band: frame, subnets, gateways, and its functions (or only
    /// those of open subnets, when it has many).
    fn open_vpc(&mut self, vpc: &str, grouped: bool, request: &ViewRequest) {
        if !self.grid.is_empty() {
            let grid = std::mem::take(&mut self.grid);
            self.bands.push(Band {
                grid,
                ..Band::default()
            });
        }
        let full = self.full;
        let functions: Vec<usize> = full.functions_of(vpc).collect();
        let by_subnet = functions.len() > GROUP_SUBNETS_ABOVE;
        let is_open = |i: usize| request.open.contains(&full.nodes[i].key);
        let visible = |f: usize| {
            !by_subnet
                || request.function.as_deref() == Some(full.nodes[f].key.id.as_str())
                || full.subnets_of(f).any(is_open)
        };

        let mut band = Band::default();
        let mut behind: HashMap<usize, usize> = HashMap::new();
        for &f in &functions {
            if visible(f) {
                let index = self.add(Some(f), full.nodes[f].clone(), 0, false);
                band.push(Column::Functions, index);
            } else {
                for subnet in full.subnets_of(f) {
                    *behind.entry(subnet).or_default() += 1;
                }
                self.hidden_functions.extend(self.verdict(f));
            }
        }

        let others = if vpc == OUTSIDE_VPC {
            None
        } else {
            full.members.of_vpc.get(vpc)
        };
        for &i in others.into_iter().flatten() {
            let node = &full.nodes[i];
            let column = match node.key.kind {
                NodeKind::Vpc => {
                    band.frame = Some(self.add(Some(i), node.clone(), 0, grouped));
                    continue;
                }
                NodeKind::Function | NodeKind::Xray => continue,
                NodeKind::Subnet => Column::Subnets,
                NodeKind::InternetGateway => Column::InternetGateways,
                NodeKind::Endpoint
                | NodeKind::NatGateway
                | NodeKind::DaemonHost
                | NodeKind::Other => Column::Gateways,
            };
            let hidden = behind.get(&i).copied().unwrap_or(0);
            let mut node = node.clone();
            if hidden > 0 {
                let words = if hidden == 1 {
                    "1 function".to_owned()
                } else {
                    format!("{hidden} functions")
                };
                node.detail = format!("{} · {words}", node.detail);
            }
            let toggles = by_subnet && node.key.kind == NodeKind::Subnet;
            let index = self.add(Some(i), node, hidden, toggles);
            band.push(column, index);
        }
        if vpc == OUTSIDE_VPC && grouped {
            // The outside band has no frame; a box above it closes it again.
            let node = GraphNode {
                key: NodeKey::new(NodeKind::Vpc, OUTSIDE_VPC),
                label: OUTSIDE_VPC.to_owned(),
                detail: format!("{} functions · click to close", functions.len()),
                position: egui::Pos2::ZERO,
                size: layout::NODE_SIZE,
                vpc: Some(OUTSIDE_VPC.to_owned()),
            };
            let index = self.add(None, node, 0, true);
            self.bands.push(Band {
                grid: vec![index],
                ..Band::default()
            });
        }
        self.bands.push(band);
    }

    /// X-Ray, the edges between drawn nodes, positions and colours.
    fn finish(mut self, request: &ViewRequest, focus: Option<&NodeKey>) -> RegionView {
        if !self.grid.is_empty() {
            let grid = std::mem::take(&mut self.grid);
            self.bands.push(Band {
                grid,
                ..Band::default()
            });
        }
        let full = self.full;
        if let Some(xray) = full.node_index(&NodeKey::xray()) {
            self.add(Some(xray), full.nodes[xray].clone(), 0, false);
        }

        let mut pairs: Vec<(usize, usize)> = self.shown.iter().map(|(&a, &b)| (a, b)).collect();
        pairs.sort_unstable_by_key(|&(_, view)| view);
        for (old, from) in pairs {
            for &e in &full.members.edges_from[old] {
                let edge = full.edges[e];
                if let Some(&to) = self.shown.get(&edge.to) {
                    self.view.topology.add_edge(from, to, edge.attempt);
                }
            }
        }

        let xray = self
            .view
            .topology
            .node_index(&NodeKey::xray())
            .unwrap_or(usize::MAX);
        for (node, rect) in layout::place(&self.bands, xray) {
            if let Some(node) = self.view.topology.nodes.get_mut(node) {
                node.position = rect.center();
                node.size = rect.size();
            }
        }
        self.view.topology.reindex();

        let topology = &self.view.topology;
        let selected = request
            .function
            .as_deref()
            .and_then(|n| self.report.function(n));
        self.view.painted = match selected {
            Some(function) => topology.paint(Some(function), focus),
            None => {
                let mut painted = topology.idle(focus);
                for node in &topology.nodes {
                    if node.key.kind == NodeKind::Function
                        && let Some(function) = self.report.function(&node.key.id)
                    {
                        topology.paint_into(function, &mut painted);
                    }
                }
                for function in &self.hidden_functions {
                    topology.paint_into(function, &mut painted);
                }
                for &(node, tone) in &self.group_tones {
                    painted.node_tones[node] = tone;
                }
                painted
            }
        };
        self.view
    }
}
