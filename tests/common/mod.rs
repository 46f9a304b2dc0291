//! The moto harness shared by the AWS tests: one moto server per test
//! binary (started on first use, on a free port, stopped when the binary
//! exits) and, per test, a fresh account of its own on that server, filled
//! through the real SDK. Accounts keep tests apart, so they run in
//! parallel without resetting the server between them.
#![allow(dead_code, unused_imports)]

mod builders;
mod deny;
mod dns;
mod zip;

pub use builders::{Account, AclRule, Tracing, XRAY_MANAGED_POLICY};
pub use deny::denying;
pub use dns::{a_record, dhcp_name_servers, forward_rule, private_zone};

use aws_config::SdkConfig;
use aws_sdk_ec2::config::{Credentials, SharedCredentialsProvider};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use xraypath::aws::{FetchOptions, load_config};

/// The region every test account lives in.
pub const REGION: &str = "us-east-1";

/// One moto server for this test binary.
pub struct Moto {
    /// e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
    child: Mutex<Child>,
    /// Held open for the life of the process: when the test binary exits,
    /// the pipe closes and the server stops (`--exit-on-stdin-eof`).
    _stdin: Mutex<ChildStdin>,
}

static MOTO: OnceLock<Moto> = OnceLock::new();
static NEXT_ACCOUNT: AtomicU64 = AtomicU64::new(210_000_000_000);

/// The binary's moto server, started on first use.
pub fn moto() -> &'static Moto {
    MOTO.get_or_init(Moto::start)
}

impl Moto {
    fn start() -> Self {
        let python = std::env::var_os("XRAYPATH_MOTO_PYTHON").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
            PathBuf::from,
        );
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/moto_server.py");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free local port")
            .port();

        let mut child = Command::new(&python)
            .arg(&script)
            .arg(port.to_string())
            .arg("--exit-on-stdin-eof")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot start moto with {} ({err}); create the venv with \
                     `python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.5'` \
                     or set XRAYPATH_MOTO_PYTHON",
                    python.display()
                )
            });

        // The script prints its ready line once the server accepts requests.
        let stdout = child.stdout.take().expect("moto's stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("moto's ready line");
        assert!(
            line.starts_with("moto ready"),
            "moto did not start (is moto[server] 5.2.5 installed for {}?): {line:?}",
            python.display()
        );

        let stdin = child.stdin.take().expect("moto's stdin is piped");
        Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            child: Mutex::new(child),
            _stdin: Mutex::new(stdin),
        }
    }

    /// Drops every resource of every account (`POST /moto-api/reset`).
    /// Tests here use an account each instead; this is for a test that
    /// needs the default account empty.
    pub fn reset(&self) {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to moto");
        let request = format!(
            "POST /moto-api/reset HTTP/1.1\r\nHost: {address}\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).expect("send to moto");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("moto's answer");
        assert!(response.contains(" 200 "), "moto reset failed: {response}");
    }

    /// A configuration for moto's default account: static test
    /// credentials, `us-east-1`, every client pointed at the server —
    /// loaded through [`xraypath::aws::load_config`] like the app does.
    pub async fn sdk_config(&self) -> SdkConfig {
        let options = FetchOptions {
            profile: None,
            region: Some(REGION.to_owned()),
            endpoint_url: Some(self.endpoint.clone()),
        };
        let config = load_config(&options).await.expect("configuration for moto");
        with_credentials(
            &config,
            Credentials::new("test", "test", None, None, "moto"),
        )
    }

    /// A fresh, empty account of its own: STS AssumeRole into a role ARN
    /// of a new account id gives credentials moto files under that account.
    pub async fn account(&self) -> Account {
        let base = self.sdk_config().await;
        let id = NEXT_ACCOUNT.fetch_add(1, Ordering::Relaxed).to_string();
        let sts = aws_sdk_sts::Client::new(&base);
        let assumed = sts
            .assume_role()
            .role_arn(format!("arn:aws:iam::{id}:role/xraypath-test"))
            .role_session_name("xraypath-test")
            .send()
            .await
            .expect("sts:AssumeRole on moto");
        let keys = assumed.credentials.expect("assumed role credentials");
        let credentials = Credentials::new(
            keys.access_key_id,
            keys.secret_access_key,
            Some(keys.session_token),
            None,
            "moto-assumed-role",
        );
        Account::new(id, with_credentials(&base, credentials))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn with_credentials(config: &SdkConfig, credentials: Credentials) -> SdkConfig {
    config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build()
}
