//! dossier's event stage: political events — who did what to whom — coded
//! in PLOVER, precision first.
//!
//! A verb whose lemma is in the [`EventDictionary`] (one hash lookup per
//! verb; every other token is passed over) is an event trigger when its
//! pattern matches (a preposition, an object noun). Its CAMEO code (from a
//! subset of the PETRARCH-2 verb dictionary, `data/verbs.tsv`) gives the
//! PLOVER type, mode and context through the CAMEO→PLOVER table
//! (`data/cameo2plover.tsv`). The actor is the verb's subject (the `by`
//! agent of a passive), the target its object; both must resolve through
//! the document's entities (a name, a pronoun or a nationality word) to be
//! reported, and take a PLOVER sector from the role noun the text gives
//! ("troops" MIL, "ministry" GOV, "citizens" CVL, "rebels" REB).
//!
//! An event the text does not say happened is kept but marked: `negated`
//! ("did not", "never", "stopped short of", "refused to") or `hedged`
//! (a modal, "threatened to", "plans to", a purpose or a condition, a
//! question). An event inside an attribution's content is `attributed_to`
//! that attribution.
//!
//! ## PLOVER / CAMEO → ACLED
//!
//! ACLED categories are given only where the event is clearly one
//! ([`acled_category`]):
//!
//! | PLOVER (mode)                               | ACLED event type / sub-event type                     |
//! |---------------------------------------------|-------------------------------------------------------|
//! | ASSAULT, military actor (CAMEO 190–196)     | Battles / Armed clash                                 |
//! | ASSAULT, aerial weapons (CAMEO 195)         | Explosions/Remote violence / Air/drone strike         |
//! | ASSAULT abduct by a military or police actor| Strategic developments / Arrests (people taken prisoner) |
//! | ASSAULT abduct, other actors                | Violence against civilians / Abduction/forced disappearance |
//! | ASSAULT, civilian target                    | Violence against civilians / Attack                   |
//! | COERCE arrest                               | Strategic developments / Arrests                      |
//! | COERCE seize (CAMEO 171)                    | Strategic developments / Looting/property destruction |
//! | COERCE seize, military (CAMEO 192)          | Strategic developments / Non-violent transfer of territory |
//! | PROTEST demo / PROTEST (CAMEO 140, 141)     | Protests / Peaceful protest                           |
//! | PROTEST riot                                | Riots / Violent demonstration                         |
//! | AGREE (CAMEO 057 signing)                   | Strategic developments / Agreement                    |
//! | anything else                               | none                                                  |
//!
//! A capture of people by a military actor is ASSAULT 'abduct' (CAMEO
//! 181), as the PLOVER manual codes combatants captured during conflict;
//! by anyone else it stays COERCE 'arrest' (CAMEO 173).
#![deny(missing_docs)]

use rustc_hash::FxHashMap;
use text::{Doc, EntityType, Event, EventActor, MentionKind, Span};

/// The shipped verb patterns (see the file's header).
pub static VERBS: &str = include_str!("../data/verbs.tsv");
/// The shipped CAMEO → PLOVER table.
pub static CAMEO2PLOVER: &str = include_str!("../data/cameo2plover.tsv");

/// Errors reading the dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of a data file is not what its format says.
    #[error("{file} line {line}: {message}")]
    Format {
        /// Which file.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// When a verb's pattern applies.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// Any use of the verb.
    Any,
    /// With a complement introduced by this preposition.
    Prep(&'static str),
    /// When the object's head noun is one of these lemmas.
    Object(Vec<&'static str>),
}

#[derive(Debug, Clone)]
struct VerbPattern {
    pattern: Pattern,
    cameo: &'static str,
}

/// A PLOVER coding of a CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plover {
    /// Event type.
    pub event_type: &'static str,
    /// Mode.
    pub mode: Option<&'static str>,
    /// Context.
    pub context: Option<&'static str>,
}

/// The verb patterns and the CAMEO → PLOVER table, read once.
#[derive(Debug, Clone, Default)]
pub struct EventDictionary {
    verbs: FxHashMap<&'static str, Vec<VerbPattern>>,
    plover: FxHashMap<&'static str, Plover>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        // A comment runs from '#' to the end of the line.
        let line = line.split('#').next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            return None;
        }
        Some((i + 1, line.split('\t').map(str::trim).collect()))
    })
}

impl EventDictionary {
    /// The dictionaries the crate ships.
    pub fn shipped() -> Result<EventDictionary, Error> {
        EventDictionary::from_tsv(VERBS, CAMEO2PLOVER)
    }

    /// Dictionaries from the text of a verbs file and a CAMEO → PLOVER file.
    pub fn from_tsv(verbs: &'static str, cameo2plover: &'static str) -> Result<EventDictionary, Error> {
        let mut dict = EventDictionary::default();
        for (line, cols) in data_lines(cameo2plover) {
            let [code, event_type, mode, context] = cols[..] else {
                return Err(Error::Format {
                    file: "cameo2plover.tsv",
                    line,
                    message: "expected 4 columns".into(),
                });
            };
            let opt = |s: &'static str| (s != "-" && !s.is_empty()).then_some(s);
            dict.plover.insert(
                code,
                Plover {
                    event_type,
                    mode: opt(mode),
                    context: opt(context),
                },
            );
        }
        for (line, cols) in data_lines(verbs) {
            let (Some(&lemma), Some(&pattern), Some(&cameo)) = (cols.first(), cols.get(1), cols.get(2)) else {
                return Err(Error::Format {
                    file: "verbs.tsv",
                    line,
                    message: "expected lemma, pattern and code".into(),
                });
            };
            let pattern = if pattern == "-" {
                Pattern::Any
            } else if let Some(p) = pattern.strip_prefix("prep:") {
                Pattern::Prep(p)
            } else if let Some(o) = pattern.strip_prefix("obj:") {
                Pattern::Object(o.split('|').collect())
            } else {
                return Err(Error::Format {
                    file: "verbs.tsv",
                    line,
                    message: format!("unknown pattern {pattern}"),
                });
            };
            if dict.plover_of(cameo).is_none() {
                return Err(Error::Format {
                    file: "verbs.tsv",
                    line,
                    message: format!("CAMEO code {cameo} has no PLOVER coding"),
                });
            }
            dict.verbs
                .entry(lemma)
                .or_default()
                .push(VerbPattern { pattern, cameo });
        }
        // Specific patterns are tried before the verb's default.
        for patterns in dict.verbs.values_mut() {
            patterns.sort_by_key(|p| p.pattern == Pattern::Any);
        }
        Ok(dict)
    }

    /// The PLOVER coding of a CAMEO code: its own, or its parent's.
    pub fn plover_of(&self, cameo: &str) -> Option<Plover> {
        let mut code = cameo;
        while code.len() >= 2 {
            if let Some(p) = self.plover.get(code) {
                return Some(*p);
            }
            code = &code[..code.len() - 1];
        }
        None
    }

    /// True when the lemma can trigger an event.
    pub fn is_trigger(&self, lemma: &str) -> bool {
        self.verbs.contains_key(lemma)
    }
}

/// The PLOVER sector a role noun gives (from the agent nouns of
/// ngec/PLOVER_agents.txt and PETRARCH-2's Phoenix.agents.txt, the common
/// ones only).
pub fn sector_of_noun(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "troop" | "troops" | "army" | "military" | "soldier" | "force" | "forces" | "navy" | "marine"
        | "militaryman" | "paratrooper" | "airforce" => "MIL",
        "government" | "ministry" | "minister" | "president" | "official" | "administration" | "cabinet"
        | "spokesperson" | "spokesman" | "spokeswoman" | "diplomat" | "ambassador" | "envoy" | "chargé"
        | "counterpart" | "premier" | "chancellor" | "king" | "governor" | "mayor" | "regime" | "embassy" => "GOV",
        "lawmaker" | "senator" | "parliament" | "legislature" | "congress" | "congressman" | "congresswoman"
        | "legislator" => "LEG",
        "police" | "policeman" | "policemen" | "policewoman" => "COP",
        "citizen" | "civilian" | "national" | "resident" | "villager" | "refugee" => "CVL",
        "rebel" | "insurgent" | "militant" | "guerrilla" | "separatist" | "militia" => "REB",
        "court" | "judge" | "prosecutor" => "JUD",
        "protester" | "demonstrator" | "activist" => "OPP",
        _ => return None,
    })
}

/// The ACLED event type and sub-event type of a PLOVER coding, where one
/// clearly fits (the table in the crate docs).
pub fn acled_category(
    cameo: &str,
    plover: &Plover,
    actor_sector: Option<&str>,
    target_sector: Option<&str>,
) -> Option<(&'static str, &'static str)> {
    let state_force = matches!(actor_sector, Some("MIL" | "COP"));
    Some(match (plover.event_type, plover.mode) {
        ("ASSAULT", Some("abduct")) if state_force => ("Strategic developments", "Arrests"),
        ("ASSAULT", Some("abduct")) => ("Violence against civilians", "Abduction/forced disappearance"),
        ("ASSAULT", _) if cameo.starts_with("195") => ("Explosions/Remote violence", "Air/drone strike"),
        ("ASSAULT", _) if target_sector == Some("CVL") => ("Violence against civilians", "Attack"),
        ("ASSAULT", _) if cameo.starts_with("19") => ("Battles", "Armed clash"),
        ("COERCE", Some("arrest")) => ("Strategic developments", "Arrests"),
        ("COERCE", Some("seize")) if cameo.starts_with("192") => {
            ("Strategic developments", "Non-violent transfer of territory")
        }
        ("COERCE", Some("seize")) => ("Strategic developments", "Looting/property destruction"),
        ("PROTEST", Some("riot")) => ("Riots", "Violent demonstration"),
        ("PROTEST", None | Some("demo")) => ("Protests", "Peaceful protest"),
        ("AGREE" | "SUPPORT", _) if cameo == "057" => ("Strategic developments", "Agreement"),
        _ => return None,
    })
}

const MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "should", "can", "must", "shall", "'ll", "wo", "ca",
];
/// Heads under which an infinitive did not (yet) happen.
const IRREALIS_HEADS: &[&str] = &[
    "threaten", "plan", "intend", "want", "seek", "try", "hope", "expect", "vow", "promise", "consider", "propose",
    "aim", "prepare", "urge", "call", "ask", "demand", "warn", "decide", "agree", "offer", "recruit", "need", "wish",
    "plot", "attempt", "push", "pledge",
];
/// Heads under which the dependent act did not happen.
const NEGATING_HEADS: &[&str] = &["refuse", "decline", "fail", "deny", "avoid", "reject", "halt", "cancel"];
/// Heads under which an infinitive happened ("managed to").
const REALIS_HEADS: &[&str] = &["begin", "start", "continue", "manage", "go"];

/// Per-document lookups, built only when a trigger is found.
struct Context<'a> {
    doc: &'a Doc,
    children: Vec<Vec<usize>>,
    /// The entity (and how it is mentioned) of each token.
    entity_of: Vec<Option<(usize, MentionKind)>>,
}

impl Context<'_> {
    fn syn(&self) -> &text::Syntax {
        self.doc.syntax.as_ref().expect("checked before building the context")
    }

    fn lemma(&self, i: usize) -> &str {
        self.syn().lemma.get(i).map(String::as_str).unwrap_or("")
    }

    fn deprel(&self, i: usize) -> &str {
        self.syn().deprel.get(i).copied().unwrap_or("")
    }

    /// First and last token of the subtree under `i`.
    fn subtree(&self, i: usize) -> (usize, usize) {
        let (mut a, mut b) = (i, i);
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            a = a.min(x);
            b = b.max(x);
            stack.extend(self.children[x].iter().copied());
        }
        (a, b)
    }

    fn child(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    /// The preposition (case marker) of a nominal.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.deprel(c) == "case")
            .map(|c| self.lemma(c))
    }

    /// An actor named by the nominal headed by `head`: the entity of the
    /// head, or of a modifier naming a country or people ("Ukrainian
    /// troops", "China's Foreign Ministry"), with the role noun's sector.
    fn resolve(&self, head: usize) -> Option<EventActor> {
        let doc = self.doc;
        let head_lemma = self.lemma(head).to_lowercase();
        // The nominal's modifiers, and theirs ("the Chinese chargé
        // d'affaires": Chinese hangs from chargé, chargé from d'affaires).
        let is_modifier = |c: usize| matches!(self.deprel(c), "amod" | "compound" | "nmod:poss" | "flat");
        let mut modifiers: Vec<usize> = Vec::new();
        for &c in &self.children[head] {
            if is_modifier(c) {
                modifiers.push(c);
                if self.deprel(c) == "compound" {
                    modifiers.extend(self.children[c].iter().copied().filter(|&g| is_modifier(g)));
                }
            }
        }
        let mut sector = sector_of_noun(&head_lemma).or_else(|| {
            modifiers
                .iter()
                .filter(|&&c| self.deprel(c) == "compound")
                .find_map(|&c| sector_of_noun(&self.lemma(c).to_lowercase()))
        });
        // The head itself, then its modifiers.
        let mut found = self.entity_of[head];
        if found.is_none() || found.is_some_and(|(_, k)| k == MentionKind::Nominal) {
            // "his counterpart" is not him: a possessive pronoun names
            // nobody here. A possessor names the actor only through a role
            // noun of its ("Russia's army"), not through its allies.
            let role_noun = sector.is_some();
            if let Some(m) = modifiers
                .iter()
                .filter(|&&c| role_noun || self.deprel(c) != "nmod:poss")
                .find_map(|&c| self.entity_of[c].filter(|&(_, k)| k == MentionKind::Name))
            {
                found = Some(m);
            }
        }
        // The span of the nominal: its head with its modifiers before it
        // and the rest of a name after it.
        let mut span = doc.tokens[head].span;
        for &c in self.children[head].iter().chain(&modifiers) {
            let before = c < head && matches!(self.deprel(c), "amod" | "compound" | "nmod:poss" | "flat" | "nummod");
            if before {
                span.start = span.start.min(doc.tokens[c].span.start);
            } else if c > head && self.deprel(c) == "flat" {
                span.end = span.end.max(doc.tokens[c].span.end);
            }
        }
        let Some((entity, kind)) = found else {
            // No name, but a role noun that says what kind of actor:
            // "protesters", "the government".
            return sector.map(|sector| EventActor {
                span,
                entity: None,
                name: doc.slice(span).to_string(),
                country: None,
                sector: Some(sector),
            });
        };
        let e = doc.entities.get(entity)?;
        // A first- or second-person pronoun never names an actor here.
        if kind == MentionKind::Pronoun
            && matches!(
                head_lemma.as_str(),
                "i" | "we" | "you" | "us" | "me" | "our" | "my" | "your"
            )
        {
            return None;
        }
        if sector.is_none() {
            // A person's role, a government said by its capital.
            sector = e
                .roles
                .iter()
                .find_map(|r| {
                    r.split_whitespace()
                        .last()
                        .and_then(|w| sector_of_noun(&w.to_lowercase()))
                })
                .or(if e.metonymy && e.etype == EntityType::Gpe {
                    Some("GOV")
                } else {
                    None
                });
        }
        if e.etype == EntityType::Org && sector.is_none() {
            let lower = e.name.to_lowercase();
            // The name's head word only: "National Security Agency" is no citizen.
            sector = lower.split_whitespace().last().and_then(sector_of_noun);
        }
        Some(EventActor {
            span,
            entity: Some(entity),
            name: e.name.clone(),
            country: e.country.clone(),
            sector,
        })
    }

    fn negated(&self, v: usize) -> bool {
        // "cannot", "never" right before the verb, whatever the parse made of them.
        let before = |k: usize| {
            v.checked_sub(k)
                .map(|i| self.doc.token_text(i).to_lowercase())
                .is_some_and(|w| matches!(w.as_str(), "cannot" | "not" | "never" | "n't" | "can't" | "won't"))
        };
        if before(1) || before(2) {
            return true;
        }
        let neg_child = self.children[v].iter().any(|&c| {
            self.deprel(c) == "neg"
                || (self.deprel(c) == "advmod" && matches!(self.lemma(c), "not" | "never" | "n't" | "no"))
        });
        if neg_child {
            return true;
        }
        let Some(h) = self.syn().head[v] else {
            return false;
        };
        if !matches!(self.deprel(v), "xcomp" | "advcl" | "ccomp") {
            return false;
        }
        let head_lemma = self.lemma(h);
        // "stopped short of providing"
        if head_lemma == "stop" && self.children[h].iter().any(|&c| self.lemma(c) == "short") {
            return true;
        }
        NEGATING_HEADS.contains(&head_lemma)
    }

    fn hedged(&self, v: usize, sentence: Span) -> bool {
        let doc = self.doc;
        if doc.slice(sentence).trim_end().ends_with('?') {
            return true;
        }
        let has_modal = |i: usize| {
            self.children[i]
                .iter()
                .any(|&c| self.deprel(c) == "aux" && MODALS.contains(&self.lemma(c).to_lowercase().as_str()))
        };
        if has_modal(v) {
            return true;
        }
        // The writer does not vouch for it.
        if self.children[v].iter().any(|&c| {
            self.deprel(c) == "advmod"
                && matches!(
                    self.lemma(c).to_lowercase().as_str(),
                    "purportedly" | "reportedly" | "allegedly" | "apparently" | "possibly" | "perhaps" | "maybe"
                )
        }) {
            return true;
        }
        let conditional = |i: usize| {
            self.children[i]
                .iter()
                .any(|&c| self.deprel(c) == "mark" && matches!(self.lemma(c), "if" | "unless" | "whether"))
        };
        if conditional(v) {
            return true;
        }
        // Climb the clauses this one hangs from: an infinitive under a
        // verb of intent, or anything under a modal or a condition.
        let mut i = v;
        for _ in 0..4 {
            let Some(h) = self.syn().head.get(i).copied().flatten() else {
                break;
            };
            let rel = self.deprel(i);
            if !matches!(rel, "xcomp" | "advcl" | "ccomp" | "conj") {
                break;
            }
            let to_marked = self.children[i]
                .iter()
                .any(|&c| self.deprel(c) == "mark" && self.lemma(c) == "to");
            let head_lemma = self.lemma(h);
            if rel != "conj" {
                if IRREALIS_HEADS.contains(&head_lemma) {
                    return true;
                }
                if (rel == "xcomp" || to_marked) && !REALIS_HEADS.contains(&head_lemma) {
                    return true;
                }
                if rel == "advcl" && to_marked {
                    return true;
                }
            }
            if rel != "ccomp" && (has_modal(h) || conditional(h)) {
                return true;
            }
            i = h;
        }
        false
    }
}

/// Find the events of a parsed document with entities (and, when they
/// have run, quotes and times) and add them to `doc.events`.
pub fn extract_events(doc: &mut Doc, dict: &EventDictionary) {
    let Some(syn) = doc.syntax.as_ref() else {
        return;
    };
    if syn.lemma.len() != doc.tokens.len() {
        return;
    }
    // The gate: one hash lookup per verb.
    let triggers: Vec<usize> = (0..doc.tokens.len())
        .filter(|&i| syn.upos[i] == "VERB" && dict.verbs.contains_key(syn.lemma[i].as_str()))
        .collect();
    if triggers.is_empty() {
        return;
    }
    let mut entity_of = vec![None; doc.tokens.len()];
    for (ei, e) in doc.entities.iter().enumerate() {
        for m in &e.mentions {
            let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
            for (ti, t) in doc.tokens.iter().enumerate().skip(first) {
                if t.span.start >= m.span.end {
                    break;
                }
                entity_of[ti].get_or_insert((ei, m.kind));
            }
        }
    }
    let cx = Context {
        doc,
        children: syn.children(),
        entity_of,
    };
    let sentence_of = doc.sentence_of_tokens();
    let mut events = Vec::new();
    for v in triggers {
        if let Some(ev) = event_at(&cx, dict, v, &sentence_of) {
            events.push(ev);
        }
    }
    for ev in events.iter_mut().filter(|e| e.location.is_none()) {
        ev.location = elaborated_location(&cx, ev, &sentence_of);
    }
    doc.events.extend(events);
}

fn event_at(cx: &Context, dict: &EventDictionary, v: usize, sentence_of: &[usize]) -> Option<Event> {
    let doc = cx.doc;
    let syn = cx.syn();
    let rel = cx.deprel(v);
    // A participle modifying a noun ("nationals captured in Ukraine") tells
    // of an event without saying who did it.
    if matches!(rel, "acl" | "amod") {
        return None;
    }
    // A "verb" after a determiner is a noun the tagger missed ("the U.S.
    // sanctions regime").
    if v > 0 && syn.upos[v - 1] == "DET" {
        return None;
    }
    // A present-tense "verb" right before a bare common noun it takes as
    // object is often a noun-noun compound ("the U.S. sanctions regime").
    if syn.xpos[v] == "VBZ"
        && syn.upos.get(v + 1) == Some(&"NOUN")
        && syn.head.get(v + 1) == Some(&Some(v))
        && !cx.children[v + 1].iter().any(|&c| cx.deprel(c) == "det")
    {
        return None;
    }
    let lemma = syn.lemma[v].as_str();
    let patterns = dict.verbs.get(lemma)?;
    let obj = cx.child(v, &["obj"]);
    let obls: Vec<usize> = cx.children[v]
        .iter()
        .copied()
        .filter(|&c| cx.deprel(c).starts_with("obl") && cx.deprel(c) != "obl:agent")
        .collect();
    let mut chosen = None;
    for p in patterns {
        match &p.pattern {
            Pattern::Any => {
                chosen = Some((p, None));
                break;
            }
            Pattern::Prep(prep) => {
                if let Some(&o) = obls.iter().find(|&&o| cx.case_of(o) == Some(prep)) {
                    chosen = Some((p, Some(o)));
                    break;
                }
            }
            Pattern::Object(nouns) => {
                if let Some(o) = obj.filter(|&o| nouns.contains(&cx.lemma(o))) {
                    chosen = Some((p, Some(o)));
                    break;
                }
            }
        }
    }
    let (pattern, pattern_arg) = chosen?;
    let mut cameo = pattern.cameo;

    // The actor: the subject, or the passive's agent; a verb coordinated
    // with another shares its subject.
    let passive = cx.child(v, &["nsubj:pass"]);
    // The subject nearest before the verb (a title the parser split off
    // its name is a second subject further left).
    let mut subject = cx.children[v]
        .iter()
        .rev()
        .copied()
        .find(|&c| c < v && cx.deprel(c) == "nsubj")
        .or_else(|| cx.child(v, &["nsubj"]));
    // A verb coordinated with another shares its subject; an infinitive
    // takes its controller's ("Iran plans to expel").
    if subject.is_none() && passive.is_none() && matches!(rel, "conj" | "xcomp") {
        let h = syn.head[v]?;
        subject = cx.child(h, &["nsubj"]);
    }
    let actor_head = match passive {
        Some(_) => cx
            .child(v, &["obl:agent"])
            .or_else(|| obls.iter().copied().find(|&o| cx.case_of(o) == Some("by")))?,
        None => subject?,
    };
    // A relative pronoun stands for the noun its clause modifies.
    let actor_head = if rel == "acl:relcl" && matches!(cx.lemma(actor_head), "who" | "which" | "that") {
        syn.head[v]?
    } else {
        actor_head
    };
    let actor = cx.resolve(actor_head)?;

    // The target: the passive subject, the object, the pattern's
    // complement; an object that is somebody's act ("Zelenskyy's remarks")
    // targets that somebody.
    let target_head = passive.or(match pattern.pattern {
        Pattern::Prep(_) => pattern_arg,
        _ => obj,
    });
    let mut target = target_head.and_then(|t| {
        cx.resolve(t).or_else(|| {
            let poss = cx.child(t, &["nmod:poss"])?;
            cx.resolve(poss)
        })
    });
    let plover = dict.plover_of(cameo)?;
    // Symmetric acts ("Russia and China declared a partnership"): the
    // coordinated subject is the other party.
    if target.is_none() && matches!(plover.event_type, "AGREE" | "CONSULT" | "COOPERATE") {
        if let Some(conj) = cx.child(actor_head, &["conj"]) {
            target = cx.resolve(conj);
        }
    }
    // An actor acting on itself is a misreading.
    if let (Some(t), Some(a)) = (&target, &actor.entity) {
        if t.entity == Some(*a) && t.sector == actor.sector {
            target = None;
        }
    }
    // Acts on somebody need the somebody.
    if matches!(plover.event_type, "COERCE" | "CONSULT") && target.is_none() && lemma != "meet" {
        return None;
    }
    if lemma == "meet" && target.is_none() {
        return None;
    }
    // Summoning is a diplomatic protest only when an envoy is summoned.
    if lemma == "summon" && target.as_ref().and_then(|t| t.sector) != Some("GOV") {
        return None;
    }
    // Armed force needs armed actors: a state, its forces, rebels. A
    // senator who "fought" a bill, an agency that "fought" in court, are no
    // battle.
    if plover.event_type == "ASSAULT" {
        let armed = matches!(actor.sector, Some("MIL" | "REB" | "COP"))
            || (actor.sector.is_none()
                && actor.country.is_some()
                && actor
                    .entity
                    .and_then(|e| doc.entities.get(e))
                    .is_some_and(|e| matches!(e.etype, EntityType::Gpe | EntityType::Norp)));
        if !armed {
            return None;
        }
    }
    let mut plover = plover;
    // The PLOVER manual: combatants captured in conflict are ASSAULT
    // 'abduct', not COERCE 'arrest'.
    if lemma == "capture" && actor.sector == Some("MIL") {
        cameo = "181";
        plover = dict.plover_of(cameo)?;
    }
    let acled = acled_category(cameo, &plover, actor.sector, target.as_ref().and_then(|t| t.sector));

    let si = *sentence_of.get(v)?;
    let sentence = doc.sentences.get(si)?.span;
    let negated = cx.negated(v);
    let hedged = cx.hedged(v, sentence);
    let mut trigger = doc.tokens[v].span;
    if let Some(prt) = cx.child(v, &["compound:prt"]) {
        trigger.end = trigger.end.max(doc.tokens[prt].span.end);
    }
    let attributed_to = doc
        .quotes
        .iter()
        .position(|q| q.kind != text::QuoteKind::Scare && q.content.iter().any(|c| c.contains(doc.tokens[v].span)));
    let time = doc.times.iter().position(|t| {
        if !sentence.contains(t.span) {
            return false;
        }
        // The expression's tokens; the first head outside them must be the verb.
        let first = doc.tokens.partition_point(|tok| tok.span.end <= t.span.start);
        (first..doc.tokens.len())
            .take_while(|&i| doc.tokens[i].span.start < t.span.end)
            .filter_map(|i| syn.head[i])
            .find(|&h| !t.span.contains(doc.tokens[h].span))
            == Some(v)
    });
    let location = locate(cx, v, sentence, &actor, target.as_ref());
    let mut confidence: f32 = 0.7;
    if target.is_some() {
        confidence += 0.1;
    }
    if actor.sector.is_some() || actor.country.is_some() {
        confidence += 0.05;
    }
    if cx.entity_of[actor_head].is_some_and(|(_, k)| k == MentionKind::Pronoun) {
        confidence -= 0.15;
    }
    if actor.entity.is_none() {
        confidence -= 0.1;
    }
    Some(Event {
        event_type: plover.event_type,
        mode: plover.mode,
        context: plover.context,
        cameo,
        acled,
        actor,
        target,
        location,
        time,
        negated,
        hedged,
        attributed_to,
        trigger,
        sentence,
        confidence: confidence.clamp(0.0, 1.0),
    })
}

/// Where the next sentence, retelling the event in the passive with its
/// target as subject, says it happened: "Ukrainian troops captured two
/// Chinese citizens. The Chinese men were taken captive during fighting in
/// the Donetsk region" puts the capture in the Donetsk region. Only the
/// sentence right after, only a passive whose subject names the target.
fn elaborated_location(cx: &Context, ev: &Event, sentence_of: &[usize]) -> Option<usize> {
    let doc = cx.doc;
    let syn = cx.syn();
    let target = ev.target.as_ref()?.entity?;
    let first = doc.tokens.partition_point(|t| t.span.end <= ev.trigger.start);
    let next = sentence_of.get(first)? + 1;
    let sentence = doc.sentences.get(next)?;
    sentence.tokens.clone().find_map(|v| {
        if syn.upos[v] != "VERB" {
            return None;
        }
        let subject = cx.child(v, &["nsubj:pass"])?;
        let (a, b) = cx.subtree(subject);
        if !(a..=b).any(|t| cx.entity_of[t].is_some_and(|(e, _)| e == target)) {
            return None;
        }
        locate(cx, v, sentence.span, &ev.actor, None)
    })
}

/// Prepositions that put an event somewhere ("in the Donetsk region").
const LOCATIVE: [&str; 12] = [
    "in",
    "through",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "around",
    "off",
    "along",
    "within",
];

/// Where the event at `v` happened: a geocoded place named after a
/// locative preposition in its own clause (the first verb above the place
/// in the parse is the trigger), not one of its participants. "Zelenskyy
/// told reporters in Kyiv" puts the telling in Kyiv, not the capture he told
/// of.
fn locate(cx: &Context, v: usize, sentence: Span, actor: &EventActor, target: Option<&EventActor>) -> Option<usize> {
    let doc = cx.doc;
    if doc.places.is_empty() {
        return None;
    }
    let syn = cx.syn();
    let first = doc.tokens.partition_point(|t| t.span.end <= sentence.start);
    let mut best: Option<(usize, usize)> = None;
    for i in first..doc.tokens.len() {
        let span = doc.tokens[i].span;
        if span.start >= sentence.end {
            break;
        }
        let Some((ei, MentionKind::Name)) = cx.entity_of[i] else {
            continue;
        };
        if i > 0 && cx.entity_of[i - 1].is_some_and(|(e, _)| e == ei) {
            continue;
        }
        if actor.span.contains(span) || target.is_some_and(|t| t.span.contains(span)) {
            continue;
        }
        let Some(place) = doc.places.iter().position(|p| p.entity == ei) else {
            continue;
        };
        let mut j = i.wrapping_sub(1);
        if j < doc.tokens.len() && syn.upos[j] == "DET" {
            j = j.wrapping_sub(1);
        }
        if j >= doc.tokens.len()
            || j < first
            || !LOCATIVE
                .iter()
                .any(|p| doc.slice(doc.tokens[j].span).eq_ignore_ascii_case(p))
        {
            continue;
        }
        // The first verb above the place with a subject of its own must be
        // the trigger: a non-finite clause without one ("during fighting in
        // the Donetsk region", "while patrolling near Kursk") is part of the
        // trigger's.
        let mut h = syn.head[i];
        let mut steps = 0;
        while let Some(x) = h {
            let own_subject = || cx.child(x, &["nsubj", "nsubj:pass"]).is_some();
            if x == v || steps > 8 || (syn.upos[x] == "VERB" && own_subject()) {
                break;
            }
            h = syn.head[x];
            steps += 1;
        }
        if h != Some(v) {
            continue;
        }
        let d = i.abs_diff(v);
        if best.is_none_or(|b| d < b.0) {
            best = Some((d, place));
        }
    }
    best.map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_dictionaries_read() {
        let d = EventDictionary::shipped().unwrap();
        assert!(d.is_trigger("capture"));
        assert_eq!(d.plover_of("173").unwrap().event_type, "COERCE");
        assert_eq!(d.plover_of("1731").unwrap().mode, Some("arrest"));
    }

    #[test]
    fn a_verbs_specific_pattern_is_tried_before_its_default() {
        let d = EventDictionary::shipped().unwrap();
        let meet = &d.verbs["meet"];
        assert_eq!(meet[0].pattern, Pattern::Prep("with"));
    }

    #[test]
    fn military_captures_are_arrests_in_acled() {
        let d = EventDictionary::shipped().unwrap();
        let p = d.plover_of("181").unwrap();
        assert_eq!(p.mode, Some("abduct"));
        assert_eq!(
            acled_category("181", &p, Some("MIL"), Some("CVL")),
            Some(("Strategic developments", "Arrests"))
        );
    }
}
