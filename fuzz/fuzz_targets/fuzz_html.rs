//! `read_input` with the format forced to Html (UTF-8 decoding, Readability
//! extraction, meta tags), and `fragment_text`, the feeds' HTML-to-text path.
#![no_main]
use ingest::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::read_bytes(data, Some(Format::Html));
    let html = String::from_utf8_lossy(data);
    let _ = ingest::fragment_text(&html);
});
