use super::*;
use std::io::Write;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> Input {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    Input::Path(p)
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn read_all(input: &Input) -> (Vec<RawDoc>, Vec<IngestError>) {
    read_all_with(input, &Options::default())
}

fn read_all_with(input: &Input, opts: &Options) -> (Vec<RawDoc>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for item in read_input(input, opts) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

#[test]
fn jsonl_bad_line_is_reported_and_the_rest_continue() {
    let dir = tempfile::tempdir().unwrap();
    let src = b"{\"id\": \"a\", \"text\": \"One story.\", \"date_iso\": \"2020-01-02\", \"date\": \"1/2/20\"}\n{\"id\": \"b\", \"text\": broken\n\n{\"text\": \"Third.\", \"date\": \"0001-11-30\", \"authors\": \"Ann Lee, Bob Roe\"}\n";
    let input = write(&dir, "x.jsonl", src);
    let (docs, errs) = read_all(&input);
    assert_eq!(docs.len(), 2);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].position, Some(Position::Line(2)));
    assert!(
        errs[0].to_string().contains("x.jsonl: line 2: malformed JSON"),
        "{}",
        errs[0]
    );
    assert_eq!(docs[0].meta.id, "a");
    assert_eq!(docs[0].meta.date.as_deref(), Some("2020-01-02"));
    assert_eq!(docs[1].meta.date, None);
    assert!(docs[1].warnings[0].contains("0001-11-30"));
    assert_eq!(docs[1].meta.authors, ["Ann Lee", "Bob Roe"]);
    assert_eq!(docs[1].meta.id.len(), 16, "hash id when the input has none");
}

#[test]
fn gzip_is_read_transparently_and_truncation_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..2000 {
        lines.push_str(&format!(
            "{{\"id\": \"{i}\", \"text\": \"Story number {i} with some words to pad the compressed stream.\"}}\n"
        ));
    }
    let full = gz(lines.as_bytes());
    let (docs, errs) = read_all(&write(&dir, "ok.jsonl.gz", &full));
    assert_eq!((docs.len(), errs.len()), (2000, 0));
    let cut = &full[..full.len() / 2];
    let (docs, errs) = read_all(&write(&dir, "cut.jsonl.gz", cut));
    assert!(docs.len() < 2000);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.contains("truncated"), "{}", errs[0]);
}

#[test]
fn binary_and_empty_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_, errs) = read_all(&write(&dir, "img.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    assert!(
        errs[0].to_string().contains("img.png") && errs[0].message.contains("binary"),
        "{}",
        errs[0]
    );
    let (_, errs) = read_all(&write(&dir, "empty.txt", b""));
    assert!(errs[0].message.contains("empty"), "{}", errs[0]);
    let (_, errs) = read_all(&write(&dir, "blank.txt", b"  \n\n "));
    assert!(errs[0].message.contains("empty"), "{}", errs[0]);
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_naming_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let (docs, _) = read_all(&write(&dir, "bad.txt", b"Caf\xe9 society.\r\nNext line."));
    assert_eq!(docs[0].text, "Caf\u{fffd} society.\nNext line.");
    assert!(docs[0].warnings[0].contains("byte offset 3"), "{:?}", docs[0].warnings);
}

#[test]
fn oversized_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        max_doc_bytes: 100,
        ..Options::default()
    };
    let big = format!(
        "{{\"id\": \"big\", \"text\": \"{}\"}}\n{{\"id\": \"small\", \"text\": \"ok\"}}\n",
        "word ".repeat(50)
    );
    let (docs, errs) = read_all_with(&write(&dir, "big.jsonl", big.as_bytes()), &opts);
    assert_eq!(docs.len(), 1);
    assert!(
        errs[0].message.contains("\"big\"") && errs[0].message.contains("over the limit"),
        "{}",
        errs[0]
    );
}

#[test]
fn html_main_text_drops_boilerplate_and_keeps_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let body = "<p>The council voted on Monday to close the old bridge for repairs, officials said in a statement that ran to several pages.</p>".repeat(4);
    let html = format!(
        r#"<!DOCTYPE html><html><head><title>Bridge closes | Gazette</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"><meta name="author" content="Jane Doe">
<script>var x = "tracking";</script></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div id="cookie-banner">We use cookies. Accept all?</div><article><h1>Bridge closes</h1>{body}</article>
<footer>Copyright Gazette. All rights reserved.</footer></body></html>"#
    );
    let (docs, errs) = read_all(&write(&dir, "page.html", html.as_bytes()));
    assert!(errs.is_empty(), "{errs:?}");
    let d = &docs[0];
    assert!(d.text.contains("The council voted"));
    assert!(
        !d.text.contains("tracking") && !d.text.contains("Copyright") && !d.text.contains("Home"),
        "{}",
        d.text
    );
    assert_eq!(d.meta.date.as_deref(), Some("2024-03-05"));
    assert_eq!(d.meta.authors, ["Jane Doe"]);
    assert!(d.meta.title.as_deref().unwrap().contains("Bridge closes"));
    assert!(d.text.contains("\n\n"), "paragraphs kept: {:?}", d.text);
}

#[test]
fn feed_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>First</title><link>https://example.org/1</link><guid>g-1</guid><pubDate>Tue, 08 Apr 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;One thing happened.&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://example.org/2</link><guid>g-2</guid><description>Another thing.</description></item>
</channel></rss>"#;
    let (docs, errs) = read_all(&write(&dir, "feed.xml", rss.as_bytes()));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].meta.id, "g-1");
    assert_eq!(docs[0].meta.date.as_deref(), Some("2025-04-08"));
    assert_eq!(docs[0].text, "One thing happened.");
    assert_eq!(docs[1].meta.url.as_deref(), Some("https://example.org/2"));
    let (_, errs) = read_all(&write(
        &dir,
        "broken.rss",
        b"<?xml version=\"1.0\"?><rss><channel><item><title>x</ti",
    ));
    assert!(errs[0].message.contains("malformed feed"), "{}", errs[0]);
}

fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Date: 2025-04-09T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn warc_response_records_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>T</title></head><body><p>Rain fell on the city all day, and the river rose by two metres before evening, officials said.</p></body></html>";
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let mut warc = warc_record(
        "warcinfo",
        "urn:uuid:0",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(warc_record(
        "response",
        "urn:uuid:1",
        "https://example.org/a",
        "application/http; msgtype=response",
        http.as_bytes(),
    ));
    warc.extend(warc_record(
        "response",
        "urn:uuid:2",
        "https://example.org/b.png",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nxx",
    ));
    let (docs, errs) = read_all(&write(&dir, "crawl.warc.gz", &gz(&warc)));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].meta.id, "urn:uuid:1");
    assert_eq!(docs[0].meta.url.as_deref(), Some("https://example.org/a"));
    assert!(docs[0].text.contains("river rose"));
    let mut broken = warc.clone();
    broken.truncate(warc.len() - 40);
    broken.extend_from_slice(b"garbage");
    let (_, errs) = read_all(&write(&dir, "broken.warc", &broken));
    assert!(!errs.is_empty());
}

#[test]
fn directories_expand_to_sorted_files() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "b.txt", b"B");
    write(&dir, "a.txt", b"A");
    write(&dir, ".hidden", b"H");
    let inputs: Vec<Input> = expand_paths(&[dir.path().to_path_buf()])
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let names: Vec<String> = inputs
        .iter()
        .map(|i| i.name().rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(names, ["a.txt", "b.txt"]);
}

#[test]
fn dates_in_news_spellings_parse() {
    for s in [
        "2025-04-09T14:03:00Z",
        "4/9/25",
        "Wed, 09 Apr 2025 10:00:00 GMT",
        "April 9, 2025",
        "2025-04-09 10:00",
    ] {
        assert_eq!(parse_date(s).as_deref(), Some("2025-04-09"), "{s}");
    }
}

#[test]
fn warc_with_odd_headers_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = warc_record(
        "resource",
        "urn:uuid:9",
        "http://a/\u{fffd}",
        "text/plain",
        b"Plain words here.",
    );
    // A byte that is not UTF-8 in a header value.
    let at = rec.windows(3).position(|w| w == "\u{fffd}".as_bytes()).unwrap();
    rec.splice(at..at + 3, [0xb1]);
    let (docs, errs) = read_all(&write(&dir, "odd.warc", &rec));
    assert_eq!((docs.len(), errs.len()), (1, 0), "{errs:?}");
    let huge = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 18446744073709551614\r\n\r\nabc";
    let (_, errs) = read_all(&write(&dir, "huge.warc", huge));
    assert!(errs[0].message.contains("over the limit"), "{}", errs[0]);
}
