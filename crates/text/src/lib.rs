//! dossier's document model and segmentation.
//!
//! [`Doc`] is the one type that flows through every stage of dossier, as
//! spaCy's `Doc` does: it holds the text and every annotation as spans over
//! it. Every [`Span`] is a **UTF-8 byte offset** into [`Doc::text`], the text
//! as dossier holds it after HTML extraction and invalid-byte replacement.
//!
//! This crate fills in paragraphs, sentences, tokens and quotation runs
//! ([`segment`]) and the language ([`detect_language`]).
//!
//! ```
//! use dossier_text::{Doc, Meta, segment, detect_language};
//! let mut doc = Doc::new(Meta::default(), "Gen. Smith said it was “over.” Then he left.".into());
//! segment(&mut doc);
//! assert_eq!(doc.sentences.len(), 2);
//! assert_eq!(doc.slice(doc.sentences[1].span), "Then he left.");
//! ```
#![deny(missing_docs)]

mod boundary;
pub mod budget;
mod claims;
mod doc;
mod events;
mod lang;
mod places;
mod quantities;
mod segment;
mod times;

pub use boundary::{seeded_shuffle, train_boundaries, BoundaryExample, BoundaryModel};
pub use claims::{
    Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStance, ClaimStatus, Hedge, Proposition, StanceRelation,
};
pub use doc::{
    content_hash, stable_id, Doc, Entity, EntityType, Genre, Medium, Mention, MentionKind, Meta, Paragraph, Quote,
    QuoteDir, QuoteKind, QuoteMark, QuoteRun, Resolution, Sentence, SourceKind, Span, Speaker, Syntax, Token, Warning,
    MAX_WARNINGS_PER_STAGE,
};
pub use events::{Event, EventActor};
pub use lang::{detect_language, detect_sample, looks_english};
pub use places::{Place, PlaceCandidate};
pub use quantities::{Bound, Conversion, Counted, Quantity, QuantityKind};
pub use segment::{paragraphs, segment, segment_with, tokenize_into};
pub use times::{TimeAnchor, TimeExpr, TimeGrain};

/// How many elements two sorted, deduplicated slices share, in one merge
/// pass without allocating.
pub fn sorted_overlap<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
