//! IAM policy evaluation for the two questions xraypath asks: may this role
//! call an X-Ray action, and does an endpoint policy let it through?
//!
//! We weighed the `iam-rs` crate: it evaluates conditions against a request
//! context it is given, and answers "not applicable" when a key is missing.
//! xraypath has no request context (it reads configuration, not requests),
//! so a statement with a `Condition` must come back as "depends on a
//! condition" rather than a guess. That tri-state answer is the reason this
//! small evaluator exists. It follows AWS's documented order: an explicit
//! Deny wins, then an Allow, else the implicit deny.

use serde_json::Value;

/// What one request comes to under a set of policies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// An Allow statement without conditions matches, and no Deny does.
    Allowed { statement: String },
    /// Nothing allows it.
    ImplicitDeny,
    /// A Deny statement without conditions matches.
    ExplicitDeny { statement: String },
    /// The answer depends on a `Condition` that was not evaluated.
    Conditional { statement: String },
    /// A document is not a valid policy (IAM would have refused it, so it
    /// came from an edited file): no answer can be given, unless a valid
    /// statement denies outright.
    Malformed { statement: String, problem: String },
}

impl Decision {
    /// Whether the request is allowed for certain.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed { .. })
    }
}

/// The request: an action, a resource, and (for resource policies such as
/// endpoint policies) the calling principal's ARN.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub principal: Option<&'a str>,
}

/// A statement that matched, and whether it carries a condition.
struct Matched {
    label: String,
    conditional: bool,
}

/// Evaluates `request` against every document together, as IAM does for
/// the identity policies attached to one role.
pub fn evaluate<'a>(
    documents: impl IntoIterator<Item = &'a Value>,
    request: Request<'_>,
) -> Decision {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    let mut malformed = None;
    for (doc_index, document) in documents.into_iter().enumerate() {
        if let Some(problem) = malformed_document(document) {
            malformed.get_or_insert((label(None, doc_index, None), problem));
            continue;
        }
        for (index, statement) in statements(document).enumerate() {
            if let Some(problem) = malformed_statement(statement, request.principal.is_some()) {
                let sid = statement.get("Sid").and_then(Value::as_str);
                malformed.get_or_insert((label(sid, doc_index, Some(index)), problem));
                continue;
            }
            let Some(matched) = match_statement(statement, request, doc_index, index) else {
                continue;
            };
            match effect(statement) {
                Some(Effect::Allow) => allows.push(matched),
                Some(Effect::Deny) => denies.push(matched),
                None => {}
            }
        }
    }

    if let Some(deny) = denies.iter().find(|d| !d.conditional) {
        return Decision::ExplicitDeny {
            statement: deny.label.clone(),
        };
    }
    if let Some((statement, problem)) = malformed {
        return Decision::Malformed { statement, problem };
    }
    let firm_allow = allows.iter().find(|a| !a.conditional);
    match (firm_allow, denies.first(), allows.first()) {
        (Some(_), Some(deny), _) => Decision::Conditional {
            statement: deny.label.clone(),
        },
        (Some(allow), None, _) => Decision::Allowed {
            statement: allow.label.clone(),
        },
        (None, _, Some(allow)) => Decision::Conditional {
            statement: allow.label.clone(),
        },
        (None, _, None) => Decision::ImplicitDeny,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

fn effect(statement: &Value) -> Option<Effect> {
    match statement.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        _ => None,
    }
}

/// `Statement` may be one object or a list of them.
fn statements(document: &Value) -> impl Iterator<Item = &Value> {
    let list: &[Value] = match document.get("Statement") {
        Some(Value::Array(items)) => items,
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => &[],
    };
    list.iter()
}

fn match_statement(
    statement: &Value,
    request: Request<'_>,
    doc: usize,
    index: usize,
) -> Option<Matched> {
    let action_ok = element_matches(statement, "Action", "NotAction", |pattern| {
        wildcard_match(
            &pattern.to_ascii_lowercase(),
            &request.action.to_ascii_lowercase(),
        )
    })?;
    let resource_ok = element_matches(statement, "Resource", "NotResource", |pattern| {
        wildcard_match(pattern, request.resource)
    })
    .unwrap_or(true);
    let principal_ok = match request.principal {
        Some(principal) => principal_matches(statement, principal),
        None => true,
    };
    if !(action_ok && resource_ok && principal_ok) {
        return None;
    }

    let label = label(
        statement.get("Sid").and_then(Value::as_str),
        doc,
        Some(index),
    );
    let conditional = statement
        .get("Condition")
        .and_then(Value::as_object)
        .is_some_and(|conditions| !conditions.is_empty());
    Some(Matched { label, conditional })
}

/// How a message names a statement (or, without an index, a document).
fn label(sid: Option<&str>, doc: usize, index: Option<usize>) -> String {
    match (sid, index) {
        (Some(sid), _) if !sid.is_empty() => format!("statement \"{sid}\""),
        (_, None) if doc == 0 => "the document".to_owned(),
        (_, None) => format!("policy {}", doc + 1),
        (_, Some(index)) if doc == 0 => format!("statement {}", index + 1),
        (_, Some(index)) => format!("statement {} of policy {}", index + 1, doc + 1),
    }
}

/// What makes a document something IAM would refuse, if anything.
fn malformed_document(document: &Value) -> Option<String> {
    let Value::Object(map) = document else {
        return Some("is not a JSON object".to_owned());
    };
    match map.get("Statement") {
        None => Some("has no Statement".to_owned()),
        Some(Value::Object(_)) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_object) => None,
        Some(Value::Array(_)) => Some("has a Statement entry that is not an object".to_owned()),
        Some(_) => Some("has a Statement that is neither an object nor a list".to_owned()),
    }
}

/// `resource_policy`: a policy on a resource (an endpoint policy), whose
/// statements name a principal; identity policies name a resource instead.
fn malformed_statement(statement: &Value, resource_policy: bool) -> Option<String> {
    match statement.get("Effect") {
        Some(Value::String(e)) if e == "Allow" || e == "Deny" => {}
        Some(other) => return Some(format!("has Effect {other}, not \"Allow\" or \"Deny\"")),
        None => return Some("has no Effect".to_owned()),
    }
    for (name, not_name, needed) in [
        ("Action", "NotAction", true),
        ("Resource", "NotResource", !resource_policy),
        ("Principal", "NotPrincipal", resource_policy),
    ] {
        match (statement.get(name), statement.get(not_name)) {
            (Some(_), Some(_)) => return Some(format!("has both {name} and {not_name}")),
            (None, None) if needed => return Some(format!("has neither {name} nor {not_name}")),
            _ => {}
        }
    }
    for name in ["Principal", "NotPrincipal"] {
        if let Some(value) = statement.get(name)
            && !valid_principal(value)
        {
            return Some(format!(
                "has a {name} that is neither \"*\" nor an object of principal lists"
            ));
        }
    }
    for name in ["Action", "NotAction", "Resource", "NotResource"] {
        let bad = match statement.get(name) {
            None | Some(Value::String(_)) => false,
            Some(Value::Array(items)) => !items.iter().all(Value::is_string),
            Some(_) => true,
        };
        if bad {
            return Some(format!(
                "has a {name} that is not a string or a list of strings"
            ));
        }
    }
    match statement.get("Condition") {
        None | Some(Value::Object(_)) => None,
        Some(_) => Some("has a Condition that is not an object".to_owned()),
    }
}

/// `"*"`, or `{"AWS" | "Service" | "Federated" | "CanonicalUser": a string
/// or a list of strings}` with at least one key.
fn valid_principal(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "*",
        Value::Object(map) => {
            !map.is_empty()
                && map.iter().all(|(key, names)| {
                    matches!(
                        key.as_str(),
                        "AWS" | "Service" | "Federated" | "CanonicalUser"
                    ) && match names {
                        Value::String(_) => true,
                        Value::Array(items) => {
                            !items.is_empty() && items.iter().all(Value::is_string)
                        }
                        _ => false,
                    }
                })
        }
        _ => false,
    }
}

/// Matches `Name` (any value matches) or `NotName` (no value matches).
/// `None` when the statement has neither.
fn element_matches(
    statement: &Value,
    name: &str,
    not_name: &str,
    matches: impl Fn(&str) -> bool,
) -> Option<bool> {
    if let Some(values) = statement.get(name) {
        return Some(string_values(values).any(&matches));
    }
    if let Some(values) = statement.get(not_name) {
        return Some(!string_values(values).any(&matches));
    }
    None
}

fn string_values(value: &Value) -> impl Iterator<Item = &str> {
    let list: &[Value] = match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    };
    list.iter().filter_map(Value::as_str)
}

/// `Principal` / `NotPrincipal`: `"*"`, `{"AWS": "*" | ARN | account | [...]}`.
/// A statement without either element applies to the caller (identity
/// policies never have one).
fn principal_matches(statement: &Value, principal: &str) -> bool {
    if let Some(value) = statement.get("Principal") {
        return principal_value_matches(value, principal);
    }
    if let Some(value) = statement.get("NotPrincipal") {
        return !principal_value_matches(value, principal);
    }
    true
}

fn principal_value_matches(value: &Value, principal: &str) -> bool {
    match value {
        Value::String(s) => s == "*",
        Value::Object(map) => map
            .get("AWS")
            .is_some_and(|aws| string_values(aws).any(|p| aws_principal_matches(p, principal))),
        _ => false,
    }
}

/// An AWS principal names the role itself, its account (bare id or
/// `:root`), an assumed-role session of it, or everyone (`*`).
fn aws_principal_matches(pattern: &str, role_arn: &str) -> bool {
    if pattern == "*" || wildcard_match(pattern, role_arn) {
        return true;
    }
    let account = role_arn.split(':').nth(4).unwrap_or_default();
    if pattern == account || pattern.ends_with(&format!(":{account}:root")) {
        return !account.is_empty();
    }
    // arn:aws:iam::123:role/name is also arn:aws:sts::123:assumed-role/name/<session>.
    let role_name = role_arn.rsplit('/').next().unwrap_or_default();
    let session = format!("arn:aws:sts::{account}:assumed-role/{role_name}/session");
    pattern.contains(":assumed-role/") && wildcard_match(pattern, &session)
}

/// IAM's glob: `*` matches any run of characters, `?` exactly one.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern = pattern.as_bytes();
    let text = text.as_bytes();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ROLE: &str = "arn:aws:iam::123456789012:role/fn-role";

    fn identity(action: &str) -> Request<'_> {
        Request {
            action,
            resource: "*",
            principal: None,
        }
    }

    fn from_endpoint(action: &str) -> Request<'_> {
        Request {
            action,
            resource: "*",
            principal: Some(ROLE),
        }
    }

    #[test]
    fn wildcards_follow_iam_globbing() {
        assert!(wildcard_match("xray:Put*", "xray:PutTraceSegments"));
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match(
            "xray:Put?raceSegments",
            "xray:PutTraceSegments"
        ));
        assert!(!wildcard_match("xray:Get*", "xray:PutTraceSegments"));
        assert!(!wildcard_match("s3:*", "xray:PutTraceSegments"));
        assert!(wildcard_match("*Segments", "xray:PutTraceSegments"));
    }

    #[test]
    fn managed_daemon_write_access_allows_put_trace_segments() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords",
                       "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            "Resource": ["*"]}]});
        assert!(evaluate([&doc], identity("xray:PutTraceSegments")).is_allowed());
        assert!(evaluate([&doc], identity("xray:PutTelemetryRecords")).is_allowed());
    }

    #[test]
    fn action_names_are_case_insensitive() {
        let doc = json!({"Statement": {"Effect": "Allow", "Action": "XRay:puttracesegments", "Resource": "*"}});
        assert!(evaluate([&doc], identity("xray:PutTraceSegments")).is_allowed());
    }

    #[test]
    fn explicit_deny_in_another_policy_wins_over_allow() {
        let allow = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let deny = json!({"Statement": [{"Sid": "NoXray", "Effect": "Deny", "Action": "xray:*", "Resource": "*"}]});
        let decision = evaluate([&allow, &deny], identity("xray:PutTraceSegments"));
        assert_eq!(
            decision,
            Decision::ExplicitDeny {
                statement: "statement \"NoXray\"".into()
            }
        );
    }

    #[test]
    fn no_matching_statement_is_an_implicit_deny() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            evaluate(std::iter::empty(), identity("xray:PutTraceSegments")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn not_action_allows_everything_else() {
        let doc =
            json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]});
        assert!(evaluate([&doc], identity("xray:PutTraceSegments")).is_allowed());
        assert_eq!(
            evaluate([&doc], identity("iam:CreateUser")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn not_action_deny_blocks_what_it_does_not_name() {
        let allow = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let deny =
            json!({"Statement": [{"Effect": "Deny", "NotAction": ["s3:*"], "Resource": "*"}]});
        assert!(matches!(
            evaluate([&allow, &deny], identity("xray:PutTraceSegments")),
            Decision::ExplicitDeny { .. }
        ));
    }

    #[test]
    fn resource_scoped_to_a_group_does_not_cover_put_trace_segments() {
        // PutTraceSegments has no resource type: the request resource is "*".
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "xray:*",
            "Resource": "arn:aws:xray:us-east-1:123456789012:group/*"}]});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn a_condition_is_reported_not_guessed() {
        let doc = json!({"Statement": [{"Sid": "OnlyFromVpc", "Effect": "Allow", "Action": "xray:*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}]});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::Conditional {
                statement: "statement \"OnlyFromVpc\"".into()
            }
        );
    }

    #[test]
    fn a_conditional_deny_makes_an_allow_uncertain() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Action": "xray:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "xray:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        assert!(matches!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::Conditional { .. }
        ));
    }

    #[test]
    fn endpoint_policy_principal_forms() {
        let star = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]});
        let aws_star = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "xray:*", "Resource": "*"}]});
        let role = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": [ROLE]}, "Action": "xray:PutTraceSegments", "Resource": "*"}]});
        let account = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "xray:*", "Resource": "*"}]});
        let other = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:role/x"}, "Action": "*", "Resource": "*"}]});
        let service = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "*", "Resource": "*"}]});
        for allowed in [&star, &aws_star, &role, &account] {
            assert!(
                evaluate([allowed], from_endpoint("xray:PutTraceSegments")).is_allowed(),
                "{allowed}"
            );
        }
        for denied in [&other, &service] {
            assert_eq!(
                evaluate([denied], from_endpoint("xray:PutTraceSegments")),
                Decision::ImplicitDeny,
                "{denied}"
            );
        }
    }

    #[test]
    fn endpoint_policy_allowing_only_s3_denies_xray() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]});
        assert_eq!(
            evaluate([&doc], from_endpoint("xray:PutTraceSegments")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn not_principal_deny_spares_the_named_role() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": ROLE}, "Action": "*", "Resource": "*"}]});
        assert!(evaluate([&doc], from_endpoint("xray:PutTraceSegments")).is_allowed());
    }

    #[test]
    fn malformed_documents_allow_nothing_and_say_why() {
        let docs = [
            json!(null),
            json!("text"),
            json!({"Statement": 5}),
            json!({"Statement": [{"Effect": "Maybe", "Action": "*"}]}),
        ];
        for doc in &docs {
            let decision = evaluate([doc], identity("xray:PutTraceSegments"));
            assert!(!decision.is_allowed(), "{doc}");
            assert!(
                matches!(decision, Decision::Malformed { .. }),
                "{doc}: {decision:?}"
            );
        }
    }

    #[test]
    fn thousands_of_statements_are_read_to_the_end() {
        let mut statements: Vec<serde_json::Value> = (0..5000)
            .map(|i| json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": format!("s3:Get{i}"), "Resource": "*"}))
            .collect();
        statements
            .push(json!({"Sid": "Last", "Effect": "Deny", "Action": "xray:*", "Resource": "*"}));
        let doc = json!({"Statement": statements});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::ExplicitDeny {
                statement: "statement \"Last\"".into()
            }
        );
    }

    #[test]
    fn deeply_nested_values_are_not_followed() {
        // A condition nested 100 levels deep is still just "a condition".
        let mut nested = json!("x");
        for _ in 0..100 {
            nested = json!([nested]);
        }
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "xray:*", "Resource": "*",
            "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": nested}}}]});
        assert!(matches!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::Conditional { .. }
        ));
        // Deeper than the JSON reader's limit never becomes a policy at all.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err());
    }

    #[test]
    fn a_misspelled_effect_gives_no_answer_rather_than_a_deny() {
        let doc = json!({"Statement": [{"Effect": "Alow", "Action": "xray:*", "Resource": "*"}]});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::Malformed {
                statement: "statement 1".into(),
                problem: "has Effect \"Alow\", not \"Allow\" or \"Deny\"".into(),
            }
        );
    }

    #[test]
    fn documents_iam_would_refuse_are_named() {
        let cases = [
            (json!([1, 2]), "is not a JSON object"),
            (json!({"Version": "2012-10-17"}), "has no Statement"),
            (
                json!({"Statement": "Allow"}),
                "has a Statement that is neither an object nor a list",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}),
                "has neither Action nor NotAction",
            ),
            (
                json!({"Statement": {"Effect": "Allow", "Action": ["xray:*", 7], "Resource": "*"}}),
                "has a Action that is not a string or a list of strings",
            ),
            (
                json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": "yes"}}),
                "has a Condition that is not an object",
            ),
        ];
        for (doc, want) in cases {
            match evaluate([&doc], identity("xray:PutTraceSegments")) {
                Decision::Malformed { problem, .. } => assert_eq!(problem, want, "{doc}"),
                other => panic!("{doc}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_valid_explicit_deny_still_decides_beside_a_malformed_policy() {
        let broken = json!({"Statement": [{"Effect": "Allow"}]});
        let deny = json!({"Statement": [{"Sid": "NoXray", "Effect": "Deny", "Action": "xray:*", "Resource": "*"}]});
        assert_eq!(
            evaluate([&broken, &deny], identity("xray:PutTraceSegments")),
            Decision::ExplicitDeny {
                statement: "statement \"NoXray\"".into()
            }
        );
    }

    #[test]
    fn an_endpoint_policy_principal_iam_would_refuse_gives_no_answer() {
        for principal in [
            json!(5),
            json!({"AWS": 5}),
            json!(["*"]),
            json!(null),
            json!({}),
        ] {
            let doc = json!({"Statement": [{"Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*"}]});
            let decision = evaluate([&doc], from_endpoint("xray:PutTraceSegments"));
            assert!(
                matches!(decision, Decision::Malformed { .. }),
                "{doc}: {decision:?}"
            );
        }
        let no_principal =
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        assert_eq!(
            evaluate([&no_principal], from_endpoint("xray:PutTraceSegments")),
            Decision::Malformed {
                statement: "statement 1".into(),
                problem: "has neither Principal nor NotPrincipal".into()
            }
        );
    }

    #[test]
    fn an_identity_statement_without_a_resource_gives_no_answer() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "xray:*"}]});
        assert_eq!(
            evaluate([&doc], identity("xray:PutTraceSegments")),
            Decision::Malformed {
                statement: "statement 1".into(),
                problem: "has neither Resource nor NotResource".into()
            }
        );
        let both = json!({"Statement": [{"Effect": "Deny", "Action": "s3:*", "NotAction": "xray:*", "Resource": "*"}]});
        assert!(matches!(
            evaluate([&both], identity("xray:PutTraceSegments")),
            Decision::Malformed { .. }
        ));
    }
}
