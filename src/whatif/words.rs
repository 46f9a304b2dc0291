//! Each edit in plain words, for the edits panel and the exports.

use super::{Edit, RuleDirection};
use crate::model::{AclAction, DaemonScope, PortRange, SecurityGroupRule};

pub(super) fn describe(edit: &Edit) -> String {
    match edit {
        Edit::EndpointPrivateDns {
            endpoint_id,
            enabled,
        } => format!(
            "Turn private DNS {} for endpoint {endpoint_id}",
            on_off(*enabled)
        ),
        Edit::VpcDnsSupport { vpc_id, enabled } => {
            format!("Turn DNS support {} in {vpc_id}", on_off(*enabled))
        }
        Edit::VpcDnsHostnames { vpc_id, enabled } => {
            format!("Turn DNS hostnames {} in {vpc_id}", on_off(*enabled))
        }
        Edit::AddXrayEndpoint {
            vpc_id,
            subnet_ids,
            security_group_ids,
            ..
        } => {
            let groups = if security_group_ids.is_empty() {
                "no security group".to_owned()
            } else {
                format!("group {}", security_group_ids.join(", "))
            };
            format!(
                "Add an X-Ray endpoint to {vpc_id} in {} ({groups})",
                subnet_ids.join(", ")
            )
        }
        Edit::RemoveEndpoint { endpoint_id } => format!("Delete endpoint {endpoint_id}"),
        Edit::AddSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => format!("Allow {} in {group_id}", rule_words(*direction, rule)),
        Edit::RemoveSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => format!(
            "Remove the rule allowing {} from {group_id}",
            rule_words(*direction, rule)
        ),
        Edit::AddAclEntry { acl_id, entry } => {
            let action = match entry.action {
                AclAction::Allow => "allow",
                AclAction::Deny => "deny",
            };
            let (way, preposition) = if entry.egress {
                ("outbound", "to")
            } else {
                ("inbound", "from")
            };
            format!(
                "Add rule {} to {acl_id}: {action} {way} {} {} {preposition} {}",
                entry.rule_number,
                entry.protocol,
                entry.ports.unwrap_or(PortRange::ALL),
                entry.cidr
            )
        }
        Edit::RemoveAclEntry {
            acl_id,
            egress,
            rule_number,
        } => {
            let way = if *egress { "outbound" } else { "inbound" };
            format!("Remove {way} rule {rule_number} from {acl_id}")
        }
        Edit::AddRoute {
            route_table_id,
            destination,
            target,
            replace,
        } => {
            let target = target.resource_id().unwrap_or("local");
            let verb = if *replace { "Send" } else { "Add a route:" };
            format!("{verb} {destination} from {route_table_id} to {target}")
        }
        Edit::RemoveRoute {
            route_table_id,
            destination,
        } => format!("Remove the route for {destination} from {route_table_id}"),
        Edit::Tracing { function, mode } => {
            format!("Set {function}'s tracing mode to {}", mode.as_str())
        }
        Edit::DaemonAddress { scope, address } => {
            let whom = match scope {
                DaemonScope::Global => "every function".to_owned(),
                DaemonScope::Vpc(id) => format!("every function in {id}"),
                DaemonScope::Function(name) => name.clone(),
            };
            match address {
                Some(address) => format!("Send {whom}'s trace data to a daemon at {address}"),
                None => format!("Remove the daemon address of {whom}"),
            }
        }
    }
}

fn on_off(enabled: bool) -> &'static str {
    if enabled { "on" } else { "off" }
}

/// e.g. `tcp port 443 in from 10.0.1.0/24`.
fn rule_words(direction: RuleDirection, rule: &SecurityGroupRule) -> String {
    let ports = rule.ports.unwrap_or(PortRange::ALL);
    let way = match direction {
        RuleDirection::Ingress => "in from",
        RuleDirection::Egress => "out to",
    };
    format!("{} {ports} {way} {}", rule.protocol, rule.peer)
}
