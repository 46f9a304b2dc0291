//! Checks a snapshot file's contents hang together: every id once, and
//! every reference pointing at something the file holds (unless the call
//! that would have read it is recorded as unreadable).

use super::{DataSource, Snapshot};
use std::collections::{HashMap, HashSet};

/// The first problem found, with its place in the file
/// (e.g. `subnets[3].vpc_id: vpc-9 is not in vpcs`).
pub fn problem(snapshot: &Snapshot) -> Option<String> {
    unsafe_token(snapshot)
        .or_else(|| duplicates(snapshot))
        .or_else(|| dangling(snapshot))
}

/// What AWS allows in ids, ARNs, function and role names and domain
/// names. These go into the fix commands a user copies into a shell, so a
/// file whose ids hold anything else (a space, a quote, `;`) is refused.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 2048
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/+=,@*".contains(c))
}

fn unsafe_token(s: &Snapshot) -> Option<String> {
    // The region goes into endpoint service names and every command.
    if !s
        .region
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some(format!(
            "region: {:?} is not an AWS region (lower-case letters, digits and - only)",
            s.region
        ));
    }
    if !s.account.is_empty() && !is_token(&s.account) {
        return Some(format!("account: {:?} is not an AWS account id", s.account));
    }
    fn check<'a>(list: &str, field: &str, values: impl Iterator<Item = &'a str>) -> Option<String> {
        values.enumerate().find(|(_, v)| !is_token(v)).map(|(i, v)| {
            format!(
                "{list}[{i}].{field}: {v:?} is not an AWS id or name (letters, digits and - _ . : / + = , @ only)"
            )
        })
    }
    macro_rules! ids {
        ($list:ident . $key:ident) => {
            check(
                stringify!($list),
                stringify!($key),
                s.$list.iter().map(|x| x.$key.as_str()),
            )
        };
    }
    ids!(vpcs.id)
        .or_else(|| {
            let options = s
                .vpcs
                .iter()
                .map(|v| v.dhcp_options_id.as_deref().unwrap_or("default"));
            check("vpcs", "dhcp_options_id", options)
        })
        .or_else(|| ids!(dhcp_options.id))
        .or_else(|| ids!(subnets.id))
        .or_else(|| ids!(subnets.vpc_id))
        .or_else(|| ids!(route_tables.id))
        .or_else(|| ids!(internet_gateways.id))
        .or_else(|| ids!(nat_gateways.id))
        .or_else(|| ids!(nat_gateways.subnet_id))
        .or_else(|| ids!(network_acls.id))
        .or_else(|| ids!(security_groups.id))
        .or_else(|| ids!(prefix_lists.id))
        .or_else(|| ids!(vpc_endpoints.id))
        .or_else(|| ids!(vpc_endpoints.service_name))
        .or_else(|| ids!(network_interfaces.id))
        .or_else(|| ids!(instances.id))
        .or_else(|| ids!(functions.name))
        .or_else(|| ids!(functions.arn))
        .or_else(|| ids!(functions.role_arn))
        .or_else(|| ids!(roles.name))
        .or_else(|| ids!(roles.arn))
        .or_else(|| ids!(hosted_zones.id))
        .or_else(|| ids!(hosted_zones.name))
        .or_else(|| ids!(resolver_rules.id))
        .or_else(|| ids!(resolver_rules.domain_name))
        .or_else(|| {
            s.route_tables.iter().enumerate().find_map(|(i, t)| {
                // The local route has no id: a token stands in to keep the index.
                let targets = t
                    .routes
                    .iter()
                    .map(|r| r.target.resource_id().unwrap_or("local"));
                check("routes", "target", targets).map(|m| format!("route_tables[{i}].{m}"))
            })
        })
        .or_else(|| lists(s))
        .or_else(|| {
            s.functions.iter().enumerate().find_map(|(i, f)| {
                check("subnet_ids", "", f.subnet_ids().iter().map(String::as_str))
                    .or_else(|| {
                        check(
                            "security_group_ids",
                            "",
                            f.security_group_ids().iter().map(String::as_str),
                        )
                    })
                    .map(|m| format!("functions[{i}].vpc.{}", m.replacen("].:", "]:", 1)))
            })
        })
}

/// The ids held in lists inside the resources.
fn lists(s: &Snapshot) -> Option<String> {
    fn each<'a, T: 'a>(
        list: &str,
        field: &str,
        items: &'a [T],
        ids: impl Fn(&'a T) -> &'a [String],
    ) -> Option<String> {
        items.iter().enumerate().find_map(|(i, item)| {
            ids(item)
                .iter()
                .enumerate()
                .find(|(_, id)| !is_token(id))
                .map(|(j, id)| {
                    format!(
                        "{list}[{i}].{field}[{j}]: {id:?} is not an AWS id or name (letters, digits and - _ . : / + = , @ only)"
                    )
                })
        })
    }
    each(
        "network_interfaces",
        "security_group_ids",
        &s.network_interfaces,
        |n| &n.security_group_ids,
    )
    .or_else(|| {
        each(
            "vpc_endpoints",
            "security_group_ids",
            &s.vpc_endpoints,
            |e| &e.security_group_ids,
        )
    })
    .or_else(|| {
        each("vpc_endpoints", "subnet_ids", &s.vpc_endpoints, |e| {
            &e.subnet_ids
        })
    })
    .or_else(|| {
        each(
            "vpc_endpoints",
            "network_interface_ids",
            &s.vpc_endpoints,
            |e| &e.network_interface_ids,
        )
    })
    .or_else(|| {
        each(
            "internet_gateways",
            "attached_vpc_ids",
            &s.internet_gateways,
            |g| &g.attached_vpc_ids,
        )
    })
    .or_else(|| {
        each("route_tables", "subnet_ids", &s.route_tables, |t| {
            &t.subnet_ids
        })
    })
    .or_else(|| {
        each("network_acls", "subnet_ids", &s.network_acls, |a| {
            &a.subnet_ids
        })
    })
    .or_else(|| each("hosted_zones", "vpc_ids", &s.hosted_zones, |z| &z.vpc_ids))
    .or_else(|| {
        each("resolver_rules", "vpc_ids", &s.resolver_rules, |r| {
            &r.vpc_ids
        })
    })
}

fn duplicates(s: &Snapshot) -> Option<String> {
    fn first_repeat<'a>(
        list: &str,
        key: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> Option<String> {
        let mut seen = HashSet::new();
        ids.enumerate()
            .find(|(_, id)| !seen.insert(*id))
            .map(|(i, id)| format!("{list}[{i}].{key}: {id} appears twice"))
    }
    macro_rules! repeat {
        ($list:ident . $key:ident) => {
            first_repeat(
                stringify!($list),
                stringify!($key),
                s.$list.iter().map(|x| x.$key.as_str()),
            )
        };
    }
    repeat!(vpcs.id)
        .or_else(|| repeat!(dhcp_options.id))
        .or_else(|| repeat!(subnets.id))
        .or_else(|| repeat!(route_tables.id))
        .or_else(|| repeat!(internet_gateways.id))
        .or_else(|| repeat!(nat_gateways.id))
        .or_else(|| repeat!(network_acls.id))
        .or_else(|| repeat!(security_groups.id))
        .or_else(|| repeat!(prefix_lists.id))
        .or_else(|| repeat!(vpc_endpoints.id))
        .or_else(|| repeat!(network_interfaces.id))
        .or_else(|| repeat!(instances.id))
        .or_else(|| repeat!(functions.name))
        .or_else(|| repeat!(functions.arn))
        .or_else(|| repeat!(roles.arn))
        .or_else(|| repeat!(roles.name))
        .or_else(|| repeat!(hosted_zones.id))
        .or_else(|| repeat!(resolver_rules.id))
}

/// A reference found in the file: where it is (list, index, field), and
/// the id it names. The place is put into words only for a problem.
type Reference<'a> = ((&'static str, usize, &'static str), &'a str);

/// `list[i].field` naming one id.
fn one<'a>(
    list: &'static str,
    field: &'static str,
) -> impl Fn((usize, &'a String)) -> Reference<'a> {
    move |(i, id)| ((list, i, field), id.as_str())
}

/// `list[i].field` naming each id of a list.
fn many<'a>(
    list: &'static str,
    field: &'static str,
) -> impl Fn((usize, &'a Vec<String>)) -> std::vec::IntoIter<Reference<'a>> {
    move |(i, ids)| {
        ids.iter()
            .map(|id| ((list, i, field), id.as_str()))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// References AWS keeps consistent: a subnet cannot outlive its VPC, nor a
/// group or an interface in use its subnet. Route targets and group rules
/// are not here: AWS keeps a route to a deleted NAT gateway (a blackhole)
/// and a rule may name a group of another account, and the analysis reads
/// both as they are.
fn dangling(s: &Snapshot) -> Option<String> {
    let unread = |source| s.unreadable.iter().any(|u| u.source == source);
    let vpcs: HashSet<&str> = s.vpcs.iter().map(|v| v.id.as_str()).collect();
    let subnets: HashSet<&str> = s.subnets.iter().map(|v| v.id.as_str()).collect();
    let groups: HashSet<&str> = s.security_groups.iter().map(|g| g.id.as_str()).collect();
    let dhcp: HashSet<&str> = s.dhcp_options.iter().map(|d| d.id.as_str()).collect();

    let function_vpcs = || {
        s.functions
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.vpc.as_ref().map(|v| (i, v)))
    };

    let checks: [(DataSource, &HashSet<&str>, &str, Vec<Reference<'_>>); 4] = [
        (
            DataSource::Vpcs,
            &vpcs,
            "vpcs",
            s.subnets
                .iter()
                .map(|x| &x.vpc_id)
                .enumerate()
                .map(one("subnets", "vpc_id"))
                .chain(
                    s.route_tables
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("route_tables", "vpc_id")),
                )
                .chain(
                    s.network_acls
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("network_acls", "vpc_id")),
                )
                .chain(
                    s.security_groups
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("security_groups", "vpc_id")),
                )
                .chain(
                    s.vpc_endpoints
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("vpc_endpoints", "vpc_id")),
                )
                .chain(
                    s.nat_gateways
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("nat_gateways", "vpc_id")),
                )
                .chain(
                    s.network_interfaces
                        .iter()
                        .map(|x| &x.vpc_id)
                        .enumerate()
                        .map(one("network_interfaces", "vpc_id")),
                )
                .chain(
                    s.internet_gateways
                        .iter()
                        .map(|x| &x.attached_vpc_ids)
                        .enumerate()
                        .flat_map(many("internet_gateways", "attached_vpc_ids")),
                )
                .collect(),
        ),
        (
            DataSource::Subnets,
            &subnets,
            "subnets",
            s.route_tables
                .iter()
                .map(|x| &x.subnet_ids)
                .enumerate()
                .flat_map(many("route_tables", "subnet_ids"))
                .chain(
                    s.network_acls
                        .iter()
                        .map(|x| &x.subnet_ids)
                        .enumerate()
                        .flat_map(many("network_acls", "subnet_ids")),
                )
                .chain(
                    s.vpc_endpoints
                        .iter()
                        .map(|x| &x.subnet_ids)
                        .enumerate()
                        .flat_map(many("vpc_endpoints", "subnet_ids")),
                )
                .chain(
                    s.nat_gateways
                        .iter()
                        .map(|x| &x.subnet_id)
                        .enumerate()
                        .map(one("nat_gateways", "subnet_id")),
                )
                .chain(
                    s.network_interfaces
                        .iter()
                        .map(|x| &x.subnet_id)
                        .enumerate()
                        .map(one("network_interfaces", "subnet_id")),
                )
                .chain(
                    function_vpcs()
                        .flat_map(|(i, v)| many("functions", "vpc.subnet_ids")((i, &v.subnet_ids))),
                )
                .collect(),
        ),
        (
            DataSource::SecurityGroups,
            &groups,
            "security_groups",
            s.vpc_endpoints
                .iter()
                .map(|x| &x.security_group_ids)
                .enumerate()
                .flat_map(many("vpc_endpoints", "security_group_ids"))
                .chain(
                    s.network_interfaces
                        .iter()
                        .map(|x| &x.security_group_ids)
                        .enumerate()
                        .flat_map(many("network_interfaces", "security_group_ids")),
                )
                .chain(function_vpcs().flat_map(|(i, v)| {
                    many("functions", "vpc.security_group_ids")((i, &v.security_group_ids))
                }))
                .collect(),
        ),
        (
            DataSource::DhcpOptions,
            &dhcp,
            "dhcp_options",
            // `default` is AWS's name for "no option set": the VPC resolver.
            s.vpcs
                .iter()
                .map(|x| &x.dhcp_options_id)
                .enumerate()
                .filter_map(|(i, id)| id.as_ref().filter(|id| *id != "default").map(|id| (i, id)))
                .map(one("vpcs", "dhcp_options_id"))
                .collect(),
        ),
    ];
    for (source, known, list, references) in checks {
        if unread(source) {
            continue;
        }
        if let Some(((owner, i, field), id)) =
            references.into_iter().find(|(_, id)| !known.contains(id))
        {
            return Some(format!("{owner}[{i}].{field}: {id} is not in {list}"));
        }
    }
    let subnet_vpc: HashMap<&str, &str> = s
        .subnets
        .iter()
        .map(|x| (x.id.as_str(), x.vpc_id.as_str()))
        .collect();
    one_vpc_per_function(s, &subnet_vpc)
        .or_else(|| same_vpc(s, &subnet_vpc))
        .or_else(|| main_tables(s, unread(DataSource::RouteTables)))
        .or_else(|| declarations(s))
        .or_else(|| acl_rule_numbers(s))
}

/// AWS numbers ACL entries from 1 to 32766 (32767 is the default deny).
fn acl_rule_numbers(s: &Snapshot) -> Option<String> {
    s.network_acls.iter().enumerate().find_map(|(i, acl)| {
        acl.entries
            .iter()
            .enumerate()
            .find(|(_, e)| !(1..=32767).contains(&e.rule_number))
            .map(|(j, e)| {
                format!(
                    "network_acls[{i}].entries[{j}].rule_number: {} is outside 1 to 32767",
                    e.rule_number
                )
            })
    })
}

/// What AWS keeps inside one VPC: a function's groups, an endpoint's
/// subnets, an interface's subnet.
fn same_vpc(s: &Snapshot, subnet_vpc: &HashMap<&str, &str>) -> Option<String> {
    let group_vpc: HashMap<&str, &str> = s
        .security_groups
        .iter()
        .map(|x| (x.id.as_str(), x.vpc_id.as_str()))
        .collect();
    let elsewhere = |place: String, id: &str, found: Option<&&str>, vpc: &str| {
        found
            .filter(|found| **found != vpc)
            .map(|found| format!("{place}: {id} is in {found}, not in {vpc}"))
    };
    for (i, f) in s.functions.iter().enumerate() {
        let Some(vpc) = f
            .subnet_ids()
            .first()
            .and_then(|x| subnet_vpc.get(x.as_str()))
        else {
            continue;
        };
        for (j, group) in f.security_group_ids().iter().enumerate() {
            let place = format!("functions[{i}].vpc.security_group_ids[{j}]");
            if let Some(problem) = elsewhere(place, group, group_vpc.get(group.as_str()), vpc) {
                return Some(problem);
            }
        }
    }
    for (i, e) in s.vpc_endpoints.iter().enumerate() {
        for (j, subnet) in e.subnet_ids.iter().enumerate() {
            let place = format!("vpc_endpoints[{i}].subnet_ids[{j}]");
            if let Some(problem) =
                elsewhere(place, subnet, subnet_vpc.get(subnet.as_str()), &e.vpc_id)
            {
                return Some(problem);
            }
        }
    }
    s.network_interfaces.iter().enumerate().find_map(|(i, n)| {
        let place = format!("network_interfaces[{i}].subnet_id");
        elsewhere(
            place,
            &n.subnet_id,
            subnet_vpc.get(n.subnet_id.as_str()),
            &n.vpc_id,
        )
    })
}

/// Every VPC has a main route table: without one its subnets' routes are
/// not known.
fn main_tables(s: &Snapshot, unread: bool) -> Option<String> {
    if unread {
        return None;
    }
    let with_main: HashSet<&str> = s
        .route_tables
        .iter()
        .filter(|t| t.main)
        .map(|t| t.vpc_id.as_str())
        .collect();
    s.vpcs
        .iter()
        .enumerate()
        .find(|(_, v)| !with_main.contains(v.id.as_str()))
        .map(|(i, v)| {
            format!(
                "vpcs[{i}]: {} has no main route table in route_tables",
                v.id
            )
        })
}

/// Daemon declarations name an address that parses, and a VPC or function
/// the file holds.
fn declarations(s: &Snapshot) -> Option<String> {
    s.daemon_declarations.iter().enumerate().find_map(|(i, d)| {
        if super::DaemonAddress::parse(&d.address).is_none() {
            return Some(format!(
                "daemon_declarations[{i}].address: {:?} is not IP or IP:PORT",
                d.address
            ));
        }
        match &d.scope {
            super::DaemonScope::Global => None,
            super::DaemonScope::Vpc(id) => (!s.vpcs.iter().any(|v| &v.id == id))
                .then(|| format!("daemon_declarations[{i}].scope: {id:?} is not in vpcs")),
            super::DaemonScope::Function(name) => (!s.functions.iter().any(|f| &f.name == name))
                .then(|| format!("daemon_declarations[{i}].scope: {name:?} is not in functions")),
        }
    })
}

/// Lambda places a function's interfaces in the subnets of one VPC.
fn one_vpc_per_function(s: &Snapshot, vpc_of: &HashMap<&str, &str>) -> Option<String> {
    s.functions.iter().enumerate().find_map(|(i, f)| {
        let mut owners = f
            .subnet_ids()
            .iter()
            .filter_map(|id| vpc_of.get(id.as_str()).map(|vpc| (id, *vpc)));
        let (first, vpc) = owners.next()?;
        owners.find(|(_, other)| other != &vpc).map(|(id, other)| {
            format!(
                "functions[{i}].vpc.subnet_ids: {first} is in {vpc} but {id} is in {other}; a function's subnets are all in one VPC"
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Subnet, Vpc};

    fn vpc(id: &str) -> Vpc {
        Vpc {
            id: id.into(),
            name: None,
            cidr_blocks: vec![],
            dns_support: Some(true),
            dns_hostnames: Some(true),
            dhcp_options_id: None,
        }
    }

    fn subnet(id: &str, vpc: &str) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            name: None,
            cidr: "10.0.0.0/24".parse().expect("cidr"),
            availability_zone: "us-east-1a".into(),
        }
    }

    #[test]
    fn a_repeated_id_is_named_with_its_place() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1")];
        s.subnets = vec![subnet("subnet-1", "vpc-1"), subnet("subnet-1", "vpc-1")];
        assert_eq!(
            problem(&s).as_deref(),
            Some("subnets[1].id: subnet-1 appears twice")
        );
    }

    #[test]
    fn a_subnet_of_a_missing_vpc_is_dangling() {
        let mut s = Snapshot::new("r", "a");
        s.subnets = vec![subnet("subnet-1", "vpc-9")];
        assert_eq!(
            problem(&s).as_deref(),
            Some("subnets[0].vpc_id: vpc-9 is not in vpcs")
        );
    }

    #[test]
    fn references_into_unreadable_data_are_allowed() {
        let mut s = Snapshot::new("r", "a");
        s.subnets = vec![subnet("subnet-1", "vpc-9")];
        s.unreadable.push(crate::model::Unreadable {
            source: DataSource::Vpcs,
            api: "ec2:DescribeVpcs".into(),
            code: "AccessDenied".into(),
            message: String::new(),
            resource: None,
        });
        assert_eq!(problem(&s), None);
    }

    fn function(name: &str, subnets: &[&str], groups: &[&str]) -> crate::model::Function {
        let text = serde_json::json!({
            "name": name,
            "arn": format!("arn:aws:lambda:r:1:function:{name}"),
            "role_arn": "arn:aws:iam::1:role/r",
            "vpc": {"subnet_ids": subnets, "security_group_ids": groups},
            "tracing": "Active",
        });
        serde_json::from_value(text).expect("a function")
    }

    #[test]
    fn a_function_in_a_missing_subnet_is_dangling() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1")];
        s.subnets = vec![subnet("subnet-1", "vpc-1")];
        s.functions = vec![function("f", &["subnet-1", "subnet-2"], &[])];
        assert_eq!(
            problem(&s).as_deref(),
            Some("functions[0].vpc.subnet_ids: subnet-2 is not in subnets")
        );
    }

    #[test]
    fn a_function_group_that_is_not_listed_is_dangling() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1")];
        s.subnets = vec![subnet("subnet-1", "vpc-1")];
        s.functions = vec![function("f", &["subnet-1"], &["sg-404"])];
        assert_eq!(
            problem(&s).as_deref(),
            Some("functions[0].vpc.security_group_ids: sg-404 is not in security_groups")
        );
    }

    #[test]
    fn a_function_across_two_vpcs_is_refused() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1"), vpc("vpc-2")];
        s.subnets = vec![subnet("subnet-1", "vpc-1"), subnet("subnet-2", "vpc-2")];
        s.functions = vec![function("f", &["subnet-1", "subnet-2"], &[])];
        let problem = problem(&s).expect("refused");
        assert!(
            problem.starts_with(
                "functions[0].vpc.subnet_ids: subnet-1 is in vpc-1 but subnet-2 is in vpc-2"
            ),
            "{problem}"
        );
    }

    #[test]
    fn the_default_dhcp_options_need_no_entry_but_others_do() {
        let mut s = Snapshot::new("r", "a");
        let mut with_default = vpc("vpc-1");
        with_default.dhcp_options_id = Some("default".into());
        let mut with_missing = vpc("vpc-2");
        with_missing.dhcp_options_id = Some("dopt-9".into());
        s.vpcs = vec![with_default, with_missing];
        assert_eq!(
            problem(&s).as_deref(),
            Some("vpcs[1].dhcp_options_id: dopt-9 is not in dhcp_options")
        );
    }

    #[test]
    fn repeated_ids_are_found_in_every_list() {
        let text = serde_json::json!({"id": "igw-1", "attached_vpc_ids": []});
        let igw: crate::model::InternetGateway = serde_json::from_value(text).expect("igw");
        let mut s = Snapshot::new("r", "a");
        s.internet_gateways = vec![igw.clone(), igw];
        assert_eq!(
            problem(&s).as_deref(),
            Some("internet_gateways[1].id: igw-1 appears twice")
        );
    }

    #[test]
    fn an_id_that_would_break_a_fix_command_is_refused() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1; rm -rf ~")];
        assert_eq!(
            problem(&s).as_deref(),
            Some(
                "vpcs[0].id: \"vpc-1; rm -rf ~\" is not an AWS id or name (letters, digits and - _ . : / + = , @ only)"
            )
        );
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1")];
        s.subnets = vec![subnet("subnet-1", "vpc-1")];
        s.functions = vec![function("f", &["subnet-1"], &["sg-1'"])];
        let problem = problem(&s).expect("refused");
        assert!(
            problem.starts_with("functions[0].vpc.security_group_ids[0]: \"sg-1'\" is not"),
            "{problem}"
        );
    }

    #[test]
    fn a_region_that_would_break_a_command_is_refused() {
        let s = Snapshot::new("us-east-1; touch /tmp/x #", "a");
        let problem = problem(&s).expect("refused");
        assert!(problem.starts_with("region: "), "{problem}");
    }

    #[test]
    fn a_function_group_of_another_vpc_is_refused() {
        let mut s = demo_like();
        let group = serde_json::json!({"id": "sg-2", "name": "other", "vpc_id": "vpc-2", "ingress": [], "egress": []});
        s.security_groups = vec![serde_json::from_value(group).expect("a group")];
        s.functions = vec![function("f", &["subnet-1"], &["sg-2"])];
        assert_eq!(
            problem(&s).as_deref(),
            Some("functions[0].vpc.security_group_ids[0]: sg-2 is in vpc-2, not in vpc-1")
        );
    }

    #[test]
    fn every_vpc_needs_its_main_route_table() {
        let mut s = demo_like();
        s.route_tables.retain(|t| t.vpc_id != "vpc-2");
        assert_eq!(
            problem(&s).as_deref(),
            Some("vpcs[1]: vpc-2 has no main route table in route_tables")
        );
    }

    #[test]
    fn a_daemon_declaration_must_parse_and_name_what_the_file_holds() {
        let mut s = demo_like();
        s.daemon_declarations = vec![crate::model::DaemonDeclaration {
            scope: crate::model::DaemonScope::Global,
            address: "not-an-ip".into(),
        }];
        assert_eq!(
            problem(&s).as_deref(),
            Some("daemon_declarations[0].address: \"not-an-ip\" is not IP or IP:PORT")
        );
        s.daemon_declarations[0] = crate::model::DaemonDeclaration {
            scope: crate::model::DaemonScope::Function("ghost".into()),
            address: "10.0.0.1".into(),
        };
        assert_eq!(
            problem(&s).as_deref(),
            Some("daemon_declarations[0].scope: \"ghost\" is not in functions")
        );
    }

    /// Two VPCs, one subnet in the first, a main route table for each.
    fn demo_like() -> Snapshot {
        let mut s = Snapshot::new("us-east-1", "123456789012");
        s.vpcs = vec![vpc("vpc-1"), vpc("vpc-2")];
        s.subnets = vec![subnet("subnet-1", "vpc-1")];
        s.route_tables = ["vpc-1", "vpc-2"]
            .iter()
            .map(|v| {
                serde_json::from_value(serde_json::json!({
                    "id": format!("rtb-{v}"), "vpc_id": v, "main": true, "subnet_ids": [], "routes": []
                }))
                .expect("a table")
            })
            .collect();
        assert_eq!(problem(&s), None, "the base is consistent");
        s
    }
}
