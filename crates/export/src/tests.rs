use std::fs::File;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use store::{Item, Store, Table};
use text::{
    Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStatus, Doc, Entity, EntityType, Mention, MentionKind, Meta,
    Proposition, Quote, QuoteKind, Resolution, SourceKind, Span, Speaker,
};

use super::*;

/// A store with two documents: quotes, entities and a co-mention.
fn corpus() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("e.db")).unwrap();
    let mut items = Vec::new();
    for (i, date) in ["2026-03-17", "2026-03-18"].iter().enumerate() {
        let text = format!(
            "\u{201c}Cranes stand idle in Port Ellis, \"again\",\u{201d} Mara Quill said on day {i}. The Harbour Board agreed."
        );
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let mut doc = Doc::new(
            Meta {
                id: format!("d{i}"),
                date: Some(date.to_string()),
                title: Some(format!("Strike, day {i}")),
                ..Meta::default()
            },
            text.clone(),
        );
        let entity = |key: &str, name: &str, etype, m: &str| Entity {
            key: key.into(),
            name: name.into(),
            etype,
            roles: vec!["union leader".into()],
            honorific: None,
            country: None,
            metonymy: false,
            confidence: 0.9,
            mentions: vec![Mention {
                span: at(m),
                kind: MentionKind::Name,
                metonymy: false,
            }],
        };
        doc.entities = vec![
            entity("PERSON:mara quill", "Mara Quill", EntityType::Person, "Mara Quill"),
            entity("GPE:port ellis", "Port Ellis", EntityType::Gpe, "Port Ellis"),
            entity("ORG:harbour board", "Harbour Board", EntityType::Org, "Harbour Board"),
        ];
        doc.quotes = vec![Quote {
            kind: QuoteKind::Direct,
            content: vec![at("\u{201c}Cranes stand idle in Port Ellis, \"again\",\u{201d}")],
            cue: Some(at("said")),
            speaker: Some(Speaker {
                span: at("Mara Quill"),
                entity: Some(0),
                name: Some("Mara Quill".into()),
                kind: SourceKind::Person,
                resolution: Resolution::Explicit,
            }),
            medium: None,
            venue: None,
            addressee: None,
            confidence: 0.9,
            time: None,
            repeats: None,
        }];
        // Day 0 says the cranes stand idle; day 1 the Harbour Board says
        // they do not: one cluster, one dispute.
        doc.claims = vec![Claim {
            spans: vec![at("Cranes stand idle in Port Ellis")],
            proposition: Proposition {
                subject: Some(ClaimArg {
                    span: at("Cranes"),
                    entity: None,
                }),
                predicate: None,
                predicate_lemma: Some("stand".into()),
                // Negation alone makes a dispute only with subject,
                // predicate and object all there.
                object: Some(ClaimArg {
                    span: at("Port Ellis"),
                    entity: None,
                }),
                negated: i == 1,
            },
            source: ClaimSource {
                entity: Some(if i == 0 { 0 } else { 2 }),
                name: None,
                kind: ClaimSourceKind::NamedPerson,
                side: None,
                description: None,
            },
            hedges: Vec::new(),
            status: ClaimStatus::Asserted,
            quotes: vec![0],
            events: Vec::new(),
            stance: Vec::new(),
            key: String::new(),
            confidence: 0.7,
        }];
        items.push(Item::analysed(doc, format!("t:{i}")));
    }
    store.write_batch(items, None).unwrap();
    (dir, store)
}

fn run_to_string(store: &Store, format: Format, table: Table) -> String {
    let mut out = Vec::new();
    export(store, format, table, &mut out, 1).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn parquet_quotes_read_back_with_their_columns_and_values() {
    let (dir, store) = corpus();
    let path = dir.path().join("quotes.parquet");
    let mut file = File::create(&path).unwrap();
    let n = export(&store, Format::Parquet, Table::Quotes, &mut file, 1).unwrap();
    drop(file);
    assert_eq!(n, 2);
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().unwrap();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 2);
    let b = &batches[0];
    let speaker = b
        .column_by_name("speaker")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .unwrap();
    assert_eq!(speaker.value(0), "Mara Quill");
    let content = b
        .column_by_name("content")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .unwrap();
    assert!(content.value(1).contains("Cranes stand idle"));
    let confidence = b.column_by_name("confidence").unwrap();
    assert_eq!(confidence.data_type(), &DataType::Float64);
    // Null where there is no value: no venue was given.
    assert_eq!(b.column_by_name("venue").unwrap().null_count(), 2);
}

#[test]
fn parquet_spans_several_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    let items: Vec<Item> = (0..ROW_GROUP + 10)
        .map(|i| {
            let doc = Doc::new(
                Meta {
                    id: format!("n{i}"),
                    ..Meta::default()
                },
                format!("Note number {i}."),
            );
            Item::analysed(doc, "gen".into())
        })
        .collect();
    store.write_batch(items, None).unwrap();
    let path = dir.path().join("docs.parquet");
    let mut file = File::create(&path).unwrap();
    export(&store, Format::Parquet, Table::Documents, &mut file, 1).unwrap();
    drop(file);
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
    assert_eq!(builder.metadata().num_row_groups(), 2);
    let rows: usize = builder.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, ROW_GROUP + 10);
}

#[test]
fn csv_quotes_fields_with_commas_quotes_and_newlines() {
    let (_d, store) = corpus();
    let csv = run_to_string(&store, Format::Csv, Table::Quotes);
    let mut lines = csv.split("\r\n");
    let header = lines.next().unwrap();
    assert!(header.starts_with("id,document_id,local_id,date"));
    let row = lines.next().unwrap();
    // The content has commas and double quotes: one quoted field, quotes doubled.
    assert!(
        row.contains(r#""“Cranes stand idle in Port Ellis, ""again"",”""#),
        "{row}"
    );
    assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    assert_eq!(csv_field("plain"), "plain");
}

#[test]
fn jsonl_has_one_object_per_row_with_typed_values() {
    let (_d, store) = corpus();
    let out = run_to_string(&store, Format::Jsonl, Table::Entities);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["local_id"], "e1");
    assert_eq!(rows[0]["type"], "PERSON");
    assert!(rows[0]["confidence"].is_f64());
    assert!(rows[0]["country"].is_null());
    let mentions = run_to_string(&store, Format::Jsonl, Table::Mentions);
    assert_eq!(mentions.lines().count(), 6);
}

#[test]
fn graphml_is_well_formed_with_weighted_speaker_and_co_mention_edges() {
    let (_d, store) = corpus();
    let xml = run_to_string(&store, Format::Graphml, Table::Edges);
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<node ").count(), 3);
    // Mara Quill said something about Port Ellis in two quotes.
    assert!(
        xml.contains("<data key=\"kind\">said_about</data><data key=\"weight\">2</data>"),
        "{xml}"
    );
    // Three entities in two documents: three co-mention pairs of weight 2.
    assert_eq!(
        xml.matches("directed=\"false\"><data key=\"kind\">co_mention</data><data key=\"weight\">2<")
            .count(),
        3
    );
    assert!(xml.trim_end().ends_with("</graphml>"));
    // Balanced elements.
    assert_eq!(xml.matches("<graph ").count(), xml.matches("</graph>").count());
    let mut out = Vec::new();
    assert!(matches!(
        export(&store, Format::Graphml, Table::Quotes, &mut out, 1),
        Err(Error::Usage(_))
    ));
    // A weight floor drops the lighter edges.
    let mut out = Vec::new();
    assert_eq!(export(&store, Format::Graphml, Table::Edges, &mut out, 3).unwrap(), 0);
}

#[test]
fn xml_text_is_escaped() {
    assert_eq!(
        xml_escape("A&B <C> \"d\" 'e'\u{1}"),
        "A&amp;B &lt;C&gt; &quot;d&quot; &apos;e&apos;"
    );
}

#[test]
fn claims_clusters_and_disputes_export_in_every_table_format() {
    let (dir, store) = corpus();
    let claims = run_to_string(&store, Format::Jsonl, Table::Claims);
    let rows: Vec<serde_json::Value> = claims.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["local_id"].as_str(), rows[0]["side"].as_str()),
        (Some("c1"), Some("asserts"))
    );
    assert_eq!(rows[1]["side"], "denies");
    assert_eq!(rows[0]["source_entity"], "Mara Quill");
    assert_eq!(rows[0]["cluster_id"], rows[1]["cluster_id"]);
    let clusters = run_to_string(&store, Format::Csv, Table::ClaimClusters);
    assert!(
        clusters.starts_with("id,key,text,first_seen,last_seen,members,"),
        "{clusters}"
    );
    assert_eq!(clusters.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
    let disputes = run_to_string(&store, Format::Csv, Table::Disputes);
    let lines: Vec<&str> = disputes.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{disputes}");
    assert!(
        lines[1].contains(",asserts,") && lines[1].contains("Mara Quill"),
        "{disputes}"
    );
    assert!(
        lines[2].contains(",denies,") && lines[2].contains("Harbour Board"),
        "{disputes}"
    );
    let path = dir.path().join("disputes.parquet");
    let mut file = File::create(&path).unwrap();
    assert_eq!(
        export(&store, Format::Parquet, Table::Disputes, &mut file, 1).unwrap(),
        2
    );
    drop(file);
    let rows: usize = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap().num_rows())
        .sum();
    assert_eq!(rows, 2);
}
