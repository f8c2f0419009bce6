//! `read_input` with format detection, over plain or gzip-compressed bytes.
//!
//! The first byte picks the mode: odd compresses the rest with gzip first
//! (so the fuzzer explores every format behind the decompressor), even
//! writes the rest as is (which also covers corrupt gzip streams). The rest
//! also goes through `decode_utf8`, which must agree with
//! `String::from_utf8_lossy`.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };

    let (decoded, warning) = ingest::decode_utf8(rest.to_vec());
    assert_eq!(decoded, String::from_utf8_lossy(rest), "decode_utf8 differs from from_utf8_lossy");
    assert_eq!(warning.is_some(), std::str::from_utf8(rest).is_err(), "decode_utf8 warning {warning:?}");

    if mode & 1 == 1 {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(rest).unwrap();
        let bytes = gz.finish().unwrap();
        dossier_fuzz::read_bytes(&bytes, None);
    } else {
        dossier_fuzz::read_bytes(rest, None);
    }
});
