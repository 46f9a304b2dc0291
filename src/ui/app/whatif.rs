//! The app's what-if glue: the edits over the account as read, the
//! shortcuts that undo and redo them, the side panel that lists them, and
//! re-judging at once whenever they change.

use super::XrayPathApp;
use crate::analysis::{Verdict, analyze};
use crate::model::{DaemonScope, Snapshot};
use crate::ui::edits_panel::{self, EditCommand, EditsInput};
use crate::ui::{Action, settings};
use crate::whatif::{Edit, EditStack};
use egui::{Key, KeyboardShortcut, Modifiers};
use std::collections::HashSet;

const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);

/// The edits over the account as read, and which of the two is on show.
#[derive(Debug, Default)]
pub(crate) struct WhatIf {
    stack: EditStack,
    /// Show the account as read, keeping the edits.
    show_real: bool,
    /// The edits that no longer apply (an earlier one was taken back).
    problems: Vec<(usize, String)>,
    /// The functions whose verdict the edits change: name, as read, edited.
    changes: Vec<(String, Verdict, Verdict)>,
    /// The ids of the nodes the edits change, marked in the graph.
    pub(super) marked: HashSet<String>,
}

impl WhatIf {
    /// No edits, over `real`.
    pub(crate) fn new(real: &Snapshot) -> Self {
        Self {
            stack: EditStack::new(real.clone()),
            ..Self::default()
        }
    }

    /// The account as read, with the user's daemon declarations.
    pub(crate) fn real(&self) -> &Snapshot {
        &self.stack.base
    }

    /// A daemon declaration made in the inspector belongs to the account
    /// as read too, so it outlives every edit.
    pub(crate) fn declare_on_real(&mut self, scope: &DaemonScope, address: Option<&str>) {
        settings::declare(&mut self.stack.base.daemon_declarations, scope, address);
    }
}

impl XrayPathApp {
    /// Makes an edit on screen and re-judges at once; an edit that does
    /// not apply is refused in the banner.
    pub fn push_edit(&mut self, edit: Edit) {
        let description = edit.describe();
        match self.whatif.stack.push(edit) {
            Ok(()) => {
                self.whatif.show_real = false;
                tracing::info!(edit = %description, "what-if edit");
                self.rejudge();
            }
            Err(error) => self.banner = Some(format!("{description}: {error}")),
        }
    }

    /// Takes back the last edit.
    pub fn undo_edit(&mut self) {
        if self.whatif.stack.undo() {
            self.rejudge();
        }
    }

    /// Makes the last undone edit again.
    pub fn redo_edit(&mut self) {
        if self.whatif.stack.redo() {
            self.rejudge();
        }
    }

    /// The edits in force, oldest first.
    pub fn edits(&self) -> &[Edit] {
        &self.whatif.stack.edits
    }

    /// Shows the account as read (`true`) or with the edits (`false`).
    pub fn show_real_account(&mut self, real: bool) {
        if self.whatif.show_real != real {
            self.whatif.show_real = real;
            self.rejudge();
        }
    }

    /// The ids of the graph nodes the edits change (marked in the view,
    /// in both the edited and the as-read state).
    pub fn edited_nodes(&self) -> &HashSet<String> {
        &self.whatif.marked
    }

    /// The edits in force on the account on show, in words (none while
    /// the account as read is shown): what an export must own up to.
    pub fn edits_in_view(&self) -> Vec<String> {
        if self.whatif.show_real {
            return Vec::new();
        }
        self.whatif.stack.edits.iter().map(Edit::describe).collect()
    }

    /// The nodes drawn with the edited mark, as of the last frame.
    pub fn edited_in_view(&self) -> Vec<crate::graph::NodeKey> {
        self.graph.edited_keys()
    }

    /// The AWS CLI commands that would make the edits real, for review.
    pub fn edit_commands(&self) -> String {
        self.whatif.stack.commands()
    }

    /// The Terraform snippets for the edits, for review.
    pub fn edit_terraform(&self) -> String {
        self.whatif.stack.terraform()
    }

    pub(super) fn apply_edit_command(&mut self, command: EditCommand) {
        match command {
            EditCommand::Push(edit) => self.push_edit(*edit),
            EditCommand::Undo => self.undo_edit(),
            EditCommand::Redo => self.redo_edit(),
            EditCommand::Remove(index) => {
                if self.whatif.stack.remove(index).is_some() {
                    self.rejudge();
                }
            }
            EditCommand::ShowReal(real) => self.show_real_account(real),
        }
    }

    /// Puts the edited (or the real) account on show, judges it, and
    /// notes which verdicts differ between the two.
    fn rejudge(&mut self) {
        if self.whatif.show_real {
            self.snapshot = self.whatif.stack.base.clone();
        } else {
            let (edited, problems) = self.whatif.stack.edited_with_problems();
            self.snapshot = edited;
            self.whatif.problems = problems
                .into_iter()
                .map(|(i, error)| (i, error.to_string()))
                .collect();
        }
        let touched: Vec<String> = self
            .whatif
            .stack
            .edits
            .iter()
            .flat_map(Edit::resource_ids)
            .collect();
        self.whatif.marked =
            crate::graph::edited_nodes(&self.snapshot, touched.iter().map(String::as_str));
        self.reanalyse();

        // The other side of the toggle, judged once per change.
        let other = if self.whatif.show_real {
            self.whatif.stack.edited()
        } else {
            self.whatif.stack.base.clone()
        };
        let other = analyze(&other);
        self.whatif.changes = self
            .report
            .functions
            .iter()
            .filter_map(|shown| {
                let theirs = other.function(&shown.name)?.verdict;
                let (real, edited) = if self.whatif.show_real {
                    (shown.verdict, theirs)
                } else {
                    (theirs, shown.verdict)
                };
                (real != edited).then(|| (shown.name.clone(), real, edited))
            })
            .collect();
    }

    /// Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, unless a text field
    /// has the keyboard (it keeps its own undo).
    pub(super) fn edit_shortcuts(&self, ui: &egui::Ui, actions: &mut Vec<Action>) {
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        // Redo first: Ctrl+Z alone would also match Ctrl+Shift+Z.
        let redo = ui.input_mut(|i| i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y));
        let undo = !redo && ui.input_mut(|i| i.consume_shortcut(&UNDO));
        if redo {
            actions.push(Action::Edit(EditCommand::Redo));
        } else if undo {
            actions.push(Action::Edit(EditCommand::Undo));
        }
    }

    /// The "What if…" panel, beside the inspector, while there are edits.
    pub(super) fn edits_panel(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        if self.whatif.stack.is_empty() {
            return;
        }
        egui::Panel::right("what-if")
            .default_size(280.0)
            .show(ui, |ui| {
                let input = EditsInput {
                    stack: &self.whatif.stack,
                    problems: &self.whatif.problems,
                    show_real: self.whatif.show_real,
                    changes: &self.whatif.changes,
                };
                edits_panel::show(ui, &input, actions);
            });
    }
}
