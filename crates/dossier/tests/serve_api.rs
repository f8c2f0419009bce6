//! `dossier serve` answered over HTTP: a real server on an ephemeral
//! loopback port, over a database of the bundled made-up samples.

mod serving;

use serving::{ingest, repo, Server, PLANTED};

/// A database of the two bundled samples and the planted article.
fn corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("dossier.db");
    let planted = dir.join("planted.txt");
    std::fs::write(&planted, PLANTED).unwrap();
    ingest(
        &db,
        &[
            (&repo("samples/harbour-strike.txt"), "2026-03-17"),
            (&repo("samples/border-talks.txt"), "2026-02-03"),
            (&planted, "2026-03-20"),
        ],
    );
    db
}

#[test]
fn documents_list_with_facets_and_one_document_comes_with_its_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&corpus(dir.path()), &[]);
    let page = server.json("/api/documents?limit=2");
    assert_eq!(page["total"], 3);
    assert_eq!(page["documents"].as_array().unwrap().len(), 2);
    // Newest first.
    assert_eq!(page["documents"][0]["date"], "2026-03-20");
    let months: Vec<&str> = page["facets"]["month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-03", "2026-02"]);
    let older = server.json("/api/documents?limit=2&offset=2");
    assert_eq!(older["documents"][0]["date"], "2026-02-03");

    let found = server.json("/api/documents?q=dock%20workers");
    assert_eq!(found["total"], 1);
    let snippet = found["documents"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains('\u{1}') && snippet.contains('\u{2}'), "{snippet}");

    let id = found["documents"][0]["id"].as_i64().unwrap();
    let r = server.get(&format!("/api/documents/{id}"));
    assert_eq!(r.status, 200);
    assert!(r.header("server-timing").is_some_and(|t| t.starts_with("analyze;dur=")));
    let view: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(view["document"]["text"].as_str().unwrap().starts_with("PORT ELLIS"));
    assert_eq!(view["analysis"]["date"], "2026-03-17");
    assert!(view["analysis"].get("text").is_none(), "the text is sent once");
    let quotes = view["analysis"]["quotes"].as_array().unwrap();
    assert!(
        quotes.iter().any(|q| q["speaker"]["name"] == "Marta Kovacs"),
        "{quotes:?}"
    );
    // Each analysed entity that is stored links to its corpus entity.
    assert!(!view["entity_ids"].as_object().unwrap().is_empty());
    assert_eq!(server.get("/api/documents/999999").status, 404);
}

#[test]
fn quotes_filter_by_speaker_and_entity_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&corpus(dir.path()), &[]);
    let by_name = server.json("/api/quotes?speaker=Kovacs");
    assert!(by_name["total"].as_u64().unwrap() >= 2, "{by_name}");
    assert!(by_name["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["speaker"].as_str().unwrap().contains("Kovacs")));
    assert_eq!(by_name["facets"]["speaker"][0]["value"], "Marta Kovacs");

    let entities = server.json("/api/entities?q=Kovacs&type=PERSON");
    let id = entities["entities"][0]["id"].as_i64().unwrap();
    let by_id = server.json(&format!("/api/quotes?speaker_id={id}"));
    assert_eq!(by_id["total"], by_name["total"]);
    let first = server.json(&format!("/api/quotes?speaker_id={id}&limit=1"));
    let second = server.json(&format!("/api/quotes?speaker_id={id}&limit=1&offset=1"));
    assert_ne!(first["quotes"][0]["id"], second["quotes"][0]["id"]);
    let none = server.json(&format!("/api/quotes?speaker_id={id}&until=2026-01-01"));
    assert_eq!(none["total"], 0);
    let words = server.json("/api/quotes?q=promises");
    assert_eq!(words["total"], 1);

    let view = server.json(&format!("/api/entities/{id}"));
    assert_eq!(view["profile"]["name"], "Marta Kovacs");
    assert!(view["quote_months"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["month"] == "2026-03" && m["by"].as_i64().unwrap() >= 2));
    let net = server.json(&format!("/api/entities/{id}/network"));
    assert_eq!(net["nodes"][0]["id"], id);
    assert!(net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["weight"].as_i64().unwrap() > 0));
    assert_eq!(server.get("/api/entities/999999").status, 404);
    let hits = server.json("/api/search?q=harbour");
    assert!(!hits.as_array().unwrap().is_empty());
}

#[test]
fn openapi_document_describes_every_route_with_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&corpus(dir.path()), &[]);
    let doc = server.json("/openapi.json");
    for path in [
        "/api/documents",
        "/api/documents/{id}",
        "/api/quotes",
        "/api/entities",
        "/api/entities/{id}",
        "/api/entities/{id}/network",
        "/api/search",
        "/api/analyze",
        "/api/stats",
        "/api/merges/{id}/undo",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    for schema in [
        "QuotePage",
        "QuoteRow",
        "DocumentPage",
        "EntityProfile",
        "EgoNetwork",
        "Facets",
    ] {
        assert!(doc["components"]["schemas"].get(schema).is_some(), "{schema} missing");
    }
    let params: Vec<&str> = doc["paths"]["/api/quotes"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in [
        "since",
        "until",
        "speaker",
        "about",
        "min_confidence",
        "offset",
        "limit",
    ] {
        assert!(params.contains(&p), "{p} not in {params:?}");
    }
}

#[test]
fn every_response_is_locked_down_and_every_request_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&corpus(dir.path()), &[]);
    for path in ["/", "/app.js", "/api/stats", "/api/nothing"] {
        let r = server.get(path);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
    }
    assert_eq!(server.get("/").status, 200);
    assert!(server
        .get("/app.js")
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(server.get("/api/nothing").status, 404);
    // Bounds on pages, offsets, text and dates.
    assert_eq!(server.get("/api/quotes?limit=100000").status, 400);
    assert_eq!(server.get("/api/quotes?offset=100000000").status, 400);
    assert_eq!(server.get("/api/quotes?since=yesterday").status, 400);
    assert_eq!(server.get(&format!("/api/quotes?q={}", "a".repeat(400))).status, 400);
    assert_eq!(server.get(&format!("/api/quotes?q={}", "a".repeat(5000))).status, 414);
    assert_eq!(server.get("/api/documents?q=%22unbalanced").status, 400);
    // A page elsewhere that re-points its name at 127.0.0.1 is refused.
    let rebound = serving::request(server.addr, "GET", "/api/stats", &[("Host", "evil.example:80")], None);
    assert_eq!(rebound.status, 421);
    // Read-only: writes are refused, whatever the token.
    let w = server.post(
        "/api/documents",
        &[("Authorization", "Bearer 0123456789abcdef")],
        r#"{"text":"The mayor said no."}"#,
    );
    assert_eq!(w.status, 403, "{}", w.body);
    // Analysis of posted text needs no token but has a bounded body.
    let r = server.post(
        "/api/analyze",
        &[],
        r#"{"text":"\"We are ready,\" the mayor of Port Ellis said on Tuesday.","date":"2026-03-17"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let doc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["quotes"].as_array().unwrap().len(), 1);
    let big = format!(r#"{{"text":"{}"}}"#, "word ".repeat(200_000));
    assert_eq!(server.post("/api/analyze", &[], &big).status, 413);
    assert_eq!(server.json("/api/stats")["documents"], 3, "nothing was written");
}

#[test]
fn writes_need_the_token_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let token = "test-token-0123456789";
    let server = Server::start(&corpus(dir.path()), &["--allow-write", "--token", token]);
    let body = r#"{"text":"The harbour board of Port Ellis met on Friday. \"The ferry runs again in May,\" said its chair, Odile Marchetti.","date":"2026-03-27","title":"Ferry returns"}"#;
    // Answers are cached until the database changes.
    assert_eq!(server.json("/api/stats")["documents"], 3);
    let again = server.get("/api/stats");
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(server.post("/api/documents", &[], body).status, 401);
    assert_eq!(
        server
            .post(
                "/api/documents",
                &[("Authorization", "Bearer wrong-token-0123456")],
                body
            )
            .status,
        401
    );
    let auth = format!("Bearer {token}");
    let r = server.post("/api/documents", &[("Authorization", &auth)], body);
    assert_eq!(r.status, 200, "{}", r.body);
    let stored: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(stored["report"]["documents"], 1);
    let id = stored["document_id"].as_i64().unwrap();
    assert_eq!(
        server.json(&format!("/api/documents/{id}"))["document"]["title"],
        "Ferry returns"
    );
    // The write changed the files: the cached count is not served again.
    assert_eq!(server.json("/api/stats")["documents"], 4);
}

#[test]
fn events_claims_and_disputes_are_served_with_their_filters() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&corpus(dir.path()), &[]);
    // The border sample's meeting in Geneva, by the place's country.
    let events = server.json("/api/events?country=CH");
    assert_eq!(events["total"], 1, "{events:#}");
    assert_eq!(events["events"][0]["type"], "CONSULT");
    assert_eq!(events["events"][0]["location"], "Geneva");
    let factual = server.json("/api/events?factual=true&limit=200");
    assert!(factual["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["negated"] == false && e["hedged"] == false));
    // Claims and disputes answer with their lists (whatever the stage
    // finds in the samples), and bad filters are refused.
    let claims = server.json("/api/claims?limit=5");
    assert!(claims["claims"].is_array(), "{claims:#}");
    let disputes = server.json("/api/disputes");
    assert!(disputes["disputes"].is_array(), "{disputes:#}");
    assert_eq!(server.get("/api/claims?min_confidence=2").status, 400);
    assert_eq!(server.get("/api/events?since=yesterday").status, 400);
    let api = server.json("/openapi.json");
    for path in [
        "/api/claims",
        "/api/disputes",
        "/api/events",
        "/api/claims/clusters/{id}",
    ] {
        assert!(
            api["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}
