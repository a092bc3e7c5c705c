//! The report: one self-contained HTML page (inline SVG and CSS, nothing
//! fetched) with the verdict, the timeline, the dependency graph and the
//! blockers with their chains and sources.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::error::Error;
use crate::export::palette::{colour, outline};
use crate::export::svg::graph_svg;
use crate::export::timeline::timeline_svg;
use crate::export::view::{GRAPH_LIMIT, GraphView};
use crate::export::xml::{Day, Escaped, FONT_STACK, escape, group, human_date};
use crate::file::LegislativeFile;
use crate::query::{Ask, Blockers, Changes};
use crate::query::{FileBand, ForecastBand, ScheduleLane};
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// The report on a target as of a date, as one self-contained HTML page,
/// built step by step and written by [`to_html`](Report::to_html): a title
/// and the verdict ("7 files block interoperability-2020 as of 24 Jan
/// 2018"), the timeline of every file the target needs (stages up to the
/// date, the deadline, and forecast bands when given), the dependency graph
/// under the target coloured by stage with the blockers outlined, a table
/// of the blockers (required stage, stage at the cutoff, the chain of
/// `requires` that makes each one block, and the sources of the events that
/// put it at its stage), and the files already there.
///
/// With the ask's [`since`](Ask::since), a "Since DATE" section after the
/// verdict says what moved after that date (the previous report), as
/// [`Register::changes`] answers it. With a forecaster (`forecaster`,
/// feature `forecast`), each blocker shows when it is forecast to reach
/// the stage the target needs, the timeline draws the bands, the "Since"
/// section gives the chance of meeting the deadline at each end, and a
/// "How far to trust the forecasts" section says how such forecasts fared
/// on the register's own adopted files: what `codecision report` writes
/// (and, without a forecaster, `codecision report --no-forecast`).
///
/// On a large register the pictures keep to their limits (see
/// [`GraphSvg`](crate::export::GraphSvg) and
/// [`TimelineSvg`](crate::export::TimelineSvg)): past 500 files and goals
/// under the target the graph is a summary by stage with the blockers
/// counted, past 200 files the timeline draws the blocking ones first; the
/// tables list every file.
///
/// The page carries its own CSS and inline SVG, uses the reader's system
/// fonts, runs no script and fetches nothing; it prints (or saves as PDF)
/// on A4 landscape.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// use codecision::export::Report;
/// let d = |s| parse_date(s).unwrap();
/// let register = Register::security_union();
/// let ask = Ask::new(d("2018-01-24")).target("interoperability-2020");
/// let html = Report::new(&register, &ask)?.to_html();
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// let n = register.blockers(&ask)?.blockers.len();
/// assert!(html.contains(&format!("{n} files block interoperability-2020 as of 24 Jan 2018")));
/// assert!(!html.contains("<script"));
///
/// // With a "Since" section: what moved after the previous report.
/// let html = Report::new(&register, &ask.clone().since(d("2017-07-27")))?.to_html();
/// assert!(html.contains("<h2>Since 27 Jul 2017</h2>"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Report<'r> {
    register: &'r Register,
    ask: Ask,
    target: &'r str,
    forecasts: Vec<FileBand>,
    changes: Option<Changes>,
    trust: Option<String>,
    /// The simulations each band was drawn from, when capped below the
    /// forecaster's ([`Report::CAPPED_SIMULATIONS`]).
    capped: Option<(usize, usize)>,
    /// The blockers and the target's closure, when the forecasts needed
    /// them first (the page then reads them rather than asking again).
    blockers: Option<(Blockers, Vec<u32>)>,
}

impl<'r> Report<'r> {
    /// Above this many blockers, `Report::forecaster` (feature `forecast`)
    /// draws each blocker's band from at most
    /// [`CAPPED_SIMULATIONS`](Report::CAPPED_SIMULATIONS) simulations, and
    /// the page says so: a large register's report then takes about a
    /// quarter of the time (figures in `benches/README.md`).
    pub const FULL_BANDS_UP_TO: usize = 5_000;
    /// The simulations of each band beyond
    /// [`FULL_BANDS_UP_TO`](Report::FULL_BANDS_UP_TO) blockers (the track
    /// record's number of simulations, `forecast::TrackRecord::SIMULATIONS`).
    /// The bands move with it, most where few simulations reach the stage:
    /// on the 100,000-file bench register, whose old files mostly end
    /// without an act, the median difference from 2,000 simulations' bands
    /// is 85 days for p10, 139 for p50 and 112 for p90, and 921 of 34,157
    /// bands have no simulation of the 500 that reaches the stage
    /// (`benches/README.md`, "Forecast speed, round four").
    pub const CAPPED_SIMULATIONS: usize = 500;

    /// The report on `ask`'s target (a goal or a file) as of its date; `by`
    /// is the deadline, as for [`Register::blockers`]; `since`, when
    /// given, adds the "Since DATE" section.
    ///
    /// # Errors
    ///
    /// As [`Register::blockers`]: [`Error::Incomplete`] without a target,
    /// [`Error::UnknownId`] for an unknown target,
    /// [`Error::MissingDeadline`] for a file without `by`; as
    /// [`Register::changes`] with `since`: [`Error::WindowBackwards`] when
    /// it is after the date asked as of.
    pub fn new(register: &'r Register, ask: &Ask) -> Result<Report<'r>, Error> {
        let target = ask.needs_target("report")?;
        let node = register.index_of(target)?;
        register.required_deadline(node, ask.deadline())?;
        let changes = match ask.window_start() {
            Some(_) => Some(register.changes(ask)?),
            None => None,
        };
        Ok(Report {
            register,
            ask: ask.clone(),
            target: register.node_id(node),
            forecasts: Vec::new(),
            changes,
            trust: None,
            capped: None,
            blockers: None,
        })
    }

    /// Forecast bands to draw on the timeline and list beside the blockers
    /// (the first band given for each file and stage): plain data, from any
    /// forecaster. `forecaster` (feature `forecast`) fills them, and more,
    /// from this crate's.
    #[must_use]
    pub fn forecasts(mut self, bands: Vec<FileBand>) -> Self {
        self.forecasts = bands;
        self
    }

    /// Everything the forecasts add, as `codecision report` shows it: each
    /// blocker's band of the stage the target needs
    /// ([`Forecaster::blocker_bands`](crate::forecast::Forecaster::blocker_bands)),
    /// the chance of meeting the deadline at each end of the "Since"
    /// window ([`Forecaster::on_time`](crate::forecast::Forecaster::on_time)),
    /// and the "How far to trust the forecasts" section from the
    /// register's [`TrackRecord`](crate::forecast::TrackRecord) as of the
    /// same date. The bands and the track record are worked out at once on
    /// two threads with the `parallel` feature. With more than
    /// [`FULL_BANDS_UP_TO`](Report::FULL_BANDS_UP_TO) blockers, the bands
    /// are drawn from [`CAPPED_SIMULATIONS`](Report::CAPPED_SIMULATIONS)
    /// simulations each (same model and seed) when the forecaster draws
    /// more, and the page says so.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::export::Report;
    /// use codecision::forecast::Forecaster;
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
    /// let forecaster = Forecaster::new(&register, ask.as_of()).with_simulations(300);
    /// let html = Report::new(&register, &ask)?.forecaster(&forecaster)?.to_html();
    /// assert!(html.contains("<th>Forecast</th>"));
    /// assert!(html.contains("<h2>How far to trust the forecasts</h2>"));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::AsOfMismatch`] when the forecaster is of another date than
    /// the report; [`Error::UnknownId`] when it forecasts another register.
    #[cfg(feature = "forecast")]
    #[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
    pub fn forecaster(
        mut self,
        forecaster: &crate::forecast::Forecaster<'_>,
    ) -> Result<Self, Error> {
        let register = self.register;
        let as_of = self.ask.as_of();
        let (target, by) = (self.target, self.ask.deadline());
        let full = forecaster.simulations();
        let (bands, record) = crate::parallel::join(
            || {
                let found = register.blockers_and_closure(target, by, as_of)?;
                let blockers = &found.0;
                if blockers.blockers.len() <= Self::FULL_BANDS_UP_TO
                    || full <= Self::CAPPED_SIMULATIONS
                {
                    return Ok((forecaster.blocker_bands(blockers)?, None, found));
                }
                let capped = crate::forecast::Forecaster::with_model(
                    forecaster.register(),
                    forecaster.as_of(),
                    forecaster.model().clone(),
                )
                .with_seed(forecaster.seed())
                .with_simulations(Self::CAPPED_SIMULATIONS);
                let bands = capped.blocker_bands(blockers)?;
                Ok::<_, Error>((bands, Some((Self::CAPPED_SIMULATIONS, full)), found))
            },
            || crate::forecast::TrackRecord::of(register, as_of),
        );
        let (bands, capped, found) = bands?;
        self.forecasts = bands;
        self.capped = capped;
        self.blockers = Some(found);
        self.trust = Some(crate::export::calibration::trust_section_html(&record));
        if let Some(changes) = self.changes.take() {
            self.changes = Some(forecaster.on_time(changes)?);
        }
        Ok(self)
    }

    /// The page.
    pub fn to_html(&self) -> String {
        let pieces = self.pieces();
        let mut page = String::with_capacity(pieces.iter().map(String::len).sum());
        pieces.iter().for_each(|piece| page.push_str(piece));
        page
    }

    /// Writes the page ([`to_html`](Report::to_html)) to `w` a piece at a
    /// time: a large page (41 MB for the 100,000-file bench register) is
    /// never copied into one string first.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::export::Report;
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
    /// let report = Report::new(&register, &ask)?;
    /// let mut written = Vec::new();
    /// report.write_html(&mut written)?;
    /// assert_eq!(written, report.to_html().into_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Only those of `w`.
    pub fn write_html(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        self.pieces()
            .iter()
            .try_for_each(|piece| w.write_all(piece.as_bytes()))
    }

    /// The page in pieces, in order.
    fn pieces(&self) -> Vec<String> {
        // `new` checked the target and the deadline.
        report_page(
            self.register,
            self.target,
            self.ask.deadline(),
            self.ask.as_of(),
            &self.forecasts,
            self.capped,
            self.changes.as_ref(),
            self.trust.clone(),
            self.blockers.as_ref(),
        )
        .unwrap_or_default()
    }
}

/// Room made for each row of a table piece (a guess above most rows'
/// length, so a piece seldom grows: growing copies it into fresh memory,
/// and on a large register the page's pieces were most of the report's
/// page faults; room never written is never touched).
const ROW_BYTES: usize = 1024;

/// `head`, then `rows`, then `tail`: a table's pieces, in order.
fn pieces_around(head: String, rows: Vec<String>, tail: &str) -> Vec<String> {
    let mut pieces = Vec::with_capacity(rows.len() + 2);
    pieces.push(head);
    pieces.extend(rows);
    pieces.push(tail.to_string());
    pieces
}

/// What the timeline's lede says of the forecast bands.
const FORECAST_LEDE: &str = ": bands show forecasts, from the 10th to the 90th percentile of all outcomes, \u{201c}never\u{201d} counted (a band that runs to the edge may never end: more than one in ten never get there), with a diamond at the most likely date if it comes (the blockers' table gives the odds that it never comes)";

/// The page of a [`Report`]: its target's blockers, drawings and tables
/// (`capped`: the simulations each band was drawn from, and the
/// forecaster's, when fewer).
#[allow(clippy::too_many_arguments)]
fn report_page(
    register: &Register,
    target: &str,
    by: Option<NaiveDate>,
    as_of: NaiveDate,
    forecasts: &[FileBand],
    capped: Option<(usize, usize)>,
    since: Option<&Changes>,
    trust: Option<String>,
    found: Option<&(Blockers, Vec<u32>)>,
) -> Result<Vec<String>, Error> {
    let asked;
    let (answer, mut nodes) = match found {
        Some((answer, nodes)) => (answer, nodes.clone()),
        None => {
            asked = register.blockers_and_closure(target, by, as_of)?;
            (&asked.0, asked.1)
        }
    };
    let schedule = register
        .schedule(&Ask::new(as_of).target(target).by(answer.deadline))?
        .with_forecasts(forecasts);
    let node = register.index_of(target)?;
    nodes.sort_unstable();
    let view = GraphView {
        nodes,
        blockers: answer.blockers.iter().map(|b| b.file()).collect(),
        prefix: "graph",
        title: format!("Dependency graph of {target} as of {}", human_date(as_of)),
    };
    let title = match register.node_at(node) {
        FileOrGoal::Goal(g) => g.title.clone(),
        FileOrGoal::File(f) => f.title().to_string(),
    };
    let page = Page {
        register,
        target,
        title: &title,
        answer,
        lanes: &schedule.lanes,
    };
    // The drawings and the two tables are written at once (on rayon's
    // threads with the `parallel` feature), then put together in order.
    let ((timeline, graph), (blockers, reached)) = crate::parallel::join(
        || {
            crate::parallel::join(
                || timeline_svg(&schedule, "timeline", false),
                || graph_svg(register, &view, as_of),
            )
        },
        || crate::parallel::join(|| page.blockers_table(forecasts), || page.reached_table()),
    );
    // The page in pieces, in order: the drawings and the tables' rows are
    // pieces of their own, never copied into a string of the whole page
    // (on a large register they are most of it), unless one is asked for.
    let mut out = String::with_capacity(64 * 1024);
    page.head(&mut out);
    page.header(&mut out);
    if let Some(changes) = since {
        out.push_str(&changes.since_section_html());
    }
    let _ = write!(
        out,
        "<section id=\"timeline\">\n<h2>Timeline</h2>\n<p class=\"lede\">One lane per file that {target} needs, prerequisites first. Coloured segments are the stages recorded up to {as_of}; ticks are recorded events (a further trilogue shows as a tick). After the solid \u{201c}as of\u{201d} line the future is unknown{forecast}; the dashed red line is the deadline.</p>\n<figure>\n",
        target = escape(target),
        as_of = escape(&human_date(as_of)),
        forecast = match (forecasts.is_empty(), capped) {
            (true, _) => String::new(),
            (false, None) => FORECAST_LEDE.to_string(),
            (false, Some((capped, full))) => format!(
                "{FORECAST_LEDE}; with {blockers} blockers, each band is drawn from {capped} simulations, not {full}, so its dates may differ from the file's own forecast, by months where few of them reach the stage",
                blockers = group(answer.blockers.len() as i64),
                capped = group(capped as i64),
                full = group(full as i64),
            ),
        },
    );
    let mut pieces = Vec::with_capacity(blockers.len() + reached.len() + 8);
    pieces.push(out);
    pieces.push(timeline);
    let mut out = String::with_capacity(4 * 1024);
    let _ = write!(
        out,
        "</figure>\n</section>\n<section id=\"graph\">\n<h2>Dependency graph</h2>\n<p class=\"lede\">{lede}</p>\n<figure>\n",
        lede = if view.nodes.len() > GRAPH_LIMIT {
            format!(
                "{target} needs more files than a drawing of each can show: they are counted by their stage as of {as_of}, and the share of each stage that blocks {target} is outlined in red.",
                target = escape(target),
                as_of = escape(&human_date(as_of)),
            )
        } else {
            format!(
                "Each arrow points from a file (or the goal) to a file it requires; boxes are coloured by stage as of {as_of}, and the files that block {target} are outlined in red.",
                target = escape(target),
                as_of = escape(&human_date(as_of)),
            )
        },
    );
    pieces.push(out);
    pieces.push(graph);
    pieces.push("</figure>\n</section>\n".to_string());
    pieces.extend(blockers);
    pieces.extend(trust);
    pieces.extend(reached);
    let mut out = String::with_capacity(4 * 1024);
    page.footer(&mut out);
    pieces.push(out);
    Ok(pieces)
}

/// What every part of the page reads.
struct Page<'a> {
    register: &'a Register,
    target: &'a str,
    title: &'a str,
    answer: &'a Blockers,
    lanes: &'a [ScheduleLane],
}

/// The verdict: "7 files block interoperability-2020 as of 24 Jan 2018".
pub(crate) fn verdict(answer: &Blockers) -> String {
    let n = answer.blockers.len();
    let t = &answer.target;
    let files = if n == 1 { "file" } else { "files" };
    if !answer.deadline_passed() {
        match n {
            0 => format!("Nothing blocks {t} as of {}", human_date(answer.as_of)),
            1 => format!("1 file blocks {t} as of {}", human_date(answer.as_of)),
            n => format!("{n} files block {t} as of {}", human_date(answer.as_of)),
        }
    } else if n == 0 {
        format!(
            "{t} was met by its deadline, {}",
            human_date(answer.deadline)
        )
    } else {
        format!(
            "{n} {files} missed {t} by its deadline, {}",
            human_date(answer.deadline)
        )
    }
}

const CSS: &str = r#"
:root { --ink: #1f2937; --muted: #5b6573; --alert: #b2182b; --line: #d9dee4; --soft: #f5f7f9; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: FONTS; color: var(--ink); background: #ffffff; line-height: 1.45; }
main { max-width: 1240px; margin: 0 auto; padding: 26px 30px 36px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 600; color: var(--muted); margin: 0 0 4px; }
h1 { font-size: 25px; line-height: 1.25; margin: 0 0 12px; }
.verdict { font-size: 22px; font-weight: 700; margin: 0 0 16px; padding: 10px 16px; border-left: 6px solid var(--alert); background: #fbeef0; }
.verdict.clear { border-left-color: #2b8cbe; background: #edf5fb; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 34px; margin: 0; }
.facts dt { font-size: 12px; color: var(--muted); }
.facts dd { margin: 0; font-size: 19px; font-weight: 650; }
section { margin-top: 30px; }
h2 { font-size: 18px; margin: 0; padding-bottom: 5px; border-bottom: 1px solid var(--line); }
.lede { color: var(--muted); font-size: 13.5px; margin: 6px 0 12px; max-width: 980px; }
figure { margin: 0; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; background: var(--soft); }
.id { font-weight: 650; white-space: nowrap; }
.title { display: block; color: var(--muted); font-size: 12.5px; }
.nowrap { white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.since { display: block; color: var(--muted); font-size: 12px; }
.chain { font-size: 12.5px; }
.chain .sep { color: var(--muted); padding: 0 3px; }
.sources { font-size: 12px; color: var(--muted); min-width: 250px; max-width: 420px; overflow-wrap: anywhere; }
.sources p { margin: 0 0 4px; }
a { color: #1d5f8a; }
footer { margin-top: 34px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 19px; margin-bottom: 6px; }
  .verdict { font-size: 17px; padding: 6px 12px; margin-bottom: 8px; }
  .facts dd { font-size: 15px; }
  section { margin-top: 14px; }
  .lede { font-size: 11.5px; margin: 3px 0 6px; }
  .verdict, .swatch, svg, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, .lede { break-after: avoid; }
  #timeline, #graph, #trust, figure, tr { break-inside: avoid; }
  td.sources { width: 40%; max-width: none; }
  .sources a::after { content: " <" attr(href) ">"; font-size: 9px; }
  a { color: inherit; text-decoration: none; }
}
"#;

impl Page<'_> {
    fn head(&self, out: &mut String) {
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"codecision {version}\">\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n",
            version = env!("CARGO_PKG_VERSION"),
            title = escape(&format!(
                "{} \u{2014} codecision report",
                verdict(self.answer)
            )),
            css = CSS.replace("FONTS", FONT_STACK),
        );
    }

    fn header(&self, out: &mut String) {
        let a = self.answer;
        let needed = self.lanes.len();
        let blocking = a.blockers.len();
        let days = (a.deadline - a.as_of).num_days();
        let (days_label, days_text) = match days {
            0 => ("Days to deadline", "0 (today)".to_string()),
            d if d > 0 => ("Days to deadline", group(d)),
            d => ("Deadline passed", format!("{} days before", group(-d))),
        };
        let _ = write!(
            out,
            "<header>\n<p class=\"kicker\">codecision report \u{00b7} {target}</p>\n<h1>{title}</h1>\n<p class=\"verdict{clear}\">{verdict}</p>\n<dl class=\"facts\">\n<div><dt>Deadline</dt><dd>{deadline}</dd></div>\n<div><dt>As of</dt><dd>{as_of}</dd></div>\n<div><dt>{days_label}</dt><dd>{days}</dd></div>\n<div><dt>Files needed</dt><dd>{needed}</dd></div>\n<div><dt>Reached</dt><dd>{reached}</dd></div>\n<div><dt>Blocking</dt><dd>{blocking}</dd></div>\n</dl>\n</header>\n",
            target = escape(self.target),
            title = escape(self.title),
            clear = if blocking == 0 { " clear" } else { "" },
            verdict = escape(&verdict(a)),
            deadline = escape(&human_date(a.deadline)),
            as_of = escape(&human_date(a.as_of)),
            days = escape(&days_text),
            reached = needed.saturating_sub(blocking),
        );
    }

    /// The blockers' section, in pieces to put together in order.
    fn blockers_table(&self, forecasts: &[FileBand]) -> Vec<String> {
        let a = self.answer;
        let mut out = String::new();
        let _ = write!(
            out,
            "<section class=\"blockers\">\n<h2>Blockers</h2>\n<p class=\"lede\">Files that have not reached the stage {target} needs by {cutoff} (the earlier of the deadline and the as-of date), with one shortest chain of <code>requires</code> from {target} and the sources of the events that put each file at its stage.</p>\n",
            target = escape(self.target),
            cutoff = escape(&human_date(a.cutoff)),
        );
        if a.blockers.is_empty() {
            out.push_str("<p>None.</p>\n</section>\n");
            return vec![out];
        }
        let with_forecast = !forecasts.is_empty();
        // The first band given for each file and stage.
        let mut bands: std::collections::HashMap<(&str, Stage), &ForecastBand> =
            std::collections::HashMap::new();
        for FileBand { file, band: f } in forecasts {
            bands.entry((file.as_str(), f.stage)).or_insert(f);
        }
        out.push_str(
            "<table id=\"blockers\">\n<thead><tr><th>File</th><th>Needs</th><th>Stage at cutoff</th><th>Chain</th>",
        );
        if with_forecast {
            out.push_str("<th>Forecast</th>");
        }
        out.push_str("<th>Sources</th></tr></thead>\n<tbody>\n");
        // The rows are written in pieces on rayon's threads (with the
        // `parallel` feature), then put together in order.
        let pieces = crate::parallel::ranges(a.blockers.len(), 4 * crate::parallel::threads(), 1);
        let rows = crate::parallel::map(&pieces, |piece| {
            let mut out = String::with_capacity(piece.len() * ROW_BYTES);
            for b in &a.blockers[piece.clone()] {
                let Some(file) = self.register.file(b.file()) else {
                    continue;
                };
                let _ = write!(
                    out,
                    "<tr class=\"blocker\" data-file=\"{id}\"><td><span class=\"id\">{id}</span><span class=\"title\">{title}</span></td><td class=\"nowrap\">{needs}</td><td>",
                    id = Escaped(b.file()),
                    title = Escaped(file.title()),
                    needs = Escaped(b.required.label()),
                );
                stage_cell(&mut out, file, b.stage, b.since);
                out.push_str("</td><td class=\"chain\">");
                match b.path_within(12) {
                    Some(path) => chain(&mut out, &path),
                    None => {
                        let _ = write!(out, "{}", Escaped(&b.path_text(" \u{2192} ", 12)));
                    }
                }
                out.push_str("</td>");
                if with_forecast {
                    out.push_str("<td class=\"nowrap\">");
                    match bands.get(&(b.file(), b.required)) {
                        Some(band) => forecast_cell(&mut out, band),
                        None => out.push('\u{2014}'),
                    }
                    out.push_str("</td>");
                }
                out.push_str("<td class=\"sources\">");
                sources(&mut out, file, b.stage, b.since, a.cutoff);
                out.push_str("</td></tr>\n");
            }
            out
        });
        pieces_around(out, rows, "</tbody>\n</table>\n</section>\n")
    }

    /// The section of the files already there (none when there are none),
    /// in pieces to put together in order.
    fn reached_table(&self) -> Vec<String> {
        let a = self.answer;
        let done: Vec<&ScheduleLane> = self.lanes.iter().filter(|l| !l.blocking).collect();
        if done.is_empty() {
            return Vec::new();
        }
        let mut out = String::new();
        let _ = write!(
            out,
            "<section id=\"reached\">\n<h2>Already there</h2>\n<p class=\"lede\">Files {target} needs that had reached the stage it asks of them by {cutoff}.</p>\n<table>\n<thead><tr><th>File</th><th>Needs</th><th>Reached on</th><th>Stage at cutoff</th><th>Sources</th></tr></thead>\n<tbody>\n",
            target = escape(self.target),
            cutoff = escape(&human_date(a.cutoff)),
        );
        // The rows are written in pieces on rayon's threads (with the
        // `parallel` feature), then put together in order.
        let pieces = crate::parallel::ranges(done.len(), 4 * crate::parallel::threads(), 1);
        let rows = crate::parallel::map(&pieces, |piece| {
            let mut out = String::with_capacity(piece.len() * ROW_BYTES);
            for lane in &done[piece.clone()] {
                let Some(file) = self.register.file(&lane.file) else {
                    continue;
                };
                let required = lane.required.unwrap_or(Stage::EntryIntoForce);
                let at = file.stage_at(a.cutoff);
                let _ = write!(
                    out,
                    "<tr data-file=\"{id}\"><td><span class=\"id\">{id}</span><span class=\"title\">{title}</span></td><td class=\"nowrap\">{needs}</td><td class=\"nowrap\">",
                    id = Escaped(&lane.file),
                    title = Escaped(file.title()),
                    needs = Escaped(required.label()),
                );
                if let Some(day) = file.reached_on(required) {
                    let _ = write!(out, "{}", Day(day));
                }
                out.push_str("</td><td>");
                stage_cell(&mut out, file, at.map(|s| s.stage), at.map(|s| s.since));
                out.push_str("</td><td class=\"sources\">");
                sources(
                    &mut out,
                    file,
                    at.map(|s| s.stage),
                    at.map(|s| s.since),
                    a.cutoff,
                );
                out.push_str("</td></tr>\n");
            }
            out
        });
        pieces_around(out, rows, "</tbody>\n</table>\n</section>\n")
    }

    fn footer(&self, out: &mut String) {
        let a = self.answer;
        let _ = write!(
            out,
            "<footer>Generated by codecision {version}. Only events dated on or before {as_of} are used; stages are judged at {cutoff}, the earlier of the deadline and the as-of date. Colours run from pale (proposal) to deep blue (in force) and every stage is also named in words.</footer>\n</main>\n</body>\n</html>\n",
            version = env!("CARGO_PKG_VERSION"),
            as_of = escape(&human_date(a.as_of)),
            cutoff = escape(&human_date(a.cutoff)),
        );
    }
}

/// A blocker's forecast: the median, the band, and the odds that it never
/// gets there when they count. (Dates and `never` need no escaping.)
fn forecast_cell(out: &mut String, f: &ForecastBand) {
    struct DayOrNever(Option<NaiveDate>);
    impl std::fmt::Display for DayOrNever {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.0 {
                Some(day) => Day(day).fmt(f),
                None => f.write_str("never"),
            }
        }
    }
    let _ = write!(
        out,
        "median {}<span class=\"since\">p10 {} \u{2013} p90 {}</span>",
        DayOrNever(f.p50),
        DayOrNever(f.p10),
        DayOrNever(f.p90)
    );
    // "Never" is one of the outcomes the band's percentiles count; the
    // odds of it, when they count.
    if f.p_never >= 0.005 {
        let _ = write!(
            out,
            "<span class=\"since\">{} that it never does</span>",
            Escaped(&crate::text::odds(f.p_never))
        );
    }
}

fn stage_cell(
    out: &mut String,
    file: &LegislativeFile,
    stage: Option<Stage>,
    since: Option<NaiveDate>,
) {
    let _ = write!(
        out,
        "<span class=\"nowrap\"><span class=\"swatch\" style=\"background:{};border-color:{}\"></span>{}</span>",
        colour(stage),
        outline(stage),
        Escaped(&crate::export::dot::stage_label(file, stage))
    );
    if let Some(day) = since {
        let _ = write!(out, "<span class=\"since\">since {}</span>", Day(day));
    }
}

fn chain(out: &mut String, path: &[&str]) {
    for (k, id) in path.iter().enumerate() {
        if k > 0 {
            out.push_str("<span class=\"sep\">\u{2192}</span>");
        }
        let _ = write!(out, "{}", Escaped(id));
    }
}

/// The sources of the events that put `file` at `stage` on `since`: those
/// recording that stage that day (or, failing that, the latest event
/// recording it by the cutoff).
fn sources(
    out: &mut String,
    file: &LegislativeFile,
    stage: Option<Stage>,
    since: Option<NaiveDate>,
    cutoff: NaiveDate,
) {
    let Some(stage) = stage else {
        let _ = write!(out, "no staged event by {}", Day(cutoff));
        return;
    };
    let mut events: Vec<_> = file
        .events()
        .iter()
        .filter(|e| e.stage == Some(stage) && Some(e.date) == since)
        .collect();
    if events.is_empty() {
        events = file
            .events()
            .iter()
            .filter(|e| e.stage == Some(stage) && e.date <= cutoff)
            .collect();
    }
    let mut seen = BTreeSet::new();
    for e in &events {
        let text = e.source().unwrap_or("(no source recorded)");
        // One event (most often) has nothing to repeat.
        if events.len() == 1 || seen.insert(text) {
            let _ = write!(out, "<p>{}: ", Day(e.date));
            linkify(out, text);
            out.push_str("</p>");
        }
    }
}

/// Escapes `text`, turning `http(s)://` addresses into links shown by their
/// host.
fn linkify(out: &mut String, text: &str) {
    if !text.contains("http") {
        // No address: the words escaped, the spaces between them kept.
        let _ = write!(out, "{}", Escaped(text));
        return;
    }
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let start = word.find("https://").or_else(|| word.find("http://"));
        let Some(start) = start else {
            let _ = write!(out, "{}", Escaped(word));
            continue;
        };
        let (before, rest) = word.split_at(start);
        let trimmed = rest.trim_end_matches([',', ';', '.', ')', ']']);
        let after = &rest[trimmed.len()..];
        let host = trimmed
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or(trimmed);
        let _ = write!(
            out,
            "{}<a href=\"{}\">{}</a>{}",
            Escaped(before),
            Escaped(trimmed),
            Escaped(host),
            Escaped(after)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_links_shown_by_host() {
        let linked = |text: &str| {
            let mut out = String::new();
            linkify(&mut out, text);
            out
        };
        assert_eq!(
            linked("copy at https://eur-lex.europa.eu/x?a=1&b=2; see <here>"),
            "copy at <a href=\"https://eur-lex.europa.eu/x?a=1&amp;b=2\">eur-lex.europa.eu</a>; see &lt;here&gt;"
        );
        // Without an address, the text escaped as a whole.
        assert_eq!(
            linked("COM(2016) 731 & <annex>"),
            "COM(2016) 731 &amp; &lt;annex&gt;"
        );
    }

    #[test]
    fn text_escaped_in_place_is_the_text_escaped() {
        for (text, escaped) in [
            ("", ""),
            ("plain text", "plain text"),
            (
                "a & b <c> \"d\" 'e'",
                "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;",
            ),
            ("tab\tline\nreturn\rbell\u{7}", "tab\tline\nreturnbell"),
            (
                "\u{FFFE}\u{FFFF}\u{85}caf\u{e9} \u{1F600}",
                "caf\u{e9} \u{1F600}",
            ),
        ] {
            let mut out = String::new();
            let _ = write!(out, "{}", Escaped(text));
            assert_eq!(out, escaped, "{text:?}");
            assert_eq!(escape(text), escaped, "{text:?}");
        }
    }
}
