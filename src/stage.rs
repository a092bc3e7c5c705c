//! The stages a legislative file moves through, and their ranks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Where a legislative file stands in the ordinary legislative procedure.
///
/// The first eight stages are ordered by [`rank`](Stage::rank); the two
/// co-legislators' mandates ([`GeneralApproach`](Stage::GeneralApproach) and
/// [`LibeVote`](Stage::LibeVote)) share rank 1 because they happen in either
/// order. [`Withdrawn`](Stage::Withdrawn), [`Lapsed`](Stage::Lapsed) and
/// [`Rejected`](Stage::Rejected) are terminal: they rank nowhere and imply
/// nothing.
///
/// Stages serialise in `snake_case`, exactly as the register format names
/// them:
///
/// ```
/// use codecision::Stage;
///
/// let stage: Stage = "general_approach".parse()?;
/// assert_eq!(stage, Stage::GeneralApproach);
/// assert_eq!(stage.rank(), Some(1));
/// assert_eq!(Stage::EntryIntoForce.to_string(), "entry_into_force");
/// assert_eq!(serde_json::to_string(&Stage::LibeVote)?, "\"libe_vote\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The Commission adopts the legislative proposal.
    Proposal = 0,
    /// The Council's negotiating mandate (general approach, or a Coreper mandate).
    GeneralApproach = 1,
    /// The Parliament's lead committee votes its report and negotiating
    /// mandate. The committee is LIBE for the security files; another
    /// committee (ITRE for the Cybersecurity Act, say) is recorded on the
    /// event or the file, and the stage keeps this name.
    LibeVote = 2,
    /// Interinstitutional negotiations (trilogues) are under way. A repeated
    /// trilogue is a further meeting, not a new stage.
    Trilogue = 3,
    /// Parliament and Council reach a provisional agreement.
    PoliticalAgreement = 4,
    /// Both co-legislators adopt the act.
    Adoption = 5,
    /// The act enters into force.
    EntryIntoForce = 6,
    /// The act applies, or the system it sets up starts operating.
    Application = 7,
    /// The Commission withdraws the proposal (terminal).
    Withdrawn = 8,
    /// The proposal lapses (terminal).
    Lapsed = 9,
    /// A co-legislator rejects the proposal (terminal).
    Rejected = 10,
}

impl Stage {
    /// Every stage, ranked stages first in rank order, then the terminal ones.
    pub const ALL: [Stage; 11] = [
        Stage::Proposal,
        Stage::GeneralApproach,
        Stage::LibeVote,
        Stage::Trilogue,
        Stage::PoliticalAgreement,
        Stage::Adoption,
        Stage::EntryIntoForce,
        Stage::Application,
        Stage::Withdrawn,
        Stage::Lapsed,
        Stage::Rejected,
    ];

    /// The eight ranked (non-terminal) stages, in rank order: those of
    /// [`ALL`](Stage::ALL) that have a [`rank`](Stage::rank).
    pub const RANKED: [Stage; 8] = {
        let mut ranked = [Stage::Proposal; 8];
        let (mut i, mut n) = (0, 0);
        while i < Stage::ALL.len() {
            if Stage::ALL[i].rank().is_some() {
                // A ninth ranked stage stops the build here.
                ranked[n] = Stage::ALL[i];
                n += 1;
            }
            i += 1;
        }
        assert!(
            n == ranked.len(),
            "RANKED is shorter than the ranked stages"
        );
        ranked
    };

    /// The stage's rank (0 for a proposal up to 6 for application), or `None`
    /// for a terminal stage.
    ///
    /// ```
    /// use codecision::Stage;
    /// assert_eq!(Stage::Trilogue.rank(), Some(2));
    /// assert_eq!(Stage::GeneralApproach.rank(), Stage::LibeVote.rank());
    /// assert_eq!(Stage::Withdrawn.rank(), None);
    /// ```
    pub const fn rank(self) -> Option<u8> {
        match self {
            Stage::Proposal => Some(0),
            Stage::GeneralApproach | Stage::LibeVote => Some(1),
            Stage::Trilogue => Some(2),
            Stage::PoliticalAgreement => Some(3),
            Stage::Adoption => Some(4),
            Stage::EntryIntoForce => Some(5),
            Stage::Application => Some(6),
            Stage::Withdrawn | Stage::Lapsed | Stage::Rejected => None,
        }
    }

    /// Whether the stage ends the procedure without an act (withdrawn, lapsed
    /// or rejected).
    pub const fn is_terminal(self) -> bool {
        self.rank().is_none()
    }

    /// Whether the stage is one of the two co-legislators' mandates.
    pub const fn is_mandate(self) -> bool {
        matches!(self, Stage::GeneralApproach | Stage::LibeVote)
    }

    /// Whether the procedure is still open at this stage: the transition
    /// table lets a file here be withdrawn, lapse or be rejected (proposal up
    /// to political agreement).
    ///
    /// ```
    /// use codecision::Stage;
    /// assert!(Stage::PoliticalAgreement.is_open());
    /// assert!(!Stage::Adoption.is_open());
    /// ```
    pub const fn is_open(self) -> bool {
        crate::transition::permits(Some(self), Stage::Withdrawn)
    }

    /// Whether the stage may be recorded again without being a transition: an
    /// amended proposal, a revised mandate, a further trilogue meeting.
    pub const fn is_repeatable(self) -> bool {
        matches!(
            self,
            Stage::Proposal | Stage::GeneralApproach | Stage::LibeVote | Stage::Trilogue
        )
    }

    /// Whether reaching `self` implies that `other` has been reached too, as
    /// the register format defines it: a non-terminal stage implies every
    /// stage of lower rank, except that a mandate is implied only by a stage
    /// of rank 2 or more (one mandate never implies the other).
    ///
    /// ```
    /// use codecision::Stage;
    /// assert!(Stage::Adoption.implies(Stage::Trilogue));
    /// assert!(Stage::Trilogue.implies(Stage::LibeVote));
    /// assert!(!Stage::GeneralApproach.implies(Stage::LibeVote));
    /// assert!(!Stage::Withdrawn.implies(Stage::Proposal));
    /// ```
    pub const fn implies(self, other: Stage) -> bool {
        if self as u8 == other as u8 {
            return true;
        }
        match (self.rank(), other.rank()) {
            (Some(mine), Some(theirs)) => {
                let floor = if theirs == 1 { 2 } else { theirs + 1 };
                mine >= floor
            }
            _ => false,
        }
    }

    /// The name used in the register format and on the command line
    /// (`general_approach`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Proposal => "proposal",
            Stage::GeneralApproach => "general_approach",
            Stage::LibeVote => "libe_vote",
            Stage::Trilogue => "trilogue",
            Stage::PoliticalAgreement => "political_agreement",
            Stage::Adoption => "adoption",
            Stage::EntryIntoForce => "entry_into_force",
            Stage::Application => "application",
            Stage::Withdrawn => "withdrawn",
            Stage::Lapsed => "lapsed",
            Stage::Rejected => "rejected",
        }
    }

    /// The name as the field writes it ("general approach", "LIBE vote",
    /// "entry into force").
    ///
    /// ```
    /// use codecision::Stage;
    /// assert_eq!(Stage::PoliticalAgreement.label(), "political agreement");
    /// assert_eq!(Stage::LibeVote.label(), "LIBE vote");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Proposal => "proposal",
            Stage::GeneralApproach => "general approach",
            Stage::LibeVote => "LIBE vote",
            Stage::Trilogue => "trilogue",
            Stage::PoliticalAgreement => "political agreement",
            Stage::Adoption => "adoption",
            Stage::EntryIntoForce => "entry into force",
            Stage::Application => "application",
            Stage::Withdrawn => "withdrawn",
            Stage::Lapsed => "lapsed",
            Stage::Rejected => "rejected",
        }
    }

    /// The label with the committee that voted, for a committee vote held by
    /// another committee than LIBE ("ITRE vote"); every other stage keeps its
    /// [`label`](Stage::label).
    ///
    /// ```
    /// use codecision::Stage;
    /// assert_eq!(Stage::LibeVote.label_for(Some("ITRE")), "ITRE vote");
    /// assert_eq!(Stage::LibeVote.label_for(None), "LIBE vote");
    /// assert_eq!(Stage::Trilogue.label_for(Some("ITRE")), "trilogue");
    /// ```
    pub fn label_for(self, committee: Option<&str>) -> String {
        match (self, committee) {
            (Stage::LibeVote, Some(c)) if !c.is_empty() => format!("{c} vote"),
            _ => self.label().to_string(),
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = Error;

    /// Parses the register-format name of a stage (`libe_vote`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownStage`] naming the input and listing the known stages.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Stage::named(s).ok_or_else(|| Error::UnknownStage {
            value: s.to_string(),
        })
    }
}

impl Stage {
    /// The stage whose register-format name is `name`.
    pub(crate) fn named(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse::<Stage>().unwrap(), stage);
            let json = serde_json::to_string(&stage).unwrap();
            assert_eq!(json, format!("\"{}\"", stage.as_str()));
            assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), stage);
        }
    }

    #[test]
    fn unknown_stage_is_named() {
        let err = "trialogue".parse::<Stage>().unwrap_err();
        assert!(err.to_string().contains("`trialogue`"), "{err}");
    }

    #[test]
    fn ranks_follow_the_format() {
        let ranks: Vec<_> = Stage::RANKED.iter().map(|s| s.rank().unwrap()).collect();
        assert_eq!(ranks, [0, 1, 1, 2, 3, 4, 5, 6]);
        for stage in [Stage::Withdrawn, Stage::Lapsed, Stage::Rejected] {
            assert!(stage.is_terminal());
        }
    }

    #[test]
    fn implication_matches_the_definition() {
        use Stage::*;
        assert!(Trilogue.implies(GeneralApproach));
        assert!(Trilogue.implies(LibeVote));
        assert!(GeneralApproach.implies(Proposal));
        assert!(LibeVote.implies(Proposal));
        assert!(!LibeVote.implies(GeneralApproach));
        assert!(!Proposal.implies(GeneralApproach));
        assert!(Application.implies(EntryIntoForce));
        assert!(!EntryIntoForce.implies(Application));
        for t in [Withdrawn, Lapsed, Rejected] {
            for s in Stage::RANKED {
                assert!(!t.implies(s));
                assert!(!s.implies(t));
            }
        }
    }
}
