//! Lambda functions and their execution roles.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Lambda function, as much of it as the path to X-Ray needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub name: String,
    pub arn: String,
    #[serde(default)]
    pub runtime: Option<String>,
    pub role_arn: String,
    /// `None` when the function is not attached to a VPC.
    #[serde(default)]
    pub vpc: Option<FunctionVpc>,
    pub tracing: TracingMode,
    /// Layer ARNs.
    #[serde(default)]
    pub layers: Vec<String>,
    /// Environment variables: every name, but a value only for the names the
    /// sender model reads (see [`Function::keeps_env_value`]); other values
    /// are empty so snapshots never carry secrets.
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
}

impl Function {
    /// Whether the value of an environment variable is kept: only the ones
    /// that decide how trace data leaves the function.
    pub fn keeps_env_value(name: &str) -> bool {
        matches!(
            name,
            "AWS_LAMBDA_EXEC_WRAPPER"
                | "XRAY_DAEMON_ADDRESS"
                | "AWS_XRAY_DAEMON_ADDRESS"
                | "OTEL_EXPORTER_OTLP_ENDPOINT"
                | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
                | "OTEL_TRACES_EXPORTER"
                | "OTEL_PROPAGATORS"
        )
    }

    /// The function's subnets, or none outside a VPC.
    pub fn subnet_ids(&self) -> &[String] {
        self.vpc
            .as_ref()
            .map_or(&[], |vpc| vpc.subnet_ids.as_slice())
    }

    /// The function's security groups, or none outside a VPC.
    pub fn security_group_ids(&self) -> &[String] {
        self.vpc
            .as_ref()
            .map_or(&[], |vpc| vpc.security_group_ids.as_slice())
    }
}

/// A function's VPC attachment. The VPC is taken from the subnets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionVpc {
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

/// Lambda's tracing mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TracingMode {
    Active,
    PassThrough,
}

impl TracingMode {
    /// The name Lambda uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::PassThrough => "PassThrough",
        }
    }
}

/// An IAM role with every policy that decides what it may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    pub arn: String,
    pub inline_policies: Vec<Policy>,
    pub attached_policies: Vec<Policy>,
    #[serde(default)]
    pub permissions_boundary: Option<Policy>,
}

/// A named policy document (already URL-decoded and parsed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    /// The ARN of a managed policy; `None` for inline policies.
    #[serde(default)]
    pub arn: Option<String>,
    pub document: serde_json::Value,
}
