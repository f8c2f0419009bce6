//! The JSON API and its OpenAPI document. Each handler checks and bounds
//! its parameters, then calls one store query on a read connection.
//!
//! Adding a list later (claims, disputes) is a handler of the shape of
//! [`list_quotes`] over the store's query function, and one
//! `.routes(routes!(...))` line in [`routes`].

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use store::{
    BatchReport, ClaimCluster, ClaimFilter, ClaimList, DisputeFilter, DisputeList, DocumentFilter, DocumentPage,
    EgoNetwork, EntityFilter, EntityPage, EntityProfile, EventFilter, EventList, MergeRow, QuoteMonth, QuotePage,
    QuoteQuery, SearchHit, StoredDocument, Totals,
};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{assets, security, AppState};

type AppRef = Arc<AppState>;

/// An error as the API returns it: a status and `{"error": "..."}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// What went wrong, for a person.
    error: String,
}

impl ApiError {
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    pub(crate) fn internal(what: &str) -> ApiError {
        tracing::error!("{what}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error (see the server's log)".into(),
        }
    }
    pub(crate) fn busy() -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "the server is shutting down".into(),
        }
    }
    pub(crate) fn read_only() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            message: "this server is read-only: start it with --allow-write --token T to allow writes".into(),
        }
    }
}

impl From<store::Error> for ApiError {
    fn from(e: store::Error) -> ApiError {
        match e {
            store::Error::NotFound(m) => ApiError {
                status: StatusCode::NOT_FOUND,
                message: m,
            },
            e @ store::Error::Search { .. } => ApiError::bad_request(e.to_string()),
            e => ApiError::internal(&e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.message })).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

// ------------------------------------------------------------ parameters

/// Checks parameters against the server's limits.
struct Check<'a>(&'a AppState);

impl Check<'_> {
    /// A trimmed, bounded text parameter; empty is none.
    fn text(&self, name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
        let Some(v) = v else { return Ok(None) };
        let v = v.trim();
        if v.chars().count() > self.0.config.limits.max_param_chars {
            return Err(ApiError::bad_request(format!(
                "{name} is longer than {} characters",
                self.0.config.limits.max_param_chars
            )));
        }
        Ok((!v.is_empty()).then(|| v.to_string()))
    }

    /// A `YYYY-MM-DD` date parameter.
    fn date(&self, name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name, v)? else { return Ok(None) };
        let b = v.as_bytes();
        let ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !ok {
            return Err(ApiError::bad_request(format!("{name} {v:?} is not a date YYYY-MM-DD")));
        }
        Ok(Some(v))
    }

    /// Offset and limit within bounds.
    fn page(&self, offset: Option<usize>, limit: Option<usize>) -> Result<(usize, usize), ApiError> {
        let l = &self.0.config.limits;
        let offset = offset.unwrap_or(0);
        let limit = limit.unwrap_or(50);
        if offset > l.max_offset {
            return Err(ApiError::bad_request(format!("offset is over {}", l.max_offset)));
        }
        if limit == 0 || limit > l.max_page {
            return Err(ApiError::bad_request(format!("limit must be 1 to {}", l.max_page)));
        }
        Ok((offset, limit))
    }
}

/// Filters of the document list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DocumentParams {
    /// Words of the title or text (stems match; FTS5 syntax passes through).
    q: Option<String>,
    /// Outlet, exactly.
    source: Option<String>,
    /// From this date, YYYY-MM-DD.
    since: Option<String>,
    /// Up to this date, YYYY-MM-DD.
    until: Option<String>,
    /// `newest` (default) or `relevance`.
    order: Option<String>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// Filters of the quote list; every one given must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QuoteParams {
    /// Words of what was said or of the speaker's name.
    q: Option<String>,
    /// Said by a speaker or entity with these words in its name.
    speaker: Option<String>,
    /// Mentioning an entity with these words in its name.
    about: Option<String>,
    /// Said by this corpus entity.
    speaker_id: Option<i64>,
    /// Mentioning this corpus entity.
    about_id: Option<i64>,
    /// Outlet, exactly.
    source: Option<String>,
    /// From this date, YYYY-MM-DD.
    since: Option<String>,
    /// Up to this date, YYYY-MM-DD.
    until: Option<String>,
    /// Least confidence, 0 to 1 (default 0.5, as `dossier quotes`).
    min_confidence: Option<f64>,
    /// Count facets over the newest 1000 matches (default true); false
    /// leaves them empty and answers faster.
    facets: Option<bool>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// Filters of the claim list; every one given must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ClaimParams {
    /// About an entity with these words in its name.
    about: Option<String>,
    /// asserted, denied, unverified, confirmed, retracted or questioned.
    status: Option<String>,
    /// Made by a source with these words in its name.
    source: Option<String>,
    /// From this date, YYYY-MM-DD.
    since: Option<String>,
    /// Up to this date, YYYY-MM-DD.
    until: Option<String>,
    /// Least confidence, 0 to 1 (default 0.5).
    min_confidence: Option<f64>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// Filters of the dispute list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DisputeParams {
    /// About an entity with these words in its name.
    about: Option<String>,
    /// With evidence on or after this date, YYYY-MM-DD.
    since: Option<String>,
    /// Arisen on or before this date, YYYY-MM-DD.
    until: Option<String>,
    /// Pieces of evidence per side (default 10, at most the page limit);
    /// `evidence_total` says how many there are.
    evidence: Option<usize>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// Filters of the event list; every one given must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventParams {
    /// Done by this entity (any name variant) or group.
    actor: Option<String>,
    /// Done to this entity or group.
    target: Option<String>,
    /// PLOVER type (ASSAULT, ACCUSE, ...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    event_type: Option<String>,
    /// ISO 3166 alpha-2 code of the actor's, target's or place's country.
    country: Option<String>,
    /// From this date, YYYY-MM-DD.
    since: Option<String>,
    /// Up to this date, YYYY-MM-DD.
    until: Option<String>,
    /// Leave out negated and hedged events.
    factual: Option<bool>,
    /// Least confidence, 0 to 1 (default 0).
    min_confidence: Option<f64>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// Filters of the entity list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EntityParams {
    /// Words of a name.
    q: Option<String>,
    /// PERSON, ORG, GPE, NORP, LOC, FAC or EVENT.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    etype: Option<String>,
    /// Rows to skip.
    offset: Option<usize>,
    /// Rows to return (default 50).
    limit: Option<usize>,
}

/// How many of the latest quotes a profile shows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ProfileParams {
    /// Latest quotes by and about it (default 10, at most 50).
    quotes: Option<usize>,
}

/// How big an ego network to draw.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NetworkParams {
    /// Co-mentioned entities (default 10, at most 30); half as many speakers are added.
    size: Option<usize>,
}

/// Full-text search words.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// Words (stems match; FTS5 syntax passes through).
    q: String,
    /// At most this many articles and this many quotes (default 20).
    limit: Option<usize>,
}

/// A text to analyse.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AnalyzeRequest {
    /// Plain text.
    text: String,
    /// Publication date, YYYY-MM-DD: relative dates resolve against it.
    date: Option<String>,
    /// Headline.
    title: Option<String>,
    /// Outlet.
    source: Option<String>,
    /// Where it was published.
    url: Option<String>,
    /// The input's own id (default: a hash of the text).
    id: Option<String>,
}

// -------------------------------------------------------------- responses

/// A document, its analysis, and where its entities are in the corpus.
#[derive(Serialize, ToSchema)]
pub(crate) struct DocumentView {
    /// The stored document with its text.
    document: StoredDocument,
    /// The analysis as `dossier analyze` writes it (`dossier/1`; JSON
    /// Schema in `crates/schema/dossier-1.schema.json`) without `text`,
    /// which is `document.text`: entities, quotes, claims, events, times,
    /// quantities, all as byte offsets into that text.
    #[schema(value_type = Object)]
    analysis: Shared,
    /// Corpus entity id of each analysis entity (`e1` → 42).
    entity_ids: BTreeMap<String, i64>,
    /// What running the pipeline cost, in milliseconds (0 when cached).
    analysis_ms: f64,
}

/// An analysis shared with the cache (serde's `rc` feature would rebuild
/// every crate of the workspace for this one use).
pub(crate) struct Shared(Arc<serde_json::Value>);

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_ref().serialize(s)
    }
}

/// An entity's profile and its quotes by month.
#[derive(Serialize, ToSchema)]
pub(crate) struct EntityView {
    /// Roles over time, mentions by month, co-mentions, latest quotes.
    profile: EntityProfile,
    /// Quotes by and about it, by month.
    quote_months: Vec<QuoteMonth>,
}

/// What a write stored.
#[derive(Serialize, ToSchema)]
pub(crate) struct Stored {
    /// The document row now holding the text.
    document_id: Option<i64>,
    /// What was added.
    report: BatchReport,
}

// --------------------------------------------------------------- handlers

/// Row counts of the corpus.
#[utoipa::path(get, path = "/api/stats", tag = "corpus", responses((status = 200, body = Totals)))]
async fn stats(State(s): State<AppRef>) -> ApiResult<Totals> {
    Ok(Json(s.read(|st| st.totals()).await?))
}

/// Documents, newest (or best matching) first, with outlet and month facets.
#[utoipa::path(get, path = "/api/documents", tag = "documents", params(DocumentParams),
    responses((status = 200, body = DocumentPage), (status = 400, body = ErrorBody)))]
async fn list_documents(State(s): State<AppRef>, Query(p): Query<DocumentParams>) -> ApiResult<DocumentPage> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let order = match p.order.as_deref() {
        None | Some("newest") => store::Order::Newest,
        Some("relevance") => store::Order::Relevance,
        Some(o) => return Err(ApiError::bad_request(format!("order {o:?} is not newest or relevance"))),
    };
    let f = DocumentFilter {
        text: c.text("q", p.q)?,
        source: c.text("source", p.source)?,
        since: c.date("since", p.since)?,
        until: c.date("until", p.until)?,
        offset,
        limit,
        order,
    };
    Ok(Json(s.read(move |st| st.documents(&f)).await?))
}

/// One document with its full analysis (the pipeline runs again on the
/// stored text with its stored date; `Server-Timing` says what it cost).
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = i64, Path, description = "Document row id")),
    responses((status = 200, body = DocumentView), (status = 404, body = ErrorBody)))]
async fn get_document(State(s): State<AppRef>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let document = s.read(move |st| st.document(id)).await?;
    let cached = s
        .analyses
        .lock()
        .ok()
        .and_then(|c| c.iter().find(|(d, _)| *d == id).map(|(_, a)| Arc::clone(a)));
    let started = Instant::now();
    let analysis = match cached {
        Some(a) => a,
        None => {
            let meta = text::Meta {
                id: document.input_id.clone(),
                source: document.source.clone(),
                url: document.url.clone(),
                title: document.title.clone(),
                authors: document.authors.clone(),
                date: document.date.clone(),
            };
            let a = Arc::new(analyse(&s, meta, document.text.clone(), false).await?);
            if let Ok(mut c) = s.analyses.lock() {
                c.retain(|(d, _)| *d != id);
                if c.len() >= crate::ANALYSIS_CACHE {
                    c.remove(0);
                }
                c.push((id, Arc::clone(&a)));
            }
            a
        }
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let keys: Vec<(String, String)> = analysis["entities"]
        .as_array()
        .map(|es| {
            es.iter()
                .filter_map(|e| Some((e["id"].as_str()?.to_string(), e["key"].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let entity_ids = s
        .read(move |st| {
            let ks: Vec<&str> = keys.iter().map(|(_, k)| k.as_str()).collect();
            let ids = st.entity_ids_for_keys(&ks)?;
            Ok(keys
                .iter()
                .zip(ids)
                .filter_map(|((e, _), id)| Some((e.clone(), id?)))
                .collect::<BTreeMap<_, _>>())
        })
        .await?;
    let view = DocumentView {
        document,
        analysis: Shared(analysis),
        entity_ids,
        analysis_ms: (ms * 100.0).round() / 100.0,
    };
    let mut response = Json(view).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("analyze;dur={ms:.2}")) {
        response.headers_mut().insert("server-timing", v);
    }
    Ok(response)
}

/// Run the pipeline off the async threads, at most `analyses` at once.
async fn analyse(s: &AppRef, meta: text::Meta, text: String, keep_text: bool) -> Result<serde_json::Value, ApiError> {
    let _permit = s.analysis_permits.acquire().await.map_err(|_| ApiError::busy())?;
    let analyzer = Arc::clone(&s.analyzer);
    tokio::task::spawn_blocking(move || {
        let doc = analyzer.analyze(meta, text);
        let opts = analyzer.output_options();
        let mut v = serde_json::to_value(schema::DocOut::new(&doc, &opts))
            .map_err(|e| ApiError::internal(&format!("cannot write the analysis: {e}")))?;
        if !keep_text {
            if let Some(o) = v.as_object_mut() {
                o.remove("text");
            }
        }
        Ok(v)
    })
    .await
    .map_err(|e| ApiError::internal(&format!("analysis failed: {e}")))?
}

/// Quotes, newest first, with outlet, month and speaker facets.
#[utoipa::path(get, path = "/api/quotes", tag = "quotes", params(QuoteParams),
    responses((status = 200, body = QuotePage), (status = 400, body = ErrorBody)))]
async fn list_quotes(State(s): State<AppRef>, Query(p): Query<QuoteParams>) -> ApiResult<QuotePage> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let min_confidence = p.min_confidence.unwrap_or(0.5);
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(ApiError::bad_request("min_confidence must be 0 to 1"));
    }
    let q = QuoteQuery {
        text: c.text("q", p.q)?,
        speaker: c.text("speaker", p.speaker)?,
        about: c.text("about", p.about)?,
        speaker_entity: p.speaker_id,
        about_entity: p.about_id,
        source: c.text("source", p.source)?,
        since: c.date("since", p.since)?,
        until: c.date("until", p.until)?,
        min_confidence,
        offset,
        limit,
        no_facets: !p.facets.unwrap_or(true),
    };
    Ok(Json(s.read(move |st| st.quote_page(&q)).await?))
}

fn confidence(v: Option<f64>, default: f64) -> Result<f64, ApiError> {
    let v = v.unwrap_or(default);
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(ApiError::bad_request("min_confidence must be 0 to 1"))
    }
}

/// Claims, newest first, by subject, status, source and date.
#[utoipa::path(get, path = "/api/claims", tag = "claims", params(ClaimParams),
    responses((status = 200, body = ClaimList), (status = 400, body = ErrorBody)))]
async fn list_claims(State(s): State<AppRef>, Query(p): Query<ClaimParams>) -> ApiResult<ClaimList> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let f = ClaimFilter {
        about: c.text("about", p.about)?,
        status: c.text("status", p.status)?,
        source: c.text("source", p.source)?,
        since: c.date("since", p.since)?,
        until: c.date("until", p.until)?,
        min_confidence: confidence(p.min_confidence, 0.5)?,
        limit,
        offset,
    };
    Ok(Json(s.read(move |st| st.claims(&f)).await?))
}

/// One claim cluster: the same proposition across the corpus, with its claims.
#[utoipa::path(get, path = "/api/claims/clusters/{id}", tag = "claims",
    params(("id" = i64, Path, description = "Cluster id")),
    responses((status = 200, body = ClaimCluster), (status = 404, body = ErrorBody)))]
async fn get_claim_cluster(State(s): State<AppRef>, Path(id): Path<i64>) -> ApiResult<ClaimCluster> {
    Ok(Json(s.read(move |st| st.claim_cluster(id)).await?))
}

/// Disputes: clusters one source asserts and another denies, newest first.
#[utoipa::path(get, path = "/api/disputes", tag = "claims", params(DisputeParams),
    responses((status = 200, body = DisputeList), (status = 400, body = ErrorBody)))]
async fn list_disputes(State(s): State<AppRef>, Query(p): Query<DisputeParams>) -> ApiResult<DisputeList> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let f = DisputeFilter {
        about: c.text("about", p.about)?,
        since: c.date("since", p.since)?,
        until: c.date("until", p.until)?,
        limit,
        offset,
        evidence: c.page(None, Some(p.evidence.unwrap_or(10)))?.1,
    };
    Ok(Json(s.read(move |st| st.disputes(&f)).await?))
}

/// Political events, newest first, by actor, target, type, country and date.
#[utoipa::path(get, path = "/api/events", tag = "events", params(EventParams),
    responses((status = 200, body = EventList), (status = 400, body = ErrorBody)))]
async fn list_events(State(s): State<AppRef>, Query(p): Query<EventParams>) -> ApiResult<EventList> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let f = EventFilter {
        actor: c.text("actor", p.actor)?,
        target: c.text("target", p.target)?,
        event_type: c.text("type", p.event_type)?,
        country: c.text("country", p.country)?,
        since: c.date("since", p.since)?,
        until: c.date("until", p.until)?,
        factual_only: p.factual.unwrap_or(false),
        min_confidence: confidence(p.min_confidence, 0.0)?,
        limit,
        offset,
    };
    Ok(Json(s.read(move |st| st.events(&f)).await?))
}

/// Corpus entities: by name, or all by documents.
#[utoipa::path(get, path = "/api/entities", tag = "entities", params(EntityParams),
    responses((status = 200, body = EntityPage), (status = 400, body = ErrorBody)))]
async fn list_entities(State(s): State<AppRef>, Query(p): Query<EntityParams>) -> ApiResult<EntityPage> {
    let c = Check(&s);
    let (offset, limit) = c.page(p.offset, p.limit)?;
    let f = EntityFilter {
        text: c.text("q", p.q)?,
        etype: c.text("type", p.etype)?,
        offset,
        limit,
    };
    Ok(Json(s.read(move |st| st.entity_list(&f)).await?))
}

/// An entity's profile: roles over time, mentions and quotes by month,
/// co-mentioned entities, latest quotes by and about it.
#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = i64, Path, description = "Corpus entity id"), ProfileParams),
    responses((status = 200, body = EntityView), (status = 404, body = ErrorBody)))]
async fn get_entity(
    State(s): State<AppRef>,
    Path(id): Path<i64>,
    Query(p): Query<ProfileParams>,
) -> ApiResult<EntityView> {
    let quotes = p.quotes.unwrap_or(10).min(50);
    Ok(Json(
        s.read(move |st| {
            Ok(EntityView {
                profile: st.entity_profile(id, quotes)?,
                quote_months: st.quote_months(id)?,
            })
        })
        .await?,
    ))
}

/// The entities around one and who of them is quoted about whom.
#[utoipa::path(get, path = "/api/entities/{id}/network", tag = "entities",
    params(("id" = i64, Path, description = "Corpus entity id"), NetworkParams),
    responses((status = 200, body = EgoNetwork), (status = 404, body = ErrorBody)))]
async fn entity_network(
    State(s): State<AppRef>,
    Path(id): Path<i64>,
    Query(p): Query<NetworkParams>,
) -> ApiResult<EgoNetwork> {
    let size = p.size.unwrap_or(10).clamp(1, 30);
    Ok(Json(s.read(move |st| st.ego_network(id, size)).await?))
}

/// Full-text search over articles and quotes, as `dossier search`.
#[utoipa::path(get, path = "/api/search", tag = "corpus", params(SearchParams),
    responses((status = 200, body = Vec<SearchHit>), (status = 400, body = ErrorBody)))]
async fn search(State(s): State<AppRef>, Query(p): Query<SearchParams>) -> ApiResult<Vec<SearchHit>> {
    let c = Check(&s);
    let q = c.text("q", Some(p.q))?.unwrap_or_default();
    let (_, limit) = c.page(None, Some(p.limit.unwrap_or(20)))?;
    Ok(Json(s.read(move |st| st.search(&q, limit)).await?))
}

/// Analyse a posted text (nothing is stored).
#[utoipa::path(post, path = "/api/analyze", tag = "analysis", request_body = AnalyzeRequest,
    responses((status = 200, description = "The analysis (`dossier/1`)", body = Object),
        (status = 400, body = ErrorBody), (status = 413, description = "Body too large")))]
async fn analyze(State(s): State<AppRef>, Json(r): Json<AnalyzeRequest>) -> Result<Response, ApiError> {
    let (meta, text) = request_doc(&s, r)?;
    let started = Instant::now();
    let v = analyse(&s, meta, text, true).await?;
    let mut response = Json(v).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("analyze;dur={:.2}", started.elapsed().as_secs_f64() * 1000.0)) {
        response.headers_mut().insert("server-timing", v);
    }
    Ok(response)
}

fn request_doc(s: &AppState, r: AnalyzeRequest) -> Result<(text::Meta, String), ApiError> {
    let c = Check(s);
    if r.text.trim().is_empty() {
        return Err(ApiError::bad_request("text is empty"));
    }
    let text = r.text.replace("\r\n", "\n");
    let meta = text::Meta {
        id: c.text("id", r.id)?.unwrap_or_else(|| text::stable_id(&[&text])),
        source: c.text("source", r.source)?,
        url: c.text("url", r.url)?,
        title: c.text("title", r.title)?,
        authors: Vec::new(),
        date: c.date("date", r.date)?,
    };
    Ok((meta, text))
}

fn authorize(s: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match &s.config.write_token {
        None => Err(ApiError::read_only()),
        Some(t) if security::has_token(headers, t) => Ok(()),
        Some(_) => Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "writes need the header Authorization: Bearer TOKEN".into(),
        }),
    }
}

/// Analyse a posted text and store it (needs the write token).
#[utoipa::path(post, path = "/api/documents", tag = "documents", request_body = AnalyzeRequest,
    security(("token" = [])),
    responses((status = 200, body = Stored), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn store_document(
    State(s): State<AppRef>,
    headers: HeaderMap,
    Json(r): Json<AnalyzeRequest>,
) -> ApiResult<Stored> {
    authorize(&s, &headers)?;
    let (meta, text) = request_doc(&s, r)?;
    let _permit = s.analysis_permits.acquire().await.map_err(|_| ApiError::busy())?;
    let analyzer = Arc::clone(&s.analyzer);
    let doc = tokio::task::spawn_blocking(move || analyzer.analyze(meta, text))
        .await
        .map_err(|e| ApiError::internal(&format!("analysis failed: {e}")))?;
    let hash = doc.content_hash.clone();
    let stored = s
        .write(move |st| {
            let report = st.write_batch(vec![store::Item::analysed(doc, "api".into())], None)?;
            Ok(Stored {
                document_id: st.document_id_by_hash(&hash)?,
                report,
            })
        })
        .await?;
    Ok(Json(stored))
}

/// Undo a merge of name variants (needs the write token).
#[utoipa::path(post, path = "/api/merges/{id}/undo", tag = "entities", security(("token" = [])),
    params(("id" = i64, Path, description = "Merge id")),
    responses((status = 200, body = MergeRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn undo_merge(State(s): State<AppRef>, headers: HeaderMap, Path(id): Path<i64>) -> ApiResult<MergeRow> {
    authorize(&s, &headers)?;
    Ok(Json(s.write(move |st| st.undo_merge(id)).await?))
}

// ------------------------------------------------------------- the router

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dossier",
        description = "Who said what, who disputes it: the corpus store of `dossier ingest` as JSON. \
            Offsets are UTF-8 byte offsets into a document's text. Read-only unless the server was \
            started with `--allow-write --token T`; writes then carry `Authorization: Bearer T`."
    ),
    modifiers(&TokenScheme),
    tags(
        (name = "documents", description = "Stored articles and their analysis"),
        (name = "quotes", description = "Who said what"),
        (name = "entities", description = "People, organisations, places across the corpus"),
        (name = "corpus", description = "Counts and full-text search"),
        (name = "analysis", description = "The pipeline on posted text"),
        (name = "claims", description = "Claims, their clusters across the corpus, and disputes"),
        (name = "events", description = "Political events (PLOVER, CAMEO, ACLED)")
    )
)]
struct ApiDoc;

struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

fn api_router() -> (Router<AppRef>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(stats))
        .routes(routes!(list_documents, store_document))
        .routes(routes!(get_document))
        .routes(routes!(list_quotes))
        .routes(routes!(list_entities))
        .routes(routes!(get_entity))
        .routes(routes!(entity_network))
        .routes(routes!(search))
        .routes(routes!(analyze))
        .routes(routes!(undo_merge))
        .routes(routes!(list_claims))
        .routes(routes!(get_claim_cluster))
        .routes(routes!(list_disputes))
        .routes(routes!(list_events))
        .split_for_parts()
}

/// The OpenAPI document of the API, as `/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().1
}

pub(crate) fn routes(state: AppRef) -> Router {
    let (api, doc) = api_router();
    let doc = Arc::new(doc.to_json().unwrap_or_else(|_| "{}".into()));
    api.route(
        "/openapi.json",
        axum::routing::get(move || {
            let doc = Arc::clone(&doc);
            async move { ([(header::CONTENT_TYPE, "application/json")], doc.as_str().to_owned()) }
        }),
    )
    .merge(assets::routes())
    .fallback(|| async {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: "no such page".into(),
        }
    })
    .layer(axum::extract::DefaultBodyLimit::max(state.config.limits.max_body_bytes))
    .with_state(state)
}
