//! Claims: what a source asserts, denies, confirms or cannot verify, with
//! its hedges and the stances other claims take towards it.
//!
//! A claim is built from an attribution (its content is the claim, its
//! speaker the source) or from the narrator's own report of a contested
//! matter ("could not be independently verified"). Claims of one article
//! point at each other through [`ClaimStance`]; across a corpus the store
//! groups them by [`Claim::key`].

use crate::doc::Span;

/// What kind of source a claim has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimSourceKind {
    /// A person named in the text (directly or through a pronoun or role).
    NamedPerson,
    /// An organisation or an office that is not a government: a ministry's
    /// spokesperson speaking for it counts as the ministry's government.
    Institution,
    /// A government, its ministries and offices ("the Kremlin", "China's
    /// Foreign Ministry", "the State Department").
    Government,
    /// A source the text says is anonymous ("a person familiar with",
    /// "on condition of anonymity", "officials said" with no name).
    Anonymous,
    /// A document: a report, an assessment, a filing, a study.
    Document,
    /// A news outlet, or unnamed media reports ("reports of …").
    Media,
    /// The article itself, with no source.
    Narrator,
}

impl ClaimSourceKind {
    /// Every kind, in output order.
    pub const ALL: [ClaimSourceKind; 7] = [
        ClaimSourceKind::NamedPerson,
        ClaimSourceKind::Institution,
        ClaimSourceKind::Government,
        ClaimSourceKind::Anonymous,
        ClaimSourceKind::Document,
        ClaimSourceKind::Media,
        ClaimSourceKind::Narrator,
    ];

    /// The label used in the output.
    pub fn label(self) -> &'static str {
        match self {
            ClaimSourceKind::NamedPerson => "named_person",
            ClaimSourceKind::Institution => "institution",
            ClaimSourceKind::Government => "government",
            ClaimSourceKind::Anonymous => "anonymous",
            ClaimSourceKind::Document => "document",
            ClaimSourceKind::Media => "media",
            ClaimSourceKind::Narrator => "narrator",
        }
    }

    /// The kind with this label.
    pub fn from_label(s: &str) -> Option<ClaimSourceKind> {
        ClaimSourceKind::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// Where a claim stands, as the text reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimStatus {
    /// Said to be so, with no sign that anyone disputes it in the text.
    Asserted,
    /// Another source in the text denies it.
    Denied,
    /// The text says it could not be verified, or is being verified.
    Unverified,
    /// Another source in the text confirms it.
    Confirmed,
    /// Its own source takes it back.
    Retracted,
    /// Another source doubts it without denying it.
    Questioned,
}

impl ClaimStatus {
    /// Every status, in output order.
    pub const ALL: [ClaimStatus; 6] = [
        ClaimStatus::Asserted,
        ClaimStatus::Denied,
        ClaimStatus::Unverified,
        ClaimStatus::Confirmed,
        ClaimStatus::Retracted,
        ClaimStatus::Questioned,
    ];

    /// The label used in the output.
    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Asserted => "asserted",
            ClaimStatus::Denied => "denied",
            ClaimStatus::Unverified => "unverified",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Retracted => "retracted",
            ClaimStatus::Questioned => "questioned",
        }
    }

    /// The status with this label.
    pub fn from_label(s: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// How one claim stands towards another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StanceRelation {
    /// Says the other is false ("groundless", "denied").
    Denies,
    /// Says the other is true ("confirmed").
    Confirms,
    /// Agrees with it or adds evidence for it, short of confirming it.
    Supports,
    /// Doubts it without saying it is false.
    Questions,
    /// Says it cannot be, or has not been, verified.
    CannotVerify,
}

impl StanceRelation {
    /// Every relation, in output order.
    pub const ALL: [StanceRelation; 5] = [
        StanceRelation::Denies,
        StanceRelation::Confirms,
        StanceRelation::Supports,
        StanceRelation::Questions,
        StanceRelation::CannotVerify,
    ];

    /// The label used in the output.
    pub fn label(self) -> &'static str {
        match self {
            StanceRelation::Denies => "denies",
            StanceRelation::Confirms => "confirms",
            StanceRelation::Supports => "supports",
            StanceRelation::Questions => "questions",
            StanceRelation::CannotVerify => "cannot_verify",
        }
    }

    /// The relation with this label.
    pub fn from_label(s: &str) -> Option<StanceRelation> {
        StanceRelation::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// A participant of a claim's proposition (its subject or object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimArg {
    /// The words in the claim's content.
    pub span: Span,
    /// Index into [`crate::Doc::entities`], when it resolves to one.
    pub entity: Option<usize>,
}

/// The claim's core, read from the parse of its content: who does what to
/// whom. Any part may be missing where the parse does not give it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposition {
    /// The subject of the content's main verb.
    pub subject: Option<ClaimArg>,
    /// The main verb (with its particle), or the predicate noun or adjective.
    pub predicate: Option<Span>,
    /// The lemma of the predicate, lower-cased.
    pub predicate_lemma: Option<String>,
    /// Its object or complement.
    pub object: Option<ClaimArg>,
    /// The content says it is not so ("did not", "never").
    pub negated: bool,
}

/// Who makes a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSource {
    /// Index into [`crate::Doc::entities`], when it resolves to one.
    pub entity: Option<usize>,
    /// The source's name, when the text gives one.
    pub name: Option<String>,
    /// What kind of source it is.
    pub kind: ClaimSourceKind,
    /// ISO 3166 alpha-2 code of the country it speaks for, or the name of
    /// the organisation, where the text gives it ("a Ukrainian assessment" → UA).
    pub side: Option<String>,
    /// The words describing the source ("a Ukrainian assessment shared with
    /// reporters on condition of anonymity").
    pub description: Option<Span>,
}

/// A word or phrase that weakens, qualifies or questions a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hedge {
    /// The words.
    pub span: Span,
    /// What it signals: `alleged`, `reportedly`, `suggests`, `appears`,
    /// `claimed`, `cannot_verify`, `verifying`, `modal`, `conditional`, ...
    pub kind: &'static str,
}

/// How a claim stands towards another claim of the same document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimStance {
    /// Index into [`crate::Doc::claims`] of the claim answered.
    pub claim: usize,
    /// How it answers it.
    pub relation: StanceRelation,
    /// The words that carry the stance ("groundless", "them").
    pub evidence: Span,
}

/// One claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim's words (an attribution's content fragments, or the
    /// narrator's clause).
    pub spans: Vec<Span>,
    /// Who does what to whom.
    pub proposition: Proposition,
    /// Who makes it.
    pub source: ClaimSource,
    /// What weakens it.
    pub hedges: Vec<Hedge>,
    /// Where it stands.
    pub status: ClaimStatus,
    /// Indexes into [`crate::Doc::quotes`] of the attributions it comes from.
    pub quotes: Vec<usize>,
    /// Indexes into [`crate::Doc::events`] of the events it reports.
    pub events: Vec<usize>,
    /// How it stands towards other claims of the document.
    pub stance: Vec<ClaimStance>,
    /// A normalised form of the proposition for matching the same claim
    /// across documents: entity keys and predicate lemma, or empty when the
    /// proposition is too thin to match on.
    pub key: String,
    /// How sure the extractor is, 0 to 1.
    pub confidence: f32,
}
