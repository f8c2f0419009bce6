//! `analyze` of arbitrary bytes: `read_input` with format detection (as
//! `fuzz_text_input`, first byte odd = gzip the rest first), then the whole
//! `dossier` pipeline on every document read, as one batch, then the JSON
//! output. Checks (`dossier_fuzz::check_analysis`): the text is unchanged,
//! every span of the `Doc` and every `{start, end}` of the output lies in
//! the text on char boundaries (and an output span's `text` is the text
//! there), the output is one line of valid JSON, and no stage failed.
//!
//! The models load once per process (`PIPELINE`), not per input.
#![no_main]
use std::io::Write;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static PIPELINE: LazyLock<dossier::Pipeline> =
    LazyLock::new(|| dossier::Pipeline::new().expect("the shipped models load"));

fuzz_target!(
    init: {
        LazyLock::force(&PIPELINE);
    },
    |data: &[u8]| {
        let Some((&mode, rest)) = data.split_first() else { return };
        let items = if mode & 1 == 1 {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(rest).unwrap();
            dossier_fuzz::read_bytes(&gz.finish().unwrap(), None)
        } else {
            dossier_fuzz::read_bytes(rest, None)
        };
        let raws: Vec<_> = items.into_iter().filter_map(Result::ok).collect();
        if raws.is_empty() {
            return;
        }
        let texts: Vec<String> = raws.iter().map(|r| r.text.clone()).collect();
        let docs = PIPELINE.analyze_batch(raws);
        assert_eq!(docs.len(), texts.len(), "one document out per document in");
        for (doc, text) in docs.iter().zip(&texts) {
            dossier_fuzz::check_analysis(&PIPELINE, doc, text);
        }
    }
);
