//! One palette for every picture: DOT, Mermaid, SVG and HTML colour a stage
//! the same way.
//!
//! The colours run from pale (early) to deep (in force) along one blue-green
//! ramp, so they stay distinguishable in greyscale and for colour-blind
//! readers; terminal stages are a neutral grey and pictures always print the
//! stage's name beside its colour.

use crate::stage::Stage;

/// The fill colour (hex) for a file at `stage` (`None`: not yet proposed).
pub(crate) fn colour(stage: Option<Stage>) -> &'static str {
    match stage {
        None => "#ffffff",
        Some(Stage::Proposal) => "#f7fcf0",
        Some(Stage::GeneralApproach | Stage::LibeVote) => "#ccebc5",
        Some(Stage::Trilogue) => "#a8ddb5",
        Some(Stage::PoliticalAgreement) => "#7bccc4",
        Some(Stage::Adoption) => "#4eb3d3",
        Some(Stage::EntryIntoForce) => "#2b8cbe",
        Some(Stage::Application) => "#08589e",
        Some(Stage::Withdrawn | Stage::Lapsed | Stage::Rejected) => "#bdbdbd",
    }
}

/// A text colour that reads on [`colour`]'s fill.
pub(crate) fn ink(stage: Option<Stage>) -> &'static str {
    match stage {
        Some(Stage::EntryIntoForce | Stage::Application) => "#ffffff",
        _ => "#1a1a1a",
    }
}
