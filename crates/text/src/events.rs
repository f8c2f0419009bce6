//! Political events: who did what to whom, coded in PLOVER (with the CAMEO
//! code it came from and an ACLED category where one fits).

use crate::doc::Span;

/// A participant of an event (its actor or its target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    /// The words naming it in the event's sentence.
    pub span: Span,
    /// Index into [`crate::Doc::entities`], when it resolves to one.
    pub entity: Option<usize>,
    /// The entity's name, or the words themselves.
    pub name: String,
    /// ISO 3166 alpha-2 code of its country, when known.
    pub country: Option<String>,
    /// PLOVER sector (`GOV`, `MIL`, `CVL`, `REB`, `COP`, ...), when the text gives it.
    pub sector: Option<&'static str>,
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// PLOVER event type (`ASSAULT`, `ACCUSE`, ...).
    pub event_type: &'static str,
    /// PLOVER mode, when the type has one for this event.
    pub mode: Option<&'static str>,
    /// PLOVER context, when the code gives one.
    pub context: Option<&'static str>,
    /// The CAMEO code it was coded with.
    pub cameo: &'static str,
    /// ACLED event type and sub-event type, when one fits.
    pub acled: Option<(&'static str, &'static str)>,
    /// Who acted.
    pub actor: EventActor,
    /// To whom, when the text says.
    pub target: Option<EventActor>,
    /// Index into [`crate::Doc::places`]: where it happened, when the text says.
    pub location: Option<usize>,
    /// Index into [`crate::Doc::times`]: the time expression in the event's clause.
    pub time: Option<usize>,
    /// The text says it did not happen ("did not", "stopped short of").
    pub negated: bool,
    /// The text does not say it happened: a modal, a threat, a plan, a condition.
    pub hedged: bool,
    /// Index into [`crate::Doc::quotes`] of the attribution whose content reports it.
    pub attributed_to: Option<usize>,
    /// The words that signal it (the verb, with its particle).
    pub trigger: Span,
    /// The sentence holding it.
    pub sentence: Span,
    /// How sure the extractor is, 0 to 1.
    pub confidence: f32,
}
