//! The "train schedule" of a goal: one lane per file, its stages as dated
//! segments, and forecast bands passed in as plain data.

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::query::Ask;
use crate::query::needs::Horizon;
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// The timeline of a target (a goal or a file) as of a date: one
/// [`ScheduleLane`] per file it needs, prerequisites first. The pictures
/// ([`TimelineSvg`](crate::export::TimelineSvg),
/// [`Gantt`](crate::export::Gantt)) and the report draw this; `codecision timeline --format json` prints it.
///
/// Only events dated on or before `as_of` are known, so every lane ends at
/// `as_of`; what comes after is forecast, if forecasts are attached with
/// [`with_forecasts`](Schedule::with_forecasts).
///
/// ```
/// use codecision::{Ask, Register, Stage, parse_date};
/// let register = Register::security_union();
/// let schedule = register.schedule(&Ask::new(parse_date("2018-01-24")?).target("interoperability-2020"))?;
/// let etias = schedule.lanes.iter().find(|l| l.file == "etias").unwrap();
/// assert!(etias.blocking);
/// assert_eq!(etias.segments.first().map(|s| s.stage), Some(Stage::Proposal));
/// assert_eq!(etias.segments.last().map(|s| (s.stage, s.to)), Some((Stage::Trilogue, schedule.as_of)));
/// // Prerequisites come before the files that need them.
/// let at = |id| schedule.lanes.iter().position(|l| l.file == id).unwrap();
/// assert!(at("ees") < at("etias") && at("etias") < at("interop-borders-visa"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Schedule {
    /// The goal or file asked about (`None`: every file of the register).
    pub target: Option<String>,
    /// The target's title.
    pub title: Option<String>,
    /// The deadline (the goal's, or the one given), if any.
    pub deadline: Option<NaiveDate>,
    /// The date the schedule is drawn as of.
    pub as_of: NaiveDate,
    /// `min(as_of, deadline)`: the date blockers are judged at.
    pub cutoff: NaiveDate,
    /// One lane per file, prerequisites first (ties in register order).
    pub lanes: Vec<ScheduleLane>,
}

/// One file on a [`Schedule`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ScheduleLane {
    /// The file's id.
    pub file: String,
    /// The file's title.
    pub title: String,
    /// The stage the target needs of it (`None` without a target).
    pub required: Option<Stage>,
    /// Whether it blocks the target: it has not reached `required` by the
    /// cutoff.
    pub blocking: bool,
    /// Its stage at `as_of`.
    pub stage: Option<Stage>,
    /// Its stages over time, in date order, the last one ending at `as_of`.
    pub segments: Vec<ScheduleSegment>,
    /// Every staged event up to `as_of`, in date order: a further trilogue
    /// meeting shows as a stop inside its segment.
    pub stops: Vec<ScheduleStop>,
    /// Forecasts of the stages it has still to reach. In JSON each band
    /// carries the file's id and its stage: `{"file", "stage", "p10",
    /// "p50", "p90"}`.
    pub forecasts: Vec<ForecastBand>,
}

/// A file's stage from one date to the next change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ScheduleSegment {
    /// The stage (as the register format defines a file's stage at a date).
    pub stage: Stage,
    /// The first day at that stage.
    pub from: NaiveDate,
    /// The day the next stage starts, or `as_of` for the last segment.
    pub to: NaiveDate,
}

/// A staged event on a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ScheduleStop {
    /// When.
    pub date: NaiveDate,
    /// The stage the event records.
    pub stage: Stage,
}

/// When a file is forecast to reach a stage: the 80% band of the date (the
/// 10th to the 90th percentile) and its median. The forecaster (feature
/// `forecast`) gives one per stage not yet reached in
/// `FileForecast::forecast`; any other forecaster builds them with
/// [`new`](ForecastBand::new), and [`Schedule::with_forecasts`] and
/// [`Report::forecasts`](crate::export::Report::forecasts) draw them, each
/// given with its file's id ([`FileBand`]).
///
/// **A stage that may never come.** A procedure can end without an act
/// (withdrawn, lapsed, rejected): "never" is then one of the outcomes,
/// later than every date, and the band counts it. `p10` and `p90` are the
/// 10th and 90th percentiles of all outcomes: `p90` is never (`None`,
/// `null` in JSON) once [`p_never`](ForecastBand::p_never), the chance the
/// stage never comes (for adoption: that the file never becomes law), is
/// above 10%. `p50` is the median of the outcomes in which the stage comes
/// (the most likely date if it comes), and `p10` is never later than it
/// (when more than 8 in 10 never come, fewer than 10% come by `p10`). So
/// at least 80% of all outcomes fall between `p10` and `p90`, and a file
/// that is never adopted is inside a band whose `p90` is never.
///
/// In JSON a band is `{"p10", "p50", "p90"}`, `p90` a date or `null`
/// (never), with `"capped": true` only when capped: its stage is the key
/// of the object it stands in. The schedule's bands add `p_never` when it
/// is not 0.
///
/// ```
/// use codecision::answer::ForecastBand;
/// use codecision::{Stage, parse_date};
/// let d = |s| parse_date(s).unwrap();
/// // Percentiles given out of order are put back in order.
/// let band = ForecastBand::new(Stage::Adoption, d("2018-12-01"), d("2018-06-01"), d("2018-09-01"));
/// assert_eq!((band.p10, band.p50, band.p90), (Some(d("2018-06-01")), Some(d("2018-09-01")), Some(d("2018-12-01"))));
/// assert!(!band.capped);
/// // One in four that it never comes: the 90th percentile is never.
/// let band = band.with_never(0.25);
/// assert_eq!((band.p50, band.p90), (Some(d("2018-09-01")), None));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ForecastBand {
    /// The stage forecast.
    #[serde(skip)]
    pub stage: Stage,
    /// 10% of all outcomes reach it by this date (or fewer, see above).
    /// A forecaster's bands always have it; `None` only when set so.
    pub p10: Option<NaiveDate>,
    /// Half of the outcomes that reach it by this date: the most likely
    /// month if it comes. A forecaster's bands always have it.
    pub p50: Option<NaiveDate>,
    /// 90% of all outcomes by this date (`None`: never, more than 10% of
    /// the outcomes never reach it).
    pub p90: Option<NaiveDate>,
    /// The chance the stage never comes: the procedure ends without an act
    /// before it (0 unless the forecaster says otherwise).
    #[serde(skip)]
    pub p_never: f64,
    /// Whether some of these dates fell after 9999-12-31, the last date the
    /// register format writes, and were capped there (a forecast as of a
    /// date near the end of the year 9999).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
}

/// A forecast band of one file: what a forecaster gives the report and
/// the schedule.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FileBand {
    /// The file's id.
    pub file: String,
    /// Its band.
    pub band: ForecastBand,
}

impl FileBand {
    /// The band `band` of file `file`.
    pub fn new(file: impl Into<String>, band: ForecastBand) -> Self {
        FileBand {
            file: file.into(),
            band,
        }
    }
}

impl ForecastBand {
    /// A band of a stage that surely comes; the three dates are sorted, so
    /// `p10 <= p50 <= p90` holds.
    pub fn new(stage: Stage, p10: NaiveDate, p50: NaiveDate, p90: NaiveDate) -> Self {
        let mut d = [p10, p50, p90];
        d.sort();
        ForecastBand {
            stage,
            p10: Some(d[0]),
            p50: Some(d[1]),
            p90: Some(d[2]),
            p_never: 0.0,
            capped: false,
        }
    }

    /// The same band with the chance `p` (clamped to 0-1) that the stage
    /// never comes: `p90` becomes never when `p` is above 0.1; the dates
    /// kept are read as above (`p10` of all outcomes, `p50` of those that
    /// reach the stage).
    ///
    /// ```
    /// use codecision::answer::ForecastBand;
    /// use codecision::{Stage, parse_date};
    /// let d = |s| parse_date(s).unwrap();
    /// let band = ForecastBand::new(Stage::Adoption, d("2018-06-01"), d("2018-09-01"), d("2018-12-01"))
    ///     .with_never(0.2);
    /// assert_eq!(band.p_never, 0.2);
    /// assert_eq!((band.p10, band.p50, band.p90), (Some(d("2018-06-01")), Some(d("2018-09-01")), None));
    /// ```
    #[must_use]
    pub fn with_never(mut self, p: f64) -> Self {
        self.p_never = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if self.p_never > 0.1 + 1e-12 {
            self.p90 = None;
        }
        self
    }

    /// The three percentiles in order, never (`None`) last.
    pub(crate) fn sorted(mut self) -> Self {
        let mut d = [self.p10, self.p50, self.p90];
        d.sort_by_key(|d| later(*d));
        (self.p10, self.p50, self.p90) = (d[0], d[1], d[2]);
        self
    }
}

/// A percentile as a date for ordering: never (`None`) after every date.
pub(crate) fn later(date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or(NaiveDate::MAX)
}

// By hand for the bands: in the schedule's JSON each names its lane's file.
impl Serialize for ScheduleLane {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Band<'a> {
            file: &'a str,
            stage: Stage,
            p10: Option<NaiveDate>,
            p50: Option<NaiveDate>,
            p90: Option<NaiveDate>,
            #[serde(skip_serializing_if = "is_zero")]
            p_never: f64,
        }
        fn is_zero(p: &f64) -> bool {
            *p == 0.0
        }
        let bands: Vec<Band<'_>> = self
            .forecasts
            .iter()
            .map(|b| Band {
                file: &self.file,
                stage: b.stage,
                p10: b.p10,
                p50: b.p50,
                p90: b.p90,
                p_never: b.p_never,
            })
            .collect();
        let mut lane = serializer.serialize_struct("ScheduleLane", 8)?;
        lane.serialize_field("file", &self.file)?;
        lane.serialize_field("title", &self.title)?;
        lane.serialize_field("required", &self.required)?;
        lane.serialize_field("blocking", &self.blocking)?;
        lane.serialize_field("stage", &self.stage)?;
        lane.serialize_field("segments", &self.segments)?;
        lane.serialize_field("stops", &self.stops)?;
        lane.serialize_field("forecasts", &bands)?;
        lane.end()
    }
}

impl Schedule {
    /// Attaches forecast bands, each given with its file's id, to their
    /// files' lanes (bands of files not on the schedule are ignored), in
    /// stage order on each lane.
    ///
    /// ```
    /// use codecision::answer::{FileBand, ForecastBand};
    /// use codecision::{Ask, Register, Stage, parse_date};
    /// let d = |s| parse_date(s).unwrap();
    /// let band = ForecastBand::new(Stage::Adoption, d("2018-05-01"), d("2018-07-01"), d("2018-11-01"));
    /// let schedule = Register::security_union()
    ///     .schedule(&Ask::new(d("2018-01-24")).target("interoperability-2020"))?
    ///     .with_forecasts(&[FileBand::new("etias", band)]);
    /// let etias = schedule.lanes.iter().find(|l| l.file == "etias").unwrap();
    /// assert_eq!(etias.forecasts.len(), 1);
    /// # Ok::<(), codecision::Error>(())
    /// ```
    #[must_use]
    pub fn with_forecasts(mut self, bands: &[FileBand]) -> Self {
        // Each band's lane, found by the lane's own id (borrowed, not
        // copied: a large goal's schedule has tens of thousands of lanes).
        let lanes: Vec<(usize, &ForecastBand)> = {
            let at: std::collections::HashMap<&str, usize> = self
                .lanes
                .iter()
                .enumerate()
                .map(|(i, l)| (l.file.as_str(), i))
                .collect();
            bands
                .iter()
                .filter_map(|FileBand { file, band }| Some((*at.get(file.as_str())?, band)))
                .collect()
        };
        for (i, band) in lanes {
            // Re-sort in case the fields were set directly.
            self.lanes[i].forecasts.push(band.sorted());
        }
        for lane in &mut self.lanes {
            if lane.forecasts.len() > 1 {
                lane.forecasts
                    .sort_by_key(|b| (b.stage.rank().unwrap_or(u8::MAX), b.stage, later(b.p50)));
            }
        }
        self
    }

    /// The number of blocking lanes.
    pub fn blocking(&self) -> usize {
        self.lanes.iter().filter(|l| l.blocking).count()
    }
}

impl Register {
    /// The schedule of `ask`'s target (a goal or a file; without one, every
    /// file of the register) as of its date: each file it needs, transitively through
    /// `requires`, with its stages over time up to `as_of`, the stage the
    /// target needs of it and whether it blocks (as
    /// [`blockers`](Register::blockers) defines it). `by` is the deadline;
    /// it defaults to the goal's. A file asked about without `by` has no
    /// deadline and is judged as of `as_of`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] (with a suggestion) for an unknown target.
    ///
    /// # Complexity
    ///
    /// A topological sort of the register, then linear in the staged events
    /// of the files on the schedule, with a binary search per event.
    pub fn schedule(&self, ask: &Ask) -> Result<Schedule, Error> {
        let (target, by, as_of) = (ask.target_id(), ask.deadline(), ask.as_of());
        let order = self.topological_nodes();
        let Some(target) = target else {
            let lanes = order
                .iter()
                .filter_map(|&n| self.file_at(n))
                .map(|f| lane(f, None, false, as_of))
                .collect();
            return Ok(Schedule {
                target: None,
                title: None,
                deadline: by,
                as_of,
                cutoff: Horizon {
                    deadline: by,
                    as_of,
                }
                .cutoff(),
                lanes,
            });
        };
        let node = self.index_of(target)?;
        let title = match self.node_at(node) {
            FileOrGoal::Goal(g) => g.title.clone(),
            FileOrGoal::File(f) => f.title().to_string(),
        };
        let needs = self.needs(
            node,
            Horizon {
                deadline: self.deadline_of(node, by),
                as_of,
            },
        );
        let (deadline, cutoff) = (needs.horizon.deadline, needs.horizon.cutoff());
        // The files needed, prerequisites first; their lanes drawn on
        // rayon's threads with the `parallel` feature (at 100,000 files, a
        // goal can need tens of thousands).
        let needed: Vec<_> = order.iter().filter_map(|&n| needs.of(self, n)).collect();
        let lanes = crate::parallel::map(&needed, |need| {
            lane(need.file, Some(need.required), need.missing, as_of)
        });
        Ok(Schedule {
            target: Some(target.to_string()),
            title: Some(title),
            deadline,
            as_of,
            cutoff,
            lanes,
        })
    }
}

fn lane(
    file: &crate::LegislativeFile,
    required: Option<Stage>,
    blocking: bool,
    as_of: NaiveDate,
) -> ScheduleLane {
    let mut stops: Vec<ScheduleStop> = file
        .events()
        .iter()
        .filter(|e| e.date <= as_of)
        .filter_map(|e| {
            e.stage.map(|stage| ScheduleStop {
                date: e.date,
                stage,
            })
        })
        .collect();
    stops.sort_by_key(|s| s.date);
    let mut segments: Vec<ScheduleSegment> = Vec::new();
    for stop in &stops {
        let Some(at) = file.stage_at(stop.date) else {
            continue;
        };
        match segments.last_mut() {
            Some(last) if last.stage == at.stage => {}
            Some(last) => {
                last.to = stop.date;
                segments.push(ScheduleSegment {
                    stage: at.stage,
                    from: stop.date,
                    to: as_of,
                });
            }
            None => segments.push(ScheduleSegment {
                stage: at.stage,
                from: stop.date,
                to: as_of,
            }),
        }
    }
    // Same-day changes leave empty segments: keep the day's last stage.
    segments.retain(|s| s.from < s.to || s.to == as_of);
    ScheduleLane {
        file: file.id().to_string(),
        title: file.title().to_string(),
        required,
        blocking,
        stage: file.stage_at(as_of).map(|s| s.stage),
        segments,
        stops,
        forecasts: Vec::new(),
    }
}
