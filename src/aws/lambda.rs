//! Lambda reads: every function of the region with its VPC attachment,
//! tracing mode, role, layers and environment. Environment values are
//! dropped here, at the edge, unless the sender model needs them, so no
//! secret ever reaches a snapshot.

use super::call::{CallFailure, failure};
use crate::model::{Function, FunctionVpc, TracingMode};
use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::{self as lambda, TracingMode as SdkTracingMode};

/// `lambda:ListFunctions`, every page.
pub(super) async fn functions(client: &Client) -> Result<Vec<Function>, CallFailure> {
    let functions = client
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(functions.iter().filter_map(function).collect())
}

/// One function. `VpcConfig.VpcId` is not read: the model takes the VPC
/// from the subnets (and some emulators fill it with a placeholder).
fn function(config: &lambda::FunctionConfiguration) -> Option<Function> {
    let vpc = config
        .vpc_config()
        .filter(|v| !v.subnet_ids().is_empty())
        .map(|v| FunctionVpc {
            subnet_ids: v.subnet_ids().to_vec(),
            security_group_ids: v.security_group_ids().to_vec(),
        });
    let tracing = match config.tracing_config().and_then(|t| t.mode()) {
        Some(SdkTracingMode::Active) => TracingMode::Active,
        _ => TracingMode::PassThrough,
    };
    let environment = config
        .environment()
        .and_then(|e| e.variables())
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let kept = if Function::keeps_env_value(name) {
                value.clone()
            } else {
                String::new()
            };
            (name.clone(), kept)
        })
        .collect();

    Some(Function {
        name: config.function_name()?.to_owned(),
        arn: config.function_arn()?.to_owned(),
        runtime: config.runtime().map(|r| r.as_str().to_owned()),
        role_arn: config.role().unwrap_or_default().to_owned(),
        vpc,
        tracing,
        layers: config
            .layers()
            .iter()
            .filter_map(|l| l.arn())
            .map(str::to_owned)
            .collect(),
        environment,
    })
}

/// The account id of a function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
pub(super) fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}
