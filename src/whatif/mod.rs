//! What-if edits: changes to a [`Snapshot`] made on screen only, never in
//! AWS. Each [`Edit`] applies to a snapshot, says in plain words what it
//! does, and prints the AWS CLI command and the Terraform snippet that
//! would make it real, for review. An [`EditStack`] keeps them in order
//! with undo and redo over an untouched base.

mod apply;
mod commands;
mod parse;
mod words;

#[cfg(test)]
mod tests;

use crate::model::{AclEntry, DaemonScope, RouteTarget, SecurityGroupRule, Snapshot, TracingMode};
use ipnet::Ipv4Net;

/// Which side of a security group a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleDirection {
    Ingress,
    Egress,
}

impl RuleDirection {
    /// `ingress` or `egress`, as the CLI and Terraform name them.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ingress => "ingress",
            Self::Egress => "egress",
        }
    }
}

/// One change to the topology, made on screen only.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Turn an endpoint's private DNS on or off.
    EndpointPrivateDns { endpoint_id: String, enabled: bool },
    /// Turn a VPC's `enableDnsSupport` on or off.
    VpcDnsSupport { vpc_id: String, enabled: bool },
    /// Turn a VPC's `enableDnsHostnames` on or off.
    VpcDnsHostnames { vpc_id: String, enabled: bool },
    /// Add an X-Ray interface endpoint (private DNS on) in these subnets.
    AddXrayEndpoint {
        vpc_id: String,
        /// The region whose X-Ray service the endpoint serves.
        region: String,
        subnet_ids: Vec<String>,
        security_group_ids: Vec<String>,
    },
    /// Delete an endpoint.
    RemoveEndpoint { endpoint_id: String },
    /// Add a security group rule.
    AddSecurityGroupRule {
        group_id: String,
        direction: RuleDirection,
        rule: SecurityGroupRule,
    },
    /// Remove a security group rule (the one equal to `rule`).
    RemoveSecurityGroupRule {
        group_id: String,
        direction: RuleDirection,
        rule: SecurityGroupRule,
    },
    /// Add a numbered network ACL entry.
    AddAclEntry { acl_id: String, entry: AclEntry },
    /// Remove a network ACL entry by direction and number.
    RemoveAclEntry {
        acl_id: String,
        egress: bool,
        rule_number: i32,
    },
    /// Add a route, or with `replace` change the target of the route that
    /// already has this destination.
    AddRoute {
        route_table_id: String,
        destination: Ipv4Net,
        target: RouteTarget,
        replace: bool,
    },
    /// Remove the route for a destination.
    RemoveRoute {
        route_table_id: String,
        destination: Ipv4Net,
    },
    /// Change a function's tracing mode.
    Tracing { function: String, mode: TracingMode },
    /// Declare (or, with `None`, remove) a daemon address for a scope.
    DaemonAddress {
        scope: DaemonScope,
        address: Option<String>,
    },
}

/// Why an edit does not apply to a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The resource the edit names is not in the snapshot.
    #[error("there is no {kind} {id} in this account")]
    NotFound { kind: &'static str, id: String },
    /// The rule, entry or route to remove is not there.
    #[error("{owner} has no {what}")]
    NoSuchRule { owner: String, what: String },
    /// The rule, entry or route to add is there already.
    #[error("{owner} already has {what}")]
    AlreadyExists { owner: String, what: String },
    /// A new endpoint's subnet belongs to another VPC.
    #[error("subnet {subnet} is in {found}, not in {vpc}")]
    WrongVpc {
        subnet: String,
        found: String,
        vpc: String,
    },
    /// An edit AWS would refuse (a local route, an endpoint without subnets).
    #[error("{0}")]
    Unsupported(String),
}

impl Edit {
    /// Changes `snapshot` as the edit says.
    ///
    /// # Errors
    ///
    /// When what the edit names is not in the snapshot, or already is
    /// (a rule added twice, a route that exists without `replace`).
    pub fn apply(&self, snapshot: &mut Snapshot) -> Result<(), EditError> {
        apply::apply(self, snapshot)
    }

    /// What the edit does, in plain words.
    pub fn describe(&self) -> String {
        words::describe(self)
    }

    /// The AWS CLI command that would make the edit real (lines starting
    /// with `#` when no single command does).
    pub fn cli(&self) -> String {
        commands::cli(self)
    }

    /// A Terraform snippet for the edit: a new resource, or the fragment
    /// of an existing one to change, with a comment.
    pub fn terraform(&self) -> String {
        commands::terraform(self)
    }

    /// The edit a fix command of the analysis stands for, when it is one
    /// of the kinds this module supports (security group rule, ACL entry,
    /// route, endpoint, VPC DNS attribute, tracing mode).
    pub fn from_fix(fix: &str) -> Option<Self> {
        parse::from_fix(fix)
    }

    /// The resource ids the edit touches (the graph's node ids).
    pub fn resource_ids(&self) -> Vec<String> {
        match self {
            Self::EndpointPrivateDns { endpoint_id, .. } | Self::RemoveEndpoint { endpoint_id } => {
                vec![endpoint_id.clone()]
            }
            Self::VpcDnsSupport { vpc_id, .. } | Self::VpcDnsHostnames { vpc_id, .. } => {
                vec![vpc_id.clone()]
            }
            Self::AddXrayEndpoint {
                vpc_id, subnet_ids, ..
            } => {
                let mut ids = vec![vpc_id.clone()];
                ids.extend(subnet_ids.iter().cloned());
                ids
            }
            Self::AddSecurityGroupRule { group_id, .. }
            | Self::RemoveSecurityGroupRule { group_id, .. } => vec![group_id.clone()],
            Self::AddAclEntry { acl_id, .. } | Self::RemoveAclEntry { acl_id, .. } => {
                vec![acl_id.clone()]
            }
            Self::AddRoute { route_table_id, .. } | Self::RemoveRoute { route_table_id, .. } => {
                vec![route_table_id.clone()]
            }
            Self::Tracing { function, .. } => vec![function.clone()],
            Self::DaemonAddress { scope, .. } => match scope {
                DaemonScope::Global => Vec::new(),
                DaemonScope::Vpc(id) | DaemonScope::Function(id) => vec![id.clone()],
            },
        }
    }
}

/// The edits made over one snapshot, in order, with the ones undone kept
/// for redo.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditStack {
    /// The snapshot as read: edits never change it.
    pub base: Snapshot,
    /// The edits in force, oldest first.
    pub edits: Vec<Edit>,
    /// The edits undone, the most recent last: redo takes from here.
    pub undone: Vec<Edit>,
}

impl EditStack {
    /// A stack with no edits over `base`.
    pub fn new(base: Snapshot) -> Self {
        Self {
            base,
            edits: Vec::new(),
            undone: Vec::new(),
        }
    }

    /// Whether there is anything to list: an edit, or one to redo.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.undone.is_empty()
    }

    /// Adds an edit after checking that it applies to the edited snapshot;
    /// a new edit forgets what could be redone.
    ///
    /// # Errors
    ///
    /// When the edit does not apply; the stack is then unchanged.
    pub fn push(&mut self, edit: Edit) -> Result<(), EditError> {
        let mut edited = self.edited();
        edit.apply(&mut edited)?;
        self.edits.push(edit);
        self.undone.clear();
        Ok(())
    }

    /// Takes back the last edit; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(edit) = self.edits.pop() else {
            return false;
        };
        self.undone.push(edit);
        true
    }

    /// Makes the last undone edit again; `false` when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(edit) = self.undone.pop() else {
            return false;
        };
        self.edits.push(edit);
        true
    }

    /// Takes back one edit from anywhere in the list (the Remove button beside it).
    /// It goes where redo finds it.
    pub fn remove(&mut self, index: usize) -> Option<Edit> {
        (index < self.edits.len()).then(|| {
            let edit = self.edits.remove(index);
            self.undone.push(edit.clone());
            edit
        })
    }

    /// The base with every edit applied in order.
    pub fn edited(&self) -> Snapshot {
        self.edited_with_problems().0
    }

    /// The base with every edit applied in order, and the edits that no
    /// longer apply (after an earlier one was taken back), by position.
    pub fn edited_with_problems(&self) -> (Snapshot, Vec<(usize, EditError)>) {
        let mut snapshot = self.base.clone();
        let mut problems = Vec::new();
        for (i, edit) in self.edits.iter().enumerate() {
            // `apply` changes nothing when it fails, so later edits still
            // see a consistent snapshot.
            if let Err(error) = edit.apply(&mut snapshot) {
                problems.push((i, error));
            }
        }
        (snapshot, problems)
    }

    /// The AWS CLI commands for every edit, one block per edit.
    pub fn commands(&self) -> String {
        join_blocks(self.edits.iter().map(|e| (e.describe(), e.cli())))
    }

    /// The Terraform snippets for every edit.
    pub fn terraform(&self) -> String {
        join_blocks(self.edits.iter().map(|e| (e.describe(), e.terraform())))
    }
}

/// Each block under a `# description` line, blank lines between.
fn join_blocks(blocks: impl Iterator<Item = (String, String)>) -> String {
    let mut text = String::from("# Drafted by xraypath for review: xraypath never runs these.\n");
    for (description, block) in blocks {
        text.push('\n');
        text.push_str(&format!("# {description}\n{block}\n"));
    }
    text
}
