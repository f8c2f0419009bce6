//! dossier's claim stage: what each source asserts, who it is, how the text
//! hedges it, and how the claims of one article answer each other.
//!
//! Runs after attributions, entities, times and events. For one document:
//!
//! 1. **Claims.** Every attribution except scare quotes becomes a claim: its
//!    content fragments are the claim's spans, its speaker the source, and the
//!    events reported inside its content are the claim's events. Two kinds of
//!    attribution are read differently: one whose cue is a verification verb
//!    ("the ministry was verifying the footage") is a verification statement, and
//!    one whose source sits inside another attribution's content with a cue
//!    such as "suggests" ("early interviews with the crew suggest …,
//!    according to an assessment") is a hedge of that attribution. Sentences
//!    no attribution covers become narrator claims when they report
//!    verification or a dispute ("could not be independently verified").
//! 2. **Sources.** A kind (named person, institution, government, anonymous,
//!    document, media, narrator) from the speaker's source kind, its entity
//!    type and the words that describe it, and a side: the ISO code of the
//!    country it speaks for (the entities stage has already given entities
//!    and nationality words their country) or the organisation's name.
//! 3. **Hedges** from small lexicons over the content, the cue and the rest
//!    of the sentence: `alleged`, `reportedly`, `claimed`, `suggests`,
//!    `appears`, `cannot_verify`, `verifying`, `modal`, `conditional`.
//! 4. **Stances.** A denial, confirmation, doubt or verification statement
//!    that points back ("them", "the remarks", "such reports", "the mayor's
//!    claim") is linked to the earlier claim it answers, or to none: a
//!    logistic model over each candidate's features (content words and
//!    entities shared, distance, the anaphor and the owner it names, the
//!    stance word) trained on judged AllSides stances
//!    ([`stance_target`]). Most stance words answer no claim the article
//!    states, so the model links only when fairly sure.
//! 5. **Status** from the stances each claim receives and its own hedges.
//! 6. **Proposition and key** from the parse of the content: subject,
//!    predicate, object, negation, and a normalised key for matching the
//!    same claim across documents.
//!
//! A claim's confidence never exceeds its attribution's: it inherits the
//! attribution's errors.
//!
//! **Cost.** The stage reads only attributions' tokens, and each sentence's
//! tokens once with a first-byte gate for the narrator's verification words;
//! the children table and token-to-entity table are built only when the
//! document has a claim.
#![deny(missing_docs)]

use std::ops::Range;

pub mod stance_target;

use text::{
    Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStance, ClaimStatus, Doc, EntityType, Hedge, Proposition,
    QuoteKind, SourceKind, Span, StanceRelation,
};

/// Confidence of a narrator claim (a sentence reporting verification or a
/// dispute with no attribution): the cue phrases are unambiguous, the span
/// is the whole sentence.
const NARRATOR_CONFIDENCE: f32 = 0.6;

/// Confidence of a verification statement read from an attribution the
/// attribution stage found doubtful ("the ministry was verifying the footage").
const VERIFICATION_CONFIDENCE: f32 = 0.55;

/// Attributions below this confidence do not stop a sentence from being the
/// narrator's: the attribution stage itself doubts them.
const COVERING_MIN_CONFIDENCE: f32 = 0.2;

/// Find the claims of an analysed document and add them to `doc.claims`.
/// Never panics; does nothing on a document without tokens.
pub fn extract_claims(doc: &mut Doc) {
    if doc.tokens.is_empty() {
        return;
    }
    let claims = {
        let cx = Context::new(doc);
        let mut drafts = collect_drafts(&cx);
        if drafts.is_empty() {
            return;
        }
        drafts.sort_by_key(|d| d.claim.spans.first().map(|s| s.start).unwrap_or(0));
        let drafts = link_stances(&cx, drafts);
        finish(&cx, drafts)
    };
    doc.claims = claims;
}

// ---------------------------------------------------------------------------
// Per-document lookups.

/// The parse as flat tables, and which entity each token mentions.
struct Context<'a> {
    doc: &'a Doc,
    /// The parse, when it is there and covers every token.
    syn: Option<&'a text::Syntax>,
    /// Children of token `i`: `child_list[child_start[i]..child_start[i + 1]]`.
    child_start: Vec<u32>,
    child_list: Vec<u32>,
    /// The entity each token belongs to (name, pronoun or role mention).
    entity_of: Vec<Option<usize>>,
    /// Each token's lexicon classes ([`lex`]), computed on first use.
    lex_cache: Vec<std::cell::Cell<u32>>,
    /// The organisation or country each person entity speaks for, once
    /// looked up (a person is the source of many claims).
    person_side: std::cell::RefCell<rustc_hash::FxHashMap<usize, Option<String>>>,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Doc) -> Context<'a> {
        let n = doc.tokens.len();
        let syn = doc
            .syntax
            .as_ref()
            .filter(|s| s.head.len() == n && s.deprel.len() == n && s.upos.len() == n && s.lemma.len() == n);
        let (mut child_start, mut child_list) = (Vec::new(), Vec::new());
        if let Some(syn) = syn {
            child_start = vec![0u32; n + 1];
            for h in syn.head.iter().flatten() {
                if *h < n {
                    child_start[*h + 1] += 1;
                }
            }
            for i in 0..n {
                child_start[i + 1] += child_start[i];
            }
            let mut fill = child_start.clone();
            child_list = vec![0u32; child_start[n] as usize];
            for (i, h) in syn.head.iter().enumerate() {
                if let Some(h) = *h {
                    if h < n {
                        child_list[fill[h] as usize] = i as u32;
                        fill[h] += 1;
                    }
                }
            }
        }
        let mut entity_of = vec![None; n];
        for (ei, e) in doc.entities.iter().enumerate() {
            for m in &e.mentions {
                for t in token_range(doc, m.span) {
                    if entity_of[t].is_none() {
                        entity_of[t] = Some(ei);
                    }
                }
            }
        }
        Context {
            doc,
            syn,
            child_start,
            child_list,
            entity_of,
            lex_cache: vec![std::cell::Cell::new(u32::MAX); n],
            person_side: Default::default(),
        }
    }

    /// The lexicon classes of token `i` (bits of [`lex`]): one hash lookup
    /// of the lower-cased word, once per token.
    fn lex(&self, i: usize) -> u32 {
        let Some(cell) = self.lex_cache.get(i) else {
            return 0;
        };
        let v = cell.get();
        if v != u32::MAX {
            return v;
        }
        let v = lex::classes(self.word(i));
        cell.set(v);
        v
    }

    /// Whether token `i` is in the lexicon class `class`.
    fn in_lex(&self, i: usize, class: u32) -> bool {
        self.lex(i) & class != 0
    }

    fn word(&self, i: usize) -> &'a str {
        self.doc
            .tokens
            .get(i)
            .map(|t| t.span.slice(&self.doc.text))
            .unwrap_or("")
    }

    fn lemma(&self, i: usize) -> &'a str {
        match self.syn {
            Some(s) => s.lemma.get(i).map(String::as_str).unwrap_or(""),
            None => self.word(i),
        }
    }

    fn upos(&self, i: usize) -> &'static str {
        self.syn.and_then(|s| s.upos.get(i).copied()).unwrap_or("")
    }

    fn deprel(&self, i: usize) -> &'static str {
        self.syn.and_then(|s| s.deprel.get(i).copied()).unwrap_or("")
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.syn.and_then(|s| s.head.get(i).copied().flatten())
    }

    fn children(&self, i: usize) -> &[u32] {
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.child_list.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn span(&self, first: usize, last: usize) -> Span {
        let a = self.doc.tokens[first].span.start;
        let b = self.doc.tokens[last].span.end;
        Span::new(a, b.max(a))
    }

    /// Whether word `i` is `w`, ignoring ASCII case and reading a typographic
    /// apostrophe as a straight one.
    fn is(&self, i: usize, w: &str) -> bool {
        eq_word(self.word(i), w)
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let word = self.word(i);
        ws.iter().any(|w| eq_word(word, w))
    }

    /// The sentence index holding byte `pos`.
    fn sentence_at(&self, pos: usize) -> Option<usize> {
        let s = &self.doc.sentences;
        let i = s.partition_point(|x| x.span.end <= pos);
        (i < s.len() && s[i].span.start <= pos).then_some(i)
    }
}

/// Tokens starting inside `span`.
fn token_range(doc: &Doc, span: Span) -> Range<usize> {
    let a = doc.tokens.partition_point(|t| t.span.start < span.start);
    let b = doc.tokens.partition_point(|t| t.span.start < span.end);
    a..b.max(a)
}

fn eq_word(word: &str, w: &str) -> bool {
    if word.len() == w.len() {
        return word.eq_ignore_ascii_case(w);
    }
    // "n’t", "’s": the typographic apostrophe is three bytes, two more than
    // the straight one (the length test first: this runs for every word of
    // every lexicon).
    if word.len() == w.len() + 2 && word.contains('\u{2019}') {
        let mut a = word
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c.to_ascii_lowercase() });
        let mut b = w.chars();
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x == y.to_ascii_lowercase() => {}
                _ => return false,
            }
        }
    }
    false
}

fn starts_with_ci(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len() && word.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn spans_contain(spans: &[Span], pos: Span) -> bool {
    spans.iter().any(|s| s.contains(pos))
}

fn spans_overlap(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

// ---------------------------------------------------------------------------
// Lexicons.

/// Head nouns of a source that is a document.
const DOCUMENT_HEADS: &[&str] = &[
    "report",
    "assessment",
    "assessments",
    "study",
    "studies",
    "survey",
    "poll",
    "polls",
    "filing",
    "filings",
    "memo",
    "memorandum",
    "document",
    "documents",
    "records",
    "analysis",
    "letter",
    "indictment",
    "complaint",
    "lawsuit",
    "ruling",
    "data",
    "estimate",
    "estimates",
    "transcript",
    "cable",
    "dossier",
    "findings",
    "review",
    "audit",
    "investigation",
    "paper",
    "affidavit",
    "statement",
    "communique",
    "communiqué",
    "release",
    "figures",
    "tally",
    "count",
    "census",
    "polling",
    "numbers",
    "model",
    "models",
    "research",
    "projections",
    "forecast",
    "questioning",
    "intelligence",
    "evaluation",
    "summary",
    "testimony",
    "judgment",
    "verdict",
];

/// Head nouns (or name words) of a source that is the news media.
const MEDIA_HEADS: &[&str] = &[
    "reports",
    "reporting",
    "media",
    "outlet",
    "outlets",
    "newspaper",
    "newspapers",
    "broadcaster",
    "broadcasters",
    "television",
    "tv",
    "press",
    "tabloid",
    "channel",
    "wire",
    "news",
    "magazine",
    "paper",
    "website",
    "site",
    "blog",
    "station",
];

/// Words in an organisation's name that make it a news outlet.
const MEDIA_NAME_WORDS: &[&str] = &[
    "times",
    "post",
    "journal",
    "news",
    "herald",
    "tribune",
    "guardian",
    "telegraph",
    "gazette",
    "reuters",
    "ap",
    "afp",
    "bbc",
    "cnn",
    "nbc",
    "cbs",
    "abc",
    "msnbc",
    "fox",
    "bloomberg",
    "axios",
    "politico",
    "xinhua",
    "tass",
    "ria",
    "interfax",
    "yonhap",
    "kyodo",
    "jazeera",
    "npr",
    "pbs",
    "economist",
    "atlantic",
    "independent",
    "mail",
    "express",
    "mirror",
    "observer",
    "spiegel",
    "monde",
    "figaro",
    "haaretz",
    "ukrinform",
    "sputnik",
    "rt",
    "newsweek",
    "breitbart",
    "daily",
    "magazine",
    "wire",
    "press",
    "radio",
    "tv",
    "television",
    "intercept",
    "vox",
    "slate",
    "insider",
    "semafor",
    "dispatch",
];

/// One-word names of news outlets and fact-checkers.
const OUTLETS: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "bbc",
    "cnn",
    "nbc",
    "cbs",
    "abc",
    "msnbc",
    "fox",
    "bloomberg",
    "axios",
    "politico",
    "politifact",
    "factcheck.org",
    "snopes",
    "xinhua",
    "tass",
    "ria",
    "interfax",
    "yonhap",
    "kyodo",
    "npr",
    "pbs",
    "rt",
    "sputnik",
    "breitbart",
    "newsweek",
    "vox",
    "slate",
    "semafor",
    "ukrinform",
    "haaretz",
    "spiegel",
    "rudaw",
    "reuters.",
    "afp.",
    "buzzfeed",
    "huffpost",
    "mediaite",
    "salon",
    "time",
    "forbes",
    "variety",
    "axios.",
    "wsj",
    "nyt",
    "vice",
    "nhk",
    "kcna",
    "irna",
    "anadolu",
    "al-monitor",
];

/// Words of a source description that make it a government.
const GOVERNMENT_WORDS: &[&str] = &[
    "ministry",
    "department",
    "government",
    "administration",
    "kremlin",
    "embassy",
    "consulate",
    "police",
    "pentagon",
    "cabinet",
    "presidency",
    "military",
    "army",
    "navy",
    "forces",
    "authorities",
    "ministries",
    "governments",
    "prosecutor",
    "prosecutors",
    "secretariat",
    "commissariat",
    "mfa",
    "whitehouse",
    "downing",
    "élysée",
    "elysee",
    "chancellery",
    "gendarmerie",
    "command",
    "bankova",
    "zhongnanhai",
    "agency",
    "court",
    "courts",
    "congress",
    "senate",
    "parliament",
    "legislature",
    "assembly",
    "bureau",
    "service",
    "commission",
    "council",
    "office",
    "board",
    "authority",
    "usda",
    "fbi",
    "cia",
    "nsa",
    "epa",
    "irs",
    "fda",
    "cdc",
    "dhs",
    "doj",
    "dod",
    "pentagon",
    "treasury",
    "judiciary",
    "regulators",
    "regulator",
    "state's",
    "county",
    "city",
    "municipality",
    "junta",
    "regime",
];

/// Words of a source description that make it an institution (when no
/// government word is there).
const INSTITUTION_WORDS: &[&str] = &[
    "committee",
    "party",
    "company",
    "corporation",
    "firm",
    "bank",
    "group",
    "organization",
    "organisation",
    "union",
    "university",
    "institute",
    "campaign",
    "foundation",
    "association",
    "center",
    "centre",
    "nato",
    "un",
    "eu",
    "who",
    "fund",
    "coalition",
    "league",
    "alliance",
    "movement",
    "church",
    "inc.",
    "corp.",
    "ltd",
    "team",
    "club",
    "school",
    "hospital",
    "charity",
    "federation",
    "society",
    "institution",
    "network",
    "caucus",
];

/// Words that make a source anonymous.
const ANONYMITY_WORDS: &[&str] = &["anonymity", "anonymous", "anonymously", "unnamed", "unidentified"];

/// Vague heads of a source: people the text does not name.
const UNNAMED_HEADS: &[&str] = &[
    "officials",
    "official",
    "sources",
    "source",
    "analysts",
    "experts",
    "critics",
    "observers",
    "residents",
    "witnesses",
    "people",
    "person",
    "diplomats",
    "lawmakers",
    "insiders",
    "insider",
    "aides",
    "aide",
    "investigators",
    "researchers",
    "scientists",
    "economists",
    "activists",
    "supporters",
    "opponents",
    "advocates",
    "others",
    "some",
    "many",
    "members",
    "staff",
    "employees",
    "officers",
    "soldiers",
    "troops",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "representative",
    "representatives",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "member",
    "someone",
    "one",
];

/// Seats of government that stand for a country.
const GOVERNMENT_SEATS: &[(&str, &str)] = &[
    ("kremlin", "RU"),
    ("pentagon", "US"),
    ("white house", "US"),
    ("state department", "US"),
    ("downing street", "GB"),
    ("whitehall", "GB"),
    ("élysée", "FR"),
    ("elysee", "FR"),
    ("quai d'orsay", "FR"),
    ("zhongnanhai", "CN"),
    ("bankova", "UA"),
    ("blue house", "KR"),
    ("knesset", "IL"),
    ("bundestag", "DE"),
    ("duma", "RU"),
];

/// Verbs whose attribution denies an earlier claim.
const DENY_VERBS: &[&str] = &[
    "deny",
    "reject",
    "dismiss",
    "refute",
    "dispute",
    "rebut",
    "contradict",
    "object",
    "debunk",
    "disavow",
    "rubbish",
    "contest",
    "repudiate",
    "brush",
];
/// Verbs whose attribution confirms an earlier claim.
const CONFIRM_VERBS: &[&str] = &["confirm", "corroborate", "acknowledge", "validate"];
/// Verbs whose attribution doubts an earlier claim.
const QUESTION_VERBS: &[&str] = &["question", "doubt", "challenge", "query"];
/// Verbs whose attribution supports an earlier claim.
const SUPPORT_VERBS: &[&str] = &["echo", "endorse", "back", "support", "agree", "second"];
/// Verbs by which a source takes back its own claim.
const RETRACT_VERBS: &[&str] = &["retract", "withdraw", "recant", "walk"];

/// Words in a content that call what they point at false.
const DENY_WORDS: &[&str] = &[
    "groundless",
    "baseless",
    "unfounded",
    "false",
    "untrue",
    "fabricated",
    "fabrication",
    "fabrications",
    "lies",
    "lie",
    "nonsense",
    "absurd",
    "ridiculous",
    "fake",
    "hoax",
    "slander",
    "smear",
    "misinformation",
    "disinformation",
    "fiction",
    "fictitious",
    "bogus",
    "falsehood",
    "falsehoods",
    "wrong",
    "incorrect",
    "inaccurate",
    "preposterous",
    "lies.",
    "speculation",
];
/// Words in a content that doubt what they point at.
const QUESTION_WORDS: &[&str] = &[
    "dubious",
    "questionable",
    "doubtful",
    "unsubstantiated",
    "unproven",
    "implausible",
    "misleading",
    "exaggerated",
    "premature",
];
/// Words in a content that confirm what they point at.
const CONFIRM_WORDS: &[&str] = &["confirmed", "accurate", "true", "correct"];

/// Nouns that point back at a claim.
const ANAPHOR_NOUNS: &[&str] = &[
    "claim",
    "claims",
    "remark",
    "remarks",
    "report",
    "reports",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "assertion",
    "assertions",
    "statement",
    "statements",
    "comment",
    "comments",
    "charge",
    "charges",
    "suggestion",
    "suggestions",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "story",
    "stories",
    "reporting",
    "account",
    "accounts",
    "assessment",
    "information",
    "situation",
    "footage",
    "video",
    "videos",
    "photos",
    "images",
    "reports.",
    "assertion",
    "narrative",
    "version",
    "words",
    "threat",
    "threats",
    "argument",
    "arguments",
    "notion",
    "contention",
    "characterization",
    "characterisation",
    "concerns",
    "theory",
];
/// Pronouns that point back at a claim.
const ANAPHOR_PRONOUNS: &[&str] = &["them", "it", "this", "these", "those", "such"];

/// Lemmas too common to say what a claim is about.
const STOP_LEMMAS: &[&str] = &[
    "be",
    "have",
    "do",
    "say",
    "tell",
    "make",
    "get",
    "go",
    "come",
    "give",
    "take",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "also",
    "other",
    "such",
    "many",
    "own",
    "new",
    "call",
    "add",
    "accord",
    "claim",
    "remark",
    "report",
    "statement",
    "comment",
];

// ---------------------------------------------------------------------------
// Drafts.

/// A claim on its way: the claim and what linking needs about it.
struct Draft {
    claim: Claim,
    /// Tokens of the content (all fragments), in order.
    content_tokens: Vec<usize>,
    /// A stance this claim takes, before its target is known.
    stance_cue: Option<StanceCue>,
    /// True when the stance may fall back to the previous claim (narrator
    /// verification sentences: "The claims could not be verified").
    recency_fallback: bool,
}

#[derive(Debug, Clone, Copy)]
struct StanceCue {
    relation: StanceRelation,
    evidence: Span,
    /// The word pointing back ("them", "the remarks"), when there is one.
    anaphor: Option<usize>,
    /// The entity named as the one whose claim it is ("the mayor's remarks").
    possessor: Option<usize>,
    /// The source takes back a claim ("retracted").
    retracts: bool,
}

/// Build the drafts: attributions, verification statements, narrator
/// sentences.
fn collect_drafts(cx: &Context) -> Vec<Draft> {
    let doc = cx.doc;
    let mut drafts: Vec<Draft> = Vec::new();
    // Attributions read as hedges of another ("early interviews …
    // suggests"): their index, and the hedge they give the outer one.
    let mut hedge_of: Vec<Option<(usize, Hedge)>> = vec![None; doc.quotes.len()];
    for (qi, q) in doc.quotes.iter().enumerate() {
        if q.kind == QuoteKind::Scare {
            continue;
        }
        let (Some(sp), Some(cue)) = (&q.speaker, q.cue) else {
            continue;
        };
        let cue_tokens = token_range(doc, cue);
        let Some(kind) = cue_tokens
            .clone()
            .find_map(|t| match cx.lemma(t).to_ascii_lowercase().as_str() {
                "suggest" | "indicate" => Some("suggests"),
                "appear" | "seem" => Some("appears"),
                _ => None,
            })
        else {
            continue;
        };
        let outer = doc
            .quotes
            .iter()
            .enumerate()
            .find(|(oi, o)| *oi != qi && o.kind != QuoteKind::Scare && spans_contain(&o.content, sp.span));
        if let Some((oi, _)) = outer {
            hedge_of[qi] = Some((
                oi,
                Hedge {
                    span: if kind == "suggests" {
                        Span::new(sp.span.start.min(cue.start), cue.end.max(sp.span.end))
                    } else {
                        cue
                    },
                    kind,
                },
            ));
        }
    }
    let covering: Vec<usize> = (0..doc.quotes.len())
        .filter(|&qi| {
            let q = &doc.quotes[qi];
            q.kind != QuoteKind::Scare
                && q.confidence >= COVERING_MIN_CONFIDENCE
                && hedge_of[qi].is_none()
                && !is_verification_cue(cx, q.cue)
        })
        .collect();

    // The hedges each attribution receives from those read as its hedges,
    // by receiver: one pass instead of a scan of every attribution per
    // attribution (quadratic on pages with thousands of quotes).
    let mut hedges_given: Vec<Vec<Hedge>> = vec![Vec::new(); doc.quotes.len()];
    for (oi, h) in hedge_of.iter().flatten() {
        hedges_given[*oi].push(h.clone());
    }
    // Events by trigger start, to find those inside a content by binary
    // search.
    let mut events_by_start: Vec<(usize, usize)> = doc
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.trigger.start, i))
        .collect();
    events_by_start.sort_unstable();
    let mut events_attributed: Vec<Vec<usize>> = vec![Vec::new(); doc.quotes.len()];
    for (i, e) in doc.events.iter().enumerate() {
        if let Some(list) = e.attributed_to.and_then(|q| events_attributed.get_mut(q)) {
            list.push(i);
        }
    }
    // How many attributions' contents hold each token.
    let mut in_content = vec![0u16; doc.tokens.len()];
    for &qi in &covering {
        for c in &doc.quotes[qi].content {
            for t in token_range(doc, *c) {
                in_content[t] = in_content[t].saturating_add(1);
            }
        }
    }
    for (qi, q) in doc.quotes.iter().enumerate() {
        if q.kind == QuoteKind::Scare || q.content.is_empty() || hedge_of[qi].is_some() {
            continue;
        }
        if is_verification_cue(cx, q.cue) {
            if let Some(d) = verification_draft(cx, qi, &covering) {
                drafts.push(d);
            }
            continue;
        }
        let mut content_tokens = Vec::new();
        for s in &q.content {
            content_tokens.extend(token_range(doc, *s));
        }
        let cue_tokens = q.cue.map(|c| token_range(doc, c)).unwrap_or(0..0);
        let mut hedges = Vec::new();
        find_hedges(cx, &content_tokens, &mut hedges);
        find_hedges(cx, &cue_tokens.clone().collect::<Vec<_>>(), &mut hedges);
        sentence_hedges(cx, q, &in_content, &mut hedges);
        hedges.extend(hedges_given[qi].iter().cloned());
        // A modal weakens the claim when it qualifies the content's main
        // predicate ("they may never recover"), not a clause inside it
        // ("a plan that could cut costs"), where it is mostly ability.
        hedges.retain(|h| h.kind != "modal" || modal_on_main_predicate(cx, h.span, &content_tokens));
        hedges.sort_by_key(|h| (h.span.start, h.span.end));
        hedges.dedup_by(|a, b| spans_overlap(a.span, b.span));
        let source = source_of(cx, q);
        let stance_cue = stance_cue(cx, &content_tokens, cue_tokens, &hedges);
        let mut events: Vec<usize> = Vec::new();
        for c in &q.content {
            let from = events_by_start.partition_point(|&(start, _)| start < c.start);
            for &(start, i) in &events_by_start[from..] {
                if start >= c.end {
                    break;
                }
                if c.contains(doc.events[i].trigger) {
                    events.push(i);
                }
            }
        }
        events.extend_from_slice(&events_attributed[qi]);
        events.sort_unstable();
        events.dedup();
        let confidence = (q.confidence * source_certainty(&source)).clamp(0.0, q.confidence.max(0.0));
        drafts.push(Draft {
            claim: Claim {
                spans: q.content.clone(),
                proposition: Proposition::default(),
                source,
                hedges,
                status: ClaimStatus::Asserted,
                quotes: vec![qi],
                events,
                stance: Vec::new(),
                key: String::new(),
                confidence,
            },
            content_tokens,
            stance_cue,
            recency_fallback: false,
        });
    }

    inherit_sides(cx, &mut drafts);
    narrator_drafts(cx, &covering, &mut drafts);
    drafts
}

/// A source with no side of its own that names again an earlier source
/// ("the assessment" after "a Polish assessment") takes that
/// source's side.
fn inherit_sides(cx: &Context, drafts: &mut [Draft]) {
    let head_word = |d: &Draft| -> Option<String> {
        let desc = d.claim.source.description?;
        let r = token_range(cx.doc, desc);
        let head = r
            .clone()
            .find(|&t| cx.head(t).is_none_or(|h| !desc.contains(cx.doc.tokens[h].span)) && cx.upos(t) == "NOUN")?;
        Some(cx.lemma(head).to_lowercase())
    };
    for i in 0..drafts.len() {
        let c = &drafts[i].claim.source;
        if c.side.is_some() || c.entity.is_some() || c.kind != ClaimSourceKind::Document {
            continue;
        }
        let Some(head) = head_word(&drafts[i]) else {
            continue;
        };
        let start = drafts[i].claim.source.description.map(|d| d.start).unwrap_or(0);
        let earlier = (0..drafts.len())
            .filter(|&j| j != i && drafts[j].claim.source.side.is_some())
            .filter(|&j| drafts[j].claim.source.description.is_some_and(|d| d.end <= start))
            .filter(|&j| head_word(&drafts[j]).as_deref() == Some(head.as_str()))
            .max_by_key(|&j| drafts[j].claim.source.description.map(|d| d.end));
        if let Some(j) = earlier {
            drafts[i].claim.source.side = drafts[j].claim.source.side.clone();
        }
    }
}

/// How much a claim's source reading adds to the attribution's doubt.
fn source_certainty(source: &ClaimSource) -> f32 {
    match (source.kind, source.entity.is_some()) {
        (ClaimSourceKind::NamedPerson, true) => 0.97,
        (ClaimSourceKind::Government | ClaimSourceKind::Institution, true) => 0.95,
        (ClaimSourceKind::Anonymous | ClaimSourceKind::Document | ClaimSourceKind::Media, _) => 0.93,
        _ => 0.9,
    }
}

/// Whether a modal hedge hangs from a main predicate of the content.
fn modal_on_main_predicate(cx: &Context, span: Span, content: &[usize]) -> bool {
    if cx.syn.is_none() {
        return true;
    }
    let inside = |t: usize| content.binary_search(&t).is_ok();
    let Some(&t) = content.iter().find(|&&t| cx.doc.tokens[t].span == span) else {
        // Adverbs ("possibly") and phrases stay.
        return true;
    };
    if !cx.is_any(t, &["may", "might", "could"]) {
        return true;
    }
    let Some(h) = cx.head(t) else {
        return true;
    };
    let is_root = |x: usize| cx.head(x).is_none_or(|hh| !inside(hh));
    // The predicate itself is a root, or a conjunct or complement of one
    // (the quoted speaker's own main clauses).
    is_root(h) || (matches!(cx.deprel(h), "conj" | "ccomp") && cx.head(h).is_some_and(is_root))
}

/// Whether an attribution's cue is a verification verb ("was verifying",
/// "did not say whether … verified"): the attribution stage's reading of
/// a verification as a statement.
fn is_verification_cue(cx: &Context, cue: Option<Span>) -> bool {
    let Some(cue) = cue else {
        return false;
    };
    token_range(cx.doc, cue).any(|t| {
        let w = cx.word(t);
        starts_with_ci(w, "verif") || starts_with_ci(w, "investigat") || starts_with_ci(w, "checking")
    })
}

/// A verification statement from an attribution whose cue is a
/// verification verb: the clause from its source to its content's end,
/// unless another attribution's content already holds it.
fn verification_draft(cx: &Context, qi: usize, covering: &[usize]) -> Option<Draft> {
    let doc = cx.doc;
    let q = &doc.quotes[qi];
    let cue = q.cue?;
    // "The claim could not be verified": no source, the narrator's.
    let sp = q.speaker.as_ref()?;
    if token_range(doc, sp.span).any(|t| cx.is_any(t, ANAPHOR_NOUNS) || cx.is_any(t, ANAPHOR_PRONOUNS)) {
        return None;
    }
    let start = q
        .speaker
        .as_ref()
        .map(|s| s.span.start)
        .unwrap_or(cue.start)
        .min(cue.start);
    let end = q.content.iter().map(|s| s.end).max().unwrap_or(cue.end).max(cue.end);
    let span = Span::new(start, end);
    if covering
        .iter()
        .any(|&oi| oi != qi && doc.quotes[oi].content.iter().any(|c| spans_overlap(*c, cue)))
    {
        return None;
    }
    let tokens: Vec<usize> = token_range(doc, span).collect();
    let mut hedges = Vec::new();
    find_hedges(cx, &tokens, &mut hedges);
    if !hedges.iter().any(|h| matches!(h.kind, "verifying" | "cannot_verify")) {
        let ct: Vec<usize> = token_range(doc, cue).collect();
        if let (Some(&a), Some(&b)) = (ct.first(), ct.last()) {
            hedges.push(Hedge {
                span: cx.span(a, b),
                kind: "verifying",
            });
        }
    }
    hedges.sort_by_key(|h| (h.span.start, h.span.end));
    let evidence = hedges
        .iter()
        .find(|h| matches!(h.kind, "verifying" | "cannot_verify"))
        .map(|h| h.span)
        .unwrap_or(cue);
    let source = source_of(cx, q);
    Some(Draft {
        claim: Claim {
            spans: vec![span],
            proposition: Proposition::default(),
            source,
            hedges,
            status: ClaimStatus::Asserted,
            quotes: Vec::new(),
            events: Vec::new(),
            stance: Vec::new(),
            key: String::new(),
            confidence: VERIFICATION_CONFIDENCE,
        },
        content_tokens: tokens.clone(),
        stance_cue: Some(StanceCue {
            relation: StanceRelation::CannotVerify,
            evidence,
            anaphor: find_anaphor(cx, &tokens),
            possessor: None,
            retracts: false,
        }),
        recency_fallback: true,
    })
}

/// Narrator claims: sentences no attribution covers that report
/// verification or a dispute.
fn narrator_drafts(cx: &Context, covering: &[usize], drafts: &mut Vec<Draft>) {
    let doc = cx.doc;
    // Spans the attributions take up (source, cue and content).
    let mut taken: Vec<Span> = Vec::new();
    for &qi in covering {
        let q = &doc.quotes[qi];
        taken.extend(q.content.iter().copied());
        taken.extend(q.cue);
        taken.extend(q.speaker.as_ref().map(|s| s.span));
    }
    for d in drafts.iter() {
        taken.extend(d.claim.spans.iter().copied());
    }
    for s in &doc.sentences {
        let range = s.tokens.clone();
        if range.end > doc.tokens.len() || range.is_empty() {
            continue;
        }
        // The gate: a word that may start a verification or dispute phrase,
        // told by its first byte before any comparison.
        let gated = range.clone().any(|t| {
            let w = cx.word(t);
            match w.as_bytes().first().map(u8::to_ascii_lowercase) {
                Some(b'v') => starts_with_ci(w, "verif"),
                Some(b'u') => {
                    starts_with_ci(w, "unverif") || starts_with_ci(w, "unconfirm") || starts_with_ci(w, "unsubstant")
                }
                Some(b'c') => {
                    starts_with_ci(w, "confirm") || starts_with_ci(w, "corroborat") || starts_with_ci(w, "contested")
                }
                Some(b'd') => starts_with_ci(w, "disputed"),
                Some(b'e') => starts_with_ci(w, "evidence"),
                _ => false,
            }
        });
        if !gated || taken.iter().any(|t| spans_overlap(*t, s.span)) {
            continue;
        }
        let tokens: Vec<usize> = range.collect();
        let mut hedges = Vec::new();
        find_hedges(cx, &tokens, &mut hedges);
        let verification = hedges
            .iter()
            .find(|h| matches!(h.kind, "cannot_verify" | "verifying"))
            .map(|h| h.span);
        let dispute = dispute_phrase(cx, &tokens);
        let (relation, evidence) = match (verification, dispute) {
            (Some(e), _) => (StanceRelation::CannotVerify, e),
            (None, Some(e)) => (StanceRelation::Questions, e),
            (None, None) => continue,
        };
        if let Some(e) = dispute {
            if !hedges.iter().any(|h| spans_overlap(h.span, e)) {
                hedges.push(Hedge {
                    span: e,
                    kind: "disputed",
                });
            }
        }
        hedges.sort_by_key(|h| (h.span.start, h.span.end));
        let span = trim_sentence(doc, s.span);
        drafts.push(Draft {
            claim: Claim {
                spans: vec![span],
                proposition: Proposition::default(),
                source: ClaimSource {
                    entity: None,
                    name: None,
                    kind: ClaimSourceKind::Narrator,
                    side: None,
                    description: None,
                },
                hedges,
                status: ClaimStatus::Asserted,
                quotes: Vec::new(),
                events: doc
                    .events
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| span.contains(e.trigger) && e.attributed_to.is_none())
                    .map(|(i, _)| i)
                    .collect(),
                stance: Vec::new(),
                key: String::new(),
                confidence: NARRATOR_CONFIDENCE,
            },
            content_tokens: tokens.clone(),
            stance_cue: Some(StanceCue {
                relation,
                evidence,
                anaphor: find_anaphor(cx, &tokens),
                possessor: None,
                retracts: false,
            }),
            recency_fallback: true,
        });
    }
}

/// A sentence's span without its closing punctuation and surrounding space.
fn trim_sentence(doc: &Doc, span: Span) -> Span {
    let Some(text) = doc.text.get(span.start..span.end) else {
        return span;
    };
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?'));
    let lead = text.len() - text.trim_start().len();
    Span::new(
        span.start + lead.min(trimmed.len()),
        span.start + trimmed.len().max(lead.min(trimmed.len())),
    )
}

/// "disputed", "contested", "without evidence", "no evidence",
/// "unsubstantiated" in a narrator sentence.
fn dispute_phrase(cx: &Context, tokens: &[usize]) -> Option<Span> {
    for (k, &t) in tokens.iter().enumerate() {
        if cx.is_any(t, &["disputed", "contested", "unsubstantiated", "unproven"]) {
            return Some(cx.span(t, t));
        }
        if cx.is(t, "evidence") && k > 0 {
            // "without evidence", "without providing evidence", "no evidence".
            let lo = k.saturating_sub(3);
            if let Some(j) = (lo..k).find(|&j| cx.is_any(tokens[j], &["without", "no"])) {
                return Some(cx.span(tokens[j], t));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Hedges.

/// Verbs of belief: the source thinks, does not say it knows.
const BELIEF_WORDS: &[&str] = &[
    "think",
    "thinks",
    "believe",
    "believes",
    "believed",
    "believing",
    "expect",
    "expects",
    "suspect",
    "suspects",
    "assume",
    "assumes",
    "fear",
    "fears",
    "feared",
    "fearing",
    "predict",
    "predicts",
    "predicted",
    "guess",
    "convinced",
    "suppose",
    "reckon",
    "doubt",
    "doubts",
];

const NEGATORS: &[&str] = &[
    "not", "n't", "never", "cannot", "can't", "unable", "no", "without", "neither", "nor",
];
const AUXILIARIES: &[&str] = &[
    "could", "can", "did", "does", "do", "has", "have", "had", "was", "were", "is", "are", "been", "be", "would",
    "will", "could", "might", "may",
];

/// Whether word `t` begins a verification word ("verify", "confirmed",
/// "corroborate", "authenticate").
fn is_verify_word(cx: &Context, t: usize) -> bool {
    let w = cx.word(t);
    (starts_with_ci(w, "verif") && !starts_with_ci(w, "verification"))
        || (starts_with_ci(w, "confirm") && !starts_with_ci(w, "confirmation"))
        || starts_with_ci(w, "corroborat")
        || starts_with_ci(w, "authenticat")
}

/// Add the hedges found in `tokens` (in text order) to `out`.
fn find_hedges(cx: &Context, tokens: &[usize], out: &mut Vec<Hedge>) {
    let first = out.len();
    // Verification first, so that its "could" is no modal.
    for (k, &t) in tokens.iter().enumerate() {
        if cx.in_lex(t, lex::UNVERIFIED) {
            out.push(Hedge {
                span: cx.span(t, t),
                kind: "cannot_verify",
            });
            continue;
        }
        if !is_verify_word(cx, t) {
            continue;
        }
        let lo = k.saturating_sub(7);
        // The nearest negator before it, in the same run of words.
        let neg = (lo..k).rev().find(|&j| cx.in_lex(tokens[j], lex::NEGATOR));
        if let Some(j) = neg {
            let mut start = j;
            // "did not say whether": start at the auxiliary before "not".
            if start > 0 && cx.in_lex(tokens[start - 1], lex::AUXILIARY) {
                start -= 1;
            }
            out.push(Hedge {
                span: cx.span(tokens[start], t),
                kind: "cannot_verify",
            });
            continue;
        }
        let w = cx.word(t);
        let progressive = w.len() > 3 && w[w.len() - 3..].eq_ignore_ascii_case("ing");
        if progressive && k > 0 {
            // "was verifying", "are still verifying"
            let mut j = k - 1;
            if cx.is_any(tokens[j], &["still", "now", "currently"]) && j > 0 {
                j -= 1;
            }
            if cx.is_any(tokens[j], &["was", "were", "is", "are", "been", "be", "'s", "'re"]) {
                out.push(Hedge {
                    span: cx.span(tokens[j], t),
                    kind: "verifying",
                });
                continue;
            }
        }
        // "trying to verify", "working to confirm", "seeking to verify"
        if k >= 2 && cx.is(tokens[k - 1], "to") {
            let v = tokens[k - 2];
            let lemma = cx.lemma(v).to_ascii_lowercase();
            if matches!(
                lemma.as_str(),
                "try" | "work" | "seek" | "attempt" | "move" | "scramble"
            ) {
                out.push(Hedge {
                    span: cx.span(v, t),
                    kind: "verifying",
                });
            }
        }
    }
    let covered = |out: &Vec<Hedge>, t: usize| {
        let s = cx.doc.tokens[t].span;
        out[first..].iter().any(|h| h.span.contains(s))
    };
    for (k, &t) in tokens.iter().enumerate() {
        if covered(out, t) {
            continue;
        }
        if cx.lex(t) & lex::HEDGE == 0 {
            continue;
        }
        let w = cx.word(t);
        let Some(&b) = w.as_bytes().first() else {
            continue;
        };
        if !matches!(
            b.to_ascii_lowercase(),
            b'a' | b'r' | b'p' | b'c' | b's' | b'i' | b'm' | b'u' | b'l' | b't' | b'b' | b'e' | b'f' | b'g' | b'd'
        ) {
            continue;
        }
        let upos = cx.upos(t);
        let next_to = |span: Span| -> Span {
            match tokens.get(k + 1) {
                Some(&n) if cx.is(n, "to") => Span::new(span.start, cx.doc.tokens[n].span.end),
                _ => span,
            }
        };
        let one = cx.span(t, t);
        let kind_span: Option<(&'static str, Span)> = if cx.is_any(
            t,
            &["alleged", "allegedly", "alleges", "allege", "supposedly", "supposed"],
        ) && !(cx.is(t, "supposed")
            && tokens.get(k + 1).is_some_and(|&n| cx.is(n, "to")))
        {
            Some(("alleged", one))
        } else if cx.is_any(t, &["reportedly"]) || (cx.is(t, "reported") && upos == "ADJ") {
            Some(("reportedly", one))
        } else if cx.is_any(t, &["purportedly", "purported"])
            || (cx.is_any(t, &["claimed", "claims", "claiming", "claim"]) && (upos == "VERB" || upos.is_empty()))
        {
            Some(("claimed", one))
        } else if cx.is_any(
            t,
            &[
                "suggest",
                "suggests",
                "suggesting",
                "suggested",
                "indicates",
                "indicating",
                "indicate",
            ],
        ) && (upos == "VERB" || upos.is_empty())
        {
            // "information suggesting": the noun that suggests.
            let start = match k.checked_sub(1).map(|j| tokens[j]) {
                Some(p)
                    if cx.is_any(
                        p,
                        &[
                            "information",
                            "evidence",
                            "intelligence",
                            "data",
                            "questioning",
                            "findings",
                        ],
                    ) =>
                {
                    p
                }
                _ => t,
            };
            Some(("suggests", cx.span(start, t)))
        } else if cx.is_any(t, &["appears", "appear", "appeared", "seems", "seem", "seemed"]) && upos != "NOUN" {
            Some(("appears", next_to(one)))
        } else if cx.is_any(t, &["apparently", "seemingly", "ostensibly"]) {
            Some(("appears", one))
        } else if (cx.is_any(t, &["may", "might", "could"]) && (upos == "AUX" || upos.is_empty()))
            || cx.is_any(t, &["possibly", "perhaps", "maybe", "probably", "potentially"])
            || (cx.is(t, "likely") && (upos != "ADJ" || tokens.get(k + 1).is_some_and(|&n| cx.is(n, "to"))))
        {
            Some(("modal", one))
        } else if cx.is_any(t, BELIEF_WORDS) && upos != "NOUN" && upos != "ADJ" {
            Some(("belief", one))
        } else if cx.is(t, "suspected") && upos == "ADJ" {
            Some(("alleged", one))
        } else if cx.is_any(t, &["if", "unless"]) && (cx.deprel(t) == "mark" || upos.is_empty()) {
            // "as if", "even if" stay conditional; "whether" is a question.
            Some(("conditional", one))
        } else {
            None
        };
        if let Some((kind, span)) = kind_span {
            out.push(Hedge { span, kind });
        }
    }
}

/// Hedges in the rest of the attribution's sentence, outside any other
/// attribution: adverbs beside the cue and verification phrases.
fn sentence_hedges(cx: &Context, q: &text::Quote, in_content: &[u16], out: &mut Vec<Hedge>) {
    let doc = cx.doc;
    let Some(anchor) = q.cue.or_else(|| q.content.first().copied()) else {
        return;
    };
    let Some(si) = cx.sentence_at(anchor.start) else {
        return;
    };
    let Some(s) = doc.sentences.get(si) else {
        return;
    };
    if s.tokens.end > doc.tokens.len() {
        return;
    }
    let outside: Vec<usize> = s
        .tokens
        .clone()
        .filter(|&t| {
            let span = doc.tokens[t].span;
            // Outside this attribution and inside no other's content.
            in_content.get(t).is_some_and(|&n| n == 0) && !q.cue.is_some_and(|c| c.contains(span))
        })
        .collect();
    if outside.is_empty() {
        return;
    }
    let mut found = Vec::new();
    find_hedges(cx, &outside, &mut found);
    // Beside the cue: "reportedly said", "said, apparently"; further away
    // an adverb or adjective qualifies something else ("the alleged men").
    let near = |h: &Hedge| {
        q.cue.is_some_and(|c| {
            let before = c.start.saturating_sub(h.span.end) <= 24 && h.span.end <= c.start;
            let after = h.span.start >= c.end && h.span.start - c.end <= 12;
            before || after
        })
    };
    out.extend(found.into_iter().filter(|h| {
        match h.kind {
            "cannot_verify" => true,
            "reportedly" | "claimed" | "appears" => {
                near(h)
                    && cx
                        .doc
                        .text
                        .get(h.span.start..h.span.end)
                        .is_some_and(|w| w.ends_with("ly"))
            }
            _ => false,
        }
    }));
}

// ---------------------------------------------------------------------------
// Sources.

/// The claim's source from an attribution's speaker.
fn source_of(cx: &Context, q: &text::Quote) -> ClaimSource {
    let doc = cx.doc;
    let Some(sp) = &q.speaker else {
        return ClaimSource {
            entity: None,
            name: None,
            kind: ClaimSourceKind::Anonymous,
            side: None,
            description: None,
        };
    };
    let mut entity = sp.entity.filter(|&e| e < doc.entities.len());
    let tokens: Vec<usize> = token_range(doc, sp.span).collect();
    // The description's head: the token whose head lies outside it; when
    // that is a verb or modifier ("data compiled by …"), the first noun
    // before it.
    let outside = |t: usize| cx.head(t).is_none_or(|h| !sp.span.contains(doc.tokens[h].span));
    // Without a parse, the last word ("The report", "Peru's Defence Ministry").
    let mut head = if cx.syn.is_none() {
        tokens.last().copied()
    } else {
        tokens
            .iter()
            .copied()
            .find(|&t| outside(t) && cx.upos(t) != "PUNCT")
            .or_else(|| tokens.last().copied())
    };
    if let Some(h) = head {
        if !matches!(cx.upos(h), "NOUN" | "PROPN" | "PRON" | "NUM" | "") {
            if let Some(&n) = tokens
                .iter()
                .find(|&&t| t < h && matches!(cx.upos(t), "NOUN" | "PROPN" | "PRON"))
            {
                head = Some(n);
            }
        }
    }
    // A person named at the head ("Harbour Relief’s Ana Ruiz",
    // "the Gazette's Tom Vale") is the source, whatever the speaker
    // linking chose.
    let head_person = head
        .and_then(|h| cx.entity_of.get(h).copied().flatten())
        .filter(|&e| doc.entities[e].etype == EntityType::Person);
    if head_person.is_some() {
        entity = head_person;
    }
    let ent = entity.map(|e| &doc.entities[e]);
    let has_lex = |class: u32| tokens.iter().any(|&t| cx.in_lex(t, class));
    let head_is = |ws: &[&str]| head.is_some_and(|h| cx.is_any(h, ws));
    let head_lex = |class: u32| head.is_some_and(|h| cx.in_lex(h, class));
    let description = doc.text.get(sp.span.start..sp.span.end).unwrap_or("");
    let lower = description.to_lowercase();
    let seat = GOVERNMENT_SEATS
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map(|(_, c)| *c);
    let ent_name_lower = ent
        .map(|e| e.name.to_lowercase())
        .or_else(|| sp.name.as_ref().map(|n| n.to_lowercase()))
        .unwrap_or_default();
    let name_words = || ent_name_lower.split(|c: char| !c.is_alphanumeric() && c != '.');
    // A news outlet by name: a one-word outlet whatever type the
    // recogniser gave it ("Politico"), or an organisation with a media
    // word in its name ("Harbour Times", "Valley news").
    let one_word = !ent_name_lower.is_empty() && !ent_name_lower.contains(' ');
    let media_name = (one_word
        && (lex::classes(&ent_name_lower) & lex::OUTLET != 0 || ent_name_lower.ends_with(".com")))
        || (ent.is_none_or(|e| e.etype == EntityType::Org)
            && !ent_name_lower.is_empty()
            && name_words().any(|w| (lex::classes(w) & lex::MEDIA_NAME != 0) || (lex::classes(w) & lex::OUTLET != 0))
            && !name_words().any(|w| lex::classes(w) & lex::GOV != 0))
        || [
            "news agency",
            "news service",
            "news network",
            "state media",
            "state television",
            "state tv",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || (head.is_some_and(|h| cx.upos(h) == "PROPN") && head_lex(lex::OUTLET));
    let person_head = head_person.is_some()
        || (ent.is_some_and(|e| e.etype == EntityType::Person)
            && head.is_some_and(|h| matches!(cx.upos(h), "PRON" | "PROPN") || cx.is_any(h, EXECUTIVE_ROLES)));
    let head_upos = head.map(|h| cx.upos(h)).unwrap_or("");
    let head_word = head.map(|h| cx.word(h).to_ascii_lowercase()).unwrap_or_default();
    // "Harbour Relief’s Ana Ruiz", "Senate Majority Whip Ida Moss
    // (D-Vt.)": the description ends in a name, whatever the parse and the
    // recogniser made of it.
    let trailing_name = sp.kind == SourceKind::Person && {
        let last = tokens
            .iter()
            .copied()
            .take_while(|&t| !cx.is_any(t, &["(", ",", "who", "which"]))
            .last();
        last.is_some_and(|t| {
            let w = cx.word(t);
            cx.upos(t) == "PROPN"
                && w.chars().next().is_some_and(char::is_uppercase)
                && !cx.in_lex(t, lex::GOV)
                && !cx.in_lex(t, lex::INST)
                && !cx.in_lex(t, lex::MEDIA_NAME)
                && !cx.in_lex(t, lex::OUTLET)
                && tokens.len() >= 2
                && tokens
                    .iter()
                    .any(|&k| k < t && (eq_word(cx.word(k), "'s") || cx.upos(k) == "PROPN"))
        })
    };
    let definite_singular = head.is_some_and(|h| {
        cx.syn.and_then(|s| s.xpos.get(h)).is_some_and(|x| *x == "NN")
            && cx
                .children(h)
                .iter()
                .any(|&c| cx.is_any(c as usize, &["the", "this", "that"]))
    });

    let kind = if has_lex(lex::ANON) || lower.contains("familiar with") || lower.contains("speaking on condition") {
        ClaimSourceKind::Anonymous
    } else if head_upos != "PROPN" && head_lex(lex::DOC) {
        // "the latest Gazette poll", "data compiled by the Budget Institute".
        ClaimSourceKind::Document
    } else if media_name || head_lex(lex::MEDIA_HEAD) {
        ClaimSourceKind::Media
    } else if person_head || trailing_name {
        ClaimSourceKind::NamedPerson
    } else if (head_upos == "PROPN" && ent.is_none_or(|e| !matches!(e.etype, EntityType::Org | EntityType::Gpe)))
        || (head_upos == "PRON" && ent.is_none_or(|e| e.etype == EntityType::Person) && sp.kind == SourceKind::Person)
    {
        // A name the recogniser missed ("MOSS" in a transcript), an unresolved "he".
        ClaimSourceKind::NamedPerson
    } else if matches!(head_word.as_str(), "spokesperson" | "spokesman" | "spokeswoman")
        && (has_lex(lex::GOV) || seat.is_some() || ent.is_some_and(|e| e.etype == EntityType::Gpe))
    {
        // An unnamed spokesperson of a government office speaks for it.
        ClaimSourceKind::Government
    } else if head_upos == "NOUN" && (head_lex(lex::GOV) || head_is(&["house", "kremlin", "pentagon"])) {
        ClaimSourceKind::Government
    } else if head_upos == "NOUN" && head_lex(lex::INST) {
        ClaimSourceKind::Institution
    } else if head_upos == "NOUN" && ent.is_none_or(|e| !matches!(e.etype, EntityType::Org | EntityType::Gpe)) {
        // A role noun: "the foreign minister" resolved to a name, "the
        // host"; or nobody named: "officials", "a senior officer".
        if ent.is_some_and(|e| e.etype == EntityType::Person) || (definite_singular && !head_lex(lex::UNNAMED)) {
            ClaimSourceKind::NamedPerson
        } else {
            ClaimSourceKind::Anonymous
        }
    } else if seat.is_some()
        || has_lex(lex::GOV)
        || ent.is_some_and(|e| e.etype == EntityType::Gpe)
        || name_words().any(|w| lex::classes(w) & lex::GOV != 0)
    {
        ClaimSourceKind::Government
    } else if ent.is_some_and(|e| matches!(e.etype, EntityType::Org | EntityType::Norp)) || has_lex(lex::INST) {
        ClaimSourceKind::Institution
    } else {
        match sp.kind {
            SourceKind::Person => ClaimSourceKind::NamedPerson,
            SourceKind::Institution => ClaimSourceKind::Institution,
            SourceKind::Anonymous | SourceKind::Unnamed => ClaimSourceKind::Anonymous,
        }
    };

    let side = side_of(cx, entity, kind, sp.span, &tokens, seat);
    ClaimSource {
        entity,
        name: if head_person.is_some() {
            ent.map(|e| e.name.clone())
        } else {
            sp.name.clone().or_else(|| ent.map(|e| e.name.clone()))
        },
        kind,
        side,
        description: Some(sp.span),
    }
}

/// Role words of a national executive office: such a person speaks for
/// their country.
const EXECUTIVE_ROLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "adviser",
    "advisor",
    "chancellor",
    "premier",
    "king",
    "queen",
    "envoy",
    "diplomat",
    "official",
    "director",
    "general",
    "commander",
    "chief",
    "attorney",
    "emir",
    "prince",
    "ayatollah",
];

/// Role words of people whose side the text does not give by their office:
/// legislators, candidates, party figures.
const NO_SIDE_ROLES: &[&str] = &[
    "sen.",
    "senator",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "lawmaker",
    "candidate",
    "leader",
    "whip",
    "speaker",
    "gov.",
    "governor",
    "mayor",
    "professor",
    "nominee",
    "chairman",
    "chairwoman",
    "member",
];

/// Organisations that give no side to the people who work there.
const NO_SIDE_ORG_WORDS: &[&str] = &[
    "university",
    "college",
    "senate",
    "house",
    "congress",
    "party",
    "school",
];

/// The capitalised name after a preposition of an appositive, when the
/// recogniser found no organisation there: "Ana Ruiz, director of
/// research at the Centre for Harbour Studies".
fn affiliation_words(cx: &Context, person: usize) -> Option<String> {
    let doc = cx.doc;
    let e = doc.entities.get(person)?;
    for m in e.mentions.iter().filter(|m| m.kind == text::MentionKind::Name).take(4) {
        let r = token_range(doc, m.span);
        if r.is_empty() || !cx.is(r.end, ",") {
            continue;
        }
        // The appositive starts with a determiner or a lower-case role word.
        let first = r.end + 1;
        if !cx.word(first).chars().next().is_some_and(|c| c.is_lowercase())
            || !matches!(cx.upos(first), "DET" | "NOUN" | "ADJ" | "")
        {
            continue;
        }
        let stop = (first + 14).min(doc.tokens.len());
        let mut t = first;
        while t < stop {
            if cx.is_any(t, &[",", ";", ".", "who", "which", "that", "said", "says", "told"]) || cx.upos(t) == "VERB" {
                break;
            }
            if cx.is_any(t, &["of", "at", "for", "with"]) {
                let mut a = t + 1;
                if cx.is(a, "the") {
                    a += 1;
                }
                let mut b = a;
                while b < stop {
                    let w = cx.word(b);
                    let cap = w.chars().next().is_some_and(char::is_uppercase);
                    let joiner = cx.is_any(b, &["of", "for", "and", "on", "the", "&"])
                        && cx.word(b + 1).chars().next().is_some_and(char::is_uppercase);
                    if !(cap || (joiner && b > a)) {
                        break;
                    }
                    b += 1;
                }
                // Another person ("one of Mr. Vale's assistants") is no
                // organisation.
                let person_named = (a..b).any(|k| {
                    cx.entity_of
                        .get(k)
                        .copied()
                        .flatten()
                        .is_some_and(|e| doc.entities[e].etype == EntityType::Person)
                }) || cx.is_any(a, &["mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"]);
                if person_named {
                    break;
                }
                if b > a + 1 || (b == a + 1 && cx.upos(a) == "PROPN") {
                    let span = cx.span(a, b - 1);
                    let name = doc.text.get(span.start..span.end)?.trim_end_matches(['’', '\'']);
                    return Some(name.to_string());
                }
            }
            t += 1;
        }
    }
    None
}

/// The organisation a person is given as working for, near a name mention:
/// "Ana Ruiz, a spokeswoman for the Federation of Harbour
/// Pilots", "Budget Institute analyst Tom Vale", "the Gazette's
/// Ida Moss".
fn affiliation(cx: &Context, person: usize) -> Option<usize> {
    let doc = cx.doc;
    let e = doc.entities.get(person)?;
    for m in e.mentions.iter().filter(|m| m.kind == text::MentionKind::Name).take(4) {
        let r = token_range(doc, m.span);
        if r.is_empty() {
            continue;
        }
        // After: ", <role> (of|for|at|with) <ORG>" within the appositive,
        // which starts with a determiner or a lower-case role word.
        if cx.is(r.end, ",")
            && cx.word(r.end + 1).chars().next().is_some_and(char::is_lowercase)
            && matches!(cx.upos(r.end + 1), "DET" | "NOUN" | "ADJ" | "")
        {
            let mut t = r.end + 1;
            let stop = (r.end + 16).min(doc.tokens.len());
            while t < stop {
                // The appositive's noun phrase ends at a verb or a relative
                // clause ("an attorney representing groups that applied to
                // the agency" works for neither).
                if cx.is_any(t, &[",", ";", ".", "said", "says", "told", "that", "who", "which"])
                    || cx.upos(t) == "VERB"
                    || cx.word(t).contains('(')
                {
                    break;
                }
                if let Some(o) = cx.entity_of.get(t).copied().flatten().filter(|&o| o != person) {
                    let org = &doc.entities[o];
                    if org.etype == EntityType::Org {
                        return Some(o);
                    }
                    if org.etype != EntityType::Norp {
                        break;
                    }
                }
                t += 1;
            }
        }
        // Before: "<ORG>('s) <role words> <Name>".
        let lo = r.start.saturating_sub(5);
        for t in (lo..r.start).rev() {
            if let Some(o) = cx.entity_of[t].filter(|&o| o != person) {
                if doc.entities[o].etype == EntityType::Org {
                    return Some(o);
                }
                break;
            }
            // Only role words between: "Cato Institute analyst", "NPR's".
            let role_like = eq_word(cx.word(t), "'s") || matches!(cx.upos(t), "NOUN" | "PROPN" | "ADJ");
            if !role_like {
                break;
            }
        }
    }
    None
}

/// The side an organisation gives the people speaking for it: its country
/// when it is a government body, else its name; none for universities,
/// legislatures and parties.
fn org_side(o: &text::Entity) -> Option<String> {
    let lower = o.name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.iter().any(|w| NO_SIDE_ORG_WORDS.contains(w)) {
        return None;
    }
    if words.iter().any(|w| GOVERNMENT_WORDS.contains(w)) {
        if let Some(c) = &o.country {
            return Some(c.clone());
        }
    }
    Some(o.name.clone())
}

/// The country (or organisation) a source speaks for.
fn side_of(
    cx: &Context,
    entity: Option<usize>,
    kind: ClaimSourceKind,
    description: Span,
    tokens: &[usize],
    seat: Option<&'static str>,
) -> Option<String> {
    let doc = cx.doc;
    let ent = entity.and_then(|e| doc.entities.get(e));
    if kind == ClaimSourceKind::NamedPerson {
        // An organisation in the description: "the Gazette's Ida Moss".
        if let Some(o) = tokens
            .iter()
            .filter_map(|&t| cx.entity_of[t])
            .find(|&o| Some(o) != entity && doc.entities[o].etype == EntityType::Org)
        {
            return org_side(&doc.entities[o]);
        }
        let e = entity?;
        if let Some(side) = cx.person_side.borrow().get(&e) {
            return side.clone();
        }
        let side = person_side(cx, e, description);
        cx.person_side.borrow_mut().insert(e, side.clone());
        return side;
    }
    if kind == ClaimSourceKind::Media {
        if let Some(e) = ent.filter(|e| e.etype != EntityType::Gpe) {
            return Some(e.name.clone());
        }
    }
    side_of_description(cx, ent, kind, tokens, seat)
}

/// The side of a named person: their organisation, or the country of their
/// national executive office.
fn person_side(cx: &Context, entity: usize, description: Span) -> Option<String> {
    let doc = cx.doc;
    let ent = doc.entities.get(entity);
    {
        let e = ent?;
        if let Some(o) = affiliation(cx, entity) {
            return org_side(&doc.entities[o]);
        }
        if let Some(name) = affiliation_words(cx, entity) {
            let lower = name.to_lowercase();
            if !lower.split_whitespace().any(|w| NO_SIDE_ORG_WORDS.contains(&w)) {
                return Some(name);
            }
        }
        let seat_words = e.roles.iter().map(|r| r.to_lowercase()).collect::<Vec<_>>().join(" ");
        if let Some((_, c)) = GOVERNMENT_SEATS.iter().find(|(w, _)| seat_words.contains(w)) {
            return Some(c.to_string());
        }
        let roles: Vec<String> = e
            .roles
            .iter()
            .flat_map(|r| r.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
            .collect();
        if roles.iter().any(|w| NO_SIDE_ROLES.contains(&w.as_str())) {
            return None;
        }
        let executive = roles.iter().any(|w| EXECUTIVE_ROLES.contains(&w.as_str()));
        if !executive {
            return None;
        }
        if let Some(c) = &e.country {
            return Some(c.clone());
        }
        // "ministry spokesperson Ana Ruiz": the latest organisation before
        // the source whose name has the role's office word.
        for w in &roles {
            if !GOVERNMENT_WORDS.contains(&w.as_str()) && !INSTITUTION_WORDS.contains(&w.as_str()) {
                continue;
            }
            let found = doc
                .entities
                .iter()
                .filter(|o| o.etype == EntityType::Org && o.name.to_lowercase().contains(w.as_str()))
                .filter_map(|o| {
                    let before = o.mentions.iter().rfind(|m| m.span.end <= description.start)?;
                    Some((before.span.end, o))
                })
                .max_by_key(|(end, _)| *end)
                .and_then(|(_, o)| org_side(o));
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// The side a source's description gives: its entity's country, a
/// country, nationality or organisation named in it, a seat of government.
fn side_of_description(
    cx: &Context,
    ent: Option<&text::Entity>,
    kind: ClaimSourceKind,
    tokens: &[usize],
    seat: Option<&'static str>,
) -> Option<String> {
    let doc = cx.doc;
    if let Some(c) = ent
        .filter(|e| e.etype != EntityType::Org)
        .and_then(|e| e.country.clone())
    {
        return Some(c);
    }
    // A country, nationality or organisation named in the description
    // ("a Ukrainian assessment", "Hamas officials", "a survey from
    // Rasmussen").
    let mut named = None;
    for &t in tokens {
        let Some(o) = cx.entity_of[t] else {
            continue;
        };
        let e = &doc.entities[o];
        match e.etype {
            EntityType::Gpe | EntityType::Norp => {
                if let Some(c) = &e.country {
                    return Some(c.clone());
                }
            }
            EntityType::Org if named.is_none() => named = org_side(e),
            EntityType::Person if kind == ClaimSourceKind::Document && named.is_none() => {
                named = Some(e.name.clone());
            }
            _ => {}
        }
    }
    if named.is_some() {
        return named;
    }
    if let Some(c) = seat {
        return Some(c.to_string());
    }
    None
}

// ---------------------------------------------------------------------------
// Stances.

/// The stance a claim takes, if its cue or content carries one.
fn stance_cue(cx: &Context, content: &[usize], cue: Range<usize>, hedges: &[Hedge]) -> Option<StanceCue> {
    let mut all: Vec<usize> = content.to_vec();
    all.extend(cue.clone());
    all.sort_unstable();
    let anaphor = find_anaphor(cx, &all);
    let possessor = anaphor.and_then(|a| possessor_of(cx, a));
    let negated_cue = cue.clone().any(|t| cx.is_any(t, &["not", "n't", "never"]))
        || cue
            .start
            .checked_sub(1)
            .is_some_and(|p| cx.is_any(p, &["not", "n't", "never"]));
    let mut verb = None;
    for t in cue.clone() {
        let lemma = base_form(cx, t);
        let rel = if DENY_VERBS.contains(&lemma.as_str()) {
            Some((StanceRelation::Denies, false))
        } else if CONFIRM_VERBS.contains(&lemma.as_str()) {
            Some((
                if negated_cue {
                    StanceRelation::CannotVerify
                } else {
                    StanceRelation::Confirms
                },
                false,
            ))
        } else if QUESTION_VERBS.contains(&lemma.as_str()) {
            Some((StanceRelation::Questions, false))
        } else if SUPPORT_VERBS.contains(&lemma.as_str()) {
            Some((StanceRelation::Supports, false))
        } else if RETRACT_VERBS.contains(&lemma.as_str()) {
            Some((StanceRelation::Denies, true))
        } else {
            None
        };
        if let Some(r) = rel {
            // Denying or rejecting something that is not a claim
            // ("denies responsibility", "dismissed an appeal", "my
            // proposal was rejected") takes no stance toward a claim.
            if r.0 == StanceRelation::Denies && !r.1 && (!verb_takes_claim(cx, t) || denial_negated(cx, t)) {
                continue;
            }
            verb = Some((r, t));
            break;
        }
    }
    // Words in the content: "calling them groundless".
    // "not correct", "nothing wrong": a negated word says the opposite or
    // nothing; it is passed over.
    let negated_word = |pos: usize| {
        content[pos.saturating_sub(3)..pos]
            .iter()
            .any(|&p| cx.in_lex(p, lex::NEGATOR) || cx.is_any(p, &["nothing", "anything"]))
    };
    // A stance word answers what points back just before it ("calling
    // them groundless", "the claims are false"), not a word elsewhere.
    let anaphor_before = |t: usize| (t.saturating_sub(12)..t).any(|k| is_anaphor(cx, k));
    let word = content.iter().enumerate().find_map(|(pos, &t)| {
        let l = cx.lex(t);
        if l & (lex::DENY | lex::QUESTION | lex::CONFIRM) == 0 || negated_word(pos) || !anaphor_before(t) {
            return None;
        }
        // The word must be said of a claim ("the claims were false",
        // "calling them groundless", "untrue allegations"), not of
        // something else near one ("this false equivalency", "got the
        // story wrong", "This lie affects …").
        if !said_of_claim(cx, t) {
            return None;
        }
        if l & lex::DENY != 0 {
            Some((StanceRelation::Denies, t))
        } else if l & lex::QUESTION != 0 {
            Some((StanceRelation::Questions, t))
        } else if l & lex::CONFIRM != 0 && cx.upos(t) != "VERB" {
            Some((StanceRelation::Confirms, t))
        } else {
            None
        }
    });
    let verification = hedges.iter().find(|h| matches!(h.kind, "cannot_verify" | "verifying"));
    let (relation, evidence, retracts) = match (verb, word, verification) {
        // A denying word beats the verb it hangs from ("objected to …,
        // calling them groundless"): it says how.
        (_, Some((r, t)), _) if r == StanceRelation::Denies => (r, cx.span(t, t), false),
        (Some(((r, retracts), t)), _, _) => (r, cx.span(t, t), retracts),
        (None, Some((r, t)), _) => (r, cx.span(t, t), false),
        (None, _, Some(h)) => (StanceRelation::CannotVerify, h.span, false),
        _ => return None,
    };
    Some(StanceCue {
        relation,
        evidence,
        anaphor,
        possessor,
        retracts,
    })
}

/// Verbs that predicate a word of their object: "calling them groundless",
/// "dismissed it as false", "branded the report a fabrication".
const CALLING_VERBS: &[&str] = &[
    "call",
    "dismiss",
    "describe",
    "label",
    "brand",
    "term",
    "characterize",
    "characterise",
    "deem",
    "consider",
    "declare",
    "reject",
    "denounce",
    "rate",
    "pronounce",
    "decry",
];

/// Whether token `t` points back at a claim as an argument: an anaphor
/// noun or pronoun, or "that" standing alone ("that's false").
fn claim_reference(cx: &Context, t: usize) -> bool {
    is_anaphor(cx, t) || (cx.upos(t) == "PRON" && cx.is_any(t, &["that", "which"]))
}

/// Whether a denying verb is itself negated or has nobody as its subject:
/// "never really denied it", "Nobody on the left disputes …" deny nothing.
fn denial_negated(cx: &Context, t: usize) -> bool {
    if cx.syn.is_none() {
        return false;
    }
    cx.children(t).iter().any(|&c| {
        let c = c as usize;
        match cx.deprel(c) {
            "advmod" | "neg" => cx.is_any(c, &["not", "n't", "never", "hardly"]),
            "nsubj" => {
                cx.is_any(c, &["nobody", "none", "few"]) || cx.children(c).iter().any(|&d| cx.is(d as usize, "no"))
            }
            _ => false,
        }
    })
}

/// Whether a denying verb at `t` takes a claim: its object or passive
/// subject points back at one ("denied the allegation", "the claims were
/// rejected"), or it takes a clause ("denied that …"). Without a parse
/// nothing can be checked, and the verb is taken as it is.
fn verb_takes_claim(cx: &Context, t: usize) -> bool {
    if cx.syn.is_none() {
        return true;
    }
    // "One rejected Romney door knocker": a modifier, not a denial.
    if matches!(cx.deprel(t), "amod" | "compound") {
        return false;
    }
    cx.children(t).iter().any(|&c| {
        let c = c as usize;
        match cx.deprel(c) {
            "obj" | "nsubj:pass" => claim_reference(cx, c),
            "ccomp" => true,
            _ => false,
        }
    })
}

/// Whether a stance word at `t` (false, groundless, a lie) is said of a
/// claim: it modifies a claim noun ("untrue allegations"), has one as its
/// subject ("the claims were false", "that's a lie"), or is what a verb of
/// calling says of its object ("calling them groundless"). Without a parse
/// nothing can be checked, and the word is taken as it is.
fn said_of_claim(cx: &Context, t: usize) -> bool {
    if cx.syn.is_none() {
        return true;
    }
    let arg_of = |h: usize, rels: &[&str]| {
        cx.children(h)
            .iter()
            .map(|&c| c as usize)
            .any(|c| c != t && rels.contains(&cx.deprel(c)) && claim_reference(cx, c))
    };
    if cx.upos(t) == "VERB" {
        return verb_takes_claim(cx, t) && !denial_negated(cx, t);
    }
    match cx.deprel(t) {
        "amod" => return cx.head(t).is_some_and(|h| claim_reference(cx, h)),
        "nsubj" | "nsubj:pass" | "compound" => return false,
        _ => {}
    }
    if arg_of(t, &["nsubj"]) {
        return true;
    }
    // A predicate after a copula, its claim subject misattached by the
    // parse ("that Trump's statement about … in Chicago is “true”").
    let before = (t.saturating_sub(3)..t).rev().find(|&k| cx.upos(k) != "PUNCT");
    let copular = cx.children(t).iter().any(|&c| cx.deprel(c as usize) == "cop")
        || before.is_some_and(|k| cx.is_any(k, &["is", "was", "are", "were", "'s"]));
    if copular && (t.saturating_sub(12)..t).any(|k| claim_reference(cx, k) && cx.upos(k) != "PRON") {
        return true;
    }
    match cx.head(t) {
        Some(h) if matches!(cx.deprel(t), "xcomp" | "obl" | "advcl" | "obj" | "ccomp") => {
            CALLING_VERBS.contains(&base_form(cx, h).as_str()) && arg_of(h, &["obj", "iobj", "nsubj:pass"])
        }
        _ => false,
    }
}

/// The lower-cased lemma of a verb; without a parse, the word with a
/// regular inflection taken off ("retracted" → "retract").
fn base_form(cx: &Context, t: usize) -> String {
    let lemma = cx.lemma(t).to_ascii_lowercase();
    if cx.syn.is_some() {
        return lemma;
    }
    for suffix in ["ed", "es", "s", "ing"] {
        if let Some(stem) = lemma.strip_suffix(suffix) {
            let known = |w: &str| {
                [DENY_VERBS, CONFIRM_VERBS, QUESTION_VERBS, SUPPORT_VERBS, RETRACT_VERBS]
                    .iter()
                    .any(|l| l.contains(&w))
            };
            if known(stem) {
                return stem.to_string();
            }
            let with_e = format!("{stem}e");
            if known(&with_e) {
                return with_e;
            }
        }
    }
    lemma
}

/// A word that points back at an earlier claim.
fn find_anaphor(cx: &Context, tokens: &[usize]) -> Option<usize> {
    tokens.iter().copied().find(|&t| is_anaphor(cx, t))
}

/// Whether token `t` points back at a claim.
fn is_anaphor(cx: &Context, t: usize) -> bool {
    {
        let l = cx.lex(t);
        if l & lex::ANAPHOR_NOUN != 0 {
            return cx.upos(t) != "VERB";
        }
        if l & lex::ANAPHOR_PRONOUN != 0 {
            // "them", "it" as an argument; "this", "such" before a noun too.
            let rel = cx.deprel(t);
            return rel.is_empty() || matches!(rel, "obj" | "nsubj" | "nsubj:pass" | "det" | "amod" | "iobj" | "obl");
        }
        false
    }
}

/// The entity named as the owner of an anaphor noun ("the mayor's remarks").
fn possessor_of(cx: &Context, anaphor: usize) -> Option<usize> {
    let lo = anaphor.saturating_sub(4);
    (lo..anaphor).rev().find_map(|t| {
        let e = cx.entity_of.get(t).copied().flatten()?;
        // A possessive or a compound right before the noun.
        let tail = (t + 1..anaphor).all(|k| cx.is_any(k, &["'s", "'", "s"]) || cx.upos(k) == "ADJ");
        tail.then_some(e)
    })
}

/// Lemma hashes of a claim's content words, for the topic match.
fn topic(cx: &Context, tokens: &[usize]) -> Vec<u64> {
    let mut out: Vec<u64> = tokens
        .iter()
        .filter(|&&t| matches!(cx.upos(t), "NOUN" | "PROPN" | "VERB" | "ADJ" | "NUM"))
        .filter_map(|&t| {
            let l = cx.lemma(t);
            if l.len() < 2 || lex::classes(l) & lex::STOP != 0 {
                return None;
            }
            Some(hash_lower(l))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn hash_lower(s: &str) -> u64 {
    // FNV-1a over the lower-cased bytes; plural "s" folded so that
    // "citizens" meets "citizen" when the lemmatiser did not.
    let bytes = s.as_bytes();
    let bytes = if bytes.len() > 3 && bytes.last() == Some(&b's') && bytes[bytes.len() - 2] != b's' {
        &bytes[..bytes.len() - 1]
    } else {
        bytes
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Link each stance to the claim it answers.
/// Content words and entities of every draft, for the stance targets.
fn stance_lookups(cx: &Context, drafts: &[Draft]) -> stance_target::Lookups {
    stance_target::Lookups {
        topics: drafts.iter().map(|d| topic(cx, &d.content_tokens)).collect(),
        entities: drafts
            .iter()
            .map(|d| {
                let mut v: Vec<usize> = d.content_tokens.iter().filter_map(|&t| cx.entity_of[t]).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect(),
    }
}

/// A stance found in a document and the earlier claims it could answer:
/// what `dossier train stance-target` learns from and the annotators judge.
#[derive(Debug, Clone)]
pub struct StanceCandidates {
    /// Denies, questions, confirms, ...
    pub relation: StanceRelation,
    /// The words carrying the stance ("denied", "groundless").
    pub evidence: Span,
    /// The answering claim's words.
    pub spans: Vec<Span>,
    /// Its source's name, when it has one.
    pub source: Option<String>,
    /// The claims it could answer, in text order.
    pub candidates: Vec<TargetCandidate>,
    /// The candidate the hand-set rules take.
    pub rule_pick: Option<usize>,
}

/// One claim a stance could answer.
#[derive(Debug, Clone)]
pub struct TargetCandidate {
    /// The claim's words.
    pub spans: Vec<Span>,
    /// Its source's name, when it has one.
    pub source: Option<String>,
    /// The target model's features ([`stance_target::FEATURES`]).
    pub features: [f32; stance_target::N_FEATURES],
}

/// Every stance of an analysed document with the claims it could answer,
/// computed as the claim stage does (whatever `doc.claims` holds).
pub fn stance_candidates(doc: &Doc) -> Vec<StanceCandidates> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    let cx = Context::new(doc);
    let mut drafts = collect_drafts(&cx);
    if drafts.iter().all(|d| d.stance_cue.is_none()) {
        return Vec::new();
    }
    drafts.sort_by_key(|d| d.claim.spans.first().map(|s| s.start).unwrap_or(0));
    let look = stance_lookups(&cx, &drafts);
    let name = |d: &Draft| {
        d.claim.source.name.clone().or_else(|| {
            d.claim
                .source
                .entity
                .and_then(|e| doc.entities.get(e))
                .map(|e| e.name.clone())
        })
    };
    let mut out = Vec::new();
    for ci in 0..drafts.len() {
        let Some(cue) = drafts[ci].stance_cue else {
            continue;
        };
        let all = stance_target::candidates(&cx, &drafts, &look, ci);
        let rule = stance_target::rule_pick(&drafts, ci, &all).map(|k| all[k].di);
        let cands: Vec<_> = all.into_iter().filter(|c| c.window).collect();
        out.push(StanceCandidates {
            relation: cue.relation,
            evidence: cue.evidence,
            spans: drafts[ci].claim.spans.clone(),
            source: name(&drafts[ci]),
            rule_pick: rule.and_then(|di| cands.iter().position(|c| c.di == di)),
            candidates: cands
                .iter()
                .map(|c| TargetCandidate {
                    spans: drafts[c.di].claim.spans.clone(),
                    source: name(&drafts[c.di]),
                    features: c.features,
                })
                .collect(),
        });
    }
    out
}

fn link_stances(cx: &Context, mut drafts: Vec<Draft>) -> Vec<Draft> {
    if drafts.iter().all(|d| d.stance_cue.is_none()) {
        return drafts;
    }
    let look = stance_lookups(cx, &drafts);
    for ci in 0..drafts.len() {
        let Some(cue) = drafts[ci].stance_cue else {
            continue;
        };
        let cands = stance_target::candidates(cx, &drafts, &look, ci);
        let Some(k) = stance_target::pick(&drafts, ci, &cands) else {
            continue;
        };
        drafts[ci].claim.stance.push(ClaimStance {
            claim: cands[k].di,
            relation: cue.relation,
            evidence: cue.evidence,
        });
    }
    // A fragment inside a larger claim's words ("them “groundless”" inside
    // "objected to …, calling them “groundless”") answers what it answers.
    for ci in 0..drafts.len() {
        if drafts[ci].stance_cue.is_none() {
            continue;
        }
        // Drafts are in text order, so a claim holding this one is among
        // its neighbours; the window keeps pages of thousands of claims
        // linear.
        let near = ci.saturating_sub(stance_target::MAX_BACK)..(ci + stance_target::MAX_BACK).min(drafts.len());
        let outer = near.into_iter().find(|&oi| {
            oi != ci
                && !drafts[oi].claim.stance.is_empty()
                && drafts[ci]
                    .claim
                    .spans
                    .iter()
                    .all(|s| drafts[oi].claim.spans.iter().any(|o| o.contains(*s) && o != s))
        });
        if let Some(oi) = outer {
            drafts[ci].claim.stance = drafts[oi].claim.stance.clone();
        }
    }
    drafts
}

// ---------------------------------------------------------------------------
// Status, proposition, key.

fn finish(cx: &Context, drafts: Vec<Draft>) -> Vec<Claim> {
    let n = drafts.len();
    let mut incoming: Vec<Vec<(StanceRelation, bool)>> = vec![Vec::new(); n];
    for d in &drafts {
        for st in &d.claim.stance {
            if let Some(v) = incoming.get_mut(st.claim) {
                let target_entity = drafts[st.claim].claim.source.entity;
                let own = d.claim.source.entity.is_some() && d.claim.source.entity == target_entity;
                v.push((st.relation, own));
            }
        }
    }
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let mut claim = d.claim;
            let inc = &incoming[i];
            let has = |r: StanceRelation| inc.iter().any(|&(x, own)| x == r && !own);
            claim.status = if inc.iter().any(|&(x, own)| own && x == StanceRelation::Denies) {
                ClaimStatus::Retracted
            } else if has(StanceRelation::Denies) {
                ClaimStatus::Denied
            } else if has(StanceRelation::Confirms) {
                ClaimStatus::Confirmed
            } else if has(StanceRelation::Questions) {
                ClaimStatus::Questioned
            } else if has(StanceRelation::CannotVerify)
                || (claim.stance.is_empty()
                    && claim.source.kind != ClaimSourceKind::Narrator
                    && claim
                        .hedges
                        .iter()
                        .any(|h| matches!(h.kind, "cannot_verify" | "verifying")))
            {
                ClaimStatus::Unverified
            } else {
                ClaimStatus::Asserted
            };
            claim.proposition = proposition(cx, &d.content_tokens);
            claim.key = key_of(cx, &claim.proposition);
            claim
        })
        .collect()
}

/// Who does what to whom, from the parse of the content.
fn proposition(cx: &Context, tokens: &[usize]) -> Proposition {
    let mut p = Proposition::default();
    if cx.syn.is_none() || tokens.is_empty() {
        return p;
    }
    let inside = |t: usize| tokens.binary_search(&t).is_ok();
    let roots = tokens
        .iter()
        .copied()
        .filter(|&t| cx.head(t).is_none_or(|h| !inside(h)) && !matches!(cx.upos(t), "PUNCT" | "SYM" | "X"));
    let mut root = None;
    for t in roots {
        if root.is_none() {
            root = Some(t);
        }
        if matches!(cx.upos(t), "VERB") {
            root = Some(t);
            break;
        }
    }
    let Some(root) = root else {
        return p;
    };
    let mut pred = cx.span(root, root);
    for &c in cx.children(root) {
        let c = c as usize;
        if cx.deprel(c) == "compound:prt" && inside(c) {
            pred.start = pred.start.min(cx.doc.tokens[c].span.start);
            pred.end = pred.end.max(cx.doc.tokens[c].span.end);
        }
    }
    p.predicate = Some(pred);
    p.predicate_lemma = Some(cx.lemma(root).to_lowercase());
    for &c in cx.children(root) {
        let c = c as usize;
        if !inside(c) {
            continue;
        }
        let rel = cx.deprel(c);
        let lemma = cx.lemma(c);
        if (matches!(rel, "advmod" | "neg") && matches!(lemma.to_ascii_lowercase().as_str(), "not" | "never" | "n't"))
            || cx.is_any(c, &["not", "n't", "never", "cannot", "can't", "won't"])
        {
            p.negated = true;
        }
        match rel {
            "nsubj" | "nsubj:pass" | "csubj" if p.subject.is_none() => p.subject = Some(arg(cx, c, tokens)),
            "obj" | "iobj" if p.object.is_none() => p.object = Some(arg(cx, c, tokens)),
            _ => {}
        }
    }
    p
}

/// A subject or object: the subtree of `head` inside the content, and the
/// entity it names.
fn arg(cx: &Context, head: usize, tokens: &[usize]) -> ClaimArg {
    let inside = |t: usize| tokens.binary_search(&t).is_ok();
    let (mut lo, mut hi) = (head, head);
    let mut stack = vec![head];
    let mut seen = 0;
    while let Some(t) = stack.pop() {
        seen += 1;
        if seen > 60 {
            break;
        }
        lo = lo.min(t);
        hi = hi.max(t);
        stack.extend(
            cx.children(t)
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| inside(c) && cx.upos(c) != "PUNCT"),
        );
    }
    // The argument is the entity its head names, or a name or nationality
    // modifying the head ("the Chinese citizens", "the Exxon deal"); not its
    // possessor: "his executive authority" is not Obama, and keys built on
    // the possessor put unrelated claims in one cluster.
    let entity = cx.entity_of[head].or_else(|| {
        cx.children(head).iter().find_map(|&c| {
            let c = c as usize;
            matches!(cx.deprel(c), "compound" | "amod" | "flat")
                .then(|| cx.entity_of[c])
                .flatten()
        })
    });
    ClaimArg {
        span: cx.span(lo, hi),
        entity,
    }
}

/// The cross-document key: `subject|predicate|object`, each part an
/// entity key or a lower-cased lemma, "not " before a negated predicate;
/// empty when the predicate or both arguments are missing.
fn key_of(cx: &Context, p: &Proposition) -> String {
    let Some(pred) = p.predicate_lemma.as_deref().filter(|l| !l.is_empty()) else {
        return String::new();
    };
    let part = |a: &Option<ClaimArg>| -> String {
        let Some(a) = a else {
            return String::new();
        };
        if let Some(e) = a.entity.and_then(|e| cx.doc.entities.get(e)) {
            return e.key.to_lowercase();
        }
        // The head word: the token of the span whose head lies outside it.
        let r = token_range(cx.doc, a.span);
        let head = r
            .clone()
            .find(|&t| cx.head(t).is_none_or(|h| !a.span.contains(cx.doc.tokens[h].span)))
            .unwrap_or(r.start);
        if cx.upos(head) == "PRON" {
            return String::new();
        }
        cx.lemma(head).to_lowercase()
    };
    let (s, o) = (part(&p.subject), part(&p.object));
    if s.is_empty() && o.is_empty() {
        return String::new();
    }
    let neg = if p.negated { "not " } else { "" };
    format!("{s}|{neg}{pred}|{o}")
}

/// Lexicon classes of words, for one lookup per token instead of a scan
/// of every list.
mod lex {
    use std::sync::LazyLock;

    use rustc_hash::FxHashMap;

    pub const DENY: u32 = 1 << 0;
    pub const QUESTION: u32 = 1 << 1;
    pub const CONFIRM: u32 = 1 << 2;
    pub const ANAPHOR_NOUN: u32 = 1 << 3;
    pub const ANAPHOR_PRONOUN: u32 = 1 << 4;
    pub const NEGATOR: u32 = 1 << 5;
    pub const AUXILIARY: u32 = 1 << 6;
    pub const UNVERIFIED: u32 = 1 << 7;
    /// Any word the hedge rules of [`super::find_hedges`] look at.
    pub const HEDGE: u32 = 1 << 8;
    /// Lemmas too common to say what a claim is about.
    pub const STOP: u32 = 1 << 9;
    pub const GOV: u32 = 1 << 10;
    pub const INST: u32 = 1 << 11;
    pub const DOC: u32 = 1 << 12;
    pub const MEDIA_HEAD: u32 = 1 << 13;
    pub const OUTLET: u32 = 1 << 14;
    pub const UNNAMED: u32 = 1 << 15;
    pub const MEDIA_NAME: u32 = 1 << 16;
    pub const ANON: u32 = 1 << 17;

    /// The words of every hedge rule.
    const HEDGE_WORDS: &[&str] = &[
        "alleged",
        "allegedly",
        "alleges",
        "allege",
        "supposedly",
        "supposed",
        "reportedly",
        "reported",
        "purportedly",
        "purported",
        "claimed",
        "claims",
        "claiming",
        "claim",
        "suggest",
        "suggests",
        "suggesting",
        "suggested",
        "indicates",
        "indicating",
        "indicate",
        "appears",
        "appear",
        "appeared",
        "seems",
        "seem",
        "seemed",
        "apparently",
        "seemingly",
        "ostensibly",
        "may",
        "might",
        "could",
        "possibly",
        "perhaps",
        "maybe",
        "probably",
        "potentially",
        "likely",
        "suspected",
        "if",
        "unless",
    ];

    static TABLE: LazyLock<FxHashMap<&'static [u8], u32>> = LazyLock::new(|| {
        let mut m: FxHashMap<&'static [u8], u32> = FxHashMap::default();
        let lists: [(&[&'static str], u32); 18] = [
            (super::STOP_LEMMAS, STOP),
            (super::GOVERNMENT_WORDS, GOV),
            (super::INSTITUTION_WORDS, INST),
            (super::DOCUMENT_HEADS, DOC),
            (super::MEDIA_HEADS, MEDIA_HEAD),
            (super::OUTLETS, OUTLET),
            (super::UNNAMED_HEADS, UNNAMED),
            (super::MEDIA_NAME_WORDS, MEDIA_NAME),
            (super::ANONYMITY_WORDS, ANON),
            (super::DENY_WORDS, DENY),
            (super::QUESTION_WORDS, QUESTION),
            (super::CONFIRM_WORDS, CONFIRM),
            (super::ANAPHOR_NOUNS, ANAPHOR_NOUN),
            (super::ANAPHOR_PRONOUNS, ANAPHOR_PRONOUN),
            (super::NEGATORS, NEGATOR),
            (super::AUXILIARIES, AUXILIARY),
            (&["unverified", "unconfirmed", "uncorroborated"], UNVERIFIED),
            (HEDGE_WORDS, HEDGE),
        ];
        for (list, bit) in lists {
            for w in list {
                *m.entry(w.as_bytes()).or_default() |= bit;
            }
        }
        for w in super::BELIEF_WORDS {
            *m.entry(w.as_bytes()).or_default() |= HEDGE;
        }
        m
    });

    /// The classes of a word: lower-cased, a typographic apostrophe read
    /// as a straight one.
    pub fn classes(word: &str) -> u32 {
        let mut buf = [0u8; 24];
        let mut n = 0;
        for c in word.chars() {
            let c = if c == '\u{2019}' { '\'' } else { c };
            if !c.is_ascii() || n == buf.len() {
                return 0;
            }
            buf[n] = (c as u8).to_ascii_lowercase();
            n += 1;
        }
        TABLE.get(&buf[..n]).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
