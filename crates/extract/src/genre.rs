//! What kind of text a document is: news, opinion or a transcript, where
//! its metadata or its text says so. Attribution reads it: in an opinion
//! piece the author's own voice is everywhere, and a reader does not take
//! it for anybody's reported statement.

use text::{Doc, Genre};

/// Path words that mark an outlet's opinion section.
const OPINION_PATHS: &[&str] = &[
    "/opinion",
    "/opinions",
    "/commentary",
    "/op-ed",
    "/oped",
    "/editorial",
    "/editorials",
    "/columnists",
    "/column/",
];

/// Headline prefixes that say the same.
const OPINION_TITLES: &[&str] = &[
    "opinion:",
    "op-ed:",
    "commentary:",
    "column:",
    "editorial:",
    "analysis:",
];

/// The genre the document's metadata or text gives, or `None` when
/// nothing says: the URL's section or the headline's label, a transcript's
/// run of "NAME:" lines, or a narrator who speaks in the first person
/// outside quotation marks (one word in a hundred).
pub fn detect_genre(doc: &Doc) -> Option<Genre> {
    let url = doc.meta.url.as_deref().unwrap_or("").to_lowercase();
    let title = doc.meta.title.as_deref().unwrap_or("").trim_start().to_lowercase();
    if OPINION_PATHS.iter().any(|p| url.contains(p)) || OPINION_TITLES.iter().any(|p| title.starts_with(p)) {
        return Some(Genre::Opinion);
    }
    // Transcripts: paragraphs opening with a speaker's label in capitals.
    let labelled = doc
        .paragraphs
        .iter()
        .filter(|p| {
            let t = doc.slice(p.span);
            t.find(':').is_some_and(|k| {
                let label = &t[..k];
                (2..=40).contains(&label.len())
                    && label.chars().any(char::is_alphabetic)
                    && label
                        .chars()
                        .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-')
            })
        })
        .count();
    if labelled >= 3 && labelled * 4 >= doc.paragraphs.len() {
        return Some(Genre::Transcript);
    }
    let (run_of, _) = doc.quote_run_tokens();
    let mut outside = 0usize;
    let mut first_person = 0usize;
    for (i, r) in run_of.iter().enumerate() {
        if r.is_some() {
            continue;
        }
        let w = doc.token_text(i);
        if !w.starts_with(char::is_alphanumeric) {
            continue;
        }
        outside += 1;
        if matches!(w, "I" | "me" | "my" | "My" | "myself") {
            first_person += 1;
        }
    }
    if outside >= 100 && first_person * 100 >= outside {
        return Some(Genre::Opinion);
    }
    (outside >= 100).then_some(Genre::News)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, url: Option<&str>) -> Doc {
        let mut d = Doc::new(
            text::Meta {
                url: url.map(str::to_string),
                ..text::Meta::default()
            },
            text.to_string(),
        );
        text::segment(&mut d);
        d
    }

    #[test]
    fn the_opinion_section_of_the_url_makes_an_opinion_piece() {
        let d = doc(
            "The council met on Monday.",
            Some("https://example.com/opinion/2020/a-column"),
        );
        assert_eq!(detect_genre(&d), Some(Genre::Opinion));
    }

    #[test]
    fn a_narrator_in_the_first_person_writes_opinion_and_a_plain_report_is_news() {
        let report = "The council met on Monday and voted to close the harbour for a week. ".repeat(10);
        assert_eq!(detect_genre(&doc(&report, None)), Some(Genre::News));
        let column = "I think the council was wrong, and I said so to my neighbours. ".repeat(10);
        assert_eq!(detect_genre(&doc(&column, None)), Some(Genre::Opinion));
        // "I" inside quotation marks is somebody else's.
        let quoted = "“I am staying,” the mayor said on Monday at the harbour office. ".repeat(15);
        assert_eq!(detect_genre(&doc(&quoted, None)), Some(Genre::News));
        assert_eq!(detect_genre(&doc("Too short to tell.", None)), None);
    }

    #[test]
    fn speaker_labels_make_a_transcript() {
        let t = "HOST: Welcome back.\n\nSMITH: Thank you.\n\nHOST: What happened?\n\nSMITH: The harbour closed.";
        assert_eq!(detect_genre(&doc(t, None)), Some(Genre::Transcript));
    }
}
