//! End-to-end tests of the corpus store commands: ingest, queries, export,
//! crash safety.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json_array(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&ok(out))
        .expect("--json prints one JSON value")
        .as_array()
        .expect("an array")
        .clone()
}

fn db_arg(db: &Path) -> &str {
    db.to_str().unwrap()
}

fn totals(db: &Path) -> store::Totals {
    store::Store::open_read_only(db).unwrap().totals().unwrap()
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Anna", "Marek", "Lena", "Tomas", "Irena", "Pavel", "Sofia", "Jonas", "Clara", "Ruben",
];
const LAST: &[&str] = &[
    "Varga", "Holm", "Brandt", "Sorensen", "Kowal", "Lind", "Moreau", "Petrov", "Castell", "Ferris",
];
const PLACES: &[&str] = &[
    "Port Ellis",
    "Norland",
    "Kestrel Bay",
    "Valmora",
    "Ostrava Gate",
    "Linden",
];
const ORGS: &[&str] = &[
    "the Harbour Board",
    "the Transport Ministry",
    "the Dockworkers Union",
    "Norland Rail",
];
const TOPICS: &[&str] = &[
    "wages",
    "the new ferry line",
    "flood defences",
    "the budget",
    "rail fares",
    "housing",
];

/// A made-up news story with quotes, names and places.
fn article(rng: &mut Rng) -> String {
    let mut s = Vec::new();
    for _ in 0..3 + rng.next() % 3 {
        let who = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let place = rng.pick(PLACES);
        let org = rng.pick(ORGS);
        let topic = rng.pick(TOPICS);
        match rng.next() % 3 {
            0 => s.push(format!(
                "\u{201c}We will not accept any delay on {topic},\u{201d} {who} said in {place} on Monday."
            )),
            1 => s.push(format!(
                "{who}, a spokesperson for {org}, said the talks on {topic} would resume next week."
            )),
            _ => s.push(format!(
                "Officials in {place} said {org} had promised a decision on {topic} before the end of the month."
            )),
        }
        s.push(format!(
            "Residents of {place} have followed the dispute over {topic} closely since the spring."
        ));
    }
    s.join(" ")
}

/// A JSON Lines corpus of `n` stories: every 17th repeats an earlier text
/// under a new id (an exact duplicate), every 23rd is an earlier story with
/// one sentence changed (a near-duplicate).
fn corpus(dir: &Path, n: usize, bad_line_at: Option<usize>) -> PathBuf {
    let mut rng = Rng(20260317);
    let mut texts: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for i in 0..n {
        let text = if i > 0 && i % 17 == 0 {
            texts[i / 2].clone()
        } else if i > 0 && i % 23 == 0 {
            let mut t = texts[i / 3].clone();
            t.push_str(" A late paragraph was added for the evening edition of this report.");
            t
        } else {
            article(&mut rng)
        };
        texts.push(text.clone());
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        lines.push(
            serde_json::json!({
                "id": format!("story-{i}"),
                "source": if i % 2 == 0 { "Norland Herald" } else { "Port Ellis Post" },
                "date": format!("2025-{month:02}-{day:02}"),
                "title": format!("Story number {i}"),
                "text": text,
            })
            .to_string(),
        );
        if bad_line_at == Some(i) {
            lines.push("{\"id\": \"broken\", \"text\": ".to_string());
        }
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn ingest(paths: &[&Path], db: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--db", db_arg(db)]);
    args.extend(extra);
    dossier(&args)
}

#[test]
fn killed_ingest_resumes_to_the_same_counts_as_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 240, None);
    let clean = dir.path().join("clean.db");
    ok(&ingest(&[&input], &clean, &["--batch", "8"]));
    let expected = totals(&clean);
    assert_eq!(expected.copies, 240);
    assert!(
        expected.documents < 240,
        "exact duplicates are not analysed again: {expected:?}"
    );
    assert!(expected.near_duplicates > 0, "{expected:?}");
    assert!(expected.entities > 0 && expected.quotes > 0, "{expected:?}");

    // Kill -9 once some batches are committed, well before the end.
    let killed = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--db",
            db_arg(&killed),
            "--batch",
            "8",
            // A commit per batch, so that the kill finds some committed.
            "--commit-every",
            "8",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    let at_kill = loop {
        assert!(Instant::now() < deadline, "ingest made no progress");
        if killed.exists() {
            if let Ok(t) = store::Store::open_read_only(&killed).and_then(|s| s.totals()) {
                if t.copies >= 24 {
                    break t;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        child.try_wait().unwrap().is_none(),
        "ingest finished before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    eprintln!("clean run: {expected:?}\nkilled at: {at_kill:?}");
    assert!(at_kill.copies < expected.copies, "{at_kill:?}");
    let after_kill = totals(&killed);
    assert!(after_kill.copies < expected.copies);
    // Committed batches are whole: every stored document has its copy.
    assert!(after_kill.copies >= after_kill.documents);

    let out = ingest(&[&input], &killed, &["--batch", "8"]);
    let summary = ok(&out);
    assert!(summary.contains("already stored"), "{summary}");
    assert_eq!(totals(&killed), expected);
    let store = store::Store::open(&killed).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());

    // A third run changes nothing.
    ok(&ingest(&[&input], &killed, &["--batch", "8"]));
    assert_eq!(totals(&killed), expected);
}

#[test]
fn bad_input_mid_batch_fails_the_run_but_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 30, Some(12));
    let db = dir.path().join("c.db");
    let missing = dir.path().join("missing.jsonl");
    let out = ingest(&[&input, &missing], &db, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("corpus.jsonl: line 14"), "{stderr}");
    assert!(stderr.contains("missing.jsonl"), "{stderr}");
    let summary = String::from_utf8_lossy(&out.stdout);
    let failures = summary
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("failures"))
        .map(|n| n.trim().to_string());
    assert_eq!(failures.as_deref(), Some("2"), "{summary}");
    assert_eq!(totals(&db).copies, 30);
    // Fixing nothing and running again stores nothing twice.
    let again = ingest(&[&input], &db, &[]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(totals(&db).copies, 30);
}

#[test]
fn the_same_article_ingested_twice_lists_its_quotes_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let sample = repo("samples/harbour-strike.txt");
    let copy = dir.path().join("harbour-strike-syndicated.txt");
    std::fs::copy(&sample, &copy).unwrap();
    ok(&ingest(&[&sample], &db, &["--date", "2026-03-17"]));
    let first = json_array(&dossier(&[
        "quotes",
        "--speaker",
        "Kovacs",
        "--db",
        db_arg(&db),
        "--json",
    ]));
    assert!(!first.is_empty());
    // Again the same file (a no-op), and a copy under another name (a copy row).
    ok(&ingest(&[&sample, &copy], &db, &["--date", "2026-03-17"]));
    let t = totals(&db);
    assert_eq!((t.documents, t.copies), (1, 2));
    let second = json_array(&dossier(&[
        "quotes",
        "--speaker",
        "Kovacs",
        "--db",
        db_arg(&db),
        "--json",
    ]));
    assert_eq!(first, second);
    let contents: Vec<&str> = second.iter().map(|q| q["content"].as_str().unwrap()).collect();
    let mut unique = contents.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), contents.len(), "{contents:?}");
}

#[test]
fn seed_article_ingested_twice_lists_zelenskyys_quotes_once_each() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seed.db");
    let copy = dir.path().join("seed-copy.txt");
    std::fs::copy(&seed, &copy).unwrap();
    ok(&ingest(&[&seed], &db, &["--date", "2025-04-10"]));
    ok(&ingest(&[&seed, &copy], &db, &["--date", "2025-04-10"]));
    let quotes = json_array(&dossier(&[
        "quotes",
        "--speaker",
        "Zelenskyy",
        "--db",
        db_arg(&db),
        "--json",
    ]));
    assert!(!quotes.is_empty(), "Zelenskyy is quoted in the seed article");
    let mut keys: Vec<(i64, i64)> = quotes
        .iter()
        .map(|q| (q["document_id"].as_i64().unwrap(), q["id"].as_i64().unwrap()))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), quotes.len());
    assert!(quotes.iter().all(|q| q["document_id"] == quotes[0]["document_id"]));
}

#[test]
fn queries_answer_in_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 40, None);
    let db = dir.path().join("q.db");
    ok(&ingest(&[&input], &db, &[]));
    let d = db_arg(&db);

    let hits = json_array(&dossier(&["search", "flood defences", "--db", d, "--json"]));
    assert!(hits.iter().any(|h| h["kind"] == "document"));
    assert!(hits
        .iter()
        .all(|h| h["snippet"].as_str().unwrap().to_lowercase().contains("[flood]") || h["kind"] == "quote"));
    let table = ok(&dossier(&["search", "flood defences", "--db", d]));
    assert!(table.starts_with("KIND"), "{table}");

    let all = json_array(&dossier(&["quotes", "--db", d, "--json", "--limit", "0"]));
    assert!(all.len() > 20);
    let march = json_array(&dossier(&[
        "quotes",
        "--since",
        "2025-02-01",
        "--until",
        "2025-02-28",
        "--db",
        d,
        "--json",
        "--limit",
        "0",
    ]));
    assert!(!march.is_empty() && march.len() < all.len());
    assert!(march.iter().all(|q| q["date"].as_str().unwrap().starts_with("2025-02")));
    let bad = dossier(&["quotes", "--since", "February", "--db", d]);
    assert_eq!(bad.status.code(), Some(2));

    // Take a speaker that the store knows and ask for its quotes and profile.
    let speaker = all
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .find(|s| s.split(' ').count() == 2)
        .expect("a named speaker")
        .to_string();
    let by = json_array(&dossier(&["quotes", "--speaker", &speaker, "--db", d, "--json"]));
    assert!(!by.is_empty());
    let surname = speaker.split(' ').nth(1).unwrap();
    assert!(
        by.iter()
            .all(|q| q["speaker"].as_str().is_some_and(|s| s.contains(surname))),
        "{by:?}"
    );
    let profile = json_array(&dossier(&["entity", &speaker, "--db", d, "--json"]));
    assert_eq!(profile.len(), 1);
    let report = &profile[0];
    assert!(
        report["entity"].is_object() || report["speaker_quotes"].is_object(),
        "{report}"
    );
    let human = ok(&dossier(&["entity", &speaker, "--db", d]));
    assert!(human.contains(&speaker), "{human}");
    let timeline = json_array(&dossier(&["timeline", &speaker, "--db", d, "--json"]));
    assert!(!timeline.is_empty());
    let dates: Vec<&str> = timeline.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first: {dates:?}");
    let merges = json_array(&dossier(&["merges", "--db", d, "--json"]));
    assert!(merges.iter().all(|m| m["evidence"].is_array()));

    let missing = dossier(&["quotes", "--db", dir.path().join("none.db").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("dossier ingest"));
}

#[test]
fn exports_parquet_csv_jsonl_and_graphml() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 30, None);
    let db = dir.path().join("x.db");
    ok(&ingest(&[&input], &db, &[]));
    let d = db_arg(&db);
    let quotes = totals(&db).quotes as usize;

    let pq = dir.path().join("quotes.parquet");
    ok(&dossier(&[
        "export",
        "--format",
        "parquet",
        "--what",
        "quotes",
        "--output",
        pq.to_str().unwrap(),
        "--db",
        d,
    ]));
    let reader =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&pq).unwrap())
            .unwrap();
    let fields: Vec<String> = reader.schema().fields().iter().map(|f| f.name().clone()).collect();
    assert!(
        fields.iter().any(|f| f == "speaker") && fields.iter().any(|f| f == "content"),
        "{fields:?}"
    );
    let rows: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, quotes);
    if let Ok(py) = Command::new("python3")
        .args([
            "-c",
            "import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).num_rows)",
            pq.to_str().unwrap(),
        ])
        .output()
    {
        // pyarrow is optional here; when it is installed it must agree.
        if py.status.success() {
            assert_eq!(String::from_utf8_lossy(&py.stdout).trim(), quotes.to_string());
        }
    }

    let csv = ok(&dossier(&[
        "export",
        "--format",
        "csv",
        "--what",
        "documents",
        "--db",
        d,
    ]));
    assert!(csv.starts_with("id,content_hash,"));
    let jsonl = ok(&dossier(&[
        "export", "--format", "jsonl", "--what", "mentions", "--db", d,
    ]));
    assert_eq!(jsonl.lines().count() as i64, totals(&db).mentions);
    let graph = ok(&dossier(&["export", "--format", "graphml", "--db", d]));
    assert!(graph.contains("<graphml") && graph.contains("<node ") && graph.contains("co_mention"));
    let edges = ok(&dossier(&[
        "export",
        "--format",
        "jsonl",
        "--what",
        "edges",
        "--min-weight",
        "2",
        "--db",
        d,
    ]));
    for line in edges.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(e["weight"].as_i64().unwrap() >= 2);
    }
    let no_what = dossier(&["export", "--format", "csv", "--db", d]);
    assert_eq!(no_what.status.code(), Some(2));
}

#[test]
fn events_are_stored_queried_exported_and_drawn_as_edges() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    ok(&ingest(
        &[&repo("samples/border-talks.txt")],
        &db,
        &["--date", "2025-04-10"],
    ));
    let d = db_arg(&db);
    // The meeting in Geneva, found by the place's country.
    let met = json_array(&dossier(&["events", "--country", "CH", "--json", "--db", d]));
    assert_eq!(met.len(), 1, "{met:#?}");
    assert_eq!(met[0]["type"], "CONSULT");
    assert_eq!(met[0]["location"], "Geneva");
    assert_eq!(met[0]["time"], "2025-04-09");
    // By actor, any type; negated events stay, marked, unless --factual.
    let chilean = json_array(&dossier(&["events", "--actor", "Chilean", "--json", "--db", d]));
    assert!(chilean.iter().any(|e| e["negated"] == true), "{chilean:#?}");
    let factual = json_array(&dossier(&[
        "events",
        "--actor",
        "Chilean",
        "--factual",
        "--json",
        "--db",
        d,
    ]));
    assert!(factual.iter().all(|e| e["negated"] == false && e["hedged"] == false));
    assert!(factual.len() < chilean.len());
    // Exports: every event a row; the graph has the meeting as an edge.
    let all = json_array(&dossier(&["events", "--limit", "1000", "--json", "--db", d]));
    let csv = ok(&dossier(&["export", "--format", "csv", "--what", "events", "--db", d]));
    assert_eq!(csv.lines().count(), all.len() + 1, "{csv}");
    let times = ok(&dossier(&["export", "--format", "jsonl", "--what", "times", "--db", d]));
    assert!(times.lines().any(|l| l.contains("\"2025-04-09\"")), "{times}");
    let graph = ok(&dossier(&[
        "export", "--format", "graphml", "--what", "edges", "--db", d,
    ]));
    assert!(graph.contains("<data key=\"kind\">event_consult</data>"), "{graph}");
}

/// A store holding a made-up accusation and its denial, written through the
/// store library (the claim stage is not in the pipeline yet).
fn disputed_store(db: &Path) {
    use dossier::text::{
        Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStatus, Doc, Entity, EntityType, Mention, MentionKind,
        Meta, Proposition, Span,
    };
    let article = |id: &str, date: &str, outlet: &str, text: &str, words: &str, source: &str, negated: bool| {
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let mut doc = Doc::new(
            Meta {
                id: id.into(),
                date: Some(date.into()),
                source: Some(outlet.into()),
                ..Meta::default()
            },
            text.into(),
        );
        doc.language = "en".into();
        doc.entities.push(Entity {
            key: "ORG:harbour board".into(),
            name: "Harbour Board".into(),
            etype: EntityType::Org,
            roles: Vec::new(),
            honorific: None,
            country: None,
            metonymy: false,
            confidence: 0.9,
            mentions: vec![Mention {
                span: at("Harbour Board"),
                kind: MentionKind::Name,
                metonymy: false,
            }],
        });
        doc.claims.push(Claim {
            spans: vec![at(words)],
            proposition: Proposition {
                subject: Some(ClaimArg {
                    span: at("Harbour Board"),
                    entity: Some(0),
                }),
                predicate: None,
                predicate_lemma: Some("sell".into()),
                object: Some(ClaimArg {
                    span: at("the pier"),
                    entity: None,
                }),
                negated,
            },
            source: ClaimSource {
                entity: None,
                name: Some(source.into()),
                kind: ClaimSourceKind::NamedPerson,
                side: None,
                description: None,
            },
            hedges: Vec::new(),
            status: if negated {
                ClaimStatus::Asserted
            } else {
                ClaimStatus::Denied
            },
            quotes: Vec::new(),
            events: Vec::new(),
            stance: Vec::new(),
            key: String::new(),
            confidence: 0.7,
        });
        store::Item::analysed(doc, id.into())
    };
    let mut store = store::Store::open(db).unwrap();
    store
        .write_batch(
            vec![
                article(
                    "pier-1",
                    "2026-04-01",
                    "Linden Times",
                    "Councillor Mara Quill said the Harbour Board sold the pier to a developer.",
                    "the Harbour Board sold the pier to a developer",
                    "Mara Quill",
                    false,
                ),
                article(
                    "pier-2",
                    "2026-04-02",
                    "Valmora Post",
                    "Board chair Tomas Holm said the Harbour Board has not sold the pier.",
                    "the Harbour Board has not sold the pier",
                    "Tomas Holm",
                    true,
                ),
            ],
            None,
        )
        .unwrap();
}

#[test]
fn claims_and_disputes_answer_in_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claims.db");
    disputed_store(&db);
    let claims = json_array(&dossier(&[
        "claims",
        "--about",
        "Harbour Board",
        "--json",
        "--db",
        db_arg(&db),
    ]));
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["date"], "2026-04-02", "newest first");
    assert_eq!(claims[0]["side"], "denies");
    assert_eq!(claims[0]["cluster_id"], claims[1]["cluster_id"]);
    let denied = json_array(&dossier(&[
        "claims",
        "--status",
        "denied",
        "--json",
        "--db",
        db_arg(&db),
    ]));
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0]["source"]["name"], "Mara Quill");
    let by = json_array(&dossier(&["claims", "--source", "Holm", "--json", "--db", db_arg(&db)]));
    assert_eq!(by.len(), 1);
    let table = ok(&dossier(&["claims", "--about", "Harbour Board", "--db", db_arg(&db)]));
    assert!(table.starts_with("DATE"), "{table}");
    assert!(table.contains("Tomas Holm"), "{table}");

    let disputes = json_array(&dossier(&["disputes", "--json", "--db", db_arg(&db)]));
    assert_eq!(disputes.len(), 1);
    let d = &disputes[0];
    assert_eq!(d["asserted"]["sources"][0], "Mara Quill");
    // The first article reports the claim denied without saying by whom.
    assert_eq!(d["denied"]["sources"], serde_json::json!(["unnamed", "Tomas Holm"]));
    assert_eq!(
        d["denied"]["outlets"],
        serde_json::json!(["Linden Times", "Valmora Post"])
    );
    assert_eq!(
        d["denied"]["evidence"][1]["text"],
        "the Harbour Board has not sold the pier"
    );
    assert_eq!(d["since"], "2026-04-01");
    let about = |a: &str| json_array(&dossier(&["disputes", "--about", a, "--json", "--db", db_arg(&db)])).len();
    assert_eq!((about("Harbour Board"), about("Linden")), (1, 0));
    let later = json_array(&dossier(&[
        "disputes",
        "--since",
        "2026-05-01",
        "--json",
        "--db",
        db_arg(&db),
    ]));
    assert!(later.is_empty());
    let text = ok(&dossier(&["disputes", "--db", db_arg(&db)]));
    assert!(text.contains("asserts  Mara Quill — Linden Times"), "{text}");
    let cluster = d["cluster_id"].as_i64().unwrap().to_string();
    let shown = ok(&dossier(&["claims", "--cluster", &cluster, "--db", db_arg(&db)]));
    assert!(shown.contains("outlets: Linden Times (1), Valmora Post (1)"), "{shown}");
    assert!(!dossier(&["claims", "--since", "April", "--db", db_arg(&db)])
        .status
        .success());

    let csv = ok(&dossier(&[
        "export",
        "--what",
        "disputes",
        "--format",
        "csv",
        "--db",
        db_arg(&db),
    ]));
    assert!(csv.starts_with("dispute_id,cluster_id,proposition,"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and one row per piece of evidence: {csv}"
    );
    let jsonl = ok(&dossier(&[
        "export",
        "--what",
        "claims",
        "--format",
        "jsonl",
        "--db",
        db_arg(&db),
    ]));
    assert_eq!(jsonl.lines().count(), 2);
}

#[test]
fn an_ingest_stores_each_attributions_claim_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 12, None);
    let db = dir.path().join("c.db");
    ok(&ingest(&[&input], &db, &[]));
    let t = totals(&db);
    // One claim per stored attribution at most (scare quotes make none).
    let claims = json_array(&dossier(&[
        "claims",
        "--min-confidence",
        "0",
        "--limit",
        "0",
        "--json",
        "--db",
        db_arg(&db),
    ]));
    assert!(!claims.is_empty());
    assert!(
        claims.len() as i64 <= t.quotes,
        "{} claims, {} quotes",
        claims.len(),
        t.quotes
    );
    // Made-up articles of unrelated speakers dispute nothing.
    assert!(ok(&dossier(&["disputes", "--db", db_arg(&db)])).starts_with("no disputes"));
}

#[test]
fn a_document_over_its_budget_is_recorded_skipped_by_a_rerun_and_analysed_with_retry_failed() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 6, None);
    // One large made-up document beside them: ~1 MB of plain sentences
    // holds far more than 40 MB through the stages, a story a few MB.
    let monster = dir.path().join("monster.jsonl");
    let text = "The minister said the plan would work. ".repeat(25_000);
    std::fs::write(
        &monster,
        serde_json::json!({"id": "monster", "date": "2025-01-02", "text": text}).to_string() + "\n",
    )
    .unwrap();
    let db = dir.path().join("store.sqlite");
    let budget = ["--doc-memory-limit", "40", "--threads", "1"];
    let out = ingest(&[&input, &monster], &db, &budget);
    assert!(!out.status.success(), "a stopped document fails the run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"monster\"") && stderr.contains("over the memory limit"),
        "{stderr}"
    );
    let stopped = store::Store::open_read_only(&db).unwrap().stopped_documents().unwrap();
    assert_eq!(stopped.len(), 1, "{stopped:?}");
    assert_eq!(
        (stopped[0].input_id.as_str(), stopped[0].overspent.as_str()),
        ("monster", "memory")
    );
    assert!(!stopped[0].stage.is_empty());
    assert_eq!(totals(&db).copies, 6, "the stories are stored");

    // A re-run skips it (and so succeeds), however high the budget.
    let again = ok(&ingest(&[&input, &monster], &db, &["--threads", "1"]));
    assert!(again.contains("stopped before"), "{again}");
    assert_eq!(totals(&db).copies, 6);

    // --retry-failed analyses it again, and it is no longer recorded.
    ok(&ingest(&[&input, &monster], &db, &["--retry-failed", "--threads", "1"]));
    assert_eq!(totals(&db).copies, 7);
    assert!(store::Store::open_read_only(&db)
        .unwrap()
        .stopped_documents()
        .unwrap()
        .is_empty());
}
