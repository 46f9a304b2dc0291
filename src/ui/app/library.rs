//! The scenario library and the exports: opening a lesson, and writing the
//! graph or the report to a file the user picks.

use super::XrayPathApp;
use crate::export;
use crate::scenarios;
use crate::ui::worker::Command;

/// What the Export menu can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The graph as drawn, as SVG.
    Svg,
    /// The topology as Graphviz DOT.
    Dot,
    /// The review report as Markdown.
    Markdown,
    /// The review report as a self-contained HTML page.
    Html,
}

impl ExportKind {
    /// Every kind, in menu order.
    pub const ALL: [Self; 4] = [Self::Svg, Self::Dot, Self::Markdown, Self::Html];

    /// The menu entry.
    pub fn label(self) -> &'static str {
        match self {
            Self::Svg => "Graph as SVG…",
            Self::Dot => "Topology as Graphviz DOT…",
            Self::Markdown => "Report as Markdown…",
            Self::Html => "Report as HTML…",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Dot => "dot",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }
}

impl XrayPathApp {
    /// Opens a lesson of the scenario library and selects its function.
    pub fn open_scenario(&mut self, file: &str) {
        let Some(scenario) = scenarios::list().into_iter().find(|s| s.file == file) else {
            self.banner = Some(format!("There is no scenario {file}."));
            return;
        };
        match scenarios::load(&scenario.file) {
            Ok(snapshot) => {
                self.live = None;
                self.set_snapshot(snapshot, scenario.label());
                self.select_function(&scenario.function);
                self.notice = Some(scenario.teaches.clone());
            }
            Err(error) => self.banner = Some(error.to_string()),
        }
    }

    /// The text of an export of what is on screen.
    pub fn export_text(&self, kind: ExportKind) -> String {
        let selected = self.selection.function.as_deref();
        match kind {
            ExportKind::Svg => export::svg(&self.snapshot, &self.report, selected),
            ExportKind::Dot => export::dot(&self.snapshot, &self.report, selected),
            ExportKind::Markdown => export::markdown(&self.report, &self.snapshot),
            ExportKind::Html => export::html(&self.report, &self.snapshot),
        }
    }

    /// Asks the worker to save an export where the user picks.
    pub(super) fn export(&mut self, kind: ExportKind) {
        let contents = self.export_text(kind);
        let region = if self.snapshot.region.is_empty() {
            "account"
        } else {
            &self.snapshot.region
        };
        let file_name = format!("xraypath-{region}.{}", kind.extension());
        self.send(Command::Export {
            file_name,
            contents,
        });
    }
}
