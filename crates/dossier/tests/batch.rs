//! `Pipeline::analyze_batch` gives each document exactly what
//! `Pipeline::analyze` gives it alone.

mod common;

use dossier::{ingest, schema, Pipeline};

#[test]
fn a_batch_analyses_each_document_as_it_would_be_alone() {
    let mut raws = Vec::new();
    let opts = ingest::Options::default();
    if let Some(sample) = common::shared("anchor-data/allsides/sample-200.jsonl") {
        raws.extend(ingest::read_input(&sample, &opts).flatten().take(12));
    }
    raws.extend(ingest::read_input(&common::repo("samples/harbour-strike.txt"), &opts).flatten());
    // Documents the later stages skip or find nothing in.
    let text = |id: &str, text: &str| ingest::RawDoc {
        meta: dossier::text::Meta {
            id: id.into(),
            ..Default::default()
        },
        text: text.into(),
        warnings: Vec::new(),
        origin: format!("test:{id}"),
    };
    raws.push(text("empty", ""));
    raws.push(text(
        "german",
        "Die Regierung hat am Dienstag neue Regeln für den Hafen beschlossen, sagte der Sprecher.",
    ));
    raws.push(text("short", "“No,” she said."));
    let pipeline = Pipeline::new().expect("pipeline loads");
    let out = schema::OutputOptions {
        with_tokens: true,
        models: pipeline.models(),
    };
    let alone: Vec<String> = raws
        .iter()
        .map(|raw| schema::to_json(&pipeline.analyze(raw.clone()), &out))
        .collect();
    let batched: Vec<String> = pipeline
        .analyze_batch(raws.clone())
        .iter()
        .map(|doc| schema::to_json(doc, &out))
        .collect();
    assert_eq!(alone.len(), batched.len());
    for (a, b) in alone.iter().zip(&batched) {
        assert_eq!(a, b);
    }
    assert!(
        alone.iter().any(|j| j.contains("\"quotes\":[{")),
        "some document has quotes"
    );
}
