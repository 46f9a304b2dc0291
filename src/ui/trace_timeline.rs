//! One trace drawn as a timeline: a row per segment and subsegment,
//! indented under its parent, with its origin (`AWS::Lambda`,
//! `AWS::Lambda::Function`), a bar placed on the trace's time axis and
//! coloured by outcome, and its duration.

use super::display;
use super::theme;
use super::trace_table::duration;
use crate::model::{TimelineRow, TraceDetail};
use egui::{Align, Layout, RichText};

const NAME_WIDTH: f32 = 200.0;
const ORIGIN_WIDTH: f32 = 190.0;

const DURATION_WIDTH: f32 = 110.0;
const ROW_HEIGHT: f32 = 18.0;
/// The bar never gets narrower than this, even in a small window.
const MIN_BAR_WIDTH: f32 = 80.0;

/// Draws the trace's heading (id, Copy button, size) and its rows.
pub fn show(ui: &mut egui::Ui, detail: &TraceDetail) {
    ui.horizontal(|ui| {
        ui.strong("Trace");
        display::label(ui, &detail.id, display::NAME_CHARS);
        let copy = ui
            .small_button("Copy trace id")
            .on_hover_text("Copy the id, e.g. for the X-Ray console");
        if copy.clicked() {
            ui.ctx().copy_text(detail.id.clone());
        }
    });
    let total = detail
        .duration_s
        .map_or("still in progress".to_owned(), duration);
    let segments = detail.rows.iter().filter(|r| !r.subsegment).count();
    ui.weak(format!(
        "{segments} segments, {} subsegments · {total}",
        detail.rows.len() - segments
    ));
    if detail.rows.is_empty() {
        ui.label("X-Ray returned this trace without segments: it may still be processing.");
        return;
    }

    // The axis runs to the latest end (or start, for unfinished rows).
    let span = detail
        .rows
        .iter()
        .map(|r| r.offset_s + r.duration_s.unwrap_or(0.0))
        .fold(detail.duration_s.unwrap_or(0.0), f64::max)
        .max(1e-3);
    egui::ScrollArea::vertical()
        .id_salt("trace-timeline")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, detail.rows.len(), |ui, range| {
            for timeline_row in &detail.rows[range] {
                row(ui, timeline_row, span);
            }
        });
}

fn row(ui: &mut egui::Ui, segment: &TimelineRow, span: f64) {
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        cell(ui, NAME_WIDTH, |ui| {
            #[allow(clippy::cast_precision_loss)]
            let indent = (segment.depth.min(12) as f32) * theme::TIMELINE_INDENT;
            ui.add_space(indent);
            let name = display::text(&segment.name, display::NAME_CHARS);
            let text = if segment.subsegment {
                RichText::new(name)
            } else {
                RichText::new(name).strong()
            };
            let response = ui.add(egui::Label::new(text).truncate());
            display::with_tooltip(response, &segment.name, display::NAME_CHARS);
        });
        cell(ui, ORIGIN_WIDTH, |ui| {
            if let Some(origin) = &segment.origin {
                let origin = display::text(origin, display::NAME_CHARS);
                ui.add(egui::Label::new(RichText::new(origin).weak().monospace()).truncate());
            }
        });

        let bar_width = (ui.available_width() - DURATION_WIDTH).max(MIN_BAR_WIDTH);
        bar(ui, segment, span, bar_width);

        let words = match (segment.duration_s, segment.http_status) {
            (Some(d), Some(code)) => format!("{} · {code}", duration(d)),
            (Some(d), None) => duration(d),
            (None, _) => "in progress".to_owned(),
        };
        let colour = theme::trace_status(segment.status);
        ui.label(RichText::new(words).monospace().color(colour))
            .on_hover_text(segment.status.as_str());
    });
}

/// The row's bar on the trace's time axis.
fn bar(ui: &mut egui::Ui, segment: &TimelineRow, span: f64, width: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.hline(
        rect.x_range(),
        rect.center().y,
        egui::Stroke::new(1.0, theme::FRAME_STROKE),
    );

    #[allow(clippy::cast_possible_truncation)]
    let at = |seconds: f64| rect.left() + (seconds / span).clamp(0.0, 1.0) as f32 * width;
    let start = at(segment.offset_s);
    // An unfinished row runs to the end of the axis.
    let end = at(segment.duration_s.map_or(span, |d| segment.offset_s + d));
    let half = theme::TIMELINE_BAR_HEIGHT / 2.0;
    let bar = egui::Rect::from_x_y_ranges(
        start..=end.max(start + 2.0),
        rect.center().y - half..=rect.center().y + half,
    );
    painter.rect_filled(bar, 2.0, theme::trace_status(segment.status));
}

/// A left-aligned cell of a fixed width, clipping what overflows.
fn cell(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui)) {
    let size = egui::vec2(width, ROW_HEIGHT);
    ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| {
        ui.set_width(width);
        ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
        add(ui);
    });
}
