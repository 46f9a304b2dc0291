//! The right panel: the selected function's verdict and delivery, sender,
//! route and per-subnet status, its daemon address and DNS resolution,
//! then the findings of the selected hop (or all of them), each with the
//! rule that decided it and a fix to copy.

use super::daemon_field::DaemonField;
use super::{Action, Selection};
use super::{delivery, display, dns_view, theme, whatif_controls};
use crate::analysis::{DnsTrace, Finding, FunctionReport, Hop, Report, RouteKind, Status, Verdict};
use crate::graph::{NodeKey, Topology, hops_for};
use crate::model::{DaemonDeclaration, Snapshot, TraceList};
use egui::{RichText, TextStyle};
use std::time::SystemTime;

/// What the inspector shows, for one frame.
pub struct InspectorInput<'a> {
    pub report: &'a Report,
    pub topology: &'a Topology,
    pub selection: &'a Selection,
    /// The selected function's last trace read, if any.
    pub delivery: Option<&'a TraceList>,
    /// Whether traces can be read (a live account is on show).
    pub live: bool,
    /// The snapshot's daemon declarations.
    pub declarations: &'a [DaemonDeclaration],
    /// How the X-Ray name resolves in the selected function's VPC.
    pub dns: Option<&'a DnsTrace>,
    /// The snapshot on show: the what-if controls read its settings.
    pub snapshot: &'a Snapshot,
}

/// Draws the inspector for the current selection.
pub fn show(
    ui: &mut egui::Ui,
    input: &InspectorInput<'_>,
    daemon: &mut DaemonField,
    actions: &mut Vec<Action>,
) {
    let InspectorInput {
        report,
        topology,
        selection,
        ..
    } = *input;
    let function = selection
        .function
        .as_deref()
        .and_then(|name| report.function(name));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match (function, &selection.node) {
            (Some(function), node) => {
                summary(ui, function);
                delivery_section(ui, function, input);
                facts(ui, function);
                if function.vpc_id.is_some() {
                    ui.add_space(6.0);
                    ui.strong("X-Ray daemon in the VPC");
                    daemon.show(ui, function, input.declarations, actions);
                }
                if let Some(dns) = input.dns {
                    ui.add_space(4.0);
                    dns_view::show(ui, dns);
                }
                whatif_controls::show(ui, function, input.snapshot, actions);
                ui.separator();
                findings(ui, function, node.as_ref(), topology, actions);
            }
            (None, Some(node)) => resource(ui, topology, node),
            (None, None) => {
                ui.heading("Inspector");
                ui.label("Select a function in the list, or click a node in the graph.");
                ui.add_space(8.0);
                ui.weak(format!(
                    "{} functions in {} · {}",
                    report.functions.len(),
                    report.account,
                    report.region
                ));
            }
        });
}

/// The name, the verdict and the verdict in words.
fn summary(ui: &mut egui::Ui, function: &FunctionReport) {
    let heading = ui.heading(display::text(&function.name, display::NAME_CHARS));
    display::with_tooltip(heading, &function.name, display::NAME_CHARS);
    let verdict = RichText::new(function.verdict.as_str())
        .color(theme::verdict(function.verdict))
        .strong()
        .size(18.0);
    ui.label(verdict);
    ui.label(verdict_sentence(function));
}

/// Delivery next to the verdict, and what it means when they disagree.
fn delivery_section(ui: &mut egui::Ui, function: &FunctionReport, input: &InspectorInput<'_>) {
    ui.add_space(2.0);
    let Some(list) = input.delivery else {
        let words = if input.live {
            "Delivery: not read yet (see the traces panel below)."
        } else {
            "Delivery: not known; traces need a live account."
        };
        ui.weak(words);
        return;
    };

    ui.horizontal_wrapped(|ui| {
        ui.weak("Delivery:");
        ui.label(list.delivery(SystemTime::now()));
    });
    if let Some(words) = delivery::disagreement(function, list) {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::CAUTION.gamma_multiply(0.6)))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(words).color(theme::CAUTION));
            });
    }
}

/// Sender, route, tracing, VPC and one line per subnet path.
fn facts(ui: &mut egui::Ui, function: &FunctionReport) {
    ui.add_space(4.0);

    egui::Grid::new("function-facts")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.weak("sender");
            ui.label(function.sender.as_str());
            ui.end_row();
            ui.weak("route");
            ui.label(function.route.as_str());
            ui.end_row();
            ui.weak("tracing");
            ui.label(function.tracing);
            ui.end_row();
            ui.weak("VPC");
            display::label(
                ui,
                function.vpc_id.as_deref().unwrap_or("none"),
                display::NAME_CHARS,
            );
            ui.end_row();
        });

    if function.paths.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Subnets");
    egui::Grid::new("subnet-paths")
        .num_columns(3)
        .spacing([10.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for path in &function.paths {
                ui.label(
                    RichText::new(theme::status_word(path.status))
                        .color(theme::status(path.status)),
                );
                ui.monospace(display::text(&path.subnet_id, display::NAME_CHARS));
                let via = if path.via.is_empty() {
                    "no way out".to_owned()
                } else {
                    format!("via {}", path.via.join(", "))
                };
                let place = format!("{} · {via}", path.availability_zone);
                ui.weak(display::text(&place, display::MESSAGE_CHARS));
                ui.end_row();
            }
        });
}

/// The verdict in words.
fn verdict_sentence(function: &FunctionReport) -> &'static str {
    match (function.verdict, function.route) {
        (Verdict::Blocked, RouteKind::OutsideVpc) => "The function cannot deliver trace data.",
        (Verdict::Blocked, _) => "No subnet's path reaches X-Ray.",
        (Verdict::Partial, _) => "Some subnets' paths reach X-Ray; others are blocked.",
        (Verdict::Unknown, _) => "Nothing blocks the path, but some hop could not be judged.",
        (Verdict::Reachable, RouteKind::OutsideVpc) => {
            "Outside any VPC: trace data goes out over Lambda's own network."
        }
        (Verdict::Reachable, _) => "Every subnet's path reaches X-Ray.",
    }
}

/// The findings of the focused hop, or every finding of the function.
fn findings(
    ui: &mut egui::Ui,
    function: &FunctionReport,
    node: Option<&NodeKey>,
    topology: &Topology,
    actions: &mut Vec<Action>,
) {
    let shown = if let Some(key) = node {
        hop_findings(ui, function, key, topology, actions)
    } else {
        ui.strong("All findings");
        function.findings.iter().collect()
    };

    if shown.is_empty() {
        ui.weak("No findings: nothing on this hop stops the trace data.");
    }
    for (i, finding) in shown.iter().enumerate() {
        finding_card(ui, i, finding, actions);
    }
}

/// The heading and status of a clicked hop, and its findings.
fn hop_findings<'a>(
    ui: &mut egui::Ui,
    function: &'a FunctionReport,
    key: &NodeKey,
    topology: &Topology,
    actions: &mut Vec<Action>,
) -> Vec<&'a Finding> {
    let (hops, subnet) = hops_for(key, function);
    let label = topology
        .node(key)
        .map_or(key.id.as_str(), |n| n.label.as_str());
    let label = display::text(label, display::NAME_CHARS);
    ui.horizontal(|ui| {
        ui.strong(format!("Findings for {} {label}", key.kind.noun()));
        if ui.small_button("Show all").clicked() {
            actions.push(Action::ClearNode);
        }
    });

    let status = hops
        .iter()
        .filter_map(|h| hop_status(function, *h, subnet.as_deref()))
        .reduce(Status::worst);
    if let Some(status) = status {
        let words = format!("hop status: {}", theme::status_word(status));
        ui.label(RichText::new(words).color(theme::status(status)));
    }

    let mut found: Vec<&Finding> = hops
        .iter()
        .flat_map(|hop| function.findings_for(*hop, subnet.as_deref()))
        .collect();
    found.sort_by_key(|f| (f.severity, f.check));
    found.dedup_by(|a, b| std::ptr::eq(*a, *b));
    found
}

/// A hop's status on one subnet's path, or its worst across all paths.
fn hop_status(function: &FunctionReport, hop: Hop, subnet: Option<&str>) -> Option<Status> {
    match subnet {
        Some(id) => function
            .paths
            .iter()
            .find(|p| p.subnet_id == id)
            .and_then(|p| p.hops.iter().find(|(h, _)| *h == hop).map(|(_, s)| *s)),
        None => function.hop_status(hop),
    }
}

/// One finding: check id and severity, the message naming the rule, and the
/// fix command with a Copy button.
fn finding_card(ui: &mut egui::Ui, index: usize, finding: &Finding, actions: &mut Vec<Action>) {
    let colour = theme::severity(finding.severity);
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, colour.gamma_multiply(0.6)))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(finding.check.as_str())
                        .monospace()
                        .strong()
                        .color(colour),
                );
                ui.label(
                    RichText::new(finding.severity.as_str())
                        .small()
                        .color(colour),
                );
            });
            display::label(ui, &finding.message, display::MESSAGE_CHARS);
            if !finding.resources.is_empty() {
                let resources = finding.resources.join(", ");
                display::label(ui, &resources, display::MESSAGE_CHARS);
            }

            if let Some(fix) = &finding.fix {
                fix_box(ui, index, fix, actions);
            }

            // A daemon host's own findings, one level in.
            if !finding.via.is_empty() {
                ui.add_space(4.0);
                ui.weak("Why the daemon host cannot reach X-Ray:");
                ui.indent(("via", index), |ui| {
                    for (i, inner) in finding.via.iter().enumerate() {
                        ui.push_id(("via", index, i), |ui| finding_card(ui, i, inner, actions));
                    }
                });
            }
        });
}

/// The fix command in a monospace box, with a Copy button (and an "Apply
/// as what-if" button when the fix reads as an edit). A command that
/// holds hidden characters (from a hostile resource name) is shown cleaned
/// and not offered for copying: pasted into a shell it would not run what
/// it shows.
fn fix_box(ui: &mut egui::Ui, index: usize, fix: &str, actions: &mut Vec<Action>) {
    let hidden = display::has_hidden(fix);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.weak("Fix (review before running):");
        let copy = ui
            .add_enabled(!hidden, egui::Button::new("Copy").small())
            .on_hover_text("Copy the command")
            .on_disabled_hover_text("The command holds hidden characters: type it by hand");
        if copy.clicked() {
            ui.ctx().copy_text(fix.to_owned());
        }
        if !hidden {
            whatif_controls::apply_fix_button(ui, fix, actions);
        }
    });
    egui::Frame::canvas(ui.style())
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.push_id(index, |ui| {
                let shown = display::text(fix, display::MESSAGE_CHARS);
                let command = RichText::new(shown).text_style(TextStyle::Monospace);
                ui.add(egui::Label::new(command).wrap());
            });
        });
}

/// A node clicked with no function selected: what it is.
fn resource(ui: &mut egui::Ui, topology: &Topology, key: &NodeKey) {
    ui.heading(key.kind.noun());
    if let Some(node) = topology.node(key) {
        let label = ui.monospace(display::text(&node.label, display::NAME_CHARS));
        display::with_tooltip(label, &node.label, display::NAME_CHARS);
        if !node.detail.is_empty() {
            ui.weak(display::text(&node.detail, display::MESSAGE_CHARS));
        }
    }
    ui.add_space(8.0);
    ui.label("Select a function to see what this hop decides for its trace data.");
}
