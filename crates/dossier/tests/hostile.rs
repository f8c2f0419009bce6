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
