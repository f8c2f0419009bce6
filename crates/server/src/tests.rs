//! The router in process, over a store written here, with an analyzer that
//! only segments nothing (the binary's tests run the real pipeline).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::{router, Analyzer, Config};

struct Plain;

impl Analyzer for Plain {
    fn analyze(&self, meta: text::Meta, text: String) -> text::Doc {
        text::Doc::new(meta, text)
    }
    fn output_options(&self) -> schema::OutputOptions {
        schema::OutputOptions::default()
    }
}

fn doc(id: &str, date: &str, text: &str) -> store::Item {
    let meta = text::Meta {
        id: id.into(),
        date: Some(date.into()),
        source: Some("Harbour Wire".into()),
        ..Default::default()
    };
    store::Item::analysed(text::Doc::new(meta, text.into()), "test".into())
}

fn corpus() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let mut s = store::Store::open(&db).unwrap();
    s.write_batch(vec![doc("a", "2026-03-17", "The ferry <b>runs</b> again.")], None)
        .unwrap();
    (dir, Config::new(db, "127.0.0.1:8080".parse().unwrap()))
}

fn call(config: &Config, uri: &str, host: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let app = router(config.clone(), Arc::new(Plain)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = app
            .oneshot(Request::get(uri).header("host", host).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = r.into_parts();
        let body = axum::body::to_bytes(body, 1 << 24).await.unwrap();
        (parts.status, parts.headers, String::from_utf8_lossy(&body).into_owned())
    })
}

#[test]
fn a_loopback_server_answers_only_requests_addressed_to_loopback() {
    let (_dir, config) = corpus();
    assert_eq!(call(&config, "/api/stats", "127.0.0.1:8080").0, StatusCode::OK);
    assert_eq!(call(&config, "/api/stats", "localhost:8080").0, StatusCode::OK);
    let (status, headers, _) = call(&config, "/api/stats", "rebound.example:8080");
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    // Refusals carry the security headers too.
    assert_eq!(headers["x-content-type-options"], "nosniff");
}

#[test]
fn a_document_comes_back_with_its_markup_as_json_text() {
    let (_dir, config) = corpus();
    let (status, headers, body) = call(&config, "/api/documents/1", "127.0.0.1:8080");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(headers["server-timing"].to_str().unwrap().starts_with("analyze;dur="));
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["document"]["text"], "The ferry <b>runs</b> again.");
    assert_eq!(v["analysis"]["date"], "2026-03-17");
}

#[test]
fn cached_answers_are_dropped_when_the_database_changes() {
    let (_dir, config) = corpus();
    let app = router(config.clone(), Arc::new(Plain)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let get = |app: axum::Router| async move {
        let r = app
            .oneshot(
                Request::get("/api/documents")
                    .header("host", "127.0.0.1:8080")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let cache = r.headers().get("x-cache").map(|v| v.to_str().unwrap().to_string());
        let body = axum::body::to_bytes(r.into_body(), 1 << 24).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        (v["total"].as_i64().unwrap(), cache)
    };
    rt.block_on(async {
        assert_eq!(get(app.clone()).await, (1, Some("miss".into())));
        assert_eq!(get(app.clone()).await, (1, Some("hit".into())));
        let mut s = store::Store::open(&config.db).unwrap();
        s.write_batch(vec![doc("b", "2026-03-18", "The port reopened.")], None)
            .unwrap();
        assert_eq!(get(app.clone()).await, (2, Some("miss".into())));
    });
}

#[test]
fn after_a_commit_a_young_answer_is_served_stale_while_it_is_computed_again() {
    let (_dir, mut config) = corpus();
    config.limits.max_stale = std::time::Duration::from_secs(60);
    let app = router(config.clone(), Arc::new(Plain)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let get = |app: axum::Router| async move {
        let r = app
            .oneshot(
                Request::get("/api/documents")
                    .header("host", "127.0.0.1:8080")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let cache = r.headers().get("x-cache").map(|v| v.to_str().unwrap().to_string());
        let age = r.headers().get("age").is_some();
        let body = axum::body::to_bytes(r.into_body(), 1 << 24).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        (v["total"].as_i64().unwrap(), cache, age)
    };
    rt.block_on(async {
        assert_eq!(get(app.clone()).await, (1, Some("miss".into()), false));
        let mut s = store::Store::open(&config.db).unwrap();
        s.write_batch(vec![doc("b", "2026-03-18", "The port reopened.")], None)
            .unwrap();
        // The answer from before the commit, marked, at once.
        assert_eq!(get(app.clone()).await, (1, Some("stale".into()), true));
        // The background run stores the new one.
        let started = std::time::Instant::now();
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            let now = get(app.clone()).await;
            if now.1.as_deref() == Some("hit") {
                assert_eq!(now, (2, Some("hit".into()), false));
                break;
            }
            assert!(started.elapsed().as_secs() < 10, "never refreshed: {now:?}");
        }
    });
}

#[test]
fn page_sizes_and_dates_are_bounded() {
    let (_dir, config) = corpus();
    for uri in [
        "/api/quotes?limit=0",
        "/api/quotes?limit=201",
        "/api/documents?offset=100001",
        "/api/documents?since=2026-3-1",
        "/api/quotes?min_confidence=2",
        "/api/documents?order=oldest",
    ] {
        let (status, _, body) = call(&config, uri, "127.0.0.1:8080");
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.starts_with("{\"error\":"), "{uri}: {body}");
    }
}

#[test]
fn the_write_token_must_match_in_full() {
    let mut h = axum::http::HeaderMap::new();
    let token = "0123456789abcdef";
    assert!(!crate::security::has_token(&h, token));
    for (given, ok) in [
        ("Bearer 0123456789abcdef", true),
        ("Bearer 0123456789abcde", false),
        ("Bearer 0123456789abcdefX", false),
        ("Bearer ", false),
        ("0123456789abcdef", false),
    ] {
        h.insert("authorization", given.parse().unwrap());
        assert_eq!(crate::security::has_token(&h, token), ok, "{given}");
    }
}

#[test]
fn a_short_write_token_is_refused() {
    let (_dir, mut config) = corpus();
    config.write_token = Some("short".into());
    assert!(router(config, Arc::new(Plain)).is_err());
}

#[test]
fn the_openapi_document_names_every_api_route() {
    let doc = crate::openapi();
    let paths: Vec<&String> = doc.paths.paths.keys().collect();
    assert_eq!(paths.len(), 14, "{paths:?}");
    assert!(paths.iter().all(|p| p.starts_with("/api/")));
    for p in [
        "/api/claims",
        "/api/claims/clusters/{id}",
        "/api/disputes",
        "/api/events",
    ] {
        assert!(doc.paths.paths.contains_key(p), "{p} missing: {paths:?}");
    }
}
