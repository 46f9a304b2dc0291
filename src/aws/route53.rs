//! Route 53 reads: the private hosted zones that cover the X-Ray name
//! (`xray.<region>.amazonaws.com` or one of its parents), each zone's VPC
//! associations and the records that can answer the name. Zones that do
//! not cover the name cannot change its answer and are not read further,
//! so an account with hundreds of zones costs one paged list call.

use super::call::{CallFailure, Calls, failure, fan_out};
use crate::model::{
    DataSource, DnsRecord, HostedZone, RecordType, domain_covers, normalize_name, relevant_records,
};
use aws_sdk_route53::Client;
use aws_sdk_route53::types::{ResourceRecordSet, RrType};
use std::sync::Arc;

/// More pages than any zone has: a guard against a server that repeats
/// its continuation point forever.
const MAX_RECORD_PAGES: usize = 10_000;

/// Reads the private zones covering `name` with their VPCs and records.
/// A zone whose VPCs or records cannot be read is left out and its
/// failure recorded against the zone id, so the DNS hop becomes unknown.
pub(super) async fn hosted_zones(
    calls: &Arc<Calls>,
    client: &Client,
    name: &str,
    limit: usize,
) -> Vec<HostedZone> {
    let listed = calls
        .run(
            "route53:ListHostedZones",
            DataSource::HostedZones,
            None,
            covering_private_zones(client, name),
        )
        .await
        .unwrap_or_default();

    let zones = fan_out(listed, limit, |(id, zone_name)| {
        let (calls, client, name) = (Arc::clone(calls), client.clone(), name.to_owned());
        async move {
            let (vpc_ids, records) = tokio::join!(
                calls.run(
                    "route53:GetHostedZone",
                    DataSource::HostedZones,
                    Some(&id),
                    zone_vpcs(&client, &id),
                ),
                calls.run(
                    "route53:ListResourceRecordSets",
                    DataSource::HostedZones,
                    Some(&id),
                    records(&client, &id),
                ),
            );
            Some(HostedZone {
                records: relevant_records(records?, &name),
                vpc_ids: vpc_ids?,
                id,
                name: zone_name,
            })
        }
    })
    .await;
    zones.into_iter().flatten().collect()
}

/// `route53:ListHostedZones`, every page: the private zones whose name is
/// `name` or a parent of it, as `(id, normalised name)`.
async fn covering_private_zones(
    client: &Client,
    name: &str,
) -> Result<Vec<(String, String)>, CallFailure> {
    let zones = client
        .list_hosted_zones()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(zones
        .iter()
        .filter(|z| z.config().is_some_and(|c| c.private_zone()))
        .map(|z| (zone_id(z.id()), normalize_name(z.name())))
        .filter(|(_, zone_name)| domain_covers(zone_name, name))
        .collect())
}

/// `route53:GetHostedZone`: the ids of the VPCs the zone is associated with.
async fn zone_vpcs(client: &Client, id: &str) -> Result<Vec<String>, CallFailure> {
    let output = client
        .get_hosted_zone()
        .id(id)
        .send()
        .await
        .map_err(|err| failure(&err))?;
    Ok(output
        .vpcs()
        .iter()
        .filter_map(|v| v.vpc_id())
        .map(str::to_owned)
        .collect())
}

/// `route53:ListResourceRecordSets`, every page (this call pages by the
/// next record's name, type and identifier, so the SDK has no paginator).
async fn records(client: &Client, id: &str) -> Result<Vec<DnsRecord>, CallFailure> {
    let mut records = Vec::new();
    let mut next: Option<(String, RrType, Option<String>)> = None;
    for _ in 0..MAX_RECORD_PAGES {
        let mut request = client.list_resource_record_sets().hosted_zone_id(id);
        if let Some((name, record_type, identifier)) = next.take() {
            request = request
                .start_record_name(name)
                .start_record_type(record_type)
                .set_start_record_identifier(identifier);
        }
        let page = request.send().await.map_err(|err| failure(&err))?;
        records.extend(page.resource_record_sets().iter().filter_map(record));
        if !page.is_truncated() {
            return Ok(records);
        }
        let (Some(name), Some(record_type)) = (page.next_record_name(), page.next_record_type())
        else {
            return Err(CallFailure::data(
                "IncompletePaging",
                format!("zone {id}: a truncated page named no next record"),
            ));
        };
        let identifier = page.next_record_identifier().map(str::to_owned);
        next = Some((name.to_owned(), record_type.clone(), identifier));
    }
    Err(CallFailure::data(
        "IncompletePaging",
        format!("zone {id}: more than {MAX_RECORD_PAGES} pages of records"),
    ))
}

/// One A, AAAA or CNAME record set (alias or not); other types cannot
/// answer an address query and are left out.
fn record(set: &ResourceRecordSet) -> Option<DnsRecord> {
    let record_type = match set.r#type() {
        RrType::A => RecordType::A,
        RrType::Aaaa => RecordType::Aaaa,
        RrType::Cname => RecordType::Cname,
        _ => return None,
    };
    Some(DnsRecord {
        name: normalize_name(set.name()),
        record_type,
        values: set
            .resource_records()
            .iter()
            .map(|r| match record_type {
                RecordType::Cname => normalize_name(r.value()),
                RecordType::A | RecordType::Aaaa => r.value().trim().to_owned(),
            })
            .collect(),
        alias_target: set.alias_target().map(|a| normalize_name(a.dns_name())),
    })
}

/// `Z0123` from `/hostedzone/Z0123` (the list returns the long form).
fn zone_id(id: &str) -> String {
    id.rsplit('/').next().unwrap_or(id).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids_lose_their_path_prefix() {
        assert_eq!(zone_id("/hostedzone/Z0123"), "Z0123");
        assert_eq!(zone_id("Z0123"), "Z0123");
    }
}
