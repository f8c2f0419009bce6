//! Where a cue's content lies in the sentence: complements the parser hung
//! elsewhere, run-on ends, quotation runs next to or inside it.

use super::*;

/// Verbs of pointing at something, whose "to" opens what was said about
/// ("pointed to rising costs"); after other verbs "to" is mostly an
/// addressee ("shouted to the crowd").
fn takes_to(lemma: &str) -> bool {
    matches!(
        lemma,
        "point" | "refer" | "object" | "allude" | "link" | "liken" | "compare"
    )
}

impl<'a> View<'a> {
    /// The runs that can be the quotation of cue `v` in sentence `sent`
    /// when it closes the sentence: those ending before it with nothing but
    /// punctuation between, and those starting within three tokens after
    /// `v` past the sentence's end; all runs, in order, when the runs are
    /// not in text order. Looking at every run of the document for every
    /// cue is quadratic in its length.
    pub(super) fn runs_next_to_sentence(
        &self,
        v: usize,
        sent: &std::ops::Range<usize>,
    ) -> Box<dyn Iterator<Item = usize> + '_> {
        if !self.runs_in_order {
            return Box::new(0..self.run_tokens.len());
        }
        let punct_from = self.punct_stretch_start.get(sent.start).copied().unwrap_or(sent.start);
        let before_lo = self.run_tokens.partition_point(|&(_, rb)| rb + 1 < punct_from);
        let before_hi = self.run_tokens.partition_point(|&(_, rb)| rb < sent.start);
        let after_lo = self.run_tokens.partition_point(|&(ra, _)| ra < sent.end);
        let after_hi = self.run_tokens.partition_point(|&(ra, _)| ra <= v + 3);
        Box::new((before_lo..before_hi.max(before_lo)).chain(after_lo..after_hi.max(after_lo)))
    }

    /// The first fragment of a content that cue `v` interrupts: the
    /// sentence's words before the comma that opens the source, when the
    /// source and cue stand between two commas and the rest of the content
    /// starts at `a`, right after the second. Returns the fragment and the
    /// opening comma.
    pub(super) fn parenthetical_prefix(
        &self,
        v: usize,
        a: usize,
        used_runs: &HashSet<usize>,
        done: &[(usize, Quote)],
    ) -> Option<((usize, usize), usize)> {
        let s = self.sent_of[v];
        let sent = self.doc.sentences[s].tokens.clone();
        if a <= v + 1 || self.text(a - 1) != "," || a - v > 8 {
            return None;
        }
        // Between the cue and the content only the cue's own words ("told
        // me on Friday"), no verb and no quotation.
        if (v + 1..a - 1)
            .any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") || self.run_of[t].is_some() || self.is_punct(t))
        {
            return None;
        }
        // The source: a few words after a comma, with a noun or pronoun and
        // no verb.
        let comma = (sent.start..v).rev().take(12).find(|&t| self.is_punct(t))?;
        if self.text(comma) != "," || comma + 1 >= v || comma <= sent.start {
            return None;
        }
        let source = comma + 1..v;
        if source
            .clone()
            .any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") || self.run_of[t].is_some())
            || !source
                .clone()
                .any(|t| matches!(self.syn.upos[t], "NOUN" | "PROPN" | "PRON"))
        {
            return None;
        }
        // The fragment: no quotation already taken, no part of an earlier
        // attribution.
        let (mut pa, pb) = self.trim(sent.start, comma - 1, true)?;
        // A relative pronoun the cue interrupts is the fragment alone: "Mr.
        // Schultz, who, Mr. King said, has recently seemed …".
        if matches!(self.syn.xpos[pb], "WP" | "WDT") {
            pa = pb;
        }
        if (pa..=pb).any(|t| self.run_of[t].is_some_and(|r| used_runs.contains(&r) || self.run_tokens[r].0 < pa)) {
            return None;
        }
        let (start, end) = (self.doc.tokens[pa].span.start, self.doc.tokens[pb].span.end);
        if self
            .recent(done)
            .1
            .iter()
            .any(|(_, q)| q.content.iter().any(|c| c.start < end && c.end > start))
        {
            return None;
        }
        Some(((pa, pb), comma))
    }

    /// The content a verb's complement gives: its clause, infinitive or
    /// object, or a prepositional object whose preposition then ends the
    /// cue (`cue_end`: "pointed to", "railed against", "asked Clinton
    /// about").
    pub(super) fn complement_content(&self, v: usize, cue_end: &mut Option<usize>) -> Option<(usize, usize)> {
        let c = ["ccomp", "xcomp", "obj", "acl"]
            .iter()
            .find_map(|r| self.child_with(v, &[r]))
            .or_else(|| {
                self.children[v].iter().copied().find(|&c| {
                    (self.syn.deprel[c].starts_with("obl") || self.syn.deprel[c] == "nmod")
                        && !self.is_time_or_medium(c)
                        && match self.preposition(c).as_deref() {
                            Some("for" | "on" | "about" | "of" | "against" | "that" | "as" | "with" | "into") => true,
                            Some("to") => takes_to(&self.syn.lemma[v]),
                            _ => false,
                        }
                })
            })
            .or_else(|| self.misattached_complement(v));
        // "when asked | whether fuel supplies would be affected", parsed
        // with the cue as an adverbial clause of the clause it introduces:
        // the clause from its subordinator on is the content.
        let Some(c) = c else {
            let h = self.syn.head[v].filter(|&h| h > v && self.syn.deprel[v] == "advcl")?;
            let m = self.child_with(h, &["mark"]).filter(|&m| m == v + 1)?;
            if !matches!(lower(self.text(m)).as_ref(), "whether" | "if" | "that") {
                return None;
            }
            let (_, hb) = self.subtree(h, &["punct"]);
            return self.trim(m, hb, true);
        };
        // A stance noun belongs to the cue and its object is the content:
        // "expressed concern about …", "voiced doubts that …". Not once a
        // possessor makes it a noun phrase of its own: in "reiterated | his
        // support for Mr. Trump" the verb is the cue and the phrase the
        // content (PolNeAR train: cue F1 0.7505 → 0.7513, content 0.5380 →
        // 0.5384; an article or "no" does not do it: "made no mention of").
        if self.syn.deprel[c] == "obj"
            && STANCE_NOUNS.contains(&self.syn.lemma[c].as_str())
            && !self.children[c]
                .iter()
                .any(|&k| k > v && k < c && self.syn.deprel[k] == "nmod:poss")
        {
            let inner = self.children[c].iter().copied().find(|&k| {
                k > c
                    && (matches!(self.syn.deprel[k], "acl" | "ccomp")
                        || (self.syn.deprel[k] == "nmod"
                            && matches!(
                                self.preposition(k).as_deref(),
                                Some("about" | "over" | "of" | "on" | "for" | "against" | "with")
                            )))
            });
            if let Some(k) = inner {
                let (mut a, b) = self.subtree(k, &["punct"]);
                let mut end = c;
                if self.syn.deprel[k] == "nmod" {
                    if let Some(p) = self.child_with(k, &["case"]) {
                        end = p;
                        a = a.max(p + 1);
                    }
                }
                *cue_end = (*cue_end).max(Some(end));
                return self.trim(a, b, true);
            }
        }
        // "issued a statement saying …": the participle's complement is the
        // content (and the cue runs to the participle, see
        // `document_participle`).
        if self.syn.deprel[c] == "obj" {
            if let Some(k) = self.document_participle(v) {
                let mut inner_end = None;
                if let Some(content) = self.complement_content(k, &mut inner_end) {
                    *cue_end = (*cue_end).max(Some(k));
                    return Some(content);
                }
            }
        }
        // "took issue with …", "took aim at …", "took credit for …": the
        // verb, its object and the preposition right after it are the cue,
        // and the preposition's object is the content (PolNeAR train: 19 of
        // the 20 predicted "took" cues are such phrases in the gold).
        if self.syn.lemma[v] == "take" && self.syn.deprel[c] == "obj" {
            let inner = self.children[c]
                .iter()
                .chain(&self.children[v])
                .copied()
                .filter(|&k| {
                    let rel = self.syn.deprel[k];
                    k > c
                        && !is_date_word(self.text(k))
                        && (((rel == "nmod" || rel.starts_with("obl")) && self.child_with(k, &["case"]) == Some(c + 1))
                            // "took credit for | achieving …"
                            || (rel == "advcl" && self.child_with(k, &["mark"]) == Some(c + 1)))
                        && matches!(
                            lower(self.text(c + 1)).as_ref(),
                            "at" | "with" | "for" | "in" | "of" | "on" | "against"
                        )
                })
                .min();
            if let Some(k) = inner {
                let (_, b) = self.subtree(k, &["punct"]);
                *cue_end = (*cue_end).max(Some(c + 1));
                return self.trim(c + 2, self.phrase_tail(v, b), true);
            }
        }
        let (a, b) = self.object_and_complement(v, c);
        let a = if let Some(m) = self
            .child_with(c, &["mark"])
            .filter(|&m| m == a && self.syn.deprel[c] == "advcl" && lower(self.text(m)) == "to")
        {
            *cue_end = (*cue_end).max(Some(m));
            m + 1
        } else if self.syn.deprel[c].starts_with("obl") || self.syn.deprel[c] == "nmod" {
            let case = self.child_with(c, &["case"]).filter(|&k| k > v);
            *cue_end = (*cue_end).max(case);
            case.map_or(a, |k| k + 1).max(a)
        } else {
            a
        };
        let b = if matches!(self.syn.deprel[c], "obj" | "nmod") || self.syn.deprel[c].starts_with("obl") {
            self.phrase_tail(v, b)
        } else {
            b
        };
        let b = self.plain_rest_of_sentence(v, b);
        self.trim(a, b, true)
    }

    /// A complement of cue `v` that the parser hung on it as an adverbial
    /// clause, a loose dependent or an oblique with a subject: one that
    /// starts right after the cue with no subordinator of its own ("showed
    /// | Clinton doing better", "criticized | long-standing free-trade
    /// deals").
    pub(super) fn misattached_complement(&self, v: usize) -> Option<usize> {
        let first = self.particle_end(v) + 1;
        self.children[v].iter().copied().find(|&k| {
            // A bare noun with a subject of its own is a clause too ("polls
            // showed | Clinton was the winner", winner taken for an oblique).
            let clausal_noun = self.syn.deprel[k] == "obl"
                && self.child_with(k, &["case"]).is_none()
                && self.child_with(k, &["nsubj", "nsubj:pass"]).is_some();
            k >= first
                && (matches!(self.syn.deprel[k], "advcl" | "dep") || clausal_noun)
                && self.subtree(k, &["punct"]).0 == first
                && !self.is_punct(first)
                && self.child_with(k, &["mark"]).is_none_or(|m| {
                    let mark = lower(self.text(m));
                    // "pointed | to rising housing costs", parsed as an
                    // infinitive: the preposition the verb takes.
                    mark == "that" || (mark == "to" && takes_to(&self.syn.lemma[v]))
                })
                && !self.is_time_or_medium(k)
        })
    }

    /// The quotation runs wholly inside `content` that `skip` does not rule out,
    /// leaving out a short label before its noun (a “no-limits”
    /// relationship) unless `labels` is set.
    pub(super) fn runs_inside(
        &self,
        content: &[(usize, usize)],
        labels: bool,
        skip: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let label = |ra: usize, rb: usize| {
            rb + 1 < self.doc.tokens.len()
                && matches!(self.syn.upos[rb + 1], "NOUN" | "PROPN")
                && (ra..=rb).filter(|&t| !self.is_punct(t)).count() <= 3
        };
        let mut candidates: Vec<usize> = content
            .iter()
            .flat_map(|&(a, b)| self.runs_starting_within(a, b.saturating_add(1)))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&r| {
                let (ra, rb) = self.run_tokens[r];
                content.iter().any(|&(a, b)| ra >= a && rb <= b) && (labels || !label(ra, rb)) && !skip(r)
            })
            .collect()
    }

    /// The token range of the first complement after cue `v`: an
    /// infinitive, an object, or an oblique introduced by one of `preps`
    /// (without the preposition): "is considered | a threat", "was
    /// described as | “…”". With `not_cue`, a complement that is a cue of
    /// its own does not count.
    pub(super) fn complement_after(&self, v: usize, preps: &[&str], not_cue: bool) -> Option<(usize, usize)> {
        let x = self.children[v].iter().copied().find(|&x| {
            x > v
                && (matches!(self.syn.deprel[x], "xcomp" | "obj")
                    || (self.syn.deprel[x].starts_with("obl")
                        && self.preposition(x).is_some_and(|p| preps.contains(&p.as_str()))))
        })?;
        if not_cue && self.is_cue(x) {
            return None;
        }
        let (a, b) = self.subtree(x, &["punct"]);
        let a = if self.syn.deprel[x].starts_with("obl") {
            a.max(self.child_with(x, &["case"]).map_or(a, |c| c + 1))
        } else {
            a
        };
        self.trim(a, b, true)
    }

    /// The preposition and the token range of what "call for" / "call
    /// on" demands, when cue `v` is such a verb.
    pub(super) fn demand_phrase(&self, v: usize) -> Option<(usize, usize, usize)> {
        if !matches!(self.syn.lemma[v].as_str(), "call" | "urge") {
            return None;
        }
        let p = v + 1;
        let prep = lower(self.text(p));
        if p + 1 >= self.doc.tokens.len()
            || self.sent_of[p] != self.sent_of[v]
            || !matches!(prep.as_ref(), "for" | "on")
        {
            return None;
        }
        // The phrase the preposition introduces, with an infinitive that
        // completes it ("on the administration | to really call out …").
        let head = self.syn.head[p].filter(|&h| h > p)?;
        let (_, mut b) = self.subtree(head, &["punct"]);
        if let Some(x) = self.children[v]
            .iter()
            .chain(self.children[head].iter())
            .copied()
            .find(|&x| x > head && self.syn.deprel[x] == "xcomp")
        {
            b = b.max(self.subtree(x, &["punct"]).1);
        }
        // An infinitive right after, wherever the parser hung it: "called on
        // Trump | to stop attacking Machado and apologize".
        let verb_at = |t: usize| {
            t < self.doc.tokens.len()
                && self.sent_of[t] == self.sent_of[v]
                && (matches!(self.syn.upos[t], "VERB" | "AUX")
                    || (self.is_quote_mark(t)
                        && t + 2 < self.doc.tokens.len()
                        && matches!(self.syn.upos[t + 1], "VERB" | "AUX" | "ADV")))
        };
        if b + 2 < self.doc.tokens.len() && lower(self.text(b + 1)) == "to" && verb_at(b + 2) {
            let verb = self.syn.head[b + 1].filter(|&h| h > b + 1).unwrap_or(b + 2);
            b = b.max(self.subtree(verb, &["punct"]).1);
        }
        (b > p).then_some((p, p + 1, b))
    }

    /// Where reported speech ending at `b` (headed by `c`) really ends:
    /// the end of its sentence, whatever the parser attached elsewhere,
    /// unless a participial comment, an "according to", a contrast or
    /// another cue comes first.
    pub(super) fn run_on_end(&self, c: usize, b: usize) -> usize {
        let sent_end = self.doc.sentences[self.sent_of[c]].tokens.end - 1;
        let mut t = b + 1;
        while t <= sent_end {
            let w = self.text(t);
            let stop = (w == ","
                && t < sent_end
                && (self.syn.xpos[t + 1] == "VBG"
                    || ["according", "but", "though", "although", "while", "whereas"]
                        .iter()
                        .any(|w| self.text(t + 1).eq_ignore_ascii_case(w))))
                || matches!(w, ";" | "―" | "—" | "--")
                || self.is_cue(t)
                    && self.run_of[t].is_none()
                    && self.syn.xpos[t] != "VBG"
                    // a coordinated cue is a statement of its own: "… in his
                    // campaigns | and called it a common ailment"
                    && (self.syn.head[t] != Some(c) || self.syn.deprel[t] == "conj");
            if stop {
                // A stopping cue keeps its auxiliaries and conjunction:
                // "… were disturbing | but did not say".
                if self.is_cue(t) {
                    let cue = t;
                    while t > b + 1 && self.syn.head[t - 1] == Some(cue) && !self.is_punct(t - 1) {
                        t -= 1;
                    }
                }
                break;
            }
            t += 1;
        }
        t - 1
    }

    /// The end of a complement of cue `v` ending at `b` that the parser
    /// cut short ("mentions policies | she supported that …"): the end of
    /// the sentence when only plain words follow, with no punctuation,
    /// date, quotation or other cue.
    pub(super) fn plain_rest_of_sentence(&self, v: usize, b: usize) -> usize {
        let sent_end = self.doc.sentences[self.sent_of[v]].tokens.end;
        if b <= v || b + 2 >= sent_end || !self.is_punct(sent_end - 1) {
            return b;
        }
        // Nor past a cue inside the complement ("… an architect who said
        // | he was stiffed": that clause is the inner cue's).
        let plain = (v + 1..sent_end - 1).all(|t| {
            !self.is_cue(t)
                && (t <= b || (!self.is_punct(t) && self.run_of[t].is_none() && !is_date_word(self.text(t))))
        });
        if plain {
            sent_end - 2
        } else {
            b
        }
    }

    /// The end of a phrasal content once the dependents of cue `v` that
    /// follow it directly are added: the parser often hangs the rest of
    /// the phrase on the verb ("laid out her proposals | to increase
    /// national service", "dismissed Estonia | as being in the suburbs"),
    /// where PolNeAR's content runs on. A comma, a time or a place ("in
    /// Ohio", "on Tuesday") ends it.
    pub(super) fn phrase_tail(&self, v: usize, mut b: usize) -> usize {
        loop {
            let next = self.children[v].iter().copied().find_map(|k| {
                // A noun coordinated with the object is part of it too
                // ("invoked the rising seas | and heating planet").
                let nominal_conj = self.syn.deprel[k] == "conj" && matches!(self.syn.upos[k], "NOUN" | "PROPN");
                if k <= b
                    || !(matches!(self.syn.deprel[k], "advcl" | "xcomp" | "obl" | "ccomp" | "acl" | "dep")
                        || nominal_conj)
                {
                    return None;
                }
                let (ka, kb) = self.subtree(k, &["punct"]);
                let time_or_place = matches!(
                    self.preposition(k).as_deref(),
                    Some("during" | "after" | "before" | "since" | "until")
                ) || (b + 1..=kb).any(|t| is_date_word(self.text(t)));
                (ka == b + 1 && !time_or_place).then_some(kb)
            });
            match next {
                Some(kb) => b = kb,
                None => return b,
            }
        }
    }

    /// An oblique that says when or through what, never what was said:
    /// "on Friday", "on Twitter", "on the other hand".
    pub(super) fn is_time_or_medium(&self, c: usize) -> bool {
        let (a, b) = self.subtree(c, &["punct"]);
        (a..=b).any(|t| is_date_word(self.text(t)))
            || matches!(
                self.syn.lemma[c].as_str(),
                "twitter"
                    | "Twitter"
                    | "facebook"
                    | "Facebook"
                    | "instagram"
                    | "Instagram"
                    | "television"
                    | "tv"
                    | "radio"
                    | "phone"
                    | "hand"
                    | "behalf"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
                    | "day"
                    | "week"
                    | "weekend"
                    | "occasion"
            )
    }

    /// Token range of the content headed by `c`, a dependent of cue `v`,
    /// with the object and its infinitive together ("urged North Korea to
    /// refrain", "asked his supporters to visit"), as PolNeAR marks them.
    pub(super) fn object_and_complement(&self, v: usize, c: usize) -> (usize, usize) {
        let (mut a, mut b) = self.subtree(c, &["punct"]);
        match self.syn.deprel[c] {
            "xcomp" => {
                if let Some(o) = self.child_with(v, &["obj"]).filter(|&o| o > v && o < c) {
                    a = a.min(self.subtree(o, &["punct"]).0);
                }
            }
            "obj" => {
                if let Some(x) = self.child_with(v, &["xcomp"]).filter(|&x| x > c) {
                    b = b.max(self.subtree(x, &["punct"]).1);
                }
            }
            _ => {}
        }
        // A quotation that opens inside and closes just after keeps its
        // closing mark: "a goal of “Peace Through Strength.”"
        (a, self.extend_to_closing_run(a, b))
    }

    /// `b` moved to the end of each run that opens within `a..=b` (as it
    /// grows) and closes at most three tokens past it.
    pub(super) fn extend_to_closing_run(&self, a: usize, mut b: usize) -> usize {
        for r in self.runs_starting_within(a, usize::MAX) {
            let (ra, rb) = self.run_tokens[r];
            if self.runs_in_order && ra > b {
                // Later runs open later still, and `b` has stopped growing.
                break;
            }
            if ra >= a && ra <= b && rb > b && rb <= b + 3 {
                b = rb;
            }
        }
        b
    }

    /// A range of run indices holding every run that opens within `a..=b`,
    /// in index order: a slice of the runs found by binary search when
    /// they are in text order, all of them otherwise. Looking at every run
    /// for every cue made a page of quotations quadratic.
    pub(super) fn runs_starting_within(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        if !self.runs_in_order {
            return 0..self.run_tokens.len();
        }
        let lo = self.run_tokens.partition_point(|r| r.0 < a);
        let hi = self.run_tokens.partition_point(|r| r.0 <= b);
        lo..hi.max(lo)
    }

    /// A "that" clause shortly after the cue that the parser attached
    /// elsewhere ("told reporters outside the gates that …").
    pub(super) fn that_clause_after(&self, v: usize) -> Option<usize> {
        let s = self.sent_of[v];
        (v + 1..self.doc.tokens.len().min(v + 16))
            .take_while(|&t| self.sent_of[t] == s && self.run_of[t].is_none() && !self.is_cue(t))
            .find(|&t| lower(self.text(t)) == "that")
            // A relative "that" that is its clause's subject
            // ("conversations that extended …") opens no complement of the
            // cue; one the parser took for an object often does ("told
            // reporters outside the gates that the strike would last").
            .filter(|&t| !matches!(self.syn.deprel[t], "nsubj" | "nsubj:pass"))
            // A nominal predicate with a subject is a clause too, when the
            // "that" follows the cue's own time or venue ("said during the
            // debate | that he is in favor of …"), not a noun it
            // complements ("made the case that …").
            .and_then(|t| {
                let after_oblique = || {
                    self.children[v].iter().any(|&o| {
                        let setting = match self.preposition(o).as_deref() {
                            None | Some("in" | "during" | "at" | "after" | "before") => true,
                            // "asked about | the declaration that …" is content.
                            _ => self.is_time_or_medium(o),
                        };
                        self.syn.deprel[o].starts_with("obl")
                            && setting
                            && o < t
                            && (o == t - 1 || self.descends_from(t - 1, o))
                    })
                };
                self.syn.head[t].filter(|&h| {
                    h > t
                        && (matches!(self.syn.upos[h], "VERB" | "AUX" | "ADJ")
                            || (self.child_with(h, &["nsubj", "nsubj:pass"]).is_some_and(|n| n > t) && after_oblique()))
                })
            })
    }

    /// A subject right after a cue that already has one: the greedy parser
    /// took the reported clause's subject for the cue's own ("He said | the
    /// United States and its allies will seek …", "Trump said | Democrats
    /// are the ones …"). The clause starts there.
    pub(super) fn second_subject(&self, v: usize) -> Option<usize> {
        let subjects = |right: bool| {
            self.children[v]
                .iter()
                .copied()
                .filter(move |&c| matches!(self.syn.deprel[c], "nsubj" | "nsubj:pass") && (c > v) == right)
        };
        subjects(false).next()?;
        let r = subjects(true).find(|&r| self.run_of[r].is_none())?;
        let start = self.subtree(r, &["punct"]).0;
        let s = self.sent_of[v];
        let sent_end = self.doc.sentences[s].tokens.end;
        // Right after the cue (or its "that"), and a verb of its own after it.
        let gap_ok = (v + 1..start).all(|t| lower(self.text(t)) == "that");
        let has_verb =
            (r + 1..sent_end).any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") && self.run_of[t].is_none());
        (gap_ok && start > v && has_verb).then_some(r)
    }

    /// A clausal complement of an earlier verb that starts right after cue
    /// `w` (or after its "that"), when `w` has no complement of its own:
    /// the greedy parser hung it on the wrong verb ("refused to pay an
    /// architect who said | he was stiffed").
    pub(super) fn clause_right_after(&self, w: usize) -> Option<usize> {
        if !self.is_cue(w)
            || self.children[w]
                .iter()
                .any(|&k| matches!(self.syn.deprel[k], "ccomp" | "xcomp" | "obj"))
        {
            return None;
        }
        let s = self.sent_of[w];
        let sent = self.doc.sentences[s].tokens.clone();
        (w + 1..sent.end.min(w + 4)).find(|&c| {
            self.syn.deprel[c] == "ccomp" && self.syn.head[c].is_some_and(|h| h < w) && self.run_of[c].is_none() && {
                let start = self.subtree(c, &[]).0;
                start == w + 1 || (start == w + 2 && lower(self.text(w + 1)) == "that")
            }
        })
    }
}
