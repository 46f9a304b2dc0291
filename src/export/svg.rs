//! The topology as a standalone SVG, drawn from the graph layer's own
//! positions and sizes so it looks like the app's view: VPC frames behind,
//! then edges, then one box per node with its label and detail. Text is
//! escaped and cut to fit its box; the full text is in each box's tooltip.

use super::{kind_word, painted, safe_id, shorten, title, tone_colour, tone_word, xml_escape};
use crate::analysis::Report;
use crate::graph::{GraphNode, NodeKind, Tone};
use crate::model::Snapshot;
use egui::{Pos2, Rect, Vec2, vec2};
use std::fmt::Write as _;

/// Space around the drawing.
const MARGIN: f32 = 24.0;
/// Room above the drawing for its caption.
const CAPTION: f32 = 28.0;
/// Roughly how wide one character of a label is, to cut labels to fit.
const LABEL_CHAR_WIDTH: f32 = 7.4;

const STYLE: &str = "
text { font-family: system-ui, Helvetica, Arial, sans-serif; }
.caption { font-size: 15px; font-weight: 600; fill: #1f2328; }
.frame rect { fill: #f6f8fa; stroke: #d0d7de; stroke-width: 1; }
.frame text { font-size: 12px; fill: #59636e; }
.box rect { fill: #ffffff; }
.box .label { font-size: 13px; fill: #1f2328; }
.box .detail { font-size: 10.5px; fill: #59636e; }
line { fill: none; }
";

/// The topology as an SVG document, `selected`'s path coloured (every
/// path when `None`): one `<rect>` per node, one `<line>` per drawn edge.
/// Dead-end edges are drawn only on a coloured path, as in the app.
pub fn svg(snapshot: &Snapshot, report: &Report, selected: Option<&str>) -> String {
    let (topology, painted) = painted(snapshot, report, selected);
    let rects: Vec<Rect> = topology
        .nodes
        .iter()
        .map(|n| Rect::from_center_size(n.position, n.size))
        .collect();
    let bounds = rects.iter().fold(Rect::NOTHING, |all, r| all.union(*r));
    let bounds = if bounds.is_positive() {
        bounds
    } else {
        Rect::from_min_size(Pos2::ZERO, Vec2::ZERO)
    };
    let origin = bounds.min - vec2(MARGIN, MARGIN + CAPTION);
    let size = bounds.size() + vec2(2.0 * MARGIN, 2.0 * MARGIN + CAPTION);
    let mut out = String::new();

    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{:.0} {:.0} {:.0} {:.0}\" \
         width=\"{:.0}\" height=\"{:.0}\" style=\"background: #ffffff\">",
        origin.x, origin.y, size.x, size.y, size.x, size.y
    );
    let caption = match selected {
        Some(name) => format!("{} · path of {name}", title(report)),
        None => format!("{} · every path", title(report)),
    };
    let caption = xml_escape(&shorten(&caption, 160));
    let _ = writeln!(out, "<title>{caption}</title>\n<style>{STYLE}</style>");
    markers(&mut out);
    let _ = writeln!(
        out,
        "<text class=\"caption\" x=\"{:.0}\" y=\"{:.0}\">{caption}</text>",
        bounds.min.x,
        bounds.min.y - CAPTION / 2.0
    );

    out.push_str("<g class=\"frames\">\n");
    for (node, rect) in topology.nodes.iter().zip(&rects) {
        if node.key.kind == NodeKind::Vpc {
            frame(&mut out, node, *rect);
        }
    }
    out.push_str("</g>\n<g class=\"edges\">\n");
    for (edge, &tone) in topology.edges.iter().zip(&painted.edge_tones) {
        if edge.attempt && tone == Tone::Idle {
            continue;
        }
        let (from, to) = (rects[edge.from], rects[edge.to]);
        let start = border_point(from, to.center());
        let end = border_point(to, from.center());
        let width = if tone == Tone::Idle { 1.2 } else { 3.0 };
        let dash = if edge.attempt {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" \
             stroke-width=\"{width}\"{dash} marker-end=\"url(#arrow-{})\"/>",
            start.x,
            start.y,
            end.x,
            end.y,
            tone_colour(tone),
            tone_word(tone),
        );
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for ((node, rect), &tone) in topology.nodes.iter().zip(&rects).zip(&painted.node_tones) {
        if node.key.kind != NodeKind::Vpc {
            node_box(&mut out, node, *rect, tone);
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// One arrowhead per tone, coloured like its edges.
fn markers(out: &mut String) {
    out.push_str("<defs>\n");
    for tone in [Tone::Idle, Tone::Pass, Tone::Caution, Tone::Fail] {
        let _ = writeln!(
            out,
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            tone_word(tone),
            tone_colour(tone),
        );
    }
    out.push_str("</defs>\n");
}

fn frame(out: &mut String, node: &GraphNode, rect: Rect) {
    let fits = ((rect.width() - 20.0) / LABEL_CHAR_WIDTH).max(4.0) as usize;
    let _ = writeln!(
        out,
        "<g class=\"frame\" id=\"{}\"><title>{}</title>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
        element_id(node),
        xml_escape(&tooltip(node)),
        rect.min.x,
        rect.min.y,
        rect.width(),
        rect.height(),
        rect.min.x + 10.0,
        rect.min.y + 19.0,
        xml_escape(&shorten(&node.label, fits)),
    );
}

fn node_box(out: &mut String, node: &GraphNode, rect: Rect, tone: Tone) {
    let fits = ((rect.width() - 16.0) / LABEL_CHAR_WIDTH).max(4.0) as usize;
    let width = if tone == Tone::Idle { 1.0 } else { 2.5 };
    let centre = rect.center();
    let (label_y, detail_y) = if node.detail.is_empty() {
        (centre.y + 4.5, centre.y)
    } else {
        (centre.y - 3.0, centre.y + 12.0)
    };
    let _ = write!(
        out,
        "<g class=\"box {} {}\" id=\"{}\"><title>{}</title>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" \
         stroke=\"{}\" stroke-width=\"{width}\"/>\
         <text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        kind_word(node.key.kind),
        tone_word(tone),
        element_id(node),
        xml_escape(&tooltip(node)),
        rect.min.x,
        rect.min.y,
        rect.width(),
        rect.height(),
        tone_colour(tone),
        centre.x,
        label_y,
        xml_escape(&shorten(&node.label, fits)),
    );
    if !node.detail.is_empty() {
        let detail_fits = ((rect.width() - 12.0) / (LABEL_CHAR_WIDTH * 0.8)) as usize;
        let _ = write!(
            out,
            "<text class=\"detail\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            centre.x,
            detail_y,
            xml_escape(&shorten(&node.detail, detail_fits.max(4))),
        );
    }
    out.push_str("</g>\n");
}

/// The element id of a node: `kind-` and its safe id.
fn element_id(node: &GraphNode) -> String {
    format!("{}-{}", kind_word(node.key.kind), safe_id(&node.key.id))
}

/// The full text of a node, for its tooltip.
fn tooltip(node: &GraphNode) -> String {
    if node.detail.is_empty() {
        node.label.clone()
    } else {
        format!("{} — {}", node.label, node.detail)
    }
}

/// Where the line from `rect`'s centre towards `towards` leaves `rect`.
fn border_point(rect: Rect, towards: Pos2) -> Pos2 {
    let centre = rect.center();
    let direction = towards - centre;
    let half = rect.size() / 2.0;
    let scale_x = if direction.x == 0.0 {
        f32::INFINITY
    } else {
        half.x / direction.x.abs()
    };
    let scale_y = if direction.y == 0.0 {
        f32::INFINITY
    } else {
        half.y / direction.y.abs()
    };
    let scale = scale_x.min(scale_y).min(1.0);
    centre + direction * scale
}
