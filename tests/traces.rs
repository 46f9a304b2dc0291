//! Traces against moto: segments put through the SDK at known times for
//! two functions, then read back with `xraypath::aws::fetch_traces`,
//! `fetch_trace`, the `traces` command and `check --traces`.
//!
//! moto files a summary only for a finished trace, counts a segment as a
//! fault (error, throttle) whenever the key is present, and keeps a
//! summary only when the whole trace lies inside the range. Its
//! `StartTime`, `Http` and fractional `Duration` come from
//! tools/moto_server.py's patch; `BatchGetTraces` returns the documents as
//! they were put, so the timeline is read from moto, not made up here.

mod common;

use aws_config::SdkConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_xray::primitives::{DateTime, DateTimeFormat};
use common::{Account, REGION, Tracing, XRAY_MANAGED_POLICY, moto};
use serde_json::{Value, json};
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};
use xraypath::aws::{AwsError, fetch_trace, fetch_traces, functions_with_recent_traces};
use xraypath::model::{TraceStatus, TraceWindow};

/// One trace to put: the function it belongs to and how it went.
struct Put {
    function: &'static str,
    /// Seconds before now; whole seconds, so the trace id carries it too.
    ago: u64,
    duration: f64,
    fault: bool,
    error: bool,
    http: u16,
}

/// What the tests put; `orders` and `billing` are two functions.
const PUTS: [Put; 5] = [
    Put {
        function: "orders",
        ago: 60,
        duration: 0.25,
        fault: false,
        error: false,
        http: 200,
    },
    Put {
        function: "billing",
        ago: 120,
        duration: 0.5,
        fault: false,
        error: false,
        http: 200,
    },
    Put {
        function: "orders",
        ago: 180,
        duration: 1.5,
        fault: true,
        error: false,
        http: 502,
    },
    Put {
        function: "orders",
        ago: 420,
        duration: 0.75,
        fault: false,
        error: true,
        http: 404,
    },
    // Outside a 15-minute window, inside an hour.
    Put {
        function: "orders",
        ago: 2400,
        duration: 0.5,
        fault: false,
        error: false,
        http: 200,
    },
];

/// A trace id whose time part is `start` (seconds since the epoch).
fn trace_id(start: u64, serial: usize) -> String {
    format!("1-{start:08x}-{serial:024x}")
}

fn rfc3339(seconds: u64) -> String {
    let seconds = i64::try_from(seconds).expect("a recent time");
    DateTime::from_secs(seconds)
        .fmt(DateTimeFormat::DateTime)
        .expect("formattable")
}

/// The two documents Lambda writes for one invocation; the flags are
/// present only when true (moto counts a present key as set).
fn documents(put: &Put, id: &str, start: f64, serial: usize) -> [String; 2] {
    let end = start + put.duration;
    let mut service = json!({
        "trace_id": id, "id": format!("{serial:08x}00000001"), "name": put.function,
        "origin": "AWS::Lambda", "start_time": start, "end_time": end,
        "http": {"response": {"status": put.http}},
    });
    if put.fault {
        service["fault"] = json!(true);
    }
    if put.error {
        service["error"] = json!(true);
    }
    let function = json!({
        "trace_id": id, "id": format!("{serial:08x}00000002"), "name": put.function,
        "origin": "AWS::Lambda::Function", "parent_id": format!("{serial:08x}00000001"),
        "start_time": start + 0.05, "end_time": end - 0.01,
        "subsegments": [
            {"id": format!("{serial:08x}00000004"), "name": "Overhead",
             "start_time": end - 0.02, "end_time": end - 0.01},
            {"id": format!("{serial:08x}00000003"), "name": "Invocation",
             "start_time": start + 0.05, "end_time": end - 0.02,
             "subsegments": [{"id": format!("{serial:08x}00000005"), "name": "DynamoDB",
                "namespace": "aws", "start_time": start + 0.06, "end_time": start + 0.08}]},
        ],
    });
    [service.to_string(), function.to_string()]
}

/// Puts every trace of [`PUTS`] relative to `now`; returns their ids in
/// the same order.
async fn put_traces(config: &SdkConfig, now: SystemTime) -> Vec<String> {
    let xray = aws_sdk_xray::Client::new(config);
    let now_s = now
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let mut ids = Vec::new();
    for (serial, put) in PUTS.iter().enumerate() {
        let start = now_s - put.ago;
        let id = trace_id(start, serial);
        let docs = documents(put, &id, start as f64, serial);
        let answer = xray
            .put_trace_segments()
            .set_trace_segment_documents(Some(docs.to_vec()))
            .send()
            .await
            .expect("PutTraceSegments");
        assert!(
            answer.unprocessed_trace_segments().is_empty(),
            "moto refused a segment: {:?}",
            answer.unprocessed_trace_segments()
        );
        ids.push(id);
    }
    ids
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_traces_lists_one_function_newest_first_with_flags_and_status() {
    let account = moto().account().await;
    let now = SystemTime::now();
    let ids = put_traces(&account.config, now).await;

    let list = fetch_traces(&account.config, "orders", TraceWindow::FIFTEEN_MINUTES, now)
        .await
        .expect("trace summaries");

    let listed: Vec<&str> = list.traces.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        listed,
        [&ids[0], &ids[2], &ids[3]],
        "orders only, newest first"
    );
    let [ok, fault, error] = [&list.traces[0], &list.traces[1], &list.traces[2]];
    assert_eq!((ok.status(), ok.http_status), (TraceStatus::Ok, Some(200)));
    assert_eq!(
        (fault.status(), fault.http_status),
        (TraceStatus::Fault, Some(502))
    );
    assert!(fault.fault && !fault.error && !fault.throttle);
    assert_eq!(
        (error.status(), error.http_status),
        (TraceStatus::Error, Some(404))
    );
    assert!(
        close(ok.duration_s, 0.25) && close(fault.duration_s, 1.5),
        "{list:?}"
    );

    let now_s = now
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    assert_eq!(ok.start, rfc3339(now_s - 60));
    assert_eq!(list.function, "orders");
    assert_eq!(list.window, TraceWindow::FIFTEEN_MINUTES);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_excludes_older_traces() {
    let account = moto().account().await;
    let now = SystemTime::now();
    let ids = put_traces(&account.config, now).await;

    let short = fetch_traces(&account.config, "orders", TraceWindow::FIVE_MINUTES, now)
        .await
        .expect("trace summaries");
    let listed: Vec<&str> = short.traces.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(listed, [&ids[0], &ids[2]], "the 7-minute-old trace is out");

    let hour = fetch_traces(&account.config, "orders", TraceWindow::ONE_HOUR, now)
        .await
        .expect("trace summaries");
    assert_eq!(hour.traces.len(), 4);
    assert_eq!(
        hour.traces[3].id, ids[4],
        "the 40-minute-old trace comes last"
    );

    let found = functions_with_recent_traces(
        &account.config,
        &["orders".to_owned(), "billing".to_owned(), "idle".to_owned()],
        TraceWindow::FIFTEEN_MINUTES,
        now,
    )
    .await;
    let found: Vec<bool> = found.into_iter().map(|f| f.expect("summaries")).collect();
    assert_eq!(found, [true, true, false]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_subsegments_become_timeline_rows() {
    let account = moto().account().await;
    let now = SystemTime::now();
    let ids = put_traces(&account.config, now).await;

    let detail = fetch_trace(&account.config, &ids[2])
        .await
        .expect("the trace");
    let rows: Vec<(usize, &str, Option<&str>)> = detail
        .rows
        .iter()
        .map(|r| (r.depth, r.name.as_str(), r.origin.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (0, "orders", Some("AWS::Lambda")),
            (1, "orders", Some("AWS::Lambda::Function")),
            (2, "Invocation", None),
            (3, "DynamoDB", None),
            (2, "Overhead", None),
        ]
    );
    assert_eq!(detail.rows[0].status, TraceStatus::Fault);
    assert_eq!(detail.rows[0].http_status, Some(502));
    assert!(close(detail.rows[3].offset_s, 0.06), "{:?}", detail.rows[3]);
    assert!(detail.duration_s.is_some_and(|d| close(d, 1.5)));

    let missing = fetch_trace(&account.config, "1-00000000-000000000000000000000000").await;
    match missing {
        Err(AwsError::Call { code, .. }) => assert_eq!(code, "TraceNotFound"),
        other => panic!("expected TraceNotFound, got {other:?}"),
    }
}

/// Runs the binary against moto with the account's keys in the environment.
async fn xraypath(account: &Account, args: &[&str]) -> Output {
    let provider = account.config.credentials_provider().expect("credentials");
    let keys = provider.provide_credentials().await.expect("credentials");
    let mut command = Command::new(env!("CARGO_BIN_EXE_xraypath"));
    command
        .args(args)
        .args(["--region", REGION, "--endpoint-url", &moto().endpoint])
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ACCESS_KEY_ID", keys.access_key_id())
        .env("AWS_SECRET_ACCESS_KEY", keys.secret_access_key());
    match keys.session_token() {
        Some(token) => command.env("AWS_SESSION_TOKEN", token),
        None => command.env_remove("AWS_SESSION_TOKEN"),
    };
    tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .expect("the command's thread")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_command_prints_the_design_json() {
    let account = moto().account().await;
    let ids = put_traces(&account.config, SystemTime::now()).await;

    let args = [
        "traces",
        "--function",
        "orders",
        "--minutes",
        "15",
        "--format",
        "json",
    ];
    let output = xraypath(&account, &args).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["function"], "orders");
    let traces = json["traces"].as_array().expect("traces");
    let listed: Vec<&str> = traces.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(listed, [&ids[0], &ids[2], &ids[3]]);

    let fault = &traces[1];
    let mut keys: Vec<&String> = fault.as_object().expect("an object").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "duration_s",
            "error",
            "fault",
            "http_status",
            "id",
            "start",
            "throttle"
        ]
    );
    assert_eq!(fault["fault"], true);
    assert_eq!(fault["error"], false);
    assert_eq!(fault["http_status"], 502);
    assert!(fault["start"].as_str().is_some_and(|s| s.ends_with('Z')));

    let text = xraypath(&account, &["traces", "--function", "billing"]).await;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.starts_with("1 trace of billing in the last 15 min, newest "),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_command_rejects_a_window_out_of_range() {
    let account = moto().account().await;
    let output = xraypath(
        &account,
        &["traces", "--function", "orders", "--minutes", "0"],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--minutes"), "{}", stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_with_traces_flags_only_the_function_without_any() {
    let account = moto().account().await;
    let role = account.role("traced", &[XRAY_MANAGED_POLICY], &[]).await;
    for name in ["orders", "idle"] {
        account
            .function(name, &role, None, Tracing::Active, &[])
            .await;
    }
    put_traces(&account.config, SystemTime::now()).await;

    let output = xraypath(&account, &["check", "--traces", "15", "--format", "json"]).await;
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let checks = |name: &str| -> Vec<String> {
        json["functions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["name"] == name)
            .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f["check"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        checks("idle").contains(&"no-recent-traces".to_owned()),
        "{json}"
    );
    assert!(
        !checks("orders").contains(&"no-recent-traces".to_owned()),
        "{json}"
    );
    assert_eq!(
        checks("idle").last().map(String::as_str),
        Some("no-recent-traces")
    );

    let demo = xraypath(&account, &["check", "--demo", "--traces", "15"]).await;
    assert_eq!(demo.status.code(), Some(2), "--traces needs a live account");
}
