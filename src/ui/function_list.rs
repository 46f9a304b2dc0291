//! The left panel: every function of the snapshot with a coloured verdict
//! badge and, once its traces were read, a delivery hint; a search box and
//! a verdict filter. Clicking a row selects it.

use super::traces_panel::TracesPanel;
use super::{Action, delivery, display, theme};
use crate::analysis::{Report, Verdict};
use egui::RichText;
use std::time::SystemTime;

/// The filters the user set.
#[derive(Debug, Default)]
pub struct FunctionList {
    search: String,
    verdict: Option<Verdict>,
}

const VERDICTS: [Verdict; 4] = [
    Verdict::Blocked,
    Verdict::Partial,
    Verdict::Unknown,
    Verdict::Reachable,
];

impl FunctionList {
    /// Draws the list; pushes [`Action::SelectFunction`] on a click.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        report: &Report,
        selected: Option<&str>,
        traces: &TracesPanel,
        actions: &mut Vec<Action>,
    ) {
        ui.heading("Functions");
        ui.horizontal(|ui| {
            let label = ui.label("Search");
            let search = egui::TextEdit::singleline(&mut self.search)
                .hint_text("function name")
                .desired_width(f32::INFINITY);
            ui.add(search).labelled_by(label.id);
        });
        self.verdict_filter(ui);
        ui.separator();

        // The report is already sorted by name and holds every function:
        // no sort, lookup or allocation per row per frame.
        let needle = self.search.to_lowercase();
        let shown: Vec<(&str, Verdict)> = report
            .functions
            .iter()
            .filter(|f| self.verdict.is_none_or(|wanted| f.verdict == wanted))
            .filter(|f| needle.is_empty() || f.name.to_lowercase().contains(&needle))
            .map(|f| (f.name.as_str(), f.verdict))
            .collect();

        ui.weak(format!(
            "{} of {} functions",
            shown.len(),
            report.functions.len()
        ));
        // Only the rows in sight are laid out: a region can hold thousands.
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, shown.len(), |ui, rows| {
                for &(name, verdict) in &shown[rows] {
                    ui.horizontal(|ui| {
                        let badge = RichText::new(verdict.as_str()).color(theme::verdict(verdict));
                        ui.label(badge.small().strong());
                        let shown = display::text(name, display::NAME_CHARS);
                        let row = ui.selectable_label(selected == Some(name), shown);
                        if display::with_tooltip(row, name, display::NAME_CHARS).clicked() {
                            actions.push(Action::SelectFunction(name.to_owned()));
                        }
                        if let Some(list) = traces.list(name) {
                            let hint = RichText::new(delivery::hint(list)).small().weak();
                            ui.label(hint)
                                .on_hover_text(list.delivery(SystemTime::now()));
                        }
                    });
                }
            });
    }

    fn verdict_filter(&mut self, ui: &mut egui::Ui) {
        let current = self.verdict.map_or("all verdicts", Verdict::as_str);
        egui::ComboBox::from_id_salt("verdict-filter")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.verdict, None, "all verdicts");
                for verdict in VERDICTS {
                    let text = RichText::new(verdict.as_str()).color(theme::verdict(verdict));
                    ui.selectable_value(&mut self.verdict, Some(verdict), text);
                }
            });
    }
}
