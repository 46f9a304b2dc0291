//! Argument parsing and the headless commands. `anyhow` lives here and in
//! `main`; every error becomes one line on stderr and exit code 2.

mod check;
mod source;
mod traces;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Can each Lambda function's trace data reach AWS X-Ray, and if not,
/// which rule stops it?
#[derive(Debug, Parser)]
#[command(name = "xraypath", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands; none starts the desktop app.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the desktop app (the default).
    Gui(GuiArgs),
    /// Judge every function and print the verdicts.
    Check(CheckArgs),
    /// Read the account and write it to a snapshot file.
    Snapshot(SnapshotArgs),
    /// List one function's recent X-Ray traces, newest first.
    Traces(TracesArgs),
}

/// How to reach AWS: every command that reads the account takes these.
#[derive(Debug, Clone, Default, Args)]
pub struct AwsArgs {
    /// AWS profile from your config and credentials files.
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region, e.g. us-east-1.
    #[arg(long)]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (e.g. a local emulator).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

/// Where the account comes from: AWS, a snapshot file or the demo.
#[derive(Debug, Clone, Default, Args)]
pub struct AccountArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Read a snapshot file instead of AWS.
    #[arg(long, value_name = "FILE", conflicts_with = "demo")]
    pub snapshot: Option<PathBuf>,
    /// Open the bundled demo account.
    #[arg(long)]
    pub demo: bool,
}

/// `xraypath gui`.
#[derive(Debug, Clone, Default, Args)]
pub struct GuiArgs {
    #[command(flatten)]
    pub account: AccountArgs,
}

/// `xraypath check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// Only these functions (repeatable).
    #[arg(long = "function", value_name = "NAME")]
    pub functions: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also read each function's X-Ray traces of the last MINUTES (1 to
    /// 1440, live accounts only): one with none gets `no-recent-traces`.
    #[arg(
        long,
        value_name = "MINUTES",
        value_parser = clap::value_parser!(u32).range(1..=1440),
        conflicts_with_all = ["demo", "snapshot"]
    )]
    pub traces: Option<u32>,
    /// An X-Ray daemon the functions send to (repeatable): `ADDR` for every
    /// function, `FUNCTION=ADDR` for one, `vpc-ID=ADDR` for one VPC's.
    #[arg(long = "daemon", value_name = "[FUNCTION=]ADDR", value_parser = parse_daemon)]
    pub daemons: Vec<crate::model::DaemonDeclaration>,
}

/// Parses one `--daemon` value.
fn parse_daemon(value: &str) -> Result<crate::model::DaemonDeclaration, String> {
    use crate::model::{DaemonAddress, DaemonDeclaration, DaemonScope};
    let (scope, address) = match value.split_once('=') {
        Some((vpc, address)) if vpc.starts_with("vpc-") => {
            (DaemonScope::Vpc(vpc.to_owned()), address)
        }
        Some((function, address)) => (DaemonScope::Function(function.to_owned()), address),
        None => (DaemonScope::Global, value),
    };
    if DaemonAddress::parse(address).is_none() {
        return Err(format!(
            "{address} is not an IPv4 address with an optional port (e.g. 10.0.3.10:2000)"
        ));
    }
    Ok(DaemonDeclaration {
        scope,
        address: address.to_owned(),
    })
}

/// `xraypath traces`.
#[derive(Debug, Clone, Args)]
pub struct TracesArgs {
    /// The function whose traces to list.
    #[arg(long, value_name = "NAME")]
    pub function: String,
    /// How far back to look, in minutes (1 to 1440).
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: u32,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TracesFormat::Text)]
    pub format: TracesFormat,
}

/// `xraypath snapshot`.
#[derive(Debug, Clone, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// The file to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the account id and every ARN's account part, for sharing.
    #[arg(long)]
    pub redact: bool,
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// A review report, one section per function.
    Markdown,
    /// The same report as a self-contained HTML page.
    Html,
}

/// How `traces` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TracesFormat {
    Text,
    Json,
}

/// Parses the arguments, runs the command and turns the outcome into an
/// exit code: 0 fine, 1 a function is blocked or partial, 2 an error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with success, and
            // usage errors to stderr with exit code 2.
            if !error.use_stderr() {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            // One line, as for every other error: clap's lines joined,
            // without the usage and help hints.
            let text = error.to_string();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more"))
                .collect();
            let line = if lines.is_empty() {
                "error: bad arguments".to_owned()
            } else {
                lines.join(" ")
            };
            eprintln!("{}", safe_line(&line));
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    init_logging();
    let result = match cli.command.unwrap_or(Command::Gui(GuiArgs::default())) {
        Command::Gui(args) => source::run_gui(&args.account).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check::run(&args),
        Command::Snapshot(args) => source::write_snapshot(&args).map(|()| ExitCode::SUCCESS),
        Command::Traces(args) => traces::run(&args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {}", safe_line(&one_line(&error)));
        ExitCode::from(2)
    })
}

/// The longest error line printed: a value that runs longer (a name of
/// 100,000 characters from a hostile file) is cut.
const ERROR_CHARS: usize = 600;

/// An error line fit for a terminal: hidden characters escaped (names and
/// paths in it come from files and accounts) and its length bounded.
fn safe_line(line: &str) -> String {
    let escaped = crate::ui::display::escaped(line);
    match escaped.char_indices().nth(ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped.into_owned(),
    }
}

/// The error and its causes on one line.
fn one_line(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string().replace('\n', " ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

fn init_logging() {
    use std::io::IsTerminal as _;
    // Recovered failures (a denied call, a retried one) show up as findings
    // or in our one-line error; by default only lost data reaches stderr.
    // XRAYPATH_LOG=warn (or debug) shows more.
    let filter = tracing_subscriber::EnvFilter::try_from_env("XRAYPATH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_escape_what_moves_the_cursor_and_stay_short() {
        let line = safe_line("no VPC dopt\u{1b}[31mRED\u{7}\r\u{202e}x");
        assert_eq!(line, "no VPC dopt\\u{1b}[31mRED\\u{7}\\u{d}\\u{202e}x");
        let long = safe_line(&"a".repeat(100_000));
        assert_eq!(long.chars().count(), ERROR_CHARS + 1);
        assert!(long.ends_with('…'));
    }
}
