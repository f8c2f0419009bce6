//! Language identification.

use crate::doc::Doc;

/// Detect the language of `doc.text` from its first two kilobytes and set
/// `doc.language` (ISO 639-1, or `und` when the text is too short or the
/// guess unreliable). A document found not to be English gets a warning,
/// since only segmentation supports other languages.
pub fn detect_language(doc: &mut Doc) {
    let mut end = doc.text.len().min(2048);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &doc.text[..end];
    let code = match whatlang::detect(sample) {
        Some(info) if info.is_reliable() || (sample.len() > 200 && info.confidence() > 0.5) => iso639_1(info.lang()),
        _ if sample.split_whitespace().count() < 4 => "und",
        _ => "und",
    };
    doc.language = code.to_string();
    if code != "en" && code != "und" {
        doc.warn(
            "language",
            format!("language {code}: only segmentation is supported"),
            None,
        );
    }
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Heb => "he",
        Tur => "tr",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ces => "cs",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Bul => "bg",
        Hin => "hi",
        Pes => "fa",
        Vie => "vi",
        Ind => "id",
        Tha => "th",
        // Languages without a two-letter code keep whatlang's three-letter one.
        other => other.code(),
    }
}
