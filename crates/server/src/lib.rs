//! dossier's newsroom view: a JSON API over the corpus store, its OpenAPI
//! document (`/openapi.json`, generated from the handlers' types), and a
//! web page (`/`) whose files are compiled into the binary.
//!
//! The API is a thin layer over the store's query functions
//! (`dossier_store::Store::documents`, `quote_page`, `entity_profile`, ...):
//! no SQL lives here. A document's full analysis is not kept in the store,
//! so `GET /api/documents/{id}` runs the pipeline again over the stored
//! text with its stored metadata (through [`Analyzer`], which the binary
//! implements with `dossier::Pipeline`; this crate does not depend on the
//! pipeline) and reports what that cost in a `Server-Timing` header.
//!
//! Safe by default: the binary binds loopback, requests must name a
//! loopback host when it does (no DNS rebinding), nothing is written unless
//! the server was started with a write token, every body, query string,
//! page and request has a bound, and every response carries a strict
//! Content-Security-Policy (the page's script is a file: no inline script
//! runs) and `X-Content-Type-Options: nosniff`.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # struct Plain;
//! # impl dossier_server::Analyzer for Plain {
//! #     fn analyze(&self, meta: text::Meta, text: String) -> text::Doc { text::Doc::new(meta, text) }
//! #     fn output_options(&self) -> schema::OutputOptions { Default::default() }
//! # }
//! let config = dossier_server::Config::new("dossier.db".into(), "127.0.0.1:8080".parse().unwrap());
//! dossier_server::run(config, Arc::new(Plain)).unwrap();
//! ```
#![deny(missing_docs)]

mod api;
mod assets;
mod cache;
mod security;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use store::Store;

pub use api::openapi;

/// Errors starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// The address could not be bound, or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The configuration does not hold together.
    #[error("{0}")]
    Config(String),
}

/// Runs the analysis pipeline for the server: the binary implements it with
/// `dossier::Pipeline`, tests with anything cheaper.
pub trait Analyzer: Send + Sync + 'static {
    /// Analyse a text with its metadata. Never fails: problems become the
    /// document's warnings.
    fn analyze(&self, meta: text::Meta, text: String) -> text::Doc;
    /// How to write the analysis as JSON (model names, confidence threshold).
    fn output_options(&self) -> schema::OutputOptions;
}

/// Bounds on what one request may ask for.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, in bytes (`POST /api/analyze` and writes).
    pub max_body_bytes: usize,
    /// Most rows one page may have.
    pub max_page: usize,
    /// Largest `offset`.
    pub max_offset: usize,
    /// Longest query parameter, in characters.
    pub max_param_chars: usize,
    /// Longest a request may take before it is answered 503.
    pub request_timeout: Duration,
    /// Read connections to the database (queries running at once).
    pub readers: usize,
    /// Analyses running at once (each takes a core).
    pub analyses: usize,
    /// Answers of `GET /api/...` kept while the database is unchanged (0: none).
    pub response_cache: usize,
    /// After the database changed, a kept answer younger than this is still
    /// served (`x-cache: stale`, with `Age`) while a new one is computed in
    /// the background; zero serves none.
    pub max_stale: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 512 * 1024,
            max_page: 200,
            max_offset: 100_000,
            max_param_chars: 300,
            request_timeout: Duration::from_secs(20),
            readers: 4,
            analyses: 2,
            response_cache: 256,
            max_stale: Duration::ZERO,
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file.
    pub db: PathBuf,
    /// Where to listen.
    pub bind: SocketAddr,
    /// With a token, writes are allowed to requests that carry it as
    /// `Authorization: Bearer TOKEN`; without, the server never writes.
    pub write_token: Option<String>,
    /// Request bounds.
    pub limits: Limits,
}

impl Config {
    /// Read-only, default limits.
    pub fn new(db: PathBuf, bind: SocketAddr) -> Config {
        Config {
            db,
            bind,
            write_token: None,
            limits: Limits::default(),
        }
    }
}

/// Analyses most recently asked for, kept as JSON text.
const ANALYSIS_CACHE: usize = 64;

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) config: Config,
    pub(crate) analyzer: Arc<dyn Analyzer>,
    /// Idle read connections; `read_permits` bounds how many are in use.
    readers: Mutex<Vec<Store>>,
    read_permits: tokio::sync::Semaphore,
    /// The write connection, only with a write token.
    writer: Option<Mutex<Store>>,
    pub(crate) analysis_permits: tokio::sync::Semaphore,
    /// (document id, analysis JSON), most recent last.
    pub(crate) analyses: Mutex<Vec<(i64, Arc<serde_json::Value>)>>,
}

impl AppState {
    fn new(config: Config, analyzer: Arc<dyn Analyzer>) -> Result<AppState, Error> {
        let writer = match &config.write_token {
            Some(token) if token.len() < 16 => {
                return Err(Error::Config(
                    "a write token needs at least 16 characters (try `openssl rand -hex 16`)".into(),
                ))
            }
            // Opening for writing creates and migrates the file.
            Some(_) => Some(Mutex::new(Store::open(&config.db)?)),
            None => None,
        };
        let mut readers = Vec::new();
        for _ in 0..config.limits.readers.max(1) {
            readers.push(Store::open_read_only(&config.db)?);
        }
        Ok(AppState {
            read_permits: tokio::sync::Semaphore::new(readers.len()),
            readers: Mutex::new(readers),
            writer,
            analysis_permits: tokio::sync::Semaphore::new(config.limits.analyses.max(1)),
            analyses: Mutex::new(Vec::new()),
            analyzer,
            config,
        })
    }

    /// Run a query on a read connection, off the async threads.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, api::ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, store::Error> + Send + 'static,
    {
        let _permit = self.read_permits.acquire().await.map_err(|_| api::ApiError::busy())?;
        let store = self
            .readers
            .lock()
            .map_err(|_| api::ApiError::internal("reader pool poisoned"))?
            .pop();
        let store = match store {
            Some(s) => s,
            // A connection lost to a panicking query is replaced.
            None => Store::open_read_only(&self.config.db)?,
        };
        let state = Arc::clone(self);
        let (store, result) = tokio::task::spawn_blocking(move || {
            let r = f(&store);
            (store, r)
        })
        .await
        .map_err(|e| api::ApiError::internal(&format!("query failed: {e}")))?;
        if let Ok(mut pool) = state.readers.lock() {
            pool.push(store);
        }
        Ok(result?)
    }

    /// Run a write on the write connection, off the async threads.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, api::ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, store::Error> + Send + 'static,
    {
        if self.writer.is_none() {
            return Err(api::ApiError::read_only());
        }
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let writer = state.writer.as_ref().ok_or_else(api::ApiError::read_only)?;
            let mut store = writer.lock().map_err(|_| api::ApiError::internal("writer poisoned"))?;
            Ok(f(&mut store)?)
        })
        .await
        .map_err(|e| api::ApiError::internal(&format!("write failed: {e}")))?
    }
}

/// The whole application: API, OpenAPI document, page, and the security
/// layers around them.
pub fn router(config: Config, analyzer: Arc<dyn Analyzer>) -> Result<axum::Router, Error> {
    let state = Arc::new(AppState::new(config, analyzer)?);
    let cache = Arc::new(cache::ResponseCache::new(
        &state.config.db,
        state.config.limits.response_cache,
        state.config.limits.max_stale,
    ));
    let app = api::routes(Arc::clone(&state)).layer(axum::middleware::from_fn_with_state(cache, cache::layer));
    Ok(security::wrap(app, &state.config))
}

/// Serve on a bound listener until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Bind, print the address, and serve until Ctrl-C (blocking).
pub fn run(config: Config, analyzer: Arc<dyn Analyzer>) -> Result<(), Error> {
    if !config.bind.ip().is_loopback() {
        tracing::warn!(
            "serving on {}, which is not a loopback address: anyone who can reach it can read the corpus",
            config.bind
        );
        eprintln!(
            "warning: serving on {}, not a loopback address: anyone who can reach it can read the corpus",
            config.bind
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let mut config = config;
        config.bind = addr;
        let writes = if config.write_token.is_some() {
            "writes allowed with the token"
        } else {
            "read-only"
        };
        let app = router(config, analyzer)?;
        // Tests and scripts read the port from this line.
        println!("dossier serve: listening on http://{addr}/ ({writes})");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        serve(listener, app, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    })
}

#[cfg(test)]
mod tests;
