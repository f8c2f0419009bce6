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
    let (depth, elements) = markup_shape(html);
    if depth > MAX_HTML_DEPTH || elements > MAX_HTML_ELEMENTS {
        // Readability's scoring and cleaning revisit ancestors and
        // descendants of every element: quadratic time on pages nested
        // thousands deep. Past the budget the page's text is taken as is.
        let text = plain_text(html);
        if text.trim().is_empty() {
            return Err("HTML page has no text".to_string());
        }
        return Ok(HtmlArticle {
            meta: Meta::default(),
            text,
            warnings: vec![format!(
                "HTML nested {depth} deep with {elements} elements, past the budget of {MAX_HTML_DEPTH} deep \
                 or {MAX_HTML_ELEMENTS} elements: main text not extracted, the page's text taken as is, no metadata"
            )],
        });
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

/// Nesting depth past which a page is not given to Readability.
pub const MAX_HTML_DEPTH: usize = 400;
/// Number of elements past which a page is not given to Readability.
pub const MAX_HTML_ELEMENTS: usize = 60_000;

/// Tags that never hold content, or whose end tag pages often leave out:
/// they do not nest for [`markup_shape`].
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// Elements whose content is no text.
const SKIPPED_CONTENT: &[&str] = &["script", "style", "noscript", "template", "svg"];

/// Elements that break paragraphs in [`plain_text`].
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "main",
    "aside",
    "nav",
    "hr",
];

/// One tag of a page: its lower-cased name, whether it closes, and the
/// byte after its `>`.
struct Tag<'a> {
    name: std::borrow::Cow<'a, str>,
    closing: bool,
    self_closing: bool,
    end: usize,
}

/// The tag starting at byte `at` (a `<`), if one does; comments are
/// skipped whole (`name` is `!--`).
fn tag_at(html: &str, at: usize) -> Option<Tag<'_>> {
    let rest = &html[at..];
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->").map_or(html.len(), |e| at + 4 + e + 3);
        return Some(Tag {
            name: "!--".into(),
            closing: false,
            self_closing: true,
            end,
        });
    }
    let bytes = rest.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = 1 + closing as usize;
    if !bytes
        .get(name_start)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!')
    {
        return None;
    }
    let name_len = bytes[name_start..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!' || *b == b'-'))
        .unwrap_or(bytes.len() - name_start);
    let name = &rest[name_start..name_start + name_len];
    let close = rest.find('>').map_or(html.len(), |e| at + e + 1);
    let self_closing = html[..close].ends_with("/>");
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.to_ascii_lowercase().into()
    } else {
        name.into()
    };
    Some(Tag {
        name,
        closing,
        self_closing,
        end: close,
    })
}

/// The deepest nesting of elements and the number of elements of a page,
/// read from its tags in one pass (no tree is built).
pub fn markup_shape(html: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut elements) = (0usize, 0usize, 0usize);
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        match tag_at(html, start) {
            Some(tag) => {
                at = tag.end.max(start + 1);
                if tag.closing {
                    if !NON_NESTING.contains(&tag.name.as_ref()) {
                        depth = depth.saturating_sub(1);
                    }
                } else if tag.name != "!--" {
                    elements += 1;
                    if !tag.self_closing && !NON_NESTING.contains(&tag.name.as_ref()) {
                        depth += 1;
                        deepest = deepest.max(depth);
                    }
                }
            }
            None => at = start + 1,
        }
    }
    (deepest, elements)
}

/// The text of a page with its tags stripped in one pass: block elements
/// break paragraphs, scripts and styles are dropped. The fallback for pages
/// past Readability's budget; linear in the page's length.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        out.push_str(&html[at..start]);
        match tag_at(html, start) {
            Some(tag) => {
                at = tag.end.max(start + 1);
                if !tag.closing && SKIPPED_CONTENT.contains(&tag.name.as_ref()) && !tag.self_closing {
                    // Skip to the end tag, whatever its case.
                    at = end_tag_after(html, at, &tag.name);
                } else if BLOCKS.contains(&tag.name.as_ref()) {
                    out.push_str("\n\n");
                } else {
                    out.push(' ');
                }
            }
            None => {
                out.push('<');
                at = start + 1;
            }
        }
    }
    out.push_str(&html[at..]);
    tidy_paragraphs(&decode_entities(&out))
}

/// The byte after the end tag `</name …>` at or after `from`, whatever its
/// case; the end of the page when there is none.
fn end_tag_after(html: &str, from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        let named = html
            .get(start + 2..start + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        if named {
            return html[start..].find('>').map_or(html.len(), |g| start + g + 1);
        }
        at = start + 2;
    }
    html.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_shape_counts_nesting_but_not_void_or_unclosed_paragraphs() {
        let html = "<html><body><div><p>One<p>Two<br><img src=x><div><span>x</span></div></div></body></html>";
        assert_eq!(markup_shape(html), (5, 9));
        assert_eq!(markup_shape("<!-- <div><div> --><b>x</b>"), (1, 1));
    }

    #[test]
    fn a_page_nested_past_the_depth_budget_is_read_as_plain_text_with_a_warning() {
        let n = MAX_HTML_DEPTH + 1;
        let html = format!(
            "<html><head><script>var a = '<div>';</script></head><body>{}<p>The minister said the plan would \
             work.</p><p>Second &amp; last.</p>{}</body></html>",
            "<div>".repeat(n),
            "</DIV>".repeat(n)
        );
        let article = extract_html(&html).unwrap();
        assert_eq!(article.text, "The minister said the plan would work.\n\nSecond & last.");
        assert!(
            article.warnings[0].contains("past the budget"),
            "{:?}",
            article.warnings
        );
    }

    #[test]
    fn a_page_within_the_budget_still_goes_to_readability() {
        let html = "<html><body><div><p>The minister said the plan would work.</p></div></body></html>";
        let article = extract_html(html).unwrap();
        assert!(article.warnings.iter().all(|w| !w.contains("past the budget")));
    }
}
