//! The central panel: the topology drawn by `egui_graphs`, with the selected
//! function's path coloured. Clicking a node selects that hop.
//!
//! What is drawn is a [`RegionView`]: the whole topology in a small region,
//! VPCs collapsed into boxes in a large one (a click opens them). The
//! `egui_graphs` graph is rebuilt only when the snapshot, the selection,
//! the focused node or what is open changes, never per frame; positions
//! come with the view, so no layout runs while drawing.

use super::Action;
use super::graph_shapes::{EdgePayload, NodeLook, NodePayload, TopologyGraph};
use super::theme;
use crate::analysis::{FunctionReport, Report};
use crate::graph::{NodeKey, NodeKind, OUTSIDE_VPC, RegionView, Tone, Topology, ViewRequest};
use egui_graphs::{
    GraphChange, GraphView, Layout, LayoutState, SettingsInteraction, SettingsNavigation,
    SettingsStyle,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// The view's id: its zoom, pan and layout state live under it.
const VIEW_ID: &str = "xraypath-topology";

/// What the drawn graph was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GraphKey {
    generation: u64,
    function: Option<String>,
    focus: Option<NodeKey>,
    all_vpcs: bool,
    /// Bumped whenever the user opens or closes a VPC or subnet.
    opened: u64,
}

/// What the graph is drawn from.
#[derive(Clone, Copy)]
pub struct GraphInput<'a> {
    pub topology: &'a Topology,
    /// The snapshot generation the topology belongs to.
    pub generation: u64,
    pub report: &'a Report,
    /// The selected function, whose path is coloured.
    pub function: Option<&'a FunctionReport>,
    /// The node whose findings the inspector shows.
    pub focus: Option<&'a NodeKey>,
    /// The ids of the nodes what-if edits changed (changes with the generation).
    pub edited: &'a HashSet<String>,
}

/// The graph panel's state.
#[derive(Default)]
pub struct GraphPanel {
    key: Option<GraphKey>,
    graph: TopologyGraph,
    /// Zoom and pan by hand instead of fitting the graph to the panel.
    free_view: bool,
    /// Show every VPC even when a function is selected.
    all_vpcs: bool,
    /// The VPCs and subnets opened in a large region.
    open: BTreeSet<NodeKey>,
    opened: u64,
    /// Whether the drawn view has collapsed groups.
    grouped: bool,
}

impl GraphPanel {
    /// Draws the panel; pushes a selection when a node is clicked.
    pub fn show(&mut self, ui: &mut egui::Ui, input: &GraphInput<'_>, actions: &mut Vec<Action>) {
        let GraphInput {
            topology,
            generation,
            report,
            function,
            focus,
            edited,
        } = *input;
        let key = GraphKey {
            generation,
            function: function.map(|f| f.name.clone()),
            focus: focus.cloned(),
            all_vpcs: self.all_vpcs,
            opened: self.opened,
        };
        if self.key.as_ref() != Some(&key) {
            let request = self.request(topology, function);
            let view = RegionView::build(topology, report, &request, focus);
            self.grouped = view.toggles.iter().any(|t| *t);
            self.graph = to_graph(&view, edited);
            self.key = Some(key);
        }

        self.toolbar(ui, !edited.is_empty());
        if topology.nodes.len() <= 1 {
            ui.centered_and_justified(|ui| ui.label("This snapshot has no Lambda functions."));
            return;
        }

        let navigation = SettingsNavigation::new()
            .with_fit_to_screen_enabled(!self.free_view)
            .with_zoom_and_pan_enabled(self.free_view)
            .with_fit_to_screen_padding(0.04);
        let interaction = SettingsInteraction::new()
            .with_dragging_enabled(false)
            .with_hover_enabled(true)
            .with_node_clicking_enabled(true);
        let response = GraphView::<FixedState, FixedLayout>::new()
            .with_id(Some(VIEW_ID.to_owned()))
            .with_navigations(&navigation)
            .with_interactions(&interaction)
            .with_styles(&SettingsStyle::new().with_labels_always(true))
            .show(ui, &mut self.graph);

        for change in &response.changes {
            if let GraphChange::NodeClicked { node } = change
                && let Some(clicked) = self.graph.node(*node)
            {
                let look = Arc::clone(&clicked.payload().0);
                self.clicked(&look, actions);
            }
        }
    }

    /// The drawn nodes marked as changed by a what-if edit.
    pub fn edited_keys(&self) -> Vec<NodeKey> {
        self.graph
            .nodes_iter()
            .map(|(_, node)| &node.payload().0)
            .filter(|look| look.edited)
            .map(|look| look.key.clone())
            .collect()
    }

    /// What to cut out of the topology: the selected function's VPC, or
    /// everything, with what the user opened.
    fn request(&self, topology: &Topology, function: Option<&FunctionReport>) -> ViewRequest {
        let scope = function.filter(|_| !self.all_vpcs).map(|f| {
            let own = NodeKey::new(NodeKind::Function, &f.name);
            let vpc = topology.node(&own).and_then(|n| n.vpc.clone());
            vpc.unwrap_or_else(|| OUTSIDE_VPC.to_owned())
        });
        ViewRequest {
            vpc: scope,
            function: function.map(|f| f.name.clone()),
            open: self.open.clone(),
        }
    }

    /// A click opens or closes a group, or selects the node (a subnet
    /// that hides functions does both).
    fn clicked(&mut self, look: &NodeLook, actions: &mut Vec<Action>) {
        if look.toggles {
            if !self.open.remove(&look.key) {
                self.open.insert(look.key.clone());
            }
            self.opened += 1;
        }
        if !look.toggles || look.key.kind == NodeKind::Subnet {
            actions.push(Action::SelectNode(look.key.clone()));
        }
    }

    /// The view's switches and the legend. Wrapped: a row wider than a
    /// narrow panel would widen the panel's layout and push the graph past
    /// its right edge.
    fn toolbar(&mut self, ui: &mut egui::Ui, edited: bool) {
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut self.all_vpcs, "All VPCs")
                .on_hover_text("Off: only the selected function's VPC is drawn.");
            ui.checkbox(&mut self.free_view, "Zoom and pan")
                .on_hover_text("Ctrl + wheel zooms, dragging pans. Off: the graph fits the panel.");
            if self.grouped || !self.open.is_empty() {
                let close = ui
                    .add_enabled(!self.open.is_empty(), egui::Button::new("Close all"))
                    .on_hover_text(
                        "A large region shows each VPC as one box: click one to open it.",
                    );
                if close.clicked() {
                    self.open.clear();
                    self.opened += 1;
                }
            }
            ui.separator();
            for (tone, words) in [
                (Tone::Pass, "reachable"),
                (Tone::Caution, "partial or unknown"),
                (Tone::Fail, "blocked"),
                (Tone::Idle, "not on the selected path"),
            ] {
                legend(ui, theme::tone(tone), words);
            }
            if edited {
                legend(ui, theme::EDITED, "changed by a what-if edit");
            }
        });
    }
}

/// One legend entry: its square and words as one label, so the row wraps
/// between entries, never inside one. (A nested horizontal layout would
/// not wrap at all, and would widen the panel instead.)
fn legend(ui: &mut egui::Ui, colour: egui::Color32, words: &str) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.append("■ ", 0.0, egui::TextFormat::simple(font.clone(), colour));
    let weak = ui.visuals().weak_text_color();
    job.append(words, 0.0, egui::TextFormat::simple(font, weak));
    ui.label(job);
}

/// The `egui_graphs` graph of a view: one node per drawn node, idle edges
/// first so the coloured path is drawn on top of them.
fn to_graph(view: &RegionView, edited: &HashSet<String>) -> TopologyGraph {
    let topology = &view.topology;
    let painted = &view.painted;
    let mut graph = TopologyGraph::new();

    let indices: Vec<_> = topology
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let tone = painted.node_tones.get(i).copied().unwrap_or_default();
            let hidden = view.hidden.get(i).copied().unwrap_or(0);
            let toggles = view.toggles.get(i).copied().unwrap_or(false);
            let focused = painted.focus == Some(i);
            let marked = node.key.kind != NodeKind::Xray && edited.contains(&node.key.id);
            let payload = NodePayload::new(node, tone, focused, hidden, toggles, marked);
            graph.add_node_with_label_and_location(payload, node.label.clone(), node.position)
        })
        .collect();

    let mut edges: Vec<(usize, Tone)> = (0..topology.edges.len())
        .map(|i| (i, painted.edge_tones.get(i).copied().unwrap_or_default()))
        .collect();
    edges.sort_by_key(|(i, tone)| (*tone, *i));
    for (i, tone) in edges {
        let edge = topology.edges[i];
        if let (Some(&from), Some(&to)) = (indices.get(edge.from), indices.get(edge.to)) {
            graph.add_edge(
                from,
                to,
                EdgePayload {
                    tone,
                    attempt: edge.attempt,
                },
            );
        }
    }
    graph
}

/// Layout state for [`FixedLayout`]: nothing to remember.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FixedState;

impl LayoutState for FixedState {}

/// Keeps the positions `graph::layout` computed; never moves a node.
#[derive(Debug, Default)]
pub struct FixedLayout;

impl Layout<FixedState> for FixedLayout {
    fn from_state(_state: FixedState) -> impl Layout<FixedState> {
        Self
    }

    fn next<N, E, Ty, Ix, Dn, De>(
        &mut self,
        _g: &mut egui_graphs::Graph<N, E, Ty, Ix, Dn, De>,
        _ui: &egui::Ui,
    ) where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::stable_graph::IndexType,
        Dn: egui_graphs::DisplayNode<N, E, Ty, Ix>,
        De: egui_graphs::DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> FixedState {
        FixedState
    }
}
