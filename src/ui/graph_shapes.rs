//! How one node and one edge look inside `egui_graphs`: labelled boxes,
//! framed VPCs and left-to-right curves, coloured from the theme.
//!
//! The payloads are reference-counted because `egui_graphs` clones node and
//! edge properties every frame. Whatever lies outside the panel is not
//! drawn, and text is left out when the zoom makes it too small to read:
//! laying out text is most of a frame's cost when a large region is in view.

use super::theme;
use crate::graph::{GraphNode, NodeKey, NodeKind, Tone};
use egui::epaint::{CubicBezierShape, PathShape, RectShape};
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align, Color32, CornerRadius, FontId, Galley, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2,
    pos2, vec2,
};
use egui_graphs::{DisplayEdge, DisplayNode, DrawContext, EdgeProps, Node, NodeProps};
use petgraph::Directed;
use petgraph::stable_graph::DefaultIx;
use std::sync::Arc;

/// The graph type the view draws.
pub type TopologyGraph =
    egui_graphs::Graph<NodePayload, EdgePayload, Directed, DefaultIx, BoxShape, LinkShape>;

/// What a drawn node knows about itself.
#[derive(Debug, Clone)]
pub struct NodeLook {
    pub key: NodeKey,
    pub label: String,
    pub detail: String,
    pub size: Vec2,
    pub tone: Tone,
    pub focused: bool,
    /// How many functions the node hides (a collapsed VPC or subnet).
    pub hidden: usize,
    /// A click opens or closes it.
    pub toggles: bool,
    /// A what-if edit changed it (or what governs it).
    pub edited: bool,
}

impl NodeLook {
    /// Drawn as a frame around its VPC's band, not as a box.
    fn is_frame(&self) -> bool {
        self.key.kind == NodeKind::Vpc && self.size.y > NODE_HEIGHT_LIMIT
    }
}

/// Boxes are this tall or less; VPC frames are taller.
const NODE_HEIGHT_LIMIT: f32 = 80.0;

/// Text smaller than this many points on screen is not laid out.
const SMALLEST_TEXT: f32 = 4.0;

/// A node's payload: its look, shared.
#[derive(Debug, Clone)]
pub struct NodePayload(pub Arc<NodeLook>);

impl NodePayload {
    /// The payload of a drawn node with its tone.
    /// `edited` marks it as changed by a what-if edit.
    pub fn new(
        node: &GraphNode,
        tone: Tone,
        focused: bool,
        hidden: usize,
        toggles: bool,
        edited: bool,
    ) -> Self {
        Self(Arc::new(NodeLook {
            key: node.key.clone(),
            label: node.label.clone(),
            detail: node.detail.clone(),
            size: node.size,
            tone,
            focused,
            hidden,
            toggles,
            edited,
        }))
    }
}

/// An edge's payload: its tone, and whether it is only an attempt.
#[derive(Debug, Clone, Copy)]
pub struct EdgePayload {
    pub tone: Tone,
    pub attempt: bool,
}

/// Draws a node as a rounded box with a label and a detail line, or a VPC
/// as a frame with a title.
#[derive(Debug, Clone)]
pub struct BoxShape {
    look: Arc<NodeLook>,
    centre: Pos2,
    hovered: bool,
}

impl BoxShape {
    /// The box in graph coordinates.
    pub fn rect(&self) -> Rect {
        Rect::from_center_size(self.centre, self.look.size)
    }

    fn frame_shapes(&self, ctx: &DrawContext, rect: Rect) -> Vec<Shape> {
        let zoom = ctx.meta.zoom;
        let fill = RectShape::new(
            rect,
            CornerRadius::same(8),
            theme::FRAME_FILL,
            Stroke::new(1.0, theme::FRAME_STROKE),
            StrokeKind::Inside,
        );
        let mut shapes = vec![fill.into()];
        if self.look.edited {
            shapes.push(edited_badge(
                rect.right_top() + vec2(-12.0, 12.0) * zoom,
                zoom,
            ));
        }
        if theme::LABEL_SIZE * zoom < SMALLEST_TEXT {
            return shapes;
        }
        let title = format!("{}   {}", self.look.label, self.look.detail);
        let text_zoom = snap(zoom);
        let galley = text(
            ctx,
            title,
            theme::LABEL_SIZE * text_zoom,
            theme::TEXT_WEAK,
            self.look.size.x * text_zoom,
        );
        let at = rect.left_top() + vec2(10.0, 8.0) * zoom;
        shapes.push(Shape::galley(at, galley, theme::TEXT_WEAK));
        shapes
    }
}

impl From<NodeProps<NodePayload>> for BoxShape {
    fn from(props: NodeProps<NodePayload>) -> Self {
        Self {
            look: Arc::clone(&props.payload.0),
            centre: props.location(),
            hovered: props.hovered,
        }
    }
}

impl DisplayNode<NodePayload, EdgePayload, Directed, DefaultIx> for BoxShape {
    fn closest_boundary_point(&self, dir: Vec2) -> Pos2 {
        let half = self.look.size / 2.0;
        if dir == Vec2::ZERO {
            return self.centre;
        }
        // Scale the direction until it meets the box's side.
        let scale = (half.x / dir.x.abs()).min(half.y / dir.y.abs());
        self.centre + dir * scale
    }

    fn shapes(&mut self, ctx: &DrawContext) -> Vec<Shape> {
        let zoom = ctx.meta.zoom;
        let rect = Rect::from_center_size(
            ctx.meta.canvas_to_screen_pos(self.centre),
            self.look.size * zoom,
        );
        if !ctx.painter.clip_rect().intersects(rect.expand(8.0 * zoom)) {
            return Vec::new();
        }
        if self.look.is_frame() {
            return self.frame_shapes(ctx, rect);
        }

        let (width, colour) = match self.look.tone {
            Tone::Idle if self.look.focused => (theme::NODE_STROKE_PATH, theme::FOCUS),
            Tone::Idle => (theme::NODE_STROKE_IDLE, theme::IDLE),
            tone => (theme::NODE_STROKE_PATH, theme::tone(tone)),
        };
        let fill = if self.hovered {
            theme::NODE_FILL_HOVER
        } else {
            theme::NODE_FILL
        };
        let body = RectShape::new(
            rect,
            CornerRadius::same(6),
            fill,
            Stroke::new(width * zoom.clamp(0.5, 1.5), colour),
            StrokeKind::Inside,
        );

        let mut shapes = Vec::with_capacity(4);
        if self.look.focused {
            let ring = RectShape::stroke(
                rect.expand(5.0 * zoom),
                CornerRadius::same(9),
                Stroke::new(2.0, theme::FOCUS),
                StrokeKind::Outside,
            );
            shapes.push(ring.into());
        }
        if self.look.hidden > 0 {
            // A stack of boxes: there is more behind this one.
            let behind = rect.translate(vec2(4.0, 4.0) * zoom);
            shapes.push(
                RectShape::new(
                    behind,
                    CornerRadius::same(6),
                    fill,
                    Stroke::new(1.0, colour),
                    StrokeKind::Inside,
                )
                .into(),
            );
        }
        shapes.push(body.into());
        if self.look.edited {
            // A what-if edit changed it: a dashed outline and a corner badge.
            let outline = rect.expand(3.0 * zoom);
            let corners = [
                outline.left_top(),
                outline.right_top(),
                outline.right_bottom(),
                outline.left_bottom(),
                outline.left_top(),
            ];
            shapes.extend(Shape::dashed_line(
                &corners,
                Stroke::new(1.5, theme::EDITED),
                6.0 * zoom,
                4.0 * zoom,
            ));
            shapes.push(edited_badge(outline.right_top(), zoom));
        }
        if theme::LABEL_SIZE * zoom < SMALLEST_TEXT {
            return shapes;
        }

        let text_zoom = snap(zoom);
        let inner = (self.look.size.x - 16.0) * text_zoom;
        let label = text(
            ctx,
            self.look.label.clone(),
            theme::LABEL_SIZE * text_zoom,
            theme::TEXT,
            inner,
        );
        let detail_colour = if self.look.tone == Tone::Idle {
            theme::TEXT_WEAK
        } else {
            colour
        };
        let detail = text(
            ctx,
            self.look.detail.clone(),
            theme::DETAIL_SIZE * text_zoom,
            detail_colour,
            inner,
        );
        let gap = 2.0 * zoom;
        let block = label.size().y + gap + detail.size().y;
        let label_at = pos2(
            rect.center().x - label.size().x / 2.0,
            rect.center().y - block / 2.0,
        );
        let detail_at = pos2(
            rect.center().x - detail.size().x / 2.0,
            label_at.y + label.size().y + gap,
        );

        shapes.push(Shape::galley(label_at, label, theme::TEXT));
        shapes.push(Shape::galley(detail_at, detail, detail_colour));
        shapes
    }

    fn update(&mut self, state: &NodeProps<NodePayload>) {
        self.centre = state.location();
        self.hovered = state.hovered;
        if !Arc::ptr_eq(&self.look, &state.payload.0) {
            self.look = Arc::clone(&state.payload.0);
        }
    }

    fn is_inside(&self, pos: Pos2) -> bool {
        let rect = self.rect();
        if self.look.is_frame() {
            // Only the title strip: the rest of the frame belongs to its subnets.
            let strip = Rect::from_min_size(rect.min, vec2(rect.width(), 28.0));
            return strip.contains(pos);
        }
        rect.contains(pos)
    }
}

/// The round badge on an edited node's corner.
fn edited_badge(centre: Pos2, zoom: f32) -> Shape {
    Shape::circle_filled(centre, 5.0 * zoom.clamp(0.6, 1.5), theme::EDITED)
}

/// Draws an edge as a curve from the right side of one box to the left side
/// of the next, with an arrow head.
#[derive(Debug, Clone)]
pub struct LinkShape {
    look: EdgePayload,
}

impl From<EdgeProps<EdgePayload>> for LinkShape {
    fn from(props: EdgeProps<EdgePayload>) -> Self {
        Self {
            look: props.payload,
        }
    }
}

type BoxNode = Node<NodePayload, EdgePayload, Directed, DefaultIx, BoxShape>;

impl DisplayEdge<NodePayload, EdgePayload, Directed, DefaultIx, BoxShape> for LinkShape {
    fn shapes(&mut self, start: &BoxNode, end: &BoxNode, ctx: &DrawContext) -> Vec<Shape> {
        if self.look.attempt && self.look.tone == Tone::Idle {
            return Vec::new();
        }
        let (from, to) = (start.display().rect(), end.display().rect());
        // Boxes in one column (a daemon host and its endpoint) are joined
        // by a loop out to the right, so the edge never runs behind a box.
        let same_column = to.center().x <= from.center().x;
        let (a, b) = if same_column {
            (from.right_center(), to.right_center())
        } else {
            (from.right_center(), to.left_center())
        };
        let a = ctx.meta.canvas_to_screen_pos(a);
        let b = ctx.meta.canvas_to_screen_pos(b);
        // The curve stays within its ends' box, widened by the loop a
        // same-column edge makes.
        let reach = Rect::from_two_pos(a, b).expand(48.0 * ctx.meta.zoom);
        if !ctx.painter.clip_rect().intersects(reach) {
            return Vec::new();
        }

        let (width, colour) = match self.look.tone {
            Tone::Idle => (theme::EDGE_WIDTH_IDLE, theme::IDLE.gamma_multiply(0.7)),
            tone => (theme::EDGE_WIDTH_PATH, theme::tone(tone)),
        };
        let zoom = ctx.meta.zoom;
        let stroke = Stroke::new((width * zoom).max(1.0), colour);
        if self.look.attempt {
            return dead_end(a, b, stroke, zoom);
        }

        // The arrow points along the last stretch: right, or back left.
        let arrow = 7.0 * zoom.clamp(0.6, 1.6);
        let (direction, bend) = if same_column {
            (-1.0, vec2(36.0 * zoom, 0.0))
        } else {
            (1.0, vec2((b.x - a.x) / 2.0, 0.0))
        };
        let tip = b;
        let b = b - vec2(arrow * direction, 0.0);
        let (c1, c2) = if same_column {
            (a + bend, b + bend)
        } else {
            (a + bend, b - bend)
        };
        let curve = CubicBezierShape::from_points_stroke(
            [a, c1, c2, b],
            false,
            Color32::TRANSPARENT,
            stroke,
        );
        let back = vec2(-arrow * direction, 0.0);
        let head = PathShape::convex_polygon(
            vec![
                tip,
                tip + back + vec2(0.0, -arrow / 2.0),
                tip + back + vec2(0.0, arrow / 2.0),
            ],
            colour,
            Stroke::NONE,
        );
        vec![curve.into(), head.into()]
    }

    fn update(&mut self, state: &EdgeProps<EdgePayload>) {
        self.look = state.payload;
    }

    fn is_inside(&self, _start: &BoxNode, _end: &BoxNode, _pos: Pos2) -> bool {
        // Edges are not clickable: every hop has a node.
        false
    }

    fn extra_bounds(&self, start: &BoxNode, end: &BoxNode) -> Option<(Pos2, Pos2)> {
        // `egui_graphs` sizes nodes by their height alone; wide boxes need this
        // to be fitted to the screen whole.
        let both = start.display().rect().union(end.display().rect());
        Some((both.min, both.max))
    }
}

/// A path that gives out: a short dashed stub towards X-Ray, crossed out.
fn dead_end(from: Pos2, towards: Pos2, stroke: Stroke, zoom: f32) -> Vec<Shape> {
    let length = (towards.x - from.x).clamp(0.0, 44.0 * zoom);
    let end = from + vec2(length, 0.0);
    let mut shapes = Shape::dashed_line(&[from, end], stroke, 6.0 * zoom, 4.0 * zoom);
    let arm = 5.0 * zoom.clamp(0.6, 1.6);
    let cross = end + vec2(arm, 0.0);
    shapes.push(Shape::line_segment(
        [cross + vec2(-arm, -arm), cross + vec2(arm, arm)],
        stroke,
    ));
    shapes.push(Shape::line_segment(
        [cross + vec2(-arm, arm), cross + vec2(arm, -arm)],
        stroke,
    ));
    shapes
}

/// The zoom text is drawn at: the real one snapped to steps of about 4 %,
/// so that zooming reuses the glyphs already drawn at a handful of sizes
/// instead of rasterising every font size it passes through.
fn snap(zoom: f32) -> f32 {
    const STEPS_PER_DOUBLING: f32 = 16.0;
    ((zoom.max(1e-3).log2() * STEPS_PER_DOUBLING).round() / STEPS_PER_DOUBLING).exp2()
}

/// One line of text, cut with an ellipsis to `max_width`.
fn text(
    ctx: &DrawContext,
    text: String,
    size: f32,
    colour: Color32,
    max_width: f32,
) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text, FontId::proportional(size.max(1.0)), colour);
    job.wrap = TextWrapping::truncate_at_width(max_width.max(1.0));
    job.halign = Align::LEFT;
    ctx.ctx.fonts_mut(|fonts| fonts.layout_job(job))
}
