//! The CoNLL-U reader, over raw bytes (`parse_reader`, which sees invalid
//! UTF-8) and as a string (`parse_str`), then each sentence's surface tokens
//! (`Sentence::tokens`, which the sentence evaluation uses).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = conllu::parse_reader(data, "<fuzz>");
    let src = String::from_utf8_lossy(data);
    if let Ok(sentences) = conllu::parse_str(&src) {
        for s in &sentences {
            let toks = s.tokens();
            assert!(toks.len() <= s.words.len(), "{} surface tokens for {} words", toks.len(), s.words.len());
            for w in &s.words {
                let _ = w.space_after();
            }
        }
    }
});
