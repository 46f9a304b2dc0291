//! Which drawn nodes a set of what-if edits touches, so the view can mark
//! them. An edit names a resource; a resource without a node of its own
//! (a security group, an ACL, a route table) marks the nodes it governs.

use crate::model::Snapshot;
use std::collections::HashSet;

/// The node ids (resource ids, function names) to mark for edits that
/// touch `resources`, read against the snapshot the edits produced. The
/// VPC of every marked node is marked too, so a collapsed VPC shows that
/// something inside it was edited.
pub fn edited_nodes<'s>(
    snapshot: &Snapshot,
    resources: impl IntoIterator<Item = &'s str>,
) -> HashSet<String> {
    let touched: HashSet<&str> = resources.into_iter().collect();
    if touched.is_empty() {
        return HashSet::new();
    }
    let mut marked: HashSet<String> = touched.iter().map(|id| (*id).to_owned()).collect();

    // Subnets governed by an edited ACL or route table: explicitly
    // associated, or (for the VPC's default ACL and main table) not
    // associated with any other.
    let explicit_acl: HashSet<&str> = snapshot
        .network_acls
        .iter()
        .flat_map(|a| a.subnet_ids.iter().map(String::as_str))
        .collect();
    let explicit_table: HashSet<&str> = snapshot
        .route_tables
        .iter()
        .flat_map(|t| t.subnet_ids.iter().map(String::as_str))
        .collect();
    for subnet in &snapshot.subnets {
        let id = subnet.id.as_str();
        let by_acl = snapshot.network_acls.iter().any(|a| {
            touched.contains(a.id.as_str())
                && (a.subnet_ids.iter().any(|s| s == id)
                    || (a.is_default && a.vpc_id == subnet.vpc_id && !explicit_acl.contains(id)))
        });
        let by_table = snapshot.route_tables.iter().any(|t| {
            touched.contains(t.id.as_str())
                && (t.subnet_ids.iter().any(|s| s == id)
                    || (t.main && t.vpc_id == subnet.vpc_id && !explicit_table.contains(id)))
        });
        if by_acl || by_table {
            marked.insert(subnet.id.clone());
        }
    }

    // Functions and endpoints behind an edited security group.
    for function in &snapshot.functions {
        if function
            .security_group_ids()
            .iter()
            .any(|g| touched.contains(g.as_str()))
        {
            marked.insert(function.name.clone());
        }
    }
    for endpoint in &snapshot.vpc_endpoints {
        if endpoint
            .security_group_ids
            .iter()
            .any(|g| touched.contains(g.as_str()))
        {
            marked.insert(endpoint.id.clone());
        }
    }

    // The VPC around everything marked.
    let vpc_of_subnet = |id: &str| {
        snapshot
            .subnets
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.vpc_id.clone())
    };
    let mut vpcs = Vec::new();
    for subnet in &snapshot.subnets {
        if marked.contains(&subnet.id) {
            vpcs.push(subnet.vpc_id.clone());
        }
    }
    for endpoint in &snapshot.vpc_endpoints {
        if marked.contains(&endpoint.id) {
            vpcs.push(endpoint.vpc_id.clone());
        }
    }
    for function in &snapshot.functions {
        if marked.contains(&function.name)
            && let Some(vpc) = function.subnet_ids().first().and_then(|s| vpc_of_subnet(s))
        {
            vpcs.push(vpc);
        }
    }
    marked.extend(vpcs);
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    #[test]
    fn a_group_edit_marks_the_functions_behind_it_and_their_vpc() {
        let snapshot = crate::demo::snapshot();
        let function = snapshot
            .functions
            .iter()
            .find(|f| !f.security_group_ids().is_empty())
            .expect("a VPC function in the demo");
        let group = function.security_group_ids()[0].clone();
        let marked = edited_nodes(&snapshot, [group.as_str()]);
        assert!(marked.contains(&function.name), "{marked:?}");
        let report = analyze(&snapshot);
        let vpc = report
            .function(&function.name)
            .and_then(|f| f.vpc_id.clone())
            .expect("its VPC");
        assert!(marked.contains(&vpc), "{marked:?}");
        // A function in no group of the edit is not marked.
        let untouched = snapshot
            .functions
            .iter()
            .find(|f| !f.security_group_ids().contains(&group))
            .expect("another function");
        assert!(!marked.contains(&untouched.name));
    }

    #[test]
    fn an_acl_edit_marks_the_subnets_it_governs() {
        let snapshot = crate::demo::snapshot();
        let acl = snapshot
            .network_acls
            .iter()
            .find(|a| !a.subnet_ids.is_empty())
            .expect("an associated ACL in the demo");
        let marked = edited_nodes(&snapshot, [acl.id.as_str()]);
        for subnet in &acl.subnet_ids {
            assert!(marked.contains(subnet), "{subnet} in {marked:?}");
        }
        assert!(marked.contains(&acl.vpc_id));
    }

    #[test]
    fn no_edits_mark_nothing() {
        assert!(edited_nodes(&crate::demo::snapshot(), []).is_empty());
    }
}
