//! The report as one self-contained HTML page: inline CSS, no script, no
//! external resource, so it opens from a mail attachment or a file share.
//! The markup is also well-formed XML, which is how the tests read it back.

use super::{
    hop_word, section_id, status_word, subnet_label, title, tone_word, verdict_counts, vpc_label,
    xml_escape as esc,
};
use crate::analysis::{Finding, FunctionReport, Report, Status};
use crate::graph::Tone;
use crate::model::{Index, Snapshot};
use std::fmt::Write as _;

const STYLE: &str = "
:root { color-scheme: light dark; --pass: #1a7f37; --caution: #9a6700; --fail: #cf222e;
  --info: #0969da; --weak: #59636e; --line: #d0d7de; --code: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --pass: #3fb950; --caution: #e3a008;
  --fail: #f85149; --info: #58a6ff; --weak: #8b949e; --line: #30363d; --code: #161b22; } }
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto;
  padding: 0 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; } h2 { border-top: 1px solid var(--line); padding-top: 1rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
code, pre { font: 13px/1.4 ui-monospace, monospace; background: var(--code); }
pre { padding: .5rem .75rem; overflow-x: auto; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dt { color: var(--weak); } dd { margin: 0; }
.badge { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; color: #fff;
  text-transform: uppercase; vertical-align: middle; }
.pass, .reachable { --tone: var(--pass); } .caution, .partial, .unknown { --tone: var(--caution); }
.fail, .blocked, .error { --tone: var(--fail); } .warning { --tone: var(--caution); }
.info { --tone: var(--info); }
.badge { background: var(--tone); } .status, .severity { color: var(--tone); font-weight: 600; }
.hops { margin: 0; padding-left: 1.2rem; }
.findings li { margin-bottom: .5rem; } .via { border-left: 2px solid var(--line); }
.weak { color: var(--weak); }
";

/// The report as a self-contained HTML page: a summary table, one
/// `<section id="fn-…">` per function (see [`super::section_id`]) with
/// its verdict, path per subnet and findings, and the topology as SVG.
pub fn html(report: &Report, snapshot: &Snapshot) -> String {
    html_with_edits(report, snapshot, &[])
}

/// [`html`] for an account changed by what-if edits, which the page lists
/// under the summary so no reader takes them for the account as it is.
pub fn html_with_edits(report: &Report, snapshot: &Snapshot, edits: &[String]) -> String {
    let index = Index::new(snapshot);
    let heading = esc(&title(report));
    let mut out = String::new();

    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{heading}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n"
    );
    let taken = snapshot
        .fetched_at
        .as_deref()
        .map(|at| format!("Snapshot taken {}. ", esc(at)))
        .unwrap_or_default();
    let _ = writeln!(out, "<p>{taken}{}.</p>", verdict_counts(report));
    if !edits.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"what-if\"><strong>What if:</strong> judged with {} made in xraypath, not in AWS:</p>\n<ul class=\"what-if\">",
            super::edit_count(edits.len())
        );
        for edit in edits {
            let _ = writeln!(out, "<li>{}</li>", esc(edit));
        }
        out.push_str("</ul>\n");
    }

    summary(&mut out, report);
    for function in &report.functions {
        section(&mut out, &index, function);
    }

    let _ = writeln!(
        out,
        "<details>\n<summary>Topology, every path coloured</summary>\n{}</details>",
        super::svg(snapshot, report, None)
    );
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, report: &Report) {
    if report.functions.is_empty() {
        return;
    }
    out.push_str(
        "<table class=\"summary\">\n<thead><tr><th>Function</th><th>Verdict</th>\
         <th>Route</th><th>Sender</th></tr></thead>\n<tbody>\n",
    );
    for function in &report.functions {
        let verdict = function.verdict.as_str();
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{}\"><bdi>{}</bdi></a></td><td class=\"status {verdict}\">\
             {verdict}</td><td>{}</td><td>{}</td></tr>",
            section_id(&function.name),
            esc(&function.name),
            function.route.as_str(),
            function.sender.as_str(),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn section(out: &mut String, index: &Index<'_>, function: &FunctionReport) {
    let verdict = function.verdict.as_str();
    let _ = writeln!(
        out,
        "<section id=\"{}\" class=\"function {verdict}\">\n\
         <h2><bdi>{}</bdi> <span class=\"badge {verdict}\">{verdict}</span></h2>",
        section_id(&function.name),
        esc(&function.name),
    );

    out.push_str("<dl>\n");
    let mut fact = |term: &str, value: &str| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    fact(
        "Verdict",
        &format!("<span class=\"status {verdict}\">{verdict}</span>"),
    );
    fact("Sender", function.sender.as_str());
    fact("Route", function.route.as_str());
    fact("Tracing", function.tracing);
    fact("VPC", &esc(&vpc_label(index, function)));
    if !function.security_groups.is_empty() {
        let groups: Vec<String> = function.security_groups.iter().map(|g| code(g)).collect();
        fact("Security groups", &groups.join(", "));
    }
    out.push_str("</dl>\n");

    out.push_str("<h3>Path</h3>\n");
    paths(out, index, function);

    out.push_str("<h3>Findings</h3>\n");
    if function.findings.is_empty() {
        out.push_str("<p class=\"weak\">None.</p>\n");
    } else {
        findings(out, &function.findings, "findings");
    }
    out.push_str("</section>\n");
}

fn paths(out: &mut String, index: &Index<'_>, function: &FunctionReport) {
    if function.paths.is_empty() {
        out.push_str(
            "<p class=\"weak\">No subnet path: the function does not send through a VPC.</p>\n",
        );
        return;
    }
    out.push_str(
        "<table class=\"paths\">\n<thead><tr><th>Subnet</th><th>Zone</th><th>Route</th>\
         <th>Via</th><th>Hops</th><th>Status</th></tr></thead>\n<tbody>\n",
    );
    for path in &function.paths {
        let via: Vec<String> = path.via.iter().map(|id| code(id)).collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ol class=\"hops\">",
            esc(&subnet_label(index, &path.subnet_id)),
            esc(&path.availability_zone),
            path.route.as_str(),
            if via.is_empty() {
                "—".to_owned()
            } else {
                via.join(" → ")
            },
        );
        for (hop, status) in &path.hops {
            let _ = write!(
                out,
                "<li>{} <span class=\"status {}\">{}</span></li>",
                hop_word(*hop),
                tone_word(Tone::of_status(*status)),
                status_word(*status),
            );
        }
        let _ = writeln!(
            out,
            "</ol></td><td class=\"status {}\">{}</td></tr>",
            tone_word(Tone::of_status(path.status)),
            status_word(path.status),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if function.paths.iter().any(|p| p.status != Status::Pass) {
        out.push_str(
            "<p class=\"weak\">The findings below say which rule stops each failing hop.</p>\n",
        );
    }
}

/// A list of findings; `via` findings nest as an indented list inside theirs.
fn findings(out: &mut String, list: &[Finding], class: &str) {
    let _ = writeln!(out, "<ul class=\"{class}\">");
    for finding in list {
        let severity = finding.severity.as_str();
        let _ = write!(
            out,
            "<li class=\"finding {severity}\"><span class=\"severity {severity}\">{severity}</span> \
             <code>{}</code>: {}",
            finding.check,
            esc(&finding.message),
        );
        if !finding.resources.is_empty() {
            let resources: Vec<String> = finding.resources.iter().map(|r| code(r)).collect();
            let _ = write!(
                out,
                "<br/><span class=\"weak\">Resources: {}</span>",
                resources.join(", ")
            );
        }
        if let Some(fix) = &finding.fix {
            let _ = write!(out, "<pre><code>{}</code></pre>", esc(fix));
        }
        if !finding.via.is_empty() {
            out.push('\n');
            findings(out, &finding.via, "via");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// An id in a code element.
fn code(raw: &str) -> String {
    format!("<code>{}</code>", esc(raw))
}
