//! `xraypath traces`: one function's recent X-Ray traces, newest first, as
//! text or as DESIGN.md's JSON; and the `no-recent-traces` findings that
//! `check --traces` adds to a report.

use super::source::runtime;
use super::{TracesArgs, TracesFormat};
use crate::analysis::{CheckId, Finding, Hop, Report, Severity};
use crate::aws::{self, AwsError, FetchOptions};
use crate::model::{TraceList, TraceWindow};
use crate::ui::display;
use anyhow::{Context, Result, anyhow};
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::SystemTime;

/// Lists the traces; exit 0 whether or not there are any.
pub fn run(args: &TracesArgs) -> Result<ExitCode> {
    let window = window(args.minutes)?;
    let options = args.aws.fetch_options();
    let list = runtime()?.block_on(async {
        let config = aws::load_config(&options).await?;
        aws::check_credentials(&config, options.profile.as_deref()).await?;
        aws::fetch_traces(&config, &args.function, window, SystemTime::now())
            .await
            .map_err(explain)
    })?;

    let out = match args.format {
        TracesFormat::Json => serde_json::to_string_pretty(&list)? + "\n",
        TracesFormat::Text => text(&list),
    };
    // Names and ids come from the account: nothing in them moves the cursor.
    let out = match args.format {
        TracesFormat::Json => display::json_escaped(&out).into_owned(),
        TracesFormat::Text => out,
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// Adds `no-recent-traces` to each function of the report that has no
/// trace in the last `minutes`, reading a few functions at a time.
pub fn add_no_recent_traces(
    report: &mut Report,
    options: &FetchOptions,
    minutes: u32,
) -> Result<()> {
    let window = window(minutes)?;
    let names: Vec<String> = report.functions.iter().map(|f| f.name.clone()).collect();
    let found = runtime()?.block_on(async {
        let config = aws::load_config(options).await?;
        let now = SystemTime::now();
        anyhow::Ok(aws::functions_with_recent_traces(&config, &names, window, now).await)
    })?;

    for (function, found) in report.functions.iter_mut().zip(found) {
        if found.map_err(explain)? {
            continue;
        }
        function.findings.push(Finding {
            check: CheckId::NoRecentTraces,
            severity: Severity::Info,
            resources: Vec::new(),
            message: format!(
                "no X-Ray trace of {} in the last {}: it was not invoked, sampling \
                 skipped every request, tracing is PassThrough, or no segment reached X-Ray",
                function.name,
                window.label()
            ),
            fix: None,
            via: Vec::new(),
            hop: Hop::Xray,
            subnet: None,
        });
        // Stable: findings keep their order within one severity and id.
        function.findings.sort_by_key(|f| (f.severity, f.check));
    }
    Ok(())
}

/// The window for `minutes` (clap already keeps it in range).
fn window(minutes: u32) -> Result<TraceWindow> {
    TraceWindow::from_minutes(minutes).with_context(|| {
        format!(
            "--minutes must be 1 to {}, not {minutes}",
            TraceWindow::MAX_MINUTES
        )
    })
}

/// Says which permission a denied call needs, in front of AWS's words.
fn explain(error: AwsError) -> anyhow::Error {
    match error.missing_permission() {
        Some(action) => anyhow!(error).context(format!(
            "the credentials are not allowed {action}: add it to their IAM policy"
        )),
        None => anyhow!(error),
    }
}

/// The human list: a summary line, then one line per trace.
pub fn text(list: &TraceList) -> String {
    let mut out = String::new();
    let window = list.window.label();
    let function = display::escaped(&list.function);
    let Some(newest) = list.newest() else {
        let _ = writeln!(out, "no traces of {function} in the last {window}");
        return out;
    };
    let plural = if list.traces.len() == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "{} trace{plural} of {} in the last {window}, newest {}",
        list.traces.len(),
        function,
        display::escaped(&newest.start)
    );
    let _ = writeln!(
        out,
        "{:<28} {:>10}  {:<8} {:>4}  ID",
        "START", "DURATION", "STATUS", "HTTP"
    );
    for trace in &list.traces {
        let http = trace
            .http_status
            .map_or_else(|| "-".to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "{:<28} {:>8.3} s  {:<8} {:>4}  {}",
            display::escaped(&trace.start),
            trace.duration_s,
            trace.status().as_str(),
            http,
            display::escaped(&trace.id)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TraceSummary;

    #[test]
    fn text_lists_newest_first_with_status_and_http() {
        let trace = |id: &str, start: &str, fault: bool, http| TraceSummary {
            id: id.to_owned(),
            start: start.to_owned(),
            duration_s: 0.25,
            fault,
            error: false,
            throttle: false,
            http_status: http,
            start_unix_s: 0.0,
        };
        let list = TraceList {
            function: "orders".to_owned(),
            traces: vec![
                trace("1-b", "2025-01-31T12:00:05Z", true, Some(502)),
                trace("1-a", "2025-01-31T12:00:00Z", false, None),
            ],
            ..TraceList::default()
        };
        let text = text(&list);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "2 traces of orders in the last 15 min, newest 2025-01-31T12:00:05Z"
        );
        assert!(
            lines[2].contains("fault") && lines[2].contains("502"),
            "{text}"
        );
        assert!(
            lines[3].contains("ok") && lines[3].contains(" -  1-a"),
            "{text}"
        );
    }

    #[test]
    fn denied_call_names_the_missing_permission() {
        let denied = AwsError::Call {
            operation: "xray:GetTraceSummaries",
            code: "AccessDeniedException".to_owned(),
            message: "User is not authorized".to_owned(),
        };
        let line = super::super::one_line(&explain(denied));
        assert!(
            line.starts_with("the credentials are not allowed xray:GetTraceSummaries"),
            "{line}"
        );
        assert!(line.contains("AccessDeniedException"), "{line}");

        let throttled = AwsError::Call {
            operation: "xray:GetTraceSummaries",
            code: "ThrottledException".to_owned(),
            message: "Rate exceeded".to_owned(),
        };
        assert!(!explain(throttled).to_string().contains("not allowed"));
    }

    #[test]
    fn text_says_when_there_are_none() {
        let list = TraceList {
            function: "orders".to_owned(),
            ..TraceList::default()
        };
        assert_eq!(text(&list), "no traces of orders in the last 15 min\n");
    }
}
