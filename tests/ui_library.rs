//! The scenario library and the exports from the app's menus, driven with
//! egui_kittest: a trainer opens a lesson from the Scenarios menu, sees its
//! function judged, and an engineer exports what is on screen.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use xraypath::ui::{ExportKind, XrayPathApp};

const STEPS: usize = 4;

fn app() -> Harness<'static, XrayPathApp> {
    let app = XrayPathApp::new(xraypath::demo::snapshot(), "demo");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut XrayPathApp| {
                app.logic();
                app.show(ui);
            },
            app,
        );
    harness.run_steps(STEPS);
    harness
}

#[test]
fn a_lesson_opens_from_the_scenarios_menu_with_its_function_selected() {
    let mut harness = app();
    harness.get_by_label("Scenarios").click();
    harness.run_steps(STEPS);
    harness
        .get_by_label("Endpoint with private DNS off")
        .click();
    harness.run_steps(STEPS);

    let lesson = xraypath::scenarios::list()
        .into_iter()
        .find(|s| s.file == "private-dns-off.json")
        .expect("the lesson is listed");
    assert_eq!(
        harness.state().selected_function(),
        Some(lesson.function.as_str())
    );
    assert_eq!(
        harness.state().report().functions.len(),
        lesson.snapshot().expect("loads").functions.len()
    );
    assert!(
        harness
            .query_by_label_contains("endpoint-private-dns-disabled")
            .is_some(),
        "the inspector shows the lesson's check"
    );
    assert!(
        harness.query_by_label_contains(&lesson.title).is_some(),
        "the top bar names the lesson"
    );
}

#[test]
fn every_export_of_the_screen_names_the_selected_function() {
    let mut harness = app();
    harness.state_mut().select_function("ledger-export");
    harness.run_steps(STEPS);
    for kind in ExportKind::ALL {
        if kind == ExportKind::Png {
            continue; // an image, below
        }
        let text = harness.state().export_text(kind);
        assert!(
            text.contains("ledger-export"),
            "{kind:?} export lacks the function"
        );
    }
    let svg = harness.state().export_text(ExportKind::Svg);
    assert!(
        svg.trim_start().starts_with("<svg") || svg.trim_start().starts_with("<?xml"),
        "{}",
        &svg[..80.min(svg.len())]
    );
}

#[test]
fn the_graph_exports_as_a_png_cut_to_the_graph_panel() {
    let mut harness = app();
    harness.get_by_label("Export").click();
    harness.run_steps(STEPS);
    harness.get_by_label("Graph as PNG…").click();
    harness.run_steps(2);

    // The app asks the window for a screenshot...
    let request = harness
        .output()
        .viewport_output
        .values()
        .flat_map(|v| v.commands.iter())
        .find_map(|c| match c {
            egui::ViewportCommand::Screenshot(data) => Some(data.clone()),
            _ => None,
        })
        .expect("a screenshot is asked for");
    // ...and the window (here, the test) answers with the whole window.
    let window = egui::ColorImage::filled([1400, 900], egui::Color32::from_rgb(1, 2, 3));
    harness.input_mut().events.push(egui::Event::Screenshot {
        viewport_id: egui::ViewportId::ROOT,
        user_data: request,
        image: std::sync::Arc::new(window),
    });
    harness.run_steps(2);

    let bytes = harness.state().last_png().expect("a PNG was made").to_vec();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a valid PNG");
    let info = reader.info();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert!(
        info.width > 300 && info.width < 1400,
        "only the graph panel, between the function list and the inspector: {} px wide",
        info.width
    );
    assert!(
        info.height > 300 && info.height <= 900,
        "{} px high",
        info.height
    );
}
