//! Every export format is read back, not just written: the Markdown by its
//! headings, the HTML and SVG with an XML parser, the DOT by its edges and
//! node names. A snapshot with hostile function names must come out
//! escaped in each of them.

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use xraypath::analysis::{Report, analyze};
use xraypath::export;
use xraypath::graph::Topology;
use xraypath::model::Snapshot;

const SCRIPT_NAME: &str = "<script>alert(1)</script>\u{202e}x";

/// One element of a parsed XML document.
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
}

/// A parsed XML document: every element in document order and all text.
struct Document {
    elements: Vec<Element>,
    text: String,
}

impl Document {
    /// Parses `xml`, failing on any error, unmatched or unclosed tag.
    fn parse(xml: &str) -> Self {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut document = Document {
            elements: Vec::new(),
            text: String::new(),
        };
        let mut open: Vec<String> = Vec::new();
        loop {
            let event = reader.read_event().unwrap_or_else(|error| {
                panic!("not well-formed at {}: {error}", reader.buffer_position())
            });
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::Start(start) | Event::Empty(start) => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    let attributes = start
                        .attributes()
                        .map(|attribute| {
                            let attribute = attribute.expect("attribute");
                            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
                            let value = attribute
                                .normalized_value(XmlVersion::Implicit1_0)
                                .expect("attribute value")
                                .into_owned();
                            (key, value)
                        })
                        .collect();
                    if opens {
                        open.push(name.clone());
                    }
                    document.elements.push(Element { name, attributes });
                }
                Event::End(end) => {
                    let name = String::from_utf8_lossy(end.name().as_ref()).into_owned();
                    assert_eq!(
                        open.pop().as_deref(),
                        Some(name.as_str()),
                        "unbalanced </{name}>"
                    );
                }
                Event::Text(text) => document.text.push_str(&text.xml10_content().expect("text")),
                Event::GeneralRef(reference) => {
                    let name = reference.decode().expect("reference").into_owned();
                    document.text.push_str(&resolve(&name));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements: {open:?}");
        document
    }

    fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.iter().filter(move |e| e.name == name)
    }
}

/// The character an entity or character reference stands for.
fn resolve(name: &str) -> String {
    match name {
        "lt" => "<".into(),
        "gt" => ">".into(),
        "amp" => "&".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let number = name.strip_prefix('#').expect("only character references");
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            };
            char::from_u32(code.expect("number"))
                .expect("char")
                .to_string()
        }
    }
}

fn demo() -> (Snapshot, Report) {
    let snapshot = xraypath::demo::snapshot();
    let report = analyze(&snapshot);
    (snapshot, report)
}

/// The demo with three more functions whose names try to break out: a
/// script tag with a right-to-left override, control characters, and a
/// 10,000-character name. Each is a copy of `ledger-export` (blocked, with
/// fixes), so the names reach every part of every export.
fn hostile() -> (Snapshot, Report) {
    let mut snapshot = xraypath::demo::snapshot();
    let demo_functions = snapshot.functions.len();
    let template = snapshot
        .functions
        .iter()
        .find(|f| f.name == "ledger-export")
        .cloned()
        .expect("ledger-export");
    let long = format!("{}\u{202e}{}", "a".repeat(5_000), "b".repeat(4_999));
    for name in [
        SCRIPT_NAME,
        "tab\tnew\nline\u{0}bell\u{7}\u{200b}\"quote'&amp;",
        long.as_str(),
    ] {
        let mut function = template.clone();
        function.name = name.to_owned();
        function.arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{name}");
        snapshot.functions.push(function);
    }
    let report = analyze(&snapshot);
    assert_eq!(report.functions.len(), demo_functions + 3);
    (snapshot, report)
}

/// Whether text contains a raw script tag or a hidden character.
fn assert_defused(format: &str, text: &str) {
    assert!(
        !text.to_ascii_lowercase().contains("<script"),
        "{format} lets <script through"
    );
    for hidden in ['\u{202e}', '\u{0}', '\u{7}', '\u{200b}'] {
        assert!(!text.contains(hidden), "{format} keeps {hidden:?}");
    }
}

#[test]
fn markdown_has_one_section_per_demo_function_with_its_verdict() {
    let (snapshot, report) = demo();
    let markdown = export::markdown(&report, &snapshot);

    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), report.functions.len());
    for (heading, function) in headings.iter().zip(&report.functions) {
        let (name, verdict) = heading[3..].split_once(" — ").expect("name — verdict");
        assert_eq!(name, function.name);
        assert_eq!(verdict, function.verdict.as_str());
    }

    let ledger = section(&markdown, "## ledger-export");
    assert!(ledger.contains("- Verdict: **blocked**"), "{ledger}");
    assert!(ledger.contains("`nacl-denies-response`"), "{ledger}");
    assert!(ledger.contains("acl-0aledger"), "{ledger}");
    assert!(
        ledger.contains(
            "```sh\n  aws ec2 create-network-acl-entry --network-acl-id acl-0aledger --ingress"
        ),
        "{ledger}"
    );
    assert!(
        ledger.contains("| shop-ledger (subnet-0a7) | us-east-1a | vpc-endpoint |"),
        "{ledger}"
    );

    // The daemon host's own findings nest under daemon-host-no-route-to-xray.
    let isolated = section(&markdown, "## queue-isolated");
    let parent = isolated
        .lines()
        .position(|l| l.starts_with("- **error** `daemon-host-no-route-to-xray`"))
        .expect("parent finding");
    assert!(
        isolated
            .lines()
            .skip(parent + 1)
            .any(|l| l.starts_with("  - **")),
        "no nested via finding: {isolated}"
    );
}

/// The text of one `## ` section, up to the next.
fn section<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let start = markdown
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} missing"));
    let rest = &markdown[start + heading.len()..];
    let end = rest
        .find("\n## ")
        .map_or(markdown.len(), |i| start + heading.len() + i);
    &markdown[start..end]
}

#[test]
fn html_is_well_formed_with_one_section_id_per_function() {
    let (snapshot, report) = demo();
    let html = export::html(&report, &snapshot);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let document = Document::parse(&html);

    let ids: Vec<&str> = document
        .named("section")
        .filter_map(|s| s.attributes.get("id").map(String::as_str))
        .collect();
    assert_eq!(ids.len(), report.functions.len());
    for function in &report.functions {
        let id = format!("fn-{}", function.name);
        assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "{id}");
        assert_eq!(export::section_id(&function.name), id);
    }
    assert!(
        document
            .text
            .contains("aws ec2 create-network-acl-entry --network-acl-id acl-0aledger")
    );
    assert_eq!(
        document.named("style").count(),
        2,
        "page and SVG styles, nothing linked"
    );
    assert_eq!(document.named("script").count(), 0);
    assert_eq!(document.named("link").count(), 0);
}

#[test]
fn hostile_names_come_out_escaped_in_every_format() {
    let (snapshot, report) = hostile();
    let html = export::html(&report, &snapshot);
    let markdown = export::markdown(&report, &snapshot);
    let dot = export::dot(&snapshot, &report, Some(SCRIPT_NAME));
    let svg = export::svg(&snapshot, &report, Some(SCRIPT_NAME));
    for (format, text) in [
        ("HTML", &html),
        ("Markdown", &markdown),
        ("DOT", &dot),
        ("SVG", &svg),
    ] {
        assert_defused(format, text);
    }

    // Still well-formed, one section each, and the name reads as text.
    let document = Document::parse(&html);
    assert_eq!(document.named("section").count(), report.functions.len());
    let ids: Vec<&String> = document
        .named("section")
        .filter_map(|s| s.attributes.get("id"))
        .collect();
    let unique: std::collections::BTreeSet<&&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "section ids collide");
    assert!(
        document
            .text
            .contains("<script>alert(1)</script>\\u{202e}x")
    );
    assert_eq!(document.named("script").count(), 0);

    Document::parse(&svg);
    assert!(markdown.contains("## &lt;script&gt;alert(1)&lt;/script&gt;\\\\u{202e}x — blocked"));
    let topology = Topology::build(&snapshot, &report);
    assert_eq!(dot.matches("->").count(), topology.edges.len());
}

#[test]
fn dot_has_every_edge_and_node_and_colours_the_selected_path() {
    let (snapshot, report) = demo();
    let topology = Topology::build(&snapshot, &report);
    let dot = export::dot(&snapshot, &report, Some("ledger-export"));

    assert!(dot.starts_with("digraph xraypath {") && dot.trim_end().ends_with('}'));
    assert_eq!(dot.matches("->").count(), topology.edges.len());
    for node in &topology.nodes {
        assert!(
            dot.contains(&format!(":{}\"", node.key.id)),
            "{} missing",
            node.key.id
        );
    }
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());

    // ledger-export loses its replies at the subnet: its edge there is red,
    // and nothing but its path is coloured.
    let into_subnet = "\"function:ledger-export\" -> \"subnet:subnet-0a7\"";
    let line = dot.lines().find(|l| l.contains(into_subnet)).expect("edge");
    assert!(line.contains("#cf222e"), "{line}");
    let coloured = dot
        .lines()
        .filter(|l| l.contains("->") && !l.contains("#8c959f"))
        .count();
    assert!((1..=4).contains(&coloured), "{coloured} coloured edges");
}

#[test]
fn svg_draws_one_box_per_node_from_the_graph_layout() {
    let (snapshot, report) = demo();
    let topology = Topology::build(&snapshot, &report);
    let svg = export::svg(&snapshot, &report, Some("checkout-api"));

    assert!(svg.starts_with("<svg"));
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    let document = Document::parse(&svg);
    assert_eq!(document.named("rect").count(), topology.nodes.len());
    let lines = document.named("line").count();
    assert!(lines > 0 && lines <= topology.edges.len(), "{lines} lines");

    // Boxes sit where the graph layer put them.
    let checkout = topology
        .nodes
        .iter()
        .find(|n| n.key.id == "checkout-api")
        .expect("checkout-api node");
    let at = document
        .elements
        .iter()
        .position(|e| e.attributes.get("id").map(String::as_str) == Some("function-checkout-api"))
        .expect("checkout-api group");
    let rect = document.elements[at..]
        .iter()
        .find(|e| e.name == "rect")
        .expect("its rect");
    let x: f32 = rect.attributes["x"].parse().expect("x");
    assert!(
        (x - (checkout.position.x - checkout.size.x / 2.0)).abs() < 0.1,
        "x {x}"
    );
    assert!(
        rect.attributes["stroke"] == "#1a7f37",
        "checkout-api is reachable: green"
    );
    assert!(document.text.contains("checkout-api"));
}

#[test]
fn an_empty_account_exports_without_sections() {
    let snapshot = Snapshot::new("us-east-1", "000000000000");
    let report = analyze(&snapshot);
    assert!(!export::markdown(&report, &snapshot).contains("\n## "));
    let document = Document::parse(&export::html(&report, &snapshot));
    assert_eq!(document.named("section").count(), 0);
    Document::parse(&export::svg(&snapshot, &report, None));
    assert_eq!(
        export::dot(&snapshot, &report, None).matches("->").count(),
        0
    );
}
