//! `xraypath check`: the verdicts as text for people or JSON for scripts.

use super::source::load_account;
use super::{CheckArgs, Format};
use crate::analysis::{FunctionReport, Report, Verdict, analyze};
use crate::ui::display::{self, escaped};
use anyhow::{Result, bail};
use std::fmt::Write as _;
use std::process::ExitCode;

/// Runs the check; exit 1 when any function is blocked or partial.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let mut snapshot = load_account(&args.account)?;
    // Declarations on the command line come before those in the snapshot.
    snapshot
        .daemon_declarations
        .splice(0..0, args.daemons.iter().cloned());
    for declaration in &args.daemons {
        if let crate::model::DaemonScope::Function(name) = &declaration.scope
            && !snapshot.functions.iter().any(|f| &f.name == name)
        {
            bail!(
                "--daemon names no function {name} in {} ({})",
                snapshot.region,
                snapshot.account
            );
        }
        if let crate::model::DaemonScope::Vpc(id) = &declaration.scope
            && !snapshot.vpcs.iter().any(|v| &v.id == id)
        {
            bail!(
                "--daemon names no VPC {id} in {} ({})",
                snapshot.region,
                snapshot.account
            );
        }
    }
    let mut report = analyze(&snapshot);
    if !args.functions.is_empty() {
        for name in &args.functions {
            if report.function(name).is_none() {
                bail!(
                    "no function named {name} in {} ({})",
                    report.region,
                    report.account
                );
            }
        }
        report
            .functions
            .retain(|f| args.functions.contains(&f.name));
    }
    if let Some(minutes) = args.traces {
        let options = args.account.fetch_options();
        super::traces::add_no_recent_traces(&mut report, &options, minutes)?;
    }

    let out = match args.format {
        Format::Json => {
            display::json_escaped(&serde_json::to_string_pretty(&report)?).into_owned() + "\n"
        }
        Format::Text => text(&report),
        Format::Markdown => crate::export::markdown(&report, &snapshot),
        Format::Html => crate::export::html(&report, &snapshot),
    };
    print!("{out}");

    let failing = report
        .functions
        .iter()
        .any(|f| matches!(f.verdict, Verdict::Blocked | Verdict::Partial));
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The human report: one block per function, problems first.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let count = |v: Verdict| report.functions.iter().filter(|f| f.verdict == v).count();
    let _ = writeln!(
        out,
        "{} function{} in {} (account {}): {} reachable, {} partial, {} blocked, {} unknown",
        report.functions.len(),
        if report.functions.len() == 1 { "" } else { "s" },
        escaped(&report.region),
        escaped(&report.account),
        count(Verdict::Reachable),
        count(Verdict::Partial),
        count(Verdict::Blocked),
        count(Verdict::Unknown),
    );
    for function in &report.functions {
        out.push('\n');
        function_text(&mut out, function);
    }
    out
}

fn function_text(out: &mut String, function: &FunctionReport) {
    let _ = writeln!(
        out,
        "{:<9} {}  (route {}, sender {}, tracing {}{})",
        function.verdict.as_str().to_uppercase(),
        escaped(&function.name),
        function.route.as_str(),
        function.sender.as_str(),
        function.tracing,
        function
            .vpc_id
            .as_deref()
            .map(|v| format!(", {}", escaped(v)))
            .unwrap_or_default(),
    );
    for finding in &function.findings {
        let _ = writeln!(
            out,
            "  {:<7} {}: {}",
            finding.severity.as_str(),
            finding.check,
            escaped(&finding.message)
        );
        if let Some(fix) = &finding.fix {
            let _ = writeln!(out, "          fix: {}", escaped(fix));
        }
        for nested in &finding.via {
            let _ = writeln!(
                out,
                "          via {} {}: {}",
                nested.severity.as_str(),
                nested.check,
                escaped(&nested.message)
            );
            if let Some(fix) = &nested.fix {
                let _ = writeln!(out, "              fix: {}", escaped(fix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_in_names_are_escaped_not_printed() {
        let mut snapshot = crate::demo::snapshot();
        let function = snapshot
            .functions
            .first_mut()
            .expect("the demo has functions");
        function.name = "evil\u{202e}gpj.exe\nINJECTED".to_owned();
        function.tracing = crate::model::TracingMode::PassThrough;
        let out = text(&analyze(&snapshot));
        assert!(!out.contains('\u{202e}'), "{out}");
        assert!(!out.lines().any(|l| l.starts_with("INJECTED")), "{out}");
        assert!(out.contains("evil\\u{202e}gpj.exe\\u{a}INJECTED"), "{out}");
        // The fix command that names the function is escaped the same way.
        assert!(
            out.contains("--function-name evil\\u{202e}gpj.exe\\u{a}INJECTED --tracing-config"),
            "{out}"
        );
    }
}
