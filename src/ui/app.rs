//! The app: the snapshot on show, its report and topology (rebuilt only when
//! the snapshot or a daemon declaration changes), the selection, the traces
//! read so far, and the background worker.
//!
//! [`XrayPathApp::logic`] applies what the worker reported; [`XrayPathApp::show`]
//! draws the panels and applies what the user clicked.

use super::daemon_field::DaemonField;
use super::function_list::FunctionList;
use super::graph_view::{GraphInput, GraphPanel};
use super::inspector::{self, InspectorInput};
use super::settings::{self, Settings};
use super::top_bar::{FetchStatus, TopBar};
use super::traces_panel::{Failure, TracesPanel};
use super::worker::{Command, Worker, WorkerError, WorkerEvent};
use super::{Action, Selection, theme};
use crate::analysis::{DnsTrace, Report, analyze};
use crate::aws::FetchOptions;
use crate::graph::{NodeKey, NodeKind, Topology};
use crate::model::{DaemonDeclaration, DaemonScope, Snapshot, TraceDetail, TraceList};
use std::time::{SystemTime, UNIX_EPOCH};

mod library;
mod traces;
mod whatif;

pub use library::ExportKind;

/// The desktop app's state.
pub struct XrayPathApp {
    snapshot: Snapshot,
    report: Report,
    topology: Topology,
    /// Bumped on every new snapshot; the graph view rebuilds when it changes.
    generation: u64,
    /// Where the snapshot came from, e.g. `demo` or a file path.
    source: String,
    selection: Selection,
    top_bar: TopBar,
    function_list: FunctionList,
    graph: GraphPanel,
    fetch: FetchStatus,
    worker: Option<Worker>,
    /// The last failure, shown until dismissed; the topology stays as it was.
    banner: Option<String>,
    /// A short success note, e.g. where a snapshot was saved.
    notice: Option<String>,
    /// The bottom panel's state and every trace list read so far.
    traces: TracesPanel,
    daemon_field: DaemonField,
    /// The daemon declarations the user made; kept in the settings and
    /// laid over every snapshot shown.
    declarations: Vec<DaemonDeclaration>,
    /// The options of the fetch whose topology is on show: traces can be
    /// read only then (not on the demo or a snapshot file).
    live: Option<FetchOptions>,
    /// The fetch under way and when it started (Unix seconds).
    pending_fetch: Option<(FetchOptions, f64)>,
    /// When the topology on show was fetched: traces after it are "new".
    last_fetch_unix_s: Option<f64>,
    /// The selected function's VPC's DNS trace, by snapshot generation.
    dns: Option<(u64, String, Option<DnsTrace>)>,
    /// The what-if edits over the account as read.
    whatif: whatif::WhatIf,
    /// A PNG export of the graph under way.
    png: library::PngExport,
}

impl XrayPathApp {
    /// An app showing `snapshot`, with no background worker (Fetch, Open and
    /// Save report that they are unavailable). `source` names the snapshot.
    pub fn new(snapshot: Snapshot, source: impl Into<String>) -> Self {
        let report = analyze(&snapshot);
        let topology = Topology::build(&snapshot, &report);
        let top_bar = TopBar::new(None, &snapshot.region);
        let whatif = whatif::WhatIf::new(&snapshot);
        Self {
            snapshot,
            report,
            topology,
            generation: 0,
            source: source.into(),
            selection: Selection::default(),
            top_bar,
            function_list: FunctionList::default(),
            graph: GraphPanel::default(),
            fetch: FetchStatus::default(),
            worker: None,
            banner: None,
            notice: None,
            traces: TracesPanel::default(),
            daemon_field: DaemonField::default(),
            declarations: Vec::new(),
            live: None,
            pending_fetch: None,
            last_fetch_unix_s: None,
            dns: None,
            whatif,
            png: library::PngExport::default(),
        }
    }

    /// Restores what the user set last time (daemon declarations, the
    /// selected function, the traces window) from eframe's storage.
    #[must_use]
    pub fn restore(mut self, storage: &dyn eframe::Storage) -> Self {
        let saved = Settings::load(storage);
        self.traces.set_window(saved.window);
        self.selection.function = saved.function;
        self.declarations = saved.declarations;
        if !self.declarations.is_empty() {
            self.lay_declarations_over_snapshot();
            self.whatif = whatif::WhatIf::new(&self.snapshot);
            self.reanalyse();
        }
        self
    }

    /// What [`Self::restore`] would restore, as it stands now.
    pub fn settings(&self) -> Settings {
        Settings {
            declarations: self.declarations.clone(),
            function: self.selection.function.clone(),
            window: self.traces.window(),
        }
    }

    /// Starts the background worker, woken through `ctx`; with `fetch`, the
    /// first fetch starts at once.
    #[must_use]
    pub fn with_worker(mut self, ctx: &egui::Context, fetch: Option<FetchOptions>) -> Self {
        self.top_bar = TopBar::new(fetch.as_ref(), &self.snapshot.region);
        match Worker::start(ctx.clone()) {
            Ok(worker) => self.worker = Some(worker),
            Err(error) => self.fail(&error),
        }
        if let Some(options) = fetch {
            self.apply(Action::Fetch(options));
        }
        self
    }

    /// The name of the selected function, if any.
    pub fn selected_function(&self) -> Option<&str> {
        self.selection.function.as_deref()
    }

    /// Selects a function by name, as a click on its row would.
    pub fn select_function(&mut self, name: &str) {
        self.apply(Action::SelectFunction(name.to_owned()));
    }

    /// Focuses a node of the graph, as a click on it would.
    pub fn select_node(&mut self, key: NodeKey) {
        self.apply(Action::SelectNode(key));
    }

    /// The report of the snapshot on show.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The snapshot on show (with the what-if edits, unless the real
    /// account is asked for), with the user's daemon declarations.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Shows a function's trace list as if the worker had just read it
    /// (tests, and any caller that read traces itself).
    pub fn show_traces(&mut self, list: TraceList) {
        let (function, window) = (list.function.clone(), list.window);
        self.traces.received_list(function, window, Ok(list));
    }

    /// Shows one trace's segments as if the worker had just read them.
    pub fn show_trace(&mut self, detail: TraceDetail) {
        let id = detail.id.clone();
        self.traces.received_trace(&id, Ok(detail));
    }

    /// Sets when the topology on show was fetched (Unix seconds): traces
    /// that started later are marked "new".
    pub fn set_last_fetch(&mut self, unix_s: f64) {
        self.last_fetch_unix_s = Some(unix_s);
    }

    /// Declares (or, with `None`, removes) a daemon address for `scope`,
    /// as the inspector's field does, and re-analyses at once.
    pub fn declare_daemon(&mut self, scope: &DaemonScope, address: Option<&str>) {
        settings::declare(&mut self.declarations, scope, address);
        settings::declare(&mut self.snapshot.daemon_declarations, scope, address);
        self.whatif.declare_on_real(scope, address);
        self.reanalyse();
    }

    /// Shows a new snapshot: analyses it once and keeps the selection when
    /// the function still exists.
    pub fn set_snapshot(&mut self, snapshot: Snapshot, source: impl Into<String>) {
        self.snapshot = snapshot;
        self.source = source.into();
        self.lay_declarations_over_snapshot();
        self.whatif = whatif::WhatIf::new(&self.snapshot);
        self.reanalyse();
        if let Some(name) = &self.selection.function
            && self.report.function(name).is_none()
        {
            self.selection = Selection::default();
        }
        if self
            .selection
            .node
            .as_ref()
            .is_some_and(|key| self.topology.node(key).is_none())
        {
            self.selection.node = None;
        }
        tracing::info!(source = %self.source, functions = self.report.functions.len(), "snapshot shown");
    }

    /// The user's declarations win over the snapshot's of the same scope.
    fn lay_declarations_over_snapshot(&mut self) {
        for declaration in &self.declarations {
            let address = Some(declaration.address.as_str());
            settings::declare(
                &mut self.snapshot.daemon_declarations,
                &declaration.scope,
                address,
            );
        }
    }

    /// Analysis is pure and fast: the whole region again, then the graph.
    fn reanalyse(&mut self) {
        self.report = analyze(&self.snapshot);
        self.topology = Topology::build(&self.snapshot, &self.report);
        self.generation += 1;
    }

    /// Applies what the worker reported since the last frame.
    pub fn logic(&mut self) {
        let events = self.worker.as_mut().map(Worker::drain).unwrap_or_default();
        for event in events {
            match event {
                WorkerEvent::Profiles(profiles) => self.top_bar.profiles = profiles,
                WorkerEvent::Progress(progress) => {
                    self.fetch.calls.insert(progress.api, progress.state);
                }
                WorkerEvent::Fetched { label, result } => {
                    self.fetch.running = false;
                    let pending = self.pending_fetch.take();
                    match result {
                        Ok(snapshot) => {
                            self.set_snapshot(*snapshot, label);
                            self.fetched(pending);
                        }
                        Err(error) => self.fail(&error),
                    }
                }
                WorkerEvent::Opened(Ok((snapshot, path))) => {
                    self.set_snapshot(*snapshot, path.display().to_string());
                    self.live = None;
                    self.last_fetch_unix_s = None;
                    self.traces = TracesPanel::with_window(self.traces.window());
                }
                WorkerEvent::Traces {
                    function,
                    window,
                    result,
                } => {
                    let result = result.map_err(|error| Failure::from(&error));
                    self.traces.received_list(function, window, result);
                }
                WorkerEvent::Trace { trace_id, result } => {
                    let result = result.map_err(|error| Failure::from(&error));
                    self.traces.received_trace(&trace_id, result);
                }
                WorkerEvent::Saved(Ok(path)) => {
                    self.notice = Some(format!("Saved {}", path.display()));
                }
                WorkerEvent::Opened(Err(error)) | WorkerEvent::Saved(Err(error)) => {
                    self.fail(&error);
                }
                WorkerEvent::Cancelled => {}
            }
        }
    }

    /// Draws every panel and applies the user's clicks.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut actions = Vec::new();
        self.edit_shortcuts(ui, &mut actions);
        self.png_frame(ui);

        egui::Panel::top("top-bar").show(ui, |ui| {
            self.top_bar
                .show(ui, &self.source, &self.fetch, &mut actions);
            self.messages(ui, &mut actions);
        });
        self.traces_panel(ui, &mut actions);
        egui::Panel::left("functions")
            .default_size(250.0)
            .show(ui, |ui| {
                let selected = self.selection.function.as_deref();
                self.function_list
                    .show(ui, &self.report, selected, &self.traces, &mut actions);
            });
        self.refresh_dns();
        egui::Panel::right("inspector")
            .default_size(380.0)
            .show(ui, |ui| {
                let function = self.selection.function.as_deref();
                let input = InspectorInput {
                    report: &self.report,
                    topology: &self.topology,
                    selection: &self.selection,
                    delivery: function.and_then(|name| self.traces.list(name)),
                    live: self.live.is_some(),
                    declarations: &self.snapshot.daemon_declarations,
                    dns: self.dns.as_ref().and_then(|(_, _, trace)| trace.as_ref()),
                    snapshot: &self.snapshot,
                };
                inspector::show(ui, &input, &mut self.daemon_field, &mut actions);
            });
        self.edits_panel(ui, &mut actions);
        egui::CentralPanel::default().show(ui, |ui| {
            self.png.panel = Some(ui.max_rect());
            let input = GraphInput {
                topology: &self.topology,
                generation: self.generation,
                report: &self.report,
                function: self
                    .selection
                    .function
                    .as_deref()
                    .and_then(|n| self.report.function(n)),
                focus: self.selection.node.as_ref(),
                edited: &self.whatif.marked,
            };
            self.graph.show(ui, &input, &mut actions);
        });

        for action in actions {
            self.apply(action);
        }
    }

    /// The error banner and the last notice, under the bar.
    fn messages(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        if let Some(message) = &self.banner {
            egui::Frame::new()
                .fill(theme::BANNER_FILL)
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.small_button("Dismiss").clicked() {
                            actions.push(Action::DismissBanner);
                        }
                        let text = egui::RichText::new(message).color(theme::TEXT);
                        ui.add(egui::Label::new(text).wrap());
                    });
                });
        } else if let Some(notice) = &self.notice {
            ui.weak(notice);
        }

        let unreadable = &self.snapshot.unreadable;
        if !unreadable.is_empty() {
            let words = match unreadable.len() {
                1 => "1 AWS call could not be read: the hops it feeds are unknown".to_owned(),
                n => format!("{n} AWS calls could not be read: the hops they feed are unknown"),
            };
            let note = ui.label(egui::RichText::new(words).color(theme::CAUTION));
            note.on_hover_ui(|ui| {
                for call in unreadable {
                    ui.label(format!("{}: {} ({})", call.api, call.code, call.message));
                }
            });
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::SelectFunction(name) => {
                if self.selection.function.as_ref() != Some(&name) {
                    self.traces.clear_trace();
                }
                self.selection = Selection {
                    function: Some(name),
                    node: None,
                };
            }
            Action::SelectNode(key) if key.kind == NodeKind::Function => {
                if self.selection.function.as_ref() != Some(&key.id) {
                    self.traces.clear_trace();
                }
                self.selection = Selection {
                    function: Some(key.id.clone()),
                    node: Some(key),
                };
            }
            Action::SelectNode(key) => {
                let again = self.selection.node.as_ref() == Some(&key);
                self.selection.node = (!again).then_some(key);
            }
            Action::ClearNode => self.selection.node = None,
            Action::DismissBanner => self.banner = None,
            Action::Fetch(options) => {
                if self.send(Command::Fetch(options.clone())) {
                    self.pending_fetch = Some((options, unix_now()));
                    self.fetch = FetchStatus {
                        running: true,
                        ..FetchStatus::default()
                    };
                }
            }
            Action::RefreshTraces => self.read_traces(),
            Action::SelectTrace(trace_id) => {
                let live = self.live.clone();
                if self.traces.select_trace(trace_id.clone(), live.is_some())
                    && let Some(options) = live
                {
                    self.send(Command::Trace { options, trace_id });
                }
            }
            Action::DeclareDaemon { scope, address } => {
                self.declare_daemon(&scope, address.as_deref());
            }
            Action::Open => {
                self.send(Command::Open);
            }
            Action::Save => {
                // The account as read: what-if edits are never saved as if real.
                self.send(Command::Save(Box::new(self.whatif.real().clone())));
            }
            Action::OpenScenario(file) => self.open_scenario(&file),
            Action::Export(kind) => self.export(kind),
            Action::Edit(command) => self.apply_edit_command(command),
        }
    }

    /// Queues a command; reports in the banner when it cannot.
    fn send(&mut self, command: Command) -> bool {
        let Some(worker) = &self.worker else {
            self.banner = Some("Background work is not available in this window.".to_owned());
            return false;
        };
        match worker.send(command) {
            Ok(()) => {
                self.notice = None;
                true
            }
            Err(error) => {
                self.fail(&error);
                false
            }
        }
    }

    fn fail(&mut self, error: &WorkerError) {
        tracing::warn!(%error, "background work failed");
        self.banner = Some(error.to_string());
    }
}

/// Now, in seconds since the Unix epoch.
fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

impl eframe::App for XrayPathApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        XrayPathApp::logic(self);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings().save(storage);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
