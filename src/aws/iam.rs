//! IAM reads for the functions' execution roles: the permissions boundary,
//! inline policies and attached managed policies (their default version),
//! every document URL-decoded and parsed. Roles are read concurrently, a
//! few at a time; a managed policy shared by several roles is read once.

use super::call::{CallFailure, Calls, failure, fan_out};
use crate::model::{DataSource, Policy, Role};
use aws_sdk_iam::Client;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the role calls say before any policy document is read.
#[derive(Debug, Default)]
struct RoleOutline {
    name: String,
    arn: String,
    boundary_arn: Option<String>,
    inline_names: Vec<String>,
    attached: Vec<(String, String)>,
}

/// Reads every role, in the order given; roles whose calls fail keep what
/// could be read, and each failure is recorded against the role name.
pub(super) async fn roles(
    calls: &Arc<Calls>,
    client: &Client,
    role_arns: Vec<String>,
    limit: usize,
) -> Vec<Role> {
    let outlines = fan_out(role_arns, limit, |arn| {
        let (calls, client) = (Arc::clone(calls), client.clone());
        async move { outline(&calls, &client, arn).await }
    })
    .await;

    // Every managed policy once, with the roles that would not know it.
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for role in &outlines {
        let arns = role
            .attached
            .iter()
            .map(|(_, arn)| arn)
            .chain(&role.boundary_arn);
        for arn in arns {
            users
                .entry(arn.clone())
                .or_default()
                .push(role.name.clone());
        }
    }
    let managed: BTreeMap<String, Policy> = fan_out(users, limit, |(arn, roles)| {
        let (calls, client) = (Arc::clone(calls), client.clone());
        async move {
            let policy = managed_policy(&calls, &client, &arn, &roles).await;
            policy.map(|p| (arn, p))
        }
    })
    .await
    .into_iter()
    .flatten()
    .collect();

    let inline_reads = outlines
        .iter()
        .flat_map(|role| {
            role.inline_names
                .iter()
                .map(|name| (role.name.clone(), name.clone()))
        })
        .collect::<BTreeSet<_>>();
    let inline: BTreeMap<(String, String), Policy> = fan_out(inline_reads, limit, |key| {
        let (calls, client) = (Arc::clone(calls), client.clone());
        async move {
            let policy = inline_policy(&calls, &client, &key.0, &key.1).await;
            policy.map(|p| (key, p))
        }
    })
    .await
    .into_iter()
    .flatten()
    .collect();

    outlines
        .into_iter()
        .map(|outline| Role {
            inline_policies: outline
                .inline_names
                .iter()
                .filter_map(|name| inline.get(&(outline.name.clone(), name.clone())).cloned())
                .collect(),
            attached_policies: outline
                .attached
                .iter()
                .filter_map(|(_, arn)| managed.get(arn).cloned())
                .collect(),
            permissions_boundary: outline
                .boundary_arn
                .and_then(|arn| managed.get(&arn).cloned()),
            name: outline.name,
            arn: outline.arn,
        })
        .collect()
}

/// `GetRole`, `ListRolePolicies` and `ListAttachedRolePolicies` of one role.
async fn outline(calls: &Calls, client: &Client, arn: String) -> RoleOutline {
    // A role ARN may carry a path: arn:aws:iam::1:role/service-role/NAME.
    let name = arn.rsplit('/').next().unwrap_or_default().to_owned();
    let resource = Some(name.as_str());

    let get_role = calls.run("iam:GetRole", DataSource::Roles, resource, async {
        let output = client.get_role().role_name(&name).send().await;
        let role = output.map_err(|err| failure(&err))?.role;
        Ok(role.and_then(|r| r.permissions_boundary?.permissions_boundary_arn))
    });
    let inline_names = calls.run("iam:ListRolePolicies", DataSource::Roles, resource, async {
        let pages = client
            .list_role_policies()
            .role_name(&name)
            .into_paginator();
        pages
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| failure(&err))
    });
    let attached = calls.run(
        "iam:ListAttachedRolePolicies",
        DataSource::Roles,
        resource,
        async {
            let pages = client
                .list_attached_role_policies()
                .role_name(&name)
                .into_paginator();
            let policies = pages
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|err| failure(&err))?;
            Ok(policies
                .into_iter()
                .filter_map(|p| Some((p.policy_name?, p.policy_arn?)))
                .collect::<Vec<_>>())
        },
    );
    let (boundary_arn, inline_names, attached) = tokio::join!(get_role, inline_names, attached);

    RoleOutline {
        boundary_arn: boundary_arn.flatten(),
        inline_names: inline_names.unwrap_or_default(),
        attached: attached.unwrap_or_default(),
        name,
        arn,
    }
}

/// `GetPolicy` then `GetPolicyVersion` of its default version.
async fn managed_policy(
    calls: &Calls,
    client: &Client,
    arn: &str,
    roles: &[String],
) -> Option<Policy> {
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    let policy = calls
        .run_for("iam:GetPolicy", DataSource::Roles, &roles, async {
            let output = client.get_policy().policy_arn(arn).send().await;
            Ok(output.map_err(|err| failure(&err))?.policy)
        })
        .await
        .flatten()?;
    let version = policy.default_version_id()?;

    let text = calls
        .run_for("iam:GetPolicyVersion", DataSource::Roles, &roles, async {
            let request = client
                .get_policy_version()
                .policy_arn(arn)
                .version_id(version);
            let output = request.send().await.map_err(|err| failure(&err))?;
            Ok(output.policy_version.and_then(|v| v.document))
        })
        .await
        .flatten()?;
    let document = parse(calls, "iam:GetPolicyVersion", &roles, &text)?;

    Some(Policy {
        name: policy.policy_name().unwrap_or(arn).to_owned(),
        arn: Some(arn.to_owned()),
        document,
    })
}

/// `GetRolePolicy`: one inline policy.
async fn inline_policy(calls: &Calls, client: &Client, role: &str, name: &str) -> Option<Policy> {
    let text = calls
        .run("iam:GetRolePolicy", DataSource::Roles, Some(role), async {
            let request = client.get_role_policy().role_name(role).policy_name(name);
            let output = request.send().await.map_err(|err| failure(&err))?;
            Ok(Some(output.policy_document))
        })
        .await
        .flatten()?;
    let document = parse(calls, "iam:GetRolePolicy", &[role], &text)?;

    Some(Policy {
        name: name.to_owned(),
        arn: None,
        document,
    })
}

/// Parses a document, recording it as unreadable when it is not JSON.
fn parse(
    calls: &Calls,
    api: &'static str,
    roles: &[&str],
    text: &str,
) -> Option<serde_json::Value> {
    match super::policy_document(text) {
        Ok(document) => Some(document),
        Err(why) => {
            let failure = CallFailure::data("InvalidPolicyDocument", why);
            calls.record(api, DataSource::Roles, roles, &failure);
            None
        }
    }
}
