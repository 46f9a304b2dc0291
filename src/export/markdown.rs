//! The report as Markdown: a summary table, then one `## ` section per
//! function with its verdict, path per subnet and findings with fixes.

use super::{hops_text, status_word, subnet_label, title, verdict_counts, visible, vpc_label};
use crate::analysis::{Finding, FunctionReport, Report};
use crate::model::{Index, Snapshot};
use std::fmt::Write as _;

/// The report as a Markdown document, one `## ` section per function in
/// the report's order; `snapshot` supplies subnet and VPC names.
pub fn markdown(report: &Report, snapshot: &Snapshot) -> String {
    markdown_with_edits(report, snapshot, &[])
}

/// [`markdown`] for an account changed by what-if edits, listed under
/// the summary line so no reader takes them for the account as it is.
pub fn markdown_with_edits(report: &Report, snapshot: &Snapshot, edits: &[String]) -> String {
    let index = Index::new(snapshot);
    let mut out = String::new();

    let _ = writeln!(out, "# {}\n", text(&title(report)));
    let taken = snapshot
        .fetched_at
        .as_deref()
        .map(|at| format!("Snapshot taken {}. ", text(at)))
        .unwrap_or_default();
    let _ = writeln!(out, "{taken}{}.\n", verdict_counts(report));
    if !edits.is_empty() {
        let _ = writeln!(
            out,
            "> **What if:** judged with {} made in xraypath, not in AWS:\n>",
            super::edit_count(edits.len())
        );
        for edit in edits {
            let _ = writeln!(out, "> - {}", text(edit));
        }
        out.push('\n');
    }

    if !report.functions.is_empty() {
        out.push_str("| Function | Verdict | Route | Sender |\n| --- | --- | --- | --- |\n");
        for function in &report.functions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                text(&function.name),
                function.verdict.as_str(),
                function.route.as_str(),
                function.sender.as_str(),
            );
        }
    }

    for function in &report.functions {
        out.push('\n');
        section(&mut out, &index, function);
    }
    out
}

fn section(out: &mut String, index: &Index<'_>, function: &FunctionReport) {
    let verdict = function.verdict.as_str();
    let _ = writeln!(out, "## {} — {verdict}\n", text(&function.name));
    let _ = writeln!(out, "- Verdict: **{verdict}**");
    let _ = writeln!(out, "- Sender: {}", function.sender.as_str());
    let _ = writeln!(out, "- Route: {}", function.route.as_str());
    let _ = writeln!(out, "- Tracing: {}", function.tracing);
    let _ = writeln!(out, "- VPC: {}", text(&vpc_label(index, function)));
    if !function.security_groups.is_empty() {
        let groups: Vec<String> = function.security_groups.iter().map(|g| code(g)).collect();
        let _ = writeln!(out, "- Security groups: {}", groups.join(", "));
    }

    out.push_str("\n### Path\n\n");
    if function.paths.is_empty() {
        out.push_str("No subnet path: the function does not send through a VPC.\n");
    } else {
        out.push_str("| Subnet | Zone | Route | Via | Hops | Status |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for path in &function.paths {
            let via: Vec<String> = path.via.iter().map(|id| code(id)).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | **{}** |",
                text(&subnet_label(index, &path.subnet_id)),
                text(&path.availability_zone),
                path.route.as_str(),
                if via.is_empty() {
                    "—".to_owned()
                } else {
                    via.join(" → ")
                },
                hops_text(&path.hops),
                status_word(path.status),
            );
        }
    }

    out.push_str("\n### Findings\n\n");
    if function.findings.is_empty() {
        out.push_str("None.\n");
    }
    for finding in &function.findings {
        finding_item(out, finding, "");
    }
}

/// One finding as a list item; its `via` findings nest one level deeper.
fn finding_item(out: &mut String, finding: &Finding, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}- **{}** `{}`: {}",
        finding.severity.as_str(),
        finding.check,
        text(&finding.message)
    );
    let inner = format!("{indent}  ");
    if !finding.resources.is_empty() {
        let resources: Vec<String> = finding.resources.iter().map(|r| code(r)).collect();
        let _ = writeln!(out, "{inner}Resources: {}", resources.join(", "));
    }
    if let Some(fix) = &finding.fix {
        let fence = fence_for(fix);
        let _ = writeln!(
            out,
            "\n{inner}{fence}sh\n{inner}{}\n{inner}{fence}\n",
            visible(fix)
        );
    }
    for nested in &finding.via {
        finding_item(out, nested, &inner);
    }
}

/// A run of backticks longer than any in `content` (at least three), so
/// the fenced block cannot be closed early.
fn fence_for(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// Text that Markdown shows as written: hidden characters made visible,
/// `<`, `>` and `&` as entities (so no renderer sees a tag), and every
/// other character with a Markdown meaning backslash-escaped.
fn text(raw: &str) -> String {
    let raw = visible(raw);
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An id in a code span; an id that a code span would not show as
/// written (backticks, pipes, markup, hidden characters) is escaped text.
fn code(raw: &str) -> String {
    let plain = !raw.is_empty() && !raw.contains(['`', '|', '<', '>', '&']) && visible(raw) == raw;
    if plain { format!("`{raw}`") } else { text(raw) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_names_is_escaped() {
        assert_eq!(text("a|b*c_d"), "a\\|b\\*c\\_d");
        assert_eq!(text("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(code("sg-1"), "`sg-1`");
        assert_eq!(code("x`y"), "x\\`y");
    }

    #[test]
    fn a_fence_outlasts_the_backticks_inside() {
        assert_eq!(fence_for("aws ec2 x"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }
}
