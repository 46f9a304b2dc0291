//! Name resolution that is not the VPC's own: Route 53 private hosted
//! zones and Route 53 Resolver rules, with the few name helpers both the
//! reader and the analysis need (DNS names compare without case and
//! without the trailing dot).

use serde::{Deserialize, Serialize};

/// A private hosted zone that covers the X-Ray name (its name is the name
/// itself or a parent domain), with the VPCs it is associated with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostedZone {
    /// e.g. `Z0123456789ABCDEFGHIJ`, without the `/hostedzone/` prefix.
    pub id: String,
    /// e.g. `amazonaws.com`: lower case, no trailing dot.
    pub name: String,
    pub vpc_ids: Vec<String>,
    /// The A, AAAA and CNAME records that can answer the X-Ray name.
    #[serde(default)]
    pub records: Vec<DnsRecord>,
}

/// One record set of a hosted zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsRecord {
    /// e.g. `xray.us-east-1.amazonaws.com` or `*.amazonaws.com`.
    pub name: String,
    pub record_type: RecordType,
    /// Addresses (A, AAAA) or the canonical name (CNAME).
    #[serde(default)]
    pub values: Vec<String>,
    /// The DNS name an alias record points at, e.g. a VPC endpoint's
    /// `vpce-0abc-1x2y.xray.us-east-1.vpce.amazonaws.com`.
    #[serde(default)]
    pub alias_target: Option<String>,
}

/// The record types that can answer an address query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    A,
    Aaaa,
    Cname,
}

impl RecordType {
    /// The type as DNS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::Aaaa => "AAAA",
            Self::Cname => "CNAME",
        }
    }
}

/// A Route 53 Resolver rule and the VPCs it is associated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolverRule {
    /// e.g. `rslvr-rr-0123456789abcdef0`.
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// e.g. `amazonaws.com`: lower case, no trailing dot; `.` is the root.
    pub domain_name: String,
    pub rule_type: ResolverRuleType,
    /// Where a forwarding rule sends queries, e.g. `10.1.0.2:53`.
    #[serde(default)]
    pub target_ips: Vec<String>,
    #[serde(default)]
    pub resolver_endpoint_id: Option<String>,
    /// VPCs with an active association.
    pub vpc_ids: Vec<String>,
}

/// What a Resolver rule does with the queries it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ResolverRuleType {
    /// Sends the query to the rule's target addresses.
    Forward,
    /// Sends the query to servers delegated for a subdomain.
    Delegate,
    /// Keeps the query with the VPC resolver, overriding a less specific
    /// forwarding rule.
    System,
    /// The VPC resolver's own recursion (the auto-defined `Internet Resolver`).
    Recursive,
}

impl ResolverRuleType {
    /// The type as the Resolver API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Forward => "FORWARD",
            Self::Delegate => "DELEGATE",
            Self::System => "SYSTEM",
            Self::Recursive => "RECURSIVE",
        }
    }

    /// Whether matching queries leave the VPC resolver.
    pub fn sends_elsewhere(self) -> bool {
        matches!(self, Self::Forward | Self::Delegate)
    }
}

/// A DNS name as this crate compares it: lower case, no trailing dot, and
/// Route 53's `\052` escape turned back into the `*` of a wildcard.
pub fn normalize_name(name: &str) -> String {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let name = name.replace("\\052", "*");
    if name.is_empty() {
        ".".to_owned()
    } else {
        name
    }
}

/// Whether `domain` is `name` itself or one of its parent domains (`.`,
/// the root, covers every name). Both must be normalised.
pub fn domain_covers(domain: &str, name: &str) -> bool {
    domain == "." || domain == name || name.ends_with(&format!(".{domain}"))
}

/// How many labels a domain has: the more, the more specific (`.` has 0).
pub fn label_count(domain: &str) -> usize {
    if domain == "." {
        0
    } else {
        domain.split('.').count()
    }
}

/// The name of the X-Ray API in a region, e.g. `xray.us-east-1.amazonaws.com`.
pub fn xray_name(region: &str) -> String {
    format!("xray.{region}.amazonaws.com")
}

/// Keeps the records that can answer `name`: the name itself, a wildcard
/// of one of its parents, and the in-zone names a kept CNAME or alias
/// leads to. The rest of a zone (often hundreds of records) is dropped.
pub fn relevant_records(records: Vec<DnsRecord>, name: &str) -> Vec<DnsRecord> {
    let mut wanted = vec![name.to_owned()];
    let mut kept: Vec<DnsRecord> = Vec::new();
    let mut rest = records;
    loop {
        let (take, leave): (Vec<DnsRecord>, Vec<DnsRecord>) =
            rest.into_iter().partition(|r| answers(&r.name, &wanted));
        if take.is_empty() {
            return kept;
        }
        for record in &take {
            let next = record
                .values
                .iter()
                .filter(|_| record.record_type == RecordType::Cname);
            wanted.extend(next.chain(&record.alias_target).map(|n| normalize_name(n)));
        }
        kept.extend(take);
        rest = leave;
    }
}

/// Whether a record named `record_name` answers one of `names`, directly
/// or as a wildcard.
fn answers(record_name: &str, names: &[String]) -> bool {
    names.iter().any(|name| {
        record_name == name
            || record_name
                .strip_prefix("*.")
                .is_some_and(|parent| name.ends_with(&format!(".{parent}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, record_type: RecordType, values: &[&str]) -> DnsRecord {
        DnsRecord {
            name: name.into(),
            record_type,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            alias_target: None,
        }
    }

    #[test]
    fn names_compare_without_case_trailing_dot_or_wildcard_escape() {
        assert_eq!(
            normalize_name("XRay.us-east-1.AmazonAWS.com."),
            "xray.us-east-1.amazonaws.com"
        );
        assert_eq!(normalize_name("\\052.amazonaws.com."), "*.amazonaws.com");
        assert_eq!(normalize_name("."), ".");
    }

    #[test]
    fn a_domain_covers_itself_and_its_subdomains_only() {
        let name = "xray.us-east-1.amazonaws.com";
        assert!(domain_covers("amazonaws.com", name));
        assert!(domain_covers(name, name));
        assert!(domain_covers(".", name));
        assert!(!domain_covers("ws.com", name));
        assert!(!domain_covers("xray.us-east-2.amazonaws.com", name));
    }

    #[test]
    fn only_records_that_can_answer_the_name_are_kept() {
        let name = "xray.us-east-1.amazonaws.com";
        let records = vec![
            record("s3.us-east-1.amazonaws.com", RecordType::A, &["10.0.0.1"]),
            record(
                "*.us-east-1.amazonaws.com",
                RecordType::Cname,
                &["proxy.amazonaws.com"],
            ),
            record("proxy.amazonaws.com", RecordType::A, &["10.9.0.1"]),
        ];
        let kept = relevant_records(records, name);
        let names: Vec<&str> = kept.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["*.us-east-1.amazonaws.com", "proxy.amazonaws.com"]);
    }
}
