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

/// The fill of a goal's box.
pub(crate) const GOAL_FILL: &str = "#fff7bc";

/// The outline of a goal's box.
pub(crate) const GOAL_STROKE: &str = "#8c6d1f";

/// Deadlines and blockers: a dark red that stays dark in greyscale and
/// differs from the blue-green stage ramp for every kind of colour vision.
pub(crate) const ALERT: &str = "#b2182b";

/// The "as of" line and axis text.
pub(crate) const INK: &str = "#1f2937";

/// Secondary text, grid lines' labels.
pub(crate) const MUTED: &str = "#5b6573";

/// The outline of a stage's box: dark enough to show a pale fill on white.
pub(crate) fn outline(stage: Option<Stage>) -> &'static str {
    match stage {
        None => "#9aa3ad",
        Some(Stage::Proposal | Stage::GeneralApproach | Stage::LibeVote) => "#7a9a83",
        Some(Stage::Trilogue | Stage::PoliticalAgreement) => "#4f8a7d",
        Some(Stage::Adoption | Stage::EntryIntoForce | Stage::Application) => "#1d5f8a",
        Some(_) => "#7d7d7d",
    }
}

/// The legend: one entry per distinct colour, in procedure order, with the
/// stage (one of those sharing the colour) and the words to print.
pub(crate) const LEGEND: [(Option<Stage>, &str); 9] = [
    (None, "not proposed"),
    (Some(Stage::Proposal), "proposal"),
    (
        Some(Stage::GeneralApproach),
        "mandate (general approach / committee vote)",
    ),
    (Some(Stage::Trilogue), "trilogue"),
    (Some(Stage::PoliticalAgreement), "political agreement"),
    (Some(Stage::Adoption), "adoption"),
    (Some(Stage::EntryIntoForce), "entry into force"),
    (Some(Stage::Application), "application"),
    (Some(Stage::Withdrawn), "withdrawn / lapsed / rejected"),
];

/// The legend entry that shows `stage`'s colour.
pub(crate) fn legend_index(stage: Option<Stage>) -> usize {
    match stage {
        None => 0,
        Some(Stage::Proposal) => 1,
        Some(Stage::GeneralApproach | Stage::LibeVote) => 2,
        Some(Stage::Trilogue) => 3,
        Some(Stage::PoliticalAgreement) => 4,
        Some(Stage::Adoption) => 5,
        Some(Stage::EntryIntoForce) => 6,
        Some(Stage::Application) => 7,
        Some(Stage::Withdrawn | Stage::Lapsed | Stage::Rejected) => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_shows_every_colour_once() {
        for (i, (stage, _)) in LEGEND.iter().enumerate() {
            assert_eq!(legend_index(*stage), i);
        }
        for stage in Stage::ALL {
            let (shown, _) = LEGEND[legend_index(Some(stage))];
            assert_eq!(colour(shown), colour(Some(stage)), "{stage}");
        }
    }
}
