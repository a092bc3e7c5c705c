//! The legislative calendar: when the institutions work, and what the end
//! of a parliamentary term does to a file.
//!
//! # Facts (with sources)
//!
//! [`TERM_ENDS`] lists every European election since the first direct one
//! (1979) and the next one (2029), with the last day of the Parliament's
//! last plenary session before it and the first day of the new
//! Parliament's constituent sitting where a source gives them:
//!
//! - the elections are held Thursday to Sunday in the period of the first
//!   elections (7-10 June 1979) unless the Council moves them (it did in
//!   1984, 1989, 2014 and 2019), every five years (EU Electoral Act, as
//!   reported when the 2024 dates were set: pledgetimes.com, 17 May 2023;
//!   Council press release confirming 6-9 June 2024);
//! - 2014: the Parliament completed the final session of its seventh term
//!   on 17 April; elections 22-25 May; the new Parliament constituted on 1
//!   July (EP press release 20140417IPR44805);
//! - 2019: legislative work of the eighth term ended on 18 April, recess
//!   from 19 April, ongoing negotiations suspended; elections 23-26 May;
//!   constituent sitting 2-4 July (EP elections press kit, "Key dates
//!   ahead"; EP press release 20190528BKG53306; Council doc. 7242/19: "its
//!   last Plenary on 15-18 April 2019");
//! - 2024: last plenary session 22-25 April; elections 6-9 June; the new
//!   Members meet in July (Bohnenberger, "Last chance for trilogues", 14 Feb
//!   2024; EP TRAN committee page, 16 May 2024). The constituent sitting's
//!   day is not in the sources read: 16 July is marked assumed.
//! - Earlier terms: the election dates are the standard ones (not re-read
//!   here, marked `verified: false`); their last sessions and constituent
//!   sittings are not in the sources read and follow the 2014-2024 pattern
//!   (the last session ends five weeks before the elections, the new
//!   Parliament meets five weeks after them).
//! - 2029: not fixed yet; the Electoral Act's usual period (Thursday 7 to
//!   Sunday 10 June 2029) with the same pattern, all marked assumed.
//!
//! # Effects (the model's, not facts)
//!
//! Time is counted in *working days* of the institution a step waits for
//! ([`working_days`]): the duration laws are fitted and drawn in working days and
//! turned back into dates through the calendar, so
//!
//! - **breaks**: no step that waits for the Parliament or the Council
//!   completes in the August recess or over the year-end break (22 December
//!   to 6 January); time spent in them does not count;
//! - **end of term**: the Parliament's steps (its mandate, the trilogues, the
//!   agreement, and the plenary vote behind an adoption) stop after its last
//!   session and resume only once the new Parliament is organised (two weeks
//!   after its constituent sitting, when its committees are set up), so a
//!   file pending at the end of a term waits for the next one;
//! - **the last months of a term** count double ([`RUSH_DAYS`]): agreements
//!   are pushed through and adoptions cluster on the last sessions.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::known::day;

/// One European election and the Parliament's sessions around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TermEnd {
    /// The first day of the elections.
    pub election: NaiveDate,
    /// The last day of the outgoing Parliament's last plenary session.
    pub last_session: NaiveDate,
    /// The first day of the new Parliament's constituent sitting.
    pub constituent: NaiveDate,
    /// Whether the three dates come from the sources cited in the module
    /// documentation (`false`: the standard dates or the pattern, assumed).
    pub verified: bool,
}

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// Every election since 1979 and the next one, with the sessions around
/// it; see the [module documentation](self) for the sources.
pub const TERM_ENDS: [TermEnd; 11] = [
    assumed(ymd(1979, 6, 7)),
    assumed(ymd(1984, 6, 14)),
    assumed(ymd(1989, 6, 15)),
    assumed(ymd(1994, 6, 9)),
    assumed(ymd(1999, 6, 10)),
    assumed(ymd(2004, 6, 10)),
    assumed(ymd(2009, 6, 4)),
    TermEnd {
        election: ymd(2014, 5, 22),
        last_session: ymd(2014, 4, 17),
        constituent: ymd(2014, 7, 1),
        verified: true,
    },
    TermEnd {
        election: ymd(2019, 5, 23),
        last_session: ymd(2019, 4, 18),
        constituent: ymd(2019, 7, 2),
        verified: true,
    },
    TermEnd {
        election: ymd(2024, 6, 6),
        last_session: ymd(2024, 4, 25),
        constituent: ymd(2024, 7, 16),
        verified: false,
    },
    assumed(ymd(2029, 6, 7)),
];

/// A term end following the 2014-2024 pattern around an election date.
const fn assumed(election: NaiveDate) -> TermEnd {
    TermEnd {
        election,
        last_session: match election.checked_sub_days(chrono::Days::new(35)) {
            Some(d) => d,
            None => election,
        },
        constituent: match election.checked_add_days(chrono::Days::new(35)) {
            Some(d) => d,
            None => election,
        },
        verified: false,
    }
}

impl TermEnd {
    /// The day the new Parliament takes up pending files: two weeks after
    /// its constituent sitting, once its committees are set up.
    pub fn resumes(&self) -> NaiveDate {
        self.constituent + chrono::Days::new(14)
    }

    /// The term end whose lull (after the last session, before the new
    /// Parliament resumes) or run-up contains `date`, if any.
    #[cfg(test)]
    pub fn around(date: NaiveDate) -> Option<&'static TermEnd> {
        TERM_ENDS.iter().find(|t| {
            date > t.last_session - chrono::Days::new(RUSH_DAYS as u64) && date < t.resumes()
        })
    }
}

/// The days before a term's last session that count double on the
/// Parliament's clock.
pub const RUSH_DAYS: i32 = 120;

/// An agreement reached later than this many days before a term's last
/// session cannot be voted in plenary before the elections.
pub const LAST_VOTE_DAYS: i32 = 14;

/// [`ByDay::vote_waits`] for one term `(last session, resumes)`.
fn vote_waits_in((last, resumes): (i32, i32), agreed: i32) -> Option<i32> {
    (agreed > last - LAST_VOTE_DAYS && agreed < resumes).then_some(resumes)
}

/// [`ByDay::missed_deadline`] for one term `(last session, resumes)`.
fn missed_deadline_in(term: (i32, i32), agreed: i32) -> Option<i32> {
    let (deadline, end) = missed_window(term);
    (agreed > deadline && agreed < end).then_some(deadline)
}

/// The agreements that miss a term's last vote: those strictly between its
/// deadline (the last session less [`LAST_VOTE_DAYS`]) and the end, the
/// next term's run-up; `(deadline, end)`.
fn missed_window((last, _): (i32, i32)) -> (i32, i32) {
    let deadline = last - LAST_VOTE_DAYS;
    (deadline, deadline + 5 * 365 - RUSH_DAYS)
}

/// The days strictly between the two returned contain every agreement
/// whose [`missed_deadline`](ByDay::missed_deadline) is one that `wanted`
/// keeps (`None`: no deadline kept): a loop over simulations that skips
/// the others can skip the days outside without asking the table.
pub(crate) fn missed_deadlines_within(wanted: impl Fn(i32) -> bool) -> Option<(i32, i32)> {
    term_days()
        .iter()
        .map(|&term| missed_window(term))
        .filter(|&(deadline, _)| wanted(deadline))
        .reduce(|(lo, hi), (deadline, end)| (lo.min(deadline), hi.max(end)))
}

/// The day of the last session of the term whose run-up `agreed` (a day
/// number) falls in: at most `reach` days and at least `lead` days before
/// that session.
pub(crate) fn last_session_ahead(agreed: i32, reach: i32, lead: i32) -> Option<i32> {
    term_days()
        .iter()
        .find_map(|&(last, _)| last_session_in(last, agreed, reach, lead))
}

/// [`last_session_ahead`] for one term's last session (the days
/// [`SessionsAhead::within`] bounds).
fn last_session_in(last: i32, agreed: i32, reach: i32, lead: i32) -> Option<i32> {
    (agreed > last - reach && agreed <= last - lead).then_some(last)
}

/// [`TERM_ENDS`] as day numbers, (last session, resumes), worked out once:
/// the simulations ask for them at every draw (converting the dates each
/// time was half of a goal forecast's time on 100,000 files).
fn term_days() -> &'static [(i32, i32); TERM_ENDS.len()] {
    static DAYS: OnceLock<[(i32, i32); TERM_ENDS.len()]> = OnceLock::new();
    DAYS.get_or_init(|| TERM_ENDS.map(|t| (day(t.last_session), day(t.resumes()))))
}

/// The first term (in [`TERM_ENDS`] order) for which each of
/// [`vote_waits`](ByDay::vote_waits) (0) and
/// [`missed_deadline`](ByDay::missed_deadline) (1) answers, worked out once
/// for every day of the clocks' years ([`NO_TERM`] when none answers), so
/// the simulations, which ask at every draw, look it up instead of asking
/// the terms (what that saves: `benches/README.md`); outside those years
/// every term is asked. A loop over the simulations takes the table once
/// ([`get`](ByDay::get)) and asks it at each.
pub(crate) struct ByDay {
    base: i32,
    first: Vec<[u8; 2]>,
    /// The days on which [`vote_waits`](ByDay::vote_waits) answers (a
    /// term's last months), asked first.
    waits: DayBits,
}

impl ByDay {
    /// The table, built once.
    pub(crate) fn get() -> &'static ByDay {
        static TABLE: OnceLock<ByDay> = OnceLock::new();
        TABLE.get_or_init(|| {
            let (base, days) = table_days();
            let first: Vec<[u8; 2]> = (base..base + days)
                .map(|d| {
                    [
                        first_term(|term| vote_waits_in(term, d)),
                        first_term(|term| missed_deadline_in(term, d)),
                    ]
                })
                .collect();
            let waits = DayBits::new(|d| first[(d - base) as usize][0] != NO_TERM);
            ByDay { base, first, waits }
        })
    }

    /// For an agreement on `agreed` (a day number) too late for the last
    /// plenary vote of a term, the day the new Parliament resumes (the
    /// vote, hence the adoption, waits for it).
    #[inline]
    pub(crate) fn vote_waits(&self, agreed: i32) -> Option<i32> {
        if !self.waits.may_answer(agreed) {
            return None;
        }
        self.first_answer(agreed, 0, |term| vote_waits_in(term, agreed))
    }

    /// For an agreement on `agreed` (a day number) too late for a term's
    /// last plenary vote but before the next term's run-up, that last
    /// vote's deadline (the last session less [`LAST_VOTE_DAYS`]).
    #[inline]
    pub(crate) fn missed_deadline(&self, agreed: i32) -> Option<i32> {
        self.first_answer(agreed, 1, |term| missed_deadline_in(term, agreed))
    }

    /// What `rule` (rule `which` of the table) answers on `agreed`, asked
    /// of the first term that answers.
    fn first_answer<T>(
        &self,
        agreed: i32,
        which: usize,
        rule: impl Fn((i32, i32)) -> Option<T>,
    ) -> Option<T> {
        let terms = term_days();
        let Some(t) = usize::try_from(agreed.saturating_sub(self.base))
            .ok()
            .and_then(|i| self.first.get(i))
        else {
            return terms.iter().find_map(|&term| rule(term));
        };
        terms
            .get(usize::from(t[which]))
            .and_then(|&term| rule(term))
    }
}

/// The days of the clocks' years on which an end-of-term rule answers, a
/// bit each: asked before the rule's own table, since on most days these
/// rules have no answer (a term's last months). The bits of all those
/// years fit in the processor's nearest cache, where the simulations'
/// look-ups of the tables, a byte or two a day, kept missing it. Days
/// outside those years may answer: the rule is asked.
struct DayBits {
    base: i32,
    days: usize,
    bits: Vec<u64>,
}

impl DayBits {
    /// The bits of `answers` on each day of the clocks' years.
    fn new(answers: impl Fn(i32) -> bool) -> DayBits {
        let (base, days) = table_days();
        let mut bits = vec![0u64; (days as usize).div_ceil(64)];
        for i in 0..days as usize {
            if answers(base + i as i32) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        DayBits {
            base,
            days: days as usize,
            bits,
        }
    }

    /// Whether the rule may answer on `day`: it does on a day whose bit
    /// is set, and may on a day outside the clocks' years.
    #[inline]
    fn may_answer(&self, day: i32) -> bool {
        match usize::try_from(day.saturating_sub(self.base)) {
            Ok(i) if i < self.days => (self.bits[i / 64] >> (i % 64)) & 1 == 1,
            _ => true,
        }
    }
}

/// No term answers (in the tables of [`ByDay`] and [`SessionsAhead`]).
const NO_TERM: u8 = u8::MAX;
const _: () = assert!(TERM_ENDS.len() < NO_TERM as usize);

/// The index of the first term of [`TERM_ENDS`] for which `rule` answers,
/// or [`NO_TERM`].
fn first_term<T>(rule: impl Fn((i32, i32)) -> Option<T>) -> u8 {
    term_days()
        .iter()
        .position(|&term| rule(term).is_some())
        .map_or(NO_TERM, |t| t as u8)
}

/// [`last_session_ahead`] with a given `reach` and `lead`, looked up: the
/// term for every day of the clocks' years, worked out once (the
/// simulations ask at every adoption drawn).
pub(crate) struct SessionsAhead {
    reach: i32,
    lead: i32,
    base: i32,
    first: Vec<u8>,
    /// The days with a term ahead, asked first.
    answers: DayBits,
}

impl SessionsAhead {
    /// The table of [`last_session_ahead`]`(_, reach, lead)`.
    pub(crate) fn new(reach: i32, lead: i32) -> SessionsAhead {
        let (base, days) = table_days();
        let first: Vec<u8> = (base..base + days)
            .map(|d| first_term(|(last, _)| last_session_in(last, d, reach, lead)))
            .collect();
        let answers = DayBits::new(|d| first[(d - base) as usize] != NO_TERM);
        SessionsAhead {
            reach,
            lead,
            base,
            first,
            answers,
        }
    }

    /// Every agreement day `agreed` to which [`get`](SessionsAhead::get)
    /// answers a last session that `wanted` keeps is in `lo < agreed <=
    /// hi`, `(lo, hi)` the days returned (`None`: no session kept): a loop
    /// over simulations that skips the others can skip the days outside
    /// without asking the table.
    pub(crate) fn within(&self, wanted: impl Fn(i32) -> bool) -> Option<(i32, i32)> {
        term_days()
            .iter()
            .map(|&(last, _)| last)
            .filter(|&last| wanted(last))
            .map(|last| (last - self.reach, last - self.lead))
            .reduce(|(lo, hi), (from, to)| (lo.min(from), hi.max(to)))
    }

    /// [`last_session_ahead`]`(agreed, reach, lead)`.
    #[inline]
    pub(crate) fn get(&self, agreed: i32) -> Option<i32> {
        if !self.answers.may_answer(agreed) {
            return None;
        }
        let terms = term_days();
        match usize::try_from(agreed.saturating_sub(self.base))
            .ok()
            .and_then(|i| self.first.get(i))
        {
            Some(&t) => terms.get(usize::from(t)).map(|&(last, _)| last),
            None => last_session_ahead(agreed, self.reach, self.lead),
        }
    }
}

/// `a + b`, saturated at the bounds of `i32`. The same as
/// `a.saturating_add(b)`, which the compiler makes five instructions for
/// every date drawn; here the usual sum is one and a jump never taken
/// (a date is never near the bounds, unless it is never), and the
/// saturation is worked out apart.
#[inline(always)]
fn plus(a: i32, b: i32) -> i32 {
    match a.checked_add(b) {
        Some(sum) => sum,
        None => saturated_sum(a, b),
    }
}

/// [`plus`] when the sum overflows.
#[cold]
#[inline(never)]
fn saturated_sum(a: i32, b: i32) -> i32 {
    a.saturating_add(b)
}

/// Whose working days a step counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// Calendar days (rule-bound steps: publication to entry into force).
    Calendar,
    /// The Council's: breaks do not count.
    Council,
    /// The Parliament's: breaks and the lull between terms do not count;
    /// a term's last months count double.
    Parliament,
}

/// The first day the tables cover (earlier days count one each).
const FIRST: (i32, u32, u32) = (1970, 1, 1);
/// The last day the tables cover (later days count one each).
const LAST: (i32, u32, u32) = (2100, 12, 31);

/// The first day the tables cover, as a day number, and how many days they
/// cover.
fn table_days() -> (i32, i32) {
    let base = day(ymd(FIRST.0, FIRST.1, FIRST.2));
    (base, day(ymd(LAST.0, LAST.1, LAST.2)) - base + 1)
}

/// Working days: a count that grows by 0, 1 or 2 each day, and its
/// inverse.
///
/// Both are held as their difference from the calendar's count (a day
/// counts one), in 16 bits: about 190 KB a clock instead of 380 KB, so the
/// part of the tables a forecast reads stays in the processor's caches
/// (the simulations look both up for every date they draw). The calendar's
/// own clock has no table.
#[derive(Debug)]
pub(crate) struct Clock {
    base: i32,
    /// Days the tables cover (from `base`).
    days: i32,
    /// Working days over those days.
    top: i32,
    /// `op[i] - (i + 1)`, where `op[i]` is the working days up to the end
    /// of day `base + i` (empty for the calendar's clock: zero).
    op_drift: Vec<i16>,
    /// `cal[v] - (v - 1)`, where `cal[v]` is the first table index whose
    /// `op` reaches `v` (`1 <= v <= top`; empty for the calendar's clock).
    cal_drift: Vec<i16>,
}

impl Clock {
    fn build(rate: impl Fn(NaiveDate) -> i32) -> Clock {
        let first = ymd(FIRST.0, FIRST.1, FIRST.2);
        let (base, n) = table_days();
        let n = n as usize;
        let mut op = Vec::with_capacity(n);
        let mut total = 0;
        let mut date = first;
        for _ in 0..n {
            total += rate(date);
            op.push(total);
            date = date.succ_opt().unwrap_or(date);
        }
        let mut cal = vec![0; total as usize + 1];
        let mut v = 1usize;
        for (i, &o) in op.iter().enumerate() {
            while v <= o as usize {
                cal[v] = i as i32;
                v += 1;
            }
        }
        // Differences from the calendar's count: a few thousand days over
        // the tables' 131 years (`the_compact_tables_are_the_counts` holds
        // every entry equal to the plain count).
        let op_drift: Vec<i16> = op
            .iter()
            .enumerate()
            .map(|(i, &o)| (o - (i as i32 + 1)) as i16)
            .collect();
        let cal_drift: Vec<i16> = cal
            .iter()
            .enumerate()
            .map(|(v, &c)| {
                if v == 0 {
                    0
                } else {
                    (c - (v as i32 - 1)) as i16
                }
            })
            .collect();
        let identity = op_drift.iter().chain(&cal_drift).all(|&d| d == 0);
        Clock {
            base,
            days: n as i32,
            top: total,
            op_drift: if identity { Vec::new() } else { op_drift },
            cal_drift: if identity { Vec::new() } else { cal_drift },
        }
    }

    /// The clock of `kind` (built once).
    pub(crate) fn of(kind: ClockKind) -> &'static Clock {
        static COUNCIL: OnceLock<Clock> = OnceLock::new();
        static PARLIAMENT: OnceLock<Clock> = OnceLock::new();
        static CALENDAR: OnceLock<Clock> = OnceLock::new();
        match kind {
            ClockKind::Calendar => CALENDAR.get_or_init(|| Clock::build(|_| 1)),
            ClockKind::Council => COUNCIL.get_or_init(|| Clock::build(|d| i32::from(!on_break(d)))),
            ClockKind::Parliament => PARLIAMENT.get_or_init(|| Clock::build(parliament_rate)),
        }
    }

    /// Working days up to the end of `day` (a day number).
    #[inline]
    pub(crate) fn op(&self, day: i32) -> i32 {
        // Inside the table, one look-up: a negative `i` becomes an index
        // past its end, and so does a day so early that `day - base`
        // wraps round (to more than two billion). Inside, nothing wrapped,
        // so the difference is exact without the saturating subtraction
        // every date drawn used to pay for; outside, the count is worked
        // out from the saturated difference, as before.
        let i = day.wrapping_sub(self.base);
        match self.op_drift.get(i as usize) {
            Some(&drift) => i + 1 + i32::from(drift),
            None => {
                let i = day.saturating_sub(self.base);
                let last = self.days - 1;
                if i < 0 {
                    i.saturating_add(1)
                } else if i > last {
                    self.top.saturating_add(i - last)
                } else {
                    // The calendar's clock, which has no table.
                    i + 1
                }
            }
        }
    }

    /// The first day by whose end `v` working days have passed.
    #[inline]
    pub(crate) fn day_of(&self, v: i32) -> i32 {
        // Inside the table (`0..=top`, the first entry 0), one look-up: a
        // negative `v` becomes an index past its end.
        match self.cal_drift.get(v as usize) {
            Some(&drift) => self.base + (v - 1) + i32::from(drift),
            None => {
                let last = self.days - 1;
                if v <= 0 {
                    self.base.saturating_sub(1).saturating_add(v)
                } else if v > self.top {
                    self.base
                        .saturating_add(last)
                        .saturating_add(v.saturating_sub(self.top))
                } else {
                    // The calendar's clock, which has no table.
                    self.base + (v - 1)
                }
            }
        }
    }

    /// The day `days` working days after `from` (never before `from`).
    #[inline]
    pub(crate) fn after(&self, from: i32, days: i32) -> i32 {
        self.day_of(plus(self.op(from), days)).max(from)
    }

    /// `out[k]`: the day `days[k]` working days after `from`, as
    /// [`after`](Clock::after) says, with the count up to `from` looked up
    /// once.
    pub(crate) fn after_each(&self, from: i32, days: &[i32], out: &mut [i32]) {
        let start = self.op(from);
        for (o, &d) in out.iter_mut().zip(days) {
            *o = self.day_of(plus(start, d)).max(from);
        }
    }

    /// `out[k]`: the day `days[k]` working days after `from[k]`, as
    /// [`after`](Clock::after) says.
    ///
    /// A loop of its own, where the clock is an argument: written inline
    /// where the simulation draws, the clock came from a static, and the
    /// compiler loaded its fields again for every date (as far as it knew,
    /// storing a date might have changed them); here they are loaded once.
    pub(crate) fn after_each_from(&self, from: &[i32], days: &[i32], out: &mut [i32]) {
        for ((o, &f), &d) in out.iter_mut().zip(from).zip(days) {
            *o = self.after(f, d);
        }
    }

    /// Each day of `days_in` becomes the day `days[k]` working days after
    /// it, as [`after`](Clock::after) says (see
    /// [`after_each_from`](Clock::after_each_from)).
    pub(crate) fn after_in_place(&self, days_in: &mut [i32], days: &[i32]) {
        for (o, &d) in days_in.iter_mut().zip(days) {
            *o = self.after(*o, d);
        }
    }

    /// Working days from the end of `from` to the end of `to`.
    pub(crate) fn span(&self, from: i32, to: i32) -> i32 {
        self.op(to) - self.op(from)
    }
}

/// Working days on `kind`'s clock from the end of `from` to the end of
/// `to` (negative when `to` is earlier).
///
/// ```
/// use codecision::parse_date;
/// use codecision::forecast::{ClockKind, working_days};
/// let (from, to) = (parse_date("2017-07-01")?, parse_date("2017-09-30")?);
/// assert_eq!(working_days(ClockKind::Calendar, from, to), 91);
/// assert_eq!(working_days(ClockKind::Council, from, to), 60); // August off
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn working_days(kind: ClockKind, from: NaiveDate, to: NaiveDate) -> i32 {
    Clock::of(kind).span(day(from), day(to))
}

/// Whether the institutions are on a break that day: August, or 22
/// December to 6 January.
fn on_break(date: NaiveDate) -> bool {
    let (m, d) = (date.month(), date.day());
    m == 8 || (m == 12 && d >= 22) || (m == 1 && d <= 6)
}

/// The Parliament's rate on a day: 0 on a break or between a term's last
/// session and the new Parliament's resumption, 2 in a term's last
/// [`RUSH_DAYS`], 1 otherwise.
fn parliament_rate(date: NaiveDate) -> i32 {
    if on_break(date) {
        return 0;
    }
    for t in &TERM_ENDS {
        if date > t.last_session && date < t.resumes() {
            return 0;
        }
        if date <= t.last_session && date > t.last_session - chrono::Days::new(RUSH_DAYS as u64) {
            return 2;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::known::date_of;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_date(s).unwrap()
    }

    /// The tables as plain counts: `op[i]` working days up to the end of
    /// day `base + i`, `cal[v]` the first index whose count reaches `v`.
    fn plain(kind: ClockKind) -> (i32, Vec<i32>, Vec<i32>) {
        let rate = |date: NaiveDate| match kind {
            ClockKind::Calendar => 1,
            ClockKind::Council => i32::from(!on_break(date)),
            ClockKind::Parliament => parliament_rate(date),
        };
        let first = ymd(FIRST.0, FIRST.1, FIRST.2);
        let last = ymd(LAST.0, LAST.1, LAST.2);
        let mut op = Vec::new();
        let mut total = 0;
        let mut date = first;
        while date <= last {
            total += rate(date);
            op.push(total);
            date = date.succ_opt().unwrap();
        }
        let mut cal = vec![0; total as usize + 1];
        let mut i = 0;
        for (v, c) in cal.iter_mut().enumerate().skip(1) {
            while op[i] < v as i32 {
                i += 1;
            }
            *c = i as i32;
        }
        (day(first), op, cal)
    }

    #[test]
    fn the_compact_tables_are_the_counts() {
        for kind in [
            ClockKind::Calendar,
            ClockKind::Council,
            ClockKind::Parliament,
        ] {
            let c = Clock::of(kind);
            let (base, op, cal) = plain(kind);
            let (last, top) = (op.len() as i32 - 1, *op.last().unwrap());
            for (i, &o) in op.iter().enumerate() {
                assert_eq!(c.op(base + i as i32), o, "{kind:?} day {i}");
            }
            for (v, &i) in cal.iter().enumerate().skip(1) {
                assert_eq!(c.day_of(v as i32), base + i, "{kind:?} value {v}");
            }
            // Outside the tables a day counts one.
            assert_eq!(c.op(base - 10), -9);
            assert_eq!(c.op(base + last + 5), top + 5);
            assert_eq!(c.day_of(-3), base - 4);
            assert_eq!(c.day_of(0), base - 1);
            assert_eq!(c.day_of(i32::MIN), (base - 1) + i32::MIN);
            assert_eq!(c.day_of(top + 7), base + last + 7);
            assert_eq!(c.op(i32::MIN), i32::MIN + 1);
            // Days so early that `day - base` overflows, and days around
            // the point where it starts to: the saturated count.
            for day in [
                i32::MIN + 1,
                base.saturating_add(i32::MIN) - 1,
                base.saturating_add(i32::MIN),
            ]
            .into_iter()
            .chain([
                base + i32::MIN + 1,
                base + i32::MIN + 2,
                i32::MAX - 1,
                i32::MAX,
            ]) {
                let i = (i64::from(day) - i64::from(base))
                    .clamp(i64::from(i32::MIN), i64::from(i32::MAX));
                let expected = if i < 0 {
                    i + 1
                } else {
                    (i64::from(top) + i - i64::from(last)).min(i64::from(i32::MAX))
                };
                assert_eq!(i64::from(c.op(day)), expected, "{kind:?} day {day}");
            }
            assert_eq!(c.day_of(i32::MAX), i32::MAX);
            // One lookup of the start for a whole column.
            let from = base + 17_000;
            let days = [0, 1, 30, 400, 36_525, -5];
            let mut out = [0; 6];
            c.after_each(from, &days, &mut out);
            for (&d, &o) in days.iter().zip(&out) {
                assert_eq!(o, c.after(from, d), "{kind:?} {d}");
            }
            // A start for each day, inside the tables and outside.
            let starts = [from, base - 30, base + last + 9, i32::MIN, i32::MAX, base];
            c.after_each_from(&starts, &days, &mut out);
            let mut in_place = starts;
            c.after_in_place(&mut in_place, &days);
            for ((&f, &d), (&o, &p)) in starts.iter().zip(&days).zip(out.iter().zip(&in_place)) {
                assert_eq!(o, c.after(f, d), "{kind:?} from {f}, {d} days");
                assert_eq!(p, o, "{kind:?} from {f}, {d} days, in place");
            }
        }
    }

    #[test]
    fn plus_is_the_saturating_sum() {
        let values = [
            i32::MIN,
            i32::MIN + 1,
            -36_525,
            -1,
            0,
            1,
            36_525,
            i32::MAX - 1,
            i32::MAX,
        ];
        for a in values {
            for b in values {
                assert_eq!(plus(a, b), a.saturating_add(b), "{a} + {b}");
            }
        }
    }

    #[test]
    fn the_end_of_term_rules_looked_up_by_day_are_the_rules() {
        let terms = term_days();
        let (base, days) = table_days();
        let by_day = ByDay::get();
        for agreed in base - 400..base + days + 400 {
            let every = terms.iter().find_map(|&t| vote_waits_in(t, agreed));
            assert_eq!(by_day.vote_waits(agreed), every, "{agreed}");
            let every = terms.iter().find_map(|&t| missed_deadline_in(t, agreed));
            assert_eq!(by_day.missed_deadline(agreed), every, "{agreed}");
        }
        let cluster = SessionsAhead::new(200, 45);
        for agreed in base - 400..base + days + 400 {
            assert_eq!(
                cluster.get(agreed),
                last_session_ahead(agreed, 200, 45),
                "{agreed}"
            );
        }
        // Some days do wait or miss a vote, or cluster on a last session.
        let on = |s| day(d(s));
        assert!(cluster.get(on("2019-01-15")).is_some());
        assert!(by_day.vote_waits(on("2019-04-10")).is_some());
        assert!(by_day.missed_deadline(on("2019-06-01")).is_some());
        assert!(by_day.missed_deadline(on("2019-02-01")).is_none());
    }

    #[test]
    fn the_days_that_can_meet_a_kept_deadline_or_session_are_within_the_bounds() {
        let (base, days) = table_days();
        let by_day = ByDay::get();
        let cluster = SessionsAhead::new(200, 45);
        let on = |s| day(d(s));
        // Deadlines and sessions kept from a day on (as the end of a
        // term's rules keep those still ahead), and none at all.
        for from in [
            "1990-01-01",
            "2016-05-01",
            "2019-04-05",
            "2026-11-23",
            "2040-01-01",
        ] {
            let from = on(from);
            let missed = missed_deadlines_within(|deadline| deadline > from);
            let sessions = cluster.within(|last| last > from);
            for agreed in base - 400..base + days + 400 {
                if let Some(deadline) = by_day.missed_deadline(agreed).filter(|&x| x > from) {
                    let (lo, hi) = missed.expect("a kept deadline, so bounds");
                    assert!(lo < agreed && agreed < hi, "{agreed} missed {deadline}");
                }
                if let Some(last) = cluster.get(agreed).filter(|&x| x > from) {
                    let (lo, hi) = sessions.expect("a kept session, so bounds");
                    assert!(lo < agreed && agreed <= hi, "{agreed} before {last}");
                }
            }
        }
        // Nothing kept, no bounds; the bounds of one term are its days.
        assert_eq!(missed_deadlines_within(|_| false), None);
        assert_eq!(cluster.within(|_| false), None);
        let last = on("2019-04-18");
        assert_eq!(cluster.within(|l| l == last), Some((last - 200, last - 45)));
        let deadline = last - LAST_VOTE_DAYS;
        assert_eq!(
            missed_deadlines_within(|x| x == deadline),
            Some((deadline, deadline + 5 * 365 - RUSH_DAYS))
        );
        assert!(by_day.missed_deadline(deadline + 1) == Some(deadline));
        assert!(
            by_day
                .missed_deadline(deadline)
                .is_none_or(|x| x != deadline)
        );
    }

    #[test]
    fn the_calendar_clock_counts_days() {
        let c = Clock::of(ClockKind::Calendar);
        for (from, n) in [("1950-01-01", 10), ("2018-03-01", 400), ("2099-12-01", 900)] {
            let a = day(d(from));
            assert_eq!(c.after(a, n), a + n, "{from}");
            assert_eq!(c.span(a, a + n), n);
        }
    }

    #[test]
    fn nothing_completes_in_august_or_over_new_year() {
        for kind in [ClockKind::Council, ClockKind::Parliament] {
            let c = Clock::of(kind);
            // Twenty working days from 20 July: eleven in July, nine in
            // September.
            let from = day(d("2017-07-20"));
            assert_eq!(date_of(c.after(from, 20)), d("2017-09-09"), "{kind:?}");
            assert_eq!(c.span(day(d("2017-07-31")), day(d("2017-08-31"))), 0);
            let landed = date_of(c.after(day(d("2017-12-15")), 10));
            assert_eq!(landed, d("2018-01-10"), "{kind:?}");
        }
    }

    #[test]
    fn the_parliament_stops_between_terms_and_hurries_before() {
        let c = Clock::of(ClockKind::Parliament);
        let t = TERM_ENDS
            .iter()
            .find(|t| t.election.year() == 2019)
            .unwrap();
        // No working day between the last session and the resumption...
        assert_eq!(
            c.span(day(t.last_session), day(t.resumes()) - 1),
            0,
            "{t:?}"
        );
        // ...so a step due after the last session lands after it.
        let landed = date_of(c.after(day(d("2019-04-10")), 30));
        assert!(landed >= t.resumes(), "{landed}");
        // The run-up counts double: 60 working days take 30 days.
        assert_eq!(c.span(day(d("2019-02-01")), day(d("2019-03-03"))), 60);
        // An ordinary stretch counts one a day.
        assert_eq!(c.span(day(d("2017-03-01")), day(d("2017-05-30"))), 90);
    }

    #[test]
    fn the_terms_are_in_order_and_consistent() {
        for w in TERM_ENDS.windows(2) {
            assert!(w[0].election < w[1].election);
        }
        for t in &TERM_ENDS {
            assert!(
                t.last_session < t.election && t.election < t.constituent,
                "{t:?}"
            );
        }
        assert_eq!(TERM_ENDS[0].election, d("1979-06-07"));
        assert!(TERM_ENDS.iter().any(|t| t.election.year() == 2029));
        assert!(TermEnd::around(d("2019-05-01")).is_some());
        assert!(TermEnd::around(d("2017-05-01")).is_none());
    }
}
