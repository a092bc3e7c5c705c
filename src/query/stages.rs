//! The transition table as data: the answer of `codecision stages`.

use serde::Serialize;

use crate::stage::Stage;
use crate::transition::TABLE;

/// Every stage and every rule of the [transition table](crate::transition::TABLE).
///
/// Serialises as the command line's `stages` JSON: `stages`, then `rules`.
///
/// ```
/// let table = codecision::answer::Stages::new();
/// assert!(table.rules.iter().any(|r| r.name == "proposal"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stages {
    /// Every stage, in [`Stage::ALL`]'s order.
    pub stages: Vec<StageInfo>,
    /// Every rule, in the table's order.
    pub rules: Vec<RuleInfo>,
}

/// One stage of [`Stages`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StageInfo {
    /// The stage.
    pub stage: Stage,
    /// Its label for people.
    pub label: &'static str,
    /// Its rank on the main route (`None`: terminal).
    pub rank: Option<u8>,
    /// Whether the procedure ends there.
    pub terminal: bool,
}

/// One rule of [`Stages`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleInfo {
    /// The rule's name.
    pub name: &'static str,
    /// The stages it leaves (`None`: a file with no stage yet).
    pub from: Option<&'static [Stage]>,
    /// The stage it reaches.
    pub to: Stage,
    /// What it needs beyond the stage it leaves.
    pub condition: &'static str,
    /// Why the rule is as it is.
    pub why: &'static str,
}

impl Stages {
    /// The table's stages and rules.
    pub fn new() -> Stages {
        Stages {
            stages: Stage::ALL
                .into_iter()
                .map(|stage| StageInfo {
                    stage,
                    label: stage.label(),
                    rank: stage.rank(),
                    terminal: stage.is_terminal(),
                })
                .collect(),
            rules: TABLE
                .iter()
                .map(|rule| RuleInfo {
                    name: rule.name,
                    from: rule.from.stages(),
                    to: rule.to,
                    condition: rule.guard.describe(),
                    why: rule.why,
                })
                .collect(),
        }
    }
}

impl Default for Stages {
    fn default() -> Self {
        Stages::new()
    }
}
