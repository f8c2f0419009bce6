//! The quantities stage end to end: the seed article and the made-up
//! harbour strike, through `dossier analyze` and the JSON Schema.

mod common;

use common::*;
use serde_json::Value;

fn quantities_of(path: &str) -> (String, Vec<Value>) {
    let out = dossier(&["analyze", "--date", "2025-04-10", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_lines(&out).remove(0);
    check_document(&doc);
    let text = doc["text"].as_str().unwrap().to_string();
    let quantities = doc["quantities"].as_array().unwrap().clone();
    for q in &quantities {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], q["text"].as_str().unwrap(), "the span is the text: {q}");
        for part in ["counts", "stated_conversion"] {
            if q[part].is_object() {
                let (s, e) = (
                    q[part]["start"].as_u64().unwrap() as usize,
                    q[part]["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[s..e], q[part]["text"].as_str().unwrap());
            }
        }
    }
    (text, quantities)
}

/// The quantity whose text contains `needle`.
fn find<'a>(quantities: &'a [Value], needle: &str) -> &'a Value {
    quantities
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no quantity with {needle:?} in {quantities:#?}"))
}

#[test]
fn seed_article_ruble_payment_ages_and_chinese_citizens() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let (_, quantities) = quantities_of(seed.to_str().unwrap());
    let ruble = find(&quantities, "ruble");
    assert_eq!(ruble["kind"], "money");
    assert_eq!(ruble["value"], 2_000_000);
    assert_eq!(ruble["currency"], "RUB");
    assert_eq!(ruble["stated_conversion"]["value"], 23_200);
    assert_eq!(ruble["stated_conversion"]["currency"], "USD");

    let ages: Vec<(i64, &str)> = quantities
        .iter()
        .filter(|q| q["kind"] == "age")
        .map(|q| (q["value"].as_i64().unwrap(), q["counts"]["text"].as_str().unwrap_or("")))
        .collect();
    assert!(ages.contains(&(33, "The first man")), "{ages:?}");
    assert!(ages.contains(&(31, "The second")), "{ages:?}");

    let citizens = quantities
        .iter()
        .find(|q| q["kind"] == "count" && q["counts"]["text"] == "Chinese citizens")
        .unwrap_or_else(|| panic!("two Chinese citizens counted: {quantities:#?}"));
    assert_eq!(citizens["value"], 2);
    assert_eq!(citizens["counts"]["country"], "CN");
    assert!(citizens["counts"]["entity"].is_string());
}

#[test]
fn harbour_strike_raise_crowns_with_their_dollars_and_vessels() {
    let (_, quantities) = quantities_of(repo("samples/harbour-strike.txt").to_str().unwrap());
    let raise = find(&quantities, "4.5%");
    assert_eq!(raise["kind"], "percent");
    assert_eq!(raise["value"], 4.5);
    assert_eq!(raise["counts"]["text"], "raise");

    let offer = find(&quantities, "12 million crowns");
    assert_eq!(offer["kind"], "money");
    assert_eq!(offer["value"], 12_000_000);
    // Norland's crown is no currency the text or the country settles.
    assert_eq!(offer["currency"], Value::Null);
    assert_eq!(offer["unit"], "crowns");
    assert_eq!(offer["bound"], "about");
    assert_eq!(offer["approximate"], true);
    assert_eq!(offer["stated_conversion"]["value"], 1_100_000);
    assert_eq!(offer["stated_conversion"]["currency"], "USD");

    let vessels = find(&quantities, "14");
    assert_eq!(vessels["kind"], "count");
    assert_eq!(vessels["value"], 14);
    assert_eq!(vessels["bound"], "at_least");
    assert_eq!(vessels["approximate"], true);
    assert_eq!(vessels["counts"]["text"], "vessels");

    let cost = find(&quantities, "3 million crowns");
    assert_eq!(cost["kind"], "money");
    assert_eq!(cost["value"], 3_000_000);
    assert_eq!(cost["bound"], "exact");
}
