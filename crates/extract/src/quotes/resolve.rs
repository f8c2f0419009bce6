//! Who a source mention is: the speaker's kind and name, resolved within
//! the document (fullest name with the same surname; pronouns to the
//! latest person; role nouns to a name that carried the title; "it" and
//! "which" to a body).

use super::*;

/// Tokens a source mention reaches at most on either side of its head.
const MAX_SOURCE_TOKENS: usize = 60;

/// A party and state label after a politician's name ("D-Ill.", "R-Ky",
/// "I-Vt."): it says who the person is, but it is no name.
fn is_party_label(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3 && matches!(b[0], b'D' | b'R' | b'I') && b[1] == b'-' && b[2].is_ascii_uppercase()
}

/// A plural noun for people ("sources", "officials", "attorneys"): one of
/// [`UNNAMED_WORDS`] that names people, or a role noun's plural.
fn is_people_plural(lower: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "officials",
        "sources",
        "analysts",
        "experts",
        "critics",
        "observers",
        "residents",
        "witnesses",
        "diplomats",
        "lawmakers",
        "insiders",
        "aides",
        "investigators",
        "researchers",
        "scientists",
        "economists",
        "activists",
        "supporters",
        "opponents",
        "advocates",
    ];
    PEOPLE.contains(&lower)
        || lower
            .strip_suffix('s')
            .is_some_and(|one| one.len() > 2 && ROLE_NOUNS.contains(&one) && !matches!(one, "man" | "woman"))
}

impl<'a> View<'a> {
    /// Proper-noun runs, with the titles before them split off.
    pub(super) fn name_mentions(&self) -> Vec<NameMention> {
        let mut out = Vec::new();
        let n = self.doc.tokens.len();
        let mut i = 0;
        while i < n {
            if self.syn.upos[i] != "PROPN" {
                i += 1;
                continue;
            }
            let start = i;
            // A hyphen with no space on either side joins two names into
            // one: "Dina Temple-Raston".
            let joining_hyphen = |i: usize| {
                matches!(self.text(i), "-" | "‐")
                    && i > start
                    && i + 1 < n
                    && self.syn.upos[i + 1] == "PROPN"
                    && self.doc.tokens[i - 1].span.end == self.doc.tokens[i].span.start
                    && self.doc.tokens[i].span.end == self.doc.tokens[i + 1].span.start
            };
            while i < n
                && (self.syn.upos[i] == "PROPN"
                    || joining_hyphen(i)
                    || (matches!(self.text(i), "De" | "de" | "van" | "von" | "bin" | "al")
                        && i + 1 < n
                        && self.syn.upos[i + 1] == "PROPN"))
                && self.sent_of[i] == self.sent_of[start]
            {
                i += 1;
            }
            let end = i - 1;
            // The name starts after the last title word in the run:
            // "Transport Minister Alan Reyes" → "Alan Reyes".
            let mut titles: Vec<String> = Vec::new();
            let mut first = start;
            if let Some(last_title) = (start..end)
                .rev()
                .find(|&t| TITLE_WORDS.contains(&lower(self.text(t)).as_ref()))
            {
                titles.extend((start..=last_title).map(|t| lower(self.text(t)).into_owned()));
                first = last_title + 1;
            }
            // Role words just before the run: "ministry spokesperson Lin Jian".
            let mut k = start;
            while k > 0 && start - k < 4 && self.sent_of[k - 1] == self.sent_of[start] {
                let w = lower(self.text(k - 1));
                if matches!(self.syn.upos[k - 1], "NOUN" | "ADJ" | "PROPN")
                    && (TITLE_WORDS.contains(&w.as_ref())
                        || ROLE_NOUNS.contains(&w.as_ref())
                        || INSTITUTION_WORDS.contains(&w.as_ref()))
                {
                    titles.push(w.into_owned());
                    k -= 1;
                } else {
                    break;
                }
            }
            let name = self
                .doc
                .slice(self.span(first, end))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push(NameMention {
                first,
                last: end,
                name,
                titles,
            });
        }
        out
    }

    /// The fullest name in the document that ends with the same word as the
    /// mention containing token `i`.
    pub(super) fn fullest_name(&self, i: usize) -> Option<String> {
        let m = self.name_at(i)?;
        let o = self.fullest_by_last_word.get(self.text(m.last))?;
        Some(self.names[*o].name.clone())
    }

    /// The noun a relative pronoun subject stands for: "who" in "Don
    /// Fowler, who … said" is Don Fowler.
    pub(super) fn relative_antecedent(&self, head: usize) -> Option<usize> {
        if self.syn.upos[head] != "PRON"
            || !matches!(lower(self.text(head)).as_ref(), "who" | "which" | "that")
            || !self.syn.deprel[head].starts_with("nsubj")
        {
            return None;
        }
        let mut clause = self.syn.head[head];
        for _ in 0..3 {
            let Some(c) = clause else { break };
            if self.syn.deprel[c] == "acl:relcl" {
                let antecedent = self.syn.head[c]?;
                if antecedent >= head || self.syn.upos[antecedent] == "PRON" {
                    return None;
                }
                return Some(self.person_above(antecedent, head).unwrap_or(antecedent));
            }
            clause = self.syn.head[c];
        }
        // A clause the parser coordinated instead ("the rise of Donald
        // Trump, who had talked about …"): the noun before the comma, when
        // it can be what the pronoun stands for ("who" for a person, not
        // a place; "which" for anything but a person).
        let mut noun = head.checked_sub(2)?;
        // Up from a noun that only modifies another: "Democrats on |
        // Capitol Hill, who".
        while let Some(h) = self.syn.head[noun].filter(|&h| h < noun && self.syn.deprel[noun] == "nmod") {
            noun = h;
        }
        let fits = match self.entity_type_at(noun) {
            Some(EntityType::Person) => lower(self.text(head)) == "who",
            Some(EntityType::Org | EntityType::Norp) | None => true,
            Some(_) => lower(self.text(head)) != "who",
        };
        (self.text(head - 1) == ","
            && self.sent_of[noun] == self.sent_of[head]
            && matches!(self.syn.upos[noun], "PROPN" | "NOUN")
            && fits)
            .then(|| self.person_above(noun, head).unwrap_or(noun))
    }

    /// For "who" (`pronoun`) hung on what describes a person rather than on
    /// the person: the nearest person named before it with no verb between,
    /// which the description is in apposition to however the parser joined
    /// them ("Mike Rogers, R-Mich., who", "Eliot Engel, the top Democrat on
    /// the committee, who").
    pub(super) fn person_above(&self, antecedent: usize, pronoun: usize) -> Option<usize> {
        // A plural stands for others ("Trump's supporters, who").
        if lower(self.text(pronoun)) != "who"
            || self.entity_type_at(antecedent) == Some(EntityType::Person)
            || matches!(self.syn.xpos[antecedent], "NNS" | "NNPS")
        {
            return None;
        }
        let first = self.doc.sentences[self.sent_of[pronoun]].tokens.start;
        let person = (first.max(pronoun.saturating_sub(15))..pronoun)
            .rev()
            .take_while(|&k| !matches!(self.syn.upos[k], "VERB" | "AUX"))
            .find(|&k| self.entity_type_at(k) == Some(EntityType::Person))?;
        // The description follows the name, or is a title before it ("Rep.
        // Tom Reyes, R-Mich., who" hung on "Rep."); not "the wife of John
        // Smith, who".
        (person < antecedent || self.syn.upos[antecedent] == "PROPN").then_some(person)
    }

    /// The type of the entity whose mention covers token `t`, if any.
    pub(super) fn entity_type_at(&self, t: usize) -> Option<EntityType> {
        let span = self.doc.tokens[t].span;
        self.doc
            .entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.span.contains(span)))
            .map(|e| e.etype)
    }

    pub(super) fn make_speaker(&self, head: usize, cue: usize, done: &[(usize, Quote)]) -> Speaker {
        // The local mention keeps its appositive, as PolNeAR marks it:
        // "Daryl Kimball, executive director of the association".
        let skip = ["parataxis", "advcl", "dep", "obl:tmod", "nmod:tmod", "obl:unmarked"];
        // Coordination is left out only at the head ("Mr. Grassley and Mr.
        // Leahy" is seen to below); deeper down it is part of what
        // describes the source: "Paul Rieckhoff, founder and CEO of …"
        // (PolNeAR source F1 +0.5 on train and on dev).
        let coordination = ["cc", "conj"];
        let (mut a, mut b) = self.subtree_skipping_at_head(head, &coordination, &skip);
        // A source is a name or a description, never hundreds of tokens; a
        // sentence without boundaries can hang thousands on its subject,
        // and every search below walks the span.
        a = a.max(head.saturating_sub(MAX_SOURCE_TOKENS));
        b = b.min(head + MAX_SOURCE_TOKENS);
        // Coordinated names are one source: "Mr. Grassley and Mr. Leahy".
        // After an appositive, a coordinated noun the parser gave the head
        // is the appositive's: "said Paul Rieckhoff, founder | and CEO of …".
        let kids = &self.children[head];
        for &c in kids.iter().filter(|&&c| c > head && self.syn.deprel[c] == "conj") {
            let before_cue = c < cue && matches!(self.syn.upos[c], "PROPN" | "NOUN");
            let after_appositive = || {
                self.syn.upos[c] == "NOUN" && kids.iter().any(|&k| k > head && k < c && self.syn.deprel[k] == "appos")
            };
            if before_cue || after_appositive() {
                b = b.max(self.subtree_skipping_at_head(c, &coordination, &skip).1);
            }
        }
        // A time the parser hung on the source belongs to the cue's clause:
        // "The Times on Saturday", "Wells Fargo just this month".
        if let Some(t) = (head + 1..=b).find(|&t| {
            let w = self.text(t);
            is_date_word(w)
                || matches!(
                    lower(w).as_ref(),
                    "yesterday" | "today" | "tonight" | "week" | "month" | "year"
                )
        }) {
            let mut cut = t;
            while cut > head + 1
                && matches!(
                    lower(self.text(cut - 1)).as_ref(),
                    "on" | "last" | "this" | "next" | "early" | "late" | "just" | "earlier" | "later"
                )
            {
                cut -= 1;
            }
            if (cut..=b).all(|k| {
                self.syn.head[k].is_some_and(|h| h >= cut && h <= b) || self.syn.head[k] == Some(head) || k == t
            }) {
                b = cut - 1;
            }
        }
        // A modifier set off by commas that is neither an appositive nor a
        // relative clause belongs to the clause, not to the mention:
        // "Trump, speaking to a veterans group, said", "Clinton, like
        // Obama, has", "Reid, in particular, has" (PolNeAR source F1 +0.1
        // on train and on dev; other prepositional phrases than these are
        // more often the mention's own: "Sen. Mark Warner, of Virginia,").
        if let Some(first) = self.children[head]
            .iter()
            .filter(|&&c| c > head && c <= b)
            .map(|&c| (c, self.subtree(c, &["punct"]).0))
            .find(|&(c, first)| {
                let rel = self.syn.deprel[c];
                first > head + 1
                    && self.text(first - 1) == ","
                    && (matches!(rel, "advmod" | "advcl" | "obl" | "acl")
                        || (rel == "nmod"
                            && matches!(lower(self.text(first)).as_ref(), "like" | "unlike" | "at" | "in")))
            })
            .map(|(_, first)| first)
        {
            // Before the aside's opening comma.
            b = first - 2;
        }
        // Never run into the cue or a quotation.
        if head < cue && b >= cue {
            b = cue - 1;
        }
        if let Some(q) = (a..=b).find(|&t| t > head && self.run_of[t].is_some()) {
            b = q - 1;
        }
        let (a0, b0) = self.trim(a, b, false).unwrap_or((head, head));
        a = a0;
        b = b0;
        // Nothing before the mention itself: a dateline ("WASHINGTON --"),
        // a fronted clause the parser hung on it ("Based on …, Sanders"),
        // the preposition of an agent ("by Congress") or a focus word
        // ("Even China", "Both Mr. King and Mr. Schultz").
        if let Some(k) = (a..head).rev().find(|&k| {
            matches!(self.text(k), "--" | "—" | "―" | "–")
                || (self.text(k) == "," && (a..k).any(|t| self.syn.upos[t] == "VERB"))
        }) {
            a = k + 1;
        }
        // A quantifier's modifier stays ("Only 52 percent of voters",
        // "Nearly eight of 10", "Both Mr. Grassley and Mr. Leahy"): in
        // PolNeAR train these words open the source 140 times and precede
        // it 17 times, where "even" precedes it 28 times to 8.
        while a < head
            && (self.is_punct(a)
                || (!matches!(
                    lower(self.text(a)).as_ref(),
                    "only"
                        | "nearly"
                        | "not"
                        | "almost"
                        | "about"
                        | "more"
                        | "most"
                        | "roughly"
                        | "approximately"
                        | "fewer"
                        | "less"
                        | "both"
                        | "either"
                        | "neither"
                ) && (self.syn.upos[a] == "ADP"
                    // "According | to the Bureau of Labor Statistics".
                    || matches!(self.syn.deprel[a], "advmod" | "cc:preconj" | "cc" | "case"))))
        {
            a += 1;
        }
        // "Rendell, a Clinton surrogate, said": the closing comma of the
        // appositive belongs to the mention.
        if b + 1 < cue && self.text(b + 1) == "," && (a..=b).any(|t| self.text(t) == ",") {
            b += 1;
        }
        // Extend left over a possessor or name the parser split off:
        // "China ’s | Foreign Ministry". A pronoun never takes a name.
        let pronoun = self.syn.upos[head] == "PRON";
        while !pronoun && a > 0 {
            if a >= 2
                && matches!(self.text(a - 1), "’s" | "'s")
                && self.syn.upos[a - 2] == "PROPN"
                && self.run_of[a - 2].is_none()
            {
                a -= 2;
            } else if a >= 1
                && self.syn.upos[a - 1] == "PROPN"
                && self.run_of[a - 1].is_none()
                && self.sent_of[a - 1] == self.sent_of[a]
            {
                a -= 1;
            } else {
                break;
            }
        }
        // The parser sometimes splits a title from its name and gives the
        // verb two subjects ("Republican nominee | Donald Trump", "IMF
        // chief economist | Maury Obstfeld"), or hangs a number on the verb
        // ("Twelve | percent"): a sibling that ends right before the
        // mention is part of it.
        if let (false, Some(parent)) = (pronoun, self.syn.head[head]) {
            while let Some(start) = (0..a).rev().take(8).find_map(|s| {
                let sibling = self.syn.head[s] == Some(parent)
                    && (matches!(self.syn.deprel[s], "nsubj" | "nsubj:pass" | "obl:unmarked")
                        || self.syn.upos[s] == "NUM")
                    && matches!(self.syn.upos[s], "NOUN" | "PROPN" | "NUM");
                sibling
                    .then(|| self.subtree(s, &["punct"]))
                    .filter(|&(_, e)| e + 1 == a)
                    .map(|(st, _)| st)
            }) {
                a = start;
            }
        }
        while b + 1 < cue && self.run_of[b + 1].is_none() {
            let next_is_name = self.syn.upos[b + 1] == "PROPN";
            let possessive_then_name =
                matches!(self.text(b + 1), "’s" | "'s") && b + 2 < cue && self.syn.upos[b + 2] == "PROPN";
            if !(next_is_name || possessive_then_name) {
                break;
            }
            b += 1;
        }
        if head > cue {
            b = self.inverted_source_end(b);
        }
        let span = self.span(a, b);
        let words: Vec<String> = (a..=b).map(|t| lower(self.text(t)).into_owned()).collect();
        let head_text = self.text(head);
        let head_lower = lower(head_text);
        let upos = self.syn.upos[head];
        let anonymous = self
            .anonymous_sentences
            .get(self.sent_of[cue])
            .copied()
            .unwrap_or(false);
        let institution = words.iter().any(|w| INSTITUTION_WORDS.contains(&w.as_str()))
            || GOVERNMENT_METONYMS.contains(&head_text)
            || (head_lower == "it" && upos == "PRON");
        let (kind, resolution, name) = if let Some(antecedent) = self.relative_antecedent(head) {
            // "Don Fowler, who … said": the local mention stays "who", as
            // PolNeAR marks it; who it is comes from the noun it modifies.
            let of = self.make_speaker(antecedent, cue, done);
            let resolution = if of.name.is_some() {
                Resolution::Pronoun
            } else {
                Resolution::None
            };
            // "which" stands for a thing or a body, never a person; what
            // names no one stays unnamed.
            let kind = if of.name.is_none() && of.kind != SourceKind::Anonymous {
                SourceKind::Unnamed
            } else if head_lower != "who" && of.kind == SourceKind::Person {
                SourceKind::Institution
            } else {
                of.kind
            };
            (kind, resolution, of.name)
        } else if upos == "PRON" {
            if PERSON_PRONOUNS.contains(&head_lower.as_ref()) && !matches!(head_lower.as_ref(), "they" | "we") {
                let name = self.previous_person(cue, done, pronoun_gender(&head_lower));
                let res = if name.is_some() {
                    Resolution::Pronoun
                } else {
                    Resolution::None
                };
                (SourceKind::Person, res, name)
            } else if institution {
                let pos = self.doc.tokens[cue].span.start;
                let name = self
                    .recent(done)
                    .1
                    .iter()
                    .filter_map(|(_, q)| {
                        q.speaker
                            .as_ref()
                            .filter(|s| s.span.end <= pos && s.kind == SourceKind::Institution)
                    })
                    // An unresolved "they" or "which" names no body for "it".
                    .filter(|s| {
                        s.name.is_some()
                            || !matches!(
                                lower(self.doc.slice(s.span)).as_ref(),
                                "it" | "they" | "which" | "that" | "who" | "its" | "their" | "we"
                            )
                    })
                    .max_by_key(|s| s.span.start)
                    .and_then(|s| s.name.clone().or_else(|| Some(self.doc.slice(s.span).to_string())))
                    .or_else(|| self.previous_institution_subject(cue));
                let res = if name.is_some() {
                    Resolution::Pronoun
                } else {
                    Resolution::None
                };
                (SourceKind::Institution, res, name)
            } else {
                (SourceKind::Unnamed, Resolution::None, None)
            }
        } else if let Some(last_name) = (a..=b)
            .rev()
            .filter(|&t| {
                self.syn.upos[t] == "PROPN"
                    && !INSTITUTION_WORDS.contains(&lower(self.text(t)).as_ref())
                    && !TITLE_WORDS.contains(&lower(self.text(t)).as_ref())
                    && !is_party_label(self.text(t))
                    // "R-Texas" written as three tokens.
                    && !self.name_at(t).is_some_and(|m| is_party_label(&m.name))
            })
            // The last name with no role after it in its phrase, where a
            // role or title describes someone ("spokesman John Kirby",
            // "Arthur Brooks, the event's keynote speaker"): a role right
            // after the name makes it a body's ("a former IRS official", "a
            // Trump campaign adviser"), and the name before an appositive
            // is the person's ("Sen. Mitt Romney, the GOP's nominee").
            .find(|&name| {
                words
                    .iter()
                    .any(|w| ROLE_NOUNS.contains(&w.as_str()) || TITLE_WORDS.contains(&w.as_str()))
                    && !words[name - a..]
                        .iter()
                        .take_while(|w| !matches!(w.as_str(), "," | "(" | "—" | "--"))
                        .any(|w| ROLE_NOUNS.contains(&w.as_str()))
            })
            .filter(|&name| {
                // A title right before the name makes it a person's, whatever
                // body heads the phrase in the parse ("House science
                // committee Chairman Lamar Smith, R-Texas,").
                let titled = self.name_at(name).is_some_and(|m| {
                    m.first >= 1
                        && TITLE_WORDS.contains(&lower(self.text(m.first - 1)).as_ref())
                        && !m
                            .name
                            .split(' ')
                            .any(|w| INSTITUTION_WORDS.contains(&lower(w).as_ref()))
                });
                titled
                    || (!GOVERNMENT_METONYMS.contains(&head_text)
                        && !INSTITUTION_WORDS.contains(&head_lower.as_ref())
                        && !INSTITUTION_WORDS.contains(&lower(self.text(b)).as_ref()))
            })
        {
            let name = self.fullest_name(last_name);
            (SourceKind::Person, Resolution::Explicit, name)
        } else if upos == "PROPN" {
            let name = self
                .fullest_name(head)
                .or_else(|| Some(self.doc.slice(span).to_string()));
            // A person's name stays a person's whatever bodies its
            // appositive names ("Adam Schiff, the ranking member of the
            // House Intelligence Committee, who said"), and so does a
            // first name and surname after a body's possessive, whatever
            // type the recogniser gave it ("Operation Homefront's Jim
            // Knotts", "the Transportation Department's Steve Faulkner").
            let owned_person = || {
                let Some(m) = self.name_at(head) else {
                    return false;
                };
                m.first >= 1
                    && matches!(self.text(m.first - 1), "’s" | "'s")
                    && m.name.contains(' ')
                    && name_gender(&m.name).is_some()
            };
            if owned_person() {
                let m = self.name_at(head);
                (
                    SourceKind::Person,
                    Resolution::Explicit,
                    m.map(|m| m.name.clone()).or(name),
                )
            } else if institution && self.entity_type_at(head) != Some(EntityType::Person) {
                // The name, not the clause or appositive after it:
                // "Beijing | , which has engaged in some diplomatic efforts".
                let end = (head + 1..=b)
                    .find(|&t| matches!(self.text(t), "," | "(" | "—" | "--"))
                    .map_or(b, |t| t - 1);
                (
                    SourceKind::Institution,
                    Resolution::Explicit,
                    // Without the article: "The New York Times" is the
                    // Times' name either way, and the name is compared word
                    // for word.
                    Some(
                        self.doc
                            .slice(self.span(
                                if a < end && matches!(lower(self.text(a)).as_ref(), "the" | "a" | "an") {
                                    a + 1
                                } else {
                                    a
                                },
                                end,
                            ))
                            .to_string(),
                    ),
                )
            } else {
                (SourceKind::Person, Resolution::Explicit, name)
            }
        } else if self.syn.xpos[head] == "NNS" && is_people_plural(&head_lower) {
            // People a body speaks through are no body, and no one named:
            // "Free Syrian Army sources", "Justice Department attorneys",
            // "multiple White House friendly sources".
            let kind = if matches!(head_lower.as_ref(), "sources" | "insiders") {
                SourceKind::Anonymous
            } else {
                SourceKind::Unnamed
            };
            (kind, Resolution::None, None)
        } else if let Some(author) = self.document_author(head, a, b) {
            // A document speaks for whoever made it: "a Gallup poll", "a
            // report by FamiliesUSA", "the latest Bloomberg numbers".
            (SourceKind::Institution, Resolution::Explicit, Some(author))
        } else if anonymous {
            (SourceKind::Anonymous, Resolution::None, None)
        } else if institution {
            let name = self.previous_institution(&words, cue);
            let res = if name.is_some() {
                Resolution::Nominal
            } else {
                Resolution::None
            };
            (SourceKind::Institution, res, name)
        } else if ROLE_NOUNS.contains(&head_lower.as_ref()) && !head_text.ends_with('s') {
            let name = self.person_by_role(&words, cue);
            let res = if name.is_some() {
                Resolution::Nominal
            } else {
                Resolution::None
            };
            (SourceKind::Person, res, name)
        } else {
            (SourceKind::Unnamed, Resolution::None, None)
        };
        let kind = if anonymous && kind != SourceKind::Person {
            SourceKind::Anonymous
        } else {
            kind
        };
        Speaker {
            span,
            entity: None,
            name,
            kind,
            resolution,
        }
    }

    /// The maker of a document source ("a survey from Rasmussen"): the
    /// name inside the mention `a..=b` whose head is a document noun,
    /// either modifying it ("a Gallup poll") or after "from", "by" or "of".
    pub(super) fn document_author(&self, head: usize, a: usize, b: usize) -> Option<String> {
        if !DOCUMENT_WORDS.contains(&lower(self.text(head)).as_ref()) || matches!(self.syn.upos[head], "PROPN" | "PRON")
        {
            return None;
        }
        // The document's own phrase ends at a comma, a dash or a verb: after
        // "According to the poll, only 8% of Republicans …" the name is no
        // author of it.
        let b = (head + 1..=b)
            .find(|&t| {
                matches!(self.text(t), "," | ";" | "(" | "—" | "--" | ":") || matches!(self.syn.upos[t], "VERB" | "AUX")
            })
            .map_or(b, |t| t - 1);
        let name = (a..=b).find(|&t| {
            t != head
                && self.syn.upos[t] == "PROPN"
                && self.run_of[t].is_none()
                && !TITLE_WORDS.contains(&lower(self.text(t)).as_ref())
                && !is_party_label(self.text(t))
                && (t < head
                    || (t > a
                        && (a..t)
                            .rev()
                            .take(3)
                            .any(|k| matches!(lower(self.text(k)).as_ref(), "from" | "by" | "of"))))
        })?;
        // The whole name: its run of proper nouns, and capitalised words the
        // tagger took for common nouns ("Families USA").
        let capitalised = |t: usize| self.text(t).chars().next().is_some_and(char::is_uppercase);
        let mut s = name;
        while s > a && (self.syn.upos[s - 1] == "PROPN" || (self.syn.upos[s - 1] == "NOUN" && capitalised(s - 1))) {
            s -= 1;
        }
        let mut e = name;
        while e < b && self.syn.upos[e + 1] == "PROPN" && e + 1 != head {
            e += 1;
        }
        if s < name && self.syn.upos[s] != "PROPN" {
            // A name the tagger split ("Families | USA") is the words as written.
            return Some(self.doc.slice(self.span(s, e)).to_string());
        }
        self.fullest_name(name)
            .or_else(|| Some(self.doc.slice(self.span(s, e)).to_string()))
    }

    /// The latest person speaker named before token `before`.
    pub(super) fn previous_person(
        &self,
        before: usize,
        done: &[(usize, Quote)],
        gender: Option<Gender>,
    ) -> Option<String> {
        let pos = self.doc.tokens[before].span.start;
        // "she" never goes to a known man, nor "he" to a known woman.
        let agrees = |name: &str| gender.is_none() || self.gender_of(name).is_none_or(|g| Some(g) == gender);
        let from_quotes = self
            .recent(done)
            .1
            .iter()
            .filter_map(|(_, q)| q.speaker.as_ref().filter(|s| s.span.end <= pos))
            .filter(|s| s.kind == SourceKind::Person && s.name.as_deref().is_some_and(agrees))
            .max_by_key(|s| s.span.start)
            .map(|s| (s.span.start, s.name.clone().unwrap()));
        // A person named in the previous sentences, as a fallback.
        let sent = self.sent_of[before];
        // Only names ending before `before` and at most two sentences back.
        let from = self.doc.sentences[sent.saturating_sub(2)].tokens.start;
        let (lo, hi) = (
            self.names.partition_point(|m| m.last < from),
            self.names.partition_point(|m| m.last < before),
        );
        let from_text = self.names[lo..hi.max(lo)]
            .iter()
            .filter(|m| {
                m.last < before && sent - self.sent_of[m.last] <= 2 && !GOVERNMENT_METONYMS.contains(&m.name.as_str())
            })
            .filter(|m| self.run_of[m.last].is_none())
            .filter(|m| !m.titles.iter().any(|t| INSTITUTION_WORDS.contains(&t.as_str())) || m.name.contains(' '))
            .filter(|m| {
                !m.name
                    .split(' ')
                    .any(|w| INSTITUTION_WORDS.contains(&lower(w).as_ref()))
            })
            .filter(|m| {
                self.syn.deprel[m.first] != "compound"
                    && (m.name.contains(' ')
                        || !m.titles.is_empty()
                        || self.fullest_name(m.first).is_some_and(|f| f.contains(' ')))
            })
            .map(|m| {
                (
                    m.last,
                    self.doc.tokens[m.first].span.start,
                    self.fullest_name(m.first).unwrap_or(m.name.clone()),
                    m.titles.iter().find_map(|t| honorific_gender(t)),
                )
            })
            .filter(|(_, _, name, titled)| match (gender, titled) {
                (Some(g), Some(t)) => g == *t,
                _ => agrees(name),
            })
            .max_by_key(|(last, ..)| *last)
            .map(|(_, start, name, _)| (start, name));
        match (from_quotes, from_text) {
            (Some(q), Some(t)) => Some(if q.0 >= t.0 { q.1 } else { t.1 }),
            (Some(q), None) => Some(q.1),
            (None, Some(t)) => Some(t.1),
            (None, None) => None,
        }
    }

    /// The gender of a person's name: its honorific or first name
    /// ([`name_gender`]), else what the document says of the person
    /// ([`View::document_genders`]): of that very name, or, for a surname
    /// alone, of everyone the document names with it.
    pub(super) fn gender_of(&self, name: &str) -> Option<Gender> {
        name_gender(name)
            .or_else(|| self.gender_by_name.get(name).copied())
            .or_else(|| {
                (!name.contains(' '))
                    .then(|| self.gender_by_surname.get(name).copied())
                    .flatten()
            })
    }

    /// The gender the document gives each person, by the name as written
    /// and by its last word: honorifics and gendered role words before a
    /// mention ("Mrs. Temple", "Congresswoman Jane Doe"), a first name the
    /// name list knows ("Ava DuVernay"), and the pronoun that follows a
    /// name as subject ("Baquet said his …"). A name the evidence gives
    /// both genders (two Clintons for "Clinton") gets none.
    pub(super) fn document_genders(&self) -> (HashMap<String, Gender>, HashMap<String, Gender>) {
        let mut by_name: HashMap<&str, (u32, u32)> = HashMap::new();
        let mut by_surname: HashMap<&str, (u32, u32)> = HashMap::new();
        let n = self.doc.tokens.len();
        for (i, m) in self.names.iter().enumerate() {
            let mut evidence: Vec<(Gender, u32)> = Vec::new();
            if let Some(g) = m
                .titles
                .iter()
                .find_map(|t| honorific_gender(t).or_else(|| role_gender(t)))
            {
                evidence.push((g, 3));
            }
            if m.name.contains(' ') {
                if let Some(g) = name_gender(&m.name) {
                    evidence.push((g, 2));
                }
            }
            // A subject name and the first pronoun after it in its
            // sentence, with no other name or quotation between.
            if self.syn.deprel[m.last].starts_with("nsubj") && self.run_of[m.last].is_none() {
                let sentence_end = self.doc.sentences[self.sent_of[m.last]].tokens.end.min(n);
                let next_name = self.names.get(i + 1).map_or(n, |x| x.first);
                let pronoun = (m.last + 1..sentence_end.min(next_name).min(m.last + 10))
                    .take_while(|&t| self.run_of[t].is_none() && self.syn.upos[t] != "PROPN")
                    .find_map(|t| (self.syn.upos[t] == "PRON").then(|| pronoun_gender(&lower(self.text(t)))))
                    .flatten();
                if let Some(g) = pronoun {
                    evidence.push((g, 1));
                }
            }
            let last = self.doc.token_text(m.last);
            for (g, weight) in evidence {
                for v in [
                    by_name.entry(m.name.as_str()).or_default(),
                    by_surname.entry(last).or_default(),
                ] {
                    match g {
                        Gender::Male => v.0 += weight,
                        Gender::Female => v.1 += weight,
                    }
                }
            }
        }
        let decide = |votes: HashMap<&str, (u32, u32)>| -> HashMap<String, Gender> {
            votes
                .into_iter()
                .filter_map(|(key, votes)| match votes {
                    (0, 0) => None,
                    (_, 0) => Some((key.to_string(), Gender::Male)),
                    (0, _) => Some((key.to_string(), Gender::Female)),
                    _ => None,
                })
                .collect()
        };
        (decide(by_name), decide(by_surname))
    }

    /// A name carrying the role words of a nominal source ("the foreign
    /// minister" → "Foreign Minister Andrii Sybiha").
    pub(super) fn person_by_role(&self, words: &[String], before: usize) -> Option<String> {
        let role: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| !matches!(*w, "the" | "a" | "an" | "this" | "that" | "'s" | "’s"))
            .collect();
        self.names
            .iter()
            .filter(|m| m.last < before)
            .map(|m| (role.iter().filter(|w| m.titles.iter().any(|t| t == *w)).count(), m))
            .filter(|(score, m)| *score > 0 && m.titles.iter().any(|t| role.last().is_some_and(|r| t == r)))
            .max_by_key(|(score, m)| (*score, m.last))
            .map(|(_, m)| self.fullest_name(m.first).unwrap_or(m.name.clone()))
    }

    /// The latest named institution matching the nominal's head ("the ministry").
    pub(super) fn previous_institution(&self, words: &[String], before: usize) -> Option<String> {
        let head = words.last()?;
        let pos = self.doc.tokens[before].span.start;
        let text = &self.doc.text[..pos];
        // Find the last capitalised phrase containing the head noun.
        let cap = head.chars().next()?.to_uppercase().collect::<String>() + &head[head.chars().next()?.len_utf8()..];
        let at = text.rfind(&cap)?;
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '.' | ',' | ';' | '\n' | '“' | '"'))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let phrase = text[start..at + cap.len()].trim();
        (phrase.len() > cap.len()).then(|| phrase.to_string())
    }

    /// For "it" as a source: the subject of this or one of the two
    /// sentences before that names a body ("The port authority said …. It
    /// disputed …"), read off the text, since attributions found in an
    /// earlier pass may come later in it.
    pub(super) fn previous_institution_subject(&self, cue: usize) -> Option<String> {
        let sent = self.sent_of[cue];
        let first = self.doc.sentences[sent.saturating_sub(2)].tokens.start;
        (first..cue)
            .rev()
            .filter(|&t| self.syn.deprel[t].starts_with("nsubj") && self.run_of[t].is_none())
            .find(|&t| {
                INSTITUTION_WORDS.contains(&lower(&self.syn.lemma[t]).as_ref())
                    || self.entity_type_at(t) == Some(EntityType::Org)
            })
            .and_then(|t| {
                let (a, b) = self.subtree(t, &["punct", "acl:relcl", "acl", "appos"]);
                let (a, b) = self.trim(a, b, false)?;
                Some(self.doc.slice(self.span(a, b)).to_string())
            })
    }
}
