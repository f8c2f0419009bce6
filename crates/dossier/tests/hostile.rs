//! No document stalls an analysis: a batch holding inputs shaped to make
//! stages super-linear (thousands of quotation marks in a row, one
//! sentence without any boundary) is analysed in seconds, and the normal
//! articles beside them come out as they do alone.

mod common;

use dossier::{ingest, schema, Pipeline};

fn raw(id: &str, text: String) -> ingest::RawDoc {
    ingest::RawDoc {
        meta: dossier::text::Meta {
            id: id.into(),
            ..Default::default()
        },
        text,
        warnings: Vec::new(),
        origin: format!("test:{id}"),
    }
}

/// One sentence of made-up plain words, `bytes` long, with no boundary.
fn without_boundaries(bytes: usize) -> String {
    let words = [
        "the", "plan", "would", "work", "minister", "said", "he", "it", "city", "new",
    ];
    let mut out = String::new();
    let mut k = 7usize;
    while out.len() < bytes {
        k = (k * 31 + 17) % 9973;
        out.push_str(words[k % words.len()]);
        out.push(' ');
    }
    out.push_str("now.");
    out
}

#[test]
fn monsters_in_a_batch_are_analysed_quickly_and_normal_articles_as_alone() {
    let normal = [
        "The harbour strike entered its third day on Tuesday. “We will not go back until the pay offer improves,” \
         union leader Maria Costa said.\n\nTransport Minister Alan Reyes said the government would meet the union \
         on Friday. He urged both sides to keep talking.",
        "City council voted 7-2 to approve the new budget, according to the clerk. “It is a fair plan,” said \
         Mayor Jane Holt. Critics said the plan cut too deep.",
    ];
    let monsters = [
        // Quadratic in quote pairing and attribution before: 20k marks.
        ("quotes", "“".repeat(10_000) + " he said " + &"”".repeat(10_000)),
        // Cubic in content bounds before; one sentence of ~12k tokens.
        ("nobreak", without_boundaries(60_000)),
    ];
    let mut raws: Vec<ingest::RawDoc> = Vec::new();
    raws.push(raw("normal-0", normal[0].to_string()));
    for (id, text) in &monsters {
        raws.push(raw(id, text.clone()));
    }
    raws.push(raw("normal-1", normal[1].to_string()));
    let pipeline = Pipeline::new().expect("pipeline loads");
    let out = schema::OutputOptions {
        with_tokens: true,
        models: pipeline.models(),
        ..schema::OutputOptions::default()
    };
    let started = std::time::Instant::now();
    let batched: Vec<serde_json::Value> = pipeline
        .analyze_batch(raws.clone())
        .iter()
        .map(|doc| serde_json::from_str(&schema::to_json(doc, &out)).expect("valid JSON"))
        .collect();
    eprintln!("batch analysed in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!(batched.len(), raws.len());
    for doc in &batched {
        common::check_document(doc);
    }
    // The normal articles are analysed, as they would be alone.
    for (i, id) in [(0, "normal-0"), (3, "normal-1")] {
        let alone: serde_json::Value =
            serde_json::from_str(&schema::to_json(&pipeline.analyze(raws[i].clone()), &out)).unwrap();
        assert_eq!(batched[i]["id"], id);
        assert_eq!(batched[i], alone, "{id}");
        assert!(!batched[i]["quotes"].as_array().unwrap().is_empty(), "{id} has quotes");
    }
    // The sentence without boundaries was cut, with a warning.
    let nobreak = &batched[2];
    assert!(
        nobreak["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["message"].as_str().unwrap_or("").contains("cut into pieces")),
        "{}",
        nobreak["warnings"]
    );
    let longest = nobreak["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["end"].as_u64().unwrap() - s["start"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(longest < 60_000, "longest sentence {longest} bytes");
}

// The memory budget counts what each thread allocates, as the `dossier`
// binary does.
#[global_allocator]
static ALLOCATOR: dossier::CountingAllocator<std::alloc::System> = dossier::CountingAllocator(std::alloc::System);

/// A batch of made-up articles with one large document between them.
fn batch_with_a_monster(monster: String) -> Vec<ingest::RawDoc> {
    vec![
        raw(
            "normal-0",
            "The harbour strike entered its third day on Tuesday. “We will not go back until the pay offer \
             improves,” union leader Maria Costa said."
                .to_string(),
        ),
        raw("monster", monster),
        raw(
            "normal-1",
            "City council voted 7-2 to approve the new budget, according to the clerk. “It is a fair plan,” \
             said Mayor Jane Holt."
                .to_string(),
        ),
    ]
}

fn as_json(pipeline: &Pipeline, doc: &dossier::Doc) -> serde_json::Value {
    let out = schema::OutputOptions {
        with_tokens: true,
        models: pipeline.models(),
        ..schema::OutputOptions::default()
    };
    serde_json::from_str(&schema::to_json(doc, &out)).expect("valid JSON")
}

#[test]
fn a_document_over_the_memory_budget_is_stopped_by_name_and_the_others_analysed_as_alone() {
    // ~1 MB of plain sentences holds well over 100 MB through the stages;
    // a short article a few MB at most.
    let monster = "The minister said the plan would work. ".repeat(25_000);
    let unlimited = Pipeline::new().expect("pipeline loads");
    let pipeline = Pipeline::new()
        .expect("pipeline loads")
        .with_limits(dossier::text::budget::Limits {
            time: None,
            memory: Some(40 << 20),
        });
    let raws = batch_with_a_monster(monster);
    let docs = pipeline.analyze_batch(raws.clone());
    assert_eq!(docs.len(), 3);
    let stopped = docs[1].stopped.as_ref().expect("the monster is stopped");
    assert_eq!(docs[1].meta.id, "monster");
    assert_eq!(stopped.overspent, dossier::text::budget::Overspent::Memory);
    assert!(!stopped.stage.is_empty());
    assert!(
        docs[1].quotes.is_empty() && docs[1].tokens.is_empty(),
        "annotations dropped"
    );
    let warning = docs[1]
        .warnings
        .iter()
        .find(|w| w.stage == "budget")
        .expect("a budget warning");
    assert!(warning.message.contains(stopped.stage), "{}", warning.message);
    common::check_document(&as_json(&pipeline, &docs[1]));
    for i in [0, 2] {
        assert!(docs[i].stopped.is_none(), "{} is not stopped", docs[i].meta.id);
        let alone = unlimited.analyze(raws[i].clone());
        assert_eq!(
            as_json(&pipeline, &docs[i]),
            as_json(&unlimited, &alone),
            "{}",
            docs[i].meta.id
        );
        assert!(!docs[i].quotes.is_empty());
    }
}

#[test]
fn a_document_over_a_tiny_time_budget_is_stopped_after_its_first_stage() {
    // Any document outlasts a nanosecond: the check after segmentation
    // stops it, whatever the machine's speed.
    let pipeline = Pipeline::new()
        .expect("pipeline loads")
        .with_limits(dossier::text::budget::Limits {
            time: Some(std::time::Duration::from_nanos(1)),
            memory: None,
        });
    let docs = pipeline.analyze_batch(batch_with_a_monster(without_boundaries(200_000)));
    for doc in &docs {
        let stopped = doc.stopped.as_ref().expect("stopped");
        assert_eq!(stopped.stage, "segment", "{}", doc.meta.id);
        assert_eq!(stopped.overspent, dossier::text::budget::Overspent::Time);
        assert!(doc.sentences.is_empty());
    }
    assert_eq!(docs[1].meta.id, "monster");
}

#[test]
fn a_page_of_unpaired_quotation_marks_keeps_a_bounded_number_of_warnings() {
    let pipeline = Pipeline::new().expect("pipeline loads");
    let doc = pipeline.analyze(raw("marks", "“".repeat(5_000) + " he said."));
    let segment: Vec<_> = doc.warnings.iter().filter(|w| w.stage == "segment").collect();
    assert!(
        segment.len() <= dossier::text::MAX_WARNINGS_PER_STAGE + 1,
        "{}",
        segment.len()
    );
    let last = segment.last().expect("warnings");
    assert!(last.message.contains("more warnings"), "{}", last.message);
}
