//! Issue #5's figures for a large region, medians on this machine: snapshot
//! load, analysis of every function and of one, graph and view builds, the
//! app's frame time while panning and zooming the whole region and from a
//! click to the highlighted path, resident memory with the account open,
//! and start to first frame on the demo.
//!
//! `cargo bench --bench scale` (release profile). The account comes from
//! [`generate`] with seed `XRAYPATH_BENCH_SEED` (default 5) and is written as
//! JSON under the target directory first, so the load is a real file read.
//!
//! Memory and the first frame are measured in fresh processes (this binary
//! again, with `--probe-rss FILE` or `--probe-first-frame`), so nothing the
//! other figures allocated is counted.

#[path = "support/generate.rs"]
#[allow(dead_code, reason = "shared by the benches; each uses part")]
mod generate;
#[path = "support/measure.rs"]
#[allow(dead_code, reason = "shared by the benches; each uses part")]
mod measure;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use measure::{figure, median, median_of, note, p95};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use xraypath::analysis::{Verdict, analyze, analyze_function};

/// The allocator the `xraypath` binary runs with, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use xraypath::graph::{NodeKey, NodeKind, OUTSIDE_VPC, RegionView, Topology, ViewRequest};
use xraypath::model::{Index, Snapshot};
use xraypath::ui::XrayPathApp;

const MS: Duration = Duration::from_millis(1);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--probe-rss") {
        probe_rss(Path::new(args.get(at + 1).map_or("", String::as_str)));
        return;
    }
    if args.iter().any(|a| a == "--probe-first-frame") {
        probe_first_frame();
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--profile-analysis") {
        // For a profiler: nothing but the analysis, many times.
        let path = Path::new(args.get(at + 1).map_or("", String::as_str));
        let snapshot = Snapshot::load(path).expect("the generated snapshot loads");
        let all = median_of(20, || analyze(&snapshot));
        figure("analysis of every function", all, Some(100 * MS));
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--profile-region") {
        let path = Path::new(args.get(at + 1).map_or("", String::as_str));
        let snapshot = Snapshot::load(path).expect("the generated snapshot loads");
        let report = analyze(&snapshot);
        let topology = Topology::build(&snapshot, &report);
        for _ in 0..200 {
            let request = ViewRequest::default();
            std::hint::black_box(RegionView::build(&topology, &report, &request, None));
        }
        return;
    }

    let seed = std::env::var("XRAYPATH_BENCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let path = write_account(seed);
    println!();
    println!("{:<58} {:>10}   target", "figure (median)", "value");

    let load = median_of(5, || {
        Snapshot::load(&path).expect("the generated snapshot loads")
    });
    figure(
        "snapshot load (JSON file -> Snapshot, validated)",
        load,
        Some(300 * MS),
    );
    let snapshot = Snapshot::load(&path).expect("the generated snapshot loads");

    figure(
        "index build (once per snapshot)",
        median_of(10, || Index::new(&snapshot).vpcs.len()),
        None,
    );
    let all = median_of(5, || analyze(&snapshot));
    figure("analysis of all 10,000 functions", all, Some(100 * MS));
    let report = analyze(&snapshot);
    verdict_mix(&report);

    let index = Index::new(&snapshot);
    let names: Vec<&str> = snapshot.functions.iter().map(|f| f.name.as_str()).collect();
    let mut timings = Vec::new();
    for name in names.iter().step_by(10) {
        let started = Instant::now();
        std::hint::black_box(analyze_function(&index, name));
        timings.push(started.elapsed());
    }
    figure(
        "one function (analyze_function, prepared Index)",
        median(timings.clone()),
        Some(MS),
    );
    figure("  its 95th percentile", p95(timings), None);

    let topology = Topology::build(&snapshot, &report);
    figure(
        "graph build, whole region (Topology::build)",
        median_of(5, || Topology::build(&snapshot, &report)),
        None,
    );
    let region = ViewRequest::default();
    let grouped = RegionView::build(&topology, &report, &region, None);
    figure(
        "region view, VPCs collapsed",
        median_of(20, || RegionView::build(&topology, &report, &region, None)),
        None,
    );
    note(
        "  nodes drawn in it",
        &grouped.topology.nodes.len().to_string(),
        "",
    );
    let picks: Vec<&str> = names.iter().step_by(97).copied().collect();
    let mut timings = Vec::new();
    for name in &picks {
        let request = neighbourhood(&topology, name);
        let started = Instant::now();
        std::hint::black_box(RegionView::build(&topology, &report, &request, None));
        timings.push(started.elapsed());
    }
    figure(
        "graph build, one function's neighbourhood (its VPC)",
        median(timings),
        None,
    );

    frames(&snapshot, &picks);
    memory(&path);
    first_frame();
}

/// Generates the large account and writes it where the load reads it.
fn write_account(seed: u64) -> PathBuf {
    let started = Instant::now();
    let snapshot = generate::generate(generate::Size::LARGE, seed);
    let generated = started.elapsed();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("xraypath-large-seed{seed}.json"));
    snapshot.save(&path).expect("write the generated snapshot");
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let rules: usize = snapshot
        .security_groups
        .iter()
        .map(|g| g.ingress.len() + g.egress.len())
        .sum();
    println!(
        "large account, seed {seed}: generated in {}",
        measure::show(generated)
    );
    println!(
        "  {} functions, {} VPCs, {} subnets, {} groups with {rules} rules, {} ACLs, {} endpoints, {} NAT gateways",
        snapshot.functions.len(),
        snapshot.vpcs.len(),
        snapshot.subnets.len(),
        snapshot.security_groups.len(),
        snapshot.network_acls.len(),
        snapshot.vpc_endpoints.len(),
        snapshot.nat_gateways.len(),
    );
    println!(
        "  written to {} ({:.1} MB)",
        path.display(),
        bytes as f64 / 1e6
    );
    path
}

fn verdict_mix(report: &xraypath::analysis::Report) {
    let count = |v: Verdict| report.functions.iter().filter(|f| f.verdict == v).count();
    let mix = format!(
        "{} reachable, {} partial, {} blocked, {} unknown",
        count(Verdict::Reachable),
        count(Verdict::Partial),
        count(Verdict::Blocked),
        count(Verdict::Unknown)
    );
    note("  verdicts", "", &mix);
}

/// What the graph panel asks for when `name` is clicked.
fn neighbourhood(topology: &Topology, name: &str) -> ViewRequest {
    let vpc = topology
        .node(&NodeKey::new(NodeKind::Function, name))
        .and_then(|n| n.vpc.clone())
        .unwrap_or_else(|| OUTSIDE_VPC.to_owned());
    ViewRequest {
        vpc: Some(vpc),
        function: Some(name.to_owned()),
        open: Default::default(),
    }
}

/// The app as a user sees it, headless: every panel, the real graph view.
fn harness(snapshot: Snapshot) -> Harness<'static, XrayPathApp> {
    let app = XrayPathApp::new(snapshot, "large synthetic account");
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(4)
        .build_ui_state(
            |ui, app: &mut XrayPathApp| {
                app.logic();
                app.show(ui);
            },
            app,
        )
}

/// One frame: egui's pass (every panel, accesskit for the harness) plus
/// tessellation, which the real window does before painting.
fn frame(harness: &mut Harness<'_, XrayPathApp>) -> Duration {
    let started = Instant::now();
    harness.run_steps(1);
    let shapes = harness.output().shapes.clone();
    let pixels = harness.output().pixels_per_point;
    std::hint::black_box(harness.ctx.tessellate(shapes, pixels));
    started.elapsed()
}

fn frames(snapshot: &Snapshot, picks: &[&str]) {
    let started = Instant::now();
    let mut harness = harness(snapshot.clone());
    figure(
        "app open with the large account (analysis, graph, 1st frames)",
        started.elapsed(),
        None,
    );

    harness.get_by_label("Zoom and pan").click();
    harness.run_steps(2);
    let centre = egui::pos2(640.0, 480.0);

    let mut idle = Vec::new();
    for _ in 0..20 {
        harness.hover_at(centre);
        idle.push(frame(&mut harness));
    }
    figure("frame, whole region, still", median(idle), Some(16 * MS));

    let mut panning = Vec::new();
    harness.hover_at(centre);
    harness.drag_at(centre);
    frame(&mut harness);
    for i in 0..60 {
        let step = if (i / 15) % 2 == 0 { 8.0 } else { -8.0 };
        harness.hover_at(
            centre + egui::vec2(step * f32::from(u8::try_from(i % 15).unwrap_or(0)), step),
        );
        panning.push(frame(&mut harness));
    }
    harness.drop_at(centre);
    frame(&mut harness);

    let mut zooming = Vec::new();
    for i in 0..60 {
        harness.hover_at(centre);
        let factor = if (i / 10) % 2 == 0 { 1.15 } else { 1.0 / 1.15 };
        harness.event(egui::Event::Zoom(factor));
        zooming.push(frame(&mut harness));
    }
    let mut both = panning.clone();
    both.extend(zooming.iter().copied());
    figure(
        "frame, whole region, panning",
        median(panning),
        Some(16 * MS),
    );
    figure(
        "frame, whole region, zooming",
        median(zooming),
        Some(16 * MS),
    );
    figure("  both, 95th percentile", p95(both), None);

    let mut clicks = Vec::new();
    for name in picks.iter().take(20) {
        let started = Instant::now();
        harness.state_mut().select_function(name);
        frame(&mut harness);
        frame(&mut harness);
        clicks.push(started.elapsed());
    }
    figure(
        "click on a function -> path highlighted (2 frames)",
        median(clicks),
        Some(50 * MS),
    );

    let mut selected = Vec::new();
    for _ in 0..20 {
        harness.hover_at(centre);
        selected.push(frame(&mut harness));
    }
    figure(
        "frame, one function's path shown",
        median(selected),
        Some(16 * MS),
    );
}

/// Resident memory of a fresh process with the large account open.
fn memory(path: &Path) {
    let output = Command::new(std::env::current_exe().expect("this bench's path"))
        .arg("--probe-rss")
        .arg(path)
        .output()
        .expect("run the memory probe");
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| {
        text.split_whitespace()
            .skip_while(|w| *w != name)
            .nth(1)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (rss, peak) = (field("rss_kb"), field("peak_kb"));
    let verdict = if rss > 0 && rss < 500 * 1024 {
        "< 500 MB  met"
    } else {
        "< 500 MB  NOT MET"
    };
    note(
        "resident memory, large account open (VmRSS)",
        &format!("{} MB", rss / 1024),
        verdict,
    );
    note(
        "  peak while loading (VmHWM)",
        &format!("{} MB", peak / 1024),
        "",
    );
}

fn probe_rss(path: &Path) {
    let snapshot = Snapshot::load(path).expect("the generated snapshot loads");
    let mut harness = harness(snapshot);
    for _ in 0..10 {
        frame(&mut harness);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("0")
            .to_owned()
    };
    println!("rss_kb {} peak_kb {}", kb("VmRSS:"), kb("VmHWM:"));
}

/// Start of a fresh process to its first tessellated frame on the demo.
fn first_frame() {
    let mut timings = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let mut child = Command::new(std::env::current_exe().expect("this bench's path"))
            .arg("--probe-first-frame")
            .stdout(Stdio::piped())
            .spawn()
            .expect("run the first-frame probe");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        timings.push(started.elapsed());
        let _ = child.wait();
    }
    figure(
        "start to first frame, demo (fresh process, headless)",
        median(timings),
        Some(1000 * MS),
    );
}

fn probe_first_frame() {
    let snapshot = xraypath::demo::snapshot();
    let mut app = XrayPathApp::new(snapshot, xraypath::demo::DEMO_LABEL);
    let ctx = egui::Context::default();
    ctx.set_visuals(egui::Visuals::dark());
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..egui::RawInput::default()
    };
    let output = ctx.run_ui(input, |ui| {
        app.logic();
        app.show(ui);
    });
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    println!("first frame");
}
