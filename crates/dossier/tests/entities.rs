//! The entity stage on the seed article and on made-up text.

mod common;
use common::{analyze_text, dossier, json_lines, shared};

fn entity<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no entity named {name}"))
}

fn mention_texts(e: &serde_json::Value) -> Vec<(String, String)> {
    e["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap().to_string(),
                m["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn seed_article_people_roles_places_and_coreference() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let out = dossier(&["analyze", seed.to_str().unwrap(), "--date", "2025-04-10"]);
    assert!(out.status.success());
    let doc = &json_lines(&out)[0];
    let text = doc["text"].as_str().unwrap();
    for (name, role) in [
        ("Volodymyr Zelenskyy", "President"),
        ("Andrii Sybiha", "Foreign Minister"),
        ("Lin Jian", "spokesperson"),
        ("Tammy Bruce", "spokesperson"),
        ("Bart De Wever", "Prime Minister"),
        ("Vladimir Putin", "Russian President"),
        ("Xi Jinping", "President"),
    ] {
        let e = entity(doc, name);
        assert_eq!(e["type"], "PERSON", "{name}");
        let roles: Vec<&str> = e["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(roles.iter().any(|r| r.contains(role)), "{name}: roles {roles:?}");
    }
    // Every "Zelenskyy" is the president; so is the "he" before "wrote".
    let z = entity(doc, "Volodymyr Zelenskyy");
    let zm = mention_texts(z);
    let n_surname = text.matches("Zelenskyy").count();
    assert_eq!(zm.iter().filter(|(t, _)| t.contains("Zelenskyy")).count(), n_surname);
    let wrote = text.find("he wrote").expect("he wrote");
    assert!(z["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["start"].as_u64() == Some(wrote as u64)));
    // "the foreign minister" is Sybiha.
    let s = entity(doc, "Andrii Sybiha");
    assert!(mention_texts(s)
        .iter()
        .any(|(t, k)| t == "the foreign minister" && k == "nominal"));
    // Organisations and places.
    let orgs: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "ORG")
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(orgs.contains(&"Foreign Ministry"), "{orgs:?}");
    assert!(orgs.iter().any(|o| o.contains("State Department")), "{orgs:?}");
    let fm = entity(doc, "Foreign Ministry");
    assert_eq!(fm["country"], "CN");
    for place in ["Donetsk", "Kyiv", "Moscow", "Kursk"] {
        let found = doc["entities"].as_array().unwrap().iter().any(|e| {
            matches!(e["type"].as_str(), Some("GPE" | "LOC" | "FAC"))
                && e["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["text"].as_str().unwrap().starts_with(place))
        });
        assert!(found, "{place} is not a place");
    }
    let x_is_place = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["mentions"].as_array().unwrap().iter().any(|m| m["text"] == "X"));
    assert!(!x_is_place, "X (the platform) is not an entity");
    // A nationality in the plural is a group; a country's name before a
    // newspaper's noun is the newspaper.
    let type_of_mention = |text: &str| {
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["mentions"].as_array().unwrap().iter().any(|m| m["text"] == text))
            .map(|e| e["type"].as_str().unwrap().to_string())
    };
    assert_eq!(type_of_mention("North Koreans").as_deref(), Some("NORP"));
    assert_eq!(type_of_mention("Japan"), None, "no entity is 'Japan' alone");
    // Speakers carry entity ids.
    let quotes = doc["quotes"].as_array().unwrap();
    let groundless = quotes
        .iter()
        .find(|q| q["content"]["text"].as_str().unwrap().contains("groundless"))
        .unwrap();
    let e = groundless["speaker"]["entity"].as_str().unwrap();
    let ent = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == e)
        .unwrap();
    assert_eq!(ent["type"], "ORG");
}

#[test]
fn capital_as_subject_is_its_government_and_keys_are_stable() {
    let doc = &analyze_text(
        "Beijing said on Monday that the talks had failed. Officials in Beijing declined to comment.\n\n\
         Prime Minister Jane Okafor met the delegation. Okafor said she was disappointed.\n",
        &[],
    );
    let china = entity(doc, "China");
    assert_eq!(china["type"], "GPE");
    assert_eq!(china["metonymy"], "government");
    assert_eq!(china["key"], "GPE:wiki:China");
    let m = &china["mentions"][0];
    assert_eq!(m["text"], "Beijing");
    assert_eq!(m["metonymy"], "government");
    // "in Beijing" is the city, not the government.
    let city = entity(doc, "Beijing");
    assert!(city["metonymy"].is_null());
    let okafor = entity(doc, "Jane Okafor");
    assert_eq!(okafor["type"], "PERSON");
    let texts = mention_texts(okafor);
    assert!(texts.contains(&("Okafor".to_string(), "name".to_string())), "{texts:?}");
    assert!(texts.contains(&("she".to_string(), "pronoun".to_string())), "{texts:?}");
}

#[test]
fn pronouns_agree_in_gender_and_a_surname_joins_the_person_named_last() {
    let doc = &analyze_text(
        "Bill Clinton spoke first. Later Hillary Clinton arrived at the rally with Donald Trump.\n\n\
         Clinton said the race was close. Trump smiled, and she said it was not over.\n\n\
         Sen. Bernie Sanders spoke last. The senator said he was proud.\n",
        &[],
    );
    // "Clinton" joins Hillary Clinton, mentioned after Bill Clinton.
    let hillary = mention_texts(entity(doc, "Hillary Clinton"));
    assert!(
        hillary.contains(&("Clinton".to_string(), "name".to_string())),
        "{hillary:?}"
    );
    // "she" skips Trump, the latest person, for the latest woman.
    assert!(
        hillary.contains(&("she".to_string(), "pronoun".to_string())),
        "{hillary:?}"
    );
    let trump = mention_texts(entity(doc, "Donald Trump"));
    assert!(!trump.iter().any(|(t, _)| t == "she"), "{trump:?}");
    // "the senator" finds the "Sen." before his name.
    let sanders = mention_texts(entity(doc, "Bernie Sanders"));
    assert!(
        sanders.contains(&("The senator".to_string(), "nominal".to_string())),
        "{sanders:?}"
    );
}

#[test]
fn a_title_case_headline_keeps_only_the_names_the_body_confirms() {
    let doc = &analyze_text(
        "Mayor Anna Weber Slams Governor Tom Reyes Over Budget Cuts\n\n\
         Mayor Anna Weber criticized the budget cuts on Monday, calling them a blow to the city. \
         Governor Tom Reyes defended the cuts and said the state had no choice over spending.\n\n\
         Weber said she would fight the plan. Reyes said the budget would pass.\n",
        &[],
    );
    let names: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    // The headline's run of capitals is two people, not one name; its
    // plain words are no names at all.
    for bad in ["Over", "Budget Cuts", "Over Budget Cuts"] {
        assert!(!names.contains(&bad), "{bad} in {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("Slams")), "{names:?}");
    let weber = mention_texts(entity(doc, "Anna Weber"));
    assert!(
        weber.iter().filter(|(t, _)| t == "Anna Weber").count() >= 2,
        "{weber:?}"
    );
    let reyes = mention_texts(entity(doc, "Tom Reyes"));
    assert!(reyes.iter().filter(|(t, _)| t == "Tom Reyes").count() >= 2, "{reyes:?}");
}

#[test]
fn capitalised_common_words_are_no_names_and_lower_case_places_are() {
    // Made-up lines. The recogniser alone takes "Email" for a person,
    // "Smart Phone" and "Fri" for organisations, and misses "chicago".
    let doc = analyze_text(
        "Email : jdoe@example.org\n\nWe tried the Smart Phone at the store.\n\nThe meeting moved to Fri at noon.\n\ni moved from chicago to kerala last year.",
        &[],
    );
    let names: Vec<(String, String)> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for word in ["Email", "Smart Phone", "Fri"] {
        assert!(!names.iter().any(|(n, _)| n == word), "{word} is no name: {names:?}");
    }
    assert!(names.contains(&("chicago".to_string(), "GPE".to_string())), "{names:?}");
}

#[test]
fn titles_days_and_job_labels_stay_out_of_names() {
    // Made-up lines.
    let doc = analyze_text(
        "Dr Joseph Miller retired in May.\n\n\
         Marines took most of Kandahar Wednesday, officials said.\n\n\
         Team 2: Bryan Hollis - Analyst, Petra Lindqvist - Associate\n\n\
         Republican Susan Collins met Donald Trump November 13 at the William J. Clinton Foundation.\n",
        &[],
    );
    let mentions: Vec<String> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap().iter())
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    for m in &mentions {
        for bad in [
            "Dr",
            "Wednesday",
            "Analyst",
            "Associate",
            "Republican Susan",
            "November",
        ] {
            assert!(!m.contains(bad), "{bad} inside the mention {m:?}: {mentions:?}");
        }
    }
    assert!(mentions.iter().any(|m| m == "Joseph Miller"), "{mentions:?}");
    assert!(mentions.iter().any(|m| m == "Susan Collins"), "{mentions:?}");
    let foundation = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str().unwrap().ends_with("Clinton Foundation"));
    assert!(foundation.is_some_and(|e| e["type"] == "ORG"), "{foundation:?}");
}
