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
    let code = if looks_english(sample) {
        "en"
    } else {
        detect_sample(sample)
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

/// Words that are frequent in any English prose and rare as words of the
/// other languages whatlang knows (so no "a", "in", "is", "on", "was").
const ENGLISH_FUNCTION_WORDS: [&str; 24] = [
    "the", "of", "and", "to", "that", "for", "with", "said", "his", "are", "from", "have", "has", "this", "they",
    "but", "will", "were", "their", "had", "which", "would", "by", "it",
];

/// A quick test that settles most news before the trigram detector runs
/// (whatlang scores every Latin-script language over the whole sample, a
/// few percent of the pipeline): at least 40 words, nearly all letters
/// ASCII, and at least one word in eight an English function word. On
/// the 37,554 AllSides articles it says "English" only where whatlang
/// does too (`cargo run --release --example language_agreement`).
pub fn looks_english(sample: &str) -> bool {
    let (mut words, mut function_words, mut non_ascii_letters, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic() && c != '\'') {
        if word.is_empty() {
            continue;
        }
        words += 1;
        for c in word.chars() {
            letters += 1;
            non_ascii_letters += usize::from(!c.is_ascii());
        }
        if word.len() <= 5 {
            let mut lower = [0u8; 5];
            for (l, b) in lower.iter_mut().zip(word.bytes()) {
                *l = b.to_ascii_lowercase();
            }
            let lower = &lower[..word.len()];
            function_words += usize::from(ENGLISH_FUNCTION_WORDS.iter().any(|f| f.as_bytes() == lower));
        }
    }
    words >= 40 && non_ascii_letters * 50 <= letters && function_words * 8 >= words
}

/// whatlang's verdict on `sample`, as an ISO 639-1 code or `und`.
pub fn detect_sample(sample: &str) -> &'static str {
    match whatlang::detect(sample) {
        Some(info) if info.is_reliable() || (sample.len() > 200 && info.confidence() > 0.5) => iso639_1(info.lang()),
        _ => "und",
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

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "The council said on Monday that it would close the harbour road for two weeks while \
        engineers repair the sea wall, which was damaged by the storms this winter. Residents have asked for a \
        shuttle bus, and the mayor told them that the budget for it had already been approved by the committee.";

    #[test]
    fn quick_test_takes_english_prose() {
        assert!(looks_english(ENGLISH));
        assert_eq!(detect_sample(ENGLISH), "en");
    }

    #[test]
    fn quick_test_leaves_other_languages_and_short_text_to_whatlang() {
        let french = "Le conseil municipal a annoncé lundi que la route du port serait fermée pendant deux \
            semaines, le temps que les ingénieurs réparent la digue endommagée par les tempêtes de cet hiver. \
            Les habitants ont demandé une navette, et le maire leur a répondu que le budget était déjà voté.";
        let german = "Der Stadtrat hat am Montag mitgeteilt, dass die Hafenstraße für zwei Wochen gesperrt wird, \
            während Ingenieure die Kaimauer reparieren, die von den Stürmen in diesem Winter beschädigt wurde. \
            Die Anwohner haben einen Pendelbus verlangt, und der Bürgermeister sagte, das Geld sei bewilligt.";
        let spanish = "El ayuntamiento anunció el lunes que la carretera del puerto estará cerrada durante dos \
            semanas mientras los ingenieros reparan el muro dañado por las tormentas de este invierno. Los \
            vecinos pidieron un autobús y el alcalde les dijo que el presupuesto ya estaba aprobado por la junta.";
        for (text, code) in [(french, "fr"), (german, "de"), (spanish, "es")] {
            assert!(!looks_english(text), "{code} taken for English");
            assert_eq!(detect_sample(text), code);
        }
        assert!(
            !looks_english("The council said that the road will close."),
            "too short to be sure"
        );
    }
}
