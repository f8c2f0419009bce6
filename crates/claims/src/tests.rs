//! Unit tests on hand-built documents: segmented made-up text with
//! attributions and entities set by hand and no parse, so that each rule is
//! seen alone.

use super::*;
use text::{Entity, Mention, MentionKind, Meta, Quote, Resolution, Speaker};

fn doc(text: &str) -> Doc {
    let mut d = Doc::new(Meta::default(), text.to_string());
    text::segment(&mut d);
    d
}

fn span_of(d: &Doc, needle: &str) -> Span {
    let start = d.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(start, start + needle.len())
}

fn quote(d: &Doc, content: &str, cue: &str, speaker: &str, kind: SourceKind) -> Quote {
    Quote {
        kind: QuoteKind::Indirect,
        content: vec![span_of(d, content)],
        cue: Some(span_of(d, cue)),
        speaker: Some(Speaker {
            span: span_of(d, speaker),
            entity: None,
            name: None,
            kind,
            resolution: Resolution::Explicit,
        }),
        medium: None,
        venue: None,
        addressee: None,
        confidence: 0.8,
        time: None,
        repeats: None,
    }
}

fn entity(d: &Doc, name: &str, etype: EntityType, country: Option<&str>) -> Entity {
    Entity {
        key: format!("{}:{}", etype.label().to_lowercase(), name.to_lowercase()),
        name: name.to_string(),
        etype,
        roles: Vec::new(),
        honorific: None,
        country: country.map(str::to_string),
        metonymy: false,
        confidence: 0.9,
        mentions: vec![Mention {
            span: span_of(d, name),
            kind: MentionKind::Name,
            metonymy: false,
        }],
    }
}

#[test]
fn an_empty_document_has_no_claims() {
    let mut d = doc("");
    extract_claims(&mut d);
    assert!(d.claims.is_empty());
}

#[test]
fn scare_quotes_are_no_claims() {
    let mut d = doc("The so-called \"peace plan\" was shelved.");
    let mut q = quote(&d, "\"peace plan\"", "shelved", "The", SourceKind::Unnamed);
    q.kind = QuoteKind::Scare;
    q.speaker = None;
    q.cue = None;
    d.quotes.push(q);
    extract_claims(&mut d);
    assert!(d.claims.is_empty());
}

#[test]
fn a_ministry_with_a_country_is_a_government_of_that_country() {
    let mut d = doc("Peru's Defence Ministry said the soldiers crossed the border.");
    d.entities
        .push(entity(&d, "Defence Ministry", EntityType::Org, Some("PE")));
    let mut q = quote(
        &d,
        "the soldiers crossed the border",
        "said",
        "Peru's Defence Ministry",
        SourceKind::Institution,
    );
    q.speaker.as_mut().unwrap().entity = Some(0);
    d.quotes.push(q);
    extract_claims(&mut d);
    assert_eq!(d.claims.len(), 1);
    assert_eq!(d.claims[0].source.kind, ClaimSourceKind::Government);
    assert_eq!(d.claims[0].source.side.as_deref(), Some("PE"));
    assert_eq!(d.claims[0].quotes, vec![0]);
}

#[test]
fn the_kremlin_speaks_for_russia() {
    let mut d = doc("The Kremlin said the talks had stalled.");
    d.quotes.push(quote(
        &d,
        "the talks had stalled",
        "said",
        "The Kremlin",
        SourceKind::Institution,
    ));
    extract_claims(&mut d);
    assert_eq!(d.claims[0].source.kind, ClaimSourceKind::Government);
    assert_eq!(d.claims[0].source.side.as_deref(), Some("RU"));
}

#[test]
fn a_person_familiar_with_the_matter_is_anonymous() {
    let mut d = doc("A person familiar with the matter said the deal was close.");
    d.quotes.push(quote(
        &d,
        "the deal was close",
        "said",
        "A person familiar with the matter",
        SourceKind::Anonymous,
    ));
    extract_claims(&mut d);
    assert_eq!(d.claims[0].source.kind, ClaimSourceKind::Anonymous);
}

#[test]
fn reports_of_something_are_the_media() {
    let mut d = doc("Reports said the mayor had resigned.");
    d.quotes.push(quote(
        &d,
        "the mayor had resigned",
        "said",
        "Reports",
        SourceKind::Unnamed,
    ));
    extract_claims(&mut d);
    assert_eq!(d.claims[0].source.kind, ClaimSourceKind::Media);
}

#[test]
fn a_report_is_a_document() {
    let mut d = doc("The report found that prices rose.");
    d.quotes.push(quote(
        &d,
        "that prices rose",
        "found",
        "The report",
        SourceKind::Unnamed,
    ));
    extract_claims(&mut d);
    assert_eq!(d.claims[0].source.kind, ClaimSourceKind::Document);
}

#[test]
fn hedges_in_the_content_and_the_cue_are_found_with_their_kind() {
    let mut d = doc("The group claimed that the rebels reportedly fled and allegedly burned the depot.");
    d.quotes.push(quote(
        &d,
        "that the rebels reportedly fled and allegedly burned the depot",
        "claimed",
        "The group",
        SourceKind::Institution,
    ));
    extract_claims(&mut d);
    let kinds: Vec<&str> = d.claims[0].hedges.iter().map(|h| h.kind).collect();
    assert_eq!(kinds, vec!["claimed", "reportedly", "alleged"]);
}

#[test]
fn could_not_be_independently_verified_is_one_cannot_verify_hedge_not_a_modal() {
    let d = doc("The footage could not be independently verified.");
    let cx = Context::new(&d);
    let tokens: Vec<usize> = (0..d.tokens.len()).collect();
    let mut hedges = Vec::new();
    find_hedges(&cx, &tokens, &mut hedges);
    assert_eq!(hedges.len(), 1, "{hedges:?}");
    assert_eq!(hedges[0].kind, "cannot_verify");
    assert_eq!(d.slice(hedges[0].span), "could not be independently verified");
}

#[test]
fn was_verifying_is_a_verifying_hedge() {
    let d = doc("The ministry was verifying the footage.");
    let cx = Context::new(&d);
    let tokens: Vec<usize> = (0..d.tokens.len()).collect();
    let mut hedges = Vec::new();
    find_hedges(&cx, &tokens, &mut hedges);
    assert_eq!(hedges.len(), 1);
    assert_eq!(
        (hedges[0].kind, d.slice(hedges[0].span)),
        ("verifying", "was verifying")
    );
}

/// The narrator's verification sentence is a claim whose one candidate is
/// the claim before it, which the rules take; the model links it only when
/// sure enough, and never to anything else.
#[test]
fn a_narrator_sentence_about_verification_may_answer_only_the_claim_before_it() {
    let mut d = doc("The governor said the dam had failed. The claim could not be independently verified.");
    d.quotes.push(quote(
        &d,
        "the dam had failed",
        "said",
        "The governor",
        SourceKind::Person,
    ));
    let stances = stance_candidates(&d);
    assert_eq!(stances.len(), 1);
    assert_eq!(stances[0].relation, StanceRelation::CannotVerify);
    assert_eq!(stances[0].candidates.len(), 1);
    assert_eq!(d.slice(stances[0].candidates[0].spans[0]), "the dam had failed");
    assert_eq!(stances[0].rule_pick, Some(0));
    extract_claims(&mut d);
    assert_eq!(d.claims.len(), 2);
    let narrator = &d.claims[1];
    assert_eq!(narrator.source.kind, ClaimSourceKind::Narrator);
    assert!(narrator
        .stance
        .iter()
        .all(|s| s.claim == 0 && s.relation == StanceRelation::CannotVerify));
    assert!(narrator.confidence <= 1.0);
}

/// "called them groundless" is a denial whose candidate is the mayor's
/// claim (the rules take it); "disturbing" is no stance at all.
#[test]
fn groundless_with_them_is_a_denial_of_the_earlier_claim_and_disturbing_no_stance() {
    let mut d = doc(
        "Mayor Ana Lind said more buses were burned. The police union called them groundless. \
         A councillor said the burnings were disturbing.",
    );
    d.quotes.push(quote(
        &d,
        "more buses were burned",
        "said",
        "Mayor Ana Lind",
        SourceKind::Person,
    ));
    d.quotes.push(quote(
        &d,
        "them groundless",
        "called",
        "The police union",
        SourceKind::Institution,
    ));
    d.quotes.push(quote(
        &d,
        "the burnings were disturbing",
        "said",
        "A councillor",
        SourceKind::Person,
    ));
    let stances = stance_candidates(&d);
    assert_eq!(stances.len(), 1, "only 'groundless' takes a stance");
    assert_eq!(stances[0].relation, StanceRelation::Denies);
    assert_eq!(d.slice(stances[0].evidence), "groundless");
    assert_eq!(d.slice(stances[0].candidates[0].spans[0]), "more buses were burned");
    assert_eq!(stances[0].rule_pick, Some(0));
    extract_claims(&mut d);
    assert!(d.claims[1].stance.iter().all(|s| s.claim == 0));
    assert!(d.claims[2].stance.is_empty());
}

#[test]
fn a_source_taking_back_its_own_claim_retracts_it() {
    let mut d = doc("Senator Ida Moss said the bill was dead. Moss later retracted the remark.");
    d.entities.push(entity(&d, "Ida Moss", EntityType::Person, None));
    d.entities[0].mentions.push(Mention {
        span: Span::new(d.text.rfind("Moss").unwrap(), d.text.rfind("Moss").unwrap() + 4),
        kind: MentionKind::Name,
        metonymy: false,
    });
    let mut q1 = quote(&d, "the bill was dead", "said", "Senator Ida Moss", SourceKind::Person);
    q1.speaker.as_mut().unwrap().entity = Some(0);
    let mut q2 = quote(&d, "the remark", "retracted", "Moss later", SourceKind::Person);
    q2.speaker.as_mut().unwrap().entity = Some(0);
    d.quotes.push(q1);
    d.quotes.push(q2);
    extract_claims(&mut d);
    assert_eq!(d.claims[0].status, ClaimStatus::Retracted);
}

#[test]
fn typographic_apostrophes_match_straight_ones() {
    assert!(eq_word("n\u{2019}t", "n't"));
    assert!(eq_word("Don\u{2019}T", "don't"));
    assert!(!eq_word("n\u{2019}t", "not"));
}

#[test]
fn shipped_stance_target_weights_name_every_feature_in_order() {
    let src = include_str!("../data/stance-target.tsv");
    let has_weights = src.lines().any(|l| !l.trim().is_empty() && !l.starts_with('#'));
    if has_weights {
        let w = crate::stance_target::parse_weights(src).expect("weights match FEATURES");
        assert_eq!(w.len(), crate::stance_target::N_FEATURES);
    }
    assert_eq!(crate::stance_target::FEATURES.len(), crate::stance_target::N_FEATURES);
    // A file naming features out of order is refused, not misread.
    let swapped = "topic_shared\t1\nbias\t1\n";
    assert!(crate::stance_target::parse_weights(swapped).is_none());
}

#[test]
fn the_target_model_links_nothing_below_its_threshold_but_the_named_owner_sharing_a_word() {
    use crate::stance_target::{decide, FEATURES, N_FEATURES};
    let at = |name: &str| FEATURES.iter().position(|f| *f == name).unwrap();
    let mut w = vec![0.0f32; N_FEATURES];
    w[at("bias")] = -5.0;
    w[at("near")] = 2.0;
    let mut a = [0.0f32; N_FEATURES];
    a[at("bias")] = 1.0;
    let mut b = a;
    // Both improbable: nothing is linked.
    assert_eq!(decide(&w, &[a, b], 0.2), None);
    // The nearer one becomes probable enough: p = σ(-5 + 2·2.5) = 0.5.
    b[at("near")] = 2.5;
    assert_eq!(decide(&w, &[a, b], 0.2), Some(1));
    assert_eq!(decide(&w, &[a, b], 0.6), None);
    // The owner named ("Lind's claim") is taken whatever its probability,
    // but only when it shares a content word with the answer.
    a[at("possessor_is_source")] = 1.0;
    assert_eq!(decide(&w, &[a, b], 0.6), None);
    a[at("topic_shared")] = 1.0;
    assert_eq!(decide(&w, &[a, b], 0.6), Some(0));
}
