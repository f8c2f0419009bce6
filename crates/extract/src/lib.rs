//! Extraction stages that read a tagged and parsed [`text::Doc`] and add
//! what it says: entities ([`entities::extract_entities`]) and attributions
//! ([`quotes::extract_quotes`]); claims, events, quantities and times slot in beside it as modules of
//! their own, each adding to the same `Doc`.
//!
//! **Architecture invariant:** stages here read tokens, tags and the parse;
//! they never re-read raw input and never change `text` or its spans.
#![deny(missing_docs)]

pub mod content;
pub mod cues;
pub mod entities;
pub mod gender;
pub mod genre;
pub mod judge;
pub mod lexicon;
pub mod quotes;

pub use content::{refine_content_bounds, ContentBoundaryModel};
pub use cues::CueModel;
pub use entities::{extract_entities, link_speakers, EntityModels};
pub use genre::detect_genre;
pub use judge::{judge_quotes, JudgeModel};
pub use quotes::extract_quotes;
