//! `codecision forecast` and `codecision backtest`: when files will reach
//! their remaining stages, the chance of meeting each goal's deadline, and
//! how such forecasts fared in the past.

use chrono::NaiveDate;
use codecision::forecast::{
    Backtest, Calibration, DurationModel, FateScore, FileForecast, Forecaster, NaiveScore,
    StageScore, TargetForecast, YardstickScore, backtest_with_references,
    calibrate_with_references, describe, every_months,
};
use codecision::{Register, Stage};
use serde::Serialize;

use crate::table::{Cell, Style, Table, paint};
use crate::{CliError, Context, field};

/// Arguments of `codecision forecast`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision forecast etias --as-of 2018-01-24\n  \
    codecision forecast interoperability-2020 --as-of 2018-01-24 --format json\n\n\
    \"Most likely\" is the median of the simulations; the 80% range runs from the \
    10th to the 90th percentile. A goal id forecasts the files it requires and the \
    chance of meeting its deadline.")]
pub struct ForecastArgs {
    /// File or goal ids (default: every file and every goal).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The date to forecast from: only events dated on or before it are
    /// known (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The seed and the number of simulations.
    #[command(flatten)]
    pub simulation: Simulation,
    /// Also show the duration model: each transition's law, its published
    /// prior (from the figures published by the forecast date, each named
    /// with the day it became known), and what the register contributed.
    #[arg(long)]
    pub explain: bool,
}

/// How the forecasts of `forecast`, `backtest`, `changes`, `report` and
/// `blockers --chances` are drawn.
#[derive(clap::Args, Debug)]
pub struct Simulation {
    /// The random seed (the same seed gives the same forecast).
    #[arg(long, value_name = "N", default_value_t = Forecaster::DEFAULT_SEED)]
    pub seed: u64,
    /// Simulations per forecast.
    #[arg(long, value_name = "N", default_value_t = Forecaster::DEFAULT_SIMULATIONS as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub simulations: u64,
}

impl Simulation {
    /// The forecaster of `register` as of `as_of`, drawn this way.
    pub fn forecaster<'r>(&self, register: &'r Register, as_of: NaiveDate) -> Forecaster<'r> {
        Forecaster::new(register, as_of)
            .with_seed(self.seed)
            .with_simulations(self.simulations as usize)
    }
}

/// Arguments of `codecision backtest`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  codecision backtest --as-of 2018-01-24\n  \
    codecision backtest --as-of 2016-06-01,2019-06-01 --every 6\n\n\
    Replays the register as known on DATE (events dated on or before it), forecasts \
    every file from that alone, and compares with the stages recorded afterwards. With \
    several dates, the comparisons are pooled: how often the 10-90% band held the real \
    date, the pinball loss of each percentile, and the median error of the median, each \
    beside the naive rule (adoption 18 months after the proposal, not before the date).")]
pub struct BacktestArgs {
    /// The date(s) to replay the register as of (repeat, or separate with
    /// commas); with --every, the first and last of a series.
    #[arg(long, value_name = "DATE", required = true, num_args = 1.., value_delimiter = ',')]
    pub as_of: Vec<String>,
    /// Replay every N months from the first --as-of date to the second.
    #[arg(long, value_name = "MONTHS",
          value_parser = clap::value_parser!(u32).range(1..=120))]
    pub every: Option<u32>,
    /// The seed and the number of simulations.
    #[command(flatten)]
    pub simulation: Simulation,
    /// List every forecast date set against the actual one.
    #[arg(long)]
    pub details: bool,
    /// More registers whose files the model-free yardstick draws on,
    /// besides the register's own and the embedded one (repeat, or
    /// separate with commas): this repository's calibration files, say
    /// (`-`: standard input).
    #[arg(long, value_name = "FILE", num_args = 1.., value_delimiter = ',')]
    pub reference: Vec<std::path::PathBuf>,
}

impl crate::pretty::Item for FileForecast {}

/// Runs `codecision forecast`.
///
/// # Errors
///
/// Exit 1: a bad date, an unknown id (with a suggestion), a register that
/// cannot be loaded.
pub fn run(args: &ForecastArgs, ctx: &Context) -> Result<(), CliError> {
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let register = ctx.register()?;
    let forecaster = args.simulation.forecaster(register, as_of);
    let ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
    let mut answer = forecaster.forecast(&ids)?;
    if args.explain {
        answer = answer.with_model(forecaster.model().clone());
    }
    if ctx.is_json() {
        // The files rendered piece by piece on rayon's threads (a goal of a
        // large register has tens of thousands): the same text as
        // serialising the answer whole (tests/one_answer.rs).
        #[derive(Serialize)]
        struct Head {
            as_of: NaiveDate,
            seed: u64,
            simulations: usize,
        }
        #[derive(Serialize)]
        struct Tail<'a> {
            goals: &'a [TargetForecast],
            #[serde(skip_serializing_if = "Option::is_none")]
            model: Option<&'a DurationModel>,
        }
        return ctx.json_object_with_array(
            &Head {
                as_of: answer.as_of,
                seed: answer.seed,
                simulations: answer.simulations,
            },
            "files",
            &answer.files,
            &Tail {
                goals: &answer.goals,
                model: answer.model.as_ref(),
            },
        );
    }
    let (files, goals) = (&answer.files, &answer.goals);
    if ctx.is_csv() {
        return forecast_csv(files, goals, ctx);
    }
    ctx.println(paint(
        &format!(
            "Forecast as of {} ({} simulations, seed {})",
            long_date(as_of),
            thousands(forecaster.simulations()),
            forecaster.seed()
        ),
        Style::Bold,
        ctx.color,
    ));
    ctx.println(paint(
        "\"Most likely\" is the median month; 80% of the simulations that reach the stage fall in \
         the range given; the odds that a file never becomes law are given where they are 1 in \
         200 or more.",
        Style::Dim,
        ctx.color,
    ));
    for file in files {
        ctx.println("");
        for line in describe(file, as_of) {
            ctx.println(line);
        }
    }
    for goal in goals {
        ctx.println("");
        ctx.println(goal.sentence());
    }
    if let Some(model) = &answer.model {
        ctx.println("");
        ctx.print(model_table(model, ctx.color));
    }
    Ok(())
}

/// `forecast --format csv`: one row per file and stage forecast (a file
/// with nothing to forecast has one row, its bands empty), then one row per
/// goal with its deadline and chance of meeting it.
fn forecast_csv(
    files: &[FileForecast],
    goals: &[TargetForecast],
    ctx: &Context,
) -> Result<(), CliError> {
    let mut rows: Vec<[String; 11]> = Vec::new();
    for f in files {
        let head = [
            "file".to_string(),
            f.id.clone(),
            field(f.stage.map(Stage::as_str)),
            field(f.since),
        ];
        let never = f.p_no_act.map_or(String::new(), decimal);
        let bands = f.forecast.iter().map(|b| {
            [
                b.stage.as_str().to_string(),
                // Never (the stage may never come): an empty field.
                field(b.p10),
                field(b.p50),
                field(b.p90),
            ]
        });
        let bands: Vec<[String; 4]> = if f.forecast.is_empty() {
            vec![Default::default()]
        } else {
            bands.collect()
        };
        for [stage, p10, p50, p90] in bands {
            let [kind, id, at, since] = head.clone();
            rows.push([
                kind,
                id,
                at,
                since,
                stage,
                p10,
                p50,
                p90,
                never.clone(),
                String::new(),
                String::new(),
            ]);
        }
    }
    for g in goals {
        let mut row: [String; 11] = Default::default();
        row[0] = "goal".to_string();
        row[1] = g.target.clone();
        row[9] = g.deadline.to_string();
        row[10] = decimal(g.p_on_time);
        rows.push(row);
    }
    ctx.csv(
        [
            "kind",
            "id",
            "stage",
            "since",
            "forecast_stage",
            "p10",
            "p50",
            "p90",
            "p_no_act",
            "deadline",
            "p_on_time",
        ],
        rows,
    )
}

/// The duration model as a table.
fn model_table(model: &DurationModel, color: bool) -> String {
    let mut table = Table::new([
        "TRANSITION",
        "FROM",
        "PRIOR MEDIAN",
        "MEDIAN",
        "10-90%",
        "SEEN (DONE+WAITING)",
        "REGISTER WEIGHT",
    ]);
    for fit in model.transitions() {
        let law = fit.law;
        table.row([
            Cell::plain(format!("to {}", fit.transition.to().label())),
            Cell::plain(fit.transition.from_label()),
            Cell::plain(days(fit.prior.median())),
            Cell::plain(days(law.median())),
            Cell::plain(format!(
                "{}-{}",
                law.quantile(0.1).round(),
                days(law.quantile(0.9))
            )),
            Cell::plain(format!("{}+{}", fit.completed, fit.censored)),
            Cell::styled(percent(fit.weight), Style::Dim),
        ]);
    }
    let mut out = paint(
        &format!(
            "Duration model (prior counts as {} files)",
            model.prior_weight
        ),
        Style::Bold,
        color,
    );
    out.push('\n');
    out.push_str(&table.render(color));
    out.push('\n');
    let known = model
        .as_of
        .map_or_else(|| "today".to_string(), |d| d.to_string());
    out.push_str(&paint(
        &format!("Prior from the figures published by {known}"),
        Style::Bold,
        color,
    ));
    out.push('\n');
    for fit in model.transitions() {
        out.push_str(&format!(
            "  to {}: {}\n",
            fit.transition.to().label(),
            fit.basis
        ));
    }
    out
}

/// Runs `codecision backtest`.
///
/// # Errors
///
/// Exit 1: a bad date, a register that cannot be loaded. Exit 2 (clap):
/// `--as-of` missing.
pub fn run_backtest(args: &BacktestArgs, ctx: &Context) -> Result<(), CliError> {
    let mut dates = Vec::with_capacity(args.as_of.len());
    for text in &args.as_of {
        dates.push(crate::date_arg("--as-of", text)?);
    }
    if let Some(months) = args.every {
        let [from, to] = dates[..] else {
            return Err(CliError::usage(
                "--every needs exactly two --as-of dates: the first and the last of the series",
            ));
        };
        if to < from {
            return Err(CliError::usage(format!(
                "--as-of {to} is before {from}: give the first date of the series first"
            )));
        }
        dates = every_months(from, to, months);
    }
    crate::ctx::stdin_at_most_once(
        ctx.register_path()
            .into_iter()
            .chain(args.reference.iter().map(|p| p.as_path())),
    )?;
    let register = ctx.register()?;
    let references = args
        .reference
        .iter()
        .map(|path| crate::ctx::load(path, ctx.max_register_size))
        .collect::<Result<Vec<Register>, CliError>>()?;
    let references: Vec<&Register> = references.iter().collect();
    if dates.len() > 1 {
        let result = calibrate_with_references(
            register,
            &dates,
            args.simulation.seed,
            args.simulation.simulations as usize,
            None,
            &references,
        );
        if ctx.is_json() {
            return ctx.json(&result);
        }
        ctx.print(calibration_text(&result, args.details, ctx.color));
        return Ok(());
    }
    let as_of = dates[0];
    let forecaster = args.simulation.forecaster(register, as_of);
    let result = backtest_with_references(&forecaster, &references);
    if ctx.is_json() {
        return ctx.json(&result);
    }
    ctx.print(backtest_text(&result, args.details, ctx.color));
    Ok(())
}

fn backtest_text(result: &Backtest, details: bool, color: bool) -> String {
    let mut out = paint(
        &format!(
            "Backtest as of {}: the register as known that day, {} simulations, seed {}",
            long_date(result.as_of),
            thousands(result.simulations),
            result.seed
        ),
        Style::Bold,
        color,
    );
    out.push('\n');
    out.push_str(&format!(
        "{} file{} forecast; {} stage date{} recorded since to check against.",
        result.files_forecast,
        if result.files_forecast == 1 { "" } else { "s" },
        result.overall.n,
        if result.overall.n == 1 { "" } else { "s" },
    ));
    if !result.not_proposed.is_empty() {
        out.push_str(&format!(
            " Not proposed then (not scored): {}.",
            result.not_proposed.join(", ")
        ));
    }
    out.push_str("\n\n");
    out.push_str(&score_table(
        &result.stages,
        &result.overall,
        ("MEAN ABS. ERROR OF MEDIAN", |s| s.mae_days),
        color,
    ));
    if let (Some(model), Some(naive)) = (
        result.score(Stage::Adoption),
        result.naive_adoption_mae_days,
    ) {
        let verdict = if model.mae_days < naive {
            "better than"
        } else {
            "no better than"
        };
        out.push_str(&format!(
            "\nAdoption: the forecast's median was off by {} on average, {verdict} the naive \
             rule (adoption 18 months after the proposal), off by {}.\n",
            days(model.mae_days),
            days(naive)
        ));
    }
    scores_tail(
        &mut out,
        result.score(Stage::Adoption),
        result.naive_adoption.as_ref(),
        (result.yardstick.as_ref(), result.fate.as_ref()),
        &result.comparisons,
        details,
        color,
    );
    out
}

/// The model beside the model-free yardstick on the same adoptions
/// (before / inside / after the band, the interval score, the median error
/// beside the 18-month rule's), then the fate's Brier score beside the
/// base rate's.
fn yardstick_and_fate(
    yardstick: Option<&YardstickScore>,
    naive: Option<&NaiveScore>,
    fate: Option<&FateScore>,
    color: bool,
) -> String {
    let mut out = String::new();
    if let Some(y) = yardstick {
        let mut table = Table::new([
            "ADOPTION (SAME FILES AND DATES)",
            "N",
            "BEFORE P10",
            "INSIDE",
            "AFTER P90",
            "INTERVAL SCORE",
            "MEDIAN ERROR",
        ]);
        for (name, b) in [("model", &y.model), ("yardstick", &y.yardstick)] {
            table.row([
                Cell::plain(name),
                Cell::plain(y.n.to_string()),
                Cell::plain(percent(b.bins[0])),
                Cell::plain(percent(b.coverage)),
                Cell::plain(percent(b.bins[3])),
                Cell::plain(days(b.interval_score)),
                Cell::plain(days(b.median_error_days)),
            ]);
        }
        if let Some(naive) = naive {
            table.row([
                Cell::plain("18-month rule"),
                Cell::plain(naive.n.to_string()),
                Cell::plain("-"),
                Cell::plain("-"),
                Cell::plain("-"),
                Cell::plain("-"),
                Cell::plain(days(naive.median_error_days)),
            ]);
        }
        out.push_str(&table.render(color));
        out.push_str(
            "Interval score of the 80% band: (p90 - p10) + 10 x max(0, p10 - actual) + 10 x \
             max(0, actual - p90), in days, the mean; a band whose p90 passed without an \
             adoption is a miss, counted to the day the file ended or the register's last day. \
             Median error: of p50, over the adoptions.\n",
        );
    }
    if let Some(f) = fate {
        out.push_str(&format!(
            "Fate: Brier score {:.3} on {} files settled since ({} ended without an act), \
             against {:.3} for the base rate ({}) given to every file.\n",
            f.brier,
            f.n,
            f.ended,
            f.brier_base_rate,
            percent(f.base_rate),
        ));
    }
    out
}

fn comparisons_table(comparisons: &[codecision::forecast::Comparison], color: bool) -> String {
    let mut table = Table::new([
        "AS OF", "FILE", "STAGE", "P10", "P50", "P90", "ACTUAL", "ERROR", "",
    ]);
    for c in comparisons {
        table.row([
            Cell::plain(c.as_of.to_string()),
            Cell::plain(c.file.clone()),
            Cell::plain(c.stage.label()),
            Cell::plain(or_never(c.p10)),
            Cell::plain(or_never(c.p50)),
            Cell::plain(or_never(c.p90)),
            Cell::plain(if c.reached {
                c.actual.to_string()
            } else if c.ended {
                format!("never (ended {})", c.actual)
            } else {
                format!("none by {}", c.actual)
            }),
            Cell::plain(c.error_days.map_or("-".to_string(), |e| format!("{e:+} d"))),
            if c.inside {
                Cell::styled("inside", Style::Good)
            } else {
                Cell::styled("outside", Style::Alert)
            },
        ]);
    }
    table.render(color)
}

/// The model's and the naive rule's adoption scores side by side: the
/// share inside the band, the median error of the median, and the pinball
/// losses.
fn adoption_versus_naive(model: &StageScore, naive: Option<&NaiveScore>, color: bool) -> String {
    let mut table = Table::new([
        "ADOPTION",
        "N",
        "INSIDE 10-90%",
        "MEDIAN ERROR OF P50",
        "PINBALL P10",
        "PINBALL P50",
        "PINBALL P90",
    ]);
    table.row([
        Cell::plain("model"),
        Cell::plain(model.n.to_string()),
        Cell::plain(percent(model.coverage)),
        Cell::plain(days(model.median_error_days)),
        Cell::plain(days(model.pinball.p10)),
        Cell::plain(days(model.pinball.p50)),
        Cell::plain(days(model.pinball.p90)),
    ]);
    if let Some(naive) = naive {
        table.row([
            Cell::plain("naive rule"),
            Cell::plain(naive.n.to_string()),
            Cell::plain("-"),
            Cell::plain(days(naive.median_error_days)),
            Cell::plain(days(naive.pinball.p10)),
            Cell::plain(days(naive.pinball.p50)),
            Cell::plain(days(naive.pinball.p90)),
        ]);
    }
    let mut out = table.render(color);
    out.push_str(&format!(
        "Real adoption dates before p10, p10-p50, p50-p90, after p90: {}, {}, {}, {} \
         (calibrated: 10%, 40%, 40%, 10%).\n",
        percent(model.bins[0]),
        percent(model.bins[1]),
        percent(model.bins[2]),
        percent(model.bins[3]),
    ));
    out
}

fn calibration_text(result: &Calibration, details: bool, color: bool) -> String {
    let (first, last) = (result.dates[0], result.dates[result.dates.len() - 1]);
    let mut out = paint(
        &format!(
            "Backtest as of {} dates from {} to {}: the register as known each day, {} \
             simulations, seed {}",
            result.dates.len(),
            long_date(first),
            long_date(last),
            thousands(result.simulations),
            result.seed
        ),
        Style::Bold,
        color,
    );
    out.push_str("\n\n");
    let mut table = Table::new([
        "AS OF",
        "FILES",
        "ADOPTIONS",
        "INSIDE 10-90%",
        "MEDIAN ERROR",
        "NAIVE",
        "INTERVAL SCORE (YARDSTICK)",
    ]);
    for d in &result.per_date {
        let (n, inside, err) =
            d.adoption
                .as_ref()
                .map_or(("0".to_string(), "-".to_string(), "-".to_string()), |a| {
                    (
                        a.n.to_string(),
                        percent(a.coverage),
                        // No adoption with a date that day: no error.
                        if a.dated == 0 {
                            "-".to_string()
                        } else {
                            days(a.median_error_days)
                        },
                    )
                });
        table.row([
            Cell::plain(d.as_of.to_string()),
            Cell::plain(d.files_forecast.to_string()),
            Cell::plain(n),
            Cell::plain(inside),
            Cell::plain(err),
            Cell::plain(
                d.naive
                    .as_ref()
                    .map_or("-".to_string(), |n| days(n.median_error_days)),
            ),
            Cell::plain(d.yardstick.as_ref().map_or("-".to_string(), |y| {
                format!(
                    "{} ({})",
                    days(y.model.interval_score),
                    days(y.yardstick.interval_score)
                )
            })),
        ]);
    }
    out.push_str(&table.render(color));
    out.push('\n');
    out.push_str(&score_table(
        &result.stages,
        &result.overall,
        ("MEDIAN ERROR OF MEDIAN", |s| s.median_error_days),
        color,
    ));
    scores_tail(
        &mut out,
        result.adoption.as_ref(),
        result.naive_adoption.as_ref(),
        (result.yardstick.as_ref(), result.fate.as_ref()),
        &result.comparisons,
        details,
        color,
    );
    out
}

/// What a backtest and a calibration both end with: adoption against the
/// naive rule, then (with `--details`) every comparison.
fn scores_tail(
    out: &mut String,
    adoption: Option<&StageScore>,
    naive: Option<&NaiveScore>,
    (yardstick, fate): (Option<&YardstickScore>, Option<&FateScore>),
    comparisons: &[codecision::forecast::Comparison],
    details: bool,
    color: bool,
) {
    if let Some(model) = adoption {
        out.push('\n');
        out.push_str(&adoption_versus_naive(model, naive, color));
    }
    let more = yardstick_and_fate(yardstick, naive, fate, color);
    if !more.is_empty() {
        out.push('\n');
        out.push_str(&more);
    }
    if details && !comparisons.is_empty() {
        out.push('\n');
        out.push_str(&comparisons_table(comparisons, color));
    }
}

use codecision::text::{count, date as long_date, days, decimal, or_never, percent};

fn thousands(n: usize) -> String {
    count(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The scores of each stage, then of all together: how many, one error of
/// the median (its column's title and the measure) and the share inside the
/// 10-90% band.
fn score_table(
    stages: &[StageScore],
    overall: &StageScore,
    (title, error): (&str, fn(&StageScore) -> f64),
    color: bool,
) -> String {
    let mut table = Table::new(["STAGE", "N", title, "INSIDE 10-90%"]);
    for s in stages.iter().chain([overall]) {
        table.row([
            Cell::plain(s.stage.map_or("all stages", |st| st.label())),
            Cell::plain(s.n.to_string()),
            Cell::plain(days(error(s))),
            Cell::plain(percent(s.coverage)),
        ]);
    }
    table.render(color)
}
