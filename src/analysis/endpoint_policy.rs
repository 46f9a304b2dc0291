//! Hop 5: the X-Ray endpoint's policy must let the function's role call
//! `xray:PutTraceSegments` through it.

use super::iam::{PUT_TELEMETRY_RECORDS, PUT_TRACE_SEGMENTS};
use super::judge::{Draft, Judge};
use super::policy::{self, Decision, Request};
use super::report::{CheckId, Hop, Severity, Status};
use crate::model::VpcEndpoint;

/// Judges the endpoint policy for the function's role.
pub fn check(judge: &mut Judge<'_, '_>, endpoint: &VpcEndpoint) -> Status {
    // No policy document means the default policy, which allows everything.
    let Some(document) = &endpoint.policy else {
        return Status::Pass;
    };
    let role = judge.function.role_arn.as_str();
    // A daemon host signs with its instance role, which is not read: the
    // policy's principal cannot be judged for it.
    if role.is_empty() {
        return Status::Pass;
    }
    let ask = |action| {
        policy::evaluate(
            [document],
            Request {
                action,
                resource: "*",
                principal: Some(role),
            },
        )
    };
    let fix = format!(
        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --reset-policy",
        endpoint.id
    );
    let resources = vec![endpoint.id.clone()];

    match ask(PUT_TRACE_SEGMENTS) {
        Decision::Allowed { .. } => {}
        Decision::Conditional { statement } => {
            let message = format!(
                "endpoint policy of {} allows {PUT_TRACE_SEGMENTS} only under a condition ({statement}) that xraypath does not evaluate",
                endpoint.id
            );
            judge.file(
                Draft::new(CheckId::EndpointPolicyDenies, resources, message),
                Severity::Warning,
                Hop::Endpoint,
                None,
            );
            return Status::Unknown;
        }
        Decision::Malformed { statement, problem } => {
            let message = format!(
                "endpoint policy of {} cannot be judged: {statement} {problem}, which AWS would refuse",
                endpoint.id
            );
            judge.file(
                Draft::new(CheckId::EndpointPolicyDenies, resources, message),
                Severity::Warning,
                Hop::Endpoint,
                None,
            );
            return Status::Unknown;
        }
        Decision::ExplicitDeny { statement } => {
            let message = format!(
                "endpoint policy of {}: {statement} denies {PUT_TRACE_SEGMENTS} for {role}",
                endpoint.id
            );
            judge.file(
                Draft::new(CheckId::EndpointPolicyDenies, resources, message).fix(fix),
                Severity::Error,
                Hop::Endpoint,
                None,
            );
            return Status::Fail;
        }
        Decision::ImplicitDeny => {
            let message = format!(
                "endpoint policy of {} has no statement that allows {PUT_TRACE_SEGMENTS} for {role}",
                endpoint.id
            );
            judge.file(
                Draft::new(CheckId::EndpointPolicyDenies, resources, message).fix(fix),
                Severity::Error,
                Hop::Endpoint,
                None,
            );
            return Status::Fail;
        }
    }
    if !ask(PUT_TELEMETRY_RECORDS).is_allowed() {
        let message = format!(
            "endpoint policy of {} lets segments through but not {PUT_TELEMETRY_RECORDS}: the daemon's own telemetry is lost",
            endpoint.id
        );
        judge.file(
            Draft::new(CheckId::EndpointPolicyDenies, resources, message).fix(fix),
            Severity::Warning,
            Hop::Endpoint,
            None,
        );
    }
    Status::Pass
}
