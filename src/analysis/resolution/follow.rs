//! Following a private zone's records for the X-Ray name — exact name,
//! then the most specific wildcard, through CNAMEs and aliases — and
//! saying where they lead: this VPC's X-Ray endpoint, somewhere else, or
//! nothing useful.

use super::{ZoneAnswer, endpoint_addresses, inside, is_address};
use crate::model::{
    DnsRecord, HostedZone, Index, RecordType, Vpc, VpcEndpoint, domain_covers, label_count,
};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// More CNAME or alias steps than any sane setup has.
const MAX_STEPS: usize = 8;

/// A private zone's answer that does not lead to this VPC's endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub zone_id: String,
    pub zone_name: String,
    /// The records followed, e.g. `A xray.us-east-1.amazonaws.com → 10.50.0.10`.
    pub record: String,
    /// The IPv4 addresses the answer holds (empty when unknown).
    pub addresses: Vec<Ipv4Addr>,
    /// Where to route when the addresses are not known one by one: the
    /// ranges of the VPC that holds the endpoint the answer names.
    pub networks: Vec<Ipv4Net>,
    /// The X-Ray endpoint of another VPC the answer names, if any.
    pub endpoint_id: Option<String>,
    /// The addresses lie inside this VPC, on something that is not the
    /// X-Ray endpoint (a proxy or an instance).
    pub inside_vpc: bool,
    /// Where the answer leads, in words.
    pub note: String,
}

/// The end of a chain of records.
pub(super) enum Target<'a> {
    /// A or AAAA values.
    Addresses(Vec<String>),
    /// A VPC endpoint's DNS name; `Err` holds an id the snapshot lacks.
    Endpoint(Result<&'a VpcEndpoint, String>),
    /// A name no zone read covers.
    Unfollowed(String),
    /// A zone covers the name but holds no record for it: NXDOMAIN.
    NoRecord { zone: &'a HostedZone, name: String },
}

/// Follows `name` through the zones; `chain` gets one entry per record.
pub(super) fn follow<'a>(
    index: &Index<'a>,
    zones: &[&'a HostedZone],
    name: &str,
    chain: &mut Vec<String>,
) -> Target<'a> {
    let mut name = name.to_owned();
    for _ in 0..MAX_STEPS {
        if let Some(id) = vpce_id(&name) {
            let endpoint = index.snapshot.vpc_endpoints.iter().find(|e| e.id == id);
            return Target::Endpoint(endpoint.ok_or(id));
        }
        let zone = zones
            .iter()
            .copied()
            .filter(|z| domain_covers(&z.name, &name))
            .max_by_key(|z| label_count(&z.name));
        let Some(zone) = zone else {
            return Target::Unfollowed(name);
        };
        let records = matching(zone, &name);
        let Some(first) = records.first() else {
            return Target::NoRecord { zone, name };
        };

        if let Some(alias) = &first.alias_target {
            chain.push(format!("alias {} → {alias}", first.name));
            name.clone_from(alias);
            continue;
        }
        if first.record_type == RecordType::Cname {
            let Some(target) = first.values.first() else {
                return Target::NoRecord { zone, name };
            };
            chain.push(format!("CNAME {} → {target}", first.name));
            name.clone_from(target);
            continue;
        }
        let values: Vec<String> = records
            .iter()
            .filter(|r| is_address(r.record_type) && r.alias_target.is_none())
            .flat_map(|r| r.values.iter().cloned())
            .collect();
        chain.push(format!(
            "{} {} → {}",
            first.record_type.as_str(),
            first.name,
            values.join(", ")
        ));
        return Target::Addresses(values);
    }
    Target::Unfollowed(format!("{name} (after {MAX_STEPS} CNAME or alias steps)"))
}

/// The records answering `name` in a zone: its own, else those of the
/// most specific wildcard that covers it.
fn matching<'a>(zone: &'a HostedZone, name: &str) -> Vec<&'a DnsRecord> {
    let exact: Vec<&DnsRecord> = zone.records.iter().filter(|r| r.name == name).collect();
    if !exact.is_empty() {
        return exact;
    }
    let wildcard = zone
        .records
        .iter()
        .filter_map(|r| r.name.strip_prefix("*.").map(|parent| (parent, r)))
        .filter(|(parent, _)| name.ends_with(&format!(".{parent}")))
        .max_by_key(|(parent, _)| label_count(parent))
        .map(|(_, r)| r.name.as_str());
    zone.records
        .iter()
        .filter(|r| Some(r.name.as_str()) == wildcard)
        .collect()
}

/// The endpoint id in a VPC endpoint DNS name, e.g. `vpce-0abc` from
/// `vpce-0abc-1x2y.xray.us-east-1.vpce.amazonaws.com` (zonal names too).
fn vpce_id(name: &str) -> Option<String> {
    if !name.ends_with(".vpce.amazonaws.com") {
        return None;
    }
    let label = name.split('.').find(|l| l.starts_with("vpce-"))?;
    let hex = label.split('-').nth(1)?;
    Some(format!("vpce-{hex}"))
}

/// Says where a chain's end leads, seen from `vpc`.
pub(super) fn classify<'a>(
    index: &Index<'a>,
    vpc: &Vpc,
    here: &[&'a VpcEndpoint],
    zone: &HostedZone,
    target: Target<'a>,
    chain: &[String],
) -> ZoneAnswer<'a> {
    let region = index.snapshot.region.as_str();
    let mut elsewhere = Elsewhere {
        zone_id: zone.id.clone(),
        zone_name: zone.name.clone(),
        record: chain.join(", then "),
        addresses: Vec::new(),
        networks: Vec::new(),
        endpoint_id: None,
        inside_vpc: false,
        note: String::new(),
    };

    match target {
        Target::NoRecord { zone, name } => ZoneAnswer::NoAnswer {
            record: name.clone(),
            why: format!(
                "{} ({}) holds no A, AAAA or CNAME record for {name}: the VPC resolver answers NXDOMAIN",
                zone.id, zone.name
            ),
        },
        Target::Unfollowed(name) => {
            elsewhere.note =
                format!("it leads to {name}, which no private zone xraypath reads holds");
            ZoneAnswer::Elsewhere(elsewhere)
        }
        Target::Endpoint(Err(id)) => {
            elsewhere.note =
                format!("it names endpoint {id}, which is not in this account and region");
            elsewhere.endpoint_id = Some(id);
            ZoneAnswer::Elsewhere(elsewhere)
        }
        Target::Endpoint(Ok(endpoint)) => {
            let serves_xray =
                endpoint.is_xray_interface() && endpoint.service_region() == Some(region);
            if !serves_xray {
                return ZoneAnswer::NoAnswer {
                    record: elsewhere.record,
                    why: format!(
                        "its record leads to {}, which serves {}, not X-Ray in {region}",
                        endpoint.id, endpoint.service_name
                    ),
                };
            }
            if endpoint.vpc_id == vpc.id {
                return ZoneAnswer::Endpoint(endpoint);
            }
            elsewhere.addresses = endpoint_addresses(index, endpoint);
            elsewhere.networks = index
                .vpcs
                .get(endpoint.vpc_id.as_str())
                .map(|v| v.cidr_blocks.clone())
                .unwrap_or_default();
            elsewhere.endpoint_id = Some(endpoint.id.clone());
            elsewhere.note = format!(
                "the X-Ray endpoint {} of {}, a centralised endpoint outside {}",
                endpoint.id, endpoint.vpc_id, vpc.id
            );
            ZoneAnswer::Elsewhere(elsewhere)
        }
        Target::Addresses(values) => {
            let addresses: Vec<Ipv4Addr> = values.iter().filter_map(|v| v.parse().ok()).collect();
            if addresses.is_empty() {
                elsewhere.note = format!(
                    "it holds no IPv4 address ({}), which xraypath does not follow",
                    values.join(", ")
                );
                return ZoneAnswer::Elsewhere(elsewhere);
            }
            let holder = here.iter().copied().find(|e| {
                let own = endpoint_addresses(index, e);
                let subnets: Vec<Ipv4Net> = e
                    .subnet_ids
                    .iter()
                    .filter_map(|id| index.subnets.get(id.as_str()).map(|s| s.cidr))
                    .collect();
                addresses.iter().all(|a| {
                    own.contains(a) || (own.is_empty() && subnets.iter().any(|n| n.contains(a)))
                })
            });
            if let Some(endpoint) = holder {
                return ZoneAnswer::Endpoint(endpoint);
            }
            let list = values.join(", ");
            elsewhere.inside_vpc = addresses.iter().all(|a| inside(vpc, *a));
            elsewhere.note = if elsewhere.inside_vpc {
                format!(
                    "{list}, inside {} but on no X-Ray endpoint interface (a proxy or host xraypath does not follow)",
                    vpc.id
                )
            } else {
                format!("{list}, outside {}: the path leaves the VPC", vpc.id)
            };
            elsewhere.addresses = addresses;
            ZoneAnswer::Elsewhere(elsewhere)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::vpce_id;

    #[test]
    fn endpoint_ids_come_out_of_regional_and_zonal_names() {
        let regional = "vpce-0abc123-1x2y3z.xray.us-east-1.vpce.amazonaws.com";
        let zonal = "vpce-0abc123-1x2y3z-us-east-1a.xray.us-east-1.vpce.amazonaws.com";
        assert_eq!(vpce_id(regional).as_deref(), Some("vpce-0abc123"));
        assert_eq!(vpce_id(zonal).as_deref(), Some("vpce-0abc123"));
        assert_eq!(vpce_id("xray.us-east-1.amazonaws.com"), None);
    }
}
