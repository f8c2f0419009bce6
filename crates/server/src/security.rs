//! The layers every request goes through: host check, size and time
//! bounds, security headers; and the write token check.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::Config;

/// The page's policy: its own script and style files only, no inline code,
/// no plugins, no framing, no form posts, requests to itself only.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Longest request target (path and query) accepted, in bytes.
const MAX_URI_BYTES: usize = 4096;

/// Which `Host` headers a loopback server answers: a page on another site
/// that re-points its own name at 127.0.0.1 (DNS rebinding) sends its own
/// name, and is refused.
#[derive(Clone)]
struct HostCheck {
    allowed: Option<Vec<String>>,
}

pub(crate) fn wrap(app: Router, config: &Config) -> Router {
    let port = config.bind.port();
    let allowed = config.bind.ip().is_loopback().then(|| {
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            config.bind.to_string(),
        ];
        if port == 80 {
            hosts.extend(["127.0.0.1".into(), "localhost".into(), "[::1]".into()]);
        }
        hosts
    });
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    app.layer(axum::middleware::from_fn_with_state(
        HostCheck { allowed },
        check_request,
    ))
    .layer(RequestBodyLimitLayer::new(config.limits.max_body_bytes))
    .layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        config.limits.request_timeout.max(Duration::from_millis(100)),
    ))
    .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
    .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
    .layer(header(header::X_FRAME_OPTIONS, "DENY"))
    .layer(header(header::REFERRER_POLICY, "no-referrer"))
    .layer(header(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ))
    .layer(header(
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ))
    .layer(header(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ))
}

async fn check_request(State(check): State<HostCheck>, request: Request, next: Next) -> Response {
    if request.uri().to_string().len() > MAX_URI_BYTES {
        return (StatusCode::URI_TOO_LONG, "request target too long").into_response();
    }
    if let Some(allowed) = &check.allowed {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) {
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers requests to its loopback address only",
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// Whether the request carries the write token (compared in constant time).
pub(crate) fn has_token(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let mut diff = (a.len() != b.len()) as u8;
    for (i, t) in b.iter().enumerate() {
        diff |= a.get(i).copied().unwrap_or(0) ^ t;
    }
    diff == 0
}
