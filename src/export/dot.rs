//! The topology as Graphviz DOT: the graph layer's nodes and edges, VPCs
//! as clusters, the selected path coloured. Node names are built from safe
//! ids and every label is an HTML-like label with entity escaping, so no
//! name can close a string or add an edge. Each node also carries the
//! app's position (`pos`), which `neato -n2` keeps and `dot` recomputes.

use super::{kind_word, painted, safe_id, shorten, title, tone_colour, xml_escape};
use crate::analysis::Report;
use crate::graph::{GraphNode, NodeKind, Tone};
use crate::model::Snapshot;
use std::fmt::Write as _;

/// Longest label or detail line drawn in a box; longer ones are cut.
const MAX_LABEL: usize = 48;

/// The topology as a Graphviz `digraph`, one `->` per graph edge, with
/// `selected`'s path coloured (every path when `None`).
pub fn dot(snapshot: &Snapshot, report: &Report, selected: Option<&str>) -> String {
    let (topology, painted) = painted(snapshot, report, selected);
    let mut out = String::new();

    let caption = match selected {
        Some(name) => format!("{} · path of {name}", title(report)),
        None => format!("{} · every path", title(report)),
    };
    let _ = writeln!(out, "digraph xraypath {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=<{}>];",
        xml_escape(&shorten(&caption, 200))
    );
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", \
         fontname=\"Helvetica\", fontsize=11];\n  edge [arrowsize=0.7];\n",
    );

    // VPC frames become clusters around their subnets and gateways;
    // functions stay outside, as in the app.
    let frames = topology
        .nodes
        .iter()
        .filter(|n| n.key.kind == NodeKind::Vpc);
    for frame in frames {
        let _ = writeln!(out, "  subgraph \"cluster_{}\" {{", node_name(frame));
        let _ = writeln!(
            out,
            "    label=<{}>; style=\"rounded\"; color=\"#d0d7de\";",
            label_html(frame)
        );
        let members = topology.nodes.iter().enumerate().filter(|(_, n)| {
            n.vpc == frame.vpc && !matches!(n.key.kind, NodeKind::Vpc | NodeKind::Function)
        });
        for (i, node) in members {
            node_line(&mut out, "    ", node, painted.node_tones[i]);
        }
        out.push_str("  }\n");
    }
    for (i, node) in topology.nodes.iter().enumerate() {
        let framed = node.vpc.is_some() && node.key.kind != NodeKind::Function;
        if !framed {
            node_line(&mut out, "  ", node, painted.node_tones[i]);
        }
    }

    for (i, edge) in topology.edges.iter().enumerate() {
        let tone = painted.edge_tones[i];
        let width = if tone == Tone::Idle { 1.2 } else { 3.0 };
        let style = if edge.attempt { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [color=\"{}\", penwidth={width}{style}];",
            node_name(&topology.nodes[edge.from]),
            node_name(&topology.nodes[edge.to]),
            tone_colour(tone),
        );
    }
    out.push_str("}\n");
    out
}

/// A node's DOT name: `kind:id`, with the id made safe.
fn node_name(node: &GraphNode) -> String {
    format!("{}:{}", kind_word(node.key.kind), safe_id(&node.key.id))
}

fn node_line(out: &mut String, indent: &str, node: &GraphNode, tone: Tone) {
    let width = if tone == Tone::Idle { 1.0 } else { 2.5 };
    let _ = writeln!(
        out,
        "{indent}\"{}\" [label=<{}>, color=\"{}\", penwidth={width}, pos=\"{:.0},{:.0}!\"];",
        node_name(node),
        label_html(node),
        tone_colour(tone),
        node.position.x,
        -node.position.y,
    );
}

/// A two-line HTML-like label: the name, then the detail in small type.
fn label_html(node: &GraphNode) -> String {
    let label = xml_escape(&shorten(&node.label, MAX_LABEL));
    if node.detail.is_empty() {
        return label;
    }
    let detail = xml_escape(&shorten(&node.detail, MAX_LABEL));
    format!("{label}<BR/><FONT POINT-SIZE=\"9\">{detail}</FONT>")
}
