//! `Pipeline::analyze_batch` gives each document exactly what
//! `Pipeline::analyze` gives it alone.

mod common;

use dossier::{ingest, schema, Pipeline};

#[test]
fn a_batch_analyses_each_document_as_it_would_be_alone() {
    let read = |path: std::path::PathBuf| {
        let opts = ingest::Options::default();
        ingest::expand_paths(&[path])
            .into_iter()
            .flatten()
            .flat_map(move |input| ingest::read_input(&input, &opts).flatten().collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let mut raws = Vec::new();
    if let Some(sample) = common::shared("anchor-data/allsides/sample-200.jsonl") {
        raws.extend(read(sample).into_iter().take(12));
    }
    raws.extend(read(common::repo("samples/harbour-strike.txt")));
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
        ..schema::OutputOptions::default()
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
