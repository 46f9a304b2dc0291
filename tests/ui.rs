//! The desktop app driven through its accessibility tree with `egui_kittest`,
//! on the bundled demo account: pick a function the way a user would, by
//! its name in the list, and read what the inspector says.
//!
//! The graph view asks for a repaint every frame, so the harness runs a
//! fixed number of steps rather than until the app settles.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};
use xraypath::aws::FetchOptions;
use xraypath::graph::{NodeKey, NodeKind};
use xraypath::ui::XrayPathApp;

/// Frames to run after a click: one to handle it, more to lay out the result.
const STEPS: usize = 4;

fn demo_app() -> Harness<'static, XrayPathApp> {
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

/// The list's count line with every demo function shown, e.g. "29 of 29 functions".
fn all_shown() -> String {
    let total = xraypath::demo::snapshot().functions.len();
    format!("{total} of {total} functions")
}

fn count(harness: &Harness<'_, XrayPathApp>, label: &str) -> usize {
    harness.query_all_by_label(label).count()
}

/// Whether `label` shows in the inspector, the panel on the right. The
/// function list's rows carry the same verdict words, and which of them
/// are in view depends on the traces panel below.
fn in_inspector(harness: &Harness<'_, XrayPathApp>, label: &str) -> bool {
    harness
        .query_all_by_label(label)
        .any(|node| node.rect().left() > 1000.0)
}

#[test]
fn every_demo_function_is_listed_with_its_verdict() {
    let harness = demo_app();

    assert!(harness.query_by_label(&all_shown()).is_some());
    assert!(harness.query_by_label("search-indexer").is_some());
    assert!(count(&harness, "blocked") >= 1);
    assert!(count(&harness, "reachable") >= 1);
    assert!(
        harness
            .query_by_label("Select a function in the list, or click a node in the graph.")
            .is_some()
    );
}

#[test]
fn a_blocked_function_shows_its_failing_check_and_the_fix_to_copy() {
    let mut harness = demo_app();
    assert!(!in_inspector(&harness, "blocked"));

    harness.get_by_label("search-indexer").click();
    harness.run_steps(STEPS);

    assert_eq!(harness.state().selected_function(), Some("search-indexer"));
    assert!(in_inspector(&harness, "blocked"), "the inspector's verdict");
    assert!(
        harness
            .query_by_label("No subnet's path reaches X-Ray.")
            .is_some()
    );
    assert!(harness.query_by_label("nat-gateway-unavailable").is_some());
    let fix = "aws ec2 replace-route --route-table-id rtb-0efailed \
               --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0e1ok";
    assert!(
        harness.query_by_label(fix).is_some(),
        "the fix command is shown whole"
    );
    assert!(harness.query_by_label("Copy").is_some());
}

#[test]
fn a_reachable_function_says_reachable() {
    let mut harness = demo_app();
    assert!(!in_inspector(&harness, "reachable"));

    harness.get_by_label("checkout-api").click();
    harness.run_steps(STEPS);

    assert!(
        in_inspector(&harness, "reachable"),
        "the inspector's verdict"
    );
    assert!(
        harness
            .query_by_label("Every subnet's path reaches X-Ray.")
            .is_some()
    );
    assert!(harness.query_by_label("nat-gateway-unavailable").is_none());
}

#[test]
fn a_partial_function_lists_each_subnet_with_its_status() {
    let mut harness = demo_app();

    harness.get_by_label("inventory-reports").click();
    harness.run_steps(STEPS);

    assert!(harness.query_by_label("subnet-0a1").is_some());
    assert!(harness.query_by_label("subnet-0a6").is_some());
    assert!(harness.query_by_label("nacl-denies-request").is_some());
    assert!(
        harness
            .query_by_label("Some subnets' paths reach X-Ray; others are blocked.")
            .is_some()
    );
}

#[test]
fn without_a_worker_fetch_explains_itself_in_the_banner() {
    let mut harness = demo_app();

    harness.get_by_label("Fetch").click();
    harness.run_steps(STEPS);

    assert!(
        harness
            .query_by_label("Background work is not available in this window.")
            .is_some()
    );
    harness.get_by_label("Dismiss").click();
    harness.run_steps(STEPS);
    assert!(
        harness
            .query_by_label("Background work is not available in this window.")
            .is_none()
    );
}

#[test]
fn a_clicked_hop_shows_only_its_own_findings() {
    let mut harness = demo_app();
    harness.get_by_label("thumbnail-gen").click();
    harness.run_steps(STEPS);

    let nat = NodeKey::new(NodeKind::NatGateway, "nat-0e3stranded");
    harness.state_mut().select_node(nat);
    harness.run_steps(STEPS);

    assert!(
        harness
            .query_by_label("Findings for NAT gateway nat-0e3stranded")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("nat-subnet-no-internet-route")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("managed-daemon-outside-vpc")
            .is_none(),
        "a function hop finding"
    );

    harness.get_by_label("Show all").click();
    harness.run_steps(STEPS);
    assert!(harness.query_by_label("All findings").is_some());
    assert!(
        harness
            .query_by_label("managed-daemon-outside-vpc")
            .is_some()
    );
}

#[test]
fn a_failed_fetch_shows_a_banner_and_keeps_the_last_topology() {
    // Nothing listens on port 9: the fetch fails without leaving the machine.
    let options = FetchOptions {
        profile: None,
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some("http://127.0.0.1:9".to_owned()),
    };
    let app = XrayPathApp::new(xraypath::demo::snapshot(), "demo")
        .with_worker(&egui::Context::default(), Some(options));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut XrayPathApp| {
                app.logic();
                app.show(ui);
            },
            app,
        );

    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.query_by_label("Dismiss").is_none() && Instant::now() < deadline {
        harness.run_steps(1);
        std::thread::sleep(Duration::from_millis(50));
    }

    assert!(
        harness.query_by_label("Dismiss").is_some(),
        "the failure is shown"
    );
    assert!(
        harness.query_by_label(&all_shown()).is_some(),
        "the demo stays"
    );
    assert!(harness.query_by_label("showing demo").is_some());
}

#[test]
fn the_search_box_narrows_the_list() {
    let mut harness = demo_app();

    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("ledger");
    harness.run_steps(STEPS);

    let total = xraypath::demo::snapshot().functions.len();
    assert!(
        harness
            .query_by_label(&format!("1 of {total} functions"))
            .is_some()
    );
    assert!(harness.query_by_label("ledger-export").is_some());
    assert!(harness.query_by_label("checkout-api").is_none());
}
