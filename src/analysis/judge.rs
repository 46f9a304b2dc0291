//! The state shared by the hop checks while one function is judged: the
//! lookups, the function, and the findings gathered so far.

use super::cache::Cache;
use super::report::{CheckId, Finding, Hop, Severity};
use crate::model::{DataSource, Function, Index};

/// One function under judgement.
pub struct Judge<'i, 'a> {
    pub index: &'i Index<'a>,
    /// What other functions already worked out about their VPC and role.
    pub cache: &'i Cache<'a>,
    pub function: &'i Function,
    pub region: &'i str,
    pub findings: Vec<Finding>,
}

/// A finding before it is filed: everything but severity and placement.
pub struct Draft {
    pub check: CheckId,
    pub resources: Vec<String>,
    pub message: String,
    pub fix: Option<String>,
}

impl Draft {
    /// A draft with no fix.
    pub fn new(check: CheckId, resources: Vec<String>, message: String) -> Self {
        Self {
            check,
            resources,
            message,
            fix: None,
        }
    }

    /// Adds the command that would fix it.
    pub fn fix(mut self, command: String) -> Self {
        self.fix = Some(command);
        self
    }
}

impl<'i, 'a> Judge<'i, 'a> {
    /// Files a finding once: the same check on the same resources and
    /// subnet is not repeated.
    pub fn file(&mut self, draft: Draft, severity: Severity, hop: Hop, subnet: Option<&str>) {
        let subnet = subnet.map(str::to_owned);
        let duplicate = self.findings.iter().any(|f| {
            f.check == draft.check && f.resources == draft.resources && f.subnet == subnet
        });
        if !duplicate {
            self.findings.push(Finding {
                check: draft.check,
                severity,
                resources: draft.resources,
                message: draft.message,
                fix: draft.fix,
                via: Vec::new(),
                hop,
                subnet,
            });
        }
    }

    /// If the data feeding a hop could not be read, files `data-unreadable`
    /// for it and answers true: the hop is then unknown.
    pub fn unreadable(&mut self, source: DataSource, resource: Option<&str>, hop: Hop) -> bool {
        let failure =
            self.index
                .snapshot
                .unreadable_for(source)
                .find(|u| match (&u.resource, resource) {
                    (Some(own), Some(wanted)) => own == wanted,
                    _ => true,
                });
        let Some(failure) = failure else {
            return false;
        };
        let message = format!(
            "{} failed with {}: {}; the hop it feeds is unknown",
            failure.api, failure.code, failure.message
        );
        let resources = vec![failure.api.clone()];
        self.file(
            Draft::new(CheckId::DataUnreadable, resources, message),
            Severity::Warning,
            hop,
            None,
        );
        true
    }

    /// Files `data-unreadable` for a resource the snapshot should hold but
    /// does not (deleted between calls, or listed by a failed call).
    pub fn missing(&mut self, id: &str, what: &str, hop: Hop) {
        let message = format!("{what} {id} is not in the snapshot; the hop it feeds is unknown");
        self.file(
            Draft::new(CheckId::DataUnreadable, vec![id.to_owned()], message),
            Severity::Warning,
            hop,
            None,
        );
    }
}
