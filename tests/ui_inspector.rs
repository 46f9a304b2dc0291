//! The inspector's daemon address field, its DNS view, the settings kept
//! across restarts and hostile names, driven through the accessibility
//! tree with `egui_kittest` on the bundled demo.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::HashMap;
use xraypath::model::{DaemonScope, Snapshot, TraceWindow};
use xraypath::ui::XrayPathApp;

/// Frames to run after a click: one to handle it, more to lay out the result.
const STEPS: usize = 4;

fn harness_for(app: XrayPathApp) -> Harness<'static, XrayPathApp> {
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

fn demo_app() -> Harness<'static, XrayPathApp> {
    harness_for(XrayPathApp::new(xraypath::demo::snapshot(), "demo"))
}

fn has(harness: &Harness<'_, XrayPathApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

fn has_part(harness: &Harness<'_, XrayPathApp>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

fn route_of(harness: &Harness<'_, XrayPathApp>, function: &str) -> &'static str {
    harness
        .state()
        .report()
        .function(function)
        .map_or("missing", |f| f.route.as_str())
}

/// eframe's storage, kept in memory.
#[derive(Default)]
struct Memory(HashMap<String, String>);

impl eframe::Storage for Memory {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

#[test]
fn a_declared_daemon_address_nobody_holds_is_daemon_host_not_found() {
    let mut harness = demo_app();
    harness.get_by_label("checkout-api").click();
    harness.run_steps(STEPS);
    assert!(!has(&harness, "daemon-host-not-found"));

    let field = harness.get_by_role_and_label(Role::TextInput, "Daemon address");
    field.click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Daemon address")
        .type_text("10.0.9.9:2000");
    harness.run_steps(1);
    harness.get_by_label("Apply").click();
    harness.run_steps(STEPS);

    assert!(has(&harness, "daemon-host-not-found"), "the finding");
    assert!(has(&harness, "daemon-host"), "the route in the inspector");
    assert_eq!(route_of(&harness, "checkout-api"), "daemon-host");
    assert!(has(&harness, "declared: 10.0.9.9:2000 for this function"));
    let declared = &harness.state().snapshot().daemon_declarations;
    assert!(
        declared
            .iter()
            .any(|d| d.scope == DaemonScope::Function("checkout-api".into())
                && d.address == "10.0.9.9:2000"),
        "kept with the snapshot"
    );
}

#[test]
fn an_empty_daemon_field_removes_the_declaration() {
    let mut harness = demo_app();
    let scope = DaemonScope::Function("checkout-api".into());
    harness
        .state_mut()
        .declare_daemon(&scope, Some("10.0.9.9:2000"));
    assert_eq!(route_of(&harness, "checkout-api"), "daemon-host");

    harness.get_by_label("checkout-api").click();
    harness.run_steps(STEPS);
    harness
        .get_by_role_and_label(Role::TextInput, "Daemon address")
        .click();
    harness.run_steps(1);
    let field = harness.get_by_role_and_label(Role::TextInput, "Daemon address");
    assert_eq!(
        field.value().as_deref(),
        Some("10.0.9.9:2000"),
        "the field shows the declaration"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness.key_press(egui::Key::Backspace);
    harness.run_steps(1);
    harness.get_by_label("Apply").click();
    harness.run_steps(STEPS);

    assert_ne!(route_of(&harness, "checkout-api"), "daemon-host");
    assert!(!has(&harness, "daemon-host-not-found"));
}

#[test]
fn a_vpc_wide_declaration_covers_the_vpcs_other_functions() {
    let mut harness = demo_app();
    let vpc = harness
        .state()
        .report()
        .function("checkout-api")
        .and_then(|f| f.vpc_id.clone())
        .expect("checkout-api is in a VPC");
    harness
        .state_mut()
        .declare_daemon(&DaemonScope::Vpc(vpc.clone()), Some("10.0.9.9"));
    harness.run_steps(STEPS);

    let covered = harness
        .state()
        .report()
        .functions
        .iter()
        .filter(|f| f.vpc_id.as_ref() == Some(&vpc))
        .all(|f| f.route.as_str() == "daemon-host");
    assert!(covered, "every function of {vpc} sends to the daemon");
}

#[test]
fn declarations_the_selection_and_the_window_survive_a_restart() {
    let scope = DaemonScope::Function("checkout-api".into());
    let mut first = XrayPathApp::new(xraypath::demo::snapshot(), "demo");
    first.declare_daemon(&scope, Some("10.0.9.9:2000"));
    first.select_function("checkout-api");
    let mut storage = Memory::default();
    eframe::App::save(&mut first, &mut storage);

    let second = XrayPathApp::new(xraypath::demo::snapshot(), "demo").restore(&storage);
    assert_eq!(second.selected_function(), Some("checkout-api"));
    assert_eq!(second.settings().window, TraceWindow::FIFTEEN_MINUTES);
    assert_eq!(
        second
            .report()
            .function("checkout-api")
            .map(|f| f.route.as_str()),
        Some("daemon-host"),
        "the declaration is applied on start"
    );

    let harness = harness_for(second);
    assert!(has(&harness, "daemon-host-not-found"));
}

#[test]
fn settings_that_do_not_parse_are_ignored() {
    let mut storage = Memory::default();
    storage
        .0
        .insert("xraypath-settings-1".into(), "(not: [valid".into());
    let app = XrayPathApp::new(xraypath::demo::snapshot(), "demo").restore(&storage);
    assert_eq!(app.selected_function(), None);
}

#[test]
fn the_dns_view_shows_each_step_of_a_custom_dns_vpc() {
    let mut harness = demo_app();
    harness.get_by_label("hr-portal").click();
    harness.run_steps(STEPS);
    harness.get_by_label("DNS").click();
    harness.run_steps(STEPS);

    assert!(has(&harness, "xray.us-east-1.amazonaws.com"));
    assert!(has(&harness, "1."));
    assert!(has(&harness, "DHCP name servers"), "the first step");
    assert!(
        has_part(&harness, "xray.us-east-1.amazonaws.com resolves to"),
        "where it ends"
    );
    assert!(
        has_part(&harness, "uncertain"),
        "custom servers make it uncertain"
    );
}

#[test]
fn a_hostile_function_name_displays_safely_beside_the_others() {
    let mut snapshot: Snapshot = xraypath::demo::snapshot();
    let mut hostile = snapshot
        .functions
        .iter()
        .find(|f| f.name == "checkout-api")
        .cloned()
        .expect("the demo has checkout-api");
    let name = format!(
        "evil\u{202E}txt.exe\u{0007}\u{200F}\nnext-line\u{2066}{}",
        "x".repeat(10_000)
    );
    hostile.name = name.clone();
    hostile.arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{name}");
    snapshot.functions.push(hostile);
    let total = snapshot.functions.len();
    let mut harness = harness_for(XrayPathApp::new(snapshot, "hostile"));

    assert!(has(&harness, &format!("{total} of {total} functions")));
    assert!(has(&harness, "checkout-api"), "the others are still listed");
    assert!(has(&harness, "search-indexer"));
    let shown = harness
        .query_all_by_label_contains("evil")
        .next()
        .and_then(|node| node.accesskit_node().label())
        .expect("the hostile function is listed");
    assert!(shown.starts_with("eviltxt.exe next-line"), "{shown:.40}");
    assert!(shown.chars().count() <= 64, "elided");
    assert!(!shown.contains('\u{202E}'));

    harness
        .query_all_by_label_contains("eviltxt.exe")
        .next()
        .expect("the row")
        .click();
    harness.run_steps(STEPS);
    assert_eq!(harness.state().selected_function(), Some(name.as_str()));
    assert!(
        harness.query_all_by_label_contains("eviltxt.exe").count() >= 2,
        "the inspector's heading and the traces panel show it too"
    );
    let row = harness.get_by_label("checkout-api");
    assert!(row.rect().width() < 600.0, "the list row keeps its width");
}
