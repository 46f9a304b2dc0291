//! The scenario library and the exports: opening a lesson, and writing the
//! graph or the report to a file the user picks.

use super::XrayPathApp;
use crate::export;
use crate::scenarios;
use crate::ui::worker::Command;

/// What the Export menu can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The graph panel as on screen, as PNG (the app's own screenshot).
    Png,
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
    pub const ALL: [Self; 5] = [Self::Png, Self::Svg, Self::Dot, Self::Markdown, Self::Html];

    /// The menu entry.
    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "Graph as PNG…",
            Self::Svg => "Graph as SVG…",
            Self::Dot => "Topology as Graphviz DOT…",
            Self::Markdown => "Report as Markdown…",
            Self::Html => "Report as HTML…",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
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

    /// The text of an export of what is on screen (empty for PNG, which
    /// is an image: see [`Self::last_png`]). A report of an account with
    /// what-if edits lists them.
    pub fn export_text(&self, kind: ExportKind) -> String {
        let selected = self.selection.function.as_deref();
        let edits = self.edits_in_view();
        match kind {
            ExportKind::Png => String::new(),
            ExportKind::Svg => export::svg(&self.snapshot, &self.report, selected),
            ExportKind::Dot => export::dot(&self.snapshot, &self.report, selected),
            ExportKind::Markdown => {
                export::markdown_with_edits(&self.report, &self.snapshot, &edits)
            }
            ExportKind::Html => export::html_with_edits(&self.report, &self.snapshot, &edits),
        }
    }

    /// Asks the worker to save an export where the user picks; a PNG
    /// first asks the window for a screenshot (see [`Self::png_frame`]).
    pub(super) fn export(&mut self, kind: ExportKind) {
        if kind == ExportKind::Png {
            self.png.state = PngState::Requested;
            return;
        }
        let contents = self.export_text(kind).into_bytes();
        self.save_export(kind, contents);
    }

    fn save_export(&mut self, kind: ExportKind, contents: Vec<u8>) {
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

    /// Once a frame: asks for the screenshot a PNG export needs, and when
    /// it arrives cuts the graph panel out of it and saves it.
    pub(super) fn png_frame(&mut self, ui: &egui::Ui) {
        match self.png.state {
            PngState::Idle => {}
            PngState::Requested => {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::Screenshot(egui::UserData::new(
                        PNG_EXPORT,
                    )));
                self.png.state = PngState::Waiting;
            }
            PngState::Waiting => {
                let shot = ui.input(|i| {
                    i.raw.events.iter().find_map(|event| match event {
                        egui::Event::Screenshot {
                            user_data, image, ..
                        } if user_data
                            .data
                            .as_ref()
                            .and_then(|d| d.downcast_ref::<&str>())
                            == Some(&PNG_EXPORT) =>
                        {
                            Some(std::sync::Arc::clone(image))
                        }
                        _ => None,
                    })
                });
                let Some(image) = shot else {
                    return;
                };
                self.png.state = PngState::Idle;
                let pixels_per_point = ui.ctx().pixels_per_point();
                match export::png(&image, self.png.panel, pixels_per_point) {
                    Ok(bytes) => {
                        self.png.last = Some(bytes.clone());
                        self.save_export(ExportKind::Png, bytes);
                    }
                    Err(error) => self.banner = Some(format!("cannot make the PNG: {error}")),
                }
            }
        }
    }

    /// The bytes of the last graph PNG made, for tests and the curious.
    pub fn last_png(&self) -> Option<&[u8]> {
        self.png.last.as_deref()
    }
}

/// The screenshot request's tag, so another screenshot is not taken for it.
const PNG_EXPORT: &str = "xraypath-png-export";

/// Where a PNG export stands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum PngState {
    #[default]
    Idle,
    /// Chosen in the menu: the screenshot is asked for on the next frame.
    Requested,
    /// Asked for: the window answers with an event a frame or two later.
    Waiting,
}

/// The PNG export's state and the graph panel it cuts out.
#[derive(Debug, Default)]
pub(super) struct PngExport {
    pub(super) state: PngState,
    /// The graph panel's rectangle in the last frame, in points.
    pub(super) panel: Option<egui::Rect>,
    last: Option<Vec<u8>>,
}
