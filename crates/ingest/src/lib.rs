//! Reading dossier's inputs into documents.
//!
//! Formats: plain text, HTML (main-text extraction), JSON Lines, RSS and
//! Atom feeds, and WARC. Any of them may be gzip-compressed. Inputs are
//! streamed: a JSON Lines or WARC file of any size is read one item at a
//! time, so memory stays bounded by the largest single document.
//!
//! Each input yields a sequence of `Result<RawDoc, IngestError>`. An error
//! names the file and the line, record or byte where it happened, and the
//! caller goes on with the rest of the batch.
//!
//! ```no_run
//! use dossier_ingest::{Input, Options, read_input};
//! for item in read_input(&Input::Path("news.jsonl.gz".into()), &Options::default()) {
//!     match item {
//!         Ok(doc) => println!("{}: {} bytes", doc.meta.id, doc.text.len()),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! ```
#![deny(missing_docs)]

mod date;
mod html;
mod read;
mod warc;

use std::fmt;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

pub use date::parse_date;
pub use html::{extract_html, fragment_text, HtmlArticle};
use read::{open_input, Opened};
use text::{stable_id, Meta};

/// Input formats dossier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain UTF-8 text, one document per file.
    Text,
    /// An HTML page, one document per file.
    Html,
    /// JSON Lines, one document per line.
    Jsonl,
    /// RSS or Atom, one document per item.
    Feed,
    /// WARC, one document per HTML or text response record.
    Warc,
}

impl Format {
    /// Parse a format name as the CLI spells it (`auto` gives `None`).
    pub fn from_name(name: &str) -> Result<Option<Format>, String> {
        Ok(Some(match name {
            "auto" => return Ok(None),
            "text" | "txt" => Format::Text,
            "html" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "feed" | "rss" | "atom" => Format::Feed,
            "warc" => Format::Warc,
            other => {
                return Err(format!(
                    "unknown input format {other:?}: use auto, text, html, jsonl, feed or warc"
                ))
            }
        }))
    }
}

/// How to read inputs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Documents whose text is longer than this many bytes are refused.
    pub max_doc_bytes: usize,
    /// Metadata that overrides what the input says (from the command line).
    pub overrides: Overrides,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: None,
            max_doc_bytes: 10 * 1024 * 1024,
            overrides: Overrides::default(),
        }
    }
}

/// Metadata given on the command line; each field set here wins over the input's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Source name.
    pub source: Option<String>,
    /// Title.
    pub title: Option<String>,
}

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }
}

/// Where inside an input something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line (JSON Lines).
    Line(usize),
    /// Byte offset in the (decompressed) input.
    Byte(u64),
    /// 1-based record number (WARC).
    Record(usize),
    /// 1-based item number (feeds).
    Item(usize),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Byte(n) => write!(f, "byte {n}"),
            Position::Record(n) => write!(f, "record {n}"),
            Position::Item(n) => write!(f, "item {n}"),
        }
    }
}

/// An input, or one item of it, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {message}", position.map(|p| format!(": {p}")).unwrap_or_default())]
pub struct IngestError {
    /// The file (or `<stdin>`).
    pub path: String,
    /// Where in it, when known.
    pub position: Option<Position>,
    /// What went wrong and what to do about it.
    pub message: String,
}

impl IngestError {
    fn new(path: &str, position: Option<Position>, message: impl Into<String>) -> IngestError {
        IngestError {
            path: path.to_string(),
            position,
            message: message.into(),
        }
    }
}

/// One document as read from its input, before analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDoc {
    /// Metadata; `id` is always filled.
    pub meta: Meta,
    /// The text: extracted from HTML where needed, invalid bytes replaced,
    /// line endings normalised to `\n`.
    pub text: String,
    /// Problems found while reading, for the document's `warnings`.
    pub warnings: Vec<String>,
    /// Which file and item it came from.
    pub origin: String,
}

/// Expand paths into inputs: directories are walked recursively (files in
/// sorted order, hidden files skipped) and `-` means standard input.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else if p.is_dir() {
            let walker = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(Ok(Input::Path(e.into_path()))),
                    Ok(_) => {}
                    Err(e) => out.push(Err(IngestError::new(
                        &e.path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| p.display().to_string()),
                        None,
                        format!("cannot read directory entry: {e}"),
                    ))),
                }
            }
        } else if p.exists() {
            out.push(Ok(Input::Path(p.clone())));
        } else {
            out.push(Err(IngestError::new(
                &p.display().to_string(),
                None,
                "no such file or directory",
            )));
        }
    }
    out
}

/// Read one input and yield its documents (or errors) lazily.
pub fn read_input(input: &Input, opts: &Options) -> Box<dyn Iterator<Item = Result<RawDoc, IngestError>>> {
    let name = input.name();
    let opened = match open_input(input) {
        Ok(o) => o,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    let Opened { mut reader, gzip } = opened;
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return Box::new(std::iter::once(Err(read::io_error(&name, gzip, 0, &e)))),
    };
    if head.is_empty() {
        return Box::new(std::iter::once(Err(IngestError::new(
            &name,
            None,
            "empty file: nothing to analyse",
        ))));
    }
    let format = opts.format.unwrap_or_else(|| detect_format(input, &head));
    if let Some(off) = read::binary_offset(&head).filter(|_| format != Format::Warc) {
        return Box::new(std::iter::once(Err(IngestError::new(
            &name,
            Some(Position::Byte(off as u64)),
            "binary file (NUL or control bytes): not text, HTML, JSON Lines, a feed or WARC",
        ))));
    }
    let ctx = Ctx {
        name,
        gzip,
        opts: opts.clone(),
    };
    match format {
        Format::Jsonl => Box::new(JsonlIter {
            ctx,
            reader,
            line: 0,
            done: false,
        }),
        Format::Warc => Box::new(warc_docs(ctx, reader)),
        Format::Text | Format::Html | Format::Feed => {
            let items = whole_file_docs(&ctx, reader, format);
            Box::new(items.into_iter())
        }
    }
}

/// Guess the format from the file name, then from the first bytes.
pub fn detect_format(input: &Input, head: &[u8]) -> Format {
    if let Input::Path(p) = input {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" => return Format::Jsonl,
            "html" | "htm" | "xhtml" => return Format::Html,
            "rss" | "atom" => return Format::Feed,
            "warc" => return Format::Warc,
            "txt" | "text" => return Format::Text,
            _ => {}
        }
    }
    let start = String::from_utf8_lossy(&head[..head.len().min(2048)]);
    let t = start.trim_start_matches('\u{feff}').trim_start();
    let lower = t.to_ascii_lowercase();
    if t.starts_with("WARC/") {
        Format::Warc
    } else if t.starts_with('{') {
        Format::Jsonl
    } else if lower.starts_with("<?xml") || lower.starts_with("<rss") || lower.starts_with("<feed") {
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf") {
            Format::Feed
        } else {
            Format::Html
        }
    } else if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<!--")
        || lower.starts_with("<head")
    {
        Format::Html
    } else {
        Format::Text
    }
}

struct Ctx {
    name: String,
    gzip: bool,
    opts: Options,
}

impl Ctx {
    /// Finish a document: apply overrides, fill the id, normalise and check the text.
    fn finish(
        &self,
        mut meta: Meta,
        text: String,
        mut warnings: Vec<String>,
        index: usize,
        position: Option<Position>,
    ) -> Result<RawDoc, IngestError> {
        let text = normalise_text(text);
        if text.len() > self.opts.max_doc_bytes {
            return Err(IngestError::new(
                &self.name,
                position,
                format!(
                    "document {} is {} bytes of text, over the limit of {} (raise it with --max-doc-bytes)",
                    if meta.id.is_empty() {
                        "(no id)".to_string()
                    } else {
                        format!("{:?}", meta.id)
                    },
                    text.len(),
                    self.opts.max_doc_bytes
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(IngestError::new(&self.name, position, "document has no text"));
        }
        let o = &self.opts.overrides;
        if o.date.is_some() {
            meta.date.clone_from(&o.date);
        }
        if o.source.is_some() {
            meta.source.clone_from(&o.source);
        }
        if o.title.is_some() {
            meta.title.clone_from(&o.title);
        }
        if meta.id.is_empty() {
            meta.id = stable_id(&[meta.source.as_deref().unwrap_or(""), &self.name, &index.to_string()]);
        }
        warnings.retain(|w| !w.is_empty());
        let origin = match position {
            Some(p) => format!("{}: {p}", self.name),
            None => self.name.clone(),
        };
        Ok(RawDoc {
            meta,
            text,
            warnings,
            origin,
        })
    }
}

/// Normalise line endings and drop a byte-order mark and NUL characters, so
/// that offsets are stable whatever the input's conventions.
fn normalise_text(text: String) -> String {
    let needs = text.contains('\r') || text.starts_with('\u{feff}') || text.contains('\0');
    if !needs {
        return text;
    }
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace(['\r', '\0'], "\n")
}

/// Decode bytes as UTF-8, replacing invalid sequences, and describe where
/// they were.
pub fn decode_utf8(bytes: Vec<u8>) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut offsets = Vec::new();
            let mut rest = &bytes[..];
            let mut base = 0;
            while let Err(err) = std::str::from_utf8(rest) {
                let at = err.valid_up_to();
                offsets.push(base + at);
                let skip = at + err.error_len().unwrap_or(rest.len() - at).max(1);
                base += skip;
                rest = &rest[skip..];
                if rest.is_empty() {
                    break;
                }
            }
            let shown: Vec<String> = offsets.iter().take(5).map(|o| o.to_string()).collect();
            let more = if offsets.len() > 5 {
                format!(" and {} more", offsets.len() - 5)
            } else {
                String::new()
            };
            let msg = format!(
                "invalid UTF-8 replaced with U+FFFD at byte offset{} {}{more} of the input",
                if offsets.len() == 1 { "" } else { "s" },
                shown.join(", ")
            );
            (String::from_utf8_lossy(&bytes).into_owned(), Some(msg))
        }
    }
}

fn whole_file_docs(ctx: &Ctx, reader: Box<dyn BufRead>, format: Format) -> Vec<Result<RawDoc, IngestError>> {
    // A whole-file format may hold a few times the text limit in markup.
    let cap = ctx.opts.max_doc_bytes.saturating_mul(4).max(1 << 20) as u64;
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(cap + 1).read_to_end(&mut bytes) {
        return vec![Err(read::io_error(&ctx.name, ctx.gzip, bytes.len() as u64, &e))];
    }
    if bytes.len() as u64 > cap {
        return vec![Err(IngestError::new(
            &ctx.name,
            None,
            format!("file is over {cap} bytes, too large for one document (raise --max-doc-bytes)"),
        ))];
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Err(IngestError::new(&ctx.name, None, "empty file: only whitespace"))];
    }
    match format {
        Format::Text => {
            let (text, warning) = decode_utf8(bytes);
            vec![ctx.finish(Meta::default(), text, warning.into_iter().collect(), 0, None)]
        }
        Format::Html => {
            let (html, warning) = decode_utf8(bytes);
            match html::extract_html(&html) {
                Ok(article) => {
                    let mut warnings: Vec<String> = warning.into_iter().collect();
                    warnings.extend(article.warnings);
                    vec![ctx.finish(article.meta, article.text, warnings, 0, None)]
                }
                Err(msg) => vec![Err(IngestError::new(&ctx.name, None, msg))],
            }
        }
        Format::Feed => feed_docs(ctx, &bytes),
        Format::Jsonl | Format::Warc => unreachable!("streamed formats"),
    }
}

fn feed_docs(ctx: &Ctx, bytes: &[u8]) -> Vec<Result<RawDoc, IngestError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(IngestError::new(&ctx.name, None, format!("malformed feed: {e}")))];
        }
    };
    let feed_title = feed.title.as_ref().map(|t| t.content.clone());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = html::fragment_text(&body);
        let meta = Meta {
            id: entry.id.clone(),
            source: feed_title.clone(),
            url: entry.links.first().map(|l| l.href.clone()),
            title: entry.title.as_ref().map(|t| html::fragment_text(&t.content)),
            authors: entry
                .authors
                .iter()
                .map(|a| a.name.clone())
                .filter(|n| !n.is_empty())
                .collect(),
            date: entry
                .published
                .or(entry.updated)
                .map(|d| d.format("%Y-%m-%d").to_string()),
        };
        out.push(ctx.finish(meta, text, Vec::new(), i, Some(Position::Item(i + 1))));
    }
    if out.is_empty() {
        out.push(Err(IngestError::new(&ctx.name, None, "feed has no items")));
    }
    out
}

struct JsonlIter {
    ctx: Ctx,
    reader: Box<dyn BufRead>,
    line: usize,
    done: bool,
}

#[derive(serde::Deserialize)]
struct JsonlRecord {
    text: Option<String>,
    title: Option<String>,
    date: Option<serde_json::Value>,
    date_iso: Option<String>,
    source: Option<String>,
    url: Option<String>,
    id: Option<serde_json::Value>,
    authors: Option<serde_json::Value>,
}

impl Iterator for JsonlIter {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let limit = self.ctx.opts.max_doc_bytes.saturating_mul(2).max(1 << 20);
        loop {
            if self.done {
                return None;
            }
            self.line += 1;
            let line_no = self.line;
            let pos = Some(Position::Line(line_no));
            let line = match read::read_line_limited(&mut self.reader, limit) {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(read::Line::TooLong(n))) => {
                    return Some(Err(IngestError::new(
                        &self.ctx.name,
                        pos,
                        format!("line of {n} bytes is over the limit (raise --max-doc-bytes)"),
                    )))
                }
                Ok(Some(read::Line::Bytes(b))) => b,
                Err(e) => {
                    self.done = true;
                    let mut err = read::io_error(&self.ctx.name, self.ctx.gzip, 0, &e);
                    err.position = pos;
                    return Some(Err(err));
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (line, utf8_warning) = decode_utf8(line);
            let rec: JsonlRecord = match serde_json::from_str(&line) {
                Ok(r) => r,
                Err(e) => {
                    return Some(Err(IngestError::new(
                        &self.ctx.name,
                        pos,
                        format!("malformed JSON at column {}: {e}", e.column()),
                    )))
                }
            };
            return Some(self.record_to_doc(rec, utf8_warning, line_no));
        }
    }
}

impl JsonlIter {
    fn record_to_doc(
        &self,
        rec: JsonlRecord,
        utf8_warning: Option<String>,
        line_no: usize,
    ) -> Result<RawDoc, IngestError> {
        let pos = Some(Position::Line(line_no));
        let Some(text) = rec.text else {
            return Err(IngestError::new(
                &self.ctx.name,
                pos,
                "JSON object has no \"text\" field",
            ));
        };
        let mut warnings: Vec<String> = utf8_warning.into_iter().collect();
        let raw_date = match &rec.date {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        let date = match (rec.date_iso.as_deref(), raw_date.as_deref()) {
            (Some(iso), _) if parse_date(iso).is_some() => parse_date(iso),
            (_, Some(raw)) if !raw.trim().is_empty() => {
                let d = parse_date(raw);
                if d.is_none() {
                    warnings.push(format!("date {raw:?} cannot be parsed: left empty"));
                }
                d
            }
            _ => None,
        };
        let id = match rec.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let authors = match rec.authors {
            Some(serde_json::Value::String(s)) => split_authors(&s),
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            _ => Vec::new(),
        };
        let meta = Meta {
            id,
            source: rec.source.filter(|s| !s.trim().is_empty()),
            url: rec.url.filter(|s| !s.trim().is_empty()),
            title: rec.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
            authors,
            date,
        };
        self.ctx.finish(meta, text, warnings, line_no - 1, pos)
    }
}

/// Split an author string ("A, B and C") into names.
pub fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';', '|'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("By ").trim_start_matches("by ").trim())
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

fn warc_docs(ctx: Ctx, mut reader: Box<dyn BufRead>) -> impl Iterator<Item = Result<RawDoc, IngestError>> {
    let max_body = ctx.opts.max_doc_bytes.saturating_mul(4).max(1 << 20) as u64;
    let mut n = 0usize;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        n += 1;
        let pos = Some(Position::Record(n));
        match warc::next_record(&mut reader, max_body) {
            Ok(None) => {
                done = true;
                return None;
            }
            Err(msg) => {
                // A broken record cannot be skipped reliably: stop this file.
                done = true;
                return Some(Err(IngestError::new(&ctx.name, pos, format!("malformed WARC: {msg}"))));
            }
            Ok(Some(rec)) => {
                if let Some(item) = warc_record_doc(&ctx, &rec, n - 1, pos) {
                    return Some(item);
                }
            }
        }
    })
}

fn warc_record_doc(
    ctx: &Ctx,
    r: &warc::WarcRecord,
    index: usize,
    pos: Option<Position>,
) -> Option<Result<RawDoc, IngestError>> {
    let kind = r.header("warc-type").unwrap_or("").to_ascii_lowercase();
    if !matches!(kind.as_str(), "response" | "resource" | "conversion") {
        return None;
    }
    let record_ct = r
        .header("content-type")
        .map(|c| c.to_ascii_lowercase())
        .unwrap_or_default();
    let (content_type, body) = if record_ct.starts_with("application/http") {
        match read::split_http_response(&r.body) {
            Ok(x) => x,
            Err(msg) => return Some(Err(IngestError::new(&ctx.name, pos, msg))),
        }
    } else {
        (record_ct, r.body.clone())
    };
    let is_html = content_type.contains("html");
    let is_text = content_type.starts_with("text/plain");
    if !is_html && !is_text {
        return None;
    }
    let (decoded, warning) = decode_utf8(body);
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let (mut meta, text) = if is_html {
        match html::extract_html(&decoded) {
            Ok(a) => {
                warnings.extend(a.warnings);
                (a.meta, a.text)
            }
            Err(msg) => return Some(Err(IngestError::new(&ctx.name, pos, msg))),
        }
    } else {
        (Meta::default(), decoded)
    };
    meta.id = r
        .header("warc-record-id")
        .unwrap_or("")
        .trim_matches(['<', '>'])
        .to_string();
    if meta.url.is_none() {
        meta.url = r.header("warc-target-uri").map(|u| u.to_string());
    }
    Some(ctx.finish(meta, text, warnings, index, pos))
}

#[cfg(test)]
mod tests;
