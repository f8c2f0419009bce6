//! News-aware segmentation: paragraphs, tokens, sentences and quotation runs.
//!
//! The rules are written for what wire copy does: abbreviations and initials
//! (U.S., Feb., Gen.), money and decimals ($23,200, 3.5), ellipses and dashes,
//! curly and straight quotes, datelines ("KYIV, Ukraine (AP) —"), and quotes
//! that re-open at each paragraph and close only at the last one.
//! Tokens follow Universal Dependencies conventions (clitics such as `n't` and
//! `'s` split off, hyphenated words split at the hyphen) because the tagger
//! and parser are trained on UD treebanks.

use crate::boundary::BoundaryModel;
use crate::doc::{Doc, Paragraph, QuoteDir, QuoteMark, QuoteRun, Sentence, Span, Token};

/// Segment `doc.text` into paragraphs, tokens, sentences and quotation runs,
/// replacing any earlier segmentation. Never fails; odd quote marks become
/// warnings.
pub fn segment(doc: &mut Doc) {
    segment_with(doc, Some(BoundaryModel::embedded()));
}

/// Segment with a given sentence-boundary model, or with the rules alone
/// (`None`), for training and ablation.
pub fn segment_with(doc: &mut Doc, boundary_model: Option<&BoundaryModel>) {
    doc.paragraphs.clear();
    doc.sentences.clear();
    doc.tokens.clear();
    doc.quote_marks.clear();
    doc.quote_runs.clear();
    let paragraph_spans = paragraphs(&doc.text);
    let mut paragraph_tokens = Vec::with_capacity(paragraph_spans.len());
    let mut cut = 0usize;
    for (pi, pspan) in paragraph_spans.iter().enumerate() {
        let first_token = doc.tokens.len();
        tokenize_into(&doc.text, *pspan, &mut doc.tokens);
        let ptokens = first_token..doc.tokens.len();
        paragraph_tokens.push(ptokens.clone());
        let rules = rule_boundaries(&doc.text, &doc.tokens, ptokens.clone());
        let boundaries = match boundary_model {
            Some(m) => m.decide(&doc.text, &doc.tokens, ptokens.clone(), &rules),
            None => rules,
        };
        let before = doc.sentences.len();
        push_sentences(&doc.tokens, ptokens, &boundaries, pi, &mut doc.sentences);
        split_long_sentences(&doc.tokens, &mut doc.sentences, before, &mut cut);
        doc.paragraphs.push(Paragraph {
            span: *pspan,
            quote_run: None,
        });
    }
    pair_quotes(doc, &paragraph_tokens);
    if cut > 0 {
        doc.warn(
            "segment",
            format!("{cut} sentences longer than {MAX_SENTENCE_TOKENS} tokens cut into pieces of that length"),
            None,
        );
    }
}

/// The most tokens a sentence may have: the parser and the rules that
/// follow work sentence by sentence, some in time growing faster than its
/// length, so a text without sentence boundaries (a list, a dump) is cut.
/// The longest sentence of AllSides sample-200 has 5,929 tokens.
pub const MAX_SENTENCE_TOKENS: usize = 8192;

/// Cut each sentence from index `from` on that is longer than
/// [`MAX_SENTENCE_TOKENS`] into pieces of at most that many tokens,
/// counting the sentences cut in `cut`.
fn split_long_sentences(tokens: &[Token], sentences: &mut Vec<Sentence>, from: usize, cut: &mut usize) {
    if sentences[from..].iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS) {
        return;
    }
    let long: Vec<Sentence> = sentences.drain(from..).collect();
    for s in long {
        if s.tokens.len() <= MAX_SENTENCE_TOKENS {
            sentences.push(s);
            continue;
        }
        *cut += 1;
        let mut start = s.tokens.start;
        while start < s.tokens.end {
            let end = (start + MAX_SENTENCE_TOKENS).min(s.tokens.end);
            sentences.push(Sentence {
                span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
                paragraph: s.paragraph,
                tokens: start..end,
            });
            start = end;
        }
    }
}

/// Paragraph spans of a text, trimmed of surrounding whitespace.
///
/// Blank lines always separate paragraphs. A single line break separates
/// them too, unless the text looks hard-wrapped there: the earlier line does
/// not end a sentence and the next starts in lower case.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let span = Span::new(line_start + lead, line_start + lead + trimmed.len());
        cur = match cur {
            Some(p) if looks_wrapped(&text[p.start..p.end], trimmed) => Some(Span::new(p.start, span.end)),
            Some(p) => {
                out.push(p);
                Some(span)
            }
            None => Some(span),
        };
    }
    if let Some(p) = cur {
        out.push(p);
    }
    out
}

fn looks_wrapped(prev: &str, next: &str) -> bool {
    let last = prev.chars().next_back().unwrap_or('.');
    let first = next.chars().next().unwrap_or('A');
    let prev_ends_sentence = matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | ')' | '…');
    (!prev_ends_sentence && first.is_lowercase()) || (last == '-' && !prev.ends_with("--")) || last == ','
}

/// Abbreviations that take a period and never end a sentence by themselves:
/// titles, honorifics, months and other words that are always followed by
/// more of the same sentence.
const NON_FINAL_ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Ave", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Det", "Dr", "Fr", "Gen", "Gov", "Hon", "Lt", "Maj",
    "Messrs", "Mmes", "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Pres", "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens",
    "Sgt", "Sr", "Supt", "St", "Ste", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "vs", "v", "Vol", "vol", "pp", "p", "Fig", "fig", "approx", "Art", "Ex", "Sec", "Gens",
];

/// Abbreviations that take a period and may end a sentence.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "Inc", "Corp", "Co", "Ltd", "Jr", "Bros", "LLC", "Assn", "Dept", "Univ", "etc", "al", "Calif", "Colo", "Conn",
    "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev",
    "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "Ariz", "Ark", "Del", "Ala", "Mex", "ft",
    "oz", "lb", "lbs", "mi", "min", "hr", "hrs", "sq", "Blvd", "Rd", "Ln", "Ct", "Ph", "Esq",
];

/// Capitalised words that usually start a sentence; after an abbreviation
/// that may end one ("... Inc. The company ..."), they signal a boundary.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "Some",
    "Many",
    "Most",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dr.",
    "What",
    "Why",
    "How",
    "Who",
    "So",
    "Yet",
    "Still",
    "Now",
    "Then",
    "For",
    "Last",
    "No",
    "Not",
    "One",
    "Two",
    "According",
    "Meanwhile",
    "However",
    "Also",
];

/// Lower-case words that may follow a sentence-final-looking period and
/// still continue the sentence.
const CONTINUATIONS: &[&str] = &["com", "org", "net", "m", "s", "e", "g", "i"];

fn is_abbreviation(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    // Initials and dotted abbreviations: "J", "U.S", "e.g", "a.m", "Ph.D".
    if core.chars().count() == 1 && core.chars().all(char::is_alphabetic) {
        return true;
    }
    if core.contains('.')
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    NON_FINAL_ABBREVIATIONS.contains(&core) || FINAL_ABBREVIATIONS.contains(&core)
}

fn is_non_final_abbreviation(token: &str) -> bool {
    let core = token.strip_suffix('.').unwrap_or(token);
    NON_FINAL_ABBREVIATIONS.contains(&core) || (core.chars().count() == 1 && core.chars().all(char::is_uppercase))
}

const OPENING: &[char] = &[
    '"', '“', '‘', '\'', '(', '[', '{', '«', '‹', '$', '£', '€', '¥', '₹', '¿', '¡', '*', '•', '‚', '„',
];
const CLOSING: &[char] = &[
    '"', '”', '’', '\'', ')', ']', '}', '»', '›', ',', ';', ':', '!', '?', '%', '*', '…',
];
const DASHES: &[char] = &['—', '–', '―'];

/// Split paragraph `para` of `text` into tokens appended to `out`.
pub fn tokenize_into(text: &str, para: Span, out: &mut Vec<Token>) {
    let p = &text[para.start..para.end];
    let mut chunk_start: Option<usize> = None;
    for (i, c) in p.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, para.start + s, para.start + i, out);
                if let Some(t) = out.last_mut() {
                    t.space_after = true;
                }
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, para.start + s, para.end, out);
    }
    // "on X." at the end of a paragraph: the period ends the sentence, it
    // is not part of an initial.
    if let Some(last) = out.last().copied() {
        let t = last.span.slice(text);
        if t.len() == 2 && t.ends_with('.') && t.starts_with(|c: char| c.is_ascii_uppercase()) {
            out.pop();
            push(out, last.span.start, last.span.end - 1);
            push(out, last.span.end - 1, last.span.end);
        }
    }
}

fn push(out: &mut Vec<Token>, start: usize, end: usize) {
    if end > start {
        out.push(Token {
            span: Span::new(start, end),
            space_after: false,
        });
    }
}

/// Split one whitespace-free chunk `[start, end)` of `text` into tokens.
fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // Most chunks are plain words, which every rule below keeps whole.
    if text.as_bytes()[start..end].iter().all(u8::is_ascii_alphanumeric) {
        push(out, start, end);
        return;
    }
    // Tokens peeled off the end, in reverse order.
    let mut suffixes: Vec<(usize, usize)> = Vec::new();
    // Asked once: looking for an '@' in what is left at every peel is
    // quadratic in a chunk's length (20k quotation marks in a row).
    let has_at = text.as_bytes()[start..end].contains(&b'@');
    loop {
        if start >= end {
            break;
        }
        let s = &text[start..end];
        if (has_at && is_url_like(s)) || (!has_at && is_web_address(s)) {
            // Keep the URL whole but let sentence punctuation go.
            let trimmed = s.trim_end_matches(['.', ',', ')', ';', ':', '"', '”', '’', '!', '?']);
            push(out, start, start + trimmed.len());
            let tail = start + trimmed.len();
            peel_all_punct(text, tail, end, out);
            end = tail;
            start = end;
            break;
        }
        // Prefixes.
        if s.starts_with("``") || (s.starts_with("''") && s.len() > 2) {
            push(out, start, start + 2);
            start += 2;
            continue;
        }
        if let Some(n) = ellipsis_len(s) {
            push(out, start, start + n);
            start += n;
            continue;
        }
        if s.starts_with("--") {
            let n = s.len() - s.trim_start_matches('-').len();
            push(out, start, start + n);
            start += n;
            continue;
        }
        let first = s.chars().next().unwrap();
        if (OPENING.contains(&first) || DASHES.contains(&first)) && !(first == '\'' && starts_elision(s)) {
            push(out, start, start + first.len_utf8());
            start += first.len_utf8();
            continue;
        }
        if first == '-' && s.len() > 1 && !s[1..].starts_with(|c: char| c.is_ascii_digit()) {
            push(out, start, start + 1);
            start += 1;
            continue;
        }
        // A US party-and-state tag is one word: "(D-N.Y.)", "R-Ky.,".
        // Split, its pieces read as a sentence end and derail the parse.
        if is_party_tag(s) {
            push(out, start, end);
            start = end;
            break;
        }
        // Suffixes.
        if s.ends_with("''") && s.len() > 2 {
            suffixes.push((end - 2, end));
            end -= 2;
            continue;
        }
        if let Some(n) = ellipsis_len_end(s) {
            if n < s.len() {
                suffixes.push((end - n, end));
                end -= n;
                continue;
            }
        }
        let last = s.chars().next_back().unwrap();
        if matches!(last, '!' | '?') {
            // "!!!", "?!", "?.." stay one token.
            let run = s.len() - s.trim_end_matches(['!', '?', '.']).len();
            if run > 1 && run < s.len() {
                suffixes.push((end - run, end));
                end -= run;
                continue;
            }
        }
        if s.len() > last.len_utf8() {
            if last == '.' {
                let core = &s[..s.len() - 1];
                if core.ends_with('.') || !is_abbreviation(core) {
                    suffixes.push((end - 1, end));
                    end -= 1;
                    continue;
                }
            } else if (CLOSING.contains(&last) || DASHES.contains(&last)) && !is_possessive_apostrophe(s, last) {
                suffixes.push((end - last.len_utf8(), end));
                end -= last.len_utf8();
                continue;
            } else if let Some(n) = clitic_len(s) {
                suffixes.push((end - n, end));
                end -= n;
                continue;
            }
        } else if last == '.' || CLOSING.contains(&last) || DASHES.contains(&last) {
            push(out, start, end);
            start = end;
            break;
        }
        break;
    }
    if start < end {
        split_infixes(text, start, end, out);
    }
    for &(s, e) in suffixes.iter().rev() {
        push(out, s, e);
    }
}

/// "D-N.Y.", "R-Ky.", "I-Vt.": a party initial, a hyphen and a dotted
/// state abbreviation.
fn is_party_tag(s: &str) -> bool {
    let b = s.as_bytes();
    let state = s.get(2..).unwrap_or("");
    b.len() >= 5
        && b.len() <= 9
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
        && state.ends_with('.')
        && state.bytes().all(|c| c.is_ascii_alphabetic() || c == b'.')
}

/// "'em", "'90s", "'cause": an apostrophe that starts a word, not a quote.
fn starts_elision(s: &str) -> bool {
    let rest = &s[1..];
    rest.starts_with(|c: char| c.is_ascii_digit())
        || ["em", "cause", "til", "n"].iter().any(|w| {
            rest.get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w))
                && !rest[w.len()..].starts_with(char::is_alphanumeric)
        })
}

/// A trailing apostrophe on a plural possessive ("countries’") is split off
/// as its own token as UD does; this only guards the one-letter case.
fn is_possessive_apostrophe(s: &str, last: char) -> bool {
    (last == '’' || last == '\'') && s.len() <= 1
}

fn peel_all_punct(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    for (i, c) in text[start..end].char_indices() {
        push(out, start + i, start + i + c.len_utf8());
    }
}

fn ellipsis_len(s: &str) -> Option<usize> {
    if s.starts_with("...") {
        Some(s.len() - s.trim_start_matches('.').len())
    } else if s.starts_with('…') {
        Some('…'.len_utf8())
    } else {
        None
    }
}

fn ellipsis_len_end(s: &str) -> Option<usize> {
    if s.ends_with("...") {
        Some(s.len() - s.trim_end_matches('.').len())
    } else {
        None
    }
}

fn is_url_like(s: &str) -> bool {
    is_web_address(s)
        || (s.contains('@')
            && s.contains('.')
            && s.chars().next().is_some_and(char::is_alphanumeric)
            && !s.contains('’'))
}

/// Whether `s` starts like a web address.
fn is_web_address(s: &str) -> bool {
    let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    starts("http://") || starts("https://") || starts("www.")
}

/// Length of a clitic at the end of `s` ("n't", "'s", "’ll", ...), if the
/// word before it is non-empty.
fn clitic_len(s: &str) -> Option<usize> {
    // Compare from the end, char by char, with ’ read as ' and ASCII case
    // folded: this runs once per word, so it allocates nothing.
    let fold = |c: char| if c == '’' { '\'' } else { c.to_ascii_lowercase() };
    for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
        let mut tail = s.char_indices().rev();
        let matched = clitic
            .chars()
            .rev()
            .all(|k| tail.next().is_some_and(|(_, c)| fold(c) == k));
        if !matched {
            continue;
        }
        // Byte length in the original (’ is 3 bytes, ' is 1).
        let n_bytes: usize = s.chars().rev().take(clitic.len()).map(char::len_utf8).sum();
        if n_bytes < s.len()
            && s[..s.len() - n_bytes]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        {
            return Some(n_bytes);
        }
    }
    None
}

/// Split a chunk core at hyphens, dashes, slashes and ellipses between words,
/// keeping numbers (23,200; 3.5; 1/2; 2-1) and dotted abbreviations whole.
fn split_infixes(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    // Most words have nothing to split: keep them whole without the scan.
    if !s.contains([
        '-', '/', '—', '–', '―', '…', '.', ',', ';', ':', '(', ')', '"', '“', '”', '!', '?', '[', ']',
    ]) {
        push(out, start, end);
        return;
    }
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    let mut tok_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (off, c) = bytes[i];
        let prev = if i > 0 { Some(bytes[i - 1].1) } else { None };
        let next = bytes.get(i + 1).map(|b| b.1);
        let both_digits = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let split_here = match c {
            '—' | '–' | '―' => true,
            '-' if s[off..].starts_with("--") => true,
            '-' | '/' => {
                !both_digits && prev.is_some() && next.is_some() && !(c == '-' && is_hyphen_prefix(&s[tok_start..off]))
            }
            '…' => true,
            // Link text run together on a web page: "More:Trump",
            // "parents:'Kim" (but "10:30", "Re:" and URLs stay whole).
            ':' => {
                prev.is_some_and(char::is_lowercase)
                    && next.is_some_and(|n| n.is_uppercase() || matches!(n, '\'' | '"' | '‘' | '“'))
            }
            '.' if s[off..].starts_with("...") => true,
            ',' | ';' | '(' | ')' | '"' | '“' | '”' | '!' | '?' | '[' | ']' => !both_digits,
            _ => false,
        };
        if split_here && off > tok_start || split_here && off == tok_start && c != '-' {
            push(out, start + tok_start, start + off);
            let mut len = c.len_utf8();
            if c == '.' || c == '-' {
                len = s[off..].len() - s[off..].trim_start_matches(c).len();
            }
            push(out, start + off, start + off + len);
            tok_start = off + len;
            while i < bytes.len() && bytes[i].0 < tok_start {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    push(out, start + tok_start, end);
}

/// Prefixes UD keeps attached to the following word ("e-mail", "re-elect").
fn is_hyphen_prefix(before: &str) -> bool {
    matches!(
        before.to_ascii_lowercase().as_str(),
        "e" | "re" | "co" | "pre" | "non" | "anti" | "ex" | "mid" | "self" | "pro" | "x" | "t" | "u"
    )
}

fn is_terminal_punct(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closer(tok: &str) -> bool {
    matches!(tok, "\"" | "”" | "’" | "'" | ")" | "]" | "}" | "»" | "›" | "''")
}

/// Rule-based sentence boundaries inside one paragraph: `out[k]` is true
/// when a sentence ends after token `range.start + k`. The paragraph's last
/// token always ends a sentence and is not marked.
pub(crate) fn rule_boundaries(text: &str, tokens: &[Token], range: std::ops::Range<usize>) -> Vec<bool> {
    let mut out = vec![false; range.len()];
    let tok = |i: usize| tokens[i].span.slice(text);
    let mut i = range.start;
    while i < range.end {
        let t = tok(i);
        let terminal = is_terminal_punct(t);
        let abbrev_end = !terminal && t.len() > 1 && t.ends_with('.');
        if !(terminal || abbrev_end) {
            i += 1;
            continue;
        }
        // A terminal may be followed by closing quotes and brackets.
        let mut j = i + 1;
        while j < range.end && is_closer(tok(j)) && !(tok(j) == "\"" && opens_here(text, tokens, j)) {
            j += 1;
        }
        let boundary = if j >= range.end {
            false // the paragraph end closes the sentence anyway
        } else {
            let next = tok(j);
            let next_first = next.chars().next().unwrap_or(' ');
            let starts_upper = next_first.is_uppercase()
                || next_first.is_ascii_digit()
                || matches!(
                    next_first,
                    '“' | '"' | '‘' | '(' | '[' | '«' | '—' | '–' | '•' | '*' | '-'
                );
            if terminal {
                let ellipsis = t.starts_with("..") || t == "…";
                let closed_by_quote = j > i + 1;
                if ellipsis {
                    next_first.is_uppercase()
                } else if next_first.is_lowercase() {
                    // "“Why?” he asked" continues; "are you lying? i am" does not.
                    !closed_by_quote && !CONTINUATIONS.contains(&next)
                } else {
                    starts_upper
                }
            } else if is_non_final_abbreviation(t) {
                false
            } else {
                // An abbreviation that may end a sentence: only before a word
                // that usually starts one, or an opening quote.
                SENTENCE_STARTERS.contains(&next) || matches!(next_first, '“' | '"')
            }
        };
        if boundary {
            out[j - 1 - range.start] = true;
        }
        i = j.max(i + 1);
    }
    out
}

/// Turn per-token boundary decisions into sentences appended to `out`.
fn push_sentences(
    tokens: &[Token],
    range: std::ops::Range<usize>,
    boundaries: &[bool],
    pi: usize,
    out: &mut Vec<Sentence>,
) {
    let mut sent_start = range.start;
    for (k, &b) in boundaries.iter().enumerate() {
        let i = range.start + k;
        if b && i + 1 < range.end {
            push_sentence(tokens, sent_start..i + 1, pi, out);
            sent_start = i + 1;
        }
    }
    if sent_start < range.end {
        push_sentence(tokens, sent_start..range.end, pi, out);
    }
}

/// Whether a straight double quote at token `j` opens a quotation: it is
/// preceded by whitespace and followed by a word.
fn opens_here(text: &str, tokens: &[Token], j: usize) -> bool {
    let span = tokens[j].span;
    let before_space = span.start == 0 || text[..span.start].ends_with(char::is_whitespace);
    let after_word = text[span.end..].starts_with(|c: char| !c.is_whitespace());
    before_space && after_word
}

/// Whether a quotation mark at token `j` can only close: it follows a
/// word or punctuation directly and is followed by whitespace, the end of
/// the text or punctuation.
fn closes_here(text: &str, tokens: &[Token], j: usize) -> bool {
    let span = tokens[j].span;
    let after_word = text[..span.start].ends_with(|c: char| !c.is_whitespace());
    let before_break = text[span.end..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')'));
    after_word && before_break
}

fn push_sentence(tokens: &[Token], range: std::ops::Range<usize>, pi: usize, out: &mut Vec<Sentence>) {
    let span = Span::new(tokens[range.start].span.start, tokens[range.end - 1].span.end);
    out.push(Sentence {
        span,
        paragraph: pi,
        tokens: range,
    });
}

/// Find double quotation marks, give each a direction, and pair them into
/// runs, carrying an open quote over a paragraph break when the next
/// paragraph re-opens it (news style).
#[allow(clippy::needless_range_loop)] // pi also indexes the paragraphs ahead
fn pair_quotes(doc: &mut Doc, paragraph_tokens: &[std::ops::Range<usize>]) {
    let mut marks = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (start byte, paragraph)
    let mut runs: Vec<QuoteRun> = Vec::new();
    let mut warnings = Vec::new();
    let text = &doc.text;
    let n_par = doc.paragraphs.len();
    for pi in 0..n_par {
        let p = doc.paragraphs[pi].span;
        let mut first_mark_in_par = true;
        for ti in paragraph_tokens[pi].clone() {
            let t = doc.tokens[ti];
            let s = t.span.slice(text);
            let dir = match s {
                // A curly mark facing the wrong way is a typing slip
                // ("”Fear. I am …"): where nothing is open and it stands
                // before a word, a closing mark opens; where a quote is
                // open and it stands after a word, an opening mark closes.
                // German »…« pairs its marks the same way round.
                "“" | "«" if open.is_some() && closes_here(text, &doc.tokens, ti) => {
                    warnings.push((
                        format!(
                            "opening quotation mark at byte {} is read as a closing one",
                            t.span.start
                        ),
                        t.span,
                    ));
                    QuoteDir::Close
                }
                "”" | "»" if open.is_none() && opens_here(text, &doc.tokens, ti) => {
                    warnings.push((
                        format!(
                            "closing quotation mark at byte {} is read as an opening one",
                            t.span.start
                        ),
                        t.span,
                    ));
                    QuoteDir::Open
                }
                "“" | "«" | "``" | "„" => QuoteDir::Open,
                "”" | "»" => QuoteDir::Close,
                // Straight quotes, and the doubled apostrophes some papers use
                // for both ends, take their direction from the state.
                "\"" | "''" => {
                    if first_mark_in_par && open.is_some() && t.span.start == p.start {
                        QuoteDir::Open
                    } else if open.is_some() {
                        QuoteDir::Close
                    } else {
                        QuoteDir::Open
                    }
                }
                _ => continue,
            };
            marks.push(QuoteMark { span: t.span, dir });
            match dir {
                QuoteDir::Open => {
                    if let Some((ostart, opar)) = open {
                        if opar < pi && first_mark_in_par {
                            // Re-opened at a new paragraph: the quote continues.
                        } else {
                            warnings.push((
                                format!(
                                    "quotation mark at byte {} opens again before the quote from byte {ostart} closes",
                                    t.span.start
                                ),
                                t.span,
                            ));
                            runs.push(QuoteRun {
                                span: Span::new(ostart, t.span.start),
                                first_paragraph: opar,
                                last_paragraph: pi,
                                closed: false,
                            });
                            open = Some((t.span.start, pi));
                        }
                    } else {
                        open = Some((t.span.start, pi));
                    }
                }
                QuoteDir::Close => {
                    if let Some((ostart, opar)) = open.take() {
                        runs.push(QuoteRun {
                            span: Span::new(ostart, t.span.end),
                            first_paragraph: opar,
                            last_paragraph: pi,
                            closed: true,
                        });
                    } else {
                        warnings.push((
                            format!("closing quotation mark at byte {} has no opening mark", t.span.start),
                            t.span,
                        ));
                    }
                }
            }
            first_mark_in_par = false;
        }
        if let Some((ostart, opar)) = open {
            let next_reopens = doc.paragraphs.get(pi + 1).is_some_and(|np| {
                let nt = &text[np.span.start..np.span.end];
                nt.starts_with(['“', '"', '«']) || nt.starts_with("``") || nt.starts_with("''")
            });
            if !next_reopens {
                warnings.push((
                    format!("quotation opened at byte {ostart} is not closed by the end of its paragraph"),
                    Span::new(ostart, p.end),
                ));
                runs.push(QuoteRun {
                    span: Span::new(ostart, p.end),
                    first_paragraph: opar,
                    last_paragraph: pi,
                    closed: false,
                });
                open = None;
            }
        }
    }
    for (ri, run) in runs.iter().enumerate() {
        if run.last_paragraph > run.first_paragraph {
            for p in &mut doc.paragraphs[run.first_paragraph..=run.last_paragraph] {
                p.quote_run = Some(ri);
            }
        }
    }
    doc.quote_marks = marks;
    doc.quote_runs = runs;
    for (m, s) in warnings {
        doc.warn("segment", m, Some(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Meta;

    fn toks(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize_into(s, Span::new(0, s.len()), &mut out);
        out.iter().map(|t| t.span.slice(s).to_string()).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let mut d = Doc::new(Meta::default(), s.to_string());
        segment(&mut d);
        d.sentences.iter().map(|x| x.span.slice(s).to_string()).collect()
    }

    #[test]
    fn money_and_decimals_stay_whole() {
        assert_eq!(
            toks("a 2 million ruble ($23,200) payment of 3.5%"),
            ["a", "2", "million", "ruble", "(", "$", "23,200", ")", "payment", "of", "3.5", "%"]
        );
    }

    #[test]
    fn a_colon_between_run_together_words_splits_them() {
        assert_eq!(toks("More:Trump wins"), ["More", ":", "Trump", "wins"]);
        assert_eq!(
            toks("at 10:30 see https://t.co/qA6"),
            ["at", "10:30", "see", "https://t.co/qA6"]
        );
        assert_eq!(toks("Note:it works"), ["Note:it", "works"]);
    }

    #[test]
    fn clitics_split_as_in_ud() {
        assert_eq!(
            toks("he’d said Russia’s troops don't"),
            ["he", "’d", "said", "Russia", "’s", "troops", "do", "n't"]
        );
    }

    #[test]
    fn party_and_state_tags_are_one_word() {
        assert_eq!(
            toks("Sen. Claire McCaskill (D-Mo.) said McConnell, R-Ky., and Rep. Joe Crowley (D-N.Y.) agreed."),
            [
                "Sen.",
                "Claire",
                "McCaskill",
                "(",
                "D-Mo.",
                ")",
                "said",
                "McConnell",
                ",",
                "R-Ky.",
                ",",
                "and",
                "Rep.",
                "Joe",
                "Crowley",
                "(",
                "D-N.Y.",
                ")",
                "agreed",
                "."
            ]
        );
        assert_eq!(sents("Sen. Claire McCaskill (D-Mo.) said it. He left.").len(), 2);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("The U.S. State Dept. said"),
            ["The", "U.S.", "State", "Dept.", "said"]
        );
        assert_eq!(toks("end of it."), ["end", "of", "it", "."]);
    }

    #[test]
    fn quotes_and_dashes_split_off() {
        assert_eq!(toks("“groundless.”"), ["“", "groundless", ".", "”"]);
        assert_eq!(
            toks("KYIV, Ukraine (AP) —"),
            ["KYIV", ",", "Ukraine", "(", "AP", ")", "—"]
        );
        assert_eq!(toks("partners—urgently"), ["partners", "—", "urgently"]);
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            sents("Gen. Mark Milley and Sen. John F. Kennedy spoke on Feb. 3. They left."),
            [
                "Gen. Mark Milley and Sen. John F. Kennedy spoke on Feb. 3.",
                "They left."
            ]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end_splits_before_a_starter() {
        assert_eq!(
            sents("He moved to the U.S. The rest stayed."),
            ["He moved to the U.S.", "The rest stayed."]
        );
        assert_eq!(sents("The U.S. Army said so."), ["The U.S. Army said so."]);
    }

    #[test]
    fn quote_followed_by_attribution_is_one_sentence() {
        assert_eq!(
            sents("“It is over,” he said. “Why?” she asked."),
            ["“It is over,” he said.", "“Why?” she asked."]
        );
    }

    #[test]
    fn sentence_ends_inside_a_quote() {
        assert_eq!(
            sents("He said: “It is over. We won.” Then he left."),
            ["He said: “It is over.", "We won.”", "Then he left."]
        );
    }

    #[test]
    fn ellipsis_and_lowercase_continue_the_sentence() {
        assert_eq!(
            sents("We tried... and failed. Next one."),
            ["We tried... and failed.", "Next one."]
        );
    }

    #[test]
    fn one_paragraph_per_line_when_lines_end_sentences() {
        assert_eq!(paragraphs("First para.\nSecond para.\n(Credit)").len(), 3);
        assert_eq!(paragraphs("A wrapped line\ncontinues here.\n\nNext.").len(), 2);
    }

    #[test]
    fn a_curly_mark_facing_the_wrong_way_takes_its_direction_from_the_context() {
        let text = "”Fear. I am afraid.” ― Ann Lee\n\n“Hope,“ she said, “and work.”";
        let mut d = Doc::new(Meta::default(), text.to_string());
        segment(&mut d);
        let runs: Vec<&str> = d.quote_runs.iter().map(|r| r.span.slice(text)).collect();
        assert_eq!(runs, ["”Fear. I am afraid.”", "“Hope,“", "“and work.”"]);
        assert!(d.quote_runs.iter().all(|r| r.closed));
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    }

    #[test]
    fn quote_spanning_paragraphs_is_one_run() {
        let text = "“First part of the quote.\n\n“Second part goes on.\n\n“And it ends here,” she said.\n\nAfter.";
        let mut d = Doc::new(Meta::default(), text.to_string());
        segment(&mut d);
        assert_eq!(d.quote_runs.len(), 1, "{:?}", d.quote_runs);
        let run = &d.quote_runs[0];
        assert!(run.closed);
        assert_eq!((run.first_paragraph, run.last_paragraph), (0, 2));
        assert_eq!(d.paragraphs.iter().filter(|p| p.quote_run == Some(0)).count(), 3);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn unbalanced_quote_warns_and_does_not_panic() {
        let mut d = Doc::new(
            Meta::default(),
            "He said ” oddly. And “never closed.\n\nNext para.".to_string(),
        );
        segment(&mut d);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    }

    #[test]
    fn a_sentence_past_the_token_budget_is_cut_into_pieces_with_a_warning() {
        let text = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 10);
        let mut d = Doc::new(Meta::default(), text.trim_end().to_string());
        segment(&mut d);
        assert_eq!(d.sentences.len(), 3);
        assert!(d.sentences.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(d.sentences[1].tokens.start, MAX_SENTENCE_TOKENS);
        assert_eq!(d.sentences[2].tokens.end, d.tokens.len());
        assert!(d.warnings.iter().any(|w| w.message.contains("cut into pieces")));
    }

    #[test]
    fn a_long_run_of_quotation_marks_tokenizes_one_mark_a_token() {
        let text = format!("{} he said {}", "“".repeat(3000), "”".repeat(3000));
        let mut d = Doc::new(Meta::default(), text);
        segment(&mut d);
        assert_eq!(d.tokens.len(), 6002);
    }

    #[test]
    fn every_span_slices_on_char_boundaries() {
        let text = "We’ve ’em ’90s 'n’ — Ünïcödé — “quotes” and ‘single’ … and 😀 emoji.\r\nSecond line?! «Bonjour» ``old'' style.";
        let mut d = Doc::new(Meta::default(), text.to_string());
        segment(&mut d);
        for t in &d.tokens {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert!(!t.span.slice(text).trim().is_empty());
        }
    }
}
