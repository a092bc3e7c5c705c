//! What a forecast says about a goal (or a file) and its deadline: the
//! probability that every blocker reaches its required stage in time, and
//! the files that carry the risk.

use chrono::NaiveDate;
use serde::Serialize;

use crate::stage::Stage;

/// The chance of meeting a deadline, as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TargetForecast {
    /// The goal or file asked about.
    pub target: String,
    /// The deadline (the goal's, or the one given).
    pub deadline: NaiveDate,
    /// The forecast date.
    pub as_of: NaiveDate,
    /// The share of simulations in which every file of the target's closure
    /// reaches its required stage by the deadline. Once the deadline has
    /// passed it is 1 if nothing was missing then and 0 otherwise.
    pub p_on_time: f64,
    /// The blockers (files of the closure that have not reached their
    /// required stage), the riskiest first.
    pub blockers: Vec<Risk>,
}

impl TargetForecast {
    /// Whether the deadline has passed as of the forecast date, as
    /// [`Blockers::deadline_passed`](crate::answer::Blockers::deadline_passed) says:
    /// `p_on_time` is then 1 or 0.
    pub fn deadline_passed(&self) -> bool {
        crate::query::needs::deadline_passed(self.deadline, self.as_of)
    }

    /// The risk entry of `file`, if it is a blocker.
    pub fn risk(&self, file: &str) -> Option<&Risk> {
        self.blockers.iter().find(|r| r.file == file)
    }

    /// The forecast in one sentence, with the files that carry the risk:
    /// "interoperability-2020: 12% chance of meeting its deadline (31 Dec
    /// 2020). Most of the risk: ...", or, once the deadline has passed,
    /// whether it was met and which files were late. What
    /// `codecision forecast` prints for a goal.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// use codecision::forecast::Forecaster;
    /// let register = Register::security_union();
    /// let late = Forecaster::new(&register, parse_date("2021-06-01")?).target("interoperability-2020", None)?;
    /// assert!(late.sentence().starts_with("interoperability-2020: missed its deadline (31 Dec 2020)"), "{}", late.sentence());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn sentence(&self) -> String {
        let goal = self;
        let deadline = long_date(goal.deadline);
        if goal.deadline_passed() {
            return match goal.blockers.len() {
                0 => format!("{}: met its deadline ({deadline}).", goal.target),
                n => format!(
                    "{}: missed its deadline ({deadline}); {n} file{} late: {}.",
                    goal.target,
                    if n == 1 { " was" } else { "s were" },
                    goal.blockers
                        .iter()
                        .map(|r| r.file.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
        }
        if goal.blockers.is_empty() {
            return format!(
                "{}: already met; nothing outstanding for its deadline ({deadline}).",
                goal.target
            );
        }
        let risky: Vec<String> = goal
            .blockers
            .iter()
            .take(3)
            .map(|r| {
                let p = r.p_by_deadline.unwrap_or(0.0);
                let mut text = format!(
                    "{} ({} by the deadline in {})",
                    r.file,
                    r.required.label(),
                    percent(p)
                );
                if r.not_proposed {
                    text = format!("{} (not proposed yet; {} at best)", r.file, percent(p));
                } else if r.p_by_deadline_alone.is_some_and(|a| a > p + 0.05) {
                    text.pop();
                    text.push_str(", held back by its prerequisites)");
                }
                text
            })
            .collect();
        format!(
            "{}: {} chance of meeting its deadline ({deadline}). Most of the risk: {}.",
            goal.target,
            percent(goal.p_on_time),
            risky.join(", ")
        )
    }
}

/// One blocker's chance of being in time.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Risk {
    /// The file's id.
    pub file: String,
    /// The stage the target needs of it.
    pub required: Stage,
    /// Its stage on the forecast date (or at the deadline, once passed).
    pub stage: Option<Stage>,
    /// The share of simulations in which it reaches `required` by the
    /// deadline (absent once the deadline has passed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_by_deadline: Option<f64>,
    /// The same share if no prerequisite held it back: a file that is late
    /// only because of a prerequisite scores high here, and the
    /// prerequisite carries the risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_by_deadline_alone: Option<f64>,
    /// No event yet on the forecast date: the forecast assumes a proposal
    /// that very day, so its probability is an upper bound.
    pub not_proposed: bool,
}

impl Risk {
    /// How much of the target's risk the file carries by itself: the
    /// probability that it misses the deadline even with every
    /// prerequisite in time.
    pub fn own_risk(&self) -> f64 {
        1.0 - self
            .p_by_deadline_alone
            .or(self.p_by_deadline)
            .unwrap_or(0.0)
    }
}

use crate::text::{date as long_date, percent};
