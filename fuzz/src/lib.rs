//! Helpers shared by dossier's fuzz targets: feeding bytes to the ingest
//! reader through a scratch file, and invariant checks on what comes out.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use ingest::{read_input, Format, IngestError, Input, Options, RawDoc};
use text::{segment, Doc, Meta, Span};

/// A scratch file private to this process. `read_input` only reads
/// `Input::Path`, so every input goes through it; the page cache makes that
/// cheap next to parsing. The name has no extension, so auto-detection looks
/// at the content, not the name. It lives in `/dev/shm` when there is one:
/// on a disk file system each rewrite of a truncated file is flushed to the
/// block device (ext4's `auto_da_alloc`), which held the ingest targets to a
/// few hundred executions a second.
fn scratch_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        let dir = base.join(format!("dossier-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir.join("input")
    })
}

/// Whether `DOSSIER_FUZZ_DEBUG` is set: then every item read is printed,
/// which helps when triaging an input (`./target/.../fuzz_warc INPUT`).
fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("DOSSIER_FUZZ_DEBUG").is_some())
}

/// Read `bytes` as a file with `read_input`, check every item, and return them.
pub fn read_bytes(bytes: &[u8], format: Option<Format>) -> Vec<Result<RawDoc, IngestError>> {
    let path = scratch_path();
    {
        let mut f = std::fs::File::create(path).expect("create scratch file");
        f.write_all(bytes).expect("write scratch file");
    }
    let opts = Options {
        format,
        ..Default::default()
    };
    let items: Vec<_> = read_input(&Input::Path(path.clone()), &opts).collect();
    if debug() {
        for item in &items {
            eprintln!("[dossier-fuzz] {item:?}");
        }
    }
    for item in &items {
        match item {
            Ok(doc) => check_raw_doc(doc, &opts),
            Err(e) => {
                assert!(!e.message.is_empty(), "error with an empty message: {e:?}");
                let _ = e.to_string();
            }
        }
    }
    items
}

/// What `RawDoc` promises: an id, some text within the limit, line endings
/// normalised and NULs gone.
pub fn check_raw_doc(doc: &RawDoc, opts: &Options) {
    assert!(!doc.meta.id.is_empty(), "document without an id: {doc:?}");
    assert!(!doc.text.trim().is_empty(), "document without text: {doc:?}");
    assert!(doc.text.len() <= opts.max_doc_bytes, "document over the limit");
    assert!(!doc.text.contains('\r'), "\\r left in text: {:?}", doc.text);
    assert!(!doc.text.contains('\0'), "NUL left in text: {:?}", doc.text);
    assert!(!doc.origin.is_empty());
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?}: start after end");
    assert!(span.end <= text.len(), "{what} {span:?}: past the end of a {}-byte text", text.len());
    assert!(text.is_char_boundary(span.start), "{what} {span:?}: start not on a char boundary");
    assert!(text.is_char_boundary(span.end), "{what} {span:?}: end not on a char boundary");
}

/// Segment `text` and check every span `segment` produced.
pub fn check_segmentation(text: &str) {
    let mut doc = Doc::new(Meta::default(), text.to_string());
    segment(&mut doc);
    let t = doc.text.as_str();

    // Paragraphs: in order, disjoint, non-empty, trimmed.
    let mut prev_end = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        check_span(t, p.span, "paragraph");
        assert!(!p.span.is_empty(), "paragraph {i} {:?} is empty", p.span);
        assert!(p.span.start >= prev_end, "paragraph {i} {:?} overlaps or precedes the one before (ends {prev_end})", p.span);
        let s = p.span.slice(t);
        assert_eq!(s, s.trim(), "paragraph {i} {:?} not trimmed", p.span);
        if let Some(r) = p.quote_run {
            assert!(r < doc.quote_runs.len(), "paragraph {i} names quote run {r} of {}", doc.quote_runs.len());
        }
        prev_end = p.span.end;
    }

    // Tokens: non-empty, without whitespace, in order, disjoint, each in a paragraph.
    let mut prev_end = 0;
    let mut pi = 0;
    for (i, tok) in doc.tokens.iter().enumerate() {
        check_span(t, tok.span, "token");
        assert!(!tok.span.is_empty(), "token {i} {:?} is empty", tok.span);
        assert!(tok.span.start >= prev_end, "token {i} {:?} overlaps or precedes the one before (ends {prev_end})", tok.span);
        let s = tok.span.slice(t);
        assert!(!s.contains(char::is_whitespace), "token {i} {:?} holds whitespace: {s:?}", tok.span);
        while pi < doc.paragraphs.len() && doc.paragraphs[pi].span.end < tok.span.end {
            pi += 1;
        }
        assert!(
            pi < doc.paragraphs.len() && doc.paragraphs[pi].span.contains(tok.span),
            "token {i} {:?} lies in no paragraph",
            tok.span
        );
        prev_end = tok.span.end;
    }

    // Sentences: in order, inside their paragraph, matching their tokens,
    // and together covering every token once.
    let mut next_token = 0;
    let mut prev_end = 0;
    let mut prev_par = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        check_span(t, s.span, "sentence");
        assert!(s.paragraph < doc.paragraphs.len(), "sentence {i} in paragraph {} of {}", s.paragraph, doc.paragraphs.len());
        assert!(s.paragraph >= prev_par, "sentence {i} goes back to paragraph {}", s.paragraph);
        let p = doc.paragraphs[s.paragraph].span;
        assert!(p.contains(s.span), "sentence {i} {:?} outside its paragraph {:?}", s.span, p);
        assert!(s.span.start >= prev_end, "sentence {i} {:?} overlaps the one before (ends {prev_end})", s.span);
        assert!(!s.tokens.is_empty(), "sentence {i} has no tokens");
        assert!(s.tokens.end <= doc.tokens.len(), "sentence {i} tokens {:?} of {}", s.tokens, doc.tokens.len());
        assert_eq!(s.tokens.start, next_token, "sentence {i} tokens {:?} do not follow on", s.tokens);
        assert_eq!(s.span.start, doc.tokens[s.tokens.start].span.start, "sentence {i} does not start at its first token");
        assert_eq!(s.span.end, doc.tokens[s.tokens.end - 1].span.end, "sentence {i} does not end at its last token");
        next_token = s.tokens.end;
        prev_end = s.span.end;
        prev_par = s.paragraph;
    }
    assert_eq!(next_token, doc.tokens.len(), "sentences cover {next_token} of {} tokens", doc.tokens.len());

    // Quote marks and runs.
    for m in &doc.quote_marks {
        check_span(t, m.span, "quote mark");
        assert!(!m.span.is_empty());
    }
    for r in &doc.quote_runs {
        check_span(t, r.span, "quote run");
        assert!(r.first_paragraph <= r.last_paragraph && r.last_paragraph < doc.paragraphs.len(), "quote run {r:?}");
    }
    for w in &doc.warnings {
        if let Some(span) = w.span {
            check_span(t, span, "warning");
        }
    }

    // Segmenting again gives the same result.
    let tokens = doc.tokens.clone();
    let sentences = doc.sentences.clone();
    segment(&mut doc);
    assert_eq!(tokens, doc.tokens, "segmentation is not repeatable");
    assert_eq!(sentences, doc.sentences, "segmentation is not repeatable");
}

/// Check what the whole pipeline made of `text`: the text is unchanged,
/// every span of the `Doc` and of its JSON output lies inside the text on
/// char boundaries, the output is one line of valid JSON, and no stage
/// failed (a panic inside a stage is caught by the pipeline and becomes a
/// warning; libFuzzer's panic hook aborts first, but the warning is checked
/// too in case a stage catches its own).
pub fn check_analysis(pipeline: &dossier::Pipeline, doc: &Doc, text: &str) {
    assert_eq!(doc.text, text, "a stage changed the text");
    let t = doc.text.as_str();
    for p in &doc.paragraphs {
        check_span(t, p.span, "paragraph");
    }
    for s in &doc.sentences {
        check_span(t, s.span, "sentence");
        assert!(s.tokens.end <= doc.tokens.len(), "sentence tokens {:?} of {}", s.tokens, doc.tokens.len());
    }
    for tok in &doc.tokens {
        check_span(t, tok.span, "token");
    }
    for m in &doc.quote_marks {
        check_span(t, m.span, "quote mark");
    }
    for r in &doc.quote_runs {
        check_span(t, r.span, "quote run");
    }
    if let Some(syn) = &doc.syntax {
        let n = doc.tokens.len();
        assert_eq!(syn.upos.len(), n, "upos for {} of {n} tokens", syn.upos.len());
        assert_eq!(syn.head.len(), n, "heads for {} of {n} tokens", syn.head.len());
        assert!(syn.lemma.is_empty() || syn.lemma.len() == n, "lemmas for {} of {n} tokens", syn.lemma.len());
        for h in syn.head.iter().flatten() {
            assert!(*h < n, "head {h} of {n} tokens");
        }
    }
    for e in &doc.entities {
        for m in &e.mentions {
            check_span(t, m.span, "entity mention");
        }
    }
    for q in &doc.quotes {
        for &c in &q.content {
            check_span(t, c, "quote content");
        }
        for (s, what) in [(q.cue, "cue"), (q.venue, "venue"), (q.addressee, "addressee")] {
            if let Some(s) = s {
                check_span(t, s, what);
            }
        }
        if let Some(sp) = &q.speaker {
            check_span(t, sp.span, "speaker");
            if let Some(e) = sp.entity {
                assert!(e < doc.entities.len(), "speaker entity {e} of {}", doc.entities.len());
            }
        }
        assert!(q.confidence.is_finite(), "quote confidence {}", q.confidence);
    }
    for w in &doc.warnings {
        if let Some(span) = w.span {
            check_span(t, span, "warning");
        }
        assert!(
            !(w.stage == "pipeline" && w.message.contains("internal error")),
            "a stage failed: {w:?}"
        );
    }

    // The JSON output: it serialises, is one line, parses back, and every
    // `{start, end}` in it (times, quantities, places, events, claims ...)
    // is a span of the text, with its `text` (when given) the text there.
    let opts = schema::OutputOptions {
        with_tokens: true,
        models: pipeline.models(),
        min_confidence: 0.5,
    };
    let json = schema::to_json(doc, &opts);
    assert!(!json.contains('\n'), "JSON output spans lines");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON output parses");
    check_json_spans(t, &value, "$");
}

/// Walk an output value and check every object with integer `start` and
/// `end` as a span of `text`.
fn check_json_spans(text: &str, value: &serde_json::Value, path: &str) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(start), Some(end)) = (
                map.get("start").and_then(|v| v.as_u64()),
                map.get("end").and_then(|v| v.as_u64()),
            ) {
                let span = Span {
                    start: start as usize,
                    end: end as usize,
                };
                check_span(text, span, path);
                if let Some(s) = map.get("text").and_then(|v| v.as_str()) {
                    assert_eq!(s, span.slice(text), "{path}: `text` is not the text at {span:?}");
                }
            }
            for (k, v) in map {
                check_json_spans(text, v, &format!("{path}.{k}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_json_spans(text, v, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}
