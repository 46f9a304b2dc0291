//! The inspector's DNS section: how `xray.<region>.amazonaws.com` resolves
//! in the selected function's VPC, one numbered step at a time, and the
//! addresses it ends at. Every subnet of a VPC resolves the same way, so
//! one trace serves them all. Meant to be read aloud to a class.

use super::display;
use super::theme;
use crate::analysis::{DnsEnd, DnsTrace, StepOutcome};
use egui::RichText;

/// Draws the DNS section, collapsed until opened.
pub fn show(ui: &mut egui::Ui, trace: &DnsTrace) {
    egui::CollapsingHeader::new("DNS")
        .id_salt("dns-view")
        .default_open(false)
        .show(ui, |ui| {
            ui.label(RichText::new(&trace.name).monospace().strong());
            ui.weak(format!(
                "as the resolver of {} answers it",
                display::text(&trace.vpc_id, display::NAME_CHARS)
            ));
            ui.add_space(4.0);

            for (number, step) in trace.steps.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("{}.", number + 1)).weak());
                    ui.strong(step.kind.title());
                    let colour = outcome_colour(step.outcome);
                    ui.label(RichText::new(step.outcome.as_str()).small().color(colour));
                });
                ui.indent(("dns-step", number), |ui| {
                    display::label(ui, &step.detail, display::MESSAGE_CHARS);
                });
            }

            ui.add_space(4.0);
            ui.label(RichText::new(trace.summary()).color(end_colour(trace)));
            if !trace.addresses.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.weak("addresses:");
                    for address in &trace.addresses {
                        ui.monospace(display::text(address, display::NAME_CHARS));
                    }
                });
            }
        });
}

fn outcome_colour(outcome: StepOutcome) -> egui::Color32 {
    match outcome {
        StepOutcome::PassedOn | StepOutcome::NotReached => theme::TEXT_WEAK,
        StepOutcome::Answered => theme::PASS,
        StepOutcome::Unknown => theme::CAUTION,
        StepOutcome::Failed => theme::FAIL,
    }
}

fn end_colour(trace: &DnsTrace) -> egui::Color32 {
    match (&trace.end, trace.certain) {
        (DnsEnd::NoAnswer, _) => theme::FAIL,
        (DnsEnd::Unknown | DnsEnd::Elsewhere, _) | (_, false) => theme::CAUTION,
        (DnsEnd::Endpoint(_) | DnsEnd::Public, true) => theme::PASS,
    }
}
