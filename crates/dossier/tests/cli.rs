//! End-to-end tests of the `dossier` binary.

mod common;

use common::*;

#[test]
fn bundled_sample_is_analysed_into_a_valid_document() {
    let sample = repo("samples/harbour-strike.txt");
    let out = dossier(&[
        "analyze",
        "--date",
        "2026-03-17",
        "--with-tokens",
        sample.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    check_document(d);
    assert_eq!(d["date"], "2026-03-17");
    assert_eq!(d["language"], "en");
    assert_eq!(d["paragraphs"].as_array().unwrap().len(), 8);
    // The quote opened in paragraph 2 is re-opened in paragraph 3 and closed there.
    let runs = d["quote_runs"].as_array().unwrap();
    assert!(
        runs.iter()
            .any(|r| r["first_paragraph"] == 2 && r["last_paragraph"] == 3 && r["closed"] == true),
        "{runs:?}"
    );
    assert_eq!(d["paragraphs"][2]["quote_run"], d["paragraphs"][3]["quote_run"]);
    for key in ["entities", "quotes", "claims", "events", "quantities", "times"] {
        assert!(d[key].is_array(), "{key} is present as an array");
    }
}

#[test]
fn seed_article_has_its_paragraphs_and_about_thirty_sentences() {
    let Some(seed) = shared("seed/000_a3085cba722678df.txt") else {
        return;
    };
    let out = dossier(&[
        "analyze",
        "--date",
        "2025-04-10",
        "--with-tokens",
        seed.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = &json_lines(&out)[0];
    check_document(d);
    let paragraphs = d["paragraphs"].as_array().unwrap().len();
    assert!(paragraphs == 18 || paragraphs == 19, "{paragraphs} paragraphs");
    let sentences = d["sentences"].as_array().unwrap().len();
    assert!((26..=34).contains(&sentences), "{sentences} sentences");
    let text = d["text"].as_str().unwrap();
    let tokens: Vec<&str> = d["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(
        tokens.contains(&"$") && tokens.contains(&"23,200"),
        "money is tokenised as $ + amount"
    );
    assert!(!tokens.contains(&"S"), "U.S. stays one token");
    assert!(text.contains("U.S."));
}

#[test]
fn mixed_directory_reports_each_bad_input_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a-good.txt"),
        "The council met on Monday. It voted to close the bridge.",
    )
    .unwrap();
    std::fs::write(
        p.join("b-binary.bin"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    std::fs::write(p.join("c-broken.jsonl"), "{\"id\": \"ok-1\", \"text\": \"Fine line.\"}\n{\"id\": \"bad\", \"text\": \n{\"id\": \"ok-2\", \"text\": \"Another fine line.\"}\n").unwrap();
    std::fs::write(p.join("d-empty.txt"), "").unwrap();
    let out = dossier(&["analyze", p.to_str().unwrap()]);
    assert!(!out.status.success(), "a failed input makes the exit status non-zero");
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"ok-1".to_string()) && ids.contains(&"ok-2".to_string()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b-binary.bin") && stderr.contains("binary"), "{stderr}");
    assert!(
        stderr.contains("c-broken.jsonl: line 2") && stderr.contains("malformed JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("d-empty.txt") && stderr.contains("empty"), "{stderr}");
}

#[test]
fn stdin_is_read_with_dash_and_overrides_apply() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["analyze", "--source", "Desk", "--title", "T", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Short note from the desk. Nothing else.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let d = &json_lines(&out)[0];
    check_document(d);
    assert_eq!((d["source"].as_str(), d["title"].as_str()), (Some("Desk"), Some("T")));
}

#[test]
fn non_english_text_is_segmented_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("fr.txt");
    std::fs::write(&f, "Le conseil municipal s'est réuni lundi soir pour discuter du budget de l'année prochaine. Les habitants étaient nombreux à assister à la séance.").unwrap();
    let out = dossier(&["analyze", f.to_str().unwrap()]);
    let d = &json_lines(&out)[0];
    assert_eq!(d["language"], "fr");
    assert_eq!(d["sentences"].as_array().unwrap().len(), 2);
    assert!(d["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("language fr: only segmentation is supported"));
}

#[test]
fn bad_date_flag_is_a_usage_error() {
    let out = dossier(&["analyze", "--date", "yesterday", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn allsides_sample_streams_through_with_valid_documents() {
    let Some(sample) = shared("anchor-data/allsides/sample-200.jsonl") else {
        return;
    };
    let out = dossier(&["analyze", sample.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 200);
    for d in docs.iter().step_by(20) {
        check_document(d);
    }
    assert!(
        docs.iter().all(|d| d["date"].is_string()),
        "the sample's articles are all dated"
    );
}

#[test]
fn citron_format_counts_characters() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.txt");
    std::fs::write(&f, "Café owner Ana Lopes said: “We are closing.”").unwrap();
    let out = dossier(&["analyze", "--format", "citron", f.to_str().unwrap()]);
    assert!(out.status.success());
    let v = &json_lines(&out)[0];
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let q = &v["quotes"][0];
    let c = &q["contents"][0];
    let (s, e) = (
        c["start"].as_u64().unwrap() as usize,
        c["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[s..e].iter().collect::<String>(), c["text"].as_str().unwrap());
    assert_eq!(q["sources"][0]["text"], "Café owner Ana Lopes");
}
