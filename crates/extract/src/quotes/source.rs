//! Finding the source mention of a cue: its subject, or the subject of the
//! verb it hangs from, or a name next to it; and the cue's circumstances
//! (medium, venue, addressee).

use super::*;

impl<'a> View<'a> {
    /// Where a source after its cue ends: at the end of the sentence when
    /// what follows the name describes the speaker ("…,” said Tim Hess, a
    /// real estate developer in Virginia, who introduced Mr. Clarke to his
    /// banking contacts.), as PolNeAR marks it; the parser often hangs such
    /// a tail on the verb or the quotation instead. A tail that opens with
    /// a verb or a preposition (", adding …", "in a statement") is the
    /// cue's, and one holding a quotation or another cue is a new statement.
    pub(super) fn inverted_source_end(&self, b: usize) -> usize {
        let end = self.doc.sentences[self.sent_of[b]].tokens.end - 1;
        let Some(first) = (b + 1..=end).find(|&t| !self.is_punct(t)) else {
            return b;
        };
        if first == b + 1
            || !(b + 1..first).any(|t| matches!(self.text(t), "," | "("))
            || matches!(self.syn.upos[first], "VERB" | "AUX" | "ADP" | "SCONJ" | "CCONJ")
            || (first..=end).any(|t| self.run_of[t].is_some() || self.is_cue(t))
        {
            return b;
        }
        self.trim(b, end, false).map_or(b, |(_, e)| e)
    }

    /// Whether a subject of cue `v` starts within `first` and runs up to
    /// the cue (but for a comma or a closing bracket): a source filling
    /// the gap between a quotation, or the sentence start, and its cue.
    pub(super) fn subject_fills(&self, v: usize, first: std::ops::RangeInclusive<usize>) -> bool {
        let from = self.subjects.partition_point(|&(h, _)| h < v);
        self.subjects[from..]
            .iter()
            .take_while(|&&(h, _)| h == v)
            .any(|&(_, n)| {
                n < v && {
                    let (a, b) = self.subtree(n, &["punct"]);
                    first.contains(&a) && b + 3 >= v
                }
            })
    }

    /// The head and first token of the name phrase between a comma and
    /// cue `v`, when the parser did not make it the cue's subject.
    pub(super) fn name_before(&self, v: usize) -> Option<(usize, usize)> {
        let s = self.doc.sentences[self.sent_of[v]].tokens.start;
        let mut t = v.checked_sub(1)?;
        if self.text(t) == ")" {
            t = t.checked_sub(1)?;
        }
        if t <= s || self.is_punct(t) || self.run_of[t].is_some() {
            return None;
        }
        // The name must start within 12 tokens of the cue, one or two
        // tokens after the comma: a comma further back never qualifies, so
        // the search stops there (a sentence may run to 100k tokens).
        let comma = (s.max(v.saturating_sub(15))..t).rev().find(|&k| self.text(k) == ",")?;
        let mut x = t;
        while let Some(h) = self.syn.head[x] {
            let (a, b) = self.subtree(h, &["punct"]);
            if h < v && a > comma && b < v {
                x = h;
            } else {
                break;
            }
        }
        let (a, _) = self.subtree(x, &["punct"]);
        // The comma may close a quotation: "“…,” Daily News opinion editor
        // Josh Greenman told The Daily Beast".
        let after_comma = a == comma + 1 || (a == comma + 2 && self.is_quote_mark(comma + 1));
        (after_comma && matches!(self.syn.upos[x], "PROPN" | "NOUN") && v - a <= 12).then_some((x, a))
    }

    /// The source of cue `v`: its subject, or the subject of the verb it
    /// depends on ("…, adding that …").
    pub(super) fn speaker_of_cue(&self, v: usize, done: &[(usize, Quote)]) -> Option<Speaker> {
        let mut verb = v;
        // "…, adding that …", "calling them …": a participle takes the
        // subject of the cue or main verb it hangs from.
        if self.syn.xpos[v] == "VBG" && matches!(self.syn.deprel[v], "advcl" | "xcomp" | "conj" | "acl" | "dep") {
            let mut h = self.syn.head[v];
            while let Some(x) = h {
                if self.run_of[x].is_some() {
                    break;
                }
                if self.is_cue(x) || self.syn.head[x].is_none() {
                    verb = x;
                    break;
                }
                h = self.syn.head[x];
            }
        }
        // "the NAACP called for …", parsed as a name's modifier.
        if self.syn.deprel[v] == "acl" && self.demand_phrase(v).is_some() {
            if let Some(h) = self.syn.head[v].filter(|&h| h < v && matches!(self.syn.upos[h], "PROPN" | "NOUN")) {
                return Some(self.make_speaker(h, v, done));
            }
        }
        for _ in 0..3 {
            // A subject inside a quotation belongs to the quoted words.
            // With two subjects (a parse of "China's Foreign Ministry"),
            // the one nearest the verb heads the source.
            let subjects: Vec<usize> = self.children[verb]
                .iter()
                .copied()
                .filter(|&c| matches!(self.syn.deprel[c], "nsubj" | "nsubj:pass" | "csubj") && self.run_of[c].is_none())
                .collect();
            let subject = subjects
                .iter()
                .copied()
                .filter(|&c| c < verb)
                .max()
                .or(subjects.first().copied());
            if let Some(subj) = subject {
                if self.syn.deprel[subj] == "nsubj:pass" && verb == v && self.child_with(v, &["obl:agent"]).is_some() {
                    let agent = self.child_with(v, &["obl:agent"]).unwrap();
                    return Some(self.make_speaker(agent, v, done));
                }
                return Some(self.make_speaker(subj, v, done));
            }
            match (self.syn.deprel[verb], self.syn.head[verb]) {
                // A cue with no subject coordinated with a verb inside
                // another cue's complement ("Bruce said the reports …
                // captured … | but did not say whether …") shares that
                // cue's subject, not the reported clause's.
                ("conj", Some(h)) if verb == v && !self.is_cue(h) && self.run_of[h].is_none() => {
                    verb = self.cue_above_complement(h).unwrap_or(h);
                }
                ("advcl" | "xcomp" | "conj" | "acl", Some(h)) if self.run_of[h].is_none() => verb = h,
                // A cue coordinated into an earlier cue's content by the
                // parser ("Bruce said the reports were disturbing but did
                // not say whether …") shares that cue's subject.
                ("ccomp", Some(h)) if self.syn.deprel[v] == "conj" && verb != v && self.run_of[h].is_none() => {
                    let mut up = Some(h);
                    while let Some(u) = up.filter(|&u| !self.is_cue(u)) {
                        up = matches!(self.syn.deprel[u], "ccomp" | "conj")
                            .then(|| self.syn.head[u])
                            .flatten();
                    }
                    match up {
                        Some(u) => verb = u,
                        None => break,
                    }
                }
                _ => break,
            }
        }
        // A name the parser hung elsewhere, between a comma and the cue:
        // "…, Sen. Lindsey Graham (R-S.C.) told The Huffington Post."
        if let Some((x, _)) = self.name_before(v).filter(|_| {
            self.children[v]
                .iter()
                .all(|&c| c > v || self.is_punct(c) || !self.syn.deprel[c].starts_with("nsubj"))
        }) {
            return Some(self.make_speaker(x, v, done));
        }
        // The parser may make the source an appositive of a fronted
        // phrase: "In a statement, | one of the family's attorneys, Justin
        // Bamberg, | said …".
        if let Some(a) = self.children[v]
            .iter()
            .copied()
            .filter(|&c| c < v && self.syn.deprel[c].starts_with("obl") && self.run_of[c].is_none())
            .flat_map(|c| {
                self.children[c]
                    .iter()
                    .copied()
                    .filter(move |&k| k > c && self.syn.deprel[k] == "appos")
            })
            .find(|&k| self.text(k - 1) == "," && self.subtree(k, &[]).1 + 2 >= v)
        {
            return Some(self.make_speaker(a, v, done));
        }
        // A name or pronoun right next to the cue: "Zelenskyy said", "said Zelenskyy".
        let s = self.sent_of[v];
        for t in [v.wrapping_sub(1), v + 1] {
            if t < self.doc.tokens.len()
                && self.sent_of[t] == s
                && self.run_of[t].is_none()
                && matches!(self.syn.upos[t], "PROPN" | "PRON")
                && !is_date_word(self.text(t))
            {
                return Some(self.make_speaker(t, v, done));
            }
        }
        None
    }

    /// The cue whose clausal complement holds verb `h`, climbing through
    /// complements and the clauses joined to them.
    pub(super) fn cue_above_complement(&self, h: usize) -> Option<usize> {
        let (mut up, mut through_complement) = (h, false);
        for _ in 0..4 {
            let rel = self.syn.deprel[up];
            if !matches!(rel, "ccomp" | "conj" | "advcl") {
                return None;
            }
            through_complement |= rel == "ccomp";
            up = self.syn.head[up]?;
            if self.is_cue(up) {
                return through_complement.then_some(up);
            }
        }
        None
    }

    /// Medium, venue and addressee of cue `v`.
    pub(super) fn circumstances(&self, v: usize) -> (Option<Medium>, Option<Span>, Option<Span>) {
        let lemma = self.syn.lemma[v].as_str();
        let mut medium = if WRITTEN_CUES.contains(&lemma) {
            Some(Medium::Written)
        } else if matches!(lemma, "tell" | "shout" | "joke" | "quip" | "testify") {
            Some(Medium::Spoken)
        } else {
            None
        };
        let mut venue = None;
        let mut addressee = None;
        // Look at the cue and at a "Writing on X" clause attached to it.
        let mut holders = vec![v];
        for &c in &self.children[v] {
            if self.syn.deprel[c] == "advcl"
                && matches!(
                    self.syn.lemma[c].as_str(),
                    "write" | "speak" | "post" | "tweet" | "talk"
                )
            {
                holders.push(c);
                if medium.is_none() {
                    medium = Some(if self.syn.lemma[c] == "speak" || self.syn.lemma[c] == "talk" {
                        Medium::Spoken
                    } else {
                        Medium::Written
                    });
                }
            }
        }
        for &h in &holders {
            for &c in &self.children[h] {
                let rel = self.syn.deprel[c];
                let case = self.preposition(c);
                // The venue noun may head the phrase or modify its head, as in
                // a parse of "at a regular news conference Wednesday".
                let venue_noun = std::iter::once(c)
                    .chain(
                        self.children[c]
                            .iter()
                            .copied()
                            .filter(|&k| matches!(self.syn.deprel[k], "compound" | "nmod")),
                    )
                    .find(|&k| {
                        let k_case = self.preposition(k).or(case.clone());
                        is_venue(&lower(self.text(k)))
                            && matches!(
                                k_case.as_deref(),
                                Some("in" | "at" | "on" | "during" | "via" | "through")
                            )
                    });
                let noun = venue_noun.map(|k| lower(self.text(k))).unwrap_or_default();
                if (rel.starts_with("obl") || matches!(rel, "nmod" | "ccomp" | "advmod" | "dep"))
                    && venue_noun.is_some()
                    && venue.is_none()
                {
                    let (a, mut b) = self.subtree(c, &["punct", "acl:relcl", "acl", "advcl", "appos", "parataxis"]);
                    if let Some(comma) = (a..=b).find(|&t| self.text(t) == ",") {
                        b = comma.saturating_sub(1).max(a);
                    }
                    // The day right after it belongs to it, however the
                    // parser hung it: "at a regular news conference | Wednesday".
                    while b + 1 < self.doc.tokens.len()
                        && is_date_word(self.text(b + 1))
                        && self.syn.head[b + 1].is_some_and(|hd| hd == h || (a..=b).contains(&hd))
                    {
                        b += 1;
                    }
                    if let Some((a, b)) = self.trim(a, b, false) {
                        venue = Some(self.span(a, b));
                    }
                    if WRITTEN_VENUES.contains(&noun.as_ref()) {
                        medium = Some(Medium::Written);
                    } else if SPOKEN_VENUES.contains(&noun.as_ref()) {
                        medium = Some(Medium::Spoken);
                    }
                }
                let to_obl = rel.starts_with("obl") && case.as_deref() == Some("to");
                let told_obj = h == v && lemma == "tell" && matches!(rel, "obj" | "iobj");
                if (to_obl || told_obj) && addressee.is_none() && h == v {
                    let (a, b) = self.subtree(c, &["case", "punct", "acl:relcl"]);
                    if let Some((a, b)) = self.trim(a, b, false) {
                        addressee = Some(self.span(a, b));
                    }
                }
            }
        }
        (medium, venue, addressee)
    }
}
