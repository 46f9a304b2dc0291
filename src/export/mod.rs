//! Exports for people who do not run xraypath: the report as Markdown and
//! as a self-contained HTML page, for an architecture review, and the
//! topology as Graphviz DOT and as SVG, drawn from the [`crate::graph`]
//! layer's nodes, edges, positions and tones.
//!
//! Every function here is pure: a string out, no I/O. Names in a snapshot
//! come from an account (or a hand-edited file) and may be hostile, so
//! every dynamic string is escaped for its format, and characters that hide
//! or reorder text (controls, bidirectional overrides, zero-width marks)
//! are shown as visible `\u{…}` escapes rather than passed on.

mod dot;
mod html;
mod markdown;
mod png;
mod svg;

pub use dot::dot;
pub use html::{html, html_with_edits};
pub use markdown::{markdown, markdown_with_edits};
pub use png::png;
pub use svg::svg;

use crate::analysis::{FunctionReport, Hop, Report, Status, Verdict};
use crate::graph::{NodeKind, PaintedTopology, Tone, Topology};
use crate::model::{Index, Snapshot};
use std::borrow::Cow;
use std::fmt::Write as _;

/// Print colours of the graph tones: the light-background counterparts of
/// the app's design tokens, since exports end up in documents.
fn tone_colour(tone: Tone) -> &'static str {
    match tone {
        Tone::Idle => "#8c959f",
        Tone::Pass => "#1a7f37",
        Tone::Caution => "#9a6700",
        Tone::Fail => "#cf222e",
    }
}

/// A word for a tone, used as a CSS class and in legends.
fn tone_word(tone: Tone) -> &'static str {
    match tone {
        Tone::Idle => "idle",
        Tone::Pass => "pass",
        Tone::Caution => "caution",
        Tone::Fail => "fail",
    }
}

/// The words a reader sees for a hop.
fn hop_word(hop: Hop) -> &'static str {
    match hop {
        Hop::Function => "function",
        Hop::Subnet => "subnet",
        Hop::Dns => "DNS",
        Hop::Endpoint => "endpoint",
        Hop::NatGateway => "NAT gateway",
        Hop::DaemonHost => "daemon host",
        Hop::Xray => "X-Ray",
    }
}

/// The word a reader sees for a status.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Partial => "partial",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    }
}

/// A short lowercase name for a node kind, used in DOT and SVG ids.
fn kind_word(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Vpc => "vpc",
        NodeKind::Function => "function",
        NodeKind::Subnet => "subnet",
        NodeKind::Endpoint => "endpoint",
        NodeKind::NatGateway => "nat-gateway",
        NodeKind::InternetGateway => "internet-gateway",
        NodeKind::DaemonHost => "daemon-host",
        NodeKind::Other => "other",
        NodeKind::Xray => "xray",
    }
}

/// Whether a character hides, reorders or breaks the text around it:
/// controls (newlines included), bidirectional marks and overrides,
/// zero-width and other invisible format characters, and the two
/// non-characters XML forbids.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// The text with every hidden character replaced by a visible `\u{…}`
/// escape; borrowed when there is none (the usual case).
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters, the last one an ellipsis when cut.
fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(kept + "…")
}

/// Escapes text for XML and HTML content and quoted attributes, after
/// making hidden characters visible.
fn xml_escape(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id made only of ASCII letters, digits and `-`: other characters
/// become `_hex_`, so different names always give different ids.
fn safe_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

/// "1 what-if edit", "3 what-if edits".
fn edit_count(n: usize) -> String {
    format!("{n} what-if edit{}", if n == 1 { "" } else { "s" })
}

/// The HTML section id of a function's report: `fn-` and its name.
pub fn section_id(function: &str) -> String {
    format!("fn-{}", safe_id(function))
}

/// How many functions got each verdict, in a sentence.
fn verdict_counts(report: &Report) -> String {
    let count = |v: Verdict| report.functions.iter().filter(|f| f.verdict == v).count();
    format!(
        "{} functions: {} reachable, {} partial, {} blocked, {} unknown",
        report.functions.len(),
        count(Verdict::Reachable),
        count(Verdict::Partial),
        count(Verdict::Blocked),
        count(Verdict::Unknown),
    )
}

/// A subnet as a reader knows it: `name (id)`, or the id alone.
fn subnet_label(index: &Index<'_>, id: &str) -> String {
    match index.subnets.get(id).and_then(|s| s.name.as_deref()) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_owned(),
    }
}

/// A function's VPC as a reader knows it, or why there is none.
fn vpc_label(index: &Index<'_>, function: &FunctionReport) -> String {
    let Some(id) = function.vpc_id.as_deref() else {
        return "not attached to a VPC".to_owned();
    };
    match index.vpcs.get(id).and_then(|v| v.name.as_deref()) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_owned(),
    }
}

/// One subnet path's hops in order, e.g. `subnet pass → DNS fail`.
fn hops_text(hops: &[(Hop, Status)]) -> String {
    let words: Vec<String> = hops
        .iter()
        .map(|(hop, status)| format!("{} {}", hop_word(*hop), status_word(*status)))
        .collect();
    words.join(" → ")
}

/// The topology of a snapshot and its tones: the selected function's path
/// coloured; with no selection every path at once (the region view); an
/// unknown name leaves everything idle.
fn painted(
    snapshot: &Snapshot,
    report: &Report,
    selected: Option<&str>,
) -> (Topology, PaintedTopology) {
    let topology = Topology::build(snapshot, report);
    let painted = match selected {
        Some(name) => topology.paint(report.function(name), None),
        None => topology.paint_all(report),
    };
    (topology, painted)
}

/// The header line every export shares.
fn title(report: &Report) -> String {
    format!(
        "xraypath: can trace data reach X-Ray? {}, account {}",
        report.region, report.account
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_visible_escapes() {
        assert_eq!(visible("plain-name"), "plain-name");
        assert_eq!(visible("a\u{202e}b\nc\u{0}"), "a\\u{202e}b\\u{a}c\\u{0}");
    }

    #[test]
    fn markup_is_escaped_after_hidden_characters() {
        assert_eq!(
            xml_escape("<script>\"x\" & 'y'\u{200b}"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;\\u{200b}"
        );
    }

    #[test]
    fn safe_ids_keep_plain_names_and_tell_others_apart() {
        assert_eq!(safe_id("checkout-api"), "checkout-api");
        assert_eq!(safe_id("a_b"), "a_5f_b");
        assert_ne!(safe_id("a b"), safe_id("a_20_b"));
        assert!(
            safe_id("<script>")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
