//! The command line as scripts use it: exit codes, the JSON contract of
//! DESIGN.md, and one clear line for bad input.

use std::process::{Command, Output};

fn xraypath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xraypath"))
        .args(args)
        // No credentials may leak in from the machine running the tests.
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_on_the_demo_exits_1_and_lists_every_function() {
    let output = xraypath(&["check", "--demo"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("32 functions in us-east-1 (account 123456789012):"),
        "{text}"
    );
    assert!(text.contains("BLOCKED   ledger-export"), "{text}");
    assert!(
        text.contains(
            "nacl-denies-response: acl-0aledger (subnet subnet-0a7) rule * denies inbound"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "fix: aws ec2 create-network-acl-entry --network-acl-id acl-0aledger --ingress"
        ),
        "{text}"
    );
}

#[test]
fn check_json_follows_the_design_contract() {
    let output = xraypath(&[
        "check",
        "--demo",
        "--function",
        "ledger-export",
        "--function",
        "checkout-api",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["schema"], 1);
    assert_eq!(json["region"], "us-east-1");
    assert_eq!(json["account"], "123456789012");
    let functions = json["functions"].as_array().expect("functions");
    let names: Vec<&str> = functions
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(names, ["checkout-api", "ledger-export"], "sorted by name");

    let ledger = &functions[1];
    assert_eq!(ledger["verdict"], "blocked");
    assert_eq!(ledger["route"], "vpc-endpoint");
    assert_eq!(ledger["sender"], "lambda-daemon");
    assert_eq!(ledger["tracing"], "Active");
    assert_eq!(ledger["vpc_id"], "vpc-0a");
    assert_eq!(ledger["subnets"], serde_json::json!(["subnet-0a7"]));
    let findings = ledger["findings"].as_array().expect("findings");
    assert_eq!(
        findings[0]["check"], "nacl-denies-response",
        "errors come first"
    );
    assert_eq!(findings[0]["severity"], "error");
    assert!(
        findings[0]["fix"]
            .as_str()
            .is_some_and(|f| f.starts_with("aws ec2 "))
    );
    let last = findings.last().expect("a finding");
    assert_eq!(last["severity"], "info");
    assert!(last["fix"].is_null());
    let keys: Vec<&String> = findings[0].as_object().expect("object").keys().collect();
    assert_eq!(
        keys.len(),
        5,
        "check, severity, resources, message, fix: {keys:?}"
    );

    assert_eq!(functions[0]["verdict"], "reachable");
}

#[test]
fn check_exits_0_when_nothing_is_blocked() {
    let output = xraypath(&[
        "check",
        "--demo",
        "--function",
        "checkout-api",
        "--function",
        "public-webhook",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn an_unknown_function_is_an_error() {
    let output = xraypath(&["check", "--demo", "--function", "no-such-fn"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        "error: no function named no-such-fn in us-east-1 (123456789012)"
    );
}

#[test]
fn bad_snapshot_files_give_one_line_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("xraypath-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases = [
        ("empty.json", "", "is not valid"),
        (
            "truncated.json",
            "{\"schema\": 1, \"region\": \"us-east-1\", \"vpcs\": [",
            "is not valid",
        ),
        (
            "future.json",
            "{\"schema\": 99, \"region\": \"x\", \"account\": \"y\"}",
            "has schema 99, this build reads schema 1",
        ),
        (
            "wrong-type.json",
            "{\"schema\": 1, \"region\": \"r\", \"account\": \"a\", \"functions\": 5}",
            "is not valid",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let output = xraypath(&["check", "--snapshot", path.to_str().expect("utf-8 path")]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {message}");
        assert_eq!(message.lines().count(), 1, "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert!(!message.contains("panicked"), "{name}: {message}");
    }
    let missing = xraypath(&["check", "--snapshot", "/nonexistent/snapshot.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: cannot read snapshot /nonexistent/snapshot.json"));
}

#[test]
fn a_saved_demo_reads_back_with_the_same_verdicts() {
    let path = std::env::temp_dir().join(format!("xraypath-demo-{}.json", std::process::id()));
    std::fs::write(&path, include_str!("../assets/demo.json")).expect("write");
    let from_file = xraypath(&[
        "check",
        "--snapshot",
        path.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    let from_demo = xraypath(&["check", "--demo", "--format", "json"]);
    assert_eq!(from_file.stdout, from_demo.stdout);
}

#[test]
fn bad_flags_exit_2() {
    let output = xraypath(&["check", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    let device = xraypath(&["check", "--snapshot", "/dev/zero"]);
    assert_eq!(device.status.code(), Some(2));
    assert!(
        stderr(&device).contains("not a regular file"),
        "{}",
        stderr(&device)
    );
    let output = xraypath(&["check", "--demo", "--snapshot", "x.json"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn no_credentials_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_xraypath"))
        .args([
            "check",
            "--profile",
            "no-such-profile",
            "--region",
            "us-east-1",
        ])
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_ACCESS_KEY_ID")
        .output()
        .expect("runs");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("no-such-profile"), "{message}");
}

#[test]
fn a_daemon_declared_on_the_command_line_changes_the_sender() {
    let plain = xraypath(&[
        "check",
        "--demo",
        "--function",
        "checkout-api",
        "--format",
        "json",
    ]);
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert_eq!(plain["functions"][0]["sender"], "lambda-daemon");

    // No interface in the shop VPC holds this address.
    let declared = xraypath(&[
        "check",
        "--demo",
        "--function",
        "checkout-api",
        "--daemon",
        "checkout-api=10.0.9.9:2000",
        "--format",
        "json",
    ]);
    assert_eq!(declared.status.code(), Some(1));
    let declared: serde_json::Value = serde_json::from_slice(&declared.stdout).expect("json");
    let function = &declared["functions"][0];
    assert_eq!(function["sender"], "vpc-daemon");
    assert_eq!(function["route"], "daemon-host");
    assert_eq!(function["findings"][0]["check"], "daemon-host-not-found");

    let isolated = xraypath(&["check", "--demo", "--function", "queue-isolated"]);
    let text = String::from_utf8_lossy(&isolated.stdout);
    assert!(text.contains("daemon-host-no-route-to-xray"), "{text}");
    assert!(
        text.contains("via error   nacl-denies-request")
            || text.contains("via error nacl-denies-request"),
        "{text}"
    );

    let bad = xraypath(&["check", "--demo", "--daemon", "not-an-address"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("is not an IPv4 address"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn check_writes_a_markdown_and_an_html_review() {
    let markdown = xraypath(&["check", "--demo", "--format", "markdown"]);
    assert_eq!(markdown.status.code(), Some(1));
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("## ")).count(),
        32,
        "one section per function"
    );
    assert!(text.contains("ledger-export"), "{text}");

    let html = xraypath(&[
        "check",
        "--demo",
        "--function",
        "ledger-export",
        "--format",
        "html",
    ]);
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(
        page.trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html"),
        "{page}"
    );
    assert!(page.contains("nacl-denies-response"), "{page}");

    let traces_markdown = xraypath(&["traces", "--function", "x", "--format", "markdown"]);
    assert_eq!(
        traces_markdown.status.code(),
        Some(2),
        "traces prints text or JSON only"
    );
}
