//! The claim stage end to end, on made-up articles.

mod common;

use common::{check_document, repo};
use dossier::text::{ClaimSourceKind, ClaimStatus, Doc, StanceRelation};
use dossier::Pipeline;

/// A made-up article: a claim, its denial, a narrator's verification
/// sentence, an anonymous assessment, a media report with a hedge, a
/// conditional threat and a verification statement.
const BOATS: &str = "Interior Minister Arlo Venn said on Monday that Ukrainian troops had seized two fishing boats near the northern islands.
Ukraine's Foreign Ministry rejected Venn's remarks that its navy was involved, calling them \"baseless.\"
The claim could not be independently verified.
According to a Polish assessment shared with reporters on condition of anonymity, the boats were taken by smugglers rather than soldiers.
The Harbour Times reported that the crews were allegedly released on Tuesday.
\"If the boats are not returned, we may close the border,\" Venn said.
Officials in Warsaw were verifying the reports, a government spokesperson said.
";

fn analyze(text: &str) -> Doc {
    Pipeline::new().unwrap().analyze_text(text)
}

/// The claim whose words contain `needle`.
fn claim<'a>(doc: &'a Doc, needle: &str) -> (usize, &'a dossier::text::Claim) {
    doc.claims
        .iter()
        .enumerate()
        .find(|(_, c)| c.spans.iter().any(|s| doc.slice(*s).contains(needle)))
        .unwrap_or_else(|| panic!("no claim with {needle:?}"))
}

#[test]
fn a_denial_that_points_back_is_linked_to_the_claim_it_denies() {
    let doc = analyze(BOATS);
    let (seized, c) = claim(&doc, "seized two fishing boats");
    assert_eq!(c.source.kind, ClaimSourceKind::NamedPerson);
    assert_eq!(c.status, ClaimStatus::Denied);
    let (_, denial) = claim(&doc, "its navy was involved");
    assert_eq!(denial.source.kind, ClaimSourceKind::Government);
    assert_eq!(denial.source.side.as_deref(), Some("UA"));
    assert!(denial
        .stance
        .iter()
        .any(|s| s.claim == seized && s.relation == StanceRelation::Denies));
}

/// The narrator's verification sentence is a claim with its hedge. Whether
/// it answers the seizure is the stance-target model's call (on judged
/// AllSides stances, verification statements mostly answer a claim the
/// article does not state), but if it answers anything it is the seizure,
/// as "could not be verified".
#[test]
fn the_narrators_could_not_be_verified_is_a_claim_that_answers_only_the_seizure() {
    let doc = analyze(BOATS);
    let (seized, _) = claim(&doc, "seized two fishing boats");
    let (_, narrator) = claim(&doc, "could not be independently verified");
    assert_eq!(narrator.source.kind, ClaimSourceKind::Narrator);
    assert!(narrator.quotes.is_empty());
    assert!(narrator.hedges.iter().any(|h| h.kind == "cannot_verify"));
    assert!(narrator
        .stance
        .iter()
        .all(|s| s.claim == seized && s.relation == StanceRelation::CannotVerify));
}

#[test]
fn an_assessment_shared_on_condition_of_anonymity_is_anonymous_with_its_country() {
    let doc = analyze(BOATS);
    let (_, c) = claim(&doc, "taken by smugglers");
    assert_eq!(c.source.kind, ClaimSourceKind::Anonymous);
    assert_eq!(c.source.side.as_deref(), Some("PL"));
}

#[test]
fn hedges_carry_their_kind() {
    let doc = analyze(BOATS);
    let kinds = |needle: &str| -> Vec<&str> { claim(&doc, needle).1.hedges.iter().map(|h| h.kind).collect() };
    assert!(kinds("allegedly released").contains(&"alleged"));
    let threat = kinds("close the border");
    assert!(
        threat.contains(&"conditional") && threat.contains(&"modal"),
        "{threat:?}"
    );
    assert!(kinds("were verifying the reports").contains(&"verifying"));
}

#[test]
fn a_named_outlet_is_a_media_source_with_its_name_as_side() {
    let doc = analyze(BOATS);
    let (_, c) = claim(&doc, "allegedly released");
    assert_eq!(c.source.kind, ClaimSourceKind::Media);
    assert!(c.source.side.as_deref().is_some_and(|s| s.contains("Harbour Times")));
}

#[test]
fn a_claims_confidence_never_exceeds_its_attributions() {
    let doc = analyze(BOATS);
    assert!(!doc.claims.is_empty());
    for c in &doc.claims {
        assert!((0.0..=1.0).contains(&c.confidence));
        for &q in &c.quotes {
            assert!(c.confidence <= doc.quotes[q].confidence, "{c:?}");
        }
    }
}

#[test]
fn a_claim_reports_the_events_inside_its_content() {
    let doc = analyze("Colonel Ana Ruiz said that Chilean troops captured three Peruvian soldiers near the border.\n");
    let (_, c) = claim(&doc, "captured three Peruvian soldiers");
    assert!(
        c.events.iter().any(|&e| doc.slice(doc.events[e].trigger) == "captured"),
        "{:?}",
        doc.events
    );
    assert_eq!(c.proposition.predicate_lemma.as_deref(), Some("capture"));
    assert!(!c.key.is_empty());
}

#[test]
fn claims_of_withheld_attributions_are_not_shown_and_ids_stay() {
    let doc = analyze(BOATS);
    let all = serde_json::to_value(dossier::schema::DocOut::new(
        &doc,
        &dossier::schema::OutputOptions {
            min_confidence: 0.0,
            ..Default::default()
        },
    ))
    .unwrap();
    let strict = serde_json::to_value(dossier::schema::DocOut::new(
        &doc,
        &dossier::schema::OutputOptions {
            min_confidence: 0.99,
            ..Default::default()
        },
    ))
    .unwrap();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&all).len(), doc.claims.len());
    assert!(ids(&strict).len() < doc.claims.len());
    // Every stance left points at a shown claim.
    let shown = ids(&strict);
    for c in strict["claims"].as_array().unwrap() {
        for st in c["stance"].as_array().unwrap() {
            assert!(shown.contains(&st["claim"].as_str().unwrap().to_string()));
        }
    }
    check_document(&all);
    check_document(&strict);
}

#[test]
fn the_sample_articles_have_schema_valid_claims() {
    let pipeline = Pipeline::new().unwrap();
    let mut claims = 0;
    for entry in std::fs::read_dir(repo("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = pipeline.analyze_text(&text);
        claims += doc.claims.len();
        let out = serde_json::to_value(dossier::schema::DocOut::new(&doc, &Default::default())).unwrap();
        check_document(&out);
    }
    assert!(claims > 0, "the samples have attributions, so claims");
}

#[test]
fn odd_inputs_never_panic() {
    let pipeline = Pipeline::new().unwrap();
    for text in [
        "",
        "\"",
        "could not be verified",
        "“them” groundless, he said. The claim was unverified. ",
        "He said. She denied it. They confirmed. According to.",
        "Привет, — сказал он. «Это ложь», — ответили они.",
        "\u{2019}s n\u{2019}t \u{2019}",
    ] {
        let doc = pipeline.analyze_text(text);
        for c in &doc.claims {
            for s in &c.spans {
                assert!(doc.text.get(s.start..s.end).is_some());
            }
        }
    }
}

/// Denying something that is not a claim, a negated denial and a stance
/// word said of something else take no stance; a denial of the remarks
/// does.
#[test]
fn only_a_denial_said_of_a_claim_takes_a_stance() {
    let text = "Mayor Lena Ortiz said on Monday that the harbour fees had doubled since March.
Port director Sam Keel denied responsibility for the delays, the council said.
The council never disputed that the fees had doubled, a spokesman said.
Keel said the plan was a false economy.
Transport Minister Ivo Brandt dismissed Ortiz's remarks about the fees as untrue.
";
    let doc = analyze(text);
    let (fees, _) = claim(&doc, "harbour fees had doubled");
    let denials: Vec<(usize, &str)> = doc
        .claims
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.stance
                .iter()
                .filter(|s| s.relation == StanceRelation::Denies)
                .map(move |s| (i, s.claim))
        })
        .map(|(i, t)| (t, doc.slice(doc.claims[i].spans[0])))
        .collect();
    assert!(
        denials
            .iter()
            .all(|(t, words)| *t == fees && !words.contains("responsibility") && !words.contains("economy")),
        "{denials:?}"
    );
    assert!(
        !denials.is_empty(),
        "Brandt's dismissal of the remarks denies the mayor's claim"
    );
}
