//! The bottom panel: the selected function's recent X-Ray traces, so the
//! user can see delivery happen. A window picker, Refresh and a 10-second
//! auto refresh, the count and age of the newest trace, a sortable table
//! and the selected trace's timeline. Reads go through the worker; this
//! panel only keeps what came back and says what each state means.

use super::Action;
use super::display;
use super::theme;
use super::trace_table::{self, Sort, TableView};
use super::trace_timeline;
use super::worker::WorkerError;
use crate::model::{TraceDetail, TraceList, TraceWindow};
use egui::RichText;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant, SystemTime};

/// How often the panel re-reads the selected function's traces while it
/// is visible and auto refresh is on.
pub const AUTO_REFRESH: Duration = Duration::from_secs(10);

/// Why a read failed, kept for the panel to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error, as the user reads it.
    pub message: String,
    /// The IAM action that was denied, when that is why.
    pub missing_permission: Option<&'static str>,
}

impl From<&WorkerError> for Failure {
    fn from(error: &WorkerError) -> Self {
        let missing_permission = match error {
            WorkerError::Aws(aws) => aws.missing_permission(),
            _ => None,
        };
        Self {
            message: error.to_string(),
            missing_permission,
        }
    }
}

/// The selected trace and how far its read got.
#[derive(Debug)]
enum TraceState {
    Loading,
    Ready(TraceDetail),
    Failed(Failure),
    /// Selected on a demo or a snapshot file: there is no X-Ray to ask.
    NeedsLiveAccount,
}

/// What the panel keeps between frames.
#[derive(Debug)]
pub struct TracesPanel {
    window: TraceWindow,
    auto_refresh: bool,
    sort: Sort,
    /// The last list read per function (any window): also the delivery
    /// the function list and the inspector show.
    lists: HashMap<String, TraceList>,
    /// The last failed read per function, cleared by a good one.
    failures: HashMap<String, Failure>,
    /// Functions with a read under way.
    loading: HashSet<String>,
    /// When each function's traces were last asked for.
    asked: HashMap<String, Instant>,
    /// The selected trace's id and state.
    trace: Option<(String, TraceState)>,
}

impl Default for TracesPanel {
    fn default() -> Self {
        Self {
            window: TraceWindow::default(),
            auto_refresh: true,
            sort: Sort::default(),
            lists: HashMap::new(),
            failures: HashMap::new(),
            loading: HashSet::new(),
            asked: HashMap::new(),
            trace: None,
        }
    }
}

/// What the panel needs from the app for one frame.
pub struct PanelContext<'a> {
    /// The selected function's name.
    pub function: &'a str,
    /// Whether a live account is on show (traces can be read).
    pub live: bool,
    /// Traces that started after this (the last topology fetch) are new.
    pub new_after: Option<f64>,
}

impl TracesPanel {
    /// An empty panel reading over `window`.
    pub fn with_window(window: TraceWindow) -> Self {
        Self {
            window,
            ..Self::default()
        }
    }

    /// Reads `function`'s traces again on the next frame it is shown
    /// (after a topology fetch, to catch the first trace after a fix).
    pub fn refresh_soon(&mut self, function: &str) {
        self.asked.remove(function);
        self.failures.remove(function);
    }

    /// The window the user picked.
    pub fn window(&self) -> TraceWindow {
        self.window
    }

    /// Sets the window (e.g. from the saved settings).
    pub fn set_window(&mut self, window: TraceWindow) {
        self.window = window;
    }

    /// The last traces read for `function`, for delivery hints.
    pub fn list(&self, function: &str) -> Option<&TraceList> {
        self.lists.get(function)
    }

    /// Notes a read of `function`'s traces as under way; returns the window
    /// to read, or `None` when one is already under way.
    pub fn start_read(&mut self, function: &str) -> Option<TraceWindow> {
        if !self.loading.insert(function.to_owned()) {
            return None;
        }
        self.asked.insert(function.to_owned(), Instant::now());
        Some(self.window)
    }

    /// A read that could not be queued.
    pub fn read_not_started(&mut self, function: &str, failure: Failure) {
        self.loading.remove(function);
        self.failures.insert(function.to_owned(), failure);
    }

    /// A read of `function`'s traces over `window` came back. A list for a
    /// window the user has since changed is dropped.
    pub fn received_list(
        &mut self,
        function: String,
        window: TraceWindow,
        result: Result<TraceList, Failure>,
    ) {
        self.loading.remove(&function);
        if window != self.window {
            return;
        }
        match result {
            Ok(list) => {
                self.failures.remove(&function);
                self.lists.insert(function, list);
            }
            Err(failure) => {
                self.failures.insert(function, failure);
            }
        }
    }

    /// Selects a trace; true when its segments should be read.
    pub fn select_trace(&mut self, trace_id: String, live: bool) -> bool {
        let state = if live {
            TraceState::Loading
        } else {
            TraceState::NeedsLiveAccount
        };
        self.trace = Some((trace_id, state));
        live
    }

    /// A trace's segments came back; dropped when another trace has been
    /// selected since.
    pub fn received_trace(&mut self, trace_id: &str, result: Result<TraceDetail, Failure>) {
        if self.trace.as_ref().is_some_and(|(id, _)| id != trace_id) {
            return;
        }
        let state = match result {
            Ok(detail) => TraceState::Ready(detail),
            Err(failure) => TraceState::Failed(failure),
        };
        self.trace = Some((trace_id.to_owned(), state));
    }

    /// Forgets the selected trace (another function was selected).
    pub fn clear_trace(&mut self) {
        self.trace = None;
    }

    /// Draws the panel for `context.function`; pushes reads as actions and
    /// schedules the next auto refresh.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        context: &PanelContext<'_>,
        actions: &mut Vec<Action>,
    ) {
        let function = context.function;
        self.schedule(ui.ctx(), context, actions);
        self.toolbar(ui, context, actions);
        ui.separator();

        let Some(list) = self.lists.get(function) else {
            self.without_list(ui, context);
            return;
        };
        if let Some(failure) = self.failures.get(function) {
            failed(
                ui,
                "Refreshing the traces failed; the last good list stays",
                failure,
            );
        }
        if list.traces.is_empty() {
            empty(ui, list);
            return;
        }

        ui.columns(2, |columns| {
            let selected = self.trace.as_ref().map(|(id, _)| id.as_str());
            let view = TableView {
                traces: &list.traces,
                selected,
                new_after: context.new_after,
            };
            if let Some(id) = trace_table::show(&mut columns[0], &mut self.sort, &view) {
                actions.push(Action::SelectTrace(id));
            }
            trace_view(&mut columns[1], self.trace.as_ref());
        });
    }

    /// Asks for the traces when the function's were never asked for (or a
    /// fetch asked for them again), then every [`AUTO_REFRESH`] while auto
    /// refresh is on and the last read worked.
    fn schedule(&self, ctx: &egui::Context, context: &PanelContext<'_>, actions: &mut Vec<Action>) {
        let function = context.function;
        if !context.live || self.loading.contains(function) {
            return;
        }
        let Some(asked) = self.asked.get(function) else {
            actions.push(Action::RefreshTraces);
            return;
        };
        if !self.auto_refresh || self.failures.contains_key(function) {
            return;
        }
        match AUTO_REFRESH.checked_sub(asked.elapsed()) {
            Some(wait) if !wait.is_zero() => ctx.request_repaint_after(wait),
            _ => actions.push(Action::RefreshTraces),
        }
    }

    /// Heading, window picker, Refresh, auto refresh and the delivery line.
    fn toolbar(
        &mut self,
        ui: &mut egui::Ui,
        context: &PanelContext<'_>,
        actions: &mut Vec<Action>,
    ) {
        let function = context.function;
        ui.horizontal_wrapped(|ui| {
            ui.strong("Traces of");
            display::label(ui, function, display::NAME_CHARS);
            ui.separator();

            let before = self.window;
            ui.label("Window");
            egui::ComboBox::from_id_salt("trace-window")
                .selected_text(format!("last {}", self.window.label()))
                .show_ui(ui, |ui| {
                    for window in TraceWindow::PRESETS {
                        let words = format!("last {}", window.label());
                        ui.selectable_value(&mut self.window, window, words);
                    }
                });
            if self.window != before && context.live {
                actions.push(Action::RefreshTraces);
            }

            let refresh = ui.add_enabled(
                context.live && !self.loading.contains(function),
                egui::Button::new("Refresh"),
            );
            if refresh
                .on_hover_text("Read this function's traces now (read-only)")
                .on_disabled_hover_text("Traces need a live account, or a read is under way")
                .clicked()
            {
                actions.push(Action::RefreshTraces);
            }
            ui.add_enabled(
                context.live,
                egui::Checkbox::new(&mut self.auto_refresh, "auto-refresh every 10 s"),
            );
            if self.loading.contains(function) {
                ui.spinner();
                ui.weak("reading…");
            }

            if let Some(list) = self.lists.get(function) {
                ui.separator();
                ui.label(list.delivery(SystemTime::now()));
                let new = context
                    .new_after
                    .map_or(0, |after| list.started_after(after).count());
                if new > 0 {
                    let words = format!("{new} new since the last fetch");
                    ui.label(RichText::new(words).color(theme::PASS).strong());
                }
            }
        });
    }

    /// Loading, failed, or not live: no list to show yet.
    fn without_list(&self, ui: &mut egui::Ui, context: &PanelContext<'_>) {
        let function = context.function;
        if let Some(failure) = self.failures.get(function) {
            failed(ui, "Reading the traces failed", failure);
        } else if context.live {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "Reading the last {} of traces from X-Ray…",
                    self.window.label()
                ));
            });
        } else {
            ui.label(
                "Traces need a live account: this is the demo or a snapshot file, \
                 and there is no X-Ray to ask.",
            );
            ui.weak("Choose a profile and region above and press Fetch first.");
        }
    }
}

/// The selected trace's timeline, or what stands in its place.
fn trace_view(ui: &mut egui::Ui, trace: Option<&(String, TraceState)>) {
    match trace {
        None => {
            ui.weak("Select a trace to see its segments.");
        }
        Some((_, TraceState::Loading)) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the trace's segments…");
            });
        }
        Some((_, TraceState::Failed(failure))) => {
            failed(ui, "Reading the trace failed", failure);
        }
        Some((_, TraceState::NeedsLiveAccount)) => {
            ui.label("Segments need a live account: press Fetch first.");
        }
        Some((_, TraceState::Ready(detail))) => trace_timeline::show(ui, detail),
    }
}

/// No traces in the window: what it means and what to do.
fn empty(ui: &mut egui::Ui, list: &TraceList) {
    ui.label(format!(
        "No traces in the last {}: X-Ray has nothing from this function in that time.",
        list.window.label()
    ));
    ui.weak(
        "Invoke the function, or pick a longer window. If it was invoked, the \
         inspector says what can stop its traces.",
    );
}

/// A failed read: what failed and what to do.
fn failed(ui: &mut egui::Ui, what: &str, failure: &Failure) {
    let headline = match failure.missing_permission {
        Some(action) => format!("{what}: the credentials lack {action}."),
        None => format!("{what}."),
    };
    ui.label(RichText::new(headline).color(theme::FAIL));
    let advice = match failure.missing_permission {
        Some(action) => format!(
            "Allow {action} in the policy of the user or role of this profile, then press Refresh."
        ),
        None => "Check the network and the credentials, then press Refresh.".to_owned(),
    };
    ui.weak(advice);
    display::label(ui, &failure.message, display::MESSAGE_CHARS);
}
