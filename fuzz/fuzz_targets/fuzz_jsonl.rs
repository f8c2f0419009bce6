//! `read_input` with the format forced to Jsonl.
#![no_main]
use ingest::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::read_bytes(data, Some(Format::Jsonl));
});
