//! What-if edits driven through the accessibility tree with `egui_kittest`
//! on the bundled demo: flip a setting in the inspector, watch the verdict
//! change, undo and redo it, take it back from the list, and copy the
//! commands that would make it real.

use egui::OutputCommand;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use xraypath::analysis::Verdict;
use xraypath::ui::XrayPathApp;

/// Frames to run after a click: one to handle it, more to lay out the result.
const STEPS: usize = 4;

const BILLING_ENDPOINT_DNS: &str = "Private DNS on vpce-0c1xray";

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

fn verdict(harness: &Harness<'_, XrayPathApp>, function: &str) -> Option<Verdict> {
    harness
        .state()
        .report()
        .function(function)
        .map(|f| f.verdict)
}

/// Whether `label` shows in the inspector, the panel on the far right
/// (the function list's rows carry the same verdict words).
fn in_inspector(harness: &Harness<'_, XrayPathApp>, label: &str) -> bool {
    harness
        .query_all_by_label(label)
        .any(|node| node.rect().left() > 1000.0)
}

fn has(harness: &Harness<'_, XrayPathApp>, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

/// Clicks a control by its label, wherever the inspector has scrolled it.
fn click(harness: &mut Harness<'_, XrayPathApp>, label: &str) {
    harness.get_by_label(label).click_accesskit();
    harness.run_steps(STEPS);
}

/// Selects `function` and opens the inspector's what-if section.
fn open_what_if(harness: &mut Harness<'_, XrayPathApp>, function: &str) {
    harness.get_by_label(function).click();
    harness.run_steps(STEPS);
    click(harness, "Try a what-if edit");
}

/// The text a click on `button` put on the clipboard.
fn copied_by(harness: &mut Harness<'_, XrayPathApp>, button: &str) -> String {
    harness.get_by_label(button).click_accesskit();
    harness.step();
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|command| match command {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{button} copies text"))
}

#[test]
fn private_dns_on_makes_billing_batch_reachable_and_undo_blocks_it_again() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    assert!(in_inspector(&harness, "blocked"), "as read");

    click(&mut harness, BILLING_ENDPOINT_DNS);
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Reachable));
    assert!(in_inspector(&harness, "reachable"), "re-judged at once");
    assert!(has(&harness, "1 edit"), "the edits list");
    assert!(has(
        &harness,
        "Turn private DNS on for endpoint vpce-0c1xray"
    ));
    assert!(
        has(&harness, "Verdicts that change, as read to edited"),
        "the real verdict beside the edited one"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(STEPS);
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Blocked));
    assert!(in_inspector(&harness, "blocked"), "Ctrl+Z undoes");
    assert!(has(&harness, "0 edits"));

    click(&mut harness, "Redo");
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Reachable));
    assert!(in_inspector(&harness, "reachable"), "Redo makes it again");
    assert!(has(&harness, "1 edit"));
    assert_eq!(harness.state().edits().len(), 1);

    click(&mut harness, "Undo");
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Blocked));
    let command_shift = egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT);
    harness.key_press_modifiers(command_shift, egui::Key::Z);
    harness.run_steps(STEPS);
    assert_eq!(
        verdict(&harness, "billing-batch"),
        Some(Verdict::Reachable),
        "Ctrl+Shift+Z redoes"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(STEPS);
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Blocked));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run_steps(STEPS);
    assert_eq!(
        verdict(&harness, "billing-batch"),
        Some(Verdict::Reachable),
        "Ctrl+Y redoes"
    );
}

#[test]
fn the_edits_copy_as_cli_commands_and_terraform() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    click(&mut harness, BILLING_ENDPOINT_DNS);

    let commands = copied_by(&mut harness, "Copy AWS CLI commands");
    assert!(
        commands.contains(
            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0c1xray --private-dns-enabled"
        ),
        "{commands}"
    );
    assert!(commands.contains("never runs"), "says it is for review");
    assert_eq!(commands, harness.state().edit_commands());

    let terraform = copied_by(&mut harness, "Copy Terraform");
    assert!(terraform.contains("vpce-0c1xray"), "{terraform}");
    assert!(terraform.contains("resource \"aws_vpc_endpoint\""));
    assert!(terraform.contains("private_dns_enabled = true"));

    // Parse the commands back: the one edit, exactly.
    let read_back: Vec<_> = commands
        .lines()
        .filter(|line| line.starts_with("aws "))
        .filter_map(xraypath::whatif::Edit::from_fix)
        .collect();
    assert_eq!(read_back, harness.state().edits());
}

#[test]
fn the_real_account_toggle_shows_the_verdict_as_read() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    click(&mut harness, BILLING_ENDPOINT_DNS);
    assert!(in_inspector(&harness, "reachable"));

    click(&mut harness, "show the real account");
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Blocked));
    assert!(in_inspector(&harness, "blocked"));
    assert!(has(&harness, "1 edit"), "the edits are kept");

    click(&mut harness, "show the real account");
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Reachable));
}

#[test]
fn a_findings_fix_applies_as_a_what_if_and_its_cross_takes_it_back() {
    let mut harness = demo_app();
    harness.get_by_label("ledger-export").click();
    harness.run_steps(STEPS);
    assert!(in_inspector(&harness, "blocked"));

    click(&mut harness, "Apply as what-if");
    assert_eq!(verdict(&harness, "ledger-export"), Some(Verdict::Reachable));
    assert!(has(&harness, "1 edit"));
    assert!(
        harness
            .state()
            .edit_commands()
            .contains("create-network-acl-entry --network-acl-id acl-0aledger")
    );

    click(&mut harness, "Remove");
    assert_eq!(verdict(&harness, "ledger-export"), Some(Verdict::Blocked));
    assert!(harness.state().edits().is_empty());
}

#[test]
fn tracing_and_a_new_endpoint_are_a_click_away_in_the_inspector() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "sandbox-experiment");
    click(
        &mut harness,
        "Add an X-Ray endpoint in this function's subnets",
    );
    let report = harness.state().report();
    let sandbox = report.function("sandbox-experiment").expect("in the demo");
    assert_eq!(
        sandbox.route.as_str(),
        "vpc-endpoint",
        "the new endpoint is the way out"
    );
    assert!(
        has(&harness, "Private DNS on vpce-whatif-1"),
        "and is listed"
    );

    click(&mut harness, "Active tracing");
    let tracing = harness
        .state()
        .report()
        .function("sandbox-experiment")
        .map(|f| f.tracing);
    assert_eq!(tracing, Some("PassThrough"));
    assert!(has(&harness, "2 edits"));
}

#[test]
fn a_new_snapshot_starts_with_no_edits() {
    let mut app = XrayPathApp::new(xraypath::demo::snapshot(), "demo");
    app.push_edit(xraypath::whatif::Edit::EndpointPrivateDns {
        endpoint_id: "vpce-0c1xray".into(),
        enabled: true,
    });
    let shown = app
        .snapshot()
        .vpc_endpoints
        .iter()
        .find(|e| e.id == "vpce-0c1xray");
    assert!(
        shown.is_some_and(|e| e.private_dns_enabled),
        "the edited account is on show"
    );

    app.set_snapshot(xraypath::demo::snapshot(), "demo");
    assert!(
        app.edits().is_empty(),
        "a new snapshot starts with no edits"
    );
}

#[test]
fn ctrl_z_in_a_text_field_leaves_the_edits_alone() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    click(&mut harness, BILLING_ENDPOINT_DNS);

    harness
        .get_by_role_and_label(Role::TextInput, "Daemon address")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Daemon address")
        .type_text("10.2");
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(STEPS);
    assert_eq!(
        harness.state().edits().len(),
        1,
        "the field keeps its own undo"
    );
    assert_eq!(verdict(&harness, "billing-batch"), Some(Verdict::Reachable));
}

#[test]
fn the_graph_marks_what_an_edit_changed_until_it_is_undone() {
    use xraypath::graph::{NodeKey, NodeKind};
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    assert!(
        harness.state().edited_in_view().is_empty(),
        "nothing edited yet"
    );

    click(&mut harness, BILLING_ENDPOINT_DNS);
    let marked = harness.state().edited_in_view();
    let endpoint = NodeKey::new(NodeKind::Endpoint, "vpce-0c1xray");
    assert!(
        marked.contains(&endpoint),
        "the endpoint is marked: {marked:?}"
    );
    assert!(
        marked.iter().any(|k| k.kind == NodeKind::Vpc),
        "and its VPC: {marked:?}"
    );
    assert!(
        !marked.iter().any(|k| k.kind == NodeKind::Function),
        "the functions are re-judged, not edited: {marked:?}"
    );

    click(&mut harness, "show the real account");
    assert!(
        harness.state().edited_in_view().contains(&endpoint),
        "the mark stays while the real state is shown"
    );
    click(&mut harness, "show the real account");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(STEPS);
    assert!(
        harness.state().edited_in_view().is_empty(),
        "undo clears the mark"
    );
}

#[test]
fn reports_exported_with_edits_say_so() {
    use xraypath::ui::ExportKind;
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    let plain = harness.state().export_text(ExportKind::Markdown);
    assert!(!plain.contains("What if"), "no edits, no note");

    click(&mut harness, BILLING_ENDPOINT_DNS);
    let markdown = harness.state().export_text(ExportKind::Markdown);
    assert!(
        markdown
            .contains("> **What if:** judged with 1 what-if edit made in xraypath, not in AWS:"),
        "{}",
        &markdown[..400.min(markdown.len())]
    );
    assert!(markdown.contains("> - Turn private DNS on for endpoint vpce-0c1xray"));
    let html = harness.state().export_text(ExportKind::Html);
    assert!(html.contains("<li>Turn private DNS on for endpoint vpce-0c1xray</li>"));

    click(&mut harness, "show the real account");
    let real = harness.state().export_text(ExportKind::Markdown);
    assert!(
        !real.contains("What if"),
        "the account as read has no edits in it"
    );
}

#[test]
fn the_graph_toolbar_stays_inside_its_panel_beside_the_edits() {
    let mut harness = demo_app();
    open_what_if(&mut harness, "billing-batch");
    click(&mut harness, BILLING_ENDPOINT_DNS);
    let legend = harness.get_by_label("■ changed by a what-if edit").rect();
    let panel = harness.get_by_label("What if…").rect();
    assert!(
        legend.right() <= panel.left(),
        "the legend wraps within the graph panel: it ends at {} but the What if panel starts at {}",
        legend.right(),
        panel.left()
    );
}
