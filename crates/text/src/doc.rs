//! The one document type that flows through every stage.

/// A half-open byte range `[start, end)` into [`Doc::text`].
///
/// Every span in dossier is a UTF-8 byte offset into the document's text as
/// dossier holds it (after HTML extraction and invalid-byte replacement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Metadata that comes with a document from its input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Stable document id: the input's own id, or a hash of source, path and index.
    pub id: String,
    /// Outlet or feed name.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Authors, in input order.
    pub authors: Vec<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A paragraph of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Where it lies, without surrounding whitespace.
    pub span: Span,
    /// Index into [`Doc::quote_runs`] when this paragraph lies inside a
    /// quotation that runs over several paragraphs.
    pub quote_run: Option<usize>,
}

/// A sentence: a span and the tokens inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Where it lies.
    pub span: Span,
    /// Index of the paragraph holding it.
    pub paragraph: usize,
    /// Range of indices into [`Doc::tokens`].
    pub tokens: std::ops::Range<usize>,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it lies.
    pub span: Span,
    /// Whether whitespace follows it in the text.
    pub space_after: bool,
}

/// Which way a quotation mark faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteDir {
    /// Opens a quotation.
    Open,
    /// Closes a quotation.
    Close,
}

/// A double quotation mark the segmenter recognised, with its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMark {
    /// The mark itself (one or two characters: `“`, `"`, `«`, ``` `` ```, `''`).
    pub span: Span,
    /// Whether it opens or closes.
    pub dir: QuoteDir,
}

/// A quotation as paired by the segmenter's quote state machine: from an
/// opening mark to its closing mark, possibly over several paragraphs (news
/// style re-opens the mark at each new paragraph and closes only the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRun {
    /// From the first opening mark to the end of the closing mark (or the end
    /// of the last paragraph when the quote never closes).
    pub span: Span,
    /// First paragraph index.
    pub first_paragraph: usize,
    /// Last paragraph index.
    pub last_paragraph: usize,
    /// False when no closing mark was found.
    pub closed: bool,
}

/// A non-fatal problem found while reading or analysing a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The stage that raised it (`ingest`, `segment`, `language`, ...).
    pub stage: &'static str,
    /// What happened, for a person.
    pub message: String,
    /// Where, when it applies to a span of the text.
    pub span: Option<Span>,
}

/// Token-level linguistic annotations added by the tagger and parser.
/// Columns are parallel to [`Doc::tokens`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Syntax {
    /// Universal POS tag per token.
    pub upos: Vec<&'static str>,
    /// Penn Treebank tag per token.
    pub xpos: Vec<&'static str>,
    /// Lemma per token.
    pub lemma: Vec<String>,
    /// Head token index in the document (`None` for a sentence root).
    pub head: Vec<Option<usize>>,
    /// Universal dependency relation per token.
    pub deprel: Vec<&'static str>,
}

impl Syntax {
    /// The dependents of each token, in text order.
    pub fn children(&self) -> Vec<Vec<usize>> {
        let mut children = vec![Vec::new(); self.head.len()];
        for (i, h) in self.head.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        children
    }
}

/// A document and every annotation the stages have added to it.
///
/// Stages only add annotations; none re-reads the raw input.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Metadata from the input.
    pub meta: Meta,
    /// The text as dossier holds it. Every span is a byte offset into it.
    pub text: String,
    /// Detected ISO 639-1 language code, or `und`.
    pub language: String,
    /// Hash of the normalised text (whitespace collapsed), hex.
    pub content_hash: String,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Double quotation marks with their direction.
    pub quote_marks: Vec<QuoteMark>,
    /// Quotations paired across the text.
    pub quote_runs: Vec<QuoteRun>,
    /// Tagger and parser output, once those stages have run.
    pub syntax: Option<Syntax>,
    /// Named entities with their in-document mentions, once the entity
    /// stage has run. [`Speaker::entity`] indexes into it.
    pub entities: Vec<Entity>,
    /// Attributions, once the attribution stage has run.
    pub quotes: Vec<Quote>,
    /// Date, time and duration expressions, once the time stage has run.
    /// [`Quote::time`] indexes into it.
    pub times: Vec<crate::TimeExpr>,
    /// What kind of text it is, where its metadata or text says.
    pub genre: Option<Genre>,
    /// Sums of money, percentages, counts and ages, once the quantities
    /// stage has run.
    pub quantities: Vec<crate::Quantity>,
    /// Place entities geocoded, once the place stage has run.
    pub places: Vec<crate::Place>,
    /// Political events, once the event stage has run.
    pub events: Vec<crate::Event>,
    /// Claims with their sources, hedges, status and stances, once the
    /// claim stage has run.
    pub claims: Vec<crate::Claim>,
    /// Problems found on the way.
    pub warnings: Vec<Warning>,
    /// Set when the document overspent its budget ([`crate::budget`]) and
    /// was stopped: its annotations are dropped.
    pub stopped: Option<crate::budget::Stopped>,
    /// Per stage past [`MAX_WARNINGS_PER_STAGE`]: how many more warnings
    /// it raised, and where in `warnings` the one summing them up stands.
    warnings_left_out: Vec<(&'static str, usize, usize)>,
}

/// The most warnings one stage keeps on one document; past it, one warning
/// says how many more were left out. A page of 100k unpaired quotation
/// marks raised two warnings per mark, 400 bytes of memory per byte of
/// input.
pub const MAX_WARNINGS_PER_STAGE: usize = 100;

impl Doc {
    /// A document holding `text`, with its content hash computed and no
    /// annotations yet.
    pub fn new(meta: Meta, text: String) -> Doc {
        let content_hash = content_hash(&text);
        Doc {
            meta,
            text,
            language: "und".to_string(),
            content_hash,
            ..Doc::default()
        }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens[i].span.slice(&self.text)
    }

    /// The sentence index of each token.
    pub fn sentence_of_tokens(&self) -> Vec<usize> {
        let mut sent_of = vec![0; self.tokens.len()];
        for (si, s) in self.sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                sent_of[t] = si;
            }
        }
        sent_of
    }

    /// The quote run each token lies in, and each run's first and last
    /// token.
    pub fn quote_run_tokens(&self) -> (Vec<Option<usize>>, Vec<(usize, usize)>) {
        let n = self.tokens.len();
        let mut run_of = vec![None; n];
        let mut run_tokens = Vec::with_capacity(self.quote_runs.len());
        for (ri, run) in self.quote_runs.iter().enumerate() {
            // Tokens are in text order: find the run's first token, then walk.
            let first = self.tokens.partition_point(|t| t.span.start < run.span.start);
            let mut last = first;
            let mut i = first;
            while i < n && self.tokens[i].span.end <= run.span.end {
                run_of[i] = Some(ri);
                last = i;
                i += 1;
            }
            run_tokens.push((first, last));
        }
        (run_of, run_tokens)
    }

    /// Add a warning, or, past [`MAX_WARNINGS_PER_STAGE`] from `stage`,
    /// count it in the one warning that says how many more there were.
    pub fn warn(&mut self, stage: &'static str, message: impl Into<String>, span: Option<Span>) {
        if let Some(left_out) = self.warnings_left_out.iter_mut().find(|(s, ..)| *s == stage) {
            left_out.1 += 1;
            let (count, at) = (left_out.1, left_out.2);
            if let Some(w) = self.warnings.get_mut(at) {
                w.message = warnings_left_out_message(count);
            }
            return;
        }
        // Only a stage near the cap pays for the count.
        if self.warnings.len() >= MAX_WARNINGS_PER_STAGE
            && self.warnings.iter().filter(|w| w.stage == stage).count() >= MAX_WARNINGS_PER_STAGE
        {
            self.warnings_left_out.push((stage, 1, self.warnings.len()));
            self.warnings.push(Warning {
                stage,
                message: warnings_left_out_message(1),
                span: None,
            });
            return;
        }
        self.warnings.push(Warning {
            stage,
            message: message.into(),
            span,
        });
    }

    /// Number of whitespace-separated words in the text, the unit every
    /// speed figure in dossier uses.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

fn warnings_left_out_message(count: usize) -> String {
    format!("{count} more warnings from this stage left out (at most {MAX_WARNINGS_PER_STAGE} are kept)")
}

/// Hash of a text after whitespace normalisation: runs of whitespace become
/// one space, and leading and trailing whitespace is dropped, so that copies
/// differing only in layout share a hash.
pub fn content_hash(text: &str) -> String {
    // One update over the normalised text: blake3 costs about 70
    // instructions a byte when fed word by word, a few when fed whole.
    let mut normalised = Vec::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(b' ');
        }
        normalised.extend_from_slice(word.as_bytes());
    }
    blake3::hash(&normalised).to_hex()[..32].to_string()
}

/// A stable short hash of several strings, used for document ids when the
/// input has none.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for p in parts {
        hasher.update(p.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// What kind of text a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Genre {
    /// A news report.
    News,
    /// An opinion piece: a column, an op-ed, an editorial, a blog post
    /// where the author argues.
    Opinion,
    /// A transcript of speakers' turns.
    Transcript,
}

impl Genre {
    /// The output label: news, opinion or transcript.
    pub fn label(self) -> &'static str {
        match self {
            Genre::News => "news",
            Genre::Opinion => "opinion",
            Genre::Transcript => "transcript",
        }
    }
}

/// What kind of attribution a quotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// Quoted words in quotation marks, attributed as a whole.
    Direct,
    /// A short quoted fragment inside reported speech ("calling them “groundless”").
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech that contains quoted words.
    Mixed,
    /// Scare quotes or a title: quoted, but not anybody's statement.
    Scare,
}

/// Who the source of an attribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A named or pronominal person.
    Person,
    /// An organisation, government or office.
    Institution,
    /// A source the text says is anonymous.
    Anonymous,
    /// A vague group: "officials", "reports", "experts".
    Unnamed,
}

/// How the speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// Named at the cue.
    Explicit,
    /// A pronoun at the cue, resolved to an earlier name.
    Pronoun,
    /// A role noun at the cue ("the foreign minister"), resolved to an earlier name.
    Nominal,
    /// No cue nearby: the speaker of the previous quotation.
    Previous,
    /// Not resolved.
    None,
}

/// Spoken or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Medium {
    /// Said aloud: a briefing, an interview, a conference.
    Spoken,
    /// Written: a statement, a post, a letter.
    Written,
}

/// The source of an attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// The local mention (may be "he").
    pub span: Span,
    /// Index into the document's entities, once entities exist.
    pub entity: Option<usize>,
    /// The name it resolves to, when known.
    pub name: Option<String>,
    /// What kind of source.
    pub kind: SourceKind,
    /// How it was found.
    pub resolution: Resolution,
}

/// An attribution: who said (or wrote, or believes) what.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Its kind.
    pub kind: QuoteKind,
    /// The content's fragments (several when a cue interrupts it); quoted
    /// content includes its quotation marks.
    pub content: Vec<Span>,
    /// The cue: a verb with its auxiliaries, or a phrase such as "according to".
    pub cue: Option<Span>,
    /// The source, absent for scare quotes.
    pub speaker: Option<Speaker>,
    /// Spoken or written, when the text says.
    pub medium: Option<Medium>,
    /// Where: "at a regular news conference", "on X".
    pub venue: Option<Span>,
    /// To whom: "reporters".
    pub addressee: Option<Span>,
    /// How sure the extractor is, 0 to 1.
    pub confidence: f32,
    /// When it was said: index into [`Doc::times`], set by the time stage.
    pub time: Option<usize>,
    /// The earlier attribution whose words this quotation repeats: index
    /// into [`Doc::quotes`].
    pub repeats: Option<usize>,
}

/// The type of a named entity (OntoNotes names, the subset dossier keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// A company, agency, ministry, party, team, ...
    Org,
    /// A country, city, state or region as a political unit.
    Gpe,
    /// A nationality, religious or political group ("Chinese", "Democrats").
    Norp,
    /// A non-political place: a river, a mountain range, a sea.
    Loc,
    /// A building, airport, road or bridge.
    Fac,
    /// A named event: a war, a storm, a summit.
    Event,
}

impl EntityType {
    /// Every type, in output order.
    pub const ALL: [EntityType; 7] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Norp,
        EntityType::Loc,
        EntityType::Fac,
        EntityType::Event,
    ];

    /// The output label: PERSON, ORG, GPE, NORP, LOC, FAC or EVENT.
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Norp => "NORP",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Event => "EVENT",
        }
    }

    /// The type for an output label.
    pub fn from_label(label: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.label() == label)
    }
}

/// How an entity is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// By name ("Volodymyr Zelenskyy", "Zelenskyy", "Beijing").
    Name,
    /// By a pronoun ("he", "their").
    Pronoun,
    /// By a role noun ("the president", "the ministry").
    Nominal,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where it lies.
    pub span: Span,
    /// Name, pronoun or role noun.
    pub kind: MentionKind,
    /// True when a place name stands for its government ("Beijing said").
    pub metonymy: bool,
}

/// A named entity of one document, with every mention resolved to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Cross-document key: `type:normalised name`, or `type:wiki:Title`
    /// when a gazetteer gives the identity. The store joins on it.
    pub key: String,
    /// The fullest name found in the document (for a metonymic capital, the
    /// country's name).
    pub name: String,
    /// Its type.
    pub etype: EntityType,
    /// Roles and titles the text gives a person ("President", "foreign
    /// ministry spokesperson"), in order of first appearance.
    pub roles: Vec<String>,
    /// The courtesy title the text gives a person ("Mr.", "Dr."), kept out
    /// of `roles`: it says nothing of what the person does.
    pub honorific: Option<String>,
    /// ISO 3166 alpha-2 code of the country it belongs to or is, when known.
    pub country: Option<String>,
    /// True when some mention stands for the government (see [`Mention::metonymy`]).
    pub metonymy: bool,
    /// 0 to 1.
    pub confidence: f32,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
}
