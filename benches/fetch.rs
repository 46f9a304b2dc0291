//! The fetch figure of issue #5: `aws::fetch_snapshot` against moto, next to
//! `tools/bench_fetch_boto3.py` making the same Describe/List/Get calls one
//! after another, in the same run, on the same account. The ratio is the
//! figure (target: at least 3×).
//!
//! `cargo bench --bench fetch`. The account is the synthetic generator's,
//! scaled to `XRAYPATH_FETCH_FUNCTIONS` functions (default 2,000) and
//! `XRAYPATH_FETCH_GROUPS` security groups (default 500), created in moto
//! through the SDK (the moto harness of `tests/common`), which takes a few
//! minutes: moto answers one call at a time.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/generate.rs"]
#[allow(dead_code, reason = "shared by the benches; each uses part")]
mod generate;
#[path = "support/measure.rs"]
#[allow(dead_code, reason = "shared by the benches; each uses part")]
mod measure;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_ec2::types::{
    IpPermission, IpRange, PortRange, PrefixListId, RuleAction, UserIdGroupPair,
};
use common::{Account, Tracing, XRAY_MANAGED_POLICY, moto};
use measure::{figure, median, note};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use xraypath::model::{RulePeer, SecurityGroupRule, Snapshot, TracingMode};

/// Calls in flight while the account is built.
const BUILD_CONCURRENCY: usize = 8;
/// Each side fetches this many times; the median counts.
const RUNS: usize = 3;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let functions = env_count("XRAYPATH_FETCH_FUNCTIONS", 2_000);
    let groups = env_count("XRAYPATH_FETCH_GROUPS", 500);
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(run(functions, groups));
}

async fn run(functions: usize, groups: usize) {
    let plan = generate::generate(generate::Size::scaled(functions, groups), 5);
    let moto = moto();
    let account = Arc::new(moto.account().await);

    let started = Instant::now();
    build(&account, &plan).await;
    println!(
        "moto account {}: {} functions, {} groups, {} VPCs built in {}",
        account.id,
        plan.functions.len(),
        plan.security_groups.len(),
        plan.vpcs.len(),
        measure::show(started.elapsed())
    );

    let mut ours = Vec::new();
    let mut read = Snapshot::default();
    for _ in 0..RUNS {
        let started = Instant::now();
        read = xraypath::aws::fetch_snapshot(&account.config, None)
            .await
            .expect("fetch from moto");
        ours.push(started.elapsed());
    }
    let credentials = account
        .config
        .credentials_provider()
        .expect("credentials")
        .provide_credentials()
        .await
        .expect("the account's credentials");
    let mut theirs = Vec::new();
    for _ in 0..RUNS {
        theirs.push(boto3(&moto.endpoint, &credentials, read.functions.len()));
    }

    println!();
    note(
        "account read",
        "",
        &format!(
            "{} functions, {} groups, {} roles, {} unreadable",
            read.functions.len(),
            read.security_groups.len(),
            read.roles.len(),
            read.unreadable.len()
        ),
    );
    let (ours, theirs) = (median(ours), median(theirs));
    figure("fetch_snapshot (concurrent calls)", ours, None);
    figure("boto3, the same calls one after another", theirs, None);
    let ratio = theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9);
    let verdict = if ratio >= 3.0 {
        ">= 3x  met"
    } else {
        ">= 3x  NOT MET"
    };
    note(
        "speed-up over sequential boto3",
        &format!("{ratio:.1}x"),
        verdict,
    );
}

/// Runs the boto3 script once; returns its own timing of the calls.
fn boto3(
    endpoint: &str,
    credentials: &aws_credential_types::Credentials,
    functions: usize,
) -> Duration {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = std::process::Command::new(format!("{root}/.venv/bin/python"))
        .arg(format!("{root}/tools/bench_fetch_boto3.py"))
        .arg(endpoint)
        .arg(common::REGION)
        .env("AWS_ACCESS_KEY_ID", credentials.access_key_id())
        .env("AWS_SECRET_ACCESS_KEY", credentials.secret_access_key())
        .env(
            "AWS_SESSION_TOKEN",
            credentials.session_token().unwrap_or_default(),
        )
        .output()
        .expect("run tools/bench_fetch_boto3.py with .venv/bin/python");
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        field("functions="),
        functions.to_string(),
        "boto3 read another account: {text}"
    );
    Duration::from_secs_f64(field("seconds=").parse().unwrap_or(f64::NAN))
}

/// Creates the planned account: roles, then each VPC with its subnets,
/// gateways, groups, ACLs and X-Ray endpoint, then the functions.
async fn build(account: &Arc<Account>, plan: &Snapshot) {
    let mut tasks = JoinSet::new();
    let mut roles = HashMap::new();
    for role in &plan.roles {
        let (account, name) = (Arc::clone(account), role.name.clone());
        let managed = !role.attached_policies.is_empty();
        let planned = role.arn.clone();
        tasks.spawn(async move {
            let inline = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}"#;
            let arn = if managed {
                account.role(&name, &[XRAY_MANAGED_POLICY], &[]).await
            } else {
                account.role(&name, &[], &[("logs", inline)]).await
            };
            (planned, arn)
        });
        drain(&mut tasks, &mut roles, BUILD_CONCURRENCY).await;
    }
    drain(&mut tasks, &mut roles, 0).await;

    let prefix_lists = prefix_lists(account, plan).await;
    let mut ids = HashMap::new();
    let mut vpc_tasks = JoinSet::new();
    for v in 0..plan.vpcs.len() {
        let (account, plan, prefix_lists) =
            (Arc::clone(account), plan.clone(), prefix_lists.clone());
        vpc_tasks.spawn(async move { vpc(&account, &plan, v, &prefix_lists).await });
        while vpc_tasks.len() >= BUILD_CONCURRENCY {
            ids.extend(
                vpc_tasks
                    .join_next()
                    .await
                    .and_then(Result::ok)
                    .unwrap_or_default(),
            );
        }
    }
    while let Some(done) = vpc_tasks.join_next().await {
        ids.extend(done.unwrap_or_default());
    }

    let mut created = HashMap::new();
    for function in &plan.functions {
        let account = Arc::clone(account);
        let role = roles.get(&function.role_arn).cloned().unwrap_or_default();
        let attachment = function.vpc.as_ref().map(|vpc| {
            let map = |list: &[String]| {
                list.iter()
                    .filter_map(|id| ids.get(id).cloned())
                    .collect::<Vec<_>>()
            };
            (map(&vpc.subnet_ids), map(&vpc.security_group_ids))
        });
        let (name, tracing) = (function.name.clone(), function.tracing);
        tasks.spawn(async move {
            let tracing = if tracing == TracingMode::Active {
                Tracing::Active
            } else {
                Tracing::PassThrough
            };
            let borrowed = attachment.as_ref().map(|(s, g)| {
                (
                    s.iter().map(String::as_str).collect::<Vec<_>>(),
                    g.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            });
            let vpc = borrowed.as_ref().map(|(s, g)| (s.as_slice(), g.as_slice()));
            let arn = account.function(&name, &role, vpc, tracing, &[]).await;
            (name, arn)
        });
        drain(&mut tasks, &mut created, BUILD_CONCURRENCY * 2).await;
    }
    drain(&mut tasks, &mut created, 0).await;
}

/// Waits until at most `keep` tasks are running, collecting their results.
async fn drain(
    tasks: &mut JoinSet<(String, String)>,
    into: &mut HashMap<String, String>,
    keep: usize,
) {
    while tasks.len() > keep {
        if let Some(Ok((planned, made))) = tasks.join_next().await {
            into.insert(planned, made);
        }
    }
}

async fn prefix_lists(account: &Account, plan: &Snapshot) -> HashMap<String, String> {
    let mut made = HashMap::new();
    for list in &plan.prefix_lists {
        let mut request = account
            .ec2
            .create_managed_prefix_list()
            .prefix_list_name(&list.name)
            .address_family("IPv4")
            .max_entries(i32::try_from(list.cidrs.len()).unwrap_or(10));
        for cidr in &list.cidrs {
            request = request.entries(
                aws_sdk_ec2::types::AddPrefixListEntry::builder()
                    .cidr(cidr.to_string())
                    .build(),
            );
        }
        let created = request.send().await.expect("CreateManagedPrefixList");
        let id = created
            .prefix_list
            .and_then(|p| p.prefix_list_id)
            .expect("prefix list id");
        made.insert(list.id.clone(), id);
    }
    made
}

/// One planned VPC; returns planned id → moto id for subnets and groups.
async fn vpc(
    account: &Account,
    plan: &Snapshot,
    v: usize,
    prefix_lists: &HashMap<String, String>,
) -> HashMap<String, String> {
    let planned = &plan.vpcs[v];
    let cidr = planned
        .cidr_blocks
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    let vpc_id = account.vpc(&cidr).await;
    let mut ids = HashMap::new();

    for subnet in plan.subnets.iter().filter(|s| s.vpc_id == planned.id) {
        let made = account
            .subnet(&vpc_id, &subnet.cidr.to_string(), &subnet.availability_zone)
            .await;
        ids.insert(subnet.id.clone(), made);
    }
    let public: Vec<&str> = plan
        .route_tables
        .iter()
        .filter(|t| t.vpc_id == planned.id && !t.main)
        .flat_map(|t| t.subnet_ids.iter())
        .filter_map(|s| ids.get(s).map(String::as_str))
        .collect();
    let private: Vec<&str> = plan
        .subnets
        .iter()
        .filter(|s| s.vpc_id == planned.id)
        .filter_map(|s| ids.get(&s.id).map(String::as_str))
        .filter(|s| !public.contains(s))
        .collect();
    let igw = account.internet_gateway(&vpc_id).await;
    let public_table = account.route_table(&vpc_id, &public).await;
    account
        .route_to_gateway(&public_table, "0.0.0.0/0", &igw)
        .await;
    let private_table = account.route_table(&vpc_id, &private).await;
    if let (Some(nat), Some(home)) = (
        plan.nat_gateways.iter().find(|n| n.vpc_id == planned.id),
        public.first(),
    ) {
        let made = account.nat_gateway(home).await;
        account
            .route_to_nat(&private_table, "0.0.0.0/0", &made)
            .await;
        ids.insert(nat.id.clone(), made);
    }

    let groups: Vec<_> = plan
        .security_groups
        .iter()
        .filter(|g| g.vpc_id == planned.id)
        .collect();
    for group in &groups {
        let made = account.security_group(&vpc_id, &group.name).await;
        ids.insert(group.id.clone(), made);
    }
    for group in &groups {
        let id = ids[&group.id].clone();
        let ingress = permissions(&group.ingress, &ids, prefix_lists);
        if !ingress.is_empty() {
            let request = account.ec2.authorize_security_group_ingress().group_id(&id);
            // A planned rule moto already holds is skipped, not fatal.
            let _ = request.set_ip_permissions(Some(ingress)).send().await;
        }
        let egress = permissions(&group.egress, &ids, prefix_lists);
        if !egress.is_empty() {
            let request = account.ec2.authorize_security_group_egress().group_id(&id);
            // The default allow-all egress rule is already there.
            let _ = request.set_ip_permissions(Some(egress)).send().await;
        }
    }

    for acl in plan
        .network_acls
        .iter()
        .filter(|a| a.vpc_id == planned.id && !a.is_default)
    {
        let created = account
            .ec2
            .create_network_acl()
            .vpc_id(&vpc_id)
            .send()
            .await
            .expect("CreateNetworkAcl");
        let id = created
            .network_acl
            .and_then(|a| a.network_acl_id)
            .expect("network ACL id");
        for entry in &acl.entries {
            let mut request = account
                .ec2
                .create_network_acl_entry()
                .network_acl_id(&id)
                .rule_number(entry.rule_number)
                .egress(entry.egress)
                .protocol(if entry.ports.is_some() { "6" } else { "-1" })
                .cidr_block(entry.cidr.to_string())
                .rule_action(if entry.action == xraypath::model::AclAction::Allow {
                    RuleAction::Allow
                } else {
                    RuleAction::Deny
                });
            if let Some(ports) = entry.ports {
                request = request.port_range(
                    PortRange::builder()
                        .from(i32::from(ports.from))
                        .to(i32::from(ports.to))
                        .build(),
                );
            }
            request.send().await.expect("CreateNetworkAclEntry");
        }
    }

    if let Some(endpoint) = plan
        .vpc_endpoints
        .iter()
        .find(|e| e.vpc_id == planned.id && e.service_name.ends_with(".xray"))
    {
        let subnets: Vec<&str> = endpoint
            .subnet_ids
            .iter()
            .filter_map(|s| ids.get(s).map(String::as_str))
            .collect();
        let groups: Vec<&str> = endpoint
            .security_group_ids
            .iter()
            .filter_map(|g| ids.get(g).map(String::as_str))
            .collect();
        account
            .xray_endpoint(&vpc_id, &subnets, &groups, true, None)
            .await;
    }
    ids
}

/// The rules as EC2 permissions, each once (a repeat fails the whole call).
fn permissions(
    rules: &[SecurityGroupRule],
    ids: &HashMap<String, String>,
    lists: &HashMap<String, String>,
) -> Vec<IpPermission> {
    let mut seen = Vec::new();
    rules
        .iter()
        .filter(|rule| {
            let fresh = !seen.contains(rule);
            seen.push(*rule);
            fresh
        })
        .filter_map(|rule| {
            let mut permission = IpPermission::builder().ip_protocol(rule.protocol.cli_name());
            if let Some(ports) = rule.ports {
                permission = permission
                    .from_port(i32::from(ports.from))
                    .to_port(i32::from(ports.to));
            }
            let permission = match &rule.peer {
                RulePeer::Cidr(net) => {
                    permission.ip_ranges(IpRange::builder().cidr_ip(net.to_string()).build())
                }
                RulePeer::Group(id) => permission
                    .user_id_group_pairs(UserIdGroupPair::builder().group_id(ids.get(id)?).build()),
                RulePeer::PrefixList(id) => permission.prefix_list_ids(
                    PrefixListId::builder()
                        .prefix_list_id(lists.get(id)?)
                        .build(),
                ),
            };
            Some(permission.build())
        })
        .collect()
}
