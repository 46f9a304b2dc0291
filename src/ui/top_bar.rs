//! The top bar: profile and region, Fetch, the calls of a fetch under way,
//! and opening or saving a snapshot file.

use super::Action;
use super::theme;
use crate::aws::{CallState, FetchOptions};
use egui::RichText;
use std::collections::BTreeMap;

/// Regions offered in the menu; any other can be typed.
const COMMON_REGIONS: [&str; 16] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "sa-east-1",
];

/// The profile shown for "no profile": the SDK's default chain.
const DEFAULT_PROFILE: &str = "(default)";

/// The calls of the current or last fetch.
#[derive(Debug, Default)]
pub struct FetchStatus {
    /// Whether a fetch is under way.
    pub running: bool,
    /// Each call's latest state, by `service:Operation`.
    pub calls: BTreeMap<&'static str, CallState>,
}

impl FetchStatus {
    fn summary(&self) -> String {
        let done = self
            .calls
            .values()
            .filter(|s| !matches!(s, CallState::Started))
            .count();
        let failed = self
            .calls
            .values()
            .filter(|s| matches!(s, CallState::Failed { .. }))
            .count();
        let total = self.calls.len();
        if failed > 0 {
            format!("{done} of {total} calls done, {failed} failed")
        } else {
            format!("{done} of {total} calls done")
        }
    }
}

/// The profile and region the user picked.
#[derive(Debug, Default)]
pub struct TopBar {
    /// Profiles of the AWS config and credentials files.
    pub profiles: Vec<String>,
    profile: Option<String>,
    region: String,
    endpoint_url: Option<String>,
}

impl TopBar {
    /// Starts from the options the app was launched with.
    pub fn new(options: Option<&FetchOptions>, region: &str) -> Self {
        Self {
            profiles: Vec::new(),
            profile: options.and_then(|o| o.profile.clone()),
            region: options
                .and_then(|o| o.region.clone())
                .unwrap_or_else(|| region.to_owned()),
            endpoint_url: options.and_then(|o| o.endpoint_url.clone()),
        }
    }

    /// Draws the bar; pushes Fetch, Open and Save actions.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        source: &str,
        fetch: &FetchStatus,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("xraypath");
            ui.separator();

            self.profile_menu(ui);
            self.region_menu(ui);
            let fetch_button = ui.add_enabled(!fetch.running, egui::Button::new("Fetch"));
            if fetch_button
                .on_hover_text("Read the account and region (read-only)")
                .clicked()
            {
                actions.push(Action::Fetch(self.options()));
            }
            progress(ui, fetch);

            ui.separator();
            if ui.button("Open snapshot…").clicked() {
                actions.push(Action::Open);
            }
            if ui.button("Save snapshot…").clicked() {
                actions.push(Action::Save);
            }
            scenario_menu(ui, actions);
            export_menu(ui, actions);
            ui.separator();
            ui.weak(format!("showing {source}"));
        });
    }

    fn options(&self) -> FetchOptions {
        let region = self.region.trim();
        FetchOptions {
            profile: self.profile.clone(),
            region: (!region.is_empty()).then(|| region.to_owned()),
            endpoint_url: self.endpoint_url.clone(),
        }
    }

    fn profile_menu(&mut self, ui: &mut egui::Ui) {
        ui.label("Profile");
        egui::ComboBox::from_id_salt("profile")
            .selected_text(self.profile.as_deref().unwrap_or(DEFAULT_PROFILE))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.profile, None, DEFAULT_PROFILE);
                for profile in &self.profiles {
                    ui.selectable_value(&mut self.profile, Some(profile.clone()), profile);
                }
            });
    }

    fn region_menu(&mut self, ui: &mut egui::Ui) {
        ui.label("Region");
        egui::ComboBox::from_id_salt("region")
            .selected_text(&self.region)
            .width(130.0)
            .show_ui(ui, |ui| {
                for region in COMMON_REGIONS {
                    ui.selectable_value(&mut self.region, region.to_owned(), region);
                }
            });
        ui.add(
            egui::TextEdit::singleline(&mut self.region)
                .hint_text("other region")
                .desired_width(110.0),
        );
    }
}

/// A spinner and a count while a fetch runs; the calls on hover.
fn progress(ui: &mut egui::Ui, fetch: &FetchStatus) {
    if fetch.calls.is_empty() {
        return;
    }
    if fetch.running {
        ui.spinner();
    }
    let response = ui.weak(fetch.summary());
    response.on_hover_ui(|ui| {
        egui::Grid::new("fetch-calls")
            .num_columns(2)
            .show(ui, |ui| {
                for (api, state) in &fetch.calls {
                    ui.monospace(*api);
                    match state {
                        CallState::Started => ui.label("running…"),
                        CallState::Done { items } => {
                            ui.label(RichText::new(format!("{items} items")).color(theme::PASS))
                        }
                        CallState::Failed { code } => {
                            ui.label(RichText::new(code).color(theme::FAIL))
                        }
                    };
                    ui.end_row();
                }
            });
    });
}

/// The scenario library: one lesson per entry, its teaching on hover.
fn scenario_menu(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.menu_button("Scenarios", |ui| {
        for scenario in crate::scenarios::list() {
            let entry = ui.button(&scenario.title).on_hover_text(&scenario.teaches);
            if entry.clicked() {
                actions.push(Action::OpenScenario(scenario.file.clone()));
                ui.close();
            }
        }
    });
}

/// Writes the graph or the report to a file.
fn export_menu(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.menu_button("Export", |ui| {
        for kind in crate::ui::ExportKind::ALL {
            if ui.button(kind.label()).clicked() {
                actions.push(Action::Export(kind));
                ui.close();
            }
        }
    });
}
