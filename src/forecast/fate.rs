//! Fate: the chance that a procedure ends without an act (withdrawn by the
//! Commission, lapsed, rejected), and when.
//!
//! Each simulation of an open file draws, beside its dates, the day its
//! procedure would end without an act; when that day comes before the
//! adoption the simulation draws, the file is never adopted in that
//! simulation, and every stage it had not reached by then never happens.
//! The end is a competing risk with a hazard that depends on where the file
//! stands in that simulation and how long it has waited:
//!
//! - **While pending and not agreed**, a yearly hazard, from the
//!   withdrawals the Commission announces in its yearly work programmes
//!   ([`FateLaw::yearly`]);
//! - **at each political discontinuity** (a new Commission's first work
//!   programme, which withdraws pending proposals it does not take over:
//!   [`TURNOVERS`]), a one-off chance for a file pending and not agreed
//!   then ([`FateLaw::turnover`]), higher for a file pending for 21 months
//!   or more ([`FateLaw::turnover_old`]); the yearly hazard of such a file
//!   is higher in the same ratio ([`FateLaw::yearly_old`]);
//! - **the time waited counts twice over**: the pooled rates mix old and
//!   young files, so a young file's are what is left once the old ones'
//!   are taken out ([`OLD_SHARE`]: about 2.5% at a turnover, 0.5% a year),
//!   and an old file's hazard grows with each further year it waits
//!   ([`RISE`]: twice the old rate after a further year, three times after
//!   two), as the sourced cases of files pending for years suggest;
//! - **once agreed**, none: no sourced case ended after an agreement.
//!
//! Lapses at the end of a term (unfinished files the new Parliament does
//! not resume) and rejections are in the sourced cases
//! (tests/fixtures/calibration/fate.json) but have no published rate: the
//! end-of-term backlogs (about 168 files in 2019, 174 in 2024) do not say
//! how many lapsed. They are not in the law.
//!
//! The figures the law rests on are dated by the day they became known
//! ([`FATE_FIGURES`]), like the prior's ([`Figure`](super::Figure)): a
//! forecast as of a date uses only those known by then
//! ([`FateLaw::as_of`]), so a backtest never sees a withdrawal count
//! published after its date.

use chrono::NaiveDate;
use serde::Serialize;

use super::known::day;

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("a fate date is not a date"),
    }
}

/// A political discontinuity: a new Commission's first work programme,
/// whose annex withdraws the pending proposals it does not take over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Turnover {
    /// The day the work programme was adopted (for a future one, the day
    /// assumed).
    pub day: NaiveDate,
    /// Whether `day` is the programme's own date (`false`: assumed, about
    /// eight months after the elections, as in 2014, 2019 and 2024).
    pub dated: bool,
}

/// The new Commissions' first work programmes that fall inside a forecast:
/// Juncker's (adopted 16 December 2014), von der Leyen's first (29 January
/// 2020) and second (11 February 2025), and the next one assumed for
/// February 2030. The days are the programmes' own
/// (tests/fixtures/calibration/fate-figures.json, `document_date`); like
/// the calendar's election days, a forecast made before a programme uses
/// its day, which was known only months ahead (the five-year rhythm was).
pub(crate) const TURNOVERS: [Turnover; 4] = [
    Turnover {
        day: ymd(2014, 12, 16),
        dated: true,
    },
    Turnover {
        day: ymd(2020, 1, 29),
        dated: true,
    },
    Turnover {
        day: ymd(2025, 2, 11),
        dated: true,
    },
    Turnover {
        day: ymd(2030, 2, 1),
        dated: false,
    },
];

/// The share of old files (pending 21 months or more) among the pending
/// proposals a pooled rate counts: 0.45. The pooled rates (`yearly`,
/// `turnover`) mix old files, withdrawn at the 2005 screening's 37%, with
/// young ones; with 45% of the stock old, a young file's chance at a
/// turnover is what is left: (18% - 0.45 x 37%) / 0.55, about 2.5%. No
/// source gives the age of the pending stock (the 2014 review's 452
/// proposals are not dated in the sources read), so the share was chosen
/// on the calibration files (benches/README.md, "Forecast calibration,
/// round four"): 0 (the pooled rates for every file), 0.3, 0.4, 0.45 and
/// 0.5 were compared; 0.49 would leave young files no hazard at all.
pub(crate) const OLD_SHARE: f64 = 0.45;

/// How much an old file's hazard grows with each full year it has waited
/// beyond 21 months: 1, so twice the old rate after a further year, three
/// times after two. Files pending for years end without an act more often
/// than the one 2005 figure says (tests/fixtures/calibration/fate.json:
/// maternity leave, 7 years; access to documents, 17; ePrivacy, 8; the
/// sales law and the services e-card of held-out-fresh.json, 9 and 4),
/// and no published count says by how much: chosen on the calibration
/// files (0, 0.5, 0.75, 1, 1.25 and 2 compared; benches/README.md).
pub(crate) const RISE: f64 = 1.0;

/// The years of waiting beyond which the hazard stops growing (a bound
/// for the simulation, far beyond any sourced case).
const MAX_RISE_YEARS: i32 = 24;

/// A published count the fate law rests on, and the day it became known
/// (the `published` day of the same figure in
/// tests/fixtures/calibration/fate-figures.json, which holds the quotes,
/// sources and notes; a test checks the two agree).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FateFigure {
    /// The figure's id in fate-figures.json.
    pub id: &'static str,
    /// The count.
    pub value: f64,
    /// What it counts.
    pub measures: &'static str,
    /// The day it became known.
    pub known: NaiveDate,
}

impl FateFigure {
    /// Whether the figure was known on `date` (every figure is when no date
    /// is given).
    pub fn is_known_on(&self, date: Option<NaiveDate>) -> bool {
        date.is_none_or(|d| self.known <= d)
    }
}

const fn figure(
    id: &'static str,
    value: f64,
    measures: &'static str,
    known: NaiveDate,
) -> FateFigure {
    FateFigure {
        id,
        value,
        measures,
        known,
    }
}

/// The 2005 screening: pending proposals dated before 2004, screened by the
/// new Barroso Commission (IP/05/1189, 27 September 2005).
pub(crate) const SCREENED_2005: FateFigure = figure(
    "screening-2005-screened",
    183.0,
    "pending proposals at least 21 months old screened in 2005",
    ymd(2005, 9, 27),
);
/// Of those, withdrawn.
pub(crate) const WITHDRAWN_2005: FateFigure = figure(
    "screening-2005-withdrawals",
    68.0,
    "of them, withdrawn",
    ymd(2005, 9, 27),
);
/// The pending proposals the Juncker Commission reviewed for its first
/// work programme.
pub(crate) const PENDING_2014: FateFigure = figure(
    "cwp2015-pending-screened",
    452.0,
    "pending proposals reviewed for the 2015 work programme",
    ymd(2014, 12, 16),
);
/// Of those, announced for withdrawal or amendment.
pub(crate) const ANNOUNCED_2014: FateFigure = figure(
    "cwp2015-withdraw-or-amend",
    80.0,
    "of them, announced for withdrawal or amendment (16 December 2014)",
    ymd(2014, 12, 16),
);
/// Of those, withdrawn (Official Journal, 7 March 2015).
pub(crate) const WITHDRAWN_2015: FateFigure = figure(
    "cwp2015-withdrawn-confirmed",
    73.0,
    "of them, withdrawn (Official Journal, 7 March 2015)",
    ymd(2015, 3, 7),
);
/// The 2016 work programme's withdrawals (or modifications).
pub(crate) const CWP_2016: FateFigure = figure(
    "cwp2016-withdraw-or-modify",
    20.0,
    "withdrawals or modifications in the 2016 work programme",
    ymd(2015, 10, 27),
);
/// The 2017 work programme's withdrawals.
pub(crate) const CWP_2017: FateFigure = figure(
    "cwp2017-withdrawals",
    19.0,
    "withdrawals in the 2017 work programme",
    ymd(2016, 10, 25),
);
/// The 2018 work programme's withdrawals.
pub(crate) const CWP_2018: FateFigure = figure(
    "cwp2018-withdrawals",
    15.0,
    "withdrawals in the 2018 work programme",
    ymd(2017, 10, 24),
);
/// The 2019 work programme's withdrawals (or repeals).
pub(crate) const CWP_2019: FateFigure = figure(
    "cwp2019-withdraw-or-repeal",
    17.0,
    "withdrawals or repeals in the 2019 work programme",
    ymd(2018, 10, 24),
);
/// The 2024 work programme's withdrawals.
pub(crate) const CWP_2024: FateFigure = figure(
    "cwp2024-withdrawals",
    6.0,
    "withdrawals in the 2024 work programme",
    ymd(2023, 10, 17),
);
/// The pending proposals the 2024 work programme lists.
pub(crate) const PENDING_2023: FateFigure = figure(
    "cwp2024-pending",
    154.0,
    "pending proposals listed in the 2024 work programme",
    ymd(2023, 10, 17),
);

/// The pending proposals the 2025 work programme kept (Annex III).
pub(crate) const KEPT_2025: FateFigure = figure(
    "cwp2025-pending-annex-iii",
    123.0,
    "pending proposals the 2025 work programme kept (Annex III)",
    ymd(2025, 2, 11),
);
/// The 2025 work programme's withdrawals (Annex IV), beside those kept.
pub(crate) const WITHDRAWN_2025: FateFigure = figure(
    "cwp2025-withdrawals",
    37.0,
    "pending proposals the 2025 work programme withdrew (Annex IV)",
    ymd(2025, 2, 17),
);

/// Every figure the fate law reads, in the order they became known.
pub const FATE_FIGURES: [FateFigure; 13] = [
    SCREENED_2005,
    WITHDRAWN_2005,
    PENDING_2014,
    ANNOUNCED_2014,
    WITHDRAWN_2015,
    CWP_2016,
    CWP_2017,
    CWP_2018,
    CWP_2019,
    CWP_2024,
    PENDING_2023,
    KEPT_2025,
    WITHDRAWN_2025,
];

/// The ordinary years' counts, each with the pending proposals it is a
/// share of: the Juncker years' withdrawals of the stock reviewed in 2014
/// (no later stock was published), the 2024 programme's of its own list.
const YEARLY: [(FateFigure, FateFigure); 5] = [
    (CWP_2016, PENDING_2014),
    (CWP_2017, PENDING_2014),
    (CWP_2018, PENDING_2014),
    (CWP_2019, PENDING_2014),
    (CWP_2024, PENDING_2023),
];

/// The hazard of ending without an act, as known on a date.
///
/// - `yearly`: the yearly hazard of a pending file not yet agreed: the
///   ordinary work programmes' withdrawals, pooled, over the pending
///   proposals they are a share of (20, 19, 15 and 17 of the 452 reviewed
///   in 2014, 6 of 154 in 2023: 3.9% a year once all are known); none
///   before the first was published (27 October 2015).
/// - `turnover`: the chance a pending file not yet agreed is withdrawn at a
///   new Commission's first work programme: 80 of 452 announced on 16
///   December 2014, 73 of 452 withdrawn from 7 March 2015 (16%), pooled
///   with 2025's 37 withdrawn of 160 (37 and the 123 kept) from 17
///   February 2025: 110 of 612 (18%).
/// - `turnover_old`: the same for a file pending at least
///   [`old_after_days`](FateLaw::old_after_days) (21 months), at least
///   `turnover`: the 2005 screening withdrew 68 of the 183 proposals that
///   old (37%).
///
/// A file pending for 21 months or more has the yearly hazard times the
/// same ratio of old to all ([`yearly_old`](FateLaw::yearly_old): 2.3 once
/// both are known, about 9% a year), growing with each further year
/// ([`rise`](FateLaw::rise)); a younger file has what is left of the pooled
/// rates ([`old_share`](FateLaw::old_share)). An agreed
/// file is not withdrawn (none of the sourced cases was). The
/// counts mix ordinary legislative files with others, and some include
/// modifications or repeals (2016, 2019): upper bounds, read as rates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FateLaw {
    /// The yearly hazard while pending and not agreed.
    pub yearly: f64,
    /// The chance of a withdrawal at a new Commission's first work
    /// programme, for a file pending less than `old_after_days`.
    pub turnover: f64,
    /// The same for a file pending longer.
    pub turnover_old: f64,
    /// Days from the proposal after which a file counts as old at a
    /// turnover (21 months: the 2005 screening's proposals were dated
    /// before 2004).
    pub old_after_days: f64,
    /// The share of old files among the pending ones the pooled rates
    /// (`yearly`, `turnover`) count (0.45, a tuned value): a young file's rates
    /// are what is left of the pooled ones once the old files' are taken
    /// out ([`turnover_young`](FateLaw::turnover_young),
    /// [`yearly_young`](FateLaw::yearly_young)).
    pub old_share: f64,
    /// How much an old file's hazard grows with each full year it has
    /// waited beyond `old_after_days` (1, a tuned value): the factor is `1 + rise
    /// x years`, on the yearly hazard and on a turnover's.
    pub rise: f64,
    /// The ids of the figures used.
    pub figures: [Option<&'static str>; 13],
}

impl FateLaw {
    /// The law from the figures known on `date` (every figure when `None`).
    ///
    /// ```
    /// use codecision::parse_date;
    /// use codecision::forecast::FateLaw;
    /// // Before the Juncker Commission's review only the 2005 screening
    /// // of old proposals was known.
    /// let then = FateLaw::as_of(Some(parse_date("2014-01-01")?));
    /// assert_eq!((then.yearly, then.turnover), (0.0, 0.0));
    /// assert!((then.turnover_old - 68.0 / 183.0).abs() < 1e-12);
    /// let then = FateLaw::as_of(Some(parse_date("2020-01-01")?));
    /// assert!((then.turnover - 73.0 / 452.0).abs() < 1e-12);
    /// let now = FateLaw::as_of(None);
    /// assert!((now.turnover - 110.0 / 612.0).abs() < 1e-12);
    /// assert!(now.yearly > 0.03 && now.yearly < 0.05);
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn as_of(date: Option<NaiveDate>) -> FateLaw {
        let known = |f: &FateFigure| f.is_known_on(date);
        let mut figures = [None; 13];
        let mut used = |f: &FateFigure| {
            if figures.contains(&Some(f.id)) {
                return;
            }
            if let Some(slot) = figures.iter_mut().find(|s| s.is_none()) {
                *slot = Some(f.id);
            }
        };
        let (mut ended, mut out_of) = (0.0, 0.0);
        for (count, stock) in YEARLY.iter().filter(|(c, s)| known(c) && known(s)) {
            ended += count.value;
            out_of += stock.value;
            used(count);
            used(stock);
        }
        let yearly = if out_of > 0.0 { ended / out_of } else { 0.0 };
        let turnover = if known(&WITHDRAWN_2025) && known(&KEPT_2025) {
            used(&WITHDRAWN_2015);
            used(&KEPT_2025);
            used(&WITHDRAWN_2025);
            (WITHDRAWN_2015.value + WITHDRAWN_2025.value)
                / (PENDING_2014.value + KEPT_2025.value + WITHDRAWN_2025.value)
        } else if known(&WITHDRAWN_2015) {
            used(&WITHDRAWN_2015);
            WITHDRAWN_2015.value / PENDING_2014.value
        } else if known(&ANNOUNCED_2014) {
            used(&ANNOUNCED_2014);
            ANNOUNCED_2014.value / PENDING_2014.value
        } else {
            0.0
        };
        if turnover > 0.0 {
            used(&PENDING_2014);
        }
        let turnover_old = if known(&WITHDRAWN_2005) {
            used(&SCREENED_2005);
            used(&WITHDRAWN_2005);
            WITHDRAWN_2005.value / SCREENED_2005.value
        } else {
            0.0
        };
        FateLaw {
            yearly,
            turnover,
            turnover_old: turnover_old.max(turnover),
            old_after_days: 21.0 * 365.25 / 12.0,
            old_share: OLD_SHARE,
            rise: RISE,
            figures,
        }
    }

    /// A law under which no file ever ends without an act.
    pub fn never() -> FateLaw {
        FateLaw {
            yearly: 0.0,
            turnover: 0.0,
            turnover_old: 0.0,
            old_after_days: f64::INFINITY,
            old_share: 0.0,
            rise: 0.0,
            figures: [None; 13],
        }
    }

    /// Whether no file can ever end under this law.
    pub(crate) fn is_never(&self) -> bool {
        self.yearly <= 0.0 && self.turnover <= 0.0 && self.turnover_old <= 0.0
    }

    /// The day the procedure ends without an act in one simulation, if
    /// before `last` (the last day drawn for it up to adoption), given a
    /// uniform number `u` in `[0, 1)`, the forecast day `today`, the
    /// proposal's day and the day of the agreement in that simulation
    /// (`None`: not within it). It ends when the cumulative hazard from
    /// `today` reaches `-ln(1 - u)`: the yearly hazard while pending and
    /// not agreed (a young file's, then an old one's growing each year,
    /// see [`rise`](FateLaw::rise)), and a jump at each turnover met
    /// before the agreement. [`FatePath::end_day`] answers the same for
    /// many simulations of one file.
    #[cfg(test)]
    pub(crate) fn end_day(
        &self,
        u: f64,
        today: i32,
        proposal: i32,
        agreed: Option<i32>,
        last: i32,
    ) -> Option<i32> {
        self.path(today, proposal, last).end_day(u, agreed, last)
    }

    /// The cumulative hazard of a file proposed on `proposal`, pending and
    /// not agreed from `today` to `open`, worked out once for all its
    /// simulations (each is pending until its own agreement or last day,
    /// at most `open`).
    pub(crate) fn path(&self, today: i32, proposal: i32, open: i32) -> FatePath {
        let mut steps = Vec::new();
        let old_days = if self.old_after_days.is_finite() {
            self.old_after_days.ceil() as i32
        } else {
            i32::MAX / 4
        };
        // The full years a file has been old on day `t` (`None`: young).
        let old_years = |t: i32| {
            let waited = t.saturating_sub(proposal);
            (waited >= old_days).then(|| ((waited - old_days) / 365).min(MAX_RISE_YEARS))
        };
        let factor = |years: i32| 1.0 + self.rise * f64::from(years);
        let (young_rate, old_rate) = (self.yearly_young(), self.yearly_old());
        let (young_q, old_q) = (self.turnover_young(), self.turnover_old);
        let aged = proposal.saturating_add(old_days);
        // The next day after `at` the rate changes (the file turns old,
        // then each year after, up to the last year it grows), or `open`.
        let next_change = |at: i32| {
            let next = if at < aged {
                aged
            } else {
                let years = (at - aged) / 365 + 1;
                if years > MAX_RISE_YEARS {
                    open
                } else {
                    aged.saturating_add(365 * years)
                }
            };
            next.min(open)
        };
        let mut turnovers = turnovers_between(today, open).peekable();
        let mut h = 0.0;
        let mut at = today;
        while at < open {
            let turnover = turnovers.peek().copied();
            let cut = turnover.map_or(open, |t| t.min(open)).min(next_change(at));
            let rate = match old_years(at) {
                None => young_rate,
                Some(y) => old_rate * factor(y),
            } / 365.25;
            let before = h;
            h += rate * f64::from(cut - at);
            let mut step = Step {
                at,
                cut,
                rate,
                before,
                end: h,
                after: None,
            };
            at = cut;
            if turnover == Some(cut) {
                turnovers.next();
                h -= match old_years(cut) {
                    None => (1.0 - young_q.min(0.95)).ln(),
                    Some(y) => (1.0 - old_q.min(0.95)).ln() * factor(y),
                };
                step.after = Some(h);
            }
            steps.push(step);
        }
        // A margin far above the rounding of `ln` and `exp` near `h`: a
        // simulation at or above `reach` has `-ln(1 - u)` above `h`.
        let reach = if h > 0.0 {
            (1.0 - (-h).exp() + 1e-9).min(1.0)
        } else {
            0.0
        };
        FatePath {
            today,
            steps,
            reach,
        }
    }

    /// The chance a young file (pending less than `old_after_days`) is
    /// withdrawn at a turnover: the pooled `turnover` with the old files'
    /// share (`old_share`, at `turnover_old`) taken out.
    pub fn turnover_young(&self) -> f64 {
        let phi = self.old_share.clamp(0.0, 0.95);
        ((self.turnover - phi * self.turnover_old) / (1.0 - phi)).max(0.0)
    }

    /// The yearly hazard of a young file: `yearly` in the ratio of
    /// [`turnover_young`](FateLaw::turnover_young) to `turnover`.
    pub fn yearly_young(&self) -> f64 {
        if self.turnover > 0.0 {
            self.yearly * self.turnover_young() / self.turnover
        } else {
            self.yearly
        }
    }

    /// The yearly hazard of a file pending for `old_after_days` or more:
    /// `yearly` times the ratio of the old files' withdrawals at a review
    /// to all files' (`turnover_old / turnover`; 1 while either is
    /// unknown).
    pub fn yearly_old(&self) -> f64 {
        if self.turnover > 0.0 && self.turnover_old > 0.0 {
            self.yearly * self.turnover_old / self.turnover
        } else {
            self.yearly
        }
    }
}

/// One file's cumulative hazard of ending without an act, step by step
/// ([`FateLaw::path`]): the simulations of a file share it up to their own
/// agreement, so each walks the steps instead of working them out again.
/// The sums are the same additions in the same order as a walk of one
/// simulation, so every simulation ends on the same day either way.
pub(crate) struct FatePath {
    today: i32,
    steps: Vec<Step>,
    reach: f64,
}

/// A stretch of days at one hazard rate, ending at a change of rate, a
/// turnover or the last day.
struct Step {
    at: i32,
    cut: i32,
    /// The hazard a day.
    rate: f64,
    /// The cumulative hazard on `at`, and on `cut` before any turnover.
    before: f64,
    end: f64,
    /// The cumulative hazard after the turnover on `cut`, if one.
    after: Option<f64>,
}

impl FatePath {
    /// The chance bound: a simulation whose uniform number is at or above
    /// it cannot end, and needs no walk.
    pub(crate) fn reach(&self) -> f64 {
        self.reach
    }

    /// [`FateLaw::end_day`] for one simulation of the file: pending and not
    /// agreed until `agreed` (`None`: not before `last`), at most the
    /// `open` the path was worked out to. (The simulations work out the
    /// [`target`](FatePath::target)s of all their numbers first, then
    /// call [`end_day_at`](FatePath::end_day_at).)
    #[cfg(test)]
    pub(crate) fn end_day(&self, u: f64, agreed: Option<i32>, last: i32) -> Option<i32> {
        if u >= self.reach {
            return None;
        }
        self.end_day_at(Self::target(u), agreed, last)
    }

    /// The cumulative hazard at which a simulation with uniform number `u`
    /// ends.
    #[inline]
    pub(crate) fn target(u: f64) -> f64 {
        -(1.0 - u).ln()
    }

    /// [`end_day`](FatePath::end_day) for a simulation whose number `u` is
    /// below [`reach`](FatePath::reach), from its [`target`](FatePath::target).
    pub(crate) fn end_day_at(&self, target: f64, agreed: Option<i32>, last: i32) -> Option<i32> {
        let open = agreed.unwrap_or(last).min(last);
        if open <= self.today {
            return None;
        }
        let ends = |at: i32, before: f64, rate: f64| {
            let end = at + days_up((target - before) / rate);
            (end < last).then_some(end)
        };
        for step in &self.steps {
            if step.at >= open {
                break;
            }
            if step.cut >= open {
                // This simulation's last stretch, cut short at `open`, where
                // no turnover counts.
                let h = step.before + step.rate * f64::from(open - step.at);
                if step.rate > 0.0 && h >= target {
                    return ends(step.at, step.before, step.rate);
                }
                break;
            }
            if step.rate > 0.0 && step.end >= target {
                return ends(step.at, step.before, step.rate);
            }
            if step.after.is_some_and(|h| h >= target) {
                return (step.cut < last).then_some(step.cut);
            }
        }
        None
    }
}

/// `x.ceil().max(1.0) as i32`, without the call to `ceil` that a processor
/// without SSE4.1 (the baseline x86-64 the binaries are built for) makes:
/// the same integer for every `x`, NaN and infinities included (a test
/// compares them).
#[inline]
fn days_up(x: f64) -> i32 {
    if x.is_nan() || x <= 1.0 {
        // Up to 1, and NaN: `max(1.0)` gives 1.
        1
    } else if x >= f64::from(i32::MAX) {
        i32::MAX
    } else {
        // 1 < x < 2^31: truncation is exact, one more when x had a fraction.
        let t = x as i32;
        t + i32::from(f64::from(t) < x)
    }
}

/// The turnovers' days strictly between `from` and `to`.
fn turnovers_between(from: i32, to: i32) -> impl Iterator<Item = i32> {
    turnover_days()
        .iter()
        .copied()
        .filter(move |&d| d > from && d < to)
}

/// [`TURNOVERS`] as day numbers, worked out once, not at each of the
/// simulations' draws of the fate.
fn turnover_days() -> &'static [i32; TURNOVERS.len()] {
    static DAYS: std::sync::OnceLock<[i32; TURNOVERS.len()]> = std::sync::OnceLock::new();
    DAYS.get_or_init(|| TURNOVERS.map(|t| day(t.day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_up_is_the_ceiling_at_least_one() {
        let mut xs = crate::forecast::awkward_floats();
        xs.extend([
            0.5,
            1.0,
            1.0 + f64::EPSILON,
            2.0,
            2.5,
            1e9,
            2_147_483_646.5,
            2_147_483_647.0,
            2_147_483_647.5,
            1e300,
            -1e300,
        ]);
        // Integers, and numbers just either side of them.
        for k in 0..5_000 {
            let x = f64::from(k) * 0.37;
            xs.extend([
                x,
                x.next_up(),
                x.next_down(),
                f64::from(k),
                f64::from(k).next_up(),
            ]);
        }
        for x in xs {
            assert_eq!(days_up(x), x.ceil().max(1.0) as i32, "{x}");
        }
    }

    fn law(yearly: f64, turnover: f64, turnover_old: f64, old_after_days: f64) -> FateLaw {
        FateLaw {
            yearly,
            turnover,
            turnover_old,
            old_after_days,
            old_share: 0.0,
            rise: 0.0,
            figures: [None; 13],
        }
    }

    #[test]
    fn a_law_that_never_ends_never_ends() {
        let law = FateLaw::never();
        for k in 0..100 {
            let u = f64::from(k) / 100.0;
            assert_eq!(law.end_day(u, 0, -100, Some(400), 5_000), None);
        }
    }

    #[test]
    fn the_share_that_ends_matches_the_hazard() {
        // A yearly hazard of 0.1 over ten years with no turnover inside
        // (day numbers far from any): survival exp(-1).
        let law = law(0.1, 0.0, 0.0, f64::INFINITY);
        let today = 100_000;
        let last = today + 3_652;
        let n = 10_000;
        let ended = (0..n)
            .filter(|&k| {
                let u = (f64::from(k) + 0.5) / f64::from(n);
                let end = law.end_day(u, today, today, None, last);
                assert!(end.is_none_or(|e| e > today && e < last));
                assert!(u < law.path(today, today, last).reach() || end.is_none());
                end.is_some()
            })
            .count();
        let share = ended as f64 / f64::from(n);
        assert!((share - (1.0 - (-1.0f64).exp())).abs() < 0.01, "{share}");
        // Agreed halfway: the hazard stops there.
        let half = (0..n)
            .filter(|&k| {
                let u = (f64::from(k) + 0.5) / f64::from(n);
                law.end_day(u, today, today, Some(today + 1_826), last)
                    .is_some()
            })
            .count() as f64
            / f64::from(n);
        assert!((half - (1.0 - (-0.5f64).exp())).abs() < 0.01, "{half}");
    }

    #[test]
    fn an_old_file_runs_the_higher_yearly_hazard() {
        // Old from the start (proposed 1,000 days before): hazard 0.1 x 2.
        let law = law(0.1, 0.2, 0.4, 600.0);
        assert!((law.yearly_old() - 0.2).abs() < 1e-12);
        let today = 100_000;
        let last = today + 3_652;
        let n = 10_000;
        let share = |proposal: i32| {
            (0..n)
                .filter(|&k| {
                    let u = (f64::from(k) + 0.5) / f64::from(n);
                    law.end_day(u, today, proposal, None, last).is_some()
                })
                .count() as f64
                / f64::from(n)
        };
        assert!((share(today - 1_000) - (1.0 - (-2.0f64).exp())).abs() < 0.01);
        // Young for 600 days, then old.
        let h: f64 = 0.1 * 600.0 / 365.25 + 0.2 * 3_052.0 / 365.25;
        assert!((share(today) - (1.0 - (-h).exp())).abs() < 0.01);
    }

    #[test]
    fn young_files_get_what_the_old_leave_and_old_ones_more_each_year() {
        let mut law = law(0.1, 0.2, 0.4, 600.0);
        law.old_share = 0.25;
        assert!((law.turnover_young() - 0.1 / 0.75).abs() < 1e-12);
        assert!((law.yearly_young() - 0.1 * (0.1 / 0.75) / 0.2).abs() < 1e-12);
        // Old from the start (proposed 600 days before), rising by the old
        // rate each full year: over two years, 0.2 then 0.4.
        law.rise = 1.0;
        let today = 100_000;
        let last = today + 730;
        let n = 20_000;
        let ended = (0..n)
            .filter(|&k| {
                let u = (f64::from(k) + 0.5) / f64::from(n);
                let end = law.end_day(u, today, today - 600, None, last);
                assert!(u < law.path(today, today - 600, last).reach() || end.is_none());
                end.is_some()
            })
            .count() as f64
            / f64::from(n);
        let h: f64 = 0.2 * 365.0 / 365.25 + 0.4 * 365.0 / 365.25;
        assert!((ended - (1.0 - (-h).exp())).abs() < 0.01, "{ended}");
        // The law as known today uses the chosen share and rise.
        let now = FateLaw::as_of(None);
        assert_eq!((now.old_share, now.rise), (OLD_SHARE, RISE));
        assert!(now.turnover_young() > 0.0 && now.turnover_young() < now.turnover);
    }

    #[test]
    fn a_turnover_ends_the_files_pending_then_the_old_ones_more() {
        let law = law(0.0, 0.2, 0.5, 600.0);
        let d = day(ymd(2025, 2, 11));
        // Young (proposed 200 days before): one in five ends that day.
        assert_eq!(law.end_day(0.1, d - 100, d - 200, None, d + 100), Some(d));
        assert_eq!(law.end_day(0.3, d - 100, d - 200, None, d + 100), None);
        // Old: half of them.
        assert_eq!(law.end_day(0.4, d - 100, d - 700, None, d + 100), Some(d));
        assert_eq!(law.end_day(0.6, d - 100, d - 700, None, d + 100), None);
        // Agreed before it, or adopted before it: nothing.
        assert_eq!(
            law.end_day(0.1, d - 100, d - 700, Some(d - 50), d + 100),
            None
        );
        assert_eq!(law.end_day(0.1, d - 100, d - 700, None, d - 1), None);
    }

    #[test]
    fn only_figures_known_on_the_date_are_used() {
        let at = |s: &str| FateLaw::as_of(Some(s.parse().unwrap()));
        assert!(at("2005-09-26").is_never());
        let announced = at("2014-12-16");
        assert_eq!(announced.turnover, 80.0 / 452.0);
        assert_eq!(announced.yearly, 0.0);
        assert_eq!(at("2015-03-07").turnover, 73.0 / 452.0);
        assert_eq!(at("2015-10-27").yearly, 20.0 / 452.0);
        let all = FateLaw::as_of(None);
        assert_eq!(
            all.yearly,
            (20.0 + 19.0 + 15.0 + 17.0 + 6.0) / (4.0 * 452.0 + 154.0)
        );
        assert_eq!(all, at("2026-12-01"));
        let ids: Vec<&str> = all.figures.iter().flatten().copied().collect();
        assert!(ids.contains(&"cwp2024-pending") && ids.contains(&"screening-2005-withdrawals"));
        assert!(!ids.contains(&"cwp2015-withdraw-or-amend"));
    }

    /// The figures are those of the calibration data, with the same values
    /// and days.
    #[test]
    fn the_figures_are_the_calibration_datas() {
        let text = include_str!("../../tests/fixtures/calibration/fate-figures.json");
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        let all = json["figures"].as_array().unwrap();
        assert!(FATE_FIGURES.windows(2).all(|w| w[0].known <= w[1].known));
        for f in FATE_FIGURES {
            let g = all
                .iter()
                .find(|g| g["id"] == f.id)
                .unwrap_or_else(|| panic!("{}", f.id));
            assert_eq!(g["value"].as_f64(), Some(f.value), "{}", f.id);
            assert_eq!(
                g["published"].as_str(),
                Some(f.known.to_string().as_str()),
                "{}",
                f.id
            );
        }
    }
}
