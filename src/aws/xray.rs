//! X-Ray reads: the trace summaries of one function over a window
//! (`GetTraceSummaries` with `service("NAME")`, every page), and one whole
//! trace (`BatchGetTraces`) parsed into timeline rows. Unlike the topology
//! fetch, a failed call here is the answer the caller shows, so it is
//! returned, not recorded.

use super::AwsError;
use super::call::{CallFailure, failure, fan_out};
use crate::model::{
    TraceDetail, TraceList, TraceSummary, TraceWindow, parse_trace, trace_id_start,
};
use aws_config::SdkConfig;
use aws_sdk_xray::Client;
use aws_sdk_xray::primitives::{DateTime, DateTimeFormat};
use aws_sdk_xray::types as xray;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const GET_TRACE_SUMMARIES: &str = "xray:GetTraceSummaries";
const BATCH_GET_TRACES: &str = "xray:BatchGetTraces";

/// The longest time range one `GetTraceSummaries` call asks for; longer
/// windows are read as several ranges, newest first, so a 24-hour window
/// never meets the API's limit on one call's range.
const LONGEST_RANGE: Duration = Duration::from_secs(6 * 3600);

/// How many functions' summaries are read at once: X-Ray allows few
/// `GetTraceSummaries` calls per second per account.
const FUNCTIONS_AT_ONCE: usize = 4;

/// The traces of `function` that started in `[now - window, now]`, newest
/// first, every page read.
///
/// # Errors
///
/// [`AwsError`] when a call fails; a denied call names its action through
/// [`AwsError::missing_permission`].
pub async fn fetch_traces(
    config: &SdkConfig,
    function: &str,
    window: TraceWindow,
    now: SystemTime,
) -> Result<TraceList, AwsError> {
    let started = Instant::now();
    let client = Client::new(config);

    let mut traces = Vec::new();
    for (from, to) in ranges(window, now) {
        tracing::debug!(api = GET_TRACE_SUMMARIES, function, "calling");
        let summaries: Vec<xray::TraceSummary> = request(&client, function, from, to)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| failure(&err).into_error(GET_TRACE_SUMMARIES))?;
        traces.extend(summaries.iter().filter_map(summary));
    }

    let mut list = TraceList {
        function: function.to_owned(),
        traces,
        window,
        until_unix_s: unix_seconds(now),
    };
    list.sort_newest_first();
    tracing::info!(
        function,
        window = %window.label(),
        traces = list.traces.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "fetched trace summaries"
    );
    Ok(list)
}

/// Whether each function has at least one trace in `[now - window, now]`,
/// in the order given, a few functions at a time. Reads pages only until
/// the first trace turns up.
pub async fn functions_with_recent_traces(
    config: &SdkConfig,
    functions: &[String],
    window: TraceWindow,
    now: SystemTime,
) -> Vec<Result<bool, AwsError>> {
    let client = Client::new(config);
    fan_out(functions.to_vec(), FUNCTIONS_AT_ONCE, |function| {
        let client = client.clone();
        async move { has_traces(&client, &function, window, now).await }
    })
    .await
}

/// One trace with every segment document parsed into timeline rows.
///
/// # Errors
///
/// [`AwsError`] when the call fails, when X-Ray does not have the trace
/// (code `TraceNotFound`) or when a segment document is not valid
/// (code `InvalidSegmentDocument`).
pub async fn fetch_trace(config: &SdkConfig, trace_id: &str) -> Result<TraceDetail, AwsError> {
    let client = Client::new(config);
    tracing::debug!(api = BATCH_GET_TRACES, trace_id, "calling");
    let traces: Vec<xray::Trace> = client
        .batch_get_traces()
        .trace_ids(trace_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err).into_error(BATCH_GET_TRACES))?;

    // Emulators may leave the id out of a trace that is still open.
    let trace = traces
        .iter()
        .find(|t| t.id() == Some(trace_id))
        .or_else(|| traces.first())
        .ok_or_else(|| {
            let message = format!(
                "X-Ray has no trace {trace_id}: it is older than X-Ray keeps, \
                 or not processed yet"
            );
            CallFailure::data("TraceNotFound", message).into_error(BATCH_GET_TRACES)
        })?;
    let documents: Vec<&str> = trace
        .segments()
        .iter()
        .filter_map(xray::Segment::document)
        .collect();
    let detail = parse_trace(trace_id, &documents).map_err(|err| {
        CallFailure::data("InvalidSegmentDocument", err.to_string()).into_error(BATCH_GET_TRACES)
    })?;
    tracing::info!(trace_id, rows = detail.rows.len(), "fetched trace");
    Ok(detail)
}

/// Reads pages of each range, newest range first, until a trace turns up.
async fn has_traces(
    client: &Client,
    function: &str,
    window: TraceWindow,
    now: SystemTime,
) -> Result<bool, AwsError> {
    for (from, to) in ranges(window, now) {
        tracing::debug!(api = GET_TRACE_SUMMARIES, function, "calling");
        let mut pages = request(client, function, from, to).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|err| failure(&err).into_error(GET_TRACE_SUMMARIES))?;
            if !page.trace_summaries().is_empty() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// One `GetTraceSummaries` request for the function's traces in a range.
fn request(
    client: &Client,
    function: &str,
    from: SystemTime,
    to: SystemTime,
) -> aws_sdk_xray::operation::get_trace_summaries::builders::GetTraceSummariesFluentBuilder {
    client
        .get_trace_summaries()
        .start_time(DateTime::from(from))
        .end_time(DateTime::from(to))
        .filter_expression(service_filter(function))
}

/// `service("NAME")`, with the quotes and backslashes of the name escaped.
fn service_filter(function: &str) -> String {
    let escaped = function.replace('\\', "\\\\").replace('"', "\\\"");
    format!("service(\"{escaped}\")")
}

/// The window as time ranges of at most [`LONGEST_RANGE`], newest first.
fn ranges(window: TraceWindow, now: SystemTime) -> Vec<(SystemTime, SystemTime)> {
    let start = now.checked_sub(window.duration()).unwrap_or(UNIX_EPOCH);
    let mut ranges = Vec::new();
    let mut to = now;
    while to > start {
        let from = to
            .checked_sub(LONGEST_RANGE)
            .map_or(start, |from| from.max(start));
        ranges.push((from, to));
        to = from;
    }
    ranges
}

/// One summary; the start comes from the trace id when X-Ray leaves it out.
fn summary(item: &xray::TraceSummary) -> Option<TraceSummary> {
    let id = item.id()?;
    let start_unix_s = item
        .start_time()
        .map(DateTime::as_secs_f64)
        .or_else(|| trace_id_start(id).map(f64::from))
        .unwrap_or_default();
    Some(TraceSummary {
        id: id.to_owned(),
        start: rfc3339(start_unix_s),
        duration_s: item.duration().unwrap_or_default(),
        fault: item.has_fault().unwrap_or_default(),
        error: item.has_error().unwrap_or_default(),
        throttle: item.has_throttle().unwrap_or_default(),
        http_status: item
            .http()
            .and_then(xray::Http::http_status)
            .and_then(|status| u16::try_from(status).ok()),
        start_unix_s,
    })
}

/// RFC 3339 in UTC to the microsecond (X-Ray's precision), so float noise
/// never shows as extra digits: `2025-01-31T12:00:00.25Z`.
fn rfc3339(unix_s: f64) -> String {
    let micros = (unix_s * 1e6).round() as i64;
    let nanos = u32::try_from(micros.rem_euclid(1_000_000) * 1000).unwrap_or_default();
    DateTime::from_secs_and_nanos(micros.div_euclid(1_000_000), nanos)
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_default()
}

fn unix_seconds(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_as_four_ranges_newest_first() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let ranges = ranges(TraceWindow::ONE_DAY, now);
        assert_eq!(ranges.len(), 4);
        assert_eq!(ranges[0].1, now);
        assert_eq!(ranges[3].0, now - Duration::from_secs(86_400));
        assert!(ranges.windows(2).all(|pair| pair[0].0 == pair[1].1));
    }

    #[test]
    fn a_short_window_is_one_range() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let ranges = ranges(TraceWindow::FIFTEEN_MINUTES, now);
        assert_eq!(ranges, [(now - Duration::from_secs(900), now)]);
    }

    #[test]
    fn service_filter_quotes_the_name() {
        assert_eq!(service_filter("orders"), r#"service("orders")"#);
        assert_eq!(service_filter(r#"a"b\c"#), r#"service("a\"b\\c")"#);
    }

    #[test]
    fn rfc3339_keeps_microseconds_and_drops_float_noise() {
        assert_eq!(rfc3339(1_700_000_000.25), "2023-11-14T22:13:20.25Z");
        assert_eq!(rfc3339(1_700_000_000.123), "2023-11-14T22:13:20.123Z");
        assert_eq!(rfc3339(1_700_000_000.0), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn summary_without_start_time_takes_it_from_the_trace_id() {
        let item = xray::TraceSummary::builder()
            .id("1-6553f100-0123456789abcdef01234567")
            .duration(0.5)
            .has_fault(true)
            .http(xray::Http::builder().http_status(502).build())
            .build();
        let trace = summary(&item).expect("a summary with an id");
        assert_eq!(trace.start, "2023-11-14T22:13:20Z");
        assert_eq!(trace.http_status, Some(502));
        assert!(trace.fault && !trace.error && !trace.throttle);
    }
}
