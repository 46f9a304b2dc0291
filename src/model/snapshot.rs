//! The whole topology of one account and region, and its file format.

use super::{
    DaemonDeclaration, DhcpOptions, Function, HostedZone, Instance, InternetGateway, NatGateway,
    NetworkAcl, NetworkInterface, PrefixList, ResolverRule, Role, RouteTable, SecurityGroup,
    Subnet, Vpc, VpcEndpoint,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The snapshot file format version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest snapshot file read: far above the largest real region.
pub const MAX_SNAPSHOT_BYTES: u64 = 512 * 1024 * 1024;

fn at_place(place: &str) -> String {
    if place.is_empty() || place == "." {
        String::new()
    } else {
        format!(" at {place}")
    }
}

/// Everything read from one account and region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub schema: u32,
    pub region: String,
    pub account: String,
    /// RFC 3339 time of the fetch, when known.
    #[serde(default)]
    pub fetched_at: Option<String>,
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
    #[serde(default)]
    pub dhcp_options: Vec<DhcpOptions>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub route_tables: Vec<RouteTable>,
    #[serde(default)]
    pub internet_gateways: Vec<InternetGateway>,
    #[serde(default)]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(default)]
    pub network_acls: Vec<NetworkAcl>,
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(default)]
    pub prefix_lists: Vec<PrefixList>,
    #[serde(default)]
    pub vpc_endpoints: Vec<VpcEndpoint>,
    #[serde(default)]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub instances: Vec<Instance>,
    /// Where the user says X-Ray daemons listen; kept with the snapshot.
    #[serde(default)]
    pub daemon_declarations: Vec<DaemonDeclaration>,
    /// Private hosted zones that cover the X-Ray name, with their records.
    #[serde(default)]
    pub hosted_zones: Vec<HostedZone>,
    /// Route 53 Resolver rules with their VPC associations.
    #[serde(default)]
    pub resolver_rules: Vec<ResolverRule>,
    /// The calls that were denied or failed: the hops they feed are unknown.
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
}

/// Which part of the topology a failed call would have filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    Vpcs,
    VpcAttributes,
    DhcpOptions,
    Subnets,
    RouteTables,
    InternetGateways,
    NatGateways,
    NetworkAcls,
    SecurityGroups,
    PrefixLists,
    VpcEndpoints,
    NetworkInterfaces,
    Functions,
    Roles,
    /// Route 53 private hosted zones, their VPCs and records.
    HostedZones,
    /// Route 53 Resolver rules and their VPC associations.
    ResolverRules,
    Instances,
}

/// A call that was denied or failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unreadable {
    pub source: DataSource,
    /// `service:Operation`, e.g. `ec2:DescribeNetworkAcls`.
    pub api: String,
    /// The AWS error code, e.g. `UnauthorizedOperation`.
    pub code: String,
    pub message: String,
    /// The resource the call was about (a role name, a VPC id), if any.
    #[serde(default)]
    pub resource: Option<String>,
}

/// Why a snapshot file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read snapshot {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("snapshot {path} is not valid{}: {source}", at_place(.place))]
    Parse {
        path: PathBuf,
        /// Where in the file, e.g. `functions[2].tracing`; empty at the top.
        place: String,
        source: serde_json::Error,
    },
    #[error("snapshot {path} is not consistent: {problem}")]
    Inconsistent { path: PathBuf, problem: String },
    #[error("{path} is not a snapshot: it holds a JSON {found}, where a snapshot is an object")]
    NotAnObject { path: PathBuf, found: &'static str },
    #[error("snapshot {path} is {size} bytes, more than the {MAX_SNAPSHOT_BYTES} this build reads")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("snapshot {path} has schema {found}, this build reads schema {SCHEMA_VERSION}")]
    Schema { path: PathBuf, found: u32 },
    #[error("cannot write snapshot {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Snapshot {
    /// An empty snapshot for a region and account.
    pub fn new(region: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            region: region.into(),
            account: account.into(),
            ..Self::default()
        }
    }

    /// Parses a snapshot from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &Path) -> Result<Self, SnapshotError> {
        let parse_error = |place: String, source| SnapshotError::Parse {
            path: origin.to_owned(),
            place,
            source,
        };

        // Editors on Windows start UTF-8 files with a byte-order mark; JSON
        // has no place for one, but the file is fine without it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);

        let found = match text.trim_start().chars().next() {
            Some('[') => Some("array"),
            Some('"') => Some("string"),
            Some('n') => Some("null"),
            Some('t' | 'f') => Some("boolean"),
            Some('-' | '0'..='9') => Some("number"),
            _ => None,
        };
        if let Some(found) = found {
            return Err(SnapshotError::NotAnObject {
                path: origin.to_owned(),
                found,
            });
        }

        // Read the version first so an old or new file gets the right message
        // rather than a complaint about some field deep inside it.
        #[derive(Deserialize)]
        struct Version {
            schema: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|source| parse_error(String::new(), source))?;
        if version.schema != SCHEMA_VERSION {
            return Err(SnapshotError::Schema {
                path: origin.to_owned(),
                found: version.schema,
            });
        }

        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let snapshot: Self = serde_path_to_error::deserialize(deserializer)
            .map_err(|error| parse_error(error.path().to_string(), error.into_inner()))?;
        let mut snapshot = snapshot;
        // Lambda reports a function outside any VPC with an empty config.
        for function in &mut snapshot.functions {
            if function
                .vpc
                .as_ref()
                .is_some_and(|v| v.subnet_ids.is_empty())
            {
                function.vpc = None;
            }
        }
        // DNS names as the fetch writes them: lower case, no trailing dot
        // (a hand-edited `Xray.…amazonaws.com.` means the same name).
        let dns_name = |name: &mut String| *name = super::normalize_name(name);
        for zone in &mut snapshot.hosted_zones {
            dns_name(&mut zone.name);
            for record in &mut zone.records {
                dns_name(&mut record.name);
                if record.record_type == super::RecordType::Cname {
                    record.values.iter_mut().for_each(dns_name);
                }
                if let Some(target) = &mut record.alias_target {
                    dns_name(target);
                }
            }
        }
        for rule in &mut snapshot.resolver_rules {
            dns_name(&mut rule.domain_name);
        }
        if let Some(problem) = super::validate::problem(&snapshot) {
            return Err(SnapshotError::Inconsistent {
                path: origin.to_owned(),
                problem,
            });
        }
        Ok(snapshot)
    }

    /// Reads a snapshot file.
    pub fn load(path: &Path) -> Result<Self, SnapshotError> {
        let read_error = |source| SnapshotError::Read {
            path: path.to_owned(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(read_error)?;
        // A pipe or device reports no size and may never end.
        if !metadata.is_file() {
            let source =
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file");
            return Err(SnapshotError::Read {
                path: path.to_owned(),
                source,
            });
        }
        let size = metadata.len();
        if size > MAX_SNAPSHOT_BYTES {
            return Err(SnapshotError::TooLarge {
                path: path.to_owned(),
                size,
            });
        }
        let text = std::fs::read_to_string(path).map_err(read_error)?;
        Self::from_json(&text, path)
    }

    /// Writes the snapshot as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), SnapshotError> {
        // A pipe with no reader would block the write for ever; a device
        // is no place for a snapshot either.
        if let Ok(metadata) = std::fs::metadata(path)
            && !metadata.is_file()
        {
            return Err(SnapshotError::Write {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file (a directory, pipe or device)",
                ),
            });
        }
        let text = self.to_json();
        std::fs::write(path, text).map_err(|source| SnapshotError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// The snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain owned data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The recorded failures that feed `source`.
    pub fn unreadable_for(&self, source: DataSource) -> impl Iterator<Item = &Unreadable> {
        self.unreadable.iter().filter(move |u| u.source == source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_before_the_json_is_skipped() {
        let text = format!("\u{feff}{}", include_str!("../../assets/demo.json"));
        let snapshot = Snapshot::from_json(&text, Path::new("bom.json")).expect("loads");
        assert_eq!(
            snapshot.functions.len(),
            crate::demo::snapshot().functions.len()
        );
    }
}
