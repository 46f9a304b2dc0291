//! The AWS CLI command and the Terraform snippet that would make an edit
//! real. Both are drafts for review: nothing here runs them.

use super::{Edit, RuleDirection};
use crate::model::{AclAction, DaemonScope, Protocol, RouteTarget, RulePeer, SecurityGroupRule};

pub(super) fn cli(edit: &Edit) -> String {
    match edit {
        Edit::EndpointPrivateDns {
            endpoint_id,
            enabled,
        } => {
            let flag = if *enabled {
                "--private-dns-enabled"
            } else {
                "--no-private-dns-enabled"
            };
            format!("aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpoint_id} {flag}")
        }
        Edit::VpcDnsSupport { vpc_id, enabled } => vpc_attribute(vpc_id, "support", *enabled),
        Edit::VpcDnsHostnames { vpc_id, enabled } => vpc_attribute(vpc_id, "hostnames", *enabled),
        Edit::AddXrayEndpoint {
            vpc_id,
            region,
            subnet_ids,
            security_group_ids,
        } => {
            let mut command = format!(
                "aws ec2 create-vpc-endpoint --vpc-id {vpc_id} --vpc-endpoint-type Interface --service-name com.amazonaws.{region}.xray --private-dns-enabled --subnet-ids {}",
                subnet_ids.join(" ")
            );
            if !security_group_ids.is_empty() {
                command.push_str(&format!(
                    " --security-group-ids {}",
                    security_group_ids.join(" ")
                ));
            }
            command
        }
        Edit::RemoveEndpoint { endpoint_id } => {
            format!("aws ec2 delete-vpc-endpoints --vpc-endpoint-ids {endpoint_id}")
        }
        Edit::AddSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => group_rule("authorize", group_id, *direction, rule),
        Edit::RemoveSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => group_rule("revoke", group_id, *direction, rule),
        Edit::AddAclEntry { acl_id, entry } => {
            let ports = match (entry.protocol, entry.ports) {
                (Protocol::Tcp | Protocol::Udp, Some(p)) => {
                    format!(" --port-range From={},To={}", p.from, p.to)
                }
                _ => String::new(),
            };
            let action = match entry.action {
                AclAction::Allow => "allow",
                AclAction::Deny => "deny",
            };
            format!(
                "aws ec2 create-network-acl-entry --network-acl-id {acl_id} {} --rule-number {} --protocol {}{ports} --cidr-block {} --rule-action {action}",
                acl_flag(entry.egress),
                entry.rule_number,
                entry.protocol.cli_name(),
                entry.cidr
            )
        }
        Edit::RemoveAclEntry {
            acl_id,
            egress,
            rule_number,
        } => format!(
            "aws ec2 delete-network-acl-entry --network-acl-id {acl_id} {} --rule-number {rule_number}",
            acl_flag(*egress)
        ),
        Edit::AddRoute {
            route_table_id,
            destination,
            target,
            replace,
        } => {
            let verb = if *replace {
                "replace-route"
            } else {
                "create-route"
            };
            let (flag, id) = target_flag(target);
            format!(
                "aws ec2 {verb} --route-table-id {route_table_id} --destination-cidr-block {destination} {flag} {id}"
            )
        }
        Edit::RemoveRoute {
            route_table_id,
            destination,
        } => format!(
            "aws ec2 delete-route --route-table-id {route_table_id} --destination-cidr-block {destination}"
        ),
        Edit::Tracing { function, mode } => format!(
            "aws lambda update-function-configuration --function-name {function} --tracing-config Mode={}",
            mode.as_str()
        ),
        Edit::DaemonAddress { scope, address } => daemon_note(scope, address.as_deref()),
    }
}

fn vpc_attribute(vpc_id: &str, attribute: &str, enabled: bool) -> String {
    format!(
        "aws ec2 modify-vpc-attribute --vpc-id {vpc_id} --enable-dns-{attribute} '{{\"Value\":{enabled}}}'"
    )
}

fn acl_flag(egress: bool) -> &'static str {
    if egress { "--egress" } else { "--ingress" }
}

/// `authorize-` or `revoke-security-group-ingress` with one permission.
fn group_rule(
    verb: &str,
    group_id: &str,
    direction: RuleDirection,
    rule: &SecurityGroupRule,
) -> String {
    let mut permission = format!("IpProtocol={}", rule.protocol.cli_name());
    if rule.protocol != Protocol::All {
        let (from, to) = rule
            .ports
            .map_or((-1, -1), |p| (i32::from(p.from), i32::from(p.to)));
        permission.push_str(&format!(",FromPort={from},ToPort={to}"));
    }
    let peer = match &rule.peer {
        RulePeer::Cidr(net) => format!("IpRanges=[{{CidrIp={net}}}]"),
        RulePeer::Group(id) => format!("UserIdGroupPairs=[{{GroupId={id}}}]"),
        RulePeer::PrefixList(id) => format!("PrefixListIds=[{{PrefixListId={id}}}]"),
    };
    format!(
        "aws ec2 {verb}-security-group-{} --group-id {group_id} --ip-permissions '{permission},{peer}'",
        direction.as_str()
    )
}

/// The `create-route` option that names the target, and its id.
fn target_flag(target: &RouteTarget) -> (&'static str, &str) {
    let id = target.resource_id().unwrap_or("local");
    let flag = match target {
        RouteTarget::NatGateway(_) => "--nat-gateway-id",
        RouteTarget::EgressOnlyInternetGateway(_) => "--egress-only-internet-gateway-id",
        RouteTarget::TransitGateway(_) => "--transit-gateway-id",
        RouteTarget::VpcPeering(_) => "--vpc-peering-connection-id",
        RouteTarget::VpcEndpoint(_) => "--vpc-endpoint-id",
        RouteTarget::Instance(_) => "--instance-id",
        RouteTarget::NetworkInterface(_) => "--network-interface-id",
        RouteTarget::Local
        | RouteTarget::InternetGateway(_)
        | RouteTarget::VirtualPrivateGateway(_)
        | RouteTarget::Other(_) => "--gateway-id",
    };
    (flag, id)
}

/// A daemon address lives in code or in the function's environment: no
/// single command sets it safely, so the draft says what to change.
fn daemon_note(scope: &DaemonScope, address: Option<&str>) -> String {
    let whom = match scope {
        DaemonScope::Function(name) => name.clone(),
        DaemonScope::Vpc(id) => format!("every function in {id}"),
        DaemonScope::Global => "every function".to_owned(),
    };
    match address {
        Some(address) => format!(
            "# Set AWS_XRAY_DAEMON_ADDRESS={address} for {whom} (in code, or in the environment:\n# update-function-configuration --environment replaces every variable, so merge it with the current ones)"
        ),
        None => {
            format!("# Remove AWS_XRAY_DAEMON_ADDRESS for {whom} (in code or in the environment)")
        }
    }
}

pub(super) fn terraform(edit: &Edit) -> String {
    match edit {
        Edit::EndpointPrivateDns {
            endpoint_id,
            enabled,
        } => fragment(
            "aws_vpc_endpoint",
            endpoint_id,
            &format!("private_dns_enabled = {enabled}"),
        ),
        Edit::VpcDnsSupport { vpc_id, enabled } => fragment(
            "aws_vpc",
            vpc_id,
            &format!("enable_dns_support = {enabled}"),
        ),
        Edit::VpcDnsHostnames { vpc_id, enabled } => fragment(
            "aws_vpc",
            vpc_id,
            &format!("enable_dns_hostnames = {enabled}"),
        ),
        Edit::AddXrayEndpoint {
            vpc_id,
            region,
            subnet_ids,
            security_group_ids,
        } => format!(
            "resource \"aws_vpc_endpoint\" \"xray_{}\" {{\n  vpc_id              = \"{vpc_id}\"\n  service_name        = \"com.amazonaws.{region}.xray\"\n  vpc_endpoint_type   = \"Interface\"\n  private_dns_enabled = true\n  subnet_ids          = {}\n  security_group_ids  = {}\n}}",
            name(vpc_id),
            list(subnet_ids),
            list(security_group_ids)
        ),
        Edit::RemoveEndpoint { endpoint_id } => format!(
            "# Delete the aws_vpc_endpoint resource whose id is {endpoint_id}\n# (remove its block; terraform apply then destroys it)."
        ),
        Edit::AddSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => group_rule_resource(group_id, *direction, rule),
        Edit::RemoveSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => format!(
            "# Remove the {} rule {} {} to/from {} from security group {group_id}\n# (its aws_vpc_security_group_{}_rule block, or the inline rule).",
            direction.as_str(),
            rule.protocol.cli_name(),
            rule.ports
                .map_or_else(|| "all ports".to_owned(), |p| p.to_string()),
            rule.peer,
            direction.as_str()
        ),
        Edit::AddAclEntry { acl_id, entry } => {
            let action = match entry.action {
                AclAction::Allow => "allow",
                AclAction::Deny => "deny",
            };
            let ports = entry.ports.map_or_else(String::new, |p| {
                format!(
                    "\n  from_port      = {}\n  to_port        = {}",
                    p.from, p.to
                )
            });
            format!(
                "resource \"aws_network_acl_rule\" \"{}_{}_{}\" {{\n  network_acl_id = \"{acl_id}\"\n  rule_number    = {}\n  egress         = {}\n  protocol       = \"{}\"\n  rule_action    = \"{action}\"\n  cidr_block     = \"{}\"{ports}\n}}",
                name(acl_id),
                if entry.egress { "egress" } else { "ingress" },
                entry.rule_number,
                entry.rule_number,
                entry.egress,
                entry.protocol.cli_name(),
                entry.cidr
            )
        }
        Edit::RemoveAclEntry {
            acl_id,
            egress,
            rule_number,
        } => format!(
            "# Remove {} rule {rule_number} of network ACL {acl_id} (its aws_network_acl_rule block, or the inline rule).",
            if *egress { "egress" } else { "ingress" }
        ),
        Edit::AddRoute {
            route_table_id,
            destination,
            target,
            replace,
        } => {
            let (flag, id) = target_flag(target);
            let attribute = flag.trim_start_matches("--").replace('-', "_");
            let note = if *replace {
                format!("# Replaces the route for {destination} that {route_table_id} has now.\n")
            } else {
                String::new()
            };
            format!(
                "{note}resource \"aws_route\" \"{}_{}\" {{\n  route_table_id         = \"{route_table_id}\"\n  destination_cidr_block = \"{destination}\"\n  {attribute} = \"{id}\"\n}}",
                name(route_table_id),
                name(&destination.to_string())
            )
        }
        Edit::RemoveRoute {
            route_table_id,
            destination,
        } => format!(
            "# Remove the route for {destination} from {route_table_id} (its aws_route block, or the inline route)."
        ),
        Edit::Tracing { function, mode } => fragment(
            "aws_lambda_function",
            function,
            &format!("tracing_config {{\n    mode = \"{}\"\n  }}", mode.as_str()),
        ),
        Edit::DaemonAddress { scope, address } => match (scope, address) {
            (DaemonScope::Function(function), Some(address)) => fragment(
                "aws_lambda_function",
                function,
                &format!(
                    "environment {{\n    variables = {{\n      # merge with the variables it has\n      AWS_XRAY_DAEMON_ADDRESS = \"{address}\"\n    }}\n  }}"
                ),
            ),
            _ => daemon_note(scope, address.as_deref()),
        },
    }
}

/// A new security group rule as its own resource.
fn group_rule_resource(
    group_id: &str,
    direction: RuleDirection,
    rule: &SecurityGroupRule,
) -> String {
    let peer = match &rule.peer {
        RulePeer::Cidr(net) => format!("cidr_ipv4                    = \"{net}\""),
        RulePeer::Group(id) => format!("referenced_security_group_id = \"{id}\""),
        RulePeer::PrefixList(id) => format!("prefix_list_id               = \"{id}\""),
    };
    let ports = match (rule.protocol, rule.ports) {
        (Protocol::All, _) => String::new(),
        (_, Some(p)) => format!(
            "\n  from_port                    = {}\n  to_port                      = {}",
            p.from, p.to
        ),
        (_, None) => {
            "\n  from_port                    = -1\n  to_port                      = -1".to_owned()
        }
    };
    let port_name = rule
        .ports
        .map_or_else(|| "all".to_owned(), |p| p.from.to_string());
    format!(
        "resource \"aws_vpc_security_group_{}_rule\" \"{}_{}_{port_name}\" {{\n  security_group_id            = \"{group_id}\"\n  ip_protocol                  = \"{}\"{ports}\n  {peer}\n}}",
        direction.as_str(),
        name(group_id),
        name(&rule.protocol.cli_name()),
        rule.protocol.cli_name()
    )
}

/// The part of an existing resource to change, with a comment saying so.
fn fragment(kind: &str, id: &str, body: &str) -> String {
    format!(
        "# Change on the existing {kind} whose id (or name) is {id}:\nresource \"{kind}\" \"{}\" {{\n  {body}\n}}",
        name(id)
    )
}

/// A Terraform name: letters, digits and underscores, not starting with a digit.
fn name(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("r_{cleaned}")
    }
}

/// `["a", "b"]`.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}
