//! The traces panel's table: one row per trace of the window (time, trace
//! id, duration, status), sortable by any column, rows after the last
//! topology fetch marked "new". Only the rows in view are laid out, so a
//! 24-hour window of thousands of traces stays smooth.

use super::display;
use super::theme;
use crate::model::{TraceStatus, TraceSummary};
use egui::{Align, Layout, RichText};

/// Width of each column, in points.
const NEW_WIDTH: f32 = 40.0;
const TIME_WIDTH: f32 = 80.0;
const ID_WIDTH: f32 = 300.0;
const DURATION_WIDTH: f32 = 80.0;
const STATUS_WIDTH: f32 = 110.0;
/// Height of one row.
const ROW_HEIGHT: f32 = 20.0;

/// A column the user can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Time,
    Id,
    Duration,
    Status,
}

impl Column {
    fn title(self) -> &'static str {
        match self {
            Self::Time => "time (UTC)",
            Self::Id => "trace id",
            Self::Duration => "duration",
            Self::Status => "status",
        }
    }
}

/// The column the table is sorted by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first, as X-Ray lists them.
    fn default() -> Self {
        Self {
            column: Column::Time,
            descending: true,
        }
    }
}

impl Sort {
    /// The traces in this order.
    fn apply(self, traces: &[TraceSummary]) -> Vec<&TraceSummary> {
        let mut rows: Vec<&TraceSummary> = traces.iter().collect();
        rows.sort_by(|a, b| {
            let order = match self.column {
                Column::Time => a.start_unix_s.total_cmp(&b.start_unix_s),
                Column::Id => a.id.cmp(&b.id),
                Column::Duration => a.duration_s.total_cmp(&b.duration_s),
                Column::Status => status_rank(a.status()).cmp(&status_rank(b.status())),
            };
            let order = order.then_with(|| a.id.cmp(&b.id));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        rows
    }

    /// A click on a column's header: that column, or the other way round.
    fn toggle(&mut self, column: Column) {
        if self.column == column {
            self.descending = !self.descending;
        } else {
            *self = Self {
                column,
                descending: matches!(column, Column::Time | Column::Duration | Column::Status),
            };
        }
    }
}

/// Worse outcomes rank higher, so "status, descending" puts faults first.
fn status_rank(status: TraceStatus) -> u8 {
    match status {
        TraceStatus::Ok => 0,
        TraceStatus::InProgress => 1,
        TraceStatus::Error => 2,
        TraceStatus::Throttle => 3,
        TraceStatus::Fault => 4,
    }
}

/// What the table needs besides the rows.
pub struct TableView<'a> {
    pub traces: &'a [TraceSummary],
    /// The selected trace's id.
    pub selected: Option<&'a str>,
    /// Traces that started after this (the last topology fetch) are new.
    pub new_after: Option<f64>,
}

/// Draws the header and the rows; returns the id of a clicked row.
pub fn show(ui: &mut egui::Ui, sort: &mut Sort, view: &TableView<'_>) -> Option<String> {
    header(ui, sort);
    ui.separator();

    let rows = sort.apply(view.traces);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("trace-rows")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            for trace in &rows[range] {
                if row(ui, trace, view) {
                    clicked = Some(trace.id.clone());
                }
            }
        });
    clicked
}

fn header(ui: &mut egui::Ui, sort: &mut Sort) {
    ui.horizontal(|ui| {
        cell(ui, NEW_WIDTH, |_| {});
        let columns = [
            (Column::Time, TIME_WIDTH),
            (Column::Id, ID_WIDTH),
            (Column::Duration, DURATION_WIDTH),
            (Column::Status, STATUS_WIDTH),
        ];
        for (column, width) in columns {
            cell(ui, width, |ui| {
                let arrow = match (sort.column == column, sort.descending) {
                    (false, _) => "",
                    (true, true) => " ⏷",
                    (true, false) => " ⏶",
                };
                let title = RichText::new(format!("{}{arrow}", column.title())).strong();
                let button = egui::Button::new(title).frame(false);
                if ui
                    .add(button)
                    .on_hover_text("Sort by this column")
                    .clicked()
                {
                    sort.toggle(column);
                }
            });
        }
    });
}

/// One trace; true when its id was clicked.
fn row(ui: &mut egui::Ui, trace: &TraceSummary, view: &TableView<'_>) -> bool {
    let selected = view.selected == Some(trace.id.as_str());
    let is_new = view
        .new_after
        .is_some_and(|after| trace.start_unix_s > after);
    let mut clicked = false;

    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        cell(ui, NEW_WIDTH, |ui| {
            if is_new {
                let mark = RichText::new("new").small().strong().color(theme::PASS);
                ui.label(mark)
                    .on_hover_text("Started after the last topology fetch");
            }
        });
        cell(ui, TIME_WIDTH, |ui| {
            ui.monospace(time_of_day(&trace.start))
                .on_hover_text(display::text(&trace.start, display::NAME_CHARS));
        });
        cell(ui, ID_WIDTH, |ui| {
            let id = display::text(&trace.id, display::NAME_CHARS);
            let text = RichText::new(id).monospace();
            clicked = ui
                .selectable_label(selected, text)
                .on_hover_text("Show this trace's segments")
                .clicked();
        });
        cell(ui, DURATION_WIDTH, |ui| {
            ui.monospace(duration(trace.duration_s));
        });
        cell(ui, STATUS_WIDTH, |ui| {
            let status = trace.status();
            let words = match trace.http_status {
                Some(code) => format!("{} · {code}", status.as_str()),
                None => status.as_str().to_owned(),
            };
            ui.label(RichText::new(words).color(theme::trace_status(status)));
        });
    });
    clicked
}

/// A left-aligned cell of a fixed width.
fn cell(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui)) {
    let size = egui::vec2(width, ROW_HEIGHT);
    ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| {
        ui.set_width(width);
        add(ui);
    });
}

/// `12:00:07` out of `2025-01-31T12:00:07.25Z`; the whole text when it is
/// not RFC 3339.
fn time_of_day(start: &str) -> &str {
    start
        .get(11..19)
        .filter(|_| start.as_bytes().get(10) == Some(&b'T'))
        .unwrap_or(start)
}

/// `180 ms` under a second, `2.40 s` above.
pub fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(id: &str, start: f64, duration_s: f64, fault: bool) -> TraceSummary {
        TraceSummary {
            id: id.to_owned(),
            start: String::new(),
            duration_s,
            fault,
            error: false,
            throttle: false,
            http_status: None,
            start_unix_s: start,
        }
    }

    fn ids(rows: &[&TraceSummary]) -> Vec<String> {
        rows.iter().map(|t| t.id.clone()).collect()
    }

    #[test]
    fn each_column_sorts_and_a_second_click_reverses() {
        let traces = [
            trace("1-b", 200.0, 0.5, false),
            trace("1-a", 300.0, 0.1, true),
            trace("1-c", 100.0, 2.0, false),
        ];
        let mut sort = Sort::default();
        assert_eq!(ids(&sort.apply(&traces)), ["1-a", "1-b", "1-c"]);

        sort.toggle(Column::Duration);
        assert_eq!(ids(&sort.apply(&traces)), ["1-c", "1-b", "1-a"]);
        sort.toggle(Column::Duration);
        assert_eq!(ids(&sort.apply(&traces)), ["1-a", "1-b", "1-c"]);

        sort.toggle(Column::Status);
        assert_eq!(ids(&sort.apply(&traces))[0], "1-a", "faults first");
    }

    #[test]
    fn time_of_day_comes_out_of_rfc3339() {
        assert_eq!(time_of_day("2025-01-31T12:00:07.25Z"), "12:00:07");
        assert_eq!(time_of_day("soon"), "soon");
        assert_eq!(duration(0.18), "180 ms");
        assert_eq!(duration(2.4), "2.40 s");
    }
}
