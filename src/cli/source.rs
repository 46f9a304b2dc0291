//! Getting an account: from AWS through the `aws` layer, from a snapshot
//! file, or the bundled demo. Also the `snapshot` and `gui` commands.

use super::{AccountArgs, AwsArgs, SnapshotArgs};
use crate::aws::{self, FetchOptions};
use crate::model::Snapshot;
use anyhow::{Context, Result};

impl AccountArgs {
    /// The options the `aws` layer takes.
    pub fn fetch_options(&self) -> FetchOptions {
        self.aws.fetch_options()
    }
}

impl AwsArgs {
    /// The options the `aws` layer takes.
    pub fn fetch_options(&self) -> FetchOptions {
        FetchOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }
}

/// A multi-threaded runtime for the headless commands.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("xraypath-cli")
        .build()
        .context("cannot start the async runtime")
}

/// Reads the account the arguments name.
pub fn load_account(args: &AccountArgs) -> Result<Snapshot> {
    if args.demo {
        return Ok(crate::demo::snapshot());
    }
    if let Some(path) = &args.snapshot {
        return Ok(Snapshot::load(path)?);
    }
    fetch(&args.fetch_options())
}

/// Fetches a live account, failing when there are no credentials.
fn fetch(options: &FetchOptions) -> Result<Snapshot> {
    runtime()?.block_on(async {
        let config = aws::load_config(options).await?;
        aws::check_credentials(&config, options.profile.as_deref()).await?;
        Ok(aws::fetch_snapshot(&config, None).await?)
    })
}

/// `xraypath snapshot`: fetch and write the file.
pub fn write_snapshot(args: &SnapshotArgs) -> Result<()> {
    let options = args.aws.fetch_options();
    let mut snapshot = fetch(&options)?;
    if args.redact {
        snapshot = snapshot.redacted()?;
    }
    snapshot.save(&args.output)?;
    eprintln!(
        "wrote {}: {} functions, {} VPCs, {} calls unreadable",
        args.output.display(),
        snapshot.functions.len(),
        snapshot.vpcs.len(),
        snapshot.unreadable.len()
    );
    Ok(())
}

/// `xraypath gui` (and no command at all): the demo when asked for, a
/// snapshot file when named, else the chosen (or default) profile and
/// region. With no sign of credentials at all the demo opens, so anyone can
/// learn offline; a named profile that fails is an error.
pub fn run_gui(args: &AccountArgs) -> Result<()> {
    let (snapshot, label, fetch) = if args.demo {
        (
            crate::demo::snapshot(),
            crate::demo::DEMO_LABEL.to_owned(),
            None,
        )
    } else if let Some(path) = &args.snapshot {
        (Snapshot::load(path)?, path.display().to_string(), None)
    } else if args.aws.profile.is_some() || args.aws.endpoint_url.is_some() {
        let options = args.fetch_options();
        runtime()?.block_on(async {
            let config = aws::load_config(&options).await?;
            aws::check_credentials(&config, options.profile.as_deref()).await
        })?;
        let region = args.aws.region.clone().unwrap_or_default();
        (
            Snapshot::new(region, ""),
            live_label(&options),
            Some(options),
        )
    } else if credentials_likely()? {
        let options = args.fetch_options();
        let region = args.aws.region.clone().unwrap_or_default();
        (
            Snapshot::new(region, ""),
            live_label(&options),
            Some(options),
        )
    } else {
        let label = format!("{} - no AWS credentials found", crate::demo::DEMO_LABEL);
        (crate::demo::snapshot(), label, None)
    };
    crate::ui::run_gui(snapshot, label, fetch)
        .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

fn live_label(options: &FetchOptions) -> String {
    let profile = options.profile.as_deref().unwrap_or("default profile");
    match &options.region {
        Some(region) => format!("{profile}, {region}"),
        None => profile.to_owned(),
    }
}

/// Whether credentials are worth looking for: a profile in the AWS files
/// or keys in the environment. Checked without the network, so the window
/// opens at once; the fetch itself reports a credential that fails.
fn credentials_likely() -> Result<bool> {
    let env = [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ];
    if env.iter().any(|name| std::env::var_os(name).is_some()) {
        return Ok(true);
    }
    let profiles = runtime()?
        .block_on(aws::list_profiles())
        .unwrap_or_default();
    Ok(!profiles.is_empty())
}
