//! Quotation marks no cue claimed: "NAME: words" paragraphs, quotations
//! signed with a dash, statements by the previous speaker, scare quotes and
//! repeats of words already quoted.

use super::*;

/// Paragraph labels before a colon that name no speaker.
const COLON_LABELS: &[&str] = &[
    "q",
    "a",
    "update",
    "updated",
    "correction",
    "clarification",
    "email",
    "e-mail",
    "byline",
    "twitter",
    "name",
    "age",
    "city",
    "exclusive",
    "breaking",
    "boom",
    "bombshell",
    "source",
    "sources",
    "video",
    "photo",
    "photos",
    "watch",
    "read",
    "note",
    "editor's note",
    "related",
    "contact",
    "follow",
    "tags",
    "image",
    "credit",
    "disclosure",
    "reporting",
    "delegate update",
    "transcript",
    "listen",
    "see also",
    "more",
    "also",
    "opinion",
    "analysis",
];

impl<'a> View<'a> {
    /// The tokens of the paragraph after the one that token `t` ends.
    pub(super) fn paragraph_after(&self, t: usize) -> Option<(usize, usize)> {
        let sentences = &self.doc.sentences;
        let s = self.sent_of[t];
        let (this, next) = (sentences[s].paragraph, sentences.get(s + 1)?.paragraph);
        if sentences[s].tokens.end != t + 1 || next == this {
            return None;
        }
        let last = (s + 1..sentences.len())
            .take_while(|&k| sentences[k].paragraph == next)
            .last()?;
        let (a, b) = (
            sentences[s + 1].tokens.start,
            sentences[last].tokens.end.checked_sub(1)?,
        );
        (a <= b).then_some((a, b))
    }

    /// A quotation no cue claimed: a statement by the previous speaker, or
    /// scare quotes.
    /// "NAME: content" opening a paragraph ("Poll: Voters …", "WALLACE: …").
    pub(super) fn colon_attribution(&self, p: usize) -> Option<(usize, Quote)> {
        // Sentences run in text order, so a paragraph's are one run: found
        // by binary search (a scan per paragraph was quadratic on pages of
        // thousands of paragraphs).
        let sentences = &self.doc.sentences;
        let first = sentences.partition_point(|s| s.paragraph < p);
        let last = sentences.partition_point(|s| s.paragraph <= p).checked_sub(1)?;
        if first > last || sentences[first].paragraph != p {
            return None;
        }
        let start = self.doc.sentences[first].tokens.start;
        let end = self.doc.sentences[last].tokens.end - 1;
        // The headline repeated as the text's first line ("Obama: People
        // 'Will Be Held Accountable' …") is the outlet's, not a statement.
        if let Some(title) = self.doc.meta.title.as_deref() {
            let line = self.doc.slice(self.doc.paragraphs[p].span);
            if line.trim().eq_ignore_ascii_case(title.trim()) {
                return None;
            }
        }
        let mut a = start;
        if self.is_quote_mark(a) {
            a += 1;
        }
        let colon = (a + 1..(a + 5).min(end)).find(|&t| self.text(t) == ":")?;
        let names_ok = (a..colon).all(|t| {
            let w = self.text(t);
            w.chars().next().is_some_and(char::is_uppercase)
                && matches!(self.syn.upos[t], "PROPN" | "NOUN" | "ADJ" | "X")
        });
        if !names_ok || colon + 1 > end {
            return None;
        }
        // A label is nobody speaking ("UPDATE:", "Q:", "Source: NATO."),
        // nor is a figure or a handle what anyone said ("Sanders: 1,501.").
        let label = (a..colon).map(|t| lower(self.text(t))).collect::<Vec<_>>().join(" ");
        if COLON_LABELS.contains(&label.as_str()) {
            return None;
        }
        let (ca, cb) = self.trim(colon + 1, end, false)?;
        let words = (ca..=cb).filter(|&t| !self.is_punct(t)).count();
        if words < 3 || self.text(ca).starts_with(|c: char| c.is_ascii_digit() || c == '@') {
            return None;
        }
        let head = (a..colon)
            .rev()
            .find(|&t| self.syn.upos[t] == "PROPN")
            .unwrap_or(colon - 1);
        let mut speaker = self.make_speaker(head, colon, &[]);
        speaker.span = self.span(a, colon - 1);
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(ca, cb)],
                cue: Some(self.span(colon, colon)),
                speaker: Some(speaker),
                medium: None,
                venue: None,
                addressee: None,
                confidence: 0.6,
                time: None,
                repeats: None,
            },
        ))
    }

    /// "“…” ― Name": a quotation signed with a dash.
    pub(super) fn dash_attribution(&self, a: usize, b: usize) -> Option<(usize, Quote)> {
        let dash = b + 1;
        if dash >= self.doc.tokens.len() || !matches!(self.text(dash), "―" | "—" | "–" | "-") {
            return None;
        }
        let par = |t: usize| self.doc.sentences[self.sent_of[t]].paragraph;
        let names: Vec<usize> = (dash + 1..self.doc.tokens.len().min(dash + 6))
            .take_while(|&t| par(t) == par(dash) && self.syn.upos[t] == "PROPN")
            .collect();
        let (&first, &last) = (names.first()?, names.last()?);
        let mut speaker = self.make_speaker(last, dash, &[]);
        speaker.span = self.span(first, last);
        speaker.kind = SourceKind::Person;
        speaker.resolution = Resolution::Explicit;
        speaker.name = Some(self.doc.slice(speaker.span).to_string());
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(a, b)],
                cue: Some(self.span(dash, dash)),
                speaker: Some(speaker),
                medium: Some(Medium::Written),
                venue: None,
                addressee: None,
                confidence: 0.7,
                time: None,
                repeats: None,
            },
        ))
    }

    /// The attribution (its place in `done` and the quote) whose content
    /// already holds the words of tokens `a..=b`, at least two of them,
    /// when it has a speaker.
    pub(super) fn quoted_before<'q>(
        &self,
        a: usize,
        b: usize,
        done: &'q [(usize, Quote)],
    ) -> Option<(usize, &'q Quote)> {
        // Words as hashes of their lower case, each earlier content's
        // worked out once: a page of short quotations re-read every earlier
        // one for each new one.
        let norm = |t: &str, out: &mut Vec<u64>| {
            out.extend(
                t.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let mut h = std::hash::DefaultHasher::new();
                        std::hash::Hash::hash(&w.to_lowercase(), &mut h);
                        std::hash::Hasher::finish(&h)
                    }),
            )
        };
        let mut own = Vec::new();
        norm(self.doc.slice(self.span(a, b)), &mut own);
        if own.len() < 2 {
            return None;
        }
        let start = self.doc.tokens[a].span.start;
        let (offset, recent) = self.recent(done);
        recent.iter().enumerate().find_map(|(i, (_, q))| {
            let i = i + offset;
            let earlier = q.content.first().is_some_and(|c| c.end <= start);
            let said = q.kind != QuoteKind::Scare && q.speaker.as_ref().is_some_and(|s| s.name.is_some());
            if !earlier || !said {
                return None;
            }
            // `done` is the one list `extract` grows, so a place in it
            // always names the same attribution.
            let mut cache = self.content_words.borrow_mut();
            let words = cache.entry(i).or_insert_with(|| {
                let mut words = Vec::new();
                for c in &q.content {
                    norm(self.doc.slice(*c), &mut words);
                }
                words
            });
            words.windows(own.len()).any(|w| w == own.as_slice()).then_some((i, q))
        })
    }

    pub(super) fn unclaimed_run(
        &self,
        _ri: usize,
        a: usize,
        b: usize,
        done: &[(usize, Quote)],
        _used_cues: &HashSet<usize>,
    ) -> Option<(usize, Quote)> {
        let words = (a..=b).filter(|&t| !self.is_punct(t)).count();
        let sent_tokens: usize = (self.sent_of[a]..=self.sent_of[b])
            .map(|s| self.doc.sentences[s].tokens.len())
            .sum();
        let statement = words >= 6 && (b - a + 1) * 10 >= sent_tokens * 6;
        // Words already quoted with their speaker, repeated later without
        // one, point at their first occurrence. The speaker is left as the
        // rules find it: a repetition may be someone else quoting them
        // ("we too are “a strong, tight-knit family”").
        let repeats = self.quoted_before(a, b, done).map(|(first, _)| first);
        if !statement {
            return Some((
                a,
                Quote {
                    kind: QuoteKind::Scare,
                    content: vec![self.span(a, b)],
                    cue: None,
                    speaker: None,
                    medium: None,
                    venue: None,
                    addressee: None,
                    confidence: 0.6,
                    time: None,
                    repeats,
                },
            ));
        }
        // The speaker of the latest quotation in this or the two paragraphs before.
        let par = self.doc.sentences[self.sent_of[a]].paragraph;
        let start = self.doc.tokens[a].span.start;
        let prev = self
            .recent(done)
            .1
            .iter()
            .filter(|(_, q)| q.content[0].start < start)
            .filter(|(_, q)| q.speaker.is_some() && q.kind != QuoteKind::Scare)
            .filter(|(_, q)| {
                let qp = self.doc.paragraphs.partition_point(|p| p.span.end < q.content[0].start);
                par >= qp && par - qp <= 2
            })
            .max_by_key(|(_, q)| q.content[0].start);
        let speaker = prev.and_then(|(_, q)| q.speaker.clone()).map(|mut s| {
            s.resolution = Resolution::Previous;
            s
        });
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(a, b)],
                cue: None,
                confidence: if speaker.is_some() { 0.6 } else { 0.3 },
                time: None,
                repeats,
                speaker,
                medium: None,
                venue: None,
                addressee: None,
            },
        ))
    }
}
