//! The `blockers` answer with the forecast's chances: what
//! `codecision blockers --format json` prints (spec/cli.md's `blockers`
//! document, plus `p_on_time` and each blocker's `p_by_deadline`).

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::SerializeMap;

use super::Forecaster;
use crate::error::Error;
use crate::query::{Blocker, Blockers};
use crate::register::Register;

/// A [`Blockers`] answer with the chance that the target is met by its
/// deadline (`p_on_time`) and, while the deadline is ahead, each blocker's
/// chance of reaching its stage in time (`p_by_deadline`). Once the
/// deadline has passed the answer is settled: `p_on_time` is 1 or 0 and no
/// blocker has a chance.
///
/// Serialises as the command line's `blockers` JSON: `target`, `deadline`,
/// `as_of`, `blockers` (each as [`Blocker`] serialises, with
/// `p_by_deadline` when known), then `p_on_time`. The three parts are
/// given separately too ([`head`](BlockersWithChances::head),
/// [`entries`](BlockersWithChances::entries),
/// [`tail`](BlockersWithChances::tail)) for writers that render a large
/// array piece by piece.
///
/// ```
/// use codecision::{Register, parse_date};
/// let register = Register::security_union();
/// let answer = register.blockers("interoperability-2020", None, parse_date("2021-06-01")?)?;
/// let json = serde_json::to_value(answer.with_chances(&register)?).unwrap();
/// assert_eq!(json["p_on_time"], 0.0); // the deadline passed with files missing
/// assert_eq!(json["blockers"][0]["path"][0], "interoperability-2020");
/// # Ok::<(), codecision::Error>(())
/// ```
#[non_exhaustive]
pub struct BlockersWithChances<'a> {
    head: Head<'a>,
    entries: Vec<BlockerWithChance<'a>>,
    tail: OnTime,
}

/// The fields before `blockers`.
#[derive(Serialize)]
struct Head<'a> {
    target: &'a str,
    deadline: NaiveDate,
    as_of: NaiveDate,
}

/// The fields after `blockers`.
#[derive(Serialize)]
struct OnTime {
    p_on_time: f64,
}

/// One blocker of a [`BlockersWithChances`], with its chance.
#[derive(Serialize)]
#[non_exhaustive]
pub struct BlockerWithChance<'a> {
    #[serde(flatten)]
    blocker: &'a Blocker,
    #[serde(skip_serializing_if = "Option::is_none")]
    p_by_deadline: Option<f64>,
}

impl BlockerWithChance<'_> {
    /// The blocker.
    pub fn blocker(&self) -> &Blocker {
        self.blocker
    }

    /// Its chance of reaching its stage by the deadline (`None` once the
    /// deadline has passed).
    pub fn p_by_deadline(&self) -> Option<f64> {
        self.p_by_deadline
    }
}

impl<'a> BlockersWithChances<'a> {
    /// The fields that come before `blockers` (`target`, `deadline`,
    /// `as_of`), as a serialisable object.
    pub fn head(&self) -> &impl Serialize {
        &self.head
    }

    /// The blockers with their chances, in the answer's order.
    pub fn entries(&self) -> &[BlockerWithChance<'a>] {
        &self.entries
    }

    /// The fields that come after `blockers` (`p_on_time`), as a
    /// serialisable object.
    pub fn tail(&self) -> &impl Serialize {
        &self.tail
    }

    /// The chance that the target is met by its deadline.
    pub fn p_on_time(&self) -> f64 {
        self.tail.p_on_time
    }
}

impl Serialize for BlockersWithChances<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("target", self.head.target)?;
        map.serialize_entry("deadline", &self.head.deadline)?;
        map.serialize_entry("as_of", &self.head.as_of)?;
        map.serialize_entry("blockers", &self.entries)?;
        map.serialize_entry("p_on_time", &self.tail.p_on_time)?;
        map.end()
    }
}

impl Blockers {
    /// This answer with the forecast's chances (the default seed and number
    /// of simulations of [`Forecaster`]); nothing is simulated once the
    /// deadline has passed.
    ///
    /// # Errors
    ///
    /// As [`Forecaster::target`]: `register` must be the one asked (an
    /// unknown target is [`Error::UnknownId`]).
    pub fn with_chances(&self, register: &Register) -> Result<BlockersWithChances<'_>, Error> {
        let head = Head {
            target: &self.target,
            deadline: self.deadline,
            as_of: self.as_of,
        };
        if self.deadline_passed() {
            let entries = self
                .blockers
                .iter()
                .map(|blocker| BlockerWithChance {
                    blocker,
                    p_by_deadline: None,
                })
                .collect();
            let p_on_time = if self.blockers.is_empty() { 1.0 } else { 0.0 };
            return Ok(BlockersWithChances {
                head,
                entries,
                tail: OnTime { p_on_time },
            });
        }
        let forecast =
            Forecaster::new(register, self.as_of).target(&self.target, Some(self.deadline))?;
        let entries = self
            .blockers
            .iter()
            .map(|blocker| BlockerWithChance {
                blocker,
                p_by_deadline: forecast.risk(blocker.file()).and_then(|r| r.p_by_deadline),
            })
            .collect();
        Ok(BlockersWithChances {
            head,
            entries,
            tail: OnTime {
                p_on_time: forecast.p_on_time,
            },
        })
    }
}
