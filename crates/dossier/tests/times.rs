//! The time stage end to end: the seed article's times and the time of
//! the quote they govern.

mod common;

use common::*;
use serde_json::Value;

/// The time expressions of an analysed document, by id.
fn time<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no time {id}"))
}

fn with_text<'a>(doc: &'a Value, text: &str) -> &'a Value {
    doc["times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == text)
        .unwrap_or_else(|| panic!("no time {text:?} in {:#?}", doc["times"]))
}

#[test]
fn seed_article_times_resolve_against_its_date_and_the_told_quote_has_tuesday() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let out = dossier(&["analyze", "--date", "2025-04-10", seed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_lines(&out).remove(0);
    check_document(&doc);
    let tuesday = with_text(&doc, "Tuesday");
    assert_eq!(
        (tuesday["value"].as_str(), tuesday["grain"].as_str()),
        (Some("2025-04-08"), Some("day"))
    );
    assert_eq!(tuesday["anchor"], "publication");
    assert_eq!(with_text(&doc, "Wednesday")["value"], "2025-04-09");
    let february = with_text(&doc, "February 2022");
    assert_eq!(
        (february["value"].as_str(), february["anchor"].as_str()),
        (Some("2022-02"), Some("absolute"))
    );
    let war = with_text(&doc, "three-year");
    assert_eq!(
        (war["value"].as_str(), war["grain"].as_str()),
        (Some("P3Y"), Some("duration"))
    );
    // Whatever its confidence: the time of an attribution is what this
    // checks, not the threshold.
    let told = ["quotes", "quotes_withheld"]
        .iter()
        .flat_map(|k| doc[*k].as_array().unwrap().iter())
        .find(|q| q["cue"]["text"] == "told")
        .expect("the quote with the cue 'told'");
    let id = told["time"].as_str().expect("the 'told' quote has a time");
    assert_eq!(time(&doc, id)["value"], "2025-04-08");
}

#[test]
fn without_a_date_relative_times_are_unresolved_and_the_output_validates() {
    let doc = analyze_text("The minister resigned on Tuesday, two years after the 2014 vote.", &[]);
    check_document(&doc);
    let tuesday = with_text(&doc, "Tuesday");
    assert_eq!(
        (tuesday["value"].is_null(), tuesday["anchor"].as_str()),
        (true, Some("unresolved"))
    );
    assert_eq!(with_text(&doc, "2014")["anchor"], "absolute");
    assert_eq!(with_text(&doc, "two years")["value"], "P2Y");
}
