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

    let segments = decide(role, PUT_TRACE_SEGMENTS);
    let telemetry = decide(role, PUT_TELEMETRY_RECORDS);
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
        Verdict::Conditional(reason) => {
            let message = format!(
                "role {} allows {PUT_TRACE_SEGMENTS} only under a condition xraypath does not evaluate ({reason})",
                role.name
            );
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
    if let Verdict::Denied(reason) | Verdict::Conditional(reason) = telemetry {
        let message = format!(
            "role {} may put segments but not {PUT_TELEMETRY_RECORDS} ({reason}): the daemon's own telemetry is lost",
            role.name
        );
        let draft = Draft::new(CheckId::RoleMissingXrayPermissions, resources, message).fix(fix);
        judge.file(draft, Severity::Warning, Hop::Xray, None);
    }
    Status::Pass
}

/// The role's answer for one action, in words.
enum Verdict {
    Allowed,
    Denied(String),
    Conditional(String),
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
        Decision::ExplicitDeny { statement } => Verdict::Denied(format!(
            "{statement} of {} denies it",
            policy_holding(role, request)
        )),
        Decision::Conditional { statement } => {
            Verdict::Conditional(format!("{statement} has a Condition"))
        }
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
        _ => Verdict::Denied(format!(
            "permissions boundary {} does not allow it",
            boundary.name
        )),
    }
}

/// The policy whose own statements deny the request, for messages.
fn policy_holding(role: &Role, request: Request<'_>) -> String {
    role.inline_policies
        .iter()
        .chain(&role.attached_policies)
        .find(|p| {
            matches!(
                policy::evaluate([&p.document], request),
                Decision::ExplicitDeny { .. }
            )
        })
        .map_or_else(|| "a policy".to_owned(), |p| format!("policy {}", p.name))
}
