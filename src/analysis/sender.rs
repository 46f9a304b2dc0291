//! Who sends the function's trace data: Lambda's own daemon, an exporter
//! inside the function, or an X-Ray daemon on a host in the VPC.

use super::report::Sender;
use crate::model::Function;

/// Tells the sender apart from the environment and layers (DESIGN.md).
pub fn detect(function: &Function) -> Sender {
    let env = &function.environment;
    let daemon_named = ["XRAY_DAEMON_ADDRESS", "AWS_XRAY_DAEMON_ADDRESS"]
        .iter()
        .filter_map(|name| env.get(*name))
        .filter_map(|value| crate::model::DaemonAddress::parse(value))
        .any(|address| !address.ip.is_link_local());
    if daemon_named {
        return Sender::VpcDaemon;
    }

    let wrapper_is_otel = env
        .get("AWS_LAMBDA_EXEC_WRAPPER")
        .is_some_and(|value| value.to_ascii_lowercase().contains("otel"));
    let otel_exporter = env.keys().any(|name| name.starts_with("OTEL_EXPORTER_"));
    let otel_layer = function.layers.iter().any(|arn| {
        let arn = arn.to_ascii_lowercase();
        arn.contains("aws-otel") || arn.contains("opentelemetry") || arn.contains(":otel")
    });
    if wrapper_is_otel || otel_exporter || otel_layer {
        Sender::InFunction
    } else {
        Sender::LambdaDaemon
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TracingMode;

    fn function() -> Function {
        Function {
            name: "f".into(),
            arn: "arn:aws:lambda:us-east-1:1:function:f".into(),
            runtime: None,
            role_arn: "arn:aws:iam::1:role/r".into(),
            vpc: None,
            tracing: TracingMode::Active,
            layers: Vec::new(),
            environment: Default::default(),
        }
    }

    #[test]
    fn plain_active_tracing_is_the_lambda_daemon() {
        assert_eq!(detect(&function()), Sender::LambdaDaemon);
    }

    #[test]
    fn an_adot_layer_or_otel_wrapper_sends_from_the_function() {
        let mut f = function();
        f.layers.push(
            "arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-python-amd64-ver-1-25-0:1".into(),
        );
        assert_eq!(detect(&f), Sender::InFunction);

        let mut f = function();
        f.environment.insert(
            "AWS_LAMBDA_EXEC_WRAPPER".into(),
            "/opt/otel-instrument".into(),
        );
        assert_eq!(detect(&f), Sender::InFunction);

        let mut f = function();
        f.environment.insert(
            "OTEL_EXPORTER_OTLP_ENDPOINT".into(),
            "https://xray.us-east-1.amazonaws.com".into(),
        );
        assert_eq!(detect(&f), Sender::InFunction);
    }

    #[test]
    fn a_daemon_address_in_the_environment_is_a_vpc_daemon() {
        let mut f = function();
        f.environment
            .insert("AWS_XRAY_DAEMON_ADDRESS".into(), "10.0.3.10:2000".into());
        assert_eq!(detect(&f), Sender::VpcDaemon);
    }
}
