//! Builders for the DNS scenarios: DHCP option sets, Route 53 private
//! hosted zones and records, Route 53 Resolver rules. They take an
//! [`Account`] and make the clients they need from its configuration.

use super::{Account, REGION};
use aws_sdk_ec2::types::NewDhcpConfiguration;
use aws_sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, HostedZoneConfig, ResourceRecord, ResourceRecordSet, RrType,
    Vpc, VpcRegion,
};
use aws_sdk_route53resolver::types::{RuleTypeOption, TargetAddress};

/// A DHCP option set with these name servers, associated with the VPC.
pub async fn dhcp_name_servers(account: &Account, vpc: &str, servers: &[&str]) -> String {
    let configuration = NewDhcpConfiguration::builder()
        .key("domain-name-servers")
        .set_values(Some(servers.iter().map(|s| (*s).to_owned()).collect()))
        .build();
    let created = account
        .ec2
        .create_dhcp_options()
        .dhcp_configurations(configuration)
        .send()
        .await
        .expect("CreateDhcpOptions");
    let id = created
        .dhcp_options
        .and_then(|d| d.dhcp_options_id)
        .expect("DHCP options id");
    account
        .ec2
        .associate_dhcp_options()
        .dhcp_options_id(&id)
        .vpc_id(vpc)
        .send()
        .await
        .expect("AssociateDhcpOptions");
    id
}

/// A private hosted zone for `name`, associated with the VPC; its id
/// without the `/hostedzone/` prefix.
pub async fn private_zone(account: &Account, name: &str, vpc: &str) -> String {
    let route53 = aws_sdk_route53::Client::new(&account.config);
    let created = route53
        .create_hosted_zone()
        .name(name)
        .caller_reference(format!("xraypath-{name}-{vpc}"))
        .hosted_zone_config(HostedZoneConfig::builder().private_zone(true).build())
        .vpc(
            Vpc::builder()
                .vpc_id(vpc)
                .vpc_region(VpcRegion::from(REGION))
                .build(),
        )
        .send()
        .await
        .expect("CreateHostedZone");
    let id = created.hosted_zone.map(|z| z.id).expect("zone id");
    id.rsplit('/').next().unwrap_or(&id).to_owned()
}

/// An A record in a zone.
pub async fn a_record(account: &Account, zone: &str, name: &str, addresses: &[&str]) {
    let route53 = aws_sdk_route53::Client::new(&account.config);
    let records = addresses
        .iter()
        .map(|a| {
            ResourceRecord::builder()
                .value(*a)
                .build()
                .expect("a record value")
        })
        .collect();
    let set = ResourceRecordSet::builder()
        .name(name)
        .r#type(RrType::A)
        .ttl(60)
        .set_resource_records(Some(records))
        .build()
        .expect("a record set");
    let change = Change::builder()
        .action(ChangeAction::Upsert)
        .resource_record_set(set)
        .build()
        .expect("a change");
    route53
        .change_resource_record_sets()
        .hosted_zone_id(zone)
        .change_batch(
            ChangeBatch::builder()
                .changes(change)
                .build()
                .expect("a batch"),
        )
        .send()
        .await
        .expect("ChangeResourceRecordSets");
}

/// A FORWARD Resolver rule for `domain` to `targets` (port 53),
/// associated with the VPC; the rule id.
pub async fn forward_rule(account: &Account, domain: &str, targets: &[&str], vpc: &str) -> String {
    let resolver = aws_sdk_route53resolver::Client::new(&account.config);
    let targets = targets
        .iter()
        .map(|ip| TargetAddress::builder().ip(*ip).port(53).build())
        .collect();
    let created = resolver
        .create_resolver_rule()
        .creator_request_id(format!("xraypath-{domain}-{vpc}"))
        .name("forward-to-on-premises")
        .rule_type(RuleTypeOption::Forward)
        .domain_name(domain)
        .set_target_ips(Some(targets))
        .send()
        .await
        .expect("CreateResolverRule");
    let id = created
        .resolver_rule
        .and_then(|r| r.id)
        .expect("resolver rule id");
    resolver
        .associate_resolver_rule()
        .resolver_rule_id(&id)
        .vpc_id(vpc)
        .send()
        .await
        .expect("AssociateResolverRule");
    id
}
