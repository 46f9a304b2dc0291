//! The "What if…" side panel: the edits made on screen, each with a Remove button to
//! take it back, undo and redo, a toggle back to the account as read, and
//! the AWS CLI commands and Terraform that would make the edits real, to
//! copy for review. Nothing here ever runs them.

use super::{Action, display, theme};
use crate::analysis::Verdict;
use crate::whatif::{Edit, EditStack};
use egui::{RichText, TextStyle};

/// What a what-if control asks the app to do.
#[derive(Debug)]
pub(crate) enum EditCommand {
    /// Make this edit and re-judge.
    Push(Box<Edit>),
    Undo,
    Redo,
    /// Take back the edit at this position of the list.
    Remove(usize),
    /// Show the account as read (`true`) or edited (`false`).
    ShowReal(bool),
}

/// What the panel shows, for one frame.
pub(crate) struct EditsInput<'a> {
    pub stack: &'a EditStack,
    /// Edits that no longer apply, by position, with why.
    pub problems: &'a [(usize, String)],
    pub show_real: bool,
    /// The functions whose verdict the edits change: name, as read, edited.
    pub changes: &'a [(String, Verdict, Verdict)],
}

/// Draws the panel; pushes [`Action::Edit`].
pub(crate) fn show(ui: &mut egui::Ui, input: &EditsInput<'_>, actions: &mut Vec<Action>) {
    let stack = input.stack;
    ui.heading("What if…");
    ui.weak("Edits change what is shown here only, never the AWS account.");

    ui.horizontal(|ui| {
        let undo = ui
            .add_enabled(!stack.edits.is_empty(), egui::Button::new("Undo"))
            .on_hover_text("Take back the last edit (Ctrl+Z)");
        if undo.clicked() {
            actions.push(Action::Edit(EditCommand::Undo));
        }
        let redo = ui
            .add_enabled(!stack.undone.is_empty(), egui::Button::new("Redo"))
            .on_hover_text("Make the last undone edit again (Ctrl+Shift+Z or Ctrl+Y)");
        if redo.clicked() {
            actions.push(Action::Edit(EditCommand::Redo));
        }
    });
    let mut real = input.show_real;
    if ui.checkbox(&mut real, "show the real account").changed() {
        actions.push(Action::Edit(EditCommand::ShowReal(real)));
    }
    if input.show_real {
        ui.label(
            RichText::new("Showing the account as read; the edits are kept.").color(theme::CAUTION),
        );
    }

    ui.separator();
    edit_list(ui, input, actions);
    changes(ui, input.changes);
    ui.separator();
    exports(ui, stack);
}

/// One row per edit: Remove, its words, and why it no longer applies.
fn edit_list(ui: &mut egui::Ui, input: &EditsInput<'_>, actions: &mut Vec<Action>) {
    let stack = input.stack;
    let count = match stack.edits.len() {
        1 => "1 edit".to_owned(),
        n => format!("{n} edits"),
    };
    ui.strong(count);
    for (i, edit) in stack.edits.iter().enumerate() {
        ui.push_id(("edit", i), |ui| {
            ui.horizontal(|ui| {
                let remove = ui
                    .small_button("Remove")
                    .on_hover_text("Take back this edit");
                if remove.clicked() {
                    actions.push(Action::Edit(EditCommand::Remove(i)));
                }
                let description = edit.describe();
                let words = display::text(&description, display::MESSAGE_CHARS);
                ui.add(egui::Label::new(words.as_ref()).wrap());
            });
            if let Some((_, problem)) = input.problems.iter().find(|(at, _)| *at == i) {
                let words = format!("no longer applies: {problem}");
                ui.label(RichText::new(words).small().color(theme::FAIL));
            }
        });
    }
    if !stack.undone.is_empty() {
        ui.weak(format!("{} to redo", stack.undone.len()));
    }
}

/// The real verdict next to the edited one, for each function that differs.
fn changes(ui: &mut egui::Ui, changes: &[(String, Verdict, Verdict)]) {
    if changes.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Verdicts that change, as read to edited");
    egui::Grid::new("what-if-changes")
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            for (name, real, edited) in changes {
                display::label(ui, name, display::NAME_CHARS);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(real.as_str()).color(theme::verdict(*real)));
                    ui.weak("to");
                    ui.label(RichText::new(edited.as_str()).color(theme::verdict(*edited)));
                });
                ui.end_row();
            }
        });
}

/// The copy buttons and the commands themselves, folded.
fn exports(ui: &mut egui::Ui, stack: &EditStack) {
    ui.weak("For review: xraypath never runs these.");
    ui.horizontal_wrapped(|ui| {
        let ready = !stack.edits.is_empty();
        if ui
            .add_enabled(ready, egui::Button::new("Copy AWS CLI commands"))
            .clicked()
        {
            ui.ctx().copy_text(stack.commands());
        }
        if ui
            .add_enabled(ready, egui::Button::new("Copy Terraform"))
            .clicked()
        {
            ui.ctx().copy_text(stack.terraform());
        }
    });
    egui::CollapsingHeader::new("AWS CLI commands")
        .default_open(false)
        .show(ui, |ui| {
            let text = RichText::new(stack.commands()).text_style(TextStyle::Monospace);
            ui.add(egui::Label::new(text).wrap());
        });
}
