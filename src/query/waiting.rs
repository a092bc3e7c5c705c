//! What a file is waiting for: its missing prerequisites and the stages it
//! may move to next.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::query::Ask;
use crate::query::blockers::Blocker;
use crate::register::Register;
use crate::stage::Stage;
use crate::transition::{Guard, Step, TABLE};

/// The answer to "what is this file waiting for, as of this date?".
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Waiting {
    /// The file.
    pub file: String,
    /// The date asked about.
    pub as_of: NaiveDate,
    /// Its stage then.
    pub stage: Option<Stage>,
    /// Since when.
    pub since: Option<NaiveDate>,
    /// Prerequisites (direct and transitive) that have not reached the stage
    /// asked of them, each with its chain from this file.
    pub missing: Vec<Blocker>,
    /// The stages the transition table allows next, with the rule for each.
    pub next: Vec<NextStage>,
    /// Stages the table would allow but for a condition not yet met (a
    /// trilogue waiting for the second mandate).
    pub held_back: Vec<NextStage>,
}

/// A stage a file may move to, and the rule of the table that allows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NextStage {
    /// The stage.
    pub stage: Stage,
    /// The rule's name.
    pub rule: &'static str,
    /// What the rule needs beyond the current stage.
    pub condition: &'static str,
}

impl Register {
    /// What the file `ask` targets is waiting for as of `ask`'s date.
    ///
    /// ```
    /// use codecision::{Ask, Register, Stage, parse_date};
    /// let register = Register::security_union();
    /// let etias = register.waiting(&Ask::new(parse_date("2017-07-01")?).target("etias"))?;
    /// assert_eq!(etias.stage, Some(Stage::GeneralApproach));
    /// // The Council has its mandate; Parliament's committee has not voted.
    /// assert!(etias.next.iter().any(|n| n.stage == Stage::LibeVote));
    /// assert!(etias.held_back.iter().any(|n| n.stage == Stage::Trilogue));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Incomplete`] without a target; [`Error::UnknownId`] if the
    /// target is not a file of the register.
    pub fn waiting(&self, ask: &Ask) -> Result<Waiting, Error> {
        let (id, as_of) = (ask.needs_target("waiting")?, ask.as_of());
        let file = self.file(id).ok_or_else(|| self.unknown_file(id))?;
        let at = file.stage_at(as_of);
        let (answer, _) = self.blockers_and_closure(id, Some(as_of), as_of)?;
        let mut missing = answer.blockers;
        missing.retain(|b| b.file() != id);
        // Nearest first: by depth, known in O(1), never by building paths
        // (quadratic on a deep chain).
        missing.sort_by(|a, b| {
            a.depth()
                .cmp(&b.depth())
                .then_with(|| a.file().cmp(b.file()))
        });
        let progress = file.progress_at(as_of);
        let mut next = Vec::new();
        let mut held_back = Vec::new();
        for stage in Stage::ALL {
            match progress.check(stage) {
                Ok(Step::Transition(rule)) => next.push(NextStage {
                    stage,
                    rule: rule.name,
                    condition: rule.guard.describe(),
                }),
                Err(refusal) => {
                    if let Some(rule) = refusal.failed_rule().filter(|r| r.guard != Guard::None) {
                        held_back.push(NextStage {
                            stage,
                            rule: rule.name,
                            condition: rule.guard.describe(),
                        });
                    }
                }
                Ok(Step::Repeat) => {}
            }
        }
        debug_assert!(next.iter().all(|n| TABLE.iter().any(|r| r.name == n.rule)));
        Ok(Waiting {
            file: id.to_string(),
            as_of,
            stage: at.map(|s| s.stage),
            since: at.map(|s| s.since),
            missing,
            next,
            held_back,
        })
    }
}
