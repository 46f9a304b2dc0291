//! Which drawn nodes a set of what-if edits touches, so the view can mark
//! them. An edit names a resource; a resource without a node of its own
//! (a security group, an ACL, a route table) marks the nodes it governs.

use crate::model::{Index, Snapshot};
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

    // Subnets governed by an edited ACL or route table, explicitly or as
    // the VPC's default ACL or main table: the lookups the analysis uses.
    let index = Index::new(snapshot);
    for subnet in &snapshot.subnets {
        let governs = |id: Option<&str>| id.is_some_and(|id| touched.contains(id));
        if governs(index.network_acl_for(subnet).map(|a| a.id.as_str()))
            || governs(index.route_table_for(subnet).map(|t| t.id.as_str()))
        {
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
    let subnet_vpcs = snapshot
        .subnets
        .iter()
        .filter(|s| marked.contains(&s.id))
        .map(|s| s.vpc_id.clone());
    let endpoint_vpcs = snapshot
        .vpc_endpoints
        .iter()
        .filter(|e| marked.contains(&e.id))
        .map(|e| e.vpc_id.clone());
    let function_vpcs = snapshot
        .functions
        .iter()
        .filter(|f| marked.contains(&f.name))
        .filter_map(|f| index.vpc_of_subnets(f.subnet_ids()))
        .map(|v| v.id.clone());
    let vpcs: Vec<String> = subnet_vpcs
        .chain(endpoint_vpcs)
        .chain(function_vpcs)
        .collect();
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
