//! The scenario library cannot rot: every file in `assets/scenarios` is
//! listed in the index and compiled in, and every scenario's function gets
//! the verdict and shows the check its lesson states.

use std::collections::BTreeSet;
use xraypath::analysis::{Severity, Verdict, analyze};
use xraypath::scenarios;

#[test]
fn every_scenario_shows_its_stated_verdict_and_check() {
    let list = scenarios::list();
    assert_eq!(list.len(), 14, "one scenario per lesson of issue 7");

    for scenario in &list {
        let snapshot = scenarios::load(&scenario.file)
            .unwrap_or_else(|error| panic!("{}: {error}", scenario.file));
        let report = analyze(&snapshot);
        let function = report
            .function(&scenario.function)
            .unwrap_or_else(|| panic!("{}: no function {}", scenario.file, scenario.function));

        assert_eq!(
            function.verdict, scenario.verdict,
            "{}: {:#?}",
            scenario.file, function.findings
        );
        match scenario.check {
            Some(check) => assert!(
                function.has(check),
                "{} lacks {check}: {:#?}",
                scenario.file,
                function.findings
            ),
            // A healthy lesson: nothing to warn about, let alone block.
            None => assert!(
                function
                    .findings
                    .iter()
                    .all(|f| f.severity == Severity::Info),
                "{} should be clean: {:#?}",
                scenario.file,
                function.findings
            ),
        }
        if scenario.verdict == Verdict::Reachable {
            assert!(
                function
                    .findings
                    .iter()
                    .all(|f| f.severity != Severity::Error),
                "{} is reachable but has errors",
                scenario.file
            );
        }
    }
}

#[test]
fn every_file_in_the_folder_is_listed_and_compiled_in() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
        .expect("assets/scenarios")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "index.json")
        .collect();
    let listed: BTreeSet<String> = scenarios::list().into_iter().map(|s| s.file).collect();
    let compiled: BTreeSet<String> = scenarios::files().map(str::to_owned).collect();

    assert_eq!(listed, on_disk, "index.json and the folder disagree");
    assert_eq!(
        compiled, on_disk,
        "src/scenarios.rs FILES and the folder disagree"
    );
}

#[test]
fn each_lesson_reads_as_two_or_three_sentences() {
    for scenario in scenarios::list() {
        let sentences = scenario
            .teaches
            .split_terminator(". ")
            .filter(|s| !s.trim().is_empty())
            .count();
        assert!(
            (2..=3).contains(&sentences) && scenario.teaches.ends_with('.'),
            "{}: {sentences} sentences",
            scenario.file
        );
        assert!(!scenario.title.is_empty(), "{}", scenario.file);
    }
}

#[test]
fn scenarios_load_by_stem_and_an_unknown_name_is_an_error() {
    let by_stem = scenarios::load("private-dns-off").expect("by stem");
    let by_file = scenarios::load("private-dns-off.json").expect("by file");
    assert_eq!(by_stem, by_file);

    let error = scenarios::load("no-such-lesson").expect_err("unknown");
    assert!(error.to_string().contains("no-such-lesson"), "{error}");
}

#[test]
fn flipping_private_dns_on_turns_the_lesson_green() {
    // What a trainer does with the private-dns-off scenario.
    let mut snapshot = scenarios::load("private-dns-off").expect("scenario");
    for endpoint in &mut snapshot.vpc_endpoints {
        endpoint.private_dns_enabled = true;
    }
    let report = analyze(&snapshot);
    assert_eq!(
        report.function("orders-api").map(|f| f.verdict),
        Some(Verdict::Reachable)
    );
}
