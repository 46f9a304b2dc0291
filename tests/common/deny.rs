//! A credential that is denied one API: an HTTP connector (the SDK's own
//! `HttpConnector` extension point) that answers one operation with AWS's
//! access-denied error and passes every other request to moto unchanged.

use aws_config::SdkConfig;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

/// `config` with every call of the query-protocol `action` (an EC2 or IAM
/// operation name such as `DescribeNetworkAcls`) denied.
pub fn denying(config: &SdkConfig, action: &'static str, error_code: &'static str) -> SdkConfig {
    let inner = aws_smithy_http_client::Builder::new().build_http();
    let client = SharedHttpClient::new(Denying {
        inner,
        action,
        error_code,
    });
    config.to_builder().http_client(client).build()
}

#[derive(Debug)]
struct Denying {
    inner: SharedHttpClient,
    action: &'static str,
    error_code: &'static str,
}

impl HttpClient for Denying {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(DenyingConnector {
            inner: self.inner.http_connector(settings, components),
            action: self.action,
            error_code: self.error_code,
        })
    }
}

#[derive(Debug)]
struct DenyingConnector {
    inner: SharedHttpConnector,
    action: &'static str,
    error_code: &'static str,
}

impl HttpConnector for DenyingConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let body = request
            .body()
            .bytes()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let wanted = format!("Action={}&", self.action);
        if !body.contains(&wanted) {
            return self.inner.call(request);
        }
        let message = format!("You are not authorized to perform: {}", self.action);
        // EC2 and IAM shape their errors differently; each SDK reads its own.
        let xml = if body.contains("Version=2016-11-15") {
            format!(
                "<Response><Errors><Error><Code>{}</Code><Message>{message}</Message></Error></Errors><RequestID>denied</RequestID></Response>",
                self.error_code
            )
        } else {
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{}</Code><Message>{message}</Message></Error><RequestId>denied</RequestId></ErrorResponse>",
                self.error_code
            )
        };
        let status = StatusCode::try_from(403).expect("403 is a status");
        HttpConnectorFuture::ready(Ok(HttpResponse::new(status, SdkBody::from(xml))))
    }
}
