//! HTML main-text extraction and metadata.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use text::Meta;

use crate::{parse_date, split_authors};

/// What an HTML page yields.
#[derive(Debug, Clone, Default)]
pub struct HtmlArticle {
    /// Title, authors, date and URL from meta tags and JSON-LD (id left empty).
    pub meta: Meta,
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    /// Problems met on the way.
    pub warnings: Vec<String>,
}

/// Extract the main text of an HTML page with a Readability port, dropping
/// navigation, scripts, footers and cookie banners, and keeping paragraph
/// breaks. Title, publication date and authors come from meta tags and
/// JSON-LD. When Readability finds no article (a very short page), the
/// page's block-level text is used instead, with a warning.
pub fn extract_html(html: &str) -> Result<HtmlArticle, String> {
    if !html.contains('<') {
        return Err("malformed HTML: no markup found".to_string());
    }
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut warnings = Vec::new();
    let mut readability = Readability::new(html, None, Some(cfg)).map_err(|e| format!("malformed HTML: {e}"))?;
    let json_ld = readability.parse_json_ld();
    let metadata = readability.get_article_metadata(json_ld);
    let text = match readability.parse() {
        Ok(article) => tidy_paragraphs(&article.text_content),
        Err(e) => {
            warnings.push(format!("no main article found ({e}): using the page's block text"));
            fragment_text(html)
        }
    };
    let text = if text.trim().is_empty() {
        fragment_text(html)
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err("HTML page has no text".to_string());
    }
    let doc = Document::from(html);
    let meta_content = |sel: &str| -> Option<String> {
        doc.select(sel).iter().find_map(|n| {
            n.attr("content")
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
        })
    };
    let date_raw = metadata.published_time.clone().or_else(|| {
        meta_content(r#"meta[property="article:published_time"]"#)
            .or_else(|| meta_content(r#"meta[name="pubdate"]"#))
            .or_else(|| meta_content(r#"meta[name="date"]"#))
            .or_else(|| meta_content(r#"meta[itemprop="datePublished"]"#))
            .or_else(|| {
                doc.select("time[datetime]")
                    .iter()
                    .find_map(|n| n.attr("datetime").map(|d| d.to_string()))
            })
    });
    let date = date_raw.as_deref().and_then(|d| {
        let parsed = parse_date(d);
        if parsed.is_none() {
            warnings.push(format!("publication date {d:?} cannot be parsed: left empty"));
        }
        parsed
    });
    let mut authors: Vec<String> = metadata.byline.as_deref().map(split_authors).unwrap_or_default();
    if authors.is_empty() {
        authors = doc
            .select(r#"meta[name="author"], meta[property="article:author"]"#)
            .iter()
            .filter_map(|n| n.attr("content").map(|c| c.to_string()))
            .flat_map(|c| split_authors(&c))
            .filter(|a| !a.starts_with("http"))
            .collect();
    }
    let title = Some(metadata.title.trim().to_string()).filter(|t| !t.is_empty());
    let url = metadata
        .url
        .clone()
        .or_else(|| meta_content(r#"meta[property="og:url"]"#))
        .or_else(|| {
            doc.select(r#"link[rel="canonical"]"#)
                .iter()
                .find_map(|n| n.attr("href").map(|h| h.to_string()))
        });
    Ok(HtmlArticle {
        meta: Meta {
            id: String::new(),
            source: metadata.site_name.clone(),
            url,
            title,
            authors,
            date,
        },
        text,
        warnings,
    })
}

/// Text of an HTML fragment (a feed item's body, or a page without an
/// article): block elements become paragraphs separated by blank lines.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') {
        return tidy_paragraphs(&decode_entities(html));
    }
    let doc = Document::from(html);
    doc.select("script, style, noscript, nav, footer, header, form, iframe, svg")
        .remove();
    let blocks = doc.select("p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, dd, dt, figcaption");
    let mut parts: Vec<String> = Vec::new();
    for node in blocks.iter() {
        // Skip blocks nested in other blocks we already take.
        if node.ancestors(None).nodes().iter().any(|a| {
            matches!(
                a.node_name().as_deref(),
                Some("p" | "li" | "blockquote" | "pre" | "td" | "dd" | "dt" | "figcaption")
            )
        }) {
            continue;
        }
        let t = collapse_ws(&node.text());
        if !t.is_empty() {
            parts.push(t);
        }
    }
    if parts.is_empty() {
        let body = doc.select("body");
        let t = if body.exists() { body.text() } else { doc.root().text() };
        return tidy_paragraphs(&t);
    }
    parts.join("\n\n")
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapse whitespace inside paragraphs and put exactly one blank line
/// between them.
fn tidy_paragraphs(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for block in s.split("\n\n") {
        let t = collapse_ws(block);
        if !t.is_empty() {
            out.push(t);
        }
    }
    // Formatted text may separate paragraphs by single newlines only.
    if out.len() == 1 && s.trim().contains('\n') {
        out = s.lines().map(collapse_ws).filter(|l| !l.is_empty()).collect();
    }
    out.join("\n\n")
}
