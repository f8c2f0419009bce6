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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

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
    used: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// Locks that serialise misses of the same answer (keys hash onto them).
const STRIPES: usize = 64;

/// The cache; `capacity` 0 turns it off.
pub(crate) struct ResponseCache {
    stripes: Vec<tokio::sync::Mutex<()>>,
    db: PathBuf,
    wal: PathBuf,
    capacity: usize,
    clock: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl ResponseCache {
    pub(crate) fn new(db: &Path, capacity: usize) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            stripes: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            capacity,
            clock: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl ResponseCache {
    /// The stored answer for `key`, when the database is as it was then.
    fn lookup(&self, key: &str) -> Option<Response> {
        let now = version(&self.db, &self.wal);
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.entries.lock().ok()?;
        let e = entries.get_mut(key).filter(|e| e.version == now)?;
        e.used = tick;
        let mut r = Response::new(Body::from(e.body.clone()));
        *r.status_mut() = e.status;
        *r.headers_mut() = e.headers.clone();
        r.headers_mut().insert("x-cache", HeaderValue::from_static("hit"));
        Some(r)
    }
}

pub(crate) async fn layer(State(cache): State<Arc<ResponseCache>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // One document with its analysis has a cache of its own, and may be large.
    let cacheable = path.starts_with("/api/") && !path.starts_with("/api/documents/");
    if cache.capacity == 0 || request.method() != Method::GET || !cacheable {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    if let Some(hit) = cache.lookup(&key) {
        return hit;
    }
    let stripe = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        (h.finish() as usize) % STRIPES
    };
    let _turn = cache.stripes[stripe].lock().await;
    // Whoever held the turn may have just stored it.
    if let Some(hit) = cache.lookup(&key) {
        return hit;
    }
    let now = version(&cache.db, &cache.wal);
    let tick = cache.clock.fetch_add(1, Ordering::Relaxed);
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
        if let Ok(mut entries) = cache.entries.lock() {
            if entries.len() >= cache.capacity {
                // Stale versions first, then the least recently used.
                entries.retain(|_, e| e.version == now);
                if entries.len() >= cache.capacity {
                    if let Some(k) = entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) {
                        entries.remove(&k);
                    }
                }
            }
            entries.insert(
                key,
                Entry {
                    version: now,
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
