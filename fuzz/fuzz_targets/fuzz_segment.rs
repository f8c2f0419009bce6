//! Segmentation of arbitrary text: every paragraph, token and sentence span
//! must lie on char boundaries inside the text, tokens must be non-empty,
//! disjoint and in order, and sentences must lie inside their paragraph.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    dossier_fuzz::check_segmentation(&text);
});
