//! Hop 6: the execution role's identity policies and permissions boundary
//! must allow `xray:PutTraceSegments` (and, for daemon telemetry,
//! `xray:PutTelemetryRecords`).

use super::judge::{Draft, Judge};
use super::policy::{self, Decision, Request};
use super::report::{CheckId, Hop, Severity, Status};
use crate::model::{DataSource, Role};

/// The action without which no segment is stored.
pub const PUT_TRACE_SEGMENTS: &str = "xray:PutTraceSegments";
/// The action whose absence only loses the daemon's own telemetry.
pub const PUT_TELEMETRY_RECORDS: &str = "xray:PutTelemetryRecords";

const MANAGED_POLICY: &str = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";

/// Judges the role and returns the X-Ray hop's status.
pub fn check(judge: &mut Judge<'_, '_>) -> Status {
    let role_arn = judge.function.role_arn.as_str();
    let role_name = role_arn.rsplit('/').next().unwrap_or(role_arn);
    let Some(role) = judge.index.roles.get(role_arn).copied() else {
        if !judge.unreadable(DataSource::Roles, Some(role_name), Hop::Xray) {
            judge.missing(role_arn, "execution role", Hop::Xray);
        }
        return Status::Unknown;
    };

    // Borrowed from the shared answer: most functions share a role.
    let answer = judge.cache.role(role);
    let (segments, telemetry) = (&answer.segments, &answer.telemetry);
    let both = matches!(
        (&segments, &telemetry),
        (Verdict::Allowed, Verdict::Allowed)
    );
    if both && judge.index.snapshot.unreadable.is_empty() {
        // The common case, without building the words of a finding.
        return Status::Pass;
    }
    let fix = format!(
        "aws iam attach-role-policy --role-name {} --policy-arn {MANAGED_POLICY}",
        role.name
    );
    let resources = vec![role.arn.clone()];

    match segments {
        Verdict::Allowed => {}
        // No firm answer: a condition xraypath does not evaluate, or a
        // policy IAM would refuse.
        Verdict::Conditional(reason) | Verdict::Malformed(reason) => {
            let message = if matches!(segments, Verdict::Conditional(_)) {
                format!(
                    "role {} allows {PUT_TRACE_SEGMENTS} only under a condition xraypath does not evaluate ({reason})",
                    role.name
                )
            } else {
                format!(
                    "role {} cannot be judged for {PUT_TRACE_SEGMENTS}: {reason}, which IAM would refuse",
                    role.name
                )
            };
            judge.file(
                Draft::new(CheckId::RoleMissingXrayPermissions, resources, message),
                Severity::Warning,
                Hop::Xray,
                None,
            );
            return Status::Unknown;
        }
        Verdict::Denied(reason) => {
            let message = format!(
                "role {} cannot call {PUT_TRACE_SEGMENTS}: {reason}",
                role.name
            );
            let draft =
                Draft::new(CheckId::RoleMissingXrayPermissions, resources, message).fix(fix);
            judge.file(draft, Severity::Error, Hop::Xray, None);
            return Status::Fail;
        }
    }
    // Part of the role could not be read (its boundary, a policy): what was
    // read allows it, but what was not may still take it away.
    if judge.unreadable(DataSource::Roles, Some(role_name), Hop::Xray) {
        return Status::Unknown;
    }
    if let Verdict::Denied(reason) | Verdict::Conditional(reason) | Verdict::Malformed(reason) =
        telemetry
    {
        let message = format!(
            "role {} may put segments but not {PUT_TELEMETRY_RECORDS} ({reason}): the daemon's own telemetry is lost",
            role.name
        );
        let draft = Draft::new(CheckId::RoleMissingXrayPermissions, resources, message).fix(fix);
        judge.file(draft, Severity::Warning, Hop::Xray, None);
    }
    Status::Pass
}

/// What a role's policies say about both X-Ray actions: the same for
/// every function that uses the role.
pub struct RoleAnswer {
    segments: Verdict,
    telemetry: Verdict,
}

impl RoleAnswer {
    pub fn of(role: &Role) -> Self {
        Self {
            segments: decide(role, PUT_TRACE_SEGMENTS),
            telemetry: decide(role, PUT_TELEMETRY_RECORDS),
        }
    }
}

/// The role's answer for one action, in words.
enum Verdict {
    Allowed,
    Denied(String),
    Conditional(String),
    /// A policy document is not valid IAM: no answer.
    Malformed(String),
}

fn decide(role: &Role, action: &str) -> Verdict {
    let request = Request {
        action,
        resource: "*",
        principal: None,
    };
    let identity = role.inline_policies.iter().chain(&role.attached_policies);
    let names: Vec<&str> = identity.clone().map(|p| p.name.as_str()).collect();
    let decision = policy::evaluate(identity.clone().map(|p| &p.document), request);

    let identity_verdict = match decision {
        Decision::Allowed { .. } => Verdict::Allowed,
        Decision::ImplicitDeny if names.is_empty() => {
            Verdict::Denied("the role has no policies".to_owned())
        }
        Decision::ImplicitDeny => {
            Verdict::Denied(format!("no statement in {} allows it", names.join(", ")))
        }
        Decision::ExplicitDeny { .. } => Verdict::Denied(format!(
            "{} denies it",
            holding(role, request, |d| match d {
                Decision::ExplicitDeny { statement } => Some((statement.clone(), String::new())),
                _ => None,
            })
        )),
        Decision::Conditional { statement } => {
            Verdict::Conditional(format!("{statement} has a Condition"))
        }
        Decision::Malformed { .. } => Verdict::Malformed(holding(role, request, |d| match d {
            Decision::Malformed { statement, problem } => {
                Some((statement.clone(), format!(" {problem}")))
            }
            _ => None,
        })),
    };
    let Verdict::Allowed = identity_verdict else {
        return identity_verdict;
    };

    let Some(boundary) = &role.permissions_boundary else {
        return Verdict::Allowed;
    };
    match policy::evaluate([&boundary.document], request) {
        Decision::Allowed { .. } => Verdict::Allowed,
        Decision::Conditional { statement } => Verdict::Conditional(format!(
            "{statement} of permissions boundary {} has a Condition",
            boundary.name
        )),
        Decision::Malformed { statement, problem } => Verdict::Malformed(format!(
            "{statement} of permissions boundary {} {problem}",
            boundary.name
        )),
        _ => Verdict::Denied(format!(
            "permissions boundary {} does not allow it",
            boundary.name
        )),
    }
}

/// The first of the role's policies that decides `request` as `wanted`
/// on its own, in words: `statement 2 of policy Name`.
/// `wanted` gives the statement's label and what to say after the policy.
fn holding(
    role: &Role,
    request: Request<'_>,
    wanted: fn(&Decision) -> Option<(String, String)>,
) -> String {
    role.inline_policies
        .iter()
        .chain(&role.attached_policies)
        .find_map(|p| {
            wanted(&policy::evaluate([&p.document], request))
                .map(|(what, then)| format!("{what} of policy {}{then}", p.name))
        })
        .unwrap_or_else(|| "a policy".to_owned())
}

#[cfg(test)]
mod tests {
    use crate::analysis::{CheckId, Severity, Status, Verdict, analyze};

    /// The demo's first reachable function whose role has policies.
    fn reachable_with_role(snapshot: &crate::model::Snapshot) -> (String, String) {
        let report = analyze(snapshot);
        snapshot
            .functions
            .iter()
            .find(|f| {
                report.function(&f.name).map(|r| r.verdict) == Some(Verdict::Reachable)
                    && snapshot.roles.iter().any(|r| r.arn == f.role_arn)
            })
            .map(|f| (f.name.clone(), f.role_arn.clone()))
            .expect("a reachable function with a role in the demo")
    }

    #[test]
    fn a_policy_iam_would_refuse_makes_the_role_unknown_not_denied() {
        let mut snapshot = crate::demo::snapshot();
        let (name, role_arn) = reachable_with_role(&snapshot);
        let role = snapshot
            .roles
            .iter_mut()
            .find(|r| r.arn == role_arn)
            .expect("the role");
        role.attached_policies.clear();
        role.permissions_boundary = None;
        role.inline_policies = vec![crate::model::Policy {
            name: "broken".into(),
            arn: None,
            document: serde_json::json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}),
        }];
        let policy_name = "broken";

        let report = analyze(&snapshot);
        let function = report.function(&name).expect("still listed");
        assert_eq!(function.verdict, Verdict::Unknown);
        let finding = function
            .findings
            .iter()
            .find(|f| f.check == CheckId::RoleMissingXrayPermissions)
            .expect("the role finding");
        assert_eq!(finding.severity, Severity::Warning);
        assert!(
            finding.message.contains(&format!(
                "statement 1 of policy {policy_name} has neither Action nor NotAction, which IAM would refuse"
            )),
            "{}",
            finding.message
        );
        assert!(function.paths.iter().all(|p| p.status == Status::Unknown));
    }
}
