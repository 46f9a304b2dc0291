//! Reading an AWS CLI command back into an edit: how a finding's fix
//! becomes an "Apply as what-if" button, and how the tests check that
//! the commands printed say what the edits did.

use super::{Edit, RuleDirection};
use crate::model::{
    AclAction, AclEntry, PortRange, Protocol, RouteTarget, RulePeer, SecurityGroupRule, TracingMode,
};
use std::collections::HashMap;

/// The options of one command: `--name` to its values (none for a flag).
struct Options<'a>(HashMap<&'a str, Vec<&'a str>>);

impl<'a> Options<'a> {
    fn one(&self, name: &str) -> Option<&'a str> {
        self.0.get(name).and_then(|values| values.first().copied())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .get(name)
            .map(|values| values.iter().map(|v| (*v).to_owned()).collect())
            .unwrap_or_default()
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

pub(super) fn from_fix(fix: &str) -> Option<Edit> {
    // Placeholders and comments mean the command is not complete as written.
    if fix.contains('<') || fix.contains('#') || fix.lines().count() != 1 {
        return None;
    }
    let words: Vec<&str> = fix
        .split_whitespace()
        .map(|w| w.trim_matches('\''))
        .collect();
    let [aws, service, operation, rest @ ..] = words.as_slice() else {
        return None;
    };
    if *aws != "aws" {
        return None;
    }
    let options = options(rest);
    match (*service, *operation) {
        ("ec2", "modify-vpc-endpoint") => Some(Edit::EndpointPrivateDns {
            endpoint_id: options.one("vpc-endpoint-id")?.to_owned(),
            enabled: if options.has("private-dns-enabled") {
                true
            } else if options.has("no-private-dns-enabled") {
                false
            } else {
                return None;
            },
        }),
        ("ec2", "modify-vpc-attribute") => vpc_attribute(&options),
        ("ec2", "create-vpc-endpoint") => {
            let service_name = options.one("service-name")?;
            let region = service_name
                .strip_prefix("com.amazonaws.")?
                .strip_suffix(".xray")?;
            Some(Edit::AddXrayEndpoint {
                vpc_id: options.one("vpc-id")?.to_owned(),
                region: region.to_owned(),
                subnet_ids: options.all("subnet-ids"),
                security_group_ids: options.all("security-group-ids"),
            })
        }
        ("ec2", "delete-vpc-endpoints") => Some(Edit::RemoveEndpoint {
            endpoint_id: options.one("vpc-endpoint-ids")?.to_owned(),
        }),
        ("ec2", op)
            if op.ends_with("-security-group-ingress")
                || op.ends_with("-security-group-egress") =>
        {
            group_rule(op, &options)
        }
        ("ec2", "create-network-acl-entry") => acl_entry(&options),
        ("ec2", "delete-network-acl-entry") => Some(Edit::RemoveAclEntry {
            acl_id: options.one("network-acl-id")?.to_owned(),
            egress: options.has("egress"),
            rule_number: options.one("rule-number")?.parse().ok()?,
        }),
        ("ec2", op @ ("create-route" | "replace-route")) => Some(Edit::AddRoute {
            route_table_id: options.one("route-table-id")?.to_owned(),
            destination: options.one("destination-cidr-block")?.parse().ok()?,
            target: route_target(&options)?,
            replace: op == "replace-route",
        }),
        ("ec2", "delete-route") => Some(Edit::RemoveRoute {
            route_table_id: options.one("route-table-id")?.to_owned(),
            destination: options.one("destination-cidr-block")?.parse().ok()?,
        }),
        ("lambda", "update-function-configuration") => {
            let mode = match options.one("tracing-config")? {
                "Mode=Active" => TracingMode::Active,
                "Mode=PassThrough" => TracingMode::PassThrough,
                _ => return None,
            };
            Some(Edit::Tracing {
                function: options.one("function-name")?.to_owned(),
                mode,
            })
        }
        _ => None,
    }
}

fn options<'a>(words: &[&'a str]) -> Options<'a> {
    let mut map: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    let mut current = None;
    for word in words {
        if let Some(name) = word.strip_prefix("--") {
            map.entry(name).or_default();
            current = Some(name);
        } else if let Some(name) = current {
            map.entry(name).or_default().push(word);
        }
    }
    Options(map)
}

fn vpc_attribute(options: &Options<'_>) -> Option<Edit> {
    let vpc_id = options.one("vpc-id")?.to_owned();
    let enabled = |value: &str| value.replace(' ', "").contains("\"Value\":true");
    if let Some(value) = options.one("enable-dns-support") {
        return Some(Edit::VpcDnsSupport {
            vpc_id,
            enabled: enabled(value),
        });
    }
    let value = options.one("enable-dns-hostnames")?;
    Some(Edit::VpcDnsHostnames {
        vpc_id,
        enabled: enabled(value),
    })
}

/// `IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.0.0.0/24}]`.
fn group_rule(operation: &str, options: &Options<'_>) -> Option<Edit> {
    let direction = if operation.ends_with("ingress") {
        RuleDirection::Ingress
    } else {
        RuleDirection::Egress
    };
    let permission = options.one("ip-permissions")?;
    let field = |key: &str| {
        permission
            .split([',', '[', '{', '}', ']'])
            .find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
    };

    let protocol = Protocol::from_api(field("IpProtocol")?);
    let ports = match (field("FromPort"), field("ToPort")) {
        (Some("-1"), _) | (None, _) => None,
        (Some(from), Some(to)) => Some(PortRange {
            from: from.parse().ok()?,
            to: to.parse().ok()?,
        }),
        (Some(_), None) => return None,
    };
    let peer = if let Some(cidr) = field("CidrIp") {
        RulePeer::Cidr(cidr.parse().ok()?)
    } else if let Some(group) = field("GroupId") {
        RulePeer::Group(group.to_owned())
    } else {
        RulePeer::PrefixList(field("PrefixListId")?.to_owned())
    };
    let rule = SecurityGroupRule {
        protocol,
        ports,
        peer,
        description: None,
    };
    let group_id = options.one("group-id")?.to_owned();
    match operation.split('-').next()? {
        "authorize" => Some(Edit::AddSecurityGroupRule {
            group_id,
            direction,
            rule,
        }),
        "revoke" => Some(Edit::RemoveSecurityGroupRule {
            group_id,
            direction,
            rule,
        }),
        _ => None,
    }
}

fn acl_entry(options: &Options<'_>) -> Option<Edit> {
    let ports = match options.one("port-range") {
        Some(range) => {
            let (from, to) = range.strip_prefix("From=")?.split_once(",To=")?;
            Some(PortRange {
                from: from.parse().ok()?,
                to: to.parse().ok()?,
            })
        }
        None => None,
    };
    let action = match options.one("rule-action")? {
        "allow" => AclAction::Allow,
        "deny" => AclAction::Deny,
        _ => return None,
    };
    Some(Edit::AddAclEntry {
        acl_id: options.one("network-acl-id")?.to_owned(),
        entry: AclEntry {
            rule_number: options.one("rule-number")?.parse().ok()?,
            egress: options.has("egress"),
            protocol: Protocol::from_api(options.one("protocol")?),
            action,
            cidr: options.one("cidr-block")?.parse().ok()?,
            ports,
        },
    })
}

/// Builds a route target from its id.
type TargetKind = fn(String) -> RouteTarget;

/// The `create-route` options other than `--nat-gateway-id` and `--gateway-id`.
const TARGET_OPTIONS: [(&str, TargetKind); 6] = [
    (
        "egress-only-internet-gateway-id",
        RouteTarget::EgressOnlyInternetGateway,
    ),
    ("transit-gateway-id", RouteTarget::TransitGateway),
    ("vpc-peering-connection-id", RouteTarget::VpcPeering),
    ("vpc-endpoint-id", RouteTarget::VpcEndpoint),
    ("instance-id", RouteTarget::Instance),
    ("network-interface-id", RouteTarget::NetworkInterface),
];

fn route_target(options: &Options<'_>) -> Option<RouteTarget> {
    let owned = |flag: &str| options.one(flag).map(str::to_owned);
    if let Some(id) = owned("nat-gateway-id") {
        return Some(RouteTarget::NatGateway(id));
    }
    if let Some(id) = owned("gateway-id") {
        return Some(match id {
            id if id.starts_with("igw-") => RouteTarget::InternetGateway(id),
            id if id.starts_with("vgw-") => RouteTarget::VirtualPrivateGateway(id),
            id => RouteTarget::Other(id),
        });
    }
    TARGET_OPTIONS
        .into_iter()
        .find_map(|(flag, kind)| owned(flag).map(kind))
}
