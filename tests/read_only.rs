//! Read-only, proven: every kind of work xraypath does (fetch, check,
//! snapshot) runs against moto with its request recorder on, and every
//! operation it records must be a Describe, List or Get call — and must be
//! named in the README's IAM policy, so the two cannot drift apart.

mod common;

use aws_credential_types::provider::ProvideCredentials;
use common::{Tracing, XRAY_MANAGED_POLICY, moto};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

const SECRET: &str = "hunter2-do-not-store-me";

/// One call to moto's own API; returns the response body.
fn moto_api(path: &str) -> String {
    let address = moto().endpoint.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).expect("connect to moto");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.contains(" 200 "), "{path}: {head}");
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return dechunk(body);
    }
    body.to_owned()
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// `service:Operation` of one recorded request.
fn operation(entry: &serde_json::Value) -> String {
    let header = |name: &str| {
        entry["headers"]
            .as_object()
            .and_then(|h| h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    // SigV4: Credential=KEY/DATE/REGION/SERVICE/aws4_request.
    let authorization = header("Authorization");
    let service = authorization
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split('/').nth(3))
        .unwrap_or("unknown")
        .to_owned();

    let body = entry["body"].as_str().unwrap_or_default();
    let body = if entry["body_encoded"].as_bool() == Some(true) {
        decode_base64(body)
    } else {
        body.to_owned()
    };
    // Query protocol (EC2, IAM): Action=Name in the form body.
    if let Some(action) = body
        .split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
    {
        return format!("{service}:{action}");
    }

    // JSON protocol (Route 53 Resolver): the target header names it.
    if let Some((_, name)) = header("X-Amz-Target").split_once('.') {
        return format!("{service}:{name}");
    }

    // REST protocols (Lambda, X-Ray, Route 53): the method and path name the operation.
    let method = entry["method"].as_str().unwrap_or_default();
    let url = entry["url"].as_str().unwrap_or_default();
    let path = url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url);
    let path = path.split('?').next().unwrap_or(path);
    let name = match (service.as_str(), method, path.trim_end_matches('/')) {
        ("lambda", "GET", "/2015-03-31/functions") => "ListFunctions",
        ("lambda", "GET", p) if p.starts_with("/2015-03-31/functions/") => "GetFunction",
        ("xray", "POST", "/TraceSummaries") => "GetTraceSummaries",
        ("xray", "POST", "/Traces") => "BatchGetTraces",
        ("route53", "GET", "/2013-04-01/hostedzone") => "ListHostedZones",
        ("route53", "GET", p)
            if p.starts_with("/2013-04-01/hostedzone/") && p.ends_with("/rrset") =>
        {
            "ListResourceRecordSets"
        }
        ("route53", "GET", p) if p.starts_with("/2013-04-01/hostedzone/") => "GetHostedZone",
        _ => return format!("{service}:{method} {path} (unrecognised)"),
    };
    format!("{service}:{name}")
}

fn decode_base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|b| *b != b'=') {
        let Some(value) = ALPHABET.iter().position(|c| *c == byte) else {
            continue;
        };
        bits = (bits << 6) | u32::try_from(value).unwrap_or(0);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xff).unwrap_or(0));
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The actions the README's policy names.
fn readme_policy_actions() -> BTreeSet<String> {
    let readme = include_str!("../README.md");
    let start = readme
        .find("## Permissions it needs")
        .expect("a permissions section");
    let block = &readme[start..];
    let json_start = block.find("```json").expect("a policy block") + "```json".len();
    let json_end = block[json_start..].find("```").expect("end of the block") + json_start;
    let policy: serde_json::Value =
        serde_json::from_str(&block[json_start..json_end]).expect("the README policy is JSON");
    policy["Statement"][0]["Action"]
        .as_array()
        .expect("an action list")
        .iter()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_is_a_read_and_named_in_the_readme_policy() {
    let account = moto().account().await;
    let vpc = account.vpc("10.0.0.0/16").await;
    let subnet = account.subnet(&vpc, "10.0.1.0/24", "us-east-1a").await;
    let group = account.security_group(&vpc, "fn").await;
    let endpoint_group = account.security_group(&vpc, "endpoint").await;
    account
        .allow_tcp_from_group(&endpoint_group, 443, &group)
        .await;
    account
        .xray_endpoint(&vpc, &[&subnet], &[&endpoint_group], true, None)
        .await;
    let inline = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}"#;
    let role = account
        .role("fn-role", &[XRAY_MANAGED_POLICY], &[("logs", inline)])
        .await;
    let secret_env = [
        ("DB_PASSWORD", SECRET),
        ("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument"),
    ];
    account
        .function(
            "reader",
            &role,
            Some((&[&subnet], &[&group])),
            Tracing::Active,
            &secret_env,
        )
        .await;

    let keys = account
        .config
        .credentials_provider()
        .expect("a provider")
        .provide_credentials()
        .await
        .expect("credentials");
    let dir = std::env::temp_dir().join(format!("xraypath-read-only-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let snapshot_path = dir.join("account.json");
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xraypath"))
            .args(args)
            .args(["--endpoint-url", &moto().endpoint, "--region", "us-east-1"])
            .env("AWS_ACCESS_KEY_ID", keys.access_key_id())
            .env("AWS_SECRET_ACCESS_KEY", keys.secret_access_key())
            .env(
                "AWS_SESSION_TOKEN",
                keys.session_token().unwrap_or_default(),
            )
            .env("AWS_CONFIG_FILE", dir.join("no-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"))
            .env_remove("AWS_PROFILE")
            .output()
            .expect("xraypath runs")
    };

    moto_api("/moto-api/recorder/reset-recording");
    moto_api("/moto-api/recorder/start-recording");
    let fetched = xraypath::aws::fetch_snapshot(&account.config, None)
        .await
        .expect("fetch");
    let check = cli(&["check", "--format", "json"]);
    let snapshot = cli(&[
        "snapshot",
        "--output",
        snapshot_path.to_str().expect("utf-8"),
    ]);
    moto_api("/moto-api/recorder/stop-recording");
    let recording = moto_api("/moto-api/recorder/download-recording");

    assert_eq!(fetched.functions.len(), 1);
    assert!(
        check.status.code() == Some(0) || check.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check JSON");
    assert_eq!(report["functions"][0]["name"], "reader");
    assert_eq!(
        snapshot.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&snapshot.stderr)
    );

    let operations: BTreeSet<String> = recording
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| operation(&serde_json::from_str(line).expect("a recorded request")))
        .collect();
    eprintln!("recorded operations: {operations:?}");
    assert!(operations.contains("ec2:DescribeVpcs"), "{operations:?}");
    assert!(
        operations.contains("lambda:ListFunctions"),
        "{operations:?}"
    );
    assert!(
        operations.contains("iam:GetPolicyVersion"),
        "{operations:?}"
    );
    for op in &operations {
        let name = op.split(':').nth(1).unwrap_or_default();
        assert!(
            ["Describe", "List", "Get", "BatchGet"]
                .iter()
                .any(|p| name.starts_with(p)),
            "{op} is not a read"
        );
    }
    let policy = readme_policy_actions();
    let missing: Vec<&String> = operations
        .iter()
        .filter(|op| !policy.contains(*op))
        .collect();
    assert!(missing.is_empty(), "the README policy lacks {missing:?}");

    // Secrets: the names the sender model needs stay; other values never land on disk.
    let written = std::fs::read_to_string(&snapshot_path).expect("the snapshot file");
    assert!(!written.contains(SECRET), "a secret reached the snapshot");
    assert!(written.contains("DB_PASSWORD"), "env names are kept");
    assert!(
        written.contains("/opt/otel-instrument"),
        "the sender model's values are kept"
    );
    assert!(
        !written.contains(keys.secret_access_key()),
        "credentials reached the snapshot"
    );
}
