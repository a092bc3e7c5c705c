//! Which goals (and files) a file holds up: the reverse closure.

use std::collections::VecDeque;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::query::Ask;
use crate::query::needs::Horizon;
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// Which goals need a file, and whether it blocks them: the answer of
/// [`Register::impact`].
///
/// Serialises as the command line's `impact` JSON: `file`, `as_of`, then
/// `goals`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Impact {
    /// The file asked about.
    pub file: String,
    /// The date asked as of.
    pub as_of: NaiveDate,
    /// Every goal whose closure holds the file, by deadline then id.
    pub goals: Vec<GoalImpact>,
}

/// One goal whose closure contains the file asked about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GoalImpact {
    /// The goal's id.
    pub goal: String,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// The stage the goal asks of the file (the highest over its closure).
    pub required: Stage,
    /// Whether the file blocks the goal as of the date asked (it had not
    /// reached `required` by `min(as_of, deadline)`).
    pub blocking: bool,
    /// One shortest chain of `requires` from the goal to the file.
    pub path: Vec<String>,
}

impl Register {
    /// Every goal that needs the file `ask` targets, directly or through
    /// other files, and whether the file blocks it as of `ask`'s date.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// let register = Register::security_union();
    /// let impact = register.impact(&Ask::new(parse_date("2018-01-24")?).target("eu-lisa"))?;
    /// assert!(impact.goals.iter().any(|g| g.goal == "interoperability-2020" && g.blocking));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Incomplete`] without a target; [`Error::UnknownId`] if the
    /// target is not a file.
    ///
    /// # Complexity
    ///
    /// A reverse walk from the file, then one closure per goal found.
    pub fn impact(&self, ask: &Ask) -> Result<Impact, Error> {
        let (id, as_of) = (ask.needs_target("impact")?, ask.as_of());
        self.file(id).ok_or_else(|| self.unknown_file(id))?;
        let start = self.index_of(id)?;
        let mut seen = vec![false; self.node_count()];
        let mut queue = VecDeque::from([start]);
        seen[start as usize] = true;
        let mut goals = Vec::new();
        while let Some(n) = queue.pop_front() {
            if let FileOrGoal::Goal(_) = self.node_at(n) {
                goals.push(n);
            }
            for &(up, _) in self.graph().required_by(n) {
                if !seen[up as usize] {
                    seen[up as usize] = true;
                    queue.push_back(up);
                }
            }
        }
        let mut out = Vec::new();
        for g in goals {
            let FileOrGoal::Goal(goal) = self.node_at(g) else {
                continue;
            };
            let needs = self.needs(
                g,
                Horizon {
                    deadline: Some(goal.deadline),
                    as_of,
                },
            );
            let Some(need) = needs.of(self, start) else {
                continue;
            };
            out.push(GoalImpact {
                goal: goal.id.clone(),
                deadline: goal.deadline,
                required: need.required,
                blocking: need.missing,
                path: needs.closure.path(self, start),
            });
        }
        out.sort_by(|a, b| {
            a.deadline
                .cmp(&b.deadline)
                .then_with(|| a.goal.cmp(&b.goal))
        });
        Ok(Impact {
            file: id.to_string(),
            as_of,
            goals: out,
        })
    }
}
