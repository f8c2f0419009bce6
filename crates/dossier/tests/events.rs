//! The event stage end to end: the seed article's events and a made-up
//! sample's, with their actors, targets, marks and attributions.

mod common;

use common::*;
use serde_json::Value;

fn events_of(path: &str) -> Value {
    let out = dossier(&["analyze", "--date", "2025-04-10", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_lines(&out).remove(0);
    check_document(&doc);
    doc
}

/// The event whose trigger is `trigger`.
fn event<'a>(doc: &'a Value, trigger: &str) -> &'a Value {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["trigger"]["text"] == trigger)
        .unwrap_or_else(|| panic!("no event {trigger:?} in {:#?}", doc["events"]))
}

fn party(e: &Value, role: &str) -> (Option<String>, Option<String>) {
    let p = &e[role];
    (
        p["country"].as_str().map(str::to_string),
        p["sector"].as_str().map(str::to_string),
    )
}

fn pair(country: &str, sector: &str) -> (Option<String>, Option<String>) {
    (Some(country.to_string()), Some(sector.to_string()))
}

/// The speaker's name of the quote with this id.
fn quote_speaker(doc: &Value, id: &str) -> String {
    ["quotes", "quotes_withheld"]
        .iter()
        .flat_map(|k| doc[*k].as_array().unwrap())
        .find(|q| q["id"] == id)
        .and_then(|q| q["speaker"]["name"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn seed_article_capture_summons_objection_and_declaration() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let doc = events_of(seed.to_str().unwrap());

    // Combatants captured by troops: ASSAULT 'abduct' (PLOVER manual), an
    // arrest for ACLED, reported by Zelenskyy.
    let capture = event(&doc, "captured");
    assert_eq!(
        (capture["type"].as_str(), capture["mode"].as_str()),
        (Some("ASSAULT"), Some("abduct"))
    );
    assert_eq!(capture["acled"]["sub_event_type"], "Arrests");
    assert_eq!(party(capture, "actor"), pair("UA", "MIL"));
    assert_eq!(party(capture, "target"), pair("CN", "CVL"));
    assert_eq!(capture["negated"], false);
    assert_eq!(capture["hedged"], false);
    // Where: the next sentence retells the capture with the place.
    assert_eq!(capture["location"]["country"], "UA");
    assert_eq!(capture["location"]["admin1"], "Donetsk");
    assert_eq!(capture["time"], Value::Null);
    let by = capture["attributed_to"]
        .as_str()
        .expect("the capture is Zelenskyy's report");
    assert!(quote_speaker(&doc, by).contains("Zelenskyy"));

    // Summoning an envoy is ACCUSE, not CONSULT (PLOVER manual).
    let summons = event(&doc, "summoned");
    assert_eq!(summons["type"], "ACCUSE");
    assert!(summons["actor"]["name"].as_str().unwrap().contains("Sybiha"));
    assert_eq!(party(summons, "actor"), pair("UA", "GOV"));
    assert_eq!(party(summons, "target"), pair("CN", "GOV"));

    let objection = event(&doc, "objected");
    assert_eq!(objection["type"], "REJECT");
    assert_eq!(party(objection, "actor"), pair("CN", "GOV"));
    assert!(objection["target"]["name"].as_str().unwrap().contains("Zelenskyy"));

    let declaration = event(&doc, "declared");
    assert_eq!(declaration["type"], "AGREE");
    assert_eq!(declaration["actor"]["country"], "RU");
    assert_eq!(declaration["target"]["country"], "CN");

    // Nothing from "the U.S. sanctions regime" (a noun phrase).
    assert!(doc["events"].as_array().unwrap().iter().all(|e| e["type"] != "COERCE"));
}

#[test]
fn made_up_border_article_marks_negated_and_hedged_events() {
    let doc = events_of(repo("samples/border-talks.txt").to_str().unwrap());
    let arrest = event(&doc, "arrested");
    assert_eq!(
        (arrest["type"].as_str(), arrest["mode"].as_str()),
        (Some("COERCE"), Some("arrest"))
    );
    assert_eq!(party(arrest, "actor"), pair("PE", "MIL"));
    assert_eq!(party(arrest, "target"), pair("CL", "MIL"));
    assert_eq!(arrest["acled"]["event_type"], "Strategic developments");

    let condemnation = event(&doc, "condemned");
    assert_eq!(condemnation["type"], "ACCUSE");
    assert_eq!(party(condemnation, "actor"), pair("CL", "GOV"));

    // A threat under a condition did not happen.
    let expulsion = event(&doc, "expel");
    assert_eq!(expulsion["hedged"], true);
    assert!(expulsion["attributed_to"].is_string());

    let meeting = event(&doc, "met");
    assert_eq!(meeting["type"], "CONSULT");
    assert_eq!(party(meeting, "actor"), pair("PE", "GOV"));
    assert_eq!(meeting["target"]["country"], "CL");
    let wednesday = meeting["time"].as_str().expect("the meeting's day");
    let t = doc["times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == wednesday)
        .unwrap();
    assert_eq!(t["value"], "2025-04-09");

    let march = event(&doc, "marched");
    assert_eq!(march["type"], "PROTEST");
    assert_eq!(march["actor"]["sector"], "OPP");

    let attack = event(&doc, "attack");
    assert_eq!(attack["negated"], true);
    assert_eq!(party(attack, "actor"), pair("CL", "MIL"));

    assert_eq!(event(&doc, "rejected")["actor"]["country"], "BO");
}

#[test]
fn modals_plans_and_threats_are_hedged_and_refusals_negated() {
    let doc = analyze_text(
        "Russian troops could attack Kyiv. Iran plans to expel the French ambassador. \
         Police in Paris refused to arrest the protesters. Will Germany sanction Hungary? \
         Egyptian police reportedly detained Ahmed Nabil.",
        &["--date", "2025-04-10"],
    );
    check_document(&doc);
    for e in doc["events"].as_array().unwrap() {
        assert!(
            e["hedged"] == true || e["negated"] == true,
            "reported as having happened: {e:#}"
        );
    }
    assert!(doc["events"].as_array().unwrap().len() >= 3, "{:#}", doc["events"]);
}

#[test]
fn a_possessor_is_the_actor_only_through_a_role_noun() {
    let doc = analyze_text(
        "Hariri's allies accused Syria of the killings. Russia's army attacked Kharkiv.",
        &["--date", "2025-04-10"],
    );
    check_document(&doc);
    let events = doc["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["trigger"]["text"] != "accused"), "{events:#?}");
    let attack = event(&doc, "attacked");
    assert_eq!(party(attack, "actor"), pair("RU", "MIL"));
}

#[test]
fn an_event_is_located_at_the_place_in_its_own_clause() {
    let doc = events_of(repo("samples/border-talks.txt").to_str().unwrap());
    let located = |trigger: &str| {
        let e = event(&doc, trigger);
        (
            e["location"]["name"].as_str().map(str::to_string),
            e["location"]["country"].as_str().map(str::to_string),
        )
    };
    assert_eq!(located("met"), (Some("Geneva".into()), Some("CH".into())));
    assert_eq!(located("marched"), (Some("Lima".into()), Some("PE".into())));
    // The arrest happened "near the border": no place name, no location.
    assert_eq!(located("arrested"), (None, None));
    // Every place the article names is geocoded to its country.
    let places = doc["places"].as_array().unwrap();
    let country_of = |name: &str| {
        places
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["resolved"]["country"].as_str())
            .map(str::to_string)
    };
    assert_eq!(country_of("Geneva").as_deref(), Some("CH"));
    assert_eq!(country_of("Lima").as_deref(), Some("PE"));
}

#[test]
fn petrarch_patterns_code_verbs_dossier_does_not_list() {
    // "stage * protest" is a PETRARCH-2 pattern (CAMEO 141); "heads" is a
    // light verb whose PETRARCH default (060) is not used.
    let doc = analyze_text(
        "Students staged a protest outside the Chilean embassy. The minister heads the Interior Ministry.",
        &["--date", "2025-04-10"],
    );
    check_document(&doc);
    let protest = event(&doc, "staged");
    assert_eq!(
        (protest["type"].as_str(), protest["cameo"].as_str()),
        (Some("PROTEST"), Some("141"))
    );
    assert_eq!(protest["actor"]["sector"], "EDU");
    let events = doc["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["trigger"]["text"] != "heads"), "{events:#?}");
}

#[test]
fn refusals_promises_threats_and_demands_are_coded_as_plover_codes_them() {
    let doc = analyze_text(
        "Chilean President Gabriel Boric refused to meet the Peruvian ambassador. \
         Bolivian troops will attack Peru unless its government withdraws the decree. \
         Chile must release the Peruvian prisoners, Peru's foreign minister said. \
         The Chilean government promised to send aid to Peru.",
        &["--date", "2025-04-10"],
    );
    check_document(&doc);
    let refusal = event(&doc, "refused");
    assert_eq!(
        (refusal["type"].as_str(), refusal["cameo"].as_str()),
        (Some("REJECT"), Some("125"))
    );
    assert_eq!(refusal["target"]["country"], "PE");
    assert_eq!(event(&doc, "meet")["negated"], true);

    let threat = event(&doc, "attack");
    assert_eq!(threat["type"], "THREATEN");
    assert_eq!(threat["hedged"], true);

    // The demand is the speaker's, made of Chile.
    let demand = event(&doc, "release");
    assert_eq!(demand["type"], "REQUEST");
    assert_eq!(demand["hedged"], true);
    assert_eq!(demand["actor"]["country"], "PE");
    assert_eq!(demand["target"]["country"], "CL");

    let promise = event(&doc, "promised");
    assert_eq!(promise["type"], "AGREE");
    assert_eq!(promise["hedged"], false);
    assert_eq!(event(&doc, "send")["hedged"], true);
}
