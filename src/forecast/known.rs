//! What the register knows about one file on a date: the dated stages, what
//! is reached, whether the procedure has ended, and how far the file is
//! forecast.

use chrono::{Datelike, NaiveDate};

use crate::file::LegislativeFile;
use crate::register::Register;
use crate::stage::Stage;

/// A date as a day number (days from the common era), the unit the
/// simulation works in.
pub(crate) fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The date of a day number, capped into the years the register format
/// writes (0001 to 9999): a forecast past 9999-12-31 says 9999-12-31 (and
/// its [`ForecastBand`](crate::answer::ForecastBand) says it was capped).
pub(crate) fn date_of(day: i32) -> NaiveDate {
    use crate::date::{FIRST_DATE, LAST_DATE};
    let day = day.clamp(self::day(FIRST_DATE), self::day(LAST_DATE));
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(LAST_DATE)
}

/// One file as known on a date.
#[derive(Clone, Debug)]
pub(crate) struct Known {
    /// The day of the first event recording each ranked stage (indexed by
    /// [`Stage::index`]), when dated on or before the date.
    pub date: [Option<i32>; 8],
    /// Whether each ranked stage is reached (directly or by implication).
    pub reached: [bool; 8],
    /// The proposal's day; a file with no proposal event but a later stage
    /// counts from its earliest staged event.
    pub proposal: Option<i32>,
    /// The file's stage on the date.
    pub stage: Option<Stage>,
    /// Whether the stage is withdrawn, lapsed or rejected.
    pub terminal: bool,
    /// Whether the file is part of a package (`related` to other files).
    pub package: bool,
}

impl Known {
    /// What `file`'s events dated on or before `as_of` say.
    pub(crate) fn of(file: &LegislativeFile, as_of: NaiveDate) -> Known {
        let mut date = [None; 8];
        let mut reached = [false; 8];
        for stage in Stage::RANKED {
            date[stage.index()] = file.since(stage, as_of).map(day);
            reached[stage.index()] = file.reached(stage, as_of);
        }
        Known::from_record(file, as_of, date, reached)
    }

    /// What `file` says on `as_of`, given the days its ranked stages were
    /// first recorded (`date`) and whether each is reached by then.
    fn from_record(
        file: &LegislativeFile,
        as_of: NaiveDate,
        date: [Option<i32>; 8],
        reached: [bool; 8],
    ) -> Known {
        let proposal =
            date[Stage::Proposal.index()].or_else(|| date.iter().flatten().min().copied());
        let stage = file.stage_at(as_of).map(|s| s.stage);
        Known {
            date,
            reached,
            proposal,
            stage,
            terminal: stage.is_some_and(Stage::is_terminal),
            package: !file.related().is_empty(),
        }
    }

    /// Whether `stage` is reached.
    pub(crate) fn has(&self, stage: Stage) -> bool {
        stage.rank().is_some() && self.reached[stage.index()]
    }

    /// The day `stage` was first recorded, if it was.
    pub(crate) fn on(&self, stage: Stage) -> Option<i32> {
        if stage.rank().is_some() {
            self.date[stage.index()]
        } else {
            None
        }
    }
}

/// A file's record looked up once for [`Known`]s of it on several dates:
/// the days each ranked stage was first recorded and first reached.
pub(crate) struct Recorded<'a> {
    file: &'a LegislativeFile,
    first: [Option<NaiveDate>; 8],
    reached_on: [Option<NaiveDate>; 8],
}

impl<'a> Recorded<'a> {
    pub(crate) fn of(file: &'a LegislativeFile) -> Self {
        let mut first = [None; 8];
        let mut reached_on = [None; 8];
        for stage in Stage::RANKED {
            first[stage.index()] = file.since(stage, NaiveDate::MAX);
            reached_on[stage.index()] = file.reached_on(stage);
        }
        Recorded {
            file,
            first,
            reached_on,
        }
    }

    /// The same as [`Known::of`] the file on `as_of`.
    pub(crate) fn on(&self, as_of: NaiveDate) -> Known {
        let date = self
            .first
            .map(|d: Option<NaiveDate>| d.filter(|&d| d <= as_of).map(day));
        let reached = self
            .reached_on
            .map(|d: Option<NaiveDate>| d.is_some_and(|d| d <= as_of));
        Known::from_record(self.file, as_of, date, reached)
    }
}

/// The furthest stage anything in the register asks of the file at `node`:
/// entry into force, or application when a `requires` edge (from a file or
/// a goal) names it.
pub(crate) fn last_stage(register: &Register, node: u32) -> Stage {
    let mut last = Stage::EntryIntoForce;
    for &(_, stage) in register.graph().required_by(node) {
        if stage.rank() > last.rank() {
            last = stage;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::event::Event;

    #[test]
    fn days_round_trip() {
        let d = parse_date("2018-01-24").unwrap();
        assert_eq!(date_of(day(d)), d);
        assert_eq!(day(d) - day(parse_date("2018-01-01").unwrap()), 23);
    }

    #[test]
    fn proposal_falls_back_to_the_earliest_event() {
        let d = |s| parse_date(s).unwrap();
        let file = LegislativeFile::new("x", "X").with_events([
            Event::new(d("2017-03-01"), Stage::GeneralApproach),
            Event::new(d("2017-06-01"), Stage::Trilogue),
        ]);
        let known = Known::of(&file, d("2017-12-31"));
        assert_eq!(known.proposal, Some(day(d("2017-03-01"))));
        assert!(known.has(Stage::LibeVote));
        assert_eq!(known.on(Stage::LibeVote), None);
        assert_eq!(known.stage, Some(Stage::Trilogue));
        let dates = [
            d("2017-01-01"),
            d("2017-03-01"),
            d("2017-06-01"),
            d("2017-12-31"),
        ];
        let recorded = Recorded::of(&file);
        for date in dates {
            let (on, of) = (recorded.on(date), Known::of(&file, date));
            assert_eq!(
                (on.date, on.reached, on.proposal),
                (of.date, of.reached, of.proposal)
            );
            assert_eq!(
                (on.stage, on.terminal, on.package),
                (of.stage, of.terminal, of.package)
            );
        }
        let before = Known::of(&file, d("2017-01-01"));
        assert_eq!(before.proposal, None);
        assert_eq!(before.stage, None);
    }
}
