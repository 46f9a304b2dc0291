//! Running one AWS call: its progress report, its log lines, and what is
//! kept of its error. A failed call becomes a [`model::Unreadable`] so the
//! fetch goes on; [`Calls::fatal`] decides when nothing could be read.

use super::{AwsError, CallState, Progress};
use crate::model::{DataSource, Unreadable};
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use std::error::Error;
use std::fmt::Debug;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::Semaphore;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinSet;

/// What kind of failure a call met; decides the [`AwsError`] it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FailureKind {
    /// AWS answered with an error: denied, throttled, not found.
    Service,
    /// No credentials, or AWS rejected them.
    Credentials,
    /// The credentials or the SSO token have expired.
    Expired,
    /// The endpoint could not be reached or timed out.
    Connect,
}

/// A failed call's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CallFailure {
    pub code: String,
    pub message: String,
    pub kind: FailureKind,
}

impl CallFailure {
    /// A failure that is about the data, not the call, e.g. a policy
    /// document that is not JSON.
    pub fn data(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            kind: FailureKind::Service,
        }
    }

    pub fn into_error(self, operation: &'static str) -> AwsError {
        let profile = std::env::var("AWS_PROFILE").ok();
        match self.kind {
            FailureKind::Service => AwsError::Call {
                operation,
                code: self.code,
                message: self.message,
            },
            FailureKind::Credentials => AwsError::NoCredentials {
                profile,
                message: self.message,
            },
            FailureKind::Expired => AwsError::CredentialsExpired {
                profile,
                message: self.message,
            },
            FailureKind::Connect => AwsError::Connect {
                operation,
                message: self.message,
            },
        }
    }
}

/// Error codes that mean the caller's credentials are not accepted.
const REJECTED_CODES: [&str; 5] = [
    "AuthFailure",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
];

/// Error codes that mean the caller's credentials have expired.
const EXPIRED_CODES: [&str; 3] = [
    "ExpiredToken",
    "ExpiredTokenException",
    "TokenRefreshRequired",
];

/// Keeps the code and message of an SDK error, and what kind of failure it is.
pub(super) fn failure<E, R>(error: &SdkError<E, R>) -> CallFailure
where
    E: ProvideErrorMetadata + Error + 'static,
    R: Debug + 'static,
{
    let context = DisplayErrorContext(error).to_string();
    if let SdkError::ServiceError(service) = error {
        let err = service.err();
        let code = err.code().unwrap_or("Unknown").to_owned();
        let kind = if EXPIRED_CODES.contains(&code.as_str()) {
            FailureKind::Expired
        } else if REJECTED_CODES.contains(&code.as_str()) {
            FailureKind::Credentials
        } else {
            FailureKind::Service
        };
        let message = err.message().map_or(context, str::to_owned);
        return CallFailure {
            code,
            message,
            kind,
        };
    }

    // Credential providers fail before the request is sent; their error
    // sits somewhere in the dispatch failure's source chain.
    let mut source: Option<&(dyn Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.downcast_ref::<CredentialsError>().is_some() {
            let expired = context.to_ascii_lowercase().contains("expired");
            let (code, kind) = if expired {
                ("ExpiredToken", FailureKind::Expired)
            } else {
                ("NoCredentials", FailureKind::Credentials)
            };
            return CallFailure {
                code: code.to_owned(),
                message: context,
                kind,
            };
        }
        source = current.source();
    }

    let code = match error {
        SdkError::TimeoutError(_) => "Timeout",
        SdkError::DispatchFailure(_) => "ConnectFailure",
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        _ => "ResponseError",
    };
    // The innermost cause reads best ("Connection refused (os error 111)");
    // the full chain is for the debug log.
    tracing::debug!(error = %context, "call failed before a response");
    let mut root: &(dyn Error + 'static) = error;
    while let Some(next) = root.source() {
        root = next;
    }
    let root = root.to_string();
    CallFailure {
        code: code.to_owned(),
        message: root,
        kind: FailureKind::Connect,
    }
}

/// How many items a call's result holds, for the progress report.
pub(super) trait Items {
    fn items(&self) -> usize;
}

impl<T> Items for Vec<T> {
    fn items(&self) -> usize {
        self.len()
    }
}

impl<T> Items for Option<T> {
    fn items(&self) -> usize {
        usize::from(self.is_some())
    }
}

/// The calls of one fetch: reports progress and keeps every failure.
#[derive(Debug)]
pub(super) struct Calls {
    progress: Option<Sender<Progress>>,
    unreadable: Mutex<Vec<Unreadable>>,
    failures: Mutex<Vec<(&'static str, CallFailure)>>,
    succeeded: Mutex<usize>,
}

impl Calls {
    pub fn new(progress: Option<Sender<Progress>>) -> Self {
        Self {
            progress,
            unreadable: Mutex::new(Vec::new()),
            failures: Mutex::new(Vec::new()),
            succeeded: Mutex::new(0),
        }
    }

    /// Runs one call: reports it, logs it and records it when it fails.
    pub async fn run<T: Items>(
        &self,
        api: &'static str,
        source: DataSource,
        resource: Option<&str>,
        call: impl Future<Output = Result<T, CallFailure>>,
    ) -> Option<T> {
        let resources: Vec<&str> = resource.into_iter().collect();
        self.run_for(api, source, &resources, call).await
    }

    /// Runs one call whose failure leaves several resources unknown (a
    /// managed policy attached to several roles): one record per resource.
    pub async fn run_for<T: Items>(
        &self,
        api: &'static str,
        source: DataSource,
        resources: &[&str],
        call: impl Future<Output = Result<T, CallFailure>>,
    ) -> Option<T> {
        tracing::debug!(api, ?resources, "calling");
        self.report(api, CallState::Started);
        match call.await {
            Ok(value) => {
                let items = value.items();
                tracing::debug!(api, ?resources, items, "done");
                self.report(api, CallState::Done { items });
                *self
                    .succeeded
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) += 1;
                Some(value)
            }
            Err(failure) => {
                self.report(
                    api,
                    CallState::Failed {
                        code: failure.code.clone(),
                    },
                );
                self.record(api, source, resources, &failure);
                None
            }
        }
    }

    /// Records a failure, once per resource it leaves unknown (or once
    /// without a resource).
    pub fn record(
        &self,
        api: &'static str,
        source: DataSource,
        resources: &[&str],
        failure: &CallFailure,
    ) {
        tracing::warn!(api, ?resources, code = %failure.code, "{}", failure.message);
        let resources: Vec<Option<&str>> = if resources.is_empty() {
            vec![None]
        } else {
            resources.iter().copied().map(Some).collect()
        };
        let mut unreadable = self
            .unreadable
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for resource in resources {
            unreadable.push(Unreadable {
                source,
                api: api.to_owned(),
                code: failure.code.clone(),
                message: failure.message.clone(),
                resource: resource.map(str::to_owned),
            });
        }
        drop(unreadable);
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((api, failure.clone()));
    }

    /// When no call has succeeded and some failed: the error that explains
    /// it, credentials and connection problems first.
    pub fn fatal(&self) -> Option<AwsError> {
        if *self
            .succeeded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            > 0
        {
            return None;
        }
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let rank = |kind: FailureKind| match kind {
            FailureKind::Expired => 0,
            FailureKind::Credentials => 1,
            FailureKind::Connect => 2,
            FailureKind::Service => 3,
        };
        failures
            .iter()
            .min_by_key(|(_, failure)| rank(failure.kind))
            .map(|(api, failure)| failure.clone().into_error(api))
    }

    /// The recorded failures, in the order they happened.
    pub fn take_unreadable(&self) -> Vec<Unreadable> {
        std::mem::take(
            &mut *self
                .unreadable
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    fn report(&self, api: &'static str, state: CallState) {
        // A full channel drops the report rather than stall the fetch, and a
        // closed one means nobody is watching.
        if let Some(progress) = &self.progress {
            let _ = progress.try_send(Progress { api, state });
        }
    }
}

/// Runs `task` on every item, at most `limit` at a time, each on its own
/// tokio task; results come back in the items' order. A task that panics
/// loses its result (logged), not the fetch.
pub(super) async fn fan_out<I, T, F, Fut>(items: I, limit: usize, task: F) -> Vec<T>
where
    I: IntoIterator,
    F: Fn(I::Item) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limit.max(1)));
    let mut set = JoinSet::new();
    for (position, item) in items.into_iter().enumerate() {
        let future = task(item);
        let permits = Arc::clone(&permits);
        set.spawn(async move {
            let _permit = permits.acquire_owned().await.ok();
            (position, future.await)
        });
    }

    let mut results = Vec::with_capacity(set.len());
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(result) => results.push(result),
            Err(err) => tracing::error!("an AWS read task failed, its data is lost: {err}"),
        }
    }
    results.sort_by_key(|(position, _)| *position);
    results.into_iter().map(|(_, result)| result).collect()
}
