//! Loading the SDK configuration for a profile, region and endpoint, and
//! reading which profiles exist — always through aws-config, which knows
//! every file location and syntax rule, never by parsing `~/.aws` by hand.

use super::{AwsError, FetchOptions};
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ec2::error::DisplayErrorContext;
use aws_types::os_shim_internal::{Env, Fs};
use std::time::Duration;

/// How long to wait for a TCP connection to an AWS endpoint.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one attempt of one call may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take with its retries.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(90);
/// Attempts per call, the first one included.
const MAX_ATTEMPTS: u32 = 3;

/// Loads the SDK configuration for the options: the profile's settings,
/// the region (options first), one endpoint for every client when given,
/// timeouts and standard retries.
///
/// # Errors
///
/// [`AwsError::UnknownProfile`] when the profile is not configured,
/// [`AwsError::NoRegion`] when no region is given or configured.
/// Credentials are not checked here; see [`has_credentials`].
pub async fn load_config(opts: &FetchOptions) -> Result<SdkConfig, AwsError> {
    let named = profile_to_check(
        opts.profile.as_deref(),
        std::env::var("AWS_PROFILE").ok().as_deref(),
    );
    if let Some(profile) = &named {
        // A misspelt profile would otherwise surface later as a vague
        // credentials error. Unreadable files are left to the SDK to report.
        if let Ok(names) = list_profiles().await
            && !names.contains(profile)
        {
            return Err(AwsError::UnknownProfile(profile.clone()));
        }
    }

    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    // An empty URL (or AWS_ENDPOINT_URL="") means no override, not a panic
    // deep in the SDK.
    if let Some(url) = opts
        .endpoint_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        loader = loader.endpoint_url(url);
    }

    let config = loader.load().await;
    if config.region().is_none() {
        return Err(AwsError::NoRegion);
    }
    tracing::debug!(
        profile = opts.profile.as_deref(),
        region = config.region().map(Region::as_ref),
        endpoint = config.endpoint_url(),
        "loaded AWS configuration"
    );
    Ok(config)
}

/// The profile names of the user's AWS config and credentials files,
/// sorted, each once.
///
/// # Errors
///
/// [`AwsError::ProfileFiles`] when a file exists but cannot be read or parsed.
pub async fn list_profiles() -> Result<Vec<String>, AwsError> {
    let profiles = aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        // The standard locations: ~/.aws/config, ~/.aws/credentials and
        // the AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE overrides.
        &Default::default(),
        None,
    )
    .await
    .map_err(|err| AwsError::ProfileFiles(DisplayErrorContext(&err).to_string()))?;

    let mut names: Vec<String> = profiles.profiles().map(str::to_owned).collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The profile whose existence is worth checking: `--profile`, else a
/// non-default `AWS_PROFILE` (a misspelt one would otherwise surface as
/// "no region" or a vague credentials error).
fn profile_to_check(option: Option<&str>, env: Option<&str>) -> Option<String> {
    option
        .or(env
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "default"))
        .map(str::to_owned)
}

/// Whether the configuration yields credentials (without calling AWS).
pub async fn has_credentials(config: &SdkConfig) -> bool {
    check_credentials(config, None).await.is_ok()
}

/// Resolves the configuration's credentials once, explaining a failure:
/// an expired SSO session tells the user to run `aws sso login --profile P`.
///
/// # Errors
///
/// [`AwsError::NoCredentials`] or [`AwsError::CredentialsExpired`].
pub async fn check_credentials(config: &SdkConfig, profile: Option<&str>) -> Result<(), AwsError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(AwsError::NoCredentials {
            profile: profile.map(str::to_owned),
            message: "no credentials provider is configured".to_owned(),
        });
    };
    match provider.provide_credentials().await {
        Ok(_) => Ok(()),
        Err(err) => Err(credentials_error(&err).with_profile(profile)),
    }
}

/// Maps a credentials provider error to the message the user acts on.
fn credentials_error(err: &CredentialsError) -> AwsError {
    let message = match err {
        CredentialsError::CredentialsNotLoaded(_) => "none were found in the environment, the \
             profile files, an SSO session or an instance role (run `aws configure` or \
             `aws sso login`)"
            .to_owned(),
        _ => plain_chain(err),
    };
    // The SSO and STS providers say "expired" for both an expired SSO
    // session and expired temporary credentials; there is no typed variant.
    if message.to_ascii_lowercase().contains("expired") {
        AwsError::CredentialsExpired {
            profile: None,
            message,
        }
    } else {
        AwsError::NoCredentials {
            profile: None,
            message,
        }
    }
}

/// An error and its causes in their own words, without the debug dumps
/// `DisplayErrorContext` adds: one short line for the user.
fn plain_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(error) = next {
        let text = error.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = error.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_call_is_bounded_in_time_and_retried() {
        let options = FetchOptions {
            profile: None,
            region: Some("eu-west-1".to_owned()),
            endpoint_url: Some("http://127.0.0.1:9".to_owned()),
        };
        let config = load_config(&options)
            .await
            .expect("a config without the network");
        let timeouts = config.timeout_config().expect("timeouts are set");
        assert_eq!(timeouts.connect_timeout(), Some(CONNECT_TIMEOUT));
        assert_eq!(timeouts.operation_attempt_timeout(), Some(ATTEMPT_TIMEOUT));
        assert_eq!(timeouts.operation_timeout(), Some(OPERATION_TIMEOUT));
        let retry = config.retry_config().expect("retries are set");
        assert_eq!(retry.max_attempts(), MAX_ATTEMPTS);
        assert_eq!(retry.mode(), aws_config::retry::RetryMode::Standard);
        assert_eq!(
            config.region().map(ToString::to_string).as_deref(),
            Some("eu-west-1")
        );
    }

    #[test]
    fn a_profile_named_in_the_environment_is_checked_like_the_option() {
        assert_eq!(
            profile_to_check(Some("prod"), Some("dev")).as_deref(),
            Some("prod")
        );
        assert_eq!(profile_to_check(None, Some("dev")).as_deref(), Some("dev"));
        assert_eq!(profile_to_check(None, Some("default")), None);
        assert_eq!(profile_to_check(None, Some(" ")), None);
        assert_eq!(profile_to_check(None, None), None);
    }

    #[test]
    fn an_expired_session_tells_the_user_to_log_in_again() {
        let error = CredentialsError::provider_error("the SSO session has expired");
        let mapped = credentials_error(&error).with_profile(Some("prod"));
        let message = mapped.to_string();
        assert!(
            message.contains("aws sso login --profile prod"),
            "{message}"
        );
        let error = CredentialsError::not_loaded("no providers in chain provided credentials");
        let mapped = credentials_error(&error);
        assert!(matches!(mapped, AwsError::NoCredentials { .. }), "{mapped}");
        let message = mapped.to_string();
        assert!(
            message.contains("none were found in the environment"),
            "{message}"
        );
        assert!(
            !message.contains("expired") && message.len() < 300,
            "{message}"
        );
    }
}
