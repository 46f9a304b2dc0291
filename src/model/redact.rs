//! `snapshot --redact`: a copy fit to share with a trainer or in a bug
//! report, with the account id and every ARN's account part replaced.

use super::{Snapshot, SnapshotError};
use serde_json::Value;
use std::path::Path;

/// What account ids become.
pub const REDACTED_ACCOUNT: &str = "000000000000";

impl Snapshot {
    /// The snapshot with the account id replaced everywhere, and the
    /// account field of every ARN (AWS's own, e.g. layer publishers, too).
    pub fn redacted(&self) -> Result<Self, SnapshotError> {
        let mut value = serde_json::to_value(self).map_err(|source| SnapshotError::Parse {
            path: Path::new("(redacting)").to_owned(),
            place: String::new(),
            source,
        })?;
        redact_value(&mut value, &self.account);
        serde_json::from_value(value).map_err(|source| SnapshotError::Parse {
            path: Path::new("(redacting)").to_owned(),
            place: String::new(),
            source,
        })
    }
}

fn redact_value(value: &mut Value, account: &str) {
    match value {
        Value::String(text) => *text = redact_text(text, account),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| redact_value(item, account)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|item| redact_value(item, account)),
        _ => {}
    }
}

fn redact_text(text: &str, account: &str) -> String {
    let text = if account.is_empty() {
        text.to_owned()
    } else {
        text.replace(account, REDACTED_ACCOUNT)
    };
    if !text.starts_with("arn:") {
        return text;
    }
    // arn:partition:service:region:account:resource
    let mut parts: Vec<&str> = text.splitn(6, ':').collect();
    if parts.len() == 6 && parts[4].len() == 12 && parts[4].bytes().all(|b| b.is_ascii_digit()) {
        parts[4] = REDACTED_ACCOUNT;
    }
    parts.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_leave_every_arn_and_field() {
        let snapshot = crate::demo::snapshot();
        let redacted = snapshot.redacted().expect("redacts");
        let text = redacted.to_json();
        assert!(
            !text.contains("123456789012"),
            "the demo's account id is gone"
        );
        assert!(
            !text.contains("901920570463"),
            "the layer publisher's account is gone too"
        );
        assert_eq!(redacted.account, REDACTED_ACCOUNT);
        assert_eq!(redacted.functions.len(), snapshot.functions.len());
        let role = &redacted.functions[0].role_arn;
        assert!(
            role.starts_with("arn:aws:iam::000000000000:role/"),
            "{role}"
        );
        assert_eq!(
            crate::analysis::analyze(&redacted)
                .functions
                .iter()
                .map(|f| f.verdict)
                .collect::<Vec<_>>(),
            crate::analysis::analyze(&snapshot)
                .functions
                .iter()
                .map(|f| f.verdict)
                .collect::<Vec<_>>(),
            "redacting changes no verdict"
        );
    }

    #[test]
    fn aws_managed_policy_arns_have_no_account_and_stay() {
        assert_eq!(
            redact_text("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess", "1"),
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
        );
    }
}
