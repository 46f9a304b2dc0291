//! The app's traces and DNS glue: what a landed fetch means for the
//! traces panel, drawing that panel, asking the worker for traces, and
//! keeping the selected VPC's DNS trace current.

use super::XrayPathApp;
use crate::analysis::dns_trace;
use crate::aws::FetchOptions;
use crate::model::Index;
use crate::ui::Action;
use crate::ui::traces_panel::{Failure, PanelContext, TracesPanel};
use crate::ui::worker::{Command, WorkerError};

impl XrayPathApp {
    /// A fetch landed: the account is live, and traces after its start are
    /// new. Another account's traces are forgotten; the selected
    /// function's are read again at once.
    pub(super) fn fetched(&mut self, pending: Option<(FetchOptions, f64)>) {
        let Some((options, started)) = pending else {
            return;
        };
        if self.live.as_ref() != Some(&options) {
            self.traces = TracesPanel::with_window(self.traces.window());
        }
        self.live = Some(options);
        self.last_fetch_unix_s = Some(started);
        if let Some(function) = &self.selection.function {
            self.traces.refresh_soon(function);
        }
    }

    /// The traces of the selected function, across the bottom.
    pub(super) fn traces_panel(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(function) = self
            .selection
            .function
            .as_deref()
            .filter(|name| self.report.function(name).is_some())
        else {
            return;
        };
        egui::Panel::bottom("traces")
            .resizable(true)
            .default_size(260.0)
            .min_size(120.0)
            .show(ui, |ui| {
                let context = PanelContext {
                    function,
                    live: self.live.is_some(),
                    new_after: self.last_fetch_unix_s,
                };
                self.traces.show(ui, &context, actions);
                // Keep the panel at the size the user gave it, even when
                // a state needs only two lines.
                let rest = ui.available_size();
                if rest.y > 0.0 {
                    ui.allocate_space(rest);
                }
            });
    }

    /// Resolves the X-Ray name for the selected function's VPC when the
    /// selection or the snapshot changed since the last time.
    pub(super) fn refresh_dns(&mut self) {
        let vpc_id = self
            .selection
            .function
            .as_deref()
            .and_then(|name| self.report.function(name))
            .and_then(|f| f.vpc_id.clone());
        let Some(vpc_id) = vpc_id else {
            self.dns = None;
            return;
        };
        let fresh = self
            .dns
            .as_ref()
            .is_some_and(|(generation, vpc, _)| *generation == self.generation && *vpc == vpc_id);
        if !fresh {
            let trace = dns_trace(&Index::new(&self.snapshot), &vpc_id);
            self.dns = Some((self.generation, vpc_id, trace));
        }
    }

    /// Asks the worker for the selected function's traces, unless a read
    /// is under way or there is no live account to ask.
    pub(super) fn read_traces(&mut self) {
        let (Some(options), Some(function)) = (self.live.clone(), self.selection.function.clone())
        else {
            return;
        };
        let Some(window) = self.traces.start_read(&function) else {
            return;
        };
        let command = Command::Traces {
            options,
            function: function.clone(),
            window,
        };
        let sent = match &self.worker {
            Some(worker) => worker.send(command),
            None => Err(WorkerError::Task("no background worker".to_owned())),
        };
        // Shown in the panel, not the banner: the panel is where the user looks.
        if let Err(error) = sent {
            self.traces
                .read_not_started(&function, Failure::from(&error));
        }
    }
}
