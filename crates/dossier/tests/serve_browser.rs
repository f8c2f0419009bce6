//! The page of `dossier serve` in headless Chromium, driven over WebDriver.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them): without them the tests skip with a message, and fail when `CI`
//! is set. Screenshots go to `target/tmp/browser/`.

mod common;
mod serving;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serving::{ingest, repo, Server, PLANTED};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";
const SEED: &str = "seed/000_a3085cba722678df.txt";

/// The browser and driver, or `None` (with a message) when they are not
/// installed. Under CI a missing browser is a failure, not a skip.
fn browser_installed() -> bool {
    let missing: Vec<&str> = [CHROMIUM, DRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{missing:?} missing: CI installs chromium and chromium-driver (see .ci/run)");
    }
    eprintln!("skipped: {missing:?} not installed (apt-get install -y chromium chromium-driver runs these tests)");
    false
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One database for every test of this file: the seed article (dated as
/// the user's example), the bundled samples and the planted article.
fn database() -> Option<&'static PathBuf> {
    static DB: OnceLock<Option<PathBuf>> = OnceLock::new();
    DB.get_or_init(|| {
        let seed = common::shared(SEED)?;
        let dir = out_dir();
        let planted = dir.join("planted.txt");
        std::fs::write(&planted, PLANTED).unwrap();
        let db = dir.join("dossier.db");
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("dossier.db{suffix}")));
        }
        ingest(
            &db,
            &[
                (&seed, "2025-04-10"),
                (&repo("samples/harbour-strike.txt"), "2026-03-17"),
                (&repo("samples/border-talks.txt"), "2026-02-03"),
                (&planted, "2026-03-20"),
            ],
        );
        Some(db)
    })
    .as_ref()
}

/// A chromedriver on a free loopback port, stopped on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run one browser scenario against a fresh server; tests take turns, as
/// two Chromiums on two cores only slow each other down.
fn with_page<F>(scenario: F)
where
    F: for<'a> FnOnce(&'a Client, &'a Server) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>,
{
    static TURN: Mutex<()> = Mutex::new(());
    if !browser_installed() {
        return;
    }
    let Some(db) = database() else { return };
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let server = Server::start(db, &[]);
    let driver = Driver::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--lang=en-GB"],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a WebDriver session");
        scenario(&client, &server).await;
        let _ = client.close().await;
    });
}

async fn wait(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    let path = out_dir().join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// The document row id of the article whose text has these words.
fn document_id(server: &Server, words: &str) -> i64 {
    let page = server.json(&format!("/api/documents?q={}", words.replace(' ', "%20")));
    page["documents"][0]["id"].as_i64().expect("the article is stored")
}

#[test]
fn the_page_loads_and_a_search_finds_the_seed_article() {
    with_page(|client, server| {
        Box::pin(async move {
            client.goto(&server.url("/")).await.unwrap();
            wait(client, "#document-list li.document").await;
            let stats = wait(client, "#stats").await;
            client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::XPath("//span[@id='stats'][contains(., 'articles')]"))
                .await
                .unwrap();
            assert!(stats.text().await.unwrap().starts_with("4 articles"));
            let q = wait(client, "#q").await;
            q.send_keys("Chinese citizens").await.unwrap();
            client
                .find(Locator::Css("#search-button"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            client
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::XPath("//ol[@id='document-list']/li[1]//mark"))
                .await
                .expect("a match marked in the result");
            let titles = texts(client, "#document-list li.document .title").await;
            assert_eq!(titles.len(), 1, "{titles:?}");
            assert!(
                titles[0].starts_with("President Volodymyr Zelenskyy said"),
                "{titles:?}"
            );
            // The search is a permalink.
            let url = client.current_url().await.unwrap();
            assert!(url.fragment().unwrap().contains("q=Chinese"), "{url}");
            // Facets come with the list.
            let outlets = texts(client, "#facet-month li a").await;
            assert_eq!(outlets, ["2025-04"]);
            screenshot(client, "search.png").await;

            // Quotes by a speaker, as a permalink.
            client
                .goto(&server.url("/#/search?kind=quotes&speaker=Zelenskyy"))
                .await
                .unwrap();
            wait(client, "#quote-list li.quote").await;
            let speakers = texts(client, "#quote-list .speaker-name").await;
            assert!(speakers.len() >= 5, "{speakers:?}");
            assert!(speakers.iter().all(|s| s == "Volodymyr Zelenskyy"), "{speakers:?}");
            screenshot(client, "quotes.png").await;
        })
    });
}

#[test]
fn the_seed_article_marks_zelenskyy_quotes_and_resolves_the_foreign_minister_to_sybiha() {
    with_page(|client, server| {
        Box::pin(async move {
            let id = document_id(server, "Chinese citizens");
            client.goto(&server.url(&format!("/#/doc/{id}"))).await.unwrap();
            wait(client, "#article-text .q-content").await;
            // His quotations are highlighted and attributed to him by name.
            let his: Vec<String> = texts(client, "#doc-quotes li .speaker-name").await;
            assert!(
                his.iter().filter(|s| s.as_str() == "Volodymyr Zelenskyy").count() >= 5,
                "{his:?}"
            );
            let speaker = client
                .find(Locator::Css(
                    "#article-text .q-speaker[data-speaker='Volodymyr Zelenskyy']",
                ))
                .await
                .expect("a speaker span named Zelenskyy");
            assert!(speaker
                .attr("title")
                .await
                .unwrap()
                .unwrap()
                .contains("Volodymyr Zelenskyy"));
            let said = client
                .find(Locator::XPath(
                    "//div[@id='article-text']//*[contains(@class,'q-content')][contains(., 'strong country')]",
                ))
                .await
                .expect("his quotation is highlighted");
            let qid = said.attr("data-quote").await.unwrap().unwrap();
            let side = client
                .find(Locator::Css(&format!(
                    "#doc-quotes li[data-quote='{qid}'] .speaker-name"
                )))
                .await
                .unwrap();
            assert_eq!(side.text().await.unwrap(), "Volodymyr Zelenskyy");
            // "the foreign minister" is resolved to Andrii Sybiha, and says how.
            let minister = client
                .find(Locator::XPath(
                    "//div[@id='article-text']//*[contains(@class,'q-speaker')][. = 'the foreign minister']",
                ))
                .await
                .expect("the role noun is marked as a speaker");
            assert_eq!(
                minister.attr("data-speaker").await.unwrap().as_deref(),
                Some("Andrii Sybiha")
            );
            let title = minister.attr("title").await.unwrap().unwrap();
            assert!(
                title.contains("Andrii Sybiha") && title.contains("role noun"),
                "{title}"
            );
            let badge = client
                .find(Locator::XPath(
                    "//*[contains(@class,'q-speaker')][. = 'the foreign minister']/following-sibling::span[1]",
                ))
                .await
                .unwrap();
            assert_eq!(badge.text().await.unwrap(), "→ Andrii Sybiha");
            // A pronoun speaker shows whom it stands for too.
            let he = client
                .find(Locator::Css("#article-text .q-speaker.res-pronoun"))
                .await
                .expect("a pronoun speaker");
            assert!(he.attr("title").await.unwrap().unwrap().contains("pronoun"));
            minister.click().await.ok();
            screenshot(client, "article.png").await;
        })
    });
}

#[test]
fn zelenskyy_page_lists_what_he_said_newest_first() {
    with_page(|client, server| {
        Box::pin(async move {
            let id = document_id(server, "Chinese citizens");
            client.goto(&server.url(&format!("/#/doc/{id}"))).await.unwrap();
            let link = wait(client, "#doc-quotes a.speaker-name").await;
            assert_eq!(link.text().await.unwrap(), "Volodymyr Zelenskyy");
            link.click().await.unwrap();
            let name = wait(client, "#entity-name").await;
            assert!(name.text().await.unwrap().starts_with("Volodymyr Zelenskyy"));
            wait(client, "#quotes-by li.quote").await;
            let said = texts(client, "#quotes-by li.quote blockquote").await;
            assert!(said.len() >= 5, "{said:?}");
            assert!(said.iter().any(|s| s.contains("strong country")), "{said:?}");
            let who = texts(client, "#quotes-by .speaker-name").await;
            assert!(who.iter().all(|w| w == "Volodymyr Zelenskyy"), "{who:?}");
            let dates = texts(client, "#quotes-by li.quote > .meta").await;
            assert!(dates.iter().all(|d| d.starts_with("2025-04-10")), "{dates:?}");
            wait(client, "#timeline-chart rect.bar").await;
            wait(client, "#ego-network .node").await;
            let url = client.current_url().await.unwrap();
            assert!(url.fragment().unwrap().starts_with("/entity/"), "{url}");
            screenshot(client, "entity.png").await;
        })
    });
}

#[test]
fn markup_planted_in_an_article_is_shown_as_text_and_never_runs() {
    with_page(|client, server| {
        Box::pin(async move {
            let id = document_id(server, "ferry plan");
            client.goto(&server.url(&format!("/#/doc/{id}"))).await.unwrap();
            let text = wait(client, "#article-text").await;
            let shown = text.text().await.unwrap();
            assert!(shown.contains("<script>window.__pwned = 1</script>"), "{shown}");
            assert!(shown.contains("<img src=x onerror="), "{shown}");
            // Nothing planted became an element or ran.
            let imgs = client.find_all(Locator::Css("#app img, #app script")).await.unwrap();
            assert!(imgs.is_empty());
            let scripts = client.find_all(Locator::Css("script")).await.unwrap();
            assert_eq!(scripts.len(), 1, "only app.js");
            let pwned = client
                .execute("return [typeof window.__pwned, document.title];", vec![])
                .await
                .unwrap();
            assert_eq!(pwned, serde_json::json!(["undefined", "dossier"]));
            // The same for the search list, whose headline stand-in carries the markup.
            client.goto(&server.url("/#/search?q=ferry")).await.unwrap();
            wait(client, "#document-list li.document").await;
            let pwned = client.execute("return typeof window.__pwned;", vec![]).await.unwrap();
            assert_eq!(pwned, "undefined");
            screenshot(client, "planted.png").await;
        })
    });
}

#[test]
fn the_events_and_disputes_views_list_what_happened_and_who_disputes_what() {
    with_page(|client, server| {
        Box::pin(async move {
            client.goto(&server.url("/#/events?country=CH")).await.unwrap();
            wait(client, "#event-list table.events tbody tr").await;
            let rows = texts(client, "#event-list tbody tr").await;
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert!(
                rows[0].contains("CONSULT") && rows[0].contains("Geneva (CH)"),
                "{rows:?}"
            );
            // Unfiltered, the seed's capture is there, located and marked as
            // Zelenskyy's claim.
            client.goto(&server.url("/#/events?type=ASSAULT")).await.unwrap();
            wait(client, "#event-list table.events tbody tr").await;
            let rows = texts(client, "#event-list tbody tr").await;
            assert!(
                rows.iter().any(|r| r.contains("Donetsk") && r.contains("claimed")),
                "{rows:?}"
            );
            screenshot(client, "events.png").await;
            // The seed's dispute, side by side: Zelenskyy asserts, China's
            // Foreign Ministry denies ("groundless").
            client.goto(&server.url("/#/disputes")).await.unwrap();
            wait(client, "#dispute-list article.dispute .sides").await;
            let sides = texts(client, "#dispute-list article.dispute .side").await;
            assert!(sides.len() >= 2, "{sides:?}");
            assert!(sides[0].contains("Volodymyr Zelenskyy"), "{sides:?}");
            assert!(
                sides[1].contains("Foreign Ministry") && sides[1].contains("groundless"),
                "{sides:?}"
            );
            assert!(!sides.iter().any(|s| s.contains("[object")), "{sides:?}");
            screenshot(client, "disputes.png").await;
        })
    });
}

/// Capture what the page's "Export CSV" buttons produce, without a download:
/// every Blob handed to `URL.createObjectURL` is read back as text, and the
/// link's click (the download) is recorded by file name and not followed.
/// The hooks go in once per page load (a view change keeps the page);
/// each export starts a new list.
const CAPTURE_CSV: &str = r#"
window.__csv = [];
if (!window.__csvHooked) {
  window.__csvHooked = true;
  const blobUrl = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => {
    const entry = { name: null, text: null };
    window.__csv.push(entry);
    blob.text().then((t) => { entry.text = t; });
    return blobUrl(blob);
  };
  HTMLAnchorElement.prototype.click = function () {
    const last = window.__csv[window.__csv.length - 1];
    if (last && this.download) last.name = this.download;
  };
}
"#;

/// Click an export button and return (file name, CSV text) of what it made.
async fn export_csv(client: &Client, button: &str) -> (String, String) {
    client.execute(CAPTURE_CSV, vec![]).await.unwrap();
    wait(client, button).await.click().await.unwrap();
    let started = Instant::now();
    loop {
        let got = client
            .execute("return window.__csv.length ? window.__csv[0] : null;", vec![])
            .await
            .unwrap();
        if let (Some(name), Some(text)) = (got["name"].as_str(), got["text"].as_str()) {
            return (name.to_string(), text.to_string());
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{button} made no CSV: {got}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The rows of a CSV text as the page writes it (RFC 4180 quoting).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn export_csv_writes_the_listed_quotes_and_disputes_as_shown() {
    with_page(|client, server| {
        Box::pin(async move {
            // Zelenskyy's quotes: the CSV has a row per listed quote, in the
            // list's order, with the same speaker and words as the API's page.
            client
                .goto(&server.url("/#/search?kind=quotes&speaker=Zelenskyy"))
                .await
                .unwrap();
            wait(client, "#quote-list li.quote").await;
            let listed = texts(client, "#quote-list li.quote").await;
            let (name, text) = export_csv(client, "#export-csv").await;
            assert_eq!(name, "quotes.csv");
            let rows = csv_rows(&text);
            assert_eq!(
                rows[0],
                [
                    "id",
                    "date",
                    "source",
                    "title",
                    "speaker",
                    "speaker_entity",
                    "kind",
                    "cue",
                    "content",
                    "confidence",
                    "document_id"
                ]
            );
            assert_eq!(rows.len() - 1, listed.len(), "{rows:?}");
            let api = server.json("/api/quotes?speaker=Zelenskyy");
            let quotes = api["quotes"].as_array().unwrap();
            assert_eq!(quotes.len(), listed.len());
            for (row, quote) in rows[1..].iter().zip(quotes) {
                assert_eq!(row.len(), 11, "{row:?}");
                assert_eq!(row[0], quote["id"].to_string());
                assert_eq!(row[1], "2025-04-10");
                assert_eq!(row[4], "Volodymyr Zelenskyy");
                assert_eq!(row[8], quote["content"].as_str().unwrap());
                assert!(!row[8].is_empty());
            }

            // The disputes list: the seed's dispute with who asserts and who
            // denies, as the view shows them side by side.
            client.goto(&server.url("/#/disputes")).await.unwrap();
            wait(client, "#dispute-list article.dispute .sides").await;
            let (name, text) = export_csv(client, "#dispute-list button.csv").await;
            assert_eq!(name, "disputes.csv");
            let rows = csv_rows(&text);
            assert_eq!(rows[0], ["id", "since", "proposition", "asserted_by", "denied_by"]);
            let seed = rows[1..]
                .iter()
                .find(|r| r[4].contains("Foreign Ministry"))
                .unwrap_or_else(|| panic!("the seed's dispute: {rows:?}"));
            assert!(seed[3].contains("Volodymyr Zelenskyy"), "{seed:?}");
            assert_eq!(seed[1], "2025-04-10", "{seed:?}");
        })
    });
}
