//! Route 53 Resolver reads: every rule of the region and the VPCs each is
//! associated with. A forwarding rule for the X-Ray name or a parent
//! domain sends the VPC's queries to servers xraypath cannot see.

use super::call::{CallFailure, Calls, failure};
use crate::model::{DataSource, ResolverRule, ResolverRuleType, normalize_name};
use aws_sdk_route53resolver::Client;
use aws_sdk_route53resolver::types::{self as resolver, ResolverRuleAssociationStatus};
use std::sync::Arc;

/// The rules with their active VPC associations. When either list fails
/// the failure is recorded and no rule is returned: a rule without its
/// associations would look like a rule that applies nowhere.
pub(super) async fn resolver_rules(calls: &Arc<Calls>, client: &Client) -> Vec<ResolverRule> {
    let source = DataSource::ResolverRules;
    let (rules, associations) = tokio::join!(
        calls.run(
            "route53resolver:ListResolverRules",
            source,
            None,
            rules(client)
        ),
        calls.run(
            "route53resolver:ListResolverRuleAssociations",
            source,
            None,
            associations(client)
        ),
    );
    let (Some(mut rules), Some(associations)) = (rules, associations) else {
        return Vec::new();
    };
    for (rule_id, vpc_id) in associations {
        if let Some(rule) = rules.iter_mut().find(|r| r.id == rule_id)
            && !rule.vpc_ids.contains(&vpc_id)
        {
            rule.vpc_ids.push(vpc_id);
        }
    }
    rules
}

/// `route53resolver:ListResolverRules`, every page.
async fn rules(client: &Client) -> Result<Vec<ResolverRule>, CallFailure> {
    let rules = client
        .list_resolver_rules()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(rules.iter().filter_map(rule).collect())
}

/// `route53resolver:ListResolverRuleAssociations`, every page: the
/// `(rule id, VPC id)` pairs that are in force or being made.
async fn associations(client: &Client) -> Result<Vec<(String, String)>, CallFailure> {
    let associations = client
        .list_resolver_rule_associations()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(associations
        .iter()
        .filter(|a| {
            a.status().is_none_or(|s| {
                matches!(
                    s,
                    ResolverRuleAssociationStatus::Complete
                        | ResolverRuleAssociationStatus::Creating
                )
            })
        })
        .filter_map(|a| Some((a.resolver_rule_id()?.to_owned(), a.vpc_id()?.to_owned())))
        .collect())
}

/// One rule; a type this build does not know is kept as FORWARD, the one
/// that makes the answer unknown rather than wrongly certain.
fn rule(rule: &resolver::ResolverRule) -> Option<ResolverRule> {
    let rule_type = match rule.rule_type()? {
        resolver::RuleTypeOption::System => ResolverRuleType::System,
        resolver::RuleTypeOption::Recursive => ResolverRuleType::Recursive,
        resolver::RuleTypeOption::Delegate => ResolverRuleType::Delegate,
        _ => ResolverRuleType::Forward,
    };
    let target_ips = rule
        .target_ips()
        .iter()
        .filter_map(|t| {
            let ip = t.ip().or(t.ipv6())?;
            Some(
                t.port()
                    .map_or_else(|| ip.to_owned(), |port| format!("{ip}:{port}")),
            )
        })
        .collect();
    Some(ResolverRule {
        id: rule.id()?.to_owned(),
        name: rule.name().filter(|n| !n.is_empty()).map(str::to_owned),
        domain_name: normalize_name(rule.domain_name()?),
        rule_type,
        target_ips,
        resolver_endpoint_id: rule.resolver_endpoint_id().map(str::to_owned),
        vpc_ids: Vec::new(),
    })
}
