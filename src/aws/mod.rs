//! The only module that uses the AWS SDK. It loads configuration for a
//! profile and region, reads one account and region into a
//! [`Snapshot`](crate::model::Snapshot) with every list call paged to the end
//! and independent calls running concurrently, and records the calls it could
//! not make instead of giving up: a denied call leaves a hole in the
//! topology, not an error.
//!
//! Each AWS service has its own file ([`ec2`](self::ec2), `lambda`, `iam`,
//! `xray`); `fetch` runs them and `call` turns SDK errors into [`AwsError`]
//! and progress reports. Traces are read on demand, not in the snapshot:
//! [`fetch_traces`], [`fetch_trace`] and [`functions_with_recent_traces`].

mod call;
mod config;
mod ec2;
mod fetch;
mod iam;
mod lambda;
mod route53;
mod route53resolver;
mod xray;

pub use config::{check_credentials, has_credentials, list_profiles, load_config};
pub use fetch::fetch_snapshot;
pub use xray::{fetch_trace, fetch_traces, functions_with_recent_traces};

/// Where to read from: all `None` means the SDK's usual defaults
/// (environment, `AWS_PROFILE`, the default profile's region).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchOptions {
    /// A profile of the AWS config or credentials file.
    pub profile: Option<String>,
    /// e.g. `eu-west-1`; overrides the profile's region.
    pub region: Option<String>,
    /// One endpoint for every client, e.g. a local emulator.
    pub endpoint_url: Option<String>,
}

/// Progress of one call, sent as calls start and finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// `service:Operation`, e.g. `ec2:DescribeSubnets`.
    pub api: &'static str,
    /// Started, done or failed.
    pub state: CallState,
}

/// Where one call stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallState {
    /// The call was sent.
    Started,
    /// Finished, with the number of items read (every page).
    Done { items: usize },
    /// Denied or failed, with the AWS error code.
    Failed { code: String },
}

/// Why configuration could not be loaded or nothing could be read.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    /// An AWS call failed; keeps the operation, error code and message.
    #[error("{operation} failed: {code}: {message}")]
    Call {
        operation: &'static str,
        code: String,
        message: String,
    },
    /// No credentials could be found, or AWS did not accept them.
    #[error(
        "no usable AWS credentials{}: {message}",
        profile_note(.profile.as_deref())
    )]
    NoCredentials {
        profile: Option<String>,
        message: String,
    },
    /// The credentials or the SSO session have expired.
    #[error(
        "the AWS credentials have expired ({message}): run `aws sso login{}` and try again",
        login_flag(.profile.as_deref())
    )]
    CredentialsExpired {
        profile: Option<String>,
        message: String,
    },
    /// The AWS endpoint could not be reached.
    #[error("cannot reach AWS for {operation}: {message}")]
    Connect {
        operation: &'static str,
        message: String,
    },
    /// No region was given and none is configured.
    #[error("no AWS region: pass --region or set `region` in the profile")]
    NoRegion,
    /// The named profile is in neither the config nor the credentials file.
    #[error("AWS profile `{0}` is not in the AWS config or credentials file")]
    UnknownProfile(String),
    /// The AWS config or credentials file could not be read or parsed.
    #[error("cannot read the AWS config and credentials files: {0}")]
    ProfileFiles(String),
}

impl AwsError {
    /// Names the profile in credential errors that do not name one yet, so
    /// the message can say `aws sso login --profile P`.
    #[must_use]
    pub fn with_profile(mut self, name: Option<&str>) -> Self {
        if let Self::NoCredentials { profile, .. } | Self::CredentialsExpired { profile, .. } =
            &mut self
            && profile.is_none()
        {
            *profile = name.map(str::to_owned);
        }
        self
    }

    /// The IAM action a denied call needed, e.g. `xray:GetTraceSummaries`;
    /// `None` for any other error.
    pub fn missing_permission(&self) -> Option<&'static str> {
        match self {
            Self::Call {
                operation, code, ..
            } if DENIED_CODES.contains(&code.as_str()) => Some(operation),
            _ => None,
        }
    }

    /// Whether the error is about credentials (missing, rejected or expired).
    pub fn is_credentials(&self) -> bool {
        matches!(
            self,
            Self::NoCredentials { .. } | Self::CredentialsExpired { .. }
        )
    }
}

/// Error codes that mean the caller's policy does not allow the call.
const DENIED_CODES: [&str; 4] = [
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
];

fn profile_note(profile: Option<&str>) -> String {
    profile.map_or_else(String::new, |p| format!(" for profile {p}"))
}

fn login_flag(profile: Option<&str>) -> String {
    profile.map_or_else(String::new, |p| format!(" --profile {p}"))
}

/// Parses a policy document: plain JSON (EC2 endpoint policies) or
/// URL-encoded JSON (IAM returns every document that way).
fn policy_document(text: &str) -> Result<serde_json::Value, String> {
    if let Ok(document) = serde_json::from_str(text) {
        return Ok(document);
    }
    let decoded = percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_err(|err| format!("policy document is not UTF-8 once decoded: {err}"))?;
    serde_json::from_str(&decoded).map_err(|err| format!("policy document is not JSON: {err}"))
}
