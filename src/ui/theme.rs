//! Design tokens: every colour, stroke width and text size the panels and
//! the graph use, declared once.

use crate::analysis::{Severity, Status, Verdict};
use crate::graph::Tone;
use crate::model::TraceStatus;
use egui::Color32;

/// Reachable, passing.
pub const PASS: Color32 = Color32::from_rgb(0x3f, 0xb9, 0x50);
/// Partial or unknown.
pub const CAUTION: Color32 = Color32::from_rgb(0xe3, 0xa0, 0x08);
/// Blocked, failing.
pub const FAIL: Color32 = Color32::from_rgb(0xf8, 0x51, 0x49);
/// Nodes and edges off the selected path.
pub const IDLE: Color32 = Color32::from_rgb(0x6e, 0x76, 0x81);
/// Informational findings.
pub const INFO: Color32 = Color32::from_rgb(0x58, 0xa6, 0xff);

/// Node box fill.
pub const NODE_FILL: Color32 = Color32::from_rgb(0x1c, 0x21, 0x28);
/// Node box fill under the pointer.
pub const NODE_FILL_HOVER: Color32 = Color32::from_rgb(0x26, 0x2c, 0x36);
/// VPC frame fill.
pub const FRAME_FILL: Color32 = Color32::from_rgba_premultiplied(0x10, 0x16, 0x20, 0xa0);
/// VPC frame outline.
pub const FRAME_STROKE: Color32 = Color32::from_rgb(0x30, 0x36, 0x3d);
/// Node text.
pub const TEXT: Color32 = Color32::from_rgb(0xe6, 0xed, 0xf3);
/// Secondary node text (AZ, state).
pub const TEXT_WEAK: Color32 = Color32::from_rgb(0x8b, 0x94, 0x9e);
/// Outline of the node whose findings the inspector shows.
pub const FOCUS: Color32 = Color32::WHITE;
/// The mark on what a what-if edit changed: apart from every verdict tone.
pub const EDITED: Color32 = Color32::from_rgb(0xbc, 0x8c, 0xff);
/// Error banner fill.
pub const BANNER_FILL: Color32 = Color32::from_rgb(0x5a, 0x1d, 0x1d);

/// Edge width off the path.
pub const EDGE_WIDTH_IDLE: f32 = 1.2;
/// Edge width on the selected path.
pub const EDGE_WIDTH_PATH: f32 = 3.0;
/// Node outline width off the path.
pub const NODE_STROKE_IDLE: f32 = 1.0;
/// Node outline width on the path.
pub const NODE_STROKE_PATH: f32 = 2.5;
/// Node label size at zoom 1.
pub const LABEL_SIZE: f32 = 15.0;
/// Node detail size at zoom 1.
pub const DETAIL_SIZE: f32 = 12.0;

/// The colour of a graph tone.
pub fn tone(tone: Tone) -> Color32 {
    match tone {
        Tone::Idle => IDLE,
        Tone::Pass => PASS,
        Tone::Caution => CAUTION,
        Tone::Fail => FAIL,
    }
}

/// The colour of a verdict badge.
pub fn verdict(verdict: Verdict) -> Color32 {
    tone(Tone::of_verdict(verdict))
}

/// The colour of a hop or path status.
pub fn status(status: Status) -> Color32 {
    tone(Tone::of_status(status))
}

/// The colour of a finding's severity.
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => FAIL,
        Severity::Warning => CAUTION,
        Severity::Info => INFO,
    }
}

/// The words a user reads for a status.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

/// The colour of a trace's or a segment's outcome.
pub fn trace_status(status: TraceStatus) -> Color32 {
    match status {
        TraceStatus::Ok => PASS,
        TraceStatus::Error | TraceStatus::Throttle => CAUTION,
        TraceStatus::Fault => FAIL,
        TraceStatus::InProgress => INFO,
    }
}

/// Height of one timeline bar.
pub const TIMELINE_BAR_HEIGHT: f32 = 10.0;
/// Indent per level of the timeline's tree.
pub const TIMELINE_INDENT: f32 = 14.0;
