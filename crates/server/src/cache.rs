//! Answers to `GET /api/...` kept while the database is unchanged.
//!
//! An entity page or a popular search is asked for again and again, and
//! the database changes only when a batch is committed (every few seconds
//! while an ingest runs, else never). Any commit by any process rewrites
//! the WAL file or the database file, so their modification times and
//! sizes, read before the query runs, are the version an answer is valid
//! for: a stale answer is never served, at the price of one `stat` pair a
//! request. Concurrent misses of one answer compute it once: the others
//! wait on its stripe's lock and find it cached (after each commit, every
//! client of a popular page would otherwise run the same query at once).
//!
//! While an ingest commits every few seconds, that rule alone makes most
//! requests misses (each commit drops every answer). With `max_stale` above
//! zero, an answer computed less than `max_stale` ago is still served after
//! a commit, marked `x-cache: stale` with its `Age`, and the same request
//! runs again in the background to replace it (one at a time per answer):
//! a page asked for at least once per `max_stale` is never computed on a
//! client's time, and is never more than `max_stale` behind the database.
//! A write through this server (a successful request other than a GET or
//! `POST /api/analyze`) drops every kept answer: its writer sees it in the
//! next answer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Larger answers are not kept.
const MAX_ENTRY_BYTES: usize = 1 << 20;
/// Lists are bounded by their page size and profiles by their parts, so
/// every answer buffered here is below this.
const MAX_BUFFER_BYTES: usize = 64 << 20;

/// What the files looked like: (mtime, size) of the database and its WAL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version([Option<(SystemTime, u64)>; 2]);

fn version(db: &Path, wal: &Path) -> Version {
    let of = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())))
    };
    Version([of(db), of(wal)])
}

struct Entry {
    version: Version,
    /// When the query behind it started: the data it shows is at least this recent.
    computed: Instant,
    used: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// Locks that serialise misses of the same answer (keys hash onto them).
const STRIPES: usize = 64;

/// The cache; `capacity` 0 turns it off.
pub(crate) struct ResponseCache {
    stripes: Vec<Arc<tokio::sync::Mutex<()>>>,
    db: PathBuf,
    wal: PathBuf,
    capacity: usize,
    max_stale: Duration,
    clock: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl ResponseCache {
    pub(crate) fn new(db: &Path, capacity: usize, max_stale: Duration) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            stripes: (0..STRIPES).map(|_| Arc::new(tokio::sync::Mutex::new(()))).collect(),
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            capacity,
            max_stale,
            clock: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

/// What the cache holds for a request.
enum Lookup {
    /// An answer for the database as it is.
    Fresh(Response),
    /// An answer for an earlier state, younger than `max_stale`.
    Stale(Response),
    /// Nothing usable.
    Missing,
}

impl ResponseCache {
    /// The stored answer for `key`: fresh when the database is as it was
    /// then, stale when it changed since but the answer is young enough.
    fn lookup(&self, key: &str) -> Lookup {
        let now = version(&self.db, &self.wal);
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Missing;
        };
        let Some(e) = entries.get_mut(key) else {
            return Lookup::Missing;
        };
        let fresh = e.version == now;
        let age = e.computed.elapsed();
        if !fresh && age > self.max_stale {
            return Lookup::Missing;
        }
        e.used = tick;
        let mut r = Response::new(Body::from(e.body.clone()));
        *r.status_mut() = e.status;
        *r.headers_mut() = e.headers.clone();
        if fresh {
            r.headers_mut().insert("x-cache", HeaderValue::from_static("hit"));
            Lookup::Fresh(r)
        } else {
            r.headers_mut().insert("x-cache", HeaderValue::from_static("stale"));
            if let Ok(v) = HeaderValue::from_str(&age.as_secs().to_string()) {
                r.headers_mut().insert("age", v);
            }
            Lookup::Stale(r)
        }
    }

    fn stripe(key: &str) -> usize {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        (h.finish() as usize) % STRIPES
    }

    /// Run the request and keep its answer when it is kept at all.
    async fn compute(&self, key: String, request: Request, next: Next) -> Response {
        let now = version(&self.db, &self.wal);
        let computed = Instant::now();
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let response = next.run(request).await;
        if response.status() != StatusCode::OK {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let Ok(body) = axum::body::to_bytes(body, MAX_BUFFER_BYTES).await else {
            // Too large to keep: it is gone, so say so rather than send half.
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::from("response too large"))
                .unwrap_or_default();
        };
        if body.len() <= MAX_ENTRY_BYTES {
            if let Ok(mut entries) = self.entries.lock() {
                if entries.len() >= self.capacity && !entries.contains_key(&key) {
                    // Versions too old to serve first, then the least recently used.
                    let max_stale = self.max_stale;
                    entries.retain(|_, e| e.version == now || e.computed.elapsed() <= max_stale);
                    if entries.len() >= self.capacity {
                        if let Some(k) = entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) {
                            entries.remove(&k);
                        }
                    }
                }
                entries.insert(
                    key,
                    Entry {
                        version: now,
                        computed,
                        used: tick,
                        status: parts.status,
                        headers: parts.headers.clone(),
                        body: body.clone(),
                    },
                );
            }
        }
        parts.headers.insert("x-cache", HeaderValue::from_static("miss"));
        Response::from_parts(parts, Body::from(body))
    }
}

pub(crate) async fn layer(State(cache): State<Arc<ResponseCache>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // One document with its analysis has a cache of its own, and may be large.
    let cacheable = path.starts_with("/api/") && !path.starts_with("/api/documents/");
    if cache.capacity == 0 || !cacheable {
        return next.run(request).await;
    }
    if request.method() != Method::GET && path != "/api/analyze" {
        // A write through this server is seen by its next answers at once,
        // not `max_stale` later: nothing kept before it is served again.
        let response = next.run(request).await;
        if response.status().is_success() {
            if let Ok(mut entries) = cache.entries.lock() {
                entries.clear();
            }
        }
        return response;
    }
    let key = request.uri().to_string();
    match cache.lookup(&key) {
        Lookup::Fresh(hit) => return hit,
        Lookup::Stale(stale) => {
            // Refresh in the background unless a refresh or a miss of this
            // stripe is already running (it will store a newer answer).
            if let Ok(turn) = Arc::clone(&cache).stripes_owned(&key) {
                let mut again = Request::new(Body::empty());
                *again.method_mut() = Method::GET;
                *again.uri_mut() = request.uri().clone();
                *again.headers_mut() = request.headers().clone();
                let cache = Arc::clone(&cache);
                tokio::spawn(async move {
                    let _turn = turn;
                    let _ = cache.compute(key, again, next).await;
                });
            }
            return stale;
        }
        Lookup::Missing => {}
    }
    let _turn = cache.stripes[ResponseCache::stripe(&key)].lock().await;
    // Whoever held the turn may have just stored it.
    if let Lookup::Fresh(hit) | Lookup::Stale(hit) = cache.lookup(&key) {
        return hit;
    }
    cache.compute(key, request, next).await
}

impl ResponseCache {
    /// The stripe lock of `key` when it is free, held past this call.
    fn stripes_owned(self: Arc<Self>, key: &str) -> Result<tokio::sync::OwnedMutexGuard<()>, ()> {
        Arc::clone(&self.stripes[ResponseCache::stripe(key)])
            .try_lock_owned()
            .map_err(|_| ())
    }
}
