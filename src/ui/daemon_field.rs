//! The inspector's daemon address field: "this function (or every function
//! in its VPC) sends to an X-Ray daemon at this address". Applying it
//! re-analyses at once; an empty field removes the declaration.

use super::Action;
use super::display;
use super::theme;
use crate::analysis::FunctionReport;
use crate::model::{DaemonAddress, DaemonDeclaration, DaemonScope};
use egui::RichText;

/// The field's text for the function it was filled for.
#[derive(Debug, Default)]
pub struct DaemonField {
    /// The function the text belongs to; another selection refills it.
    function: String,
    address: String,
    whole_vpc: bool,
    /// Why the last Apply was refused.
    problem: Option<String>,
}

impl DaemonField {
    /// Draws the field for `function`; pushes [`Action::DeclareDaemon`].
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        function: &FunctionReport,
        declarations: &[DaemonDeclaration],
        actions: &mut Vec<Action>,
    ) {
        if self.function != function.name {
            self.fill(function, declarations);
        }

        ui.horizontal(|ui| {
            let label = ui.label("Daemon address");
            let field = egui::TextEdit::singleline(&mut self.address)
                .hint_text("10.0.3.10:2000")
                .desired_width(140.0);
            let response = ui.add(field).labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let apply = ui
                .button("Apply")
                .on_hover_text("Re-check the path with this daemon; empty removes it");
            if entered || apply.clicked() {
                self.apply(function, actions);
            }
        });

        match &function.vpc_id {
            Some(vpc_id) => {
                let words = format!(
                    "for every function in {}",
                    display::text(vpc_id, display::NAME_CHARS)
                );
                ui.checkbox(&mut self.whole_vpc, words);
            }
            None => self.whole_vpc = false,
        }
        if let Some(problem) = &self.problem {
            ui.label(RichText::new(problem).color(theme::FAIL));
        }
        for declaration in covering(function, declarations) {
            let whom = match &declaration.scope {
                DaemonScope::Function(_) => "this function".to_owned(),
                DaemonScope::Vpc(id) => format!("every function in {id}"),
                DaemonScope::Global => "every function".to_owned(),
            };
            let address = display::text(&declaration.address, display::NAME_CHARS);
            ui.weak(format!("declared: {address} for {whom}"));
        }
    }

    /// Refills the field from the narrowest declaration covering `function`.
    fn fill(&mut self, function: &FunctionReport, declarations: &[DaemonDeclaration]) {
        let found = covering(function, declarations)
            .into_iter()
            .find(|d| !matches!(d.scope, DaemonScope::Global));
        *self = Self {
            function: function.name.clone(),
            address: found.map(|d| d.address.clone()).unwrap_or_default(),
            whole_vpc: found.is_some_and(|d| matches!(d.scope, DaemonScope::Vpc(_))),
            problem: None,
        };
    }

    fn apply(&mut self, function: &FunctionReport, actions: &mut Vec<Action>) {
        let address = self.address.trim();
        if !address.is_empty() && DaemonAddress::parse(address).is_none() {
            self.problem =
                Some("Not an address: write IP or IP:PORT, e.g. 10.0.3.10:2000.".to_owned());
            return;
        }
        self.problem = None;

        let scope = match (&function.vpc_id, self.whole_vpc) {
            (Some(vpc_id), true) => DaemonScope::Vpc(vpc_id.clone()),
            _ => DaemonScope::Function(function.name.clone()),
        };
        actions.push(Action::DeclareDaemon {
            scope,
            address: (!address.is_empty()).then(|| address.to_owned()),
        });
    }
}

/// The declarations that cover `function`, narrowest first.
fn covering<'a>(
    function: &FunctionReport,
    declarations: &'a [DaemonDeclaration],
) -> Vec<&'a DaemonDeclaration> {
    let rank = |scope: &DaemonScope| match scope {
        DaemonScope::Function(name) if *name == function.name => Some(0),
        DaemonScope::Vpc(id) if function.vpc_id.as_ref() == Some(id) => Some(1),
        DaemonScope::Global => Some(2),
        _ => None,
    };
    let mut found: Vec<(u8, &DaemonDeclaration)> = declarations
        .iter()
        .filter_map(|d| rank(&d.scope).map(|r| (r, d)))
        .collect();
    found.sort_by_key(|(r, _)| *r);
    found.into_iter().map(|(_, d)| d).collect()
}
