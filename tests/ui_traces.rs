//! The traces panel driven through the accessibility tree with
//! `egui_kittest`, on the bundled demo. No network: trace lists and trace
//! details are handed to the app the way the worker hands them over.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::time::{SystemTime, UNIX_EPOCH};
use xraypath::model::{TraceList, TraceSummary, TraceWindow, parse_trace};
use xraypath::ui::XrayPathApp;

/// Frames to run after a click: one to handle it, more to lay out the result.
const STEPS: usize = 4;
const NEWEST: &str = "1-67a00000-00000000000000000000000a";
const OLDER: &str = "1-67a00000-00000000000000000000000b";
const FAULTY: &str = "1-67a00000-00000000000000000000000c";

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

fn now_s() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn summary(id: &str, seconds_ago: f64, duration_s: f64, fault: bool) -> TraceSummary {
    TraceSummary {
        id: id.to_owned(),
        start: "2025-01-31T12:00:07.25Z".to_owned(),
        duration_s,
        fault,
        error: false,
        throttle: false,
        http_status: Some(if fault { 502 } else { 200 }),
        start_unix_s: now_s() - seconds_ago,
    }
}

/// Three traces of `function` in the last 15 minutes, the newest 40 s old.
fn three_traces(function: &str) -> TraceList {
    TraceList {
        function: function.to_owned(),
        traces: vec![
            summary(NEWEST, 40.0, 0.18, false),
            summary(OLDER, 120.0, 0.25, false),
            summary(FAULTY, 300.0, 2.4, true),
        ],
        window: TraceWindow::FIFTEEN_MINUTES,
        until_unix_s: now_s(),
    }
}

fn select(harness: &mut Harness<'_, XrayPathApp>, function: &str) {
    harness.get_by_label(function).click();
    harness.run_steps(STEPS);
}

fn has(harness: &Harness<'_, XrayPathApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

fn has_part(harness: &Harness<'_, XrayPathApp>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

#[test]
fn a_function_with_traces_shows_their_count_and_rows() {
    let mut harness = demo_app();
    harness
        .state_mut()
        .show_traces(three_traces("checkout-api"));
    select(&mut harness, "checkout-api");

    assert!(has(&harness, "Traces of"));
    assert!(
        has_part(&harness, "3 traces in the last 15 min, newest 4"),
        "the delivery line in the panel and the inspector"
    );
    assert!(has(&harness, "3 traces"), "the hint in the function list");
    for id in [NEWEST, OLDER, FAULTY] {
        assert!(has(&harness, id), "row {id}");
    }
    assert!(has(&harness, "fault · 502"));
    assert!(has(&harness, "180 ms"));
    assert!(has(&harness, "12:00:07"));
    assert!(has(&harness, "Select a trace to see its segments."));
}

#[test]
fn a_selected_trace_shows_its_segments_as_a_timeline() {
    let mut harness = demo_app();
    harness
        .state_mut()
        .show_traces(three_traces("checkout-api"));
    select(&mut harness, "checkout-api");

    harness.get_by_label(NEWEST).click();
    harness.run_steps(STEPS);
    assert!(
        has(&harness, "Segments need a live account: press Fetch first."),
        "the demo cannot read a trace"
    );

    let service = r#"{"id":"aaaa000000000001","name":"checkout-api","origin":"AWS::Lambda",
        "start_time":1000.0,"end_time":1000.5,"http":{"response":{"status":200}}}"#;
    let function = r#"{"id":"bbbb000000000002","name":"checkout-api",
        "origin":"AWS::Lambda::Function","parent_id":"aaaa000000000001",
        "start_time":1000.1,"end_time":1000.45,
        "subsegments":[{"id":"cccc000000000003","name":"Invocation",
          "start_time":1000.1,"end_time":1000.4,
          "subsegments":[{"id":"dddd000000000004","name":"DynamoDB",
            "start_time":1000.2,"end_time":1000.3,"error":true}]}]}"#;
    let detail = parse_trace(NEWEST, &[service, function]).expect("valid segment documents");
    harness.state_mut().show_trace(detail);
    harness.run_steps(STEPS);

    assert!(has(&harness, "AWS::Lambda"));
    assert!(has(&harness, "AWS::Lambda::Function"));
    assert!(has(&harness, "Invocation"));
    assert!(has(&harness, "DynamoDB"));
    assert!(has(&harness, "2 segments, 2 subsegments · 500 ms"));
    assert!(has(&harness, "Copy trace id"));
}

#[test]
fn the_demo_says_traces_need_a_live_account() {
    let mut harness = demo_app();
    select(&mut harness, "checkout-api");

    assert!(has_part(&harness, "Traces need a live account"));
    assert!(has(
        &harness,
        "Choose a profile and region above and press Fetch first."
    ));
    assert!(has(
        &harness,
        "Delivery: not known; traces need a live account."
    ));
    assert!(
        harness
            .get_by_label("Refresh")
            .accesskit_node()
            .is_disabled(),
        "nothing to refresh from"
    );
}

#[test]
fn traces_after_the_last_fetch_are_marked_new() {
    let mut harness = demo_app();
    harness.state_mut().set_last_fetch(now_s() - 60.0);
    harness
        .state_mut()
        .show_traces(three_traces("checkout-api"));
    select(&mut harness, "checkout-api");

    assert_eq!(
        harness.query_all_by_label("new").count(),
        1,
        "only the newest"
    );
    assert!(has(&harness, "1 new since the last fetch"));
}

#[test]
fn an_open_path_without_traces_says_what_to_check() {
    let mut harness = demo_app();
    let mut list = three_traces("checkout-api");
    list.traces.clear();
    harness.state_mut().show_traces(list);
    select(&mut harness, "checkout-api");

    assert!(has(&harness, "no traces in the last 15 min"));
    assert!(has(&harness, "no traces"), "the hint in the function list");
    assert!(has_part(&harness, "No traces in the last 15 min"));
    assert!(
        has_part(&harness, "The path is open, but no traces arrived"),
        "the inspector explains the disagreement"
    );
    assert!(has_part(&harness, "sampling rules"));
}

#[test]
fn a_blocked_path_with_traces_arriving_explains_the_lambda_daemon() {
    let mut harness = demo_app();
    harness
        .state_mut()
        .show_traces(three_traces("search-indexer"));
    select(&mut harness, "search-indexer");

    assert!(has_part(
        &harness,
        "Traces arrive although the path is not open"
    ));
    assert!(has_part(&harness, "still fail"));
}

#[test]
fn the_traces_panel_keeps_its_height_from_frame_to_frame() {
    let mut harness = demo_app();
    select(&mut harness, "checkout-api");
    let before = harness.get_by_label("Traces of").rect().top();

    harness
        .state_mut()
        .show_traces(three_traces("checkout-api"));
    harness.run_steps(STEPS);
    harness.get_by_label(NEWEST).click();
    harness.run_steps(20);

    let after = harness.get_by_label("Traces of").rect().top();
    assert!(
        (before - after).abs() < 0.5,
        "moved from {before} to {after}"
    );
}
