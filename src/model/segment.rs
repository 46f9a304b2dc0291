//! Parsing X-Ray segment documents (the JSON strings `BatchGetTraces`
//! returns) into a trace's timeline rows. Pure: strings in, rows out.
//!
//! A trace arrives as separate documents, one per segment (for a Lambda
//! invocation: `AWS::Lambda` and `AWS::Lambda::Function`), each with its
//! subsegments embedded. A document whose `parent_id` names a segment or
//! subsegment of another document is drawn under it, so the rows read as
//! one tree.

use super::{TimelineRow, TraceDetail, TraceStatus};
use serde::Deserialize;

/// A segment document that is not the JSON X-Ray specifies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("segment document {index} of trace {trace_id} is not valid: {message}")]
pub struct SegmentError {
    pub trace_id: String,
    /// The document's position in the list given to [`parse_trace`].
    pub index: usize,
    pub message: String,
}

/// The fields of a segment or subsegment document the timeline shows.
#[derive(Debug, Deserialize)]
struct Document {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    origin: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    parent_id: Option<String>,
    start_time: f64,
    end_time: Option<f64>,
    #[serde(default)]
    in_progress: bool,
    #[serde(default)]
    fault: bool,
    #[serde(default)]
    error: bool,
    #[serde(default)]
    throttle: bool,
    http: Option<Http>,
    #[serde(default)]
    subsegments: Vec<Document>,
}

#[derive(Debug, Deserialize)]
struct Http {
    response: Option<HttpResponse>,
}

#[derive(Debug, Deserialize)]
struct HttpResponse {
    status: Option<i64>,
}

/// One segment or subsegment, its children as arena indices.
struct Node {
    row: TimelineRow,
    start: f64,
    end: Option<f64>,
    parent_id: Option<String>,
    /// Top-level documents may be linked under another node.
    top_level: bool,
    children: Vec<usize>,
}

/// Parses one trace's segment documents into its timeline.
///
/// # Errors
///
/// [`SegmentError`] when a document is not JSON or lacks `start_time`.
pub fn parse_trace<S: AsRef<str>>(
    trace_id: &str,
    documents: &[S],
) -> Result<TraceDetail, SegmentError> {
    let mut nodes: Vec<Node> = Vec::new();
    for (index, text) in documents.iter().enumerate() {
        let document: Document =
            serde_json::from_str(text.as_ref()).map_err(|err| SegmentError {
                trace_id: trace_id.to_owned(),
                index,
                message: err.to_string(),
            })?;
        add_node(&mut nodes, document, None, true);
    }

    link_documents(&mut nodes);
    let order = depth_first(&nodes);

    let start = nodes
        .iter()
        .map(|n| n.start)
        .reduce(f64::min)
        .unwrap_or(0.0);
    let end = nodes.iter().filter_map(|n| n.end).reduce(f64::max);
    let rows = order
        .into_iter()
        .map(|(index, depth)| {
            let node = &nodes[index];
            TimelineRow {
                depth,
                offset_s: node.start - start,
                ..node.row.clone()
            }
        })
        .collect();
    Ok(TraceDetail {
        id: trace_id.to_owned(),
        start_unix_s: start,
        duration_s: end.map(|end| (end - start).max(0.0)),
        rows,
    })
}

/// Adds a document and its embedded subsegments; returns its index.
fn add_node(nodes: &mut Vec<Node>, doc: Document, parent: Option<usize>, top: bool) -> usize {
    let in_progress = doc.in_progress || doc.end_time.is_none();
    let end = doc.end_time.filter(|_| !doc.in_progress);
    let http_status = doc
        .http
        .and_then(|h| h.response)
        .and_then(|r| r.status)
        .and_then(|s| u16::try_from(s).ok());
    let row = TimelineRow {
        depth: 0,
        id: doc.id,
        name: doc.name,
        origin: doc.origin,
        subsegment: !top || doc.kind.as_deref() == Some("subsegment"),
        offset_s: 0.0,
        duration_s: end.map(|end| (end - doc.start_time).max(0.0)),
        status: TraceStatus::from_flags(doc.fault, doc.error, doc.throttle, in_progress),
        http_status,
    };

    let index = nodes.len();
    nodes.push(Node {
        row,
        start: doc.start_time,
        end,
        parent_id: doc.parent_id,
        top_level: top,
        children: Vec::new(),
    });
    if let Some(parent) = parent {
        nodes[parent].children.push(index);
    }
    for child in doc.subsegments {
        add_node(nodes, child, Some(index), false);
    }
    index
}

/// Puts each top-level document under the node its `parent_id` names,
/// when that node is in this trace; the rest stay roots.
fn link_documents(nodes: &mut [Node]) {
    for index in 0..nodes.len() {
        if !nodes[index].top_level {
            continue;
        }
        let Some(parent_id) = nodes[index].parent_id.clone() else {
            continue;
        };
        let parent = nodes
            .iter()
            .position(|n| n.row.id == parent_id && !parent_id.is_empty());
        if let Some(parent) = parent.filter(|p| *p != index) {
            nodes[parent].children.push(index);
        } else {
            // A parent outside this trace (or none): a root.
            nodes[index].parent_id = None;
        }
    }
}

/// Every node once, as `(index, depth)`: roots by start time, each
/// followed by its children by start time. Nodes caught in a parent cycle
/// (malformed documents) still appear, as roots.
fn depth_first(nodes: &[Node]) -> Vec<(usize, usize)> {
    let by_start = |indices: &mut Vec<usize>| {
        indices.sort_by(|a, b| nodes[*a].start.total_cmp(&nodes[*b].start).then(a.cmp(b)));
    };
    let mut roots: Vec<usize> = (0..nodes.len())
        .filter(|i| nodes[*i].top_level && nodes[*i].parent_id.is_none())
        .collect();
    by_start(&mut roots);
    let mut leftovers: Vec<usize> = (0..nodes.len()).filter(|i| nodes[*i].top_level).collect();
    by_start(&mut leftovers);
    roots.extend(leftovers);

    let mut visited = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    for root in roots {
        let mut stack = vec![(root, 0)];
        while let Some((index, depth)) = stack.pop() {
            if visited[index] {
                continue;
            }
            visited[index] = true;
            order.push((index, depth));
            let mut children = nodes[index].children.clone();
            by_start(&mut children);
            // Reversed onto the stack, so the earliest child comes out first.
            stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACE: &str = "1-67000000-0123456789abcdef01234567";

    /// The two documents Lambda writes for one invocation, the function's
    /// segment sent with its subsegments embedded.
    fn lambda_invocation() -> [String; 2] {
        let service = r#"{"trace_id":"1-67000000-0123456789abcdef01234567",
            "id":"aaaa000000000001","name":"orders","origin":"AWS::Lambda",
            "start_time":1000.0,"end_time":1000.5,
            "http":{"response":{"status":200}}}"#;
        let function = r#"{"trace_id":"1-67000000-0123456789abcdef01234567",
            "id":"bbbb000000000002","name":"orders","origin":"AWS::Lambda::Function",
            "parent_id":"aaaa000000000001","start_time":1000.1,"end_time":1000.45,
            "subsegments":[
              {"id":"cccc000000000004","name":"Overhead","start_time":1000.4,"end_time":1000.45},
              {"id":"cccc000000000003","name":"Invocation","start_time":1000.1,"end_time":1000.4,
               "subsegments":[{"id":"dddd000000000005","name":"DynamoDB","namespace":"aws",
                 "start_time":1000.2,"end_time":1000.3,
                 "http":{"response":{"status":400}},"error":true}]}]}"#;
        [service.to_owned(), function.to_owned()]
    }

    fn names(detail: &TraceDetail) -> Vec<(usize, &str)> {
        detail
            .rows
            .iter()
            .map(|r| (r.depth, r.name.as_str()))
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn nested_subsegments_become_indented_rows_in_start_order() {
        let detail = parse_trace(TRACE, &lambda_invocation()).expect("valid documents");
        assert_eq!(
            names(&detail),
            [
                (0, "orders"),
                (1, "orders"),
                (2, "Invocation"),
                (3, "DynamoDB"),
                (2, "Overhead"),
            ]
        );
        let origins: Vec<Option<&str>> = detail.rows.iter().map(|r| r.origin.as_deref()).collect();
        assert_eq!(
            origins[..2],
            [Some("AWS::Lambda"), Some("AWS::Lambda::Function")]
        );
        assert!(detail.rows[2].subsegment && !detail.rows[1].subsegment);
        assert!(close(detail.start_unix_s, 1000.0));
        assert!(detail.duration_s.is_some_and(|d| close(d, 0.5)));
    }

    #[test]
    fn rows_carry_offsets_durations_and_http_status() {
        let detail = parse_trace(TRACE, &lambda_invocation()).expect("valid documents");
        let dynamo = &detail.rows[3];
        assert!(close(dynamo.offset_s, 0.2));
        assert!(dynamo.duration_s.is_some_and(|d| close(d, 0.1)));
        assert_eq!(dynamo.status, TraceStatus::Error);
        assert_eq!(dynamo.http_status, Some(400));
        assert_eq!(detail.rows[0].http_status, Some(200));
        assert_eq!(detail.rows[0].status, TraceStatus::Ok);
    }

    #[test]
    fn in_progress_segment_has_no_duration() {
        let open = r#"{"id":"aaaa","name":"worker","origin":"AWS::Lambda::Function",
            "start_time":50.0,"in_progress":true,
            "subsegments":[{"id":"bbbb","name":"Invocation","start_time":50.25}]}"#;
        let detail = parse_trace(TRACE, &[open]).expect("valid document");
        assert_eq!(detail.rows.len(), 2);
        for row in &detail.rows {
            assert_eq!(row.status, TraceStatus::InProgress, "{}", row.name);
            assert_eq!(row.duration_s, None, "{}", row.name);
        }
        assert!(close(detail.rows[1].offset_s, 0.25));
        assert_eq!(detail.duration_s, None);
    }

    #[test]
    fn fault_in_a_subsegment_marks_only_that_row() {
        let faulty = r#"{"id":"aaaa","name":"api","start_time":10.0,"end_time":11.0,
            "fault":true,"http":{"response":{"status":502}},
            "subsegments":[{"id":"bbbb","name":"call","start_time":10.1,"end_time":10.9,
              "fault":true,"throttle":true},
              {"id":"cccc","name":"cache","start_time":10.0,"end_time":10.05,"throttle":true}]}"#;
        let detail = parse_trace(TRACE, &[faulty]).expect("valid document");
        let statuses: Vec<(&str, TraceStatus)> = detail
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("api", TraceStatus::Fault),
                ("cache", TraceStatus::Throttle),
                ("call", TraceStatus::Fault),
            ]
        );
        assert_eq!(detail.rows[0].http_status, Some(502));
    }

    #[test]
    fn separately_sent_subsegment_joins_its_parent() {
        let segment = r#"{"id":"aaaa","name":"api","start_time":1.0,"end_time":2.0,
            "subsegments":[{"id":"bbbb","name":"handler","start_time":1.1,"end_time":1.9}]}"#;
        let late = r#"{"id":"cccc","type":"subsegment","parent_id":"bbbb",
            "name":"s3","start_time":1.2,"end_time":1.3}"#;
        let detail = parse_trace(TRACE, &[late, segment]).expect("valid documents");
        assert_eq!(names(&detail), [(0, "api"), (1, "handler"), (2, "s3")]);
        assert!(detail.rows[2].subsegment);
    }

    #[test]
    fn parent_outside_the_trace_leaves_a_root() {
        let orphan = r#"{"id":"aaaa","parent_id":"ffff","name":"downstream",
            "start_time":5.0,"end_time":6.0}"#;
        let detail = parse_trace(TRACE, &[orphan]).expect("valid document");
        assert_eq!(names(&detail), [(0, "downstream")]);
    }

    #[test]
    fn parent_cycle_still_shows_every_row_once() {
        let a = r#"{"id":"aaaa","parent_id":"bbbb","name":"a","start_time":1.0,"end_time":2.0}"#;
        let b = r#"{"id":"bbbb","parent_id":"aaaa","name":"b","start_time":1.5,"end_time":2.0}"#;
        let detail = parse_trace(TRACE, &[a, b]).expect("valid documents");
        assert_eq!(detail.rows.len(), 2);
    }

    #[test]
    fn document_that_is_not_json_is_an_error_naming_it() {
        let good = r#"{"id":"aaaa","name":"a","start_time":1.0,"end_time":2.0}"#;
        let error = parse_trace(TRACE, &[good, "{not json"]).expect_err("invalid");
        assert_eq!(error.index, 1);
        assert_eq!(error.trace_id, TRACE);
    }

    #[test]
    fn document_without_start_time_is_an_error() {
        let error = parse_trace(TRACE, &[r#"{"id":"aaaa","name":"a"}"#]).expect_err("invalid");
        assert!(error.message.contains("start_time"), "{}", error.message);
    }
}
