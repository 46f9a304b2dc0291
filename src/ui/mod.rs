//! The desktop window: egui panels, one file each, over the `graph` layer.
//!
//! [`run_gui`] opens the window. Panels never block: AWS calls (the
//! topology and traces), file dialogs and file I/O run on the worker's
//! runtime and report back over bounded channels. Account data reaches the
//! screen through [`display`], so hostile names cannot break the layout.

mod app;
mod daemon_field;
mod delivery;
pub mod display;
mod dns_view;
mod edits_panel;
mod function_list;
mod graph_shapes;
mod graph_view;
mod inspector;
mod settings;
pub mod theme;
mod top_bar;
mod trace_table;
mod trace_timeline;
mod traces_panel;
mod whatif_controls;
mod worker;

pub use app::{ExportKind, XrayPathApp};
pub use settings::Settings;
pub use worker::WorkerError;

use crate::aws::FetchOptions;
use crate::graph::NodeKey;
use crate::model::{DaemonScope, Snapshot};

/// What the user has selected: a function, and a node of the graph whose
/// findings the inspector shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub function: Option<String>,
    pub node: Option<NodeKey>,
}

/// What a panel asks the app to do, applied after the panels are drawn.
#[derive(Debug)]
pub(crate) enum Action {
    SelectFunction(String),
    SelectNode(NodeKey),
    ClearNode,
    DismissBanner,
    Fetch(FetchOptions),
    Open,
    Save,
    /// Open a lesson of the scenario library, by file name.
    OpenScenario(String),
    /// Write the graph or the report to a file.
    Export(app::ExportKind),
    /// Read the selected function's traces again.
    RefreshTraces,
    /// Show one trace's segments.
    SelectTrace(String),
    /// Declare (or, with `None`, remove) a daemon address and re-analyse.
    DeclareDaemon {
        scope: DaemonScope,
        address: Option<String>,
    },
    /// Make, undo or redo a what-if edit, or show the account as read.
    Edit(edits_panel::EditCommand),
}

/// Opens the window titled "xraypath" on `initial` (named `source_label` in
/// the top bar) and returns when it is closed. With `fetch`, a fetch with
/// those options starts at once and replaces `initial` when it lands.
///
/// # Errors
///
/// When eframe cannot open the window (no display, no OpenGL).
pub fn run_gui(
    initial: Snapshot,
    source_label: String,
    fetch: Option<FetchOptions>,
) -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("xraypath")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 560.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "xraypath",
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_visuals(egui::Visuals::dark());
            let mut app = XrayPathApp::new(initial, source_label);
            if let Some(storage) = cc.storage {
                app = app.restore(storage);
            }
            Ok(Box::new(app.with_worker(&cc.egui_ctx, fetch)))
        }),
    )
}
