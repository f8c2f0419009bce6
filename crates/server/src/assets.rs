//! The page's files, compiled into the binary: no CDN, no build step.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

static INDEX: &str = include_str!("../assets/index.html");
static SCRIPT: &str = include_str!("../assets/app.js");
static STYLE: &str = include_str!("../assets/app.css");
static ICON: &str = include_str!("../assets/favicon.svg");

fn file(content_type: &'static str, body: &'static str) -> impl IntoResponse + Clone {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| async { file("text/html; charset=utf-8", INDEX) }))
        .route(
            "/app.js",
            get(|| async { file("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route("/app.css", get(|| async { file("text/css; charset=utf-8", STYLE) }))
        .route("/favicon.svg", get(|| async { file("image/svg+xml", ICON) }))
}
