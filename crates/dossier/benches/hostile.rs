//! Hostile-input benchmark: documents shaped to make some stage
//! super-linear, each generated at doubling sizes and analysed alone on one
//! thread in a child process, so that each gets its own peak RSS.
//!
//! ```text
//! cargo bench -p dossier --bench hostile                     # every input
//! cargo bench -p dossier --bench hostile -- quotes words     # some of them
//! cargo bench -p dossier --bench hostile -- --cap 20 --max-mb 12
//! ```
//!
//! Inputs (all made up here):
//! - `quotes`: `“` × n, " he said ", `”` × n (one sentence, n runs);
//! - `divs`: `<div>` × n, a sentence, `</div>` × n, read as an HTML page;
//! - `words`: random words from {said, that, he, the, ", a, of, Trump, told,
//!   according, to, ",", "."} (attribution cues and pronouns everywhere);
//! - `nobreak`: one sentence of plain words with no boundary at all;
//! - `paras`: short one-line paragraphs of quotations and cues.
//!
//! For each size it prints the analysis time (model loading left out), the
//! time per MB, the child's peak RSS (`VmHWM`, models included) and the
//! ratio of the time to that of the size before (2.0 is linear). A size
//! whose child runs past `--cap` seconds (default 10) is killed, and the
//! larger sizes of that input are skipped; so are sizes past `--max-mb`
//! (default 8; `dossier analyze` refuses documents over 10 MB).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier::{ingest, schema, Pipeline};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const KINDS: &[&str] = &["quotes", "divs", "words", "nobreak", "paras"];

/// The smallest size of each input (its unit: marks, elements, bytes).
fn first_size(kind: &str) -> usize {
    match kind {
        "quotes" => 5_000,
        "divs" => 2_000,
        _ => 100_000,
    }
}

/// A small deterministic generator (xorshift), so the bench needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The input `kind` at size `n`, and the file extension it is read with.
pub fn generate(kind: &str, n: usize) -> (String, &'static str) {
    match kind {
        "quotes" => ("“".repeat(n) + " he said " + &"”".repeat(n) + "\n", "txt"),
        "divs" => (
            format!(
                "<html><body>{}<p>The minister said the plan would work.</p>{}</body></html>\n",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
            "html",
        ),
        "words" | "nobreak" | "paras" => {
            let words: &[&str] = match kind {
                "words" => &[
                    "said",
                    "that",
                    "he",
                    "the",
                    "\"",
                    "a",
                    "of",
                    "Trump",
                    "told",
                    "according",
                    "to",
                    ",",
                    ".",
                ],
                _ => &[
                    "the", "plan", "would", "work", "minister", "said", "he", "it", "city", "new",
                ],
            };
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
            let mut out = String::with_capacity(n + 16);
            let mut k = 0usize;
            while out.len() < n {
                if kind == "paras" {
                    out.push_str("“We will see,” he said. “It works,” Ms. Reyes told reporters.\n");
                    continue;
                }
                out.push_str(words[(rng.next() % words.len() as u64) as usize]);
                k += 1;
                out.push(' ');
            }
            out.push_str(if k > 0 { ".\n" } else { "\n" });
            (out, "txt")
        }
        _ => (String::new(), "txt"),
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// In the child: analyse one input and print `seconds bytes rss_mb warnings`.
fn child(kind: &str, n: usize) {
    let (text, ext) = generate(kind, n);
    let dir = tempfile::tempdir().expect("temporary directory");
    let path: PathBuf = dir.path().join(format!("hostile.{ext}"));
    std::fs::write(&path, &text).expect("input written");
    let pipeline = Pipeline::new().expect("pipeline loads");
    let out_opts = schema::OutputOptions {
        with_tokens: false,
        models: pipeline.models(),
        min_confidence: dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE,
    };
    let opts = ingest::Options::default();
    let started = Instant::now();
    let mut warnings = 0usize;
    for input in ingest::expand_paths(&[path]).into_iter().flatten() {
        for raw in ingest::read_input(&input, &opts).flatten() {
            let doc = pipeline.analyze(raw);
            warnings += doc.warnings.len();
            std::hint::black_box(schema::to_json(&doc, &out_opts).len());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{secs} {} {} {warnings}", text.len(), peak_rss_mb());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("--child") {
        let n = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
        child(args.get(1).map_or("quotes", String::as_str), n);
        return;
    }
    let mut cap = 10.0f64;
    let mut max_mb = 8.0f64;
    let mut kinds: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--cap" => cap = it.next().and_then(|v| v.parse().ok()).unwrap_or(cap),
            "--max-mb" => max_mb = it.next().and_then(|v| v.parse().ok()).unwrap_or(max_mb),
            k if KINDS.contains(&k) => kinds.push(k.to_string()),
            other => eprintln!("ignored argument {other:?}"),
        }
    }
    if kinds.is_empty() {
        kinds = KINDS.iter().map(|k| k.to_string()).collect();
    }
    let exe = std::env::current_exe().expect("own path");
    let bench_started = Instant::now();
    println!("input     size       MB    seconds    s/MB   peak RSS MB  ratio  warnings");
    for kind in &kinds {
        let mut n = first_size(kind);
        let mut previous: Option<f64> = None;
        loop {
            let mb = generate(kind, n).0.len() as f64 / 1e6;
            if mb > max_mb {
                println!("{kind:<8} {n:>9}  (larger sizes skipped: past --max-mb {max_mb})");
                break;
            }
            let mut proc = Command::new(&exe)
                .args(["--child", kind, &n.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("child starts");
            let started = Instant::now();
            // Model loading takes a second or two on top of the analysis.
            let limit = Duration::from_secs_f64(cap + 5.0);
            let status = loop {
                if let Some(status) = proc.try_wait().expect("child state") {
                    break Some(status);
                }
                if started.elapsed() > limit {
                    let _ = proc.kill();
                    let _ = proc.wait();
                    break None;
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            let mut out = String::new();
            if let Some(mut stdout) = proc.stdout.take() {
                let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
            }
            let fields: Vec<f64> = out.split_whitespace().filter_map(|f| f.parse().ok()).collect();
            match (status, fields.as_slice()) {
                (Some(s), [secs, _bytes, rss, warnings]) if s.success() => {
                    let ratio = previous.map_or("".to_string(), |p| format!("{:.2}", secs / p.max(1e-6)));
                    println!(
                        "{kind:<8} {n:>9} {mb:>7.2} {secs:>9.3} {:>8.3} {rss:>10.0} {ratio:>7} {warnings:>6}",
                        secs / mb
                    );
                    previous = Some(*secs);
                    if *secs > cap {
                        println!("{kind:<8} (larger sizes skipped: past the cap of {cap} s)");
                        break;
                    }
                }
                (None, _) => {
                    println!(
                        "{kind:<8} {n:>9} {mb:>7.2}  killed after {:.0} s; larger sizes skipped",
                        limit.as_secs_f64()
                    );
                    break;
                }
                _ => {
                    println!("{kind:<8} {n:>9} {mb:>7.2}  failed: {status:?} {out:?}");
                    break;
                }
            }
            let _ = std::io::stdout().flush();
            n *= 2;
        }
    }
    println!("total {:.1} s", bench_started.elapsed().as_secs_f64());
}
