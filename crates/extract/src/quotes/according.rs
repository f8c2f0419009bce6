//! Attributions whose cue is no verb: "according to X" and "reportedly".

use super::*;

impl<'a> View<'a> {
    /// "according to X": X is the source, the rest of the sentence the content.
    pub(super) fn according_to(&self, v: usize) -> Option<(usize, Quote)> {
        let s = &self.doc.sentences[self.sent_of[v]];
        let (mut sa, sb) = (s.tokens.start, s.tokens.end - 1);
        // A sentence-opening "And" or "But" links to what came before; it
        // is not the source's (PolNeAR leaves it out).
        if sa + 1 < v && self.syn.upos[sa] == "CCONJ" {
            sa += 1;
        }
        // Fronted ("According to X, …"): the source is everything up to the
        // comma that closes the phrase, whatever the parse hung on it (a
        // relative clause stays with its source), and the content is the
        // rest; the parse often hangs "according" on the main verb instead.
        if v <= sa {
            if let Some(comma) = (v + 2..sb).find(|&t| self.text(t) == "," && self.run_of[t].is_none()) {
                if let (Some((xa, xb)), Some(content)) =
                    (self.trim(v + 2, comma - 1, false), self.trim(comma + 1, sb, true))
                {
                    let head = (xa..=xb)
                        .find(|&t| self.syn.head[t].is_none_or(|h| h < xa || h > xb))
                        .unwrap_or(xa);
                    let mut speaker = self.make_speaker(self.titled_name_in(xa, xb).unwrap_or(head), v, &[]);
                    speaker.span = self.span(xa, xb);
                    return Some((v, self.according_quote(v, content, speaker)));
                }
            }
        }
        let x = match self.syn.head[v] {
            Some(h) if h > v + 1 => h,
            _ => (v + 2..s.tokens.end).find(|&t| matches!(self.syn.upos[t], "NOUN" | "PROPN" | "PRON"))?,
        };
        let (xa, xb) = self.subtree(x, &["punct", "acl:relcl"]);
        let (xa, mut xb) = self.trim(xa.max(v + 2), xb, false)?;
        // A name phrase the parse split into siblings runs on: "according
        // to Health | and Human Services Secretary Kathleen Sebelius".
        while xb < sb
            && self.run_of[xb + 1].is_none()
            && (self.syn.upos[xb + 1] == "PROPN"
                || (matches!(self.text(xb + 1), "and" | "of" | "&")
                    && xb + 2 <= sb
                    && self.syn.upos[xb + 2] == "PROPN"))
        {
            xb += 1;
        }
        let content = if v > sa + 1 {
            self.trim(sa, v - 1, true)
        } else {
            self.trim(xb + 1, sb, true)
        }?;
        let mut speaker = self.make_speaker(self.titled_name_in(xa, xb).unwrap_or(x), v, &[]);
        speaker.span = self.span(xa, xb);
        Some((content.0.min(v), self.according_quote(v, content, speaker)))
    }

    /// The attribution "according to" at `v` makes: indirect, its content
    /// the tokens `content`, its source `speaker`.
    fn according_quote(&self, v: usize, content: (usize, usize), speaker: Speaker) -> Quote {
        Quote {
            kind: QuoteKind::Indirect,
            content: vec![self.span(content.0, content.1)],
            cue: Some(self.span(v, v + 1)),
            speaker: Some(speaker),
            medium: None,
            venue: None,
            addressee: None,
            confidence: 0.7,
            time: None,
            repeats: None,
        }
    }

    /// The last token of a person's name with a title before it inside the
    /// source `a..=b`, which is who the source is whatever the parse made
    /// the head: in "according to Health and Human Services Secretary
    /// Kathleen Sebelius" the parse heads the phrase with "Health".
    fn titled_name_in(&self, a: usize, b: usize) -> Option<usize> {
        let first = self.names.partition_point(|m| m.last < a);
        self.names[first..]
            .iter()
            .take_while(|m| m.first <= b)
            .filter(|m| m.first > a && m.last <= b && self.run_of[m.last].is_none())
            .filter(|m| TITLE_WORDS.contains(&lower(self.text(m.first - 1)).as_ref()))
            .filter(|m| {
                !m.name
                    .split(' ')
                    .any(|w| INSTITUTION_WORDS.contains(&lower(w).as_ref()))
            })
            .last()
            .map(|m| m.last)
    }

    /// "He reportedly told aides …": a report with no named source; the
    /// content is the clause around the adverb, in two parts when it
    /// splits the subject from its verb (PolNeAR train: 19 of 29
    /// "reportedly" are cues, 12 of them so).
    pub(super) fn reportedly(&self, v: usize) -> Option<(usize, Quote)> {
        let h = self.syn.head[v].filter(|&h| h > v && self.run_of[v].is_none())?;
        let (a, b) = self.subtree(h, &["punct"]);
        let mut content = Vec::new();
        if a < v {
            content.extend(self.trim(a, v - 1, true));
        }
        content.extend(self.trim(v + 1, b, true));
        if content.is_empty() {
            return None;
        }
        Some((
            content[0].0.min(v),
            Quote {
                kind: QuoteKind::Indirect,
                content: content.iter().map(|&(a, b)| self.span(a, b)).collect(),
                cue: Some(self.span(v, v)),
                speaker: None,
                medium: None,
                venue: None,
                addressee: None,
                confidence: 0.5,
                time: None,
                repeats: None,
            },
        ))
    }
}
