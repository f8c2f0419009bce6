//! Store behaviour on hand-built documents (entities included, which the
//! pipeline may not produce yet).

use text::{
    Doc, Entity, EntityType, Mention, MentionKind, Meta, Quote, QuoteKind, Resolution, SourceKind, Span, Speaker,
};

use crate::*;

/// Builds a document whose annotations are given by the substrings they cover.
struct Builder {
    doc: Doc,
}

impl Builder {
    fn new(id: &str, date: &str, text: &str) -> Builder {
        let meta = Meta {
            id: id.to_string(),
            date: (!date.is_empty()).then(|| date.to_string()),
            source: Some("Test Wire".to_string()),
            title: Some(format!("Story {id}")),
            ..Meta::default()
        };
        let mut doc = Doc::new(meta, text.to_string());
        doc.language = "en".to_string();
        Builder { doc }
    }

    fn span(&self, needle: &str, nth: usize) -> Span {
        let start = self
            .doc
            .text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in text"))
            .0;
        Span::new(start, start + needle.len())
    }

    /// An entity mentioned by each of `mentions` (first occurrence each).
    fn entity(mut self, key: &str, name: &str, etype: EntityType, roles: &[&str], mentions: &[&str]) -> Builder {
        let mentions = mentions
            .iter()
            .map(|m| Mention {
                span: self.span(m, 0),
                kind: MentionKind::Name,
                metonymy: false,
            })
            .collect();
        self.doc.entities.push(Entity {
            key: key.to_string(),
            name: name.to_string(),
            etype,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            honorific: None,
            country: None,
            metonymy: false,
            confidence: 0.9,
            mentions,
        });
        self
    }

    fn quote(mut self, content: &str, speaker: Option<(&str, Option<&str>, Option<usize>)>) -> Builder {
        let content = self.span(content, 0);
        let speaker = speaker.map(|(text, name, entity)| Speaker {
            span: self.span(text, 0),
            entity,
            name: name.map(str::to_string),
            kind: SourceKind::Person,
            resolution: Resolution::Explicit,
        });
        self.doc.quotes.push(Quote {
            kind: QuoteKind::Direct,
            content: vec![content],
            cue: Some(self.span("said", 0)),
            speaker,
            medium: None,
            venue: None,
            addressee: None,
            confidence: 0.8,
            time: None,
            repeats: None,
        });
        self
    }

    fn item(self) -> Item {
        Item::analysed(self.doc, "test".to_string())
    }
}

const KYIV: &str = "\u{201c}We will not give up Kharkiv,\u{201d} Volodymyr Zelenskyy said in Kyiv. \
     Antony Blinken said the aid would come soon.";
const KYIV_LATER: &str = "\u{201c}Help us close the sky over Odesa,\u{201d} Zelensky said after talks with Blinken.";

fn kyiv() -> Builder {
    Builder::new("kyiv-1", "2022-05-03", KYIV)
        .entity(
            "PERSON:volodymyr zelenskyy",
            "Volodymyr Zelenskyy",
            EntityType::Person,
            &["President"],
            &["Volodymyr Zelenskyy"],
        )
        .entity(
            "PERSON:antony blinken",
            "Antony Blinken",
            EntityType::Person,
            &[],
            &["Antony Blinken"],
        )
        .entity("GPE:kharkiv", "Kharkiv", EntityType::Gpe, &[], &["Kharkiv"])
        .entity("GPE:kyiv", "Kyiv", EntityType::Gpe, &[], &["Kyiv"])
        .quote(
            "\u{201c}We will not give up Kharkiv,\u{201d}",
            Some(("Volodymyr Zelenskyy", Some("Volodymyr Zelenskyy"), Some(0))),
        )
        .quote(
            "the aid would come soon",
            Some(("Antony Blinken", Some("Antony Blinken"), Some(1))),
        )
}

fn kyiv_later() -> Builder {
    Builder::new("kyiv-2", "2022-06-20", KYIV_LATER)
        .entity(
            "PERSON:zelensky",
            "Zelensky",
            EntityType::Person,
            &["president"],
            &["Zelensky"],
        )
        .entity("GPE:odesa", "Odesa", EntityType::Gpe, &[], &["Odesa"])
        .entity("PERSON:blinken", "Blinken", EntityType::Person, &[], &["Blinken"])
        .quote(
            "\u{201c}Help us close the sky over Odesa,\u{201d}",
            Some(("Zelensky", Some("Zelensky"), Some(0))),
        )
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

fn copy_of(b: &Builder, id: &str) -> Item {
    let mut meta = b.doc.meta.clone();
    meta.id = id.to_string();
    Item::copy(meta, b.doc.content_hash.clone(), "copy".to_string())
}

#[test]
fn an_exact_duplicate_is_a_copy_and_the_same_input_twice_is_a_no_op() {
    let (_d, mut store) = open();
    let a = kyiv();
    let dup = copy_of(&a, "kyiv-1-syndicated");
    let r = store.write_batch(vec![a.item(), dup], None).unwrap();
    assert_eq!((r.documents, r.copies, r.duplicates, r.quotes), (1, 2, 1, 2));
    assert_eq!(store.lookup("kyiv-1", &kyiv().doc.content_hash).unwrap(), Stored::Copy);
    assert_eq!(
        store.lookup("other", &kyiv().doc.content_hash).unwrap(),
        Stored::Content
    );
    assert_eq!(store.lookup("other", "0000").unwrap(), Stored::No);
    // The same input again, even analysed again, changes nothing.
    let before = store.totals().unwrap();
    let r = store
        .write_batch(vec![kyiv().item(), copy_of(&kyiv(), "kyiv-1")], None)
        .unwrap();
    assert_eq!((r.documents, r.copies, r.already_stored), (0, 0, 2));
    assert_eq!(store.totals().unwrap(), before);
}

#[test]
fn quotes_by_a_speaker_are_listed_once_after_the_article_is_stored_twice() {
    let (_d, mut store) = open();
    store.write_batch(vec![kyiv().item()], None).unwrap();
    store
        .write_batch(vec![copy_of(&kyiv(), "same-article-elsewhere")], None)
        .unwrap();
    let list = store
        .quotes(&QuoteFilter {
            speaker: Some("Zelenskyy".to_string()),
            ..QuoteFilter::default()
        })
        .unwrap();
    assert_eq!(list.total, 1);
    assert!(list.quotes[0].content.contains("Kharkiv"));
    assert_eq!(list.quotes[0].speaker.as_deref(), Some("Volodymyr Zelenskyy"));
    assert_eq!(list.quotes[0].speaker_entity.as_deref(), Some("Volodymyr Zelenskyy"));
}

#[test]
fn spelling_variants_merge_on_evidence_and_the_merge_can_be_undone() {
    let (_d, mut store) = open();
    store.write_batch(vec![kyiv().item()], None).unwrap();
    let r = store.write_batch(vec![kyiv_later().item()], None).unwrap();
    // Zelensky joins Zelenskyy (spelling + shared role); bare "Blinken"
    // joins the only full name with that surname.
    assert_eq!(r.merges, 2, "{r:?}");
    let merges = store.merges(Some("Zelensky")).unwrap();
    assert_eq!(merges.len(), 1);
    let m = &merges[0];
    assert_eq!(
        (m.key.as_str(), m.matched_key.as_str()),
        ("PERSON:zelensky", "PERSON:volodymyr zelenskyy")
    );
    assert_eq!((m.rule.as_str(), m.edit_distance), ("spelling + role", 1));
    assert!(m.evidence.iter().any(|e| e.contains("president")), "{:?}", m.evidence);

    // Quotes by either spelling come back for both names.
    let by = |store: &Store, name: &str| {
        store
            .quotes(&QuoteFilter {
                speaker: Some(name.to_string()),
                ..QuoteFilter::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(by(&store, "Volodymyr Zelenskyy"), 2);
    let profile = store.entity("Zelenskyy", 5).unwrap().entity.unwrap();
    assert_eq!(profile.name, "Volodymyr Zelenskyy");
    assert_eq!((profile.documents, profile.quotes_by), (2, 2));
    assert_eq!(profile.variants.len(), 2);

    let undone = store.undo_merge(m.id).unwrap();
    assert!(undone.undone);
    assert_eq!(by(&store, "Volodymyr Zelenskyy"), 1);
    let profile = store.entity("Volodymyr Zelenskyy", 5).unwrap().entity.unwrap();
    assert_eq!((profile.documents, profile.variants.len()), (1, 1));
    assert!(store.undo_merge(m.id).is_err(), "undoing twice is refused");
    assert_eq!(store.totals().unwrap().merges, 1);
}

#[test]
fn a_second_entity_of_the_same_document_never_merges_into_the_first() {
    let (_d, mut store) = open();
    let text = "Volodymyr Zelenskyy said yes. His namesake Volodymyr Zelensky said no, and more words follow here.";
    let b = Builder::new("two", "2022-01-01", text)
        .entity(
            "PERSON:volodymyr zelenskyy",
            "Volodymyr Zelenskyy",
            EntityType::Person,
            &[],
            &["Volodymyr Zelenskyy"],
        )
        .entity(
            "PERSON:volodymyr zelensky",
            "Volodymyr Zelensky",
            EntityType::Person,
            &[],
            &["Volodymyr Zelensky"],
        );
    let r = store.write_batch(vec![b.item()], None).unwrap();
    assert_eq!((r.merges, r.corpus_entities), (0, 2));
}

#[test]
fn speakers_without_an_entity_are_found_by_name_and_by_their_words() {
    let (_d, mut store) = open();
    let text = "\u{201c}The strike is over,\u{201d} union leader Mara Quill said. Officials said the port reopens.";
    let b = Builder::new("port", "2026-03-17", text)
        .quote(
            "\u{201c}The strike is over,\u{201d}",
            Some(("Mara Quill", Some("Mara Quill"), None)),
        )
        .quote("the port reopens", Some(("Officials", None, None)));
    store.write_batch(vec![b.item()], None).unwrap();
    let by = |name: &str| {
        store
            .quotes(&QuoteFilter {
                speaker: Some(name.to_string()),
                ..QuoteFilter::default()
            })
            .unwrap()
    };
    assert_eq!(by("quill").total, 1);
    assert_eq!(by("Mara Quill").quotes[0].speaker_entity, None);
    assert_eq!(by("officials").total, 1);
    assert_eq!(by("Nobody").total, 0);
    // An entity profile falls back to the speaker's quotes.
    let report = store.entity("Mara Quill", 5).unwrap();
    assert!(report.entity.is_none());
    assert_eq!(report.speaker_quotes.unwrap().total, 1);
    let t = store.timeline("Quill", None, None, 0).unwrap();
    assert_eq!((t.total, t.entries[0].quotes), (1, 1));
}

#[test]
fn quotes_filter_by_subject_and_date() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let q = |about: Option<&str>, since: Option<&str>, until: Option<&str>| {
        store
            .quotes(&QuoteFilter {
                about: about.map(str::to_string),
                since: since.map(str::to_string),
                until: until.map(str::to_string),
                ..QuoteFilter::default()
            })
            .unwrap()
    };
    assert_eq!(q(None, None, None).total, 3);
    let kharkiv = q(Some("Kharkiv"), None, None);
    assert_eq!(kharkiv.total, 1);
    assert!(kharkiv.quotes[0].content.contains("Kharkiv"));
    assert_eq!(q(Some("Odesa"), None, None).total, 1);
    assert_eq!(q(None, Some("2022-06-01"), None).total, 1);
    assert_eq!(q(None, None, Some("2022-05-03")).total, 2, "until is inclusive");
    assert_eq!(q(Some("Odesa"), None, Some("2022-06-01")).total, 0);
    // Newest first.
    assert_eq!(q(None, None, None).quotes[0].date.as_deref(), Some("2022-06-20"));
    let limited = store
        .quotes(&QuoteFilter {
            limit: 1,
            ..QuoteFilter::default()
        })
        .unwrap();
    assert_eq!((limited.total, limited.quotes.len()), (3, 1));
}

#[test]
fn profile_has_roles_months_co_mentions_and_quotes() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let p = store.entity("Zelenskyy", 5).unwrap().entity.unwrap();
    assert_eq!(p.etype, "PERSON");
    assert_eq!(p.roles.len(), 1);
    assert_eq!(
        (
            p.roles[0].role.as_str(),
            p.roles[0].first.as_str(),
            p.roles[0].last.as_str()
        ),
        ("president", "2022-05", "2022-06")
    );
    assert_eq!(
        p.months.iter().map(|m| m.month.as_str()).collect::<Vec<_>>(),
        ["2022-05", "2022-06"]
    );
    // Blinken is in both documents (as two keys of one corpus entity).
    assert_eq!(p.co_mentioned[0].name, "Antony Blinken");
    assert_eq!(p.co_mentioned[0].documents, 2);
    assert_eq!(p.latest_quotes_by.len(), 2);
    assert_eq!(p.latest_quotes_by[0].date.as_deref(), Some("2022-06-20"));
    let t = store.timeline("Zelenskyy", None, None, 0).unwrap();
    assert_eq!(t.entity.as_deref(), Some("Volodymyr Zelenskyy"));
    assert_eq!(
        t.entries.iter().map(|e| e.date.as_deref().unwrap()).collect::<Vec<_>>(),
        ["2022-05-03", "2022-06-20"]
    );
    assert_eq!(store.timeline("Zelenskyy", None, None, 1).unwrap().entries.len(), 1);
    // Quotes about Blinken: none mention him inside the content.
    let b = store.entity("Blinken", 5).unwrap().entity.unwrap();
    assert_eq!((b.quotes_by, b.quotes_about), (1, 0));
    let k = store.entity("Kharkiv", 5).unwrap().entity.unwrap();
    assert_eq!((k.quotes_by, k.quotes_about), (0, 1));
}

fn long_story(changed: bool) -> String {
    let mut sentences: Vec<String> = (0..30)
        .map(|i| format!("Sentence number {i} tells of harbour cranes, tugboats and cargo manifests in port {i}."))
        .collect();
    if changed {
        sentences[12] = "An editor rewrote this single line for the regional edition.".to_string();
    }
    sentences.join(" ")
}

#[test]
fn a_story_with_a_changed_line_is_linked_to_its_original() {
    let (_d, mut store) = open();
    let original = Builder::new("wire-1", "2024-01-01", &long_story(false));
    let copy = Builder::new("wire-1-regional", "2024-01-02", &long_story(true));
    let other = Builder::new(
        "other",
        "2024-01-02",
        &long_story(false)
            .replace("harbour", "airport")
            .replace("cargo", "luggage")
            .replace("tugboats", "planes"),
    );
    let r = store
        .write_batch(vec![original.item(), copy.item(), other.item()], None)
        .unwrap();
    assert_eq!((r.documents, r.near_duplicates), (3, 1));
    let (of, sim): (Option<i64>, Option<f64>) = store
        .conn
        .query_row(
            "SELECT near_dup_of, near_dup_similarity FROM documents WHERE input_id = 'wire-1-regional'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(of, Some(1));
    assert!(sim.unwrap() >= minhash::THRESHOLD, "{sim:?}");
}

#[test]
fn search_covers_articles_and_quotes_and_reports_bad_syntax() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let hits = store.search("Kharkiv", 10).unwrap();
    assert_eq!(hits.iter().filter(|h| h.kind == "document").count(), 1);
    assert_eq!(hits.iter().filter(|h| h.kind == "quote").count(), 1);
    assert!(hits[0].snippet.contains("[Kharkiv]"), "{:?}", hits[0].snippet);
    // Stemming: "talk" finds "talks".
    assert_eq!(store.search("talk", 10).unwrap().len(), 1);
    // Punctuation is literal, not syntax.
    assert_eq!(store.search("sky, Odesa!", 10).unwrap().len(), 2);
    assert!(matches!(store.search("\"unclosed", 10), Err(Error::Search { .. })));
}

#[test]
fn a_failed_batch_leaves_nothing_behind() {
    let (_d, mut store) = open();
    let orphan = Item::copy(
        Meta {
            id: "x".into(),
            ..Meta::default()
        },
        "not-stored".into(),
        "x".into(),
    );
    assert!(store.write_batch(vec![kyiv().item(), orphan], None).is_err());
    assert_eq!(store.totals().unwrap(), Totals::default());
    // And the next batch goes through with a fresh linker.
    store.write_batch(vec![kyiv().item()], None).unwrap();
    assert_eq!(store.totals().unwrap().corpus_entities, 4);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn schema_is_migrated_once_and_a_newer_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    drop(Store::open(&path).unwrap());
    let store = Store::open(&path).unwrap();
    let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, current_version());
    store.conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(store);
    let err = Store::open(&path).unwrap_err().to_string();
    assert!(err.contains("newer"), "{err}");
    assert!(Store::open_read_only(&dir.path().join("absent.db")).is_err());
}

struct Rows(Vec<Vec<Value>>, Vec<&'static str>);
impl RowSink for Rows {
    fn columns(&mut self, columns: &[Column]) -> Result<(), Error> {
        self.1 = columns.iter().map(|c| c.name).collect();
        Ok(())
    }
    fn row(&mut self, row: &[Value]) -> Result<(), Error> {
        assert_eq!(row.len(), self.1.len());
        self.0.push(row.to_vec());
        Ok(())
    }
}

#[test]
fn tables_and_graph_export_every_row() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let count = |t: Table| {
        let mut rows = Rows(Vec::new(), Vec::new());
        store.export(t, &mut rows).unwrap();
        rows.0
    };
    assert_eq!(count(Table::Documents).len(), 2);
    assert_eq!(count(Table::Entities).len(), 7);
    assert_eq!(count(Table::Mentions).len(), 7);
    assert_eq!(count(Table::Quotes).len(), 3);
    let g = store.graph(1).unwrap();
    let name = |id: i64| g.nodes.iter().find(|n| n.id == id).unwrap().name.clone();
    let said: Vec<(String, String)> = g
        .edges
        .iter()
        .filter(|e| e.kind == "said_about")
        .map(|e| (name(e.source), name(e.target)))
        .collect();
    assert!(
        said.contains(&("Volodymyr Zelenskyy".into(), "Kharkiv".into())),
        "{said:?}"
    );
    assert!(
        said.contains(&("Volodymyr Zelenskyy".into(), "Odesa".into())),
        "{said:?}"
    );
    let co = g
        .edges
        .iter()
        .find(|e| {
            e.kind == "co_mention" && name(e.source) == "Volodymyr Zelenskyy" && name(e.target) == "Antony Blinken"
        })
        .expect("co-mention edge");
    assert_eq!(co.weight, 2);
    assert_eq!(count(Table::Edges).len(), g.edges.len());
    assert!(store.graph(2).unwrap().edges.iter().all(|e| e.weight >= 2));
}

#[test]
fn quote_pages_intersect_their_filters_and_count_facets() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let page = |q: QuoteQuery| store.quote_page(&QuoteQuery { limit: 10, ..q }).unwrap();
    let all = page(QuoteQuery::default());
    assert_eq!((all.total, all.total_capped, all.quotes.len()), (3, false, 3));
    assert_eq!(all.facets.source[0].value, "Test Wire");
    assert_eq!(
        all.facets.month.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(),
        ["2022-06", "2022-05"],
        "newest month first"
    );
    let zelenskyy = store.entity("Zelenskyy", 0).unwrap().entity.unwrap().id;
    let by = page(QuoteQuery {
        speaker_entity: Some(zelenskyy),
        ..QuoteQuery::default()
    });
    assert_eq!(by.total, 2);
    assert_eq!(by.quotes[0].date.as_deref(), Some("2022-06-20"));
    // Every filter must hold: his quotes that also have these words.
    let both = page(QuoteQuery {
        speaker_entity: Some(zelenskyy),
        text: Some("Kharkiv".into()),
        ..QuoteQuery::default()
    });
    assert_eq!(both.total, 1);
    assert!(both.quotes[0].content.contains("Kharkiv"));
    let second = page(QuoteQuery {
        speaker_entity: Some(zelenskyy),
        offset: 1,
        ..QuoteQuery::default()
    });
    assert_eq!((second.total, second.quotes.len()), (2, 1));
    assert_eq!(second.quotes[0].date.as_deref(), Some("2022-05-03"));
    let elsewhere = page(QuoteQuery {
        source: Some("Other Wire".into()),
        ..QuoteQuery::default()
    });
    assert_eq!(elsewhere.total, 0);
    assert!(matches!(
        store.quote_page(&QuoteQuery {
            speaker_entity: Some(9999),
            limit: 1,
            ..QuoteQuery::default()
        }),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn document_pages_list_newest_first_and_search_with_marked_snippets() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let all = store
        .documents(&DocumentFilter {
            limit: 10,
            ..DocumentFilter::default()
        })
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.documents[0].date.as_deref(), Some("2022-06-20"));
    assert!(all.documents[1].lead.starts_with('\u{201c}'));
    let found = store
        .documents(&DocumentFilter {
            text: Some("Kharkiv".into()),
            limit: 10,
            ..DocumentFilter::default()
        })
        .unwrap();
    assert_eq!(found.total, 1);
    let snippet = found.documents[0].snippet.as_deref().unwrap();
    assert!(
        snippet.contains(&format!("{MATCH_START}Kharkiv{MATCH_END}")),
        "{snippet:?}"
    );
    let one = store.document(found.documents[0].id).unwrap();
    assert_eq!(one.text, KYIV);
    assert!(matches!(store.document(9999), Err(Error::NotFound(_))));
}

#[test]
fn an_ego_network_links_speakers_to_whom_they_speak_about() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![kyiv().item(), kyiv_later().item()], None)
        .unwrap();
    let kharkiv = store.entity("Kharkiv", 0).unwrap().entity.unwrap().id;
    let zelenskyy = store.entity("Zelenskyy", 0).unwrap().entity.unwrap().id;
    let net = store.ego_network(kharkiv, 10).unwrap();
    assert_eq!(net.nodes[0].id, kharkiv);
    assert!(net
        .edges
        .iter()
        .any(|e| e.kind == "said_about" && e.source == zelenskyy && e.target == kharkiv && e.weight == 1));
    let months = store.quote_months(zelenskyy).unwrap();
    assert_eq!(
        months.iter().map(|m| (m.month.as_str(), m.by)).collect::<Vec<_>>(),
        [("2022-05", 1), ("2022-06", 1)]
    );
}

// ---------------------------------------------------------------- claims

use text::{Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStance, ClaimStatus, Proposition, StanceRelation};

/// A claim's parts, by the substrings they cover.
struct ClaimSpec<'a> {
    words: &'a str,
    subject: Option<(&'a str, Option<usize>)>,
    predicate: Option<(&'a str, &'a str)>,
    object: Option<(&'a str, Option<usize>)>,
    negated: bool,
    source: (ClaimSourceKind, Option<&'a str>, Option<usize>),
    status: ClaimStatus,
}

impl Builder {
    fn outlet(mut self, outlet: &str) -> Builder {
        self.doc.meta.source = Some(outlet.to_string());
        self
    }

    fn claim(mut self, c: ClaimSpec<'_>) -> Builder {
        let arg = |b: &Builder, a: Option<(&str, Option<usize>)>| {
            a.map(|(w, entity)| ClaimArg {
                span: b.span(w, 0),
                entity,
            })
        };
        let claim = Claim {
            spans: vec![self.span(c.words, 0)],
            proposition: Proposition {
                subject: arg(&self, c.subject),
                predicate: c.predicate.map(|(w, _)| self.span(w, 0)),
                predicate_lemma: c.predicate.map(|(_, l)| l.to_string()),
                object: arg(&self, c.object),
                negated: c.negated,
            },
            source: ClaimSource {
                entity: c.source.2,
                name: c.source.1.map(str::to_string),
                kind: c.source.0,
                side: None,
                description: None,
            },
            hedges: Vec::new(),
            status: c.status,
            quotes: Vec::new(),
            events: Vec::new(),
            stance: Vec::new(),
            key: String::new(),
            confidence: 0.8,
        };
        self.doc.claims.push(claim);
        self
    }

    /// Claim `from` takes `relation` towards claim `to`, carried by `evidence`.
    fn stance(mut self, from: usize, to: usize, relation: StanceRelation, evidence: &str) -> Builder {
        let evidence = self.span(evidence, 0);
        self.doc.claims[from].stance.push(ClaimStance {
            claim: to,
            relation,
            evidence,
        });
        self
    }
}

const SHIPPING: &str = "PERSON:ilse varga";
const COMPANY: &str = "ORG:norland shipping company";

/// The minister says the company dumped fuel.
fn accusation() -> Builder {
    let text = "Port minister Ilse Varga said the Norland Shipping Company dumped fuel into Kestrel Bay in March.";
    Builder::new("fuel-1", "2026-03-01", text)
        .outlet("Harbour Gazette")
        .entity(
            SHIPPING,
            "Ilse Varga",
            EntityType::Person,
            &["minister"],
            &["Ilse Varga"],
        )
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .entity("LOC:kestrel bay", "Kestrel Bay", EntityType::Loc, &[], &["Kestrel Bay"])
        .claim(ClaimSpec {
            words: "the Norland Shipping Company dumped fuel into Kestrel Bay",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Asserted,
        })
}

/// Another outlet reports the same accusation in other words.
fn accusation_elsewhere() -> Builder {
    let text = "Norland Shipping Company dumped fuel in Kestrel Bay, minister Ilse Varga told reporters on Thursday.";
    Builder::new("fuel-2", "2026-03-05", text)
        .outlet("Valmora Post")
        .entity(
            SHIPPING,
            "Ilse Varga",
            EntityType::Person,
            &["minister"],
            &["Ilse Varga"],
        )
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .entity("LOC:kestrel bay", "Kestrel Bay", EntityType::Loc, &[], &["Kestrel Bay"])
        .claim(ClaimSpec {
            words: "Norland Shipping Company dumped fuel in Kestrel Bay",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Asserted,
        })
}

/// The company says it did not.
fn denial() -> Builder {
    let text = "A spokesperson for the Norland Shipping Company said the company never dumped fuel into any bay.";
    Builder::new("fuel-3", "2026-03-03", text)
        .outlet("Linden Times")
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .claim(ClaimSpec {
            words: "the company never dumped fuel into any bay",
            subject: Some(("company", Some(0))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: true,
            source: (ClaimSourceKind::Institution, Some("Norland Shipping Company"), Some(0)),
            status: ClaimStatus::Asserted,
        })
}

fn cluster_of(store: &Store, input_id: &str) -> i64 {
    store
        .conn
        .query_row(
            "SELECT c.cluster_id FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.input_id = ?1",
            [input_id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_claim_reported_by_two_outlets_forms_one_cluster() {
    let (_d, mut store) = open();
    let r = store
        .write_batch(vec![accusation().item(), accusation_elsewhere().item()], None)
        .unwrap();
    assert_eq!((r.claims, r.claim_clusters, r.disputes), (2, 1, 0));
    let id = cluster_of(&store, "fuel-1");
    assert_eq!(cluster_of(&store, "fuel-2"), id);
    let c = store.claim_cluster(id).unwrap();
    assert_eq!((c.members, c.asserting, c.denying), (2, 2, 0));
    assert_eq!(
        (c.first_seen.as_deref(), c.last_seen.as_deref()),
        (Some("2026-03-01"), Some("2026-03-05"))
    );
    let outlets: Vec<&str> = c.outlets.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(outlets, ["Harbour Gazette", "Valmora Post"]);
    assert_eq!(c.sources[0].name, "Ilse Varga");
    assert_eq!(c.sources[0].claims, 2);
    assert_eq!(
        c.claims.iter().map(|m| m.link_rule.as_str()).collect::<Vec<_>>(),
        ["new", "key"]
    );
    assert!(c.dispute_id.is_none(), "one side only: no dispute");
}

#[test]
fn an_assertion_and_a_denial_in_two_articles_form_one_dispute_with_both_sides() {
    let (_d, mut store) = open();
    store.write_batch(vec![accusation().item()], None).unwrap();
    let r = store.write_batch(vec![denial().item()], None).unwrap();
    assert_eq!((r.claims, r.claim_clusters, r.disputes), (1, 0, 1));
    let list = store.disputes(&DisputeFilter::default()).unwrap();
    assert_eq!(list.total, 1);
    let d = &list.disputes[0];
    assert_eq!(d.cluster_id, cluster_of(&store, "fuel-1"));
    assert_eq!(d.asserted.sources, ["Ilse Varga"]);
    assert_eq!(d.denied.sources, ["Norland Shipping Company"]);
    assert_eq!(d.asserted.outlets, ["Harbour Gazette"]);
    assert_eq!(d.denied.outlets, ["Linden Times"]);
    assert_eq!(d.asserted.first_seen.as_deref(), Some("2026-03-01"));
    assert_eq!(d.denied.first_seen.as_deref(), Some("2026-03-03"));
    assert_eq!(d.since.as_deref(), Some("2026-03-03"));
    // Evidence spans are byte offsets into the stored text.
    let e = &d.denied.evidence[0];
    assert_eq!(e.text, "the company never dumped fuel into any bay");
    let start = denial().doc.text.find(&e.text).unwrap() as i64;
    assert_eq!((e.start, e.end), (start, start + e.text.len() as i64));
    assert_eq!(
        d.asserted.evidence[0].text,
        "the Norland Shipping Company dumped fuel into Kestrel Bay"
    );
    // The denial is found by what it is about, and by date.
    let about = |a: &str| {
        store
            .disputes(&DisputeFilter {
                about: Some(a.to_string()),
                ..DisputeFilter::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(about("Norland Shipping Company"), 1);
    assert_eq!(about("Kestrel Bay"), 1);
    assert_eq!(about("Odesa"), 0);
    let since = |s: &str| {
        store
            .disputes(&DisputeFilter {
                since: Some(s.to_string()),
                ..DisputeFilter::default()
            })
            .unwrap()
            .total
    };
    assert_eq!((since("2026-03-03"), since("2026-03-04")), (1, 0));
}

#[test]
fn a_third_article_updates_the_dispute_without_recomputing_it() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![accusation().item(), denial().item()], None)
        .unwrap();
    let before = store.disputes(&DisputeFilter::default()).unwrap().disputes[0].clone();
    let r = store.write_batch(vec![accusation_elsewhere().item()], None).unwrap();
    assert_eq!((r.disputes, r.dispute_updates, r.claim_clusters), (0, 1, 0));
    let after = store.disputes(&DisputeFilter::default()).unwrap();
    assert_eq!(after.total, 1);
    let d = &after.disputes[0];
    assert_eq!(d.id, before.id);
    assert_eq!(d.asserted.evidence.len(), 2);
    assert_eq!(d.asserted.outlets, ["Harbour Gazette", "Valmora Post"]);
    assert_eq!(d.asserted.sources, ["Ilse Varga"], "the same source twice");
    assert_eq!(d.last_seen.as_deref(), Some("2026-03-05"));
    assert_eq!(d.since, before.since);
    // A list may carry fewer pieces of evidence a side; what it says of the
    // side (sources, outlets, how many pieces) is about all of them.
    let short = store
        .disputes(&DisputeFilter {
            evidence: 1,
            ..DisputeFilter::default()
        })
        .unwrap();
    let s = &short.disputes[0].asserted;
    assert_eq!((s.evidence.len(), s.evidence_total), (1, 2));
    assert_eq!(s.evidence[0], d.asserted.evidence[0]);
    assert_eq!(s.outlets, d.asserted.outlets);
    assert_eq!(d.asserted.evidence_total, 2);
    let (asserting, denying): (i64, i64) = store
        .conn
        .query_row("SELECT asserting, denying FROM disputes", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((asserting, denying), (2, 1));
}

#[test]
fn a_denial_by_the_same_source_is_no_dispute() {
    let (_d, mut store) = open();
    let text = "Ilse Varga said the Norland Shipping Company dumped fuel. Later Ilse Varga said the company did not dump fuel.";
    let b = Builder::new("self", "2026-03-01", text)
        .entity(SHIPPING, "Ilse Varga", EntityType::Person, &[], &["Ilse Varga"])
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .claim(ClaimSpec {
            words: "the Norland Shipping Company dumped fuel",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Asserted,
        })
        .claim(ClaimSpec {
            words: "the company did not dump fuel",
            subject: Some(("company", Some(1))),
            predicate: Some(("dump", "dump")),
            object: Some(("fuel", None)),
            negated: true,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Asserted,
        });
    let r = store.write_batch(vec![b.item()], None).unwrap();
    assert_eq!((r.claims, r.claim_clusters, r.disputes), (2, 1, 0));
}

#[test]
fn a_denying_stance_in_one_article_opens_a_dispute_on_the_claim_it_answers() {
    let (_d, mut store) = open();
    let text = "Ilse Varga said the Norland Shipping Company dumped fuel into Kestrel Bay. \
                The company called the accusation baseless.";
    let b = Builder::new("stance", "2026-03-02", text)
        .outlet("Harbour Gazette")
        .entity(SHIPPING, "Ilse Varga", EntityType::Person, &[], &["Ilse Varga"])
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .claim(ClaimSpec {
            words: "the Norland Shipping Company dumped fuel into Kestrel Bay",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Denied,
        })
        .claim(ClaimSpec {
            words: "the accusation baseless",
            subject: Some(("accusation", None)),
            predicate: Some(("baseless", "baseless")),
            object: None,
            negated: false,
            source: (ClaimSourceKind::Institution, None, Some(1)),
            status: ClaimStatus::Asserted,
        })
        .stance(1, 0, StanceRelation::Denies, "baseless");
    let r = store.write_batch(vec![b.item()], None).unwrap();
    assert_eq!((r.claims, r.claim_clusters, r.disputes), (2, 2, 1));
    let d = &store.disputes(&DisputeFilter::default()).unwrap().disputes[0];
    assert_eq!(
        d.proposition,
        "the Norland Shipping Company dumped fuel into Kestrel Bay"
    );
    assert_eq!(d.denied.sources, ["Norland Shipping Company"]);
    let e = &d.denied.evidence[0];
    assert_eq!((e.text.as_str(), e.relation.as_deref()), ("baseless", Some("denies")));
    // The accusation made again elsewhere joins the disputed cluster.
    let r = store.write_batch(vec![accusation().item()], None).unwrap();
    assert_eq!((r.claim_clusters, r.disputes, r.dispute_updates), (0, 0, 1));
    // Claims filter by status and source.
    let claims = |f: ClaimFilter| store.claims(&f).unwrap();
    let denied = claims(ClaimFilter {
        status: Some("denied".into()),
        ..ClaimFilter::default()
    });
    assert_eq!(denied.total, 1);
    assert_eq!(denied.claims[0].source.name.as_deref(), Some("Ilse Varga"));
    let by_company = claims(ClaimFilter {
        source: Some("Norland".into()),
        ..ClaimFilter::default()
    });
    assert_eq!(by_company.total, 1);
    assert_eq!(
        by_company.claims[0].source.entity.as_deref(),
        Some("Norland Shipping Company")
    );
    assert!(store
        .claims(&ClaimFilter {
            status: Some("rumoured".into()),
            ..ClaimFilter::default()
        })
        .is_err());
}

#[test]
fn claims_filter_by_subject_date_confidence_and_page() {
    let (_d, mut store) = open();
    store
        .write_batch(
            vec![accusation().item(), denial().item(), accusation_elsewhere().item()],
            None,
        )
        .unwrap();
    let q = |f: ClaimFilter| store.claims(&f).unwrap();
    let all = q(ClaimFilter::default());
    assert_eq!(all.total, 3);
    assert_eq!(
        all.claims
            .iter()
            .map(|c| c.date.as_deref().unwrap())
            .collect::<Vec<_>>(),
        ["2026-03-05", "2026-03-03", "2026-03-01"],
        "newest first"
    );
    assert_eq!(all.claims[1].side, "denies");
    let about = q(ClaimFilter {
        about: Some("Kestrel Bay".into()),
        ..ClaimFilter::default()
    });
    // Two name the bay; the denial says "any bay", which is not its name.
    assert_eq!(about.total, 2);
    let about = q(ClaimFilter {
        about: Some("Ilse Varga".into()),
        ..ClaimFilter::default()
    });
    assert_eq!(about.total, 0, "the source is not what a claim is about");
    let page = q(ClaimFilter {
        limit: 1,
        offset: 1,
        ..ClaimFilter::default()
    });
    assert_eq!((page.total, page.claims.len()), (3, 1));
    assert_eq!(page.claims[0].date.as_deref(), Some("2026-03-03"));
    let dated = q(ClaimFilter {
        since: Some("2026-03-02".into()),
        until: Some("2026-03-04".into()),
        ..ClaimFilter::default()
    });
    assert_eq!(dated.total, 1);
    let sure = q(ClaimFilter {
        min_confidence: 0.9,
        ..ClaimFilter::default()
    });
    assert_eq!(sure.total, 0);
    // Rows serialise for the CLI and a server.
    let json = serde_json::to_value(&all).unwrap();
    assert_eq!(json["claims"][0]["spans"][0].as_array().unwrap().len(), 2);
}

#[test]
fn claims_stored_twice_are_stored_once() {
    let (_d, mut store) = open();
    store
        .write_batch(vec![accusation().item(), denial().item()], None)
        .unwrap();
    let before = store.totals().unwrap();
    assert_eq!((before.claims, before.claim_clusters, before.disputes), (2, 1, 1));
    let r = store
        .write_batch(
            vec![accusation().item(), denial().item(), copy_of(&accusation(), "fuel-1")],
            None,
        )
        .unwrap();
    assert_eq!((r.claims, r.already_stored), (0, 3));
    assert_eq!(store.totals().unwrap(), before);
    let d = store.disputes(&DisputeFilter::default()).unwrap();
    assert_eq!(d.disputes[0].asserted.evidence.len(), 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn an_exact_copy_adds_its_outlet_to_the_clusters() {
    let (_d, mut store) = open();
    let a = accusation();
    let mut meta = a.doc.meta.clone();
    meta.id = "fuel-1-syndicated".into();
    meta.source = Some("Ostrava Gate Courier".into());
    let copy = Item::copy(meta, a.doc.content_hash.clone(), "copy".into());
    store.write_batch(vec![a.item(), copy], None).unwrap();
    let c = store.claim_cluster(cluster_of(&store, "fuel-1")).unwrap();
    let outlets: Vec<&str> = c.outlets.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(outlets, ["Harbour Gazette", "Ostrava Gate Courier"]);
    assert_eq!(c.members, 1);
}

/// A claim with no proposition: only its words can link it.
fn bare_claim(b: Builder, words: &str) -> Builder {
    b.claim(ClaimSpec {
        words,
        subject: None,
        predicate: None,
        object: None,
        negated: false,
        source: (ClaimSourceKind::Anonymous, None, None),
        status: ClaimStatus::Unverified,
    })
}

#[test]
fn a_claim_of_a_syndicated_copy_joins_the_cluster_of_its_original() {
    let (_d, mut store) = open();
    let original = bare_claim(
        Builder::new("wire-1", "2024-01-01", &long_story(false)),
        "tells of harbour cranes, tugboats and cargo manifests in port 3",
    );
    let copy = bare_claim(
        Builder::new("wire-1-regional", "2024-01-02", &long_story(true)),
        "tells of harbour cranes, tugboats and cargo manifests in port 3",
    )
    .outlet("Regional Edition");
    let r = store.write_batch(vec![original.item(), copy.item()], None).unwrap();
    assert_eq!((r.near_duplicates, r.claims, r.claim_clusters), (1, 2, 1));
    let c = store.claim_cluster(cluster_of(&store, "wire-1")).unwrap();
    assert_eq!(
        c.claims.iter().map(|m| m.link_rule.as_str()).collect::<Vec<_>>(),
        ["new", "copy"]
    );
    assert_eq!(c.key, None);
}

#[test]
fn the_same_wording_in_unrelated_articles_joins_one_cluster() {
    let (_d, mut store) = open();
    let a = bare_claim(
        Builder::new(
            "a",
            "2024-02-01",
            "Officials said the ferry to Valmora will stop running on Sundays from April.",
        ),
        "the ferry to Valmora will stop running on Sundays from April",
    );
    let b = bare_claim(
        Builder::new(
            "b",
            "2024-02-03",
            "Residents heard that the ferry to Valmora will stop running on Sundays from April onwards.",
        ),
        "the ferry to Valmora will stop running on Sundays from April onwards",
    );
    let c = bare_claim(
        Builder::new(
            "c",
            "2024-02-03",
            "Others said the bridge to Linden will close for repairs in May.",
        ),
        "the bridge to Linden will close for repairs in May",
    );
    let both = |a: &Builder, b: &Builder| {
        vec![
            Item::analysed(a.doc.clone(), "a".into()),
            Item::analysed(b.doc.clone(), "b".into()),
        ]
    };
    let mut items = both(&a, &b);
    items.push(c.item());
    let r = store.write_batch(items, None).unwrap();
    assert_eq!((r.near_duplicates, r.claims, r.claim_clusters), (0, 3, 2));
    assert_eq!(cluster_of(&store, "a"), cluster_of(&store, "b"));
    assert_ne!(cluster_of(&store, "a"), cluster_of(&store, "c"));
    // Without wording links each keeps a cluster of its own.
    let (_d, mut store) = open();
    store.set_claim_wording_links(false);
    let r = store.write_batch(both(&a, &b), None).unwrap();
    assert_eq!(r.claim_clusters, 2);
}

#[test]
fn a_store_written_before_claims_migrates_and_keeps_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A file at schema version 1, as the previous release wrote it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(crate::schema::MIGRATIONS[0]).unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        conn.execute(
            "INSERT INTO documents(content_hash, input_id, language, words, text) VALUES('h1', 'old-1', 'en', 3, 'Old text here.')",
            [],
        )
        .unwrap();
    }
    assert!(
        Store::open_read_only(&path)
            .unwrap_err()
            .to_string()
            .contains("migrate"),
        "a read-only open asks for a migration"
    );
    let mut store = Store::open(&path).unwrap();
    let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, current_version());
    assert_eq!(
        (store.totals().unwrap().documents, store.totals().unwrap().claims),
        (1, 0)
    );
    let r = store
        .write_batch(vec![accusation().item(), denial().item()], None)
        .unwrap();
    assert_eq!((r.claims, r.disputes), (2, 1));
    drop(store);
    assert_eq!(Store::open_read_only(&path).unwrap().totals().unwrap().documents, 3);
}

#[test]
fn claim_tables_export_every_row() {
    let (_d, mut store) = open();
    store
        .write_batch(
            vec![accusation().item(), denial().item(), accusation_elsewhere().item()],
            None,
        )
        .unwrap();
    let rows = |t: Table| {
        let mut rows = Rows(Vec::new(), Vec::new());
        store.export(t, &mut rows).unwrap();
        rows
    };
    assert_eq!(rows(Table::Claims).0.len(), 3);
    assert_eq!(rows(Table::ClaimClusters).0.len(), 1);
    let disputes = rows(Table::Disputes);
    assert_eq!(disputes.0.len(), 3, "one row per piece of evidence");
    let evidence = disputes.1.iter().position(|c| *c == "evidence").unwrap();
    assert!(disputes
        .0
        .iter()
        .any(|r| r[evidence] == Value::Text("the company never dumped fuel into any bay".into())));
}

#[test]
fn a_claim_reported_denied_by_nobody_named_is_disputed_by_an_unnamed_source() {
    let (_d, mut store) = open();
    let text = "Ilse Varga said the Norland Shipping Company dumped fuel into Kestrel Bay, which was denied.";
    let b = Builder::new("unnamed", "2026-03-02", text)
        .outlet("Harbour Gazette")
        .entity(SHIPPING, "Ilse Varga", EntityType::Person, &[], &["Ilse Varga"])
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .claim(ClaimSpec {
            words: "the Norland Shipping Company dumped fuel into Kestrel Bay",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Denied,
        });
    let r = store.write_batch(vec![b.item()], None).unwrap();
    assert_eq!((r.claims, r.disputes), (1, 1));
    let d = &store.disputes(&DisputeFilter::default()).unwrap().disputes[0];
    assert_eq!(d.asserted.sources, ["Ilse Varga"]);
    assert_eq!(d.denied.sources, ["unnamed"]);
    let e = &d.denied.evidence[0];
    assert_eq!(
        (e.relation.as_deref(), e.source_entity_id),
        (Some("denied_unnamed"), None)
    );
    assert_eq!(e.text, "the Norland Shipping Company dumped fuel into Kestrel Bay");
}

#[test]
fn the_same_denying_words_carried_by_two_claims_are_one_piece_of_evidence() {
    let (_d, mut store) = open();
    let text = "Ilse Varga said the Norland Shipping Company dumped fuel into Kestrel Bay. \
                The company called the accusation baseless.";
    let b = Builder::new("twice", "2026-03-02", text)
        .entity(SHIPPING, "Ilse Varga", EntityType::Person, &[], &["Ilse Varga"])
        .entity(
            COMPANY,
            "Norland Shipping Company",
            EntityType::Org,
            &[],
            &["Norland Shipping Company"],
        )
        .claim(ClaimSpec {
            words: "the Norland Shipping Company dumped fuel into Kestrel Bay",
            subject: Some(("Norland Shipping Company", Some(1))),
            predicate: Some(("dumped", "dump")),
            object: Some(("fuel", None)),
            negated: false,
            source: (ClaimSourceKind::NamedPerson, Some("Ilse Varga"), Some(0)),
            status: ClaimStatus::Denied,
        })
        .claim(ClaimSpec {
            words: "called the accusation baseless",
            subject: Some(("accusation", None)),
            predicate: Some(("baseless", "baseless")),
            object: None,
            negated: false,
            source: (ClaimSourceKind::Institution, None, Some(1)),
            status: ClaimStatus::Asserted,
        })
        .claim(ClaimSpec {
            words: "the accusation baseless",
            subject: Some(("accusation", None)),
            predicate: Some(("baseless", "baseless")),
            object: None,
            negated: false,
            source: (ClaimSourceKind::Institution, None, Some(1)),
            status: ClaimStatus::Asserted,
        })
        .stance(1, 0, StanceRelation::Denies, "baseless")
        .stance(2, 0, StanceRelation::Denies, "baseless");
    let r = store.write_batch(vec![b.item()], None).unwrap();
    assert_eq!(r.disputes, 1);
    let d = &store.disputes(&DisputeFilter::default()).unwrap().disputes[0];
    assert_eq!(d.denied.evidence.len(), 1, "{:#?}", d.denied);
}

#[test]
fn name_variants_stored_before_the_person_index_table_still_merge_after_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.write_batch(vec![kyiv().item()], None).unwrap();
        // Back to a database of version 4, from before person_variants.
        store
            .conn
            .execute_batch("DROP TABLE person_variants; PRAGMA user_version = 4;")
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let indexed: i64 = store
        .conn
        .query_row("SELECT count(DISTINCT key_id) FROM person_variants", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 2, "both person keys of the first article are indexed");
    let r = store.write_batch(vec![kyiv_later().item()], None).unwrap();
    assert_eq!(r.merges, 2, "{r:?}");
}

#[test]
fn the_writer_caches_stay_bounded_and_keep_what_recurs() {
    let mut cache = crate::write::BoundedCache::new(3);
    for i in 0..100i64 {
        cache.insert(i, i * 2);
        // A key read after every insert stays, however many pass by.
        if i > 0 {
            assert_eq!(cache.get(&0), Some(&0));
        } else {
            cache.insert(0, 0);
        }
        assert!(cache.len() <= 6, "{} entries", cache.len());
    }
    assert_eq!(cache.get(&99), Some(&198));
    assert_eq!(cache.get(&50), None);
}

#[test]
fn a_store_reopened_between_batches_links_as_one_that_stayed_open() {
    // Everything the linker decides on is in the database: a writer that
    // starts afresh (a resumed ingest) merges, finds speakers and clusters
    // claims as one that kept its caches.
    let (_d, mut kept) = open();
    kept.write_batch(vec![kyiv().item()], None).unwrap();
    let kept_report = kept.write_batch(vec![kyiv_later().item()], None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    Store::open(&path)
        .unwrap()
        .write_batch(vec![kyiv().item()], None)
        .unwrap();
    let reopened_report = Store::open(&path)
        .unwrap()
        .write_batch(vec![kyiv_later().item()], None)
        .unwrap();
    let untimed = |r: BatchReport| BatchReport {
        claim_link_micros: 0,
        ..r
    };
    assert_eq!(untimed(kept_report), untimed(reopened_report));
    assert_eq!(kept.totals().unwrap(), Store::open(&path).unwrap().totals().unwrap());
}

#[test]
fn one_batch_stores_the_same_rows_as_a_batch_per_document() {
    // The writer keeps some rows (counters, bands, surname variants, roles,
    // what claims and quotes are about) until the end of the batch: later
    // documents of the batch must still see those of earlier ones, so that
    // merges, near-duplicates and clusters come out as when each document
    // is committed on its own.
    let wording = |id: &str, text: &str, words: &str| bare_claim(Builder::new(id, "2024-02-01", text), words);
    let docs = || {
        vec![
            kyiv(),
            kyiv_later(),
            accusation(),
            denial(),
            accusation_elsewhere(),
            bare_claim(
                Builder::new("wire-1", "2024-01-01", &long_story(false)),
                "tells of harbour cranes, tugboats and cargo manifests in port 3",
            ),
            bare_claim(
                Builder::new("wire-1-regional", "2024-01-02", &long_story(true)),
                "tells of harbour cranes, tugboats and cargo manifests in port 3",
            )
            .outlet("Regional Edition"),
            wording(
                "a",
                "Officials said the ferry to Valmora will stop running on Sundays from April.",
                "the ferry to Valmora will stop running on Sundays from April",
            ),
            wording(
                "b",
                "Residents heard that the ferry to Valmora will stop running on Sundays from April onwards.",
                "the ferry to Valmora will stop running on Sundays from April onwards",
            ),
        ]
    };
    let (_d1, mut one) = open();
    let mut items: Vec<Item> = docs().into_iter().map(Builder::item).collect();
    items.push(copy_of(&kyiv(), "kyiv-1-syndicated"));
    let together = one.write_batch(items, None).unwrap();
    let (_d2, mut each) = open();
    let mut apart = BatchReport::default();
    for b in docs() {
        apart += each.write_batch(vec![b.item()], None).unwrap();
    }
    apart += each
        .write_batch(vec![copy_of(&kyiv(), "kyiv-1-syndicated")], None)
        .unwrap();
    assert_eq!((together.merges, together.near_duplicates), (2, 1), "{together:?}");
    let untimed = |r: BatchReport| BatchReport {
        claim_link_micros: 0,
        ..r
    };
    assert_eq!(untimed(together), untimed(apart));
    let rows = |store: &Store, sql: &str| -> Vec<String> {
        let mut st = store.conn.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    for sql in [
        "SELECT * FROM entity_keys ORDER BY id",
        "SELECT * FROM entity_months ORDER BY 1, 2",
        "SELECT * FROM entity_roles ORDER BY 1, 2, 3",
        "SELECT * FROM person_variants ORDER BY 1, 2",
        "SELECT * FROM merge_evidence ORDER BY id",
        "SELECT * FROM minhash_bands ORDER BY 1, 2",
        "SELECT id, near_dup_of FROM documents ORDER BY id",
        "SELECT * FROM speakers ORDER BY id",
        "SELECT * FROM quote_about ORDER BY 1, 2, 3",
        "SELECT id, cluster_id, link_rule FROM claims ORDER BY id",
        "SELECT * FROM claim_bands ORDER BY 1, 2",
        "SELECT * FROM claim_about ORDER BY 1, 2, 3",
        "SELECT * FROM claim_cluster_outlets ORDER BY 1, 2",
        "SELECT * FROM claim_cluster_sources ORDER BY 1, 2",
        "SELECT * FROM claim_clusters ORDER BY id",
        "SELECT * FROM disputes ORDER BY id",
    ] {
        let stored = rows(&one, sql);
        assert!(!stored.is_empty(), "{sql}: no rows");
        assert_eq!(stored, rows(&each, sql), "{sql}");
    }
}

#[test]
fn batches_share_a_transaction_until_it_holds_enough_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = Store::open(&path).unwrap();
    store.set_commit_every(2);
    store.write_batch(vec![kyiv().item()], None).unwrap();
    assert_eq!(store.uncommitted(), 1);
    // Another connection sees nothing until the transaction commits.
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.totals().unwrap().documents, 0);
    store.write_batch(vec![kyiv_later().item()], None).unwrap();
    assert_eq!(store.uncommitted(), 0);
    assert_eq!(reader.totals().unwrap().documents, 2);
    // A batch left open is committed on request, and what it stored is
    // what a commit per batch stores.
    store.write_batch(vec![accusation().item()], None).unwrap();
    store.commit().unwrap();
    assert_eq!(reader.totals().unwrap().documents, 3);
    let (_d, mut each) = open();
    for b in [kyiv(), kyiv_later(), accusation()] {
        each.write_batch(vec![b.item()], None).unwrap();
    }
    assert_eq!(store.totals().unwrap(), each.totals().unwrap());
}

#[test]
fn a_failed_batch_rolls_back_the_open_transaction() {
    let (_d, mut store) = open();
    store.set_commit_every(10);
    store.write_batch(vec![kyiv().item()], None).unwrap();
    let orphan = copy_of(&kyiv_later(), "nowhere");
    assert!(store.write_batch(vec![orphan], None).is_err());
    assert_eq!(store.uncommitted(), 0);
    assert_eq!(store.totals().unwrap().documents, 0);
    // The next batch starts a transaction of its own.
    store.write_batch(vec![kyiv().item()], None).unwrap();
    store.commit().unwrap();
    assert_eq!(store.totals().unwrap().documents, 1);
}
