//! dossier's wire format.
//!
//! Only this crate (and the binary) know about JSON: the inner crates expose
//! plain data, and [`DocOut`] turns a [`text::Doc`] into the object that
//! `dossier analyze` prints, one per line. The JSON Schema for that object
//! is [`JSON_SCHEMA`]; tests validate real output against it.
//!
//! Every `start`/`end` in the output is a UTF-8 byte offset into the
//! object's `text` field.
//!
//! ```
//! use text::{Doc, Meta, segment};
//! let mut doc = Doc::new(Meta { id: "d1".into(), ..Meta::default() }, "It rained. Then it stopped.".into());
//! segment(&mut doc);
//! let json = dossier_schema::to_json(&doc, &dossier_schema::OutputOptions::default());
//! assert!(json.starts_with("{\"schema\":\"dossier/1\""));
//! ```
#![deny(missing_docs)]

use serde::Serialize;
use std::collections::BTreeMap;
use text::Doc;

/// The JSON Schema (draft 2020-12) of one output document.
pub const JSON_SCHEMA: &str = include_str!("../dossier-1.schema.json");

/// The value of the output's `schema` field.
pub const SCHEMA_ID: &str = "dossier/1";

/// What to include in the output.
#[derive(Debug, Clone, Default)]
pub struct OutputOptions {
    /// Include the `tokens` array.
    pub with_tokens: bool,
    /// Model names and versions for `pipeline.models`.
    pub models: BTreeMap<String, String>,
    /// Attributions below this confidence go to `quotes_withheld` instead
    /// of `quotes` (scare quotes always stay in `quotes`).
    pub min_confidence: f32,
}

/// A `{start, end}` pair.
#[derive(Debug, Serialize)]
pub struct SpanOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A paragraph.
#[derive(Debug, Serialize)]
pub struct ParagraphOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index into `quote_runs` when the paragraph is inside a quotation
    /// running over several paragraphs.
    pub quote_run: Option<usize>,
}

/// A quotation paired by the segmenter.
#[derive(Debug, Serialize)]
pub struct QuoteRunOut {
    /// Opening mark.
    pub start: usize,
    /// End of the closing mark.
    pub end: usize,
    /// First paragraph index.
    pub first_paragraph: usize,
    /// Last paragraph index.
    pub last_paragraph: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

/// A token, with its tags once the tagger and parser have run.
#[derive(Debug, Serialize)]
pub struct TokenOut<'a> {
    /// Surface text.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Universal POS tag.
    pub upos: Option<&'a str>,
    /// Penn Treebank tag.
    pub xpos: Option<&'a str>,
    /// Lemma.
    pub lemma: Option<&'a str>,
    /// Index of the head token in this document's `tokens`; null for a root.
    pub head: Option<usize>,
    /// Universal dependency relation.
    pub deprel: Option<&'a str>,
}

/// A warning.
#[derive(Debug, Serialize)]
pub struct WarningOut<'a> {
    /// Stage that raised it.
    pub stage: &'a str,
    /// What happened.
    pub message: &'a str,
    /// First byte, when it concerns a span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past the last byte, when it concerns a span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// A span with its text.
#[derive(Debug, Serialize)]
pub struct TextSpanOut<'a> {
    /// The text.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl<'a> TextSpanOut<'a> {
    fn new(doc: &'a Doc, span: text::Span) -> TextSpanOut<'a> {
        TextSpanOut {
            text: doc.slice(span),
            start: span.start,
            end: span.end,
        }
    }
}

/// The content of a quotation.
#[derive(Debug, Serialize)]
pub struct ContentOut {
    /// The fragments' text, joined by " … " when there are several.
    pub text: String,
    /// The fragments as `[start, end]` pairs.
    pub spans: Vec<[usize; 2]>,
}

/// The source of a quotation.
#[derive(Debug, Serialize)]
pub struct SpeakerOut<'a> {
    /// First byte of the local mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The local mention ("he", "the foreign minister").
    pub text: &'a str,
    /// Entity id in this document, when entities have been found.
    pub entity: Option<String>,
    /// The name it resolves to.
    pub name: Option<&'a str>,
    /// person, institution, anonymous or unnamed.
    pub kind: &'static str,
    /// explicit, pronoun, nominal, previous or none.
    pub resolution: &'static str,
}

/// An attribution.
#[derive(Debug, Serialize)]
pub struct QuoteOut<'a> {
    /// `q1`, `q2`, ... in text order.
    pub id: String,
    /// direct, partial, indirect, mixed or scare.
    pub kind: &'static str,
    /// What was said.
    pub content: ContentOut,
    /// The cue verb or phrase.
    pub cue: Option<TextSpanOut<'a>>,
    /// Who said it; null for scare quotes.
    pub speaker: Option<SpeakerOut<'a>>,
    /// spoken or written, when the text says.
    pub medium: Option<&'static str>,
    /// Where it was said.
    pub venue: Option<TextSpanOut<'a>>,
    /// To whom.
    pub addressee: Option<TextSpanOut<'a>>,
    /// 0 to 1.
    pub confidence: f32,
    /// When it was said: the id of a time expression (`t1`, ...).
    pub time: Option<String>,
    /// The id of the earlier quote whose words this one repeats.
    pub repeats: Option<String>,
}

impl<'a> QuoteOut<'a> {
    fn new(doc: &'a Doc, i: usize, q: &'a text::Quote) -> QuoteOut<'a> {
        use text::{Medium, QuoteKind, Resolution, SourceKind};
        QuoteOut {
            id: format!("q{}", i + 1),
            kind: match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Partial => "partial",
                QuoteKind::Indirect => "indirect",
                QuoteKind::Mixed => "mixed",
                QuoteKind::Scare => "scare",
            },
            content: ContentOut {
                text: q.content.iter().map(|s| doc.slice(*s)).collect::<Vec<_>>().join(" … "),
                spans: q.content.iter().map(|s| [s.start, s.end]).collect(),
            },
            cue: q.cue.map(|c| TextSpanOut::new(doc, c)),
            speaker: q.speaker.as_ref().map(|s| SpeakerOut {
                start: s.span.start,
                end: s.span.end,
                text: doc.slice(s.span),
                entity: s.entity.map(|e| format!("e{}", e + 1)),
                name: s.name.as_deref(),
                kind: match s.kind {
                    SourceKind::Person => "person",
                    SourceKind::Institution => "institution",
                    SourceKind::Anonymous => "anonymous",
                    SourceKind::Unnamed => "unnamed",
                },
                resolution: match s.resolution {
                    Resolution::Explicit => "explicit",
                    Resolution::Pronoun => "pronoun",
                    Resolution::Nominal => "nominal",
                    Resolution::Previous => "previous",
                    Resolution::None => "none",
                },
            }),
            medium: q.medium.map(|m| match m {
                Medium::Spoken => "spoken",
                Medium::Written => "written",
            }),
            venue: q.venue.map(|v| TextSpanOut::new(doc, v)),
            addressee: q.addressee.map(|v| TextSpanOut::new(doc, v)),
            confidence: (q.confidence * 100.0).round() / 100.0,
            time: q.time.map(|t| format!("t{}", t + 1)),
            repeats: q.repeats.map(|r| format!("q{}", r + 1)),
        }
    }
}

/// One mention of an entity.
#[derive(Debug, Serialize)]
pub struct MentionOut<'a> {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The mention's text.
    pub text: &'a str,
    /// name, pronoun or nominal.
    pub kind: &'static str,
    /// "government" when a place name stands for its government.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metonymy: Option<&'static str>,
}

/// A named entity of the document.
#[derive(Debug, Serialize)]
pub struct EntityOut<'a> {
    /// `e1`, `e2`, ... local to the document.
    pub id: String,
    /// Cross-document key.
    pub key: &'a str,
    /// The fullest name in the document.
    pub name: &'a str,
    /// PERSON, ORG, GPE, NORP, LOC, FAC or EVENT.
    #[serde(rename = "type")]
    pub etype: &'static str,
    /// Roles and titles the text gives.
    pub roles: &'a [String],
    /// A courtesy title ("Mr.", "Dr."), kept apart from the roles.
    pub honorific: Option<&'a str>,
    /// ISO 3166 alpha-2 country code, when known.
    pub country: Option<&'a str>,
    /// "government" when some mention stands for the government.
    pub metonymy: Option<&'static str>,
    /// 0 to 1.
    pub confidence: f32,
    /// Mentions in text order.
    pub mentions: Vec<MentionOut<'a>>,
}

impl<'a> EntityOut<'a> {
    fn new(doc: &'a Doc, i: usize, e: &'a text::Entity) -> EntityOut<'a> {
        EntityOut {
            id: format!("e{}", i + 1),
            key: &e.key,
            name: &e.name,
            etype: e.etype.label(),
            roles: &e.roles,
            honorific: e.honorific.as_deref(),
            country: e.country.as_deref(),
            metonymy: e.metonymy.then_some("government"),
            confidence: (e.confidence * 100.0).round() / 100.0,
            mentions: e
                .mentions
                .iter()
                .map(|m| MentionOut {
                    start: m.span.start,
                    end: m.span.end,
                    text: doc.slice(m.span),
                    kind: match m.kind {
                        text::MentionKind::Name => "name",
                        text::MentionKind::Pronoun => "pronoun",
                        text::MentionKind::Nominal => "nominal",
                    },
                    metonymy: m.metonymy.then_some("government"),
                })
                .collect(),
        }
    }
}

/// A number as JSON: an integer when it is whole (2000000, not 2000000.0).
fn number_out(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// A conversion the text states beside a sum of money.
#[derive(Debug, Serialize)]
pub struct ConversionOut<'a> {
    /// The converted amount as written ("$23,200").
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The amount.
    pub value: serde_json::Value,
    /// ISO 4217 code, when the text settles it.
    pub currency: Option<&'static str>,
}

/// What a count, age or percentage is of.
#[derive(Debug, Serialize)]
pub struct CountedOut<'a> {
    /// The phrase ("Chinese citizens", "The second").
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Entity id: the person an age belongs to, or the nationality or
    /// group named in a counted phrase.
    pub entity: Option<String>,
    /// ISO 3166 alpha-2 code of that entity's country.
    pub country: Option<&'a str>,
}

/// A quantity: money, a percentage, a count, an age or another measure.
#[derive(Debug, Serialize)]
pub struct QuantityOut<'a> {
    /// `n1`, `n2`, ... in text order.
    pub id: String,
    /// money, percent, count, age or other.
    pub kind: &'static str,
    /// The expression with its bound words ("about 12 million crowns").
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The number with scale words applied; null when the text gives none
    /// ("dozens of").
    pub value: serde_json::Value,
    /// The currency word or sign as written, `percent`, `percentage
    /// point`, `year`, or the counted noun's lemma.
    pub unit: Option<&'a str>,
    /// ISO 4217 code of a sum of money, when the text or the document's
    /// country settles it.
    pub currency: Option<&'static str>,
    /// The same sum in another currency, as the text states it.
    pub stated_conversion: Option<ConversionOut<'a>>,
    /// What is counted, whose age it is, or what a percentage qualifies.
    pub counts: Option<CountedOut<'a>>,
    /// exact, about, at_least or at_most.
    pub bound: &'static str,
    /// True when the text hedges the value.
    pub approximate: bool,
}

impl<'a> QuantityOut<'a> {
    fn new(doc: &'a Doc, i: usize, q: &'a text::Quantity) -> QuantityOut<'a> {
        QuantityOut {
            id: format!("n{}", i + 1),
            kind: q.kind.label(),
            text: doc.slice(q.span),
            start: q.span.start,
            end: q.span.end,
            value: q.value.map_or(serde_json::Value::Null, number_out),
            unit: q.unit.as_deref(),
            currency: q.currency,
            stated_conversion: q.stated_conversion.as_ref().map(|c| ConversionOut {
                text: doc.slice(c.span),
                start: c.span.start,
                end: c.span.end,
                value: number_out(c.value),
                currency: c.currency,
            }),
            counts: q.counts.as_ref().map(|c| CountedOut {
                text: doc.slice(c.span),
                start: c.span.start,
                end: c.span.end,
                entity: c.entity.map(|e| format!("e{}", e + 1)),
                country: c.country.as_deref(),
            }),
            bound: q.bound.label(),
            approximate: q.approximate,
        }
    }
}

/// A date, time or duration expression.
#[derive(Debug, Serialize)]
pub struct TimeOut<'a> {
    /// `t1`, `t2`, ... in text order.
    pub id: String,
    /// The expression as written.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// ISO 8601 value (`2025-04-08`, `2022-02`, `199X`, `P3Y`); null when unresolved.
    pub value: Option<&'a str>,
    /// publication, absolute or unresolved.
    pub anchor: &'static str,
    /// day, week, month, quarter, year, decade, century, time or duration.
    pub grain: &'static str,
}

impl<'a> TimeOut<'a> {
    fn new(doc: &'a Doc, i: usize, t: &'a text::TimeExpr) -> TimeOut<'a> {
        TimeOut {
            id: format!("t{}", i + 1),
            text: doc.slice(t.span),
            start: t.span.start,
            end: t.span.end,
            value: t.value.as_deref(),
            anchor: t.anchor.label(),
            grain: t.grain.label(),
        }
    }
}

/// A participant of an event.
#[derive(Debug, Serialize)]
pub struct EventActorOut<'a> {
    /// Entity id (`e1`, ...), when it resolves to one.
    pub entity: Option<String>,
    /// Its name.
    pub name: &'a str,
    /// ISO 3166 alpha-2 country code, when known.
    pub country: Option<&'a str>,
    /// PLOVER sector (GOV, MIL, CVL, REB, ...), when the text gives it.
    pub sector: Option<&'a str>,
    /// The words naming it.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl<'a> EventActorOut<'a> {
    fn new(doc: &'a Doc, a: &'a text::EventActor) -> EventActorOut<'a> {
        EventActorOut {
            entity: a.entity.map(|e| format!("e{}", e + 1)),
            name: &a.name,
            country: a.country.as_deref(),
            sector: a.sector,
            text: doc.slice(a.span),
            start: a.span.start,
            end: a.span.end,
        }
    }
}

/// A gazetteer entry.
#[derive(Debug, Serialize)]
pub struct PlaceCandidateOut<'a> {
    /// GeoNames id.
    pub geonames_id: u32,
    /// Its name in the gazetteer.
    pub name: &'a str,
    /// country, admin1 or city.
    pub kind: &'static str,
    /// ISO 3166 alpha-2 code (none for a continent).
    pub country: Option<&'a str>,
    /// Its first-level region's name.
    pub admin1: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f32>,
    /// Longitude.
    pub lon: Option<f32>,
}

impl<'a> PlaceCandidateOut<'a> {
    fn new(c: &'a text::PlaceCandidate) -> PlaceCandidateOut<'a> {
        PlaceCandidateOut {
            geonames_id: c.geonames_id,
            name: &c.name,
            kind: c.kind,
            country: Some(c.country.as_str()).filter(|c| !c.is_empty()),
            admin1: c.admin1.as_deref(),
            lat: c.lat,
            lon: c.lon,
        }
    }
}

/// A place entity, geocoded.
#[derive(Debug, Serialize)]
pub struct PlaceOut<'a> {
    /// `p1`, `p2`, ...
    pub id: String,
    /// The entity (`e1`, ...).
    pub entity: String,
    /// The entity's name.
    pub name: &'a str,
    /// The gazetteer entry chosen; null when the text does not decide.
    pub resolved: Option<PlaceCandidateOut<'a>>,
    /// Other entries the name may stand for, best first.
    pub candidates: Vec<PlaceCandidateOut<'a>>,
    /// 0 to 1.
    pub confidence: f32,
}

impl<'a> PlaceOut<'a> {
    fn new(doc: &'a Doc, i: usize, p: &'a text::Place) -> PlaceOut<'a> {
        PlaceOut {
            id: format!("p{}", i + 1),
            entity: format!("e{}", p.entity + 1),
            name: doc.entities.get(p.entity).map(|e| e.name.as_str()).unwrap_or(""),
            resolved: p.resolved.as_ref().map(PlaceCandidateOut::new),
            candidates: p.candidates.iter().map(PlaceCandidateOut::new).collect(),
            confidence: (p.confidence * 100.0).round() / 100.0,
        }
    }
}

/// Where an event happened.
#[derive(Debug, Serialize)]
pub struct LocationOut<'a> {
    /// The place (`p1`, ...).
    pub place: String,
    /// The place entity's name.
    pub name: &'a str,
    /// GeoNames id, when geocoded.
    pub geonames_id: Option<u32>,
    /// ISO 3166 alpha-2 code, when geocoded.
    pub country: Option<&'a str>,
    /// First-level region, when geocoded.
    pub admin1: Option<&'a str>,
    /// Latitude, when geocoded.
    pub lat: Option<f32>,
    /// Longitude, when geocoded.
    pub lon: Option<f32>,
}

impl<'a> LocationOut<'a> {
    fn new(doc: &'a Doc, i: usize) -> Option<LocationOut<'a>> {
        let p = doc.places.get(i)?;
        let r = p.resolved.as_ref();
        Some(LocationOut {
            place: format!("p{}", i + 1),
            name: doc.entities.get(p.entity).map(|e| e.name.as_str()).unwrap_or(""),
            geonames_id: r.map(|r| r.geonames_id),
            country: r.map(|r| r.country.as_str()).filter(|c| !c.is_empty()),
            admin1: r.and_then(|r| r.admin1.as_deref()),
            lat: r.and_then(|r| r.lat),
            lon: r.and_then(|r| r.lon),
        })
    }
}

/// An ACLED category.
#[derive(Debug, Serialize)]
pub struct AcledOut {
    /// ACLED event type.
    pub event_type: &'static str,
    /// ACLED sub-event type.
    pub sub_event_type: &'static str,
}

/// A political event.
#[derive(Debug, Serialize)]
pub struct EventOut<'a> {
    /// `v1`, `v2`, ... in text order.
    pub id: String,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: &'static str,
    /// PLOVER mode.
    pub mode: Option<&'static str>,
    /// PLOVER context.
    pub context: Option<&'static str>,
    /// CAMEO code.
    pub cameo: &'static str,
    /// ACLED category, where one fits.
    pub acled: Option<AcledOut>,
    /// Who acted.
    pub actor: EventActorOut<'a>,
    /// To whom.
    pub target: Option<EventActorOut<'a>>,
    /// Where, when the text says.
    pub location: Option<LocationOut<'a>>,
    /// When: a time id (`t1`, ...).
    pub time: Option<String>,
    /// Fatalities (not yet filled).
    pub fatalities: Option<u32>,
    /// The text says it did not happen.
    pub negated: bool,
    /// The text does not say it happened (a modal, a threat, a plan, a condition).
    pub hedged: bool,
    /// The attribution whose content reports it (`q1`, ...).
    pub attributed_to: Option<String>,
    /// The trigger words.
    pub trigger: TextSpanOut<'a>,
    /// The sentence holding it.
    pub sentence: SpanOut,
    /// 0 to 1.
    pub confidence: f32,
}

impl<'a> EventOut<'a> {
    fn new(doc: &'a Doc, i: usize, e: &'a text::Event) -> EventOut<'a> {
        EventOut {
            id: format!("v{}", i + 1),
            event_type: e.event_type,
            mode: e.mode,
            context: e.context,
            cameo: e.cameo,
            acled: e.acled.map(|(event_type, sub_event_type)| AcledOut {
                event_type,
                sub_event_type,
            }),
            actor: EventActorOut::new(doc, &e.actor),
            target: e.target.as_ref().map(|t| EventActorOut::new(doc, t)),
            location: e.location.and_then(|l| LocationOut::new(doc, l)),
            time: e.time.map(|t| format!("t{}", t + 1)),
            fatalities: None,
            negated: e.negated,
            hedged: e.hedged,
            attributed_to: e.attributed_to.map(|q| format!("q{}", q + 1)),
            trigger: TextSpanOut::new(doc, e.trigger),
            sentence: SpanOut {
                start: e.sentence.start,
                end: e.sentence.end,
            },
            confidence: (e.confidence * 100.0).round() / 100.0,
        }
    }
}

/// A participant of a claim's proposition.
#[derive(Debug, Serialize)]
pub struct ClaimArgOut<'a> {
    /// Entity id (`e1`, ...), when it resolves to one.
    pub entity: Option<String>,
    /// The words.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl<'a> ClaimArgOut<'a> {
    fn new(doc: &'a Doc, a: &'a text::ClaimArg) -> ClaimArgOut<'a> {
        ClaimArgOut {
            entity: a.entity.map(|e| format!("e{}", e + 1)),
            text: doc.slice(a.span),
            start: a.span.start,
            end: a.span.end,
        }
    }
}

/// Who does what to whom in a claim.
#[derive(Debug, Serialize)]
pub struct PropositionOut<'a> {
    /// The subject.
    pub subject: Option<ClaimArgOut<'a>>,
    /// The predicate's words.
    pub predicate: Option<TextSpanOut<'a>>,
    /// The predicate's lemma.
    pub predicate_lemma: Option<&'a str>,
    /// The object or complement.
    pub object: Option<ClaimArgOut<'a>>,
    /// The content says it is not so.
    pub negated: bool,
}

/// Who makes a claim.
#[derive(Debug, Serialize)]
pub struct ClaimSourceOut<'a> {
    /// Entity id (`e1`, ...), when it resolves to one.
    pub entity: Option<String>,
    /// Its name, when the text gives one.
    pub name: Option<&'a str>,
    /// named_person, institution, government, anonymous, document, media or narrator.
    pub kind: &'static str,
    /// ISO 3166 alpha-2 code, or an organisation's name, it speaks for.
    pub side: Option<&'a str>,
    /// The words describing it.
    pub description: Option<TextSpanOut<'a>>,
}

/// A hedge.
#[derive(Debug, Serialize)]
pub struct HedgeOut<'a> {
    /// What it signals.
    pub kind: &'static str,
    /// The words.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// How a claim stands towards another.
#[derive(Debug, Serialize)]
pub struct StanceOut<'a> {
    /// The claim answered (`c1`, ...).
    pub claim: String,
    /// denies, confirms, supports, questions or cannot_verify.
    pub relation: &'static str,
    /// The words carrying the stance.
    pub evidence: TextSpanOut<'a>,
}

/// A claim.
#[derive(Debug, Serialize)]
pub struct ClaimOut<'a> {
    /// `c1`, `c2`, ... in text order.
    pub id: String,
    /// The claim's words, fragments joined by " … ".
    pub text: String,
    /// The fragments as `[start, end]` pairs.
    pub spans: Vec<[usize; 2]>,
    /// Who does what to whom.
    pub proposition: PropositionOut<'a>,
    /// Who makes it.
    pub source: ClaimSourceOut<'a>,
    /// What weakens it.
    pub hedges: Vec<HedgeOut<'a>>,
    /// asserted, denied, unverified, confirmed, retracted or questioned.
    pub status: &'static str,
    /// The attributions it comes from (`q1`, ...).
    pub quote_ids: Vec<String>,
    /// The events it reports (`v1`, ...).
    pub event_ids: Vec<String>,
    /// How it stands towards other claims.
    pub stance: Vec<StanceOut<'a>>,
    /// Normalised proposition for matching across documents ("" when too thin).
    pub key: &'a str,
    /// 0 to 1.
    pub confidence: f32,
}

impl<'a> ClaimOut<'a> {
    fn new(doc: &'a Doc, i: usize, c: &'a text::Claim) -> ClaimOut<'a> {
        let p = &c.proposition;
        ClaimOut {
            id: format!("c{}", i + 1),
            text: c.spans.iter().map(|s| doc.slice(*s)).collect::<Vec<_>>().join(" … "),
            spans: c.spans.iter().map(|s| [s.start, s.end]).collect(),
            proposition: PropositionOut {
                subject: p.subject.as_ref().map(|a| ClaimArgOut::new(doc, a)),
                predicate: p.predicate.map(|s| TextSpanOut::new(doc, s)),
                predicate_lemma: p.predicate_lemma.as_deref(),
                object: p.object.as_ref().map(|a| ClaimArgOut::new(doc, a)),
                negated: p.negated,
            },
            source: ClaimSourceOut {
                entity: c.source.entity.map(|e| format!("e{}", e + 1)),
                name: c.source.name.as_deref(),
                kind: c.source.kind.label(),
                side: c.source.side.as_deref(),
                description: c.source.description.map(|s| TextSpanOut::new(doc, s)),
            },
            hedges: c
                .hedges
                .iter()
                .map(|h| HedgeOut {
                    kind: h.kind,
                    text: doc.slice(h.span),
                    start: h.span.start,
                    end: h.span.end,
                })
                .collect(),
            status: c.status.label(),
            quote_ids: c.quotes.iter().map(|q| format!("q{}", q + 1)).collect(),
            event_ids: c.events.iter().map(|v| format!("v{}", v + 1)).collect(),
            stance: c
                .stance
                .iter()
                .map(|st| StanceOut {
                    claim: format!("c{}", st.claim + 1),
                    relation: st.relation.label(),
                    evidence: TextSpanOut::new(doc, st.evidence),
                })
                .collect(),
            key: &c.key,
            confidence: (c.confidence * 100.0).round() / 100.0,
        }
    }
}

/// Pipeline provenance.
#[derive(Debug, Serialize)]
pub struct PipelineOut<'a> {
    /// dossier's version.
    pub version: &'a str,
    /// Model name → version.
    pub models: &'a BTreeMap<String, String>,
}

/// One output document: the object `dossier analyze` prints.
#[derive(Debug, Serialize)]
pub struct DocOut<'a> {
    /// Always [`SCHEMA_ID`].
    pub schema: &'static str,
    /// Document id.
    pub id: &'a str,
    /// Source name.
    pub source: Option<&'a str>,
    /// URL.
    pub url: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// Authors.
    pub authors: &'a [String],
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// Language code.
    pub language: &'a str,
    /// news, opinion or transcript, where the metadata or text says.
    pub genre: Option<&'static str>,
    /// Hash of the whitespace-normalised text.
    pub content_hash: &'a str,
    /// The text every offset points into.
    pub text: &'a str,
    /// Paragraphs.
    pub paragraphs: Vec<ParagraphOut>,
    /// Sentences.
    pub sentences: Vec<SpanOut>,
    /// Quotations paired by the segmenter.
    pub quote_runs: Vec<QuoteRunOut>,
    /// Tokens, only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenOut<'a>>>,
    /// Named entities with their mentions.
    pub entities: Vec<EntityOut<'a>>,
    /// Place entities geocoded.
    pub places: Vec<PlaceOut<'a>>,
    /// Attributions with their speakers, at or above the confidence
    /// threshold.
    pub quotes: Vec<QuoteOut<'a>>,
    /// Attributions below the threshold, withheld from `quotes` but kept
    /// (`--min-confidence 0` puts them all in `quotes`).
    pub quotes_withheld: Vec<QuoteOut<'a>>,
    /// Claims with their sources, hedges, status and stances.
    pub claims: Vec<ClaimOut<'a>>,
    /// Political events (PLOVER).
    pub events: Vec<EventOut<'a>>,
    /// Money, percentages, counts and ages.
    pub quantities: Vec<QuantityOut<'a>>,
    /// Date, time and duration expressions.
    pub times: Vec<TimeOut<'a>>,
    /// Problems found on the way.
    pub warnings: Vec<WarningOut<'a>>,
    /// Provenance.
    pub pipeline: PipelineOut<'a>,
}

impl<'a> DocOut<'a> {
    /// Build the output view of `doc`.
    pub fn new(doc: &'a Doc, opts: &'a OutputOptions) -> DocOut<'a> {
        let m = &doc.meta;
        let tokens = opts.with_tokens.then(|| {
            doc.tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let syn = doc.syntax.as_ref();
                    TokenOut {
                        text: doc.slice(t.span),
                        start: t.span.start,
                        end: t.span.end,
                        upos: syn.map(|s| s.upos[i]),
                        xpos: syn.map(|s| s.xpos[i]),
                        lemma: syn.map(|s| s.lemma[i].as_str()),
                        head: syn.and_then(|s| s.head[i]),
                        deprel: syn.map(|s| s.deprel[i]),
                    }
                })
                .collect()
        });
        DocOut {
            schema: SCHEMA_ID,
            id: &m.id,
            source: m.source.as_deref(),
            url: m.url.as_deref(),
            title: m.title.as_deref(),
            authors: &m.authors,
            date: m.date.as_deref(),
            language: &doc.language,
            genre: doc.genre.map(text::Genre::label),
            content_hash: &doc.content_hash,
            text: &doc.text,
            paragraphs: doc
                .paragraphs
                .iter()
                .map(|p| ParagraphOut {
                    start: p.span.start,
                    end: p.span.end,
                    quote_run: p.quote_run,
                })
                .collect(),
            sentences: doc
                .sentences
                .iter()
                .map(|s| SpanOut {
                    start: s.span.start,
                    end: s.span.end,
                })
                .collect(),
            quote_runs: doc
                .quote_runs
                .iter()
                .map(|r| QuoteRunOut {
                    start: r.span.start,
                    end: r.span.end,
                    first_paragraph: r.first_paragraph,
                    last_paragraph: r.last_paragraph,
                    closed: r.closed,
                })
                .collect(),
            tokens,
            entities: doc
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| EntityOut::new(doc, i, e))
                .collect(),
            places: doc
                .places
                .iter()
                .enumerate()
                .map(|(i, p)| PlaceOut::new(doc, i, p))
                .collect(),
            quotes: doc
                .quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| shown(q, opts.min_confidence))
                .map(|(i, q)| QuoteOut::new(doc, i, q))
                .collect(),
            quotes_withheld: doc
                .quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| !shown(q, opts.min_confidence))
                .map(|(i, q)| QuoteOut::new(doc, i, q))
                .collect(),
            claims: {
                // A claim inherits its attribution's doubt: claims of
                // withheld attributions are not shown, and stances to them
                // are dropped. Ids stay those of `doc.claims`.
                let visible: Vec<bool> = doc
                    .claims
                    .iter()
                    .map(|c| claim_shown(doc, c, opts.min_confidence))
                    .collect();
                doc.claims
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| visible[*i])
                    .map(|(i, c)| {
                        let mut out = ClaimOut::new(doc, i, c);
                        out.stance = c
                            .stance
                            .iter()
                            .zip(out.stance)
                            .filter(|(st, _)| visible.get(st.claim).copied().unwrap_or(false))
                            .map(|(_, o)| o)
                            .collect();
                        out
                    })
                    .collect()
            },
            events: doc
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| EventOut::new(doc, i, e))
                .collect(),
            quantities: doc
                .quantities
                .iter()
                .enumerate()
                .map(|(i, q)| QuantityOut::new(doc, i, q))
                .collect(),
            times: doc
                .times
                .iter()
                .enumerate()
                .map(|(i, t)| TimeOut::new(doc, i, t))
                .collect(),
            warnings: doc
                .warnings
                .iter()
                .map(|w| WarningOut {
                    stage: w.stage,
                    message: &w.message,
                    start: w.span.map(|s| s.start),
                    end: w.span.map(|s| s.end),
                })
                .collect(),
            pipeline: PipelineOut {
                version: env!("CARGO_PKG_VERSION"),
                models: &opts.models,
            },
        }
    }
}

/// Whether a claim is shown: every attribution it comes from is shown in
/// `quotes`, and a claim from none (the narrator's, a verification
/// statement) is at least `min_confidence` sure.
pub fn claim_shown(doc: &Doc, c: &text::Claim, min_confidence: f32) -> bool {
    if c.quotes.is_empty() {
        return c.confidence >= min_confidence;
    }
    c.quotes
        .iter()
        .all(|&q| doc.quotes.get(q).is_some_and(|q| shown(q, min_confidence)))
}

/// Whether a quote goes to `quotes` rather than `quotes_withheld`.
fn shown(q: &text::Quote, min_confidence: f32) -> bool {
    q.kind == text::QuoteKind::Scare || q.confidence >= min_confidence
}

/// Serialise `doc` as one line of JSON.
pub fn to_json(doc: &Doc, opts: &OutputOptions) -> String {
    serde_json::to_string(&DocOut::new(doc, opts)).expect("output types always serialise")
}

/// Serialise `doc` as indented JSON.
pub fn to_json_pretty(doc: &Doc, opts: &OutputOptions) -> String {
    serde_json::to_string_pretty(&DocOut::new(doc, opts)).expect("output types always serialise")
}

/// Serialise `doc` in the JSON shape of BBC R&D's citron
/// (`{text, quotes: [{id, cue, sources, contents, confidence}]}`), with
/// offsets in **characters** (Unicode code points) as citron counts them.
/// Scare quotes are left out: citron has no such kind.
pub fn to_citron(doc: &Doc) -> String {
    let mut chars = vec![0usize; doc.text.len() + 1];
    let mut n = 0;
    for (b, _) in doc.text.char_indices() {
        chars[b] = n;
        n += 1;
    }
    chars[doc.text.len()] = n;
    let span = |s: text::Span| serde_json::json!({"start": chars[s.start], "end": chars[s.end], "text": doc.slice(s)});
    let quotes: Vec<serde_json::Value> = doc
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != text::QuoteKind::Scare)
        .map(|(i, q)| {
            serde_json::json!({
                "id": format!("q{}", i + 1),
                "cue": q.cue.map(span),
                "sources": q.speaker.iter().map(|s| span(s.span)).collect::<Vec<_>>(),
                "contents": q.content.iter().map(|c| span(*c)).collect::<Vec<_>>(),
                "confidence": (q.confidence * 100.0).round() / 100.0,
            })
        })
        .collect();
    serde_json::json!({"id": doc.meta.id, "text": doc.text, "quotes": quotes}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use text::{segment, Meta};

    fn validate(json: &str) -> Result<(), String> {
        let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let validator = jsonschema::validator_for(&schema).map_err(|e| e.to_string())?;
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    #[test]
    fn output_with_tokens_validates_against_the_schema() {
        let mut doc = Doc::new(
            Meta {
                id: "x".into(),
                date: Some("2025-04-10".into()),
                ..Meta::default()
            },
            "“A quote.\n\n“More of it,” she said.\n\nUnclosed “mark".into(),
        );
        segment(&mut doc);
        let opts = OutputOptions {
            with_tokens: true,
            ..OutputOptions::default()
        };
        validate(&to_json(&doc, &opts)).unwrap();
    }

    #[test]
    fn schema_rejects_a_missing_section() {
        let mut doc = Doc::new(Meta::default(), "Text.".into());
        segment(&mut doc);
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&doc, &OutputOptions::default())).unwrap();
        v.as_object_mut().unwrap().remove("quotes");
        assert!(validate(&v.to_string()).is_err());
    }

    #[test]
    fn quantities_validate_against_the_schema_with_whole_values_as_integers() {
        let mut doc = Doc::new(
            Meta {
                id: "q".into(),
                ..Meta::default()
            },
            "A 2 million ruble ($23,200) payment for two Chinese citizens.".into(),
        );
        segment(&mut doc);
        doc.quantities = vec![
            text::Quantity {
                kind: text::QuantityKind::Money,
                span: text::Span::new(2, 17),
                value: Some(2e6),
                unit: Some("ruble".into()),
                currency: Some("RUB"),
                stated_conversion: Some(text::Conversion {
                    span: text::Span::new(19, 26),
                    value: 23_200.0,
                    currency: Some("USD"),
                }),
                counts: None,
                bound: text::Bound::Exact,
                approximate: false,
            },
            text::Quantity {
                kind: text::QuantityKind::Count,
                span: text::Span::new(40, 43),
                value: None,
                unit: Some("citizen".into()),
                currency: None,
                stated_conversion: None,
                counts: Some(text::Counted {
                    span: text::Span::new(44, 60),
                    entity: Some(0),
                    country: Some("CN".into()),
                }),
                bound: text::Bound::About,
                approximate: true,
            },
        ];
        let json = to_json(&doc, &OutputOptions::default());
        validate(&json).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["quantities"][0]["id"], "n1");
        assert_eq!(v["quantities"][0]["value"].to_string(), "2000000");
        assert_eq!(v["quantities"][0]["stated_conversion"]["text"], "$23,200");
        assert_eq!(v["quantities"][1]["counts"]["entity"], "e1");
        assert_eq!(v["quantities"][1]["value"], serde_json::Value::Null);
    }
}
