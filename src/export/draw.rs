//! The drawings as values: built from what they draw, written by
//! `Display` (`to_string()`, `write!`), in the manner of petgraph's `Dot`.

use std::fmt;

use chrono::NaiveDate;

use crate::query::{Changes, Schedule};
use crate::register::Register;

/// The dependency graph in Graphviz DOT: one node per file (filled with
/// its stage's colour at the date, labelled with its id and stage) and per
/// goal (a double octagon with its deadline), a solid arrow from each file
/// or goal to what it `requires` (labelled when the stage asked is not
/// entry into force), a dashed undirected line for `related`.
///
/// The output is deterministic: register order, then `requires` order.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::Dot;
/// let register = Register::security_union();
/// let dot = Dot::new(&register, parse_date("2018-01-24")?).to_string();
/// assert!(dot.starts_with("digraph codecision {"));
/// assert!(dot.contains("\"interop-borders-visa\" -> \"etias\""));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Dot<'r> {
    register: &'r Register,
    as_of: NaiveDate,
}

impl<'r> Dot<'r> {
    /// The graph of `register`, coloured by stage as of `as_of`.
    pub fn new(register: &'r Register, as_of: NaiveDate) -> Self {
        Dot { register, as_of }
    }
}

impl fmt::Display for Dot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::dot::dot(self.register, self.as_of))
    }
}

/// The dependency graph as a Mermaid `flowchart`: nodes coloured by their
/// stage at the date (one `classDef` per stage present), goals as
/// hexagons, solid arrows to prerequisites, dotted lines for `related`.
/// Node ids are `n0`, `n1`... in register order; labels carry the ids.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::Mermaid;
/// let register = Register::security_union();
/// let chart = Mermaid::new(&register, parse_date("2018-01-24")?).to_string();
/// assert!(chart.starts_with("flowchart LR"));
/// assert!(chart.contains("classDef s_trilogue"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Mermaid<'r> {
    register: &'r Register,
    as_of: NaiveDate,
}

impl<'r> Mermaid<'r> {
    /// The graph of `register`, coloured by stage as of `as_of`.
    pub fn new(register: &'r Register, as_of: NaiveDate) -> Self {
        Mermaid { register, as_of }
    }
}

impl fmt::Display for Mermaid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::mermaid::mermaid(self.register, self.as_of))
    }
}

/// The dependency graph as a standalone SVG picture: files as boxes filled
/// with their stage's colour at the date and labelled with their id and
/// stage, goals as hexagons with their deadline, an arrow from each file or
/// goal to each file it `requires` (labelled when the stage asked is not
/// entry into force), and a legend. Prerequisites stand to the right of
/// what needs them.
///
/// The layout is a layered (Sugiyama-style) drawing made in this crate:
/// columns by longest path, crossings reduced by barycentre sweeps, boxes
/// aligned by least squares. The output is deterministic, uses the reader's
/// system fonts and fetches nothing: it can be opened as a file or inlined
/// in HTML. Every file and goal is a `<g class="node">` with `data-id` and
/// `data-stage` attributes, every `requires` link a `<path class="edge">`
/// with `data-from` and `data-to`.
///
/// # Large registers
///
/// Past 500 nodes (files and goals) a drawing of every box is no longer
/// readable, so the picture is a summary: a bar per stage with the number
/// of files at it as of the date, the goals named, and a line saying how
/// many nodes and links were left out and why. Its root has the classes
/// `codecision-graph summary` and `data-nodes`, `data-limit` attributes;
/// each stage is a `<g class="group">` with `data-stage` and `data-files`.
/// [`Dot`] and [`Mermaid`] always hold every node.
///
/// # Complexity
///
/// Up to the limit, the layered layout is `O((V + D + E) log(V + D))` per
/// sweep over a bounded number of sweeps, `D` being the dummy nodes that
/// carry edges across columns; past it, linear in the register.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::GraphSvg;
/// let register = Register::security_union();
/// let svg = GraphSvg::new(&register, parse_date("2018-01-24")?).to_string();
/// assert!(svg.starts_with("<svg "));
/// assert!(svg.contains(r#"data-id="etias" data-stage="trilogue""#));
/// let edges: usize = register.files().iter().map(|f| f.requirements().len()).sum::<usize>()
///     + register.goals().iter().map(|g| g.requires.len()).sum::<usize>();
/// assert_eq!(svg.matches(r#"<path class="edge""#).count(), edges);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct GraphSvg<'r> {
    register: &'r Register,
    as_of: NaiveDate,
}

impl<'r> GraphSvg<'r> {
    /// The graph of `register`, coloured by stage as of `as_of`.
    pub fn new(register: &'r Register, as_of: NaiveDate) -> Self {
        GraphSvg { register, as_of }
    }
}

impl fmt::Display for GraphSvg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::svg::graph(self.register, self.as_of))
    }
}

/// A [`Schedule`] as a standalone SVG picture: a heading, a time axis by
/// year and quarter, one lane per file with its stages as coloured segments
/// (labelled where they are wide enough) and a tick at each staged event,
/// the "as of" date as a solid line (what lies after it is hatched:
/// unknown), the deadline as a dashed red line, forecast bands (p10 to p90,
/// a diamond at the median) after "as of", blocking files marked in the
/// margin, and a legend. The one way to draw a timeline (the report draws
/// the same picture).
///
/// Lanes are `<g class="lane">` with `data-file`, `data-blocking`; segments
/// are `<rect class="segment">` with `data-stage`, `data-from`, `data-to`;
/// forecast bands are `<g class="forecast">`.
///
/// At most 200 lanes are drawn (a taller picture is not read lane by lane):
/// past that, the blocking lanes come first, then the others, in the
/// schedule's order, and a `<text class="left-out">` line (with
/// `data-shown` and `data-lanes`) says how many were left out. [`Gantt`]
/// and the schedule itself keep every lane.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// use codecision::export::TimelineSvg;
/// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
/// let schedule = Register::security_union().schedule(&ask)?;
/// let svg = TimelineSvg::new(&schedule).to_string();
/// assert_eq!(svg.matches(r#"<g class="lane""#).count(), schedule.lanes.len());
/// assert!(svg.contains(r#"class="deadline""#));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct TimelineSvg<'a> {
    schedule: &'a Schedule,
}

impl<'a> TimelineSvg<'a> {
    /// The picture of `schedule`.
    pub fn new(schedule: &'a Schedule) -> Self {
        TimelineSvg { schedule }
    }
}

impl fmt::Display for TimelineSvg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.schedule.to_svg())
    }
}

/// A [`Schedule`] as a Mermaid `gantt`: one section per file, one task per
/// stage segment (`done`, the current one `active`; `crit` for a blocking
/// file's current stage), forecast bands as tasks from p10 to p90, and
/// milestones for "as of" and the deadline.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// use codecision::export::Gantt;
/// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
/// let schedule = Register::security_union().schedule(&ask)?;
/// let gantt = Gantt::new(&schedule).to_string();
/// assert!(gantt.starts_with("gantt\n"));
/// assert!(gantt.contains("section etias"));
/// assert!(gantt.contains("dateFormat YYYY-MM-DD"));
/// assert!(gantt.contains(":milestone, crit, deadline, 2020-12-31, 0d"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Gantt<'a> {
    schedule: &'a Schedule,
}

impl<'a> Gantt<'a> {
    /// The gantt of `schedule`.
    pub fn new(schedule: &'a Schedule) -> Self {
        Gantt { schedule }
    }
}

impl fmt::Display for Gantt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.schedule.to_mermaid())
    }
}

/// [`Changes`] as Markdown: a `##` heading "Since DATE", the target's
/// verdicts (when one was asked about), then `###` sections with bullet
/// lists: moved (each staged event with its source), cleared, new
/// blockers, did not move. Ready to paste into a report.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// use codecision::export::ChangesMarkdown;
/// let d = |s| parse_date(s).unwrap();
/// let register = Register::security_union();
/// let changes = register.changes(&Ask::new(d("2017-07-27")).since(d("2017-06-29")))?;
/// let text = ChangesMarkdown::new(&changes).to_string();
/// assert!(text.starts_with("## Since 29 Jun 2017\n"));
/// assert!(text.contains("- **ees**: trilogue \u{2192} political agreement"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ChangesMarkdown<'a> {
    changes: &'a Changes,
}

impl<'a> ChangesMarkdown<'a> {
    /// The Markdown of `changes`.
    pub fn new(changes: &'a Changes) -> Self {
        ChangesMarkdown { changes }
    }
}

impl fmt::Display for ChangesMarkdown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.changes.to_markdown())
    }
}

/// The calibration picture of a backtest over several dates, as a
/// standalone SVG: where the real adoption dates fell against the bands,
/// the share inside p10-p90 against 80%, and the median error of the median
/// beside the naive rule's, with the number of forecasts and the forecast
/// dates written on it. Deterministic: the same calibration gives the same
/// bytes.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::CalibrationSvg;
/// use codecision::forecast::{calibrate, Forecaster};
/// let register = Register::security_union();
/// let dates = [parse_date("2017-06-29")?, parse_date("2018-01-24")?];
/// let calibration = calibrate(&register, &dates, Forecaster::DEFAULT_SEED, 300, None);
/// let svg = CalibrationSvg::new(&calibration).to_string();
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("inside p10"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[cfg(feature = "forecast")]
#[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
#[derive(Clone, Copy, Debug)]
pub struct CalibrationSvg<'a> {
    calibration: &'a crate::forecast::Calibration,
}

#[cfg(feature = "forecast")]
impl<'a> CalibrationSvg<'a> {
    /// The picture of `calibration`.
    pub fn new(calibration: &'a crate::forecast::Calibration) -> Self {
        CalibrationSvg { calibration }
    }
}

#[cfg(feature = "forecast")]
impl fmt::Display for CalibrationSvg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.calibration.to_svg())
    }
}

/// The calibration picture of a register's
/// [`TrackRecord`](crate::forecast::TrackRecord) (see [`CalibrationSvg`]),
/// saying how many of the adopted files and forecast dates were checked.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::TrackRecordSvg;
/// use codecision::forecast::TrackRecord;
/// let record = TrackRecord::of(&Register::security_union(), parse_date("2019-06-01")?);
/// let svg = TrackRecordSvg::new(&record).to_string();
/// assert!(svg.contains("read with care"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[cfg(feature = "forecast")]
#[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
#[derive(Clone, Copy, Debug)]
pub struct TrackRecordSvg<'a> {
    record: &'a crate::forecast::TrackRecord,
}

#[cfg(feature = "forecast")]
impl<'a> TrackRecordSvg<'a> {
    /// The picture of `record`.
    pub fn new(record: &'a crate::forecast::TrackRecord) -> Self {
        TrackRecordSvg { record }
    }
}

#[cfg(feature = "forecast")]
impl fmt::Display for TrackRecordSvg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.record.to_svg())
    }
}
