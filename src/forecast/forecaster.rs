//! The forecaster: a register, a date, a fitted model, a seed; forecasts of
//! files and of goals.

use chrono::NaiveDate;

use super::calendar::{Clock, TERM_ENDS};
use super::column::Col;
use super::goal::{Risk, TargetForecast};
use super::known::{Known, date_of, day, last_stage};
use super::model::DurationModel;
use super::outlook::{Factor, FileForecast, Outlook, Samples};
use super::sampler::FarTails;
use super::simulate::{DRAWN, Engine, Kept, NEVER, Scratch, Step, holding_back, order, waits_for};
use crate::error::Error;
use crate::query::ForecastBand;
use crate::query::needs::{Horizon, deadline_passed};
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// How many shares each thread's part of a level of files is cut into.
const SHARES_PER_THREAD: usize = 8;

/// One share of a goal's simulations.
struct Part {
    /// Simulations in which every file is in time.
    on_time: usize,
    /// Per file of the sequence: simulations in time, and in time alone.
    hits: Vec<(u32, u32)>,
}

/// Forecasts for a register as of a date.
///
/// Built once per date (it fits the [`DurationModel`] to the register as
/// known that day), then asked about files ([`files`](Forecaster::files))
/// or goals ([`target`](Forecaster::target)). Deterministic: the same
/// register, date, seed and number of simulations give the same answer.
///
/// ```
/// use codecision::{Register, Stage, parse_date};
/// use codecision::forecast::Forecaster;
///
/// let register = Register::security_union();
/// let as_of = parse_date("2018-01-24")?;
/// let forecaster = Forecaster::new(&register, as_of);
/// let etias = forecaster.file("etias")?;
/// assert_eq!(etias.stage, Some(Stage::Trilogue));
/// let adoption = etias.band(Stage::Adoption).unwrap();
/// let (p10, p50, p90) = (adoption.p10.unwrap(), adoption.p50.unwrap(), adoption.p90.unwrap());
/// assert!(as_of < p10 && p10 <= p50 && p50 <= p90);
///
/// let goal = forecaster.target("interoperability-2020", None)?;
/// assert!((0.0..=1.0).contains(&goal.p_on_time));
/// # Ok::<(), codecision::Error>(())
/// ```
pub struct Forecaster<'r> {
    register: &'r Register,
    as_of: NaiveDate,
    model: DurationModel,
    engine: Engine,
}

impl<'r> Forecaster<'r> {
    /// The seed used unless another is given.
    pub const DEFAULT_SEED: u64 = 2016;
    /// Simulations per forecast unless told otherwise: enough for the
    /// probabilities to be within about one point (standard error at most
    /// 1.1%) and the quantiles within a few days where most simulations reach
    /// the stage.
    pub const DEFAULT_SIMULATIONS: usize = 2_000;

    /// A forecaster for `register` as known on `as_of`, with the model
    /// fitted to it, the default seed and the default number of
    /// simulations.
    pub fn new(register: &'r Register, as_of: NaiveDate) -> Self {
        Self::with_model(register, as_of, DurationModel::fit(register, as_of))
    }

    /// A forecaster that uses `model` instead of fitting one.
    pub fn with_model(register: &'r Register, as_of: NaiveDate, model: DurationModel) -> Self {
        let engine = Engine::new(
            &model,
            day(as_of),
            Self::DEFAULT_SEED,
            Self::DEFAULT_SIMULATIONS,
        );
        Forecaster {
            register,
            as_of,
            model,
            engine,
        }
    }

    /// The same forecaster with another seed.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.engine.seed = seed;
        self
    }

    /// The same forecaster with `n` simulations (at least one).
    #[must_use]
    pub fn with_simulations(mut self, n: usize) -> Self {
        self.engine.n = n.max(1);
        self
    }

    /// The register forecast.
    pub fn register(&self) -> &'r Register {
        self.register
    }

    /// The forecast date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.engine.seed
    }

    /// The number of simulations.
    pub fn simulations(&self) -> usize {
        self.engine.n
    }

    /// The duration model in use.
    pub fn model(&self) -> &DurationModel {
        &self.model
    }

    /// The forecast of one file.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] when `id` names no file (with a suggestion when
    /// it is close to one; a goal is not a file: use
    /// [`target`](Forecaster::target) or [`files`](Forecaster::files)).
    pub fn file(&self, id: &str) -> Result<FileForecast, Error> {
        let node = self.file_node(id)?;
        let mut all = self.files(&[id])?;
        match all.iter().position(|f| f.id == self.register.node_id(node)) {
            Some(at) => Ok(all.swap_remove(at)),
            None => Err(Error::UnknownId {
                id: id.to_string(),
                suggestion: None,
            }),
        }
    }

    /// The node of a file id.
    /// What moved a file's forecast: the transition it waits in when a
    /// stall has become likely (20% or more), its package, a term's end
    /// inside the range of its agreement or adoption.
    fn factors(
        &self,
        file: &crate::file::LegislativeFile,
        known: &Known,
        forecast: &[ForecastBand],
    ) -> Vec<Factor> {
        let mut out = Vec::new();
        let today = day(self.as_of);
        for (_, _, step) in self.engine.plan(known, Stage::Adoption) {
            let Step::Draw {
                transition,
                from: Some(from),
                ..
            } = step
            else {
                continue;
            };
            if !super::stall::can_stall(transition) {
                continue;
            }
            let law = self.model.law(transition);
            let waiting = Clock::of(transition.clock()).span(from, today);
            let p = super::stall::stall_probability(
                law,
                super::stall::share(known.package),
                f64::from(waiting),
            );
            if p >= 0.2 {
                out.push(Factor::Stall {
                    transition,
                    waiting_days: waiting,
                    usual_days: law.median().round() as i32,
                    probability_percent: crate::text::percent_points(p)
                        .map_or(0, |n| n.clamp(0, 100) as u32),
                });
            }
        }
        if known.package {
            out.push(Factor::Package {
                related: file.related().to_vec(),
            });
        }
        let term = forecast
            .iter()
            .filter(|b| matches!(b.stage, Stage::PoliticalAgreement | Stage::Adoption))
            .find_map(|b| {
                TERM_ENDS.iter().find(|t| {
                    b.p10.is_some_and(|p10| p10 <= t.last_session)
                        && b.p90.is_none_or(|p90| t.last_session <= p90)
                })
            });
        if let Some(t) = term {
            out.push(Factor::EndOfTerm {
                election: t.election,
                last_session: t.last_session,
            });
        }
        out
    }

    pub(super) fn file_node(&self, id: &str) -> Result<u32, Error> {
        let node = self.register.index_of(id)?;
        match self.register.node_at(node) {
            FileOrGoal::File(_) => Ok(node),
            FileOrGoal::Goal(_) => Err(Error::UnknownId {
                id: id.to_string(),
                suggestion: None,
            }),
        }
    }

    /// The forecasts of the files named by `ids` (every file when `ids` is
    /// empty), in the order asked. A goal id stands for the files it
    /// requires, directly or not.
    ///
    /// Each file is forecast up to entry into force, or to application when
    /// a file or goal of the register requires its application. Files not
    /// proposed yet, files whose procedure ended, and files already at
    /// their last stage have an empty `forecast`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] (with a suggestion) for an id that names no file
    /// or goal.
    ///
    /// # Complexity
    ///
    /// The files asked and their prerequisites, each simulated once: linear
    /// in their number times the number of simulations.
    pub fn files(&self, ids: &[&str]) -> Result<Vec<FileForecast>, Error> {
        let wanted = self.resolve(ids)?;
        let done = self.run(&wanted, |node, known, scratch| {
            let file = &self.register.files()[node as usize];
            let since = known.stage.and_then(|s| file.since(s, self.as_of));
            let last = last_stage(self.register, node);
            let mut forecast = Vec::new();
            let mut p_no_act = None;
            let outlook = if known.terminal {
                Outlook::Ended
            } else if known.proposal.is_none() {
                Outlook::NotProposed
            } else {
                if let Some(s) = scratch {
                    for &stage in DRAWN {
                        if s.state[stage.index()] != Col::Drawn {
                            continue;
                        }
                        let band = band_of(s, stage);
                        if stage == Stage::Adoption {
                            p_no_act = Some(band.map_or(1.0, |b| b.p_never));
                        }
                        forecast.extend(band);
                    }
                }
                if forecast.is_empty() && p_no_act.is_none() {
                    Outlook::Done
                } else {
                    p_no_act.get_or_insert(0.0);
                    Outlook::Open
                }
            };
            let factors = if outlook == Outlook::Open {
                self.factors(file, known, &forecast)
            } else {
                Vec::new()
            };
            Some(FileForecast {
                id: file.id().to_string(),
                stage: known.stage,
                since,
                last,
                outlook,
                p_no_act,
                forecast,
                factors,
            })
        });
        // Of its size at once: grown by doubling, a goal's tens of thousands
        // of forecasts were copied into fresh memory at each step.
        let mut forecasts = Vec::with_capacity(wanted.len());
        forecasts.extend(
            self.in_order_asked(done, &wanted)
                .map(|(_, forecast)| forecast),
        );
        Ok(forecasts)
    }

    /// What [`run`](Forecaster::run) gave back, in the order of `wanted`
    /// (files without an answer left out): through a table by node, not a
    /// map, since a goal's closure is tens of thousands of the register's
    /// files.
    pub(super) fn in_order_asked<T>(
        &self,
        done: Vec<(u32, T)>,
        wanted: &[u32],
    ) -> impl Iterator<Item = (u32, T)> {
        let mut by_node: Vec<Option<T>> = Vec::new();
        by_node.resize_with(self.register.files().len(), || None);
        for (node, answer) in done {
            by_node[node as usize] = Some(answer);
        }
        wanted
            .iter()
            .filter_map(move |&node| Some((node, by_node[node as usize].take()?)))
    }

    /// Every simulated date of one file's remaining stages.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for an id that names no file (a goal id names
    /// no single file).
    pub fn samples(&self, id: &str) -> Result<Samples, Error> {
        let node = self.file_node(id)?;
        let done = self.run(&[node], |n, known, scratch| {
            if n != node || known.proposal.is_none() {
                return None;
            }
            let s = scratch?;
            let mut stages = Vec::new();
            for &stage in DRAWN {
                if s.state[stage.index()] == Col::Drawn {
                    let dates = s.cols[stage.index()]
                        .iter()
                        .map(|&d| (d < NEVER).then(|| date_of(d)))
                        .collect();
                    stages.push((stage, dates));
                }
            }
            Some(stages)
        });
        let stages = done.into_iter().next().map(|(_, s)| s).unwrap_or_default();
        Ok(Samples {
            id: id.to_string(),
            stages,
        })
    }

    /// The probability that `target` (a goal, or a file with `by`) is met by
    /// its deadline, and each blocker's chance of being in time.
    ///
    /// The target's closure is simulated, prerequisites first, each file up
    /// to the stage the closure requires of it. A file not proposed yet is
    /// assumed proposed on the forecast date (so its chance is an upper
    /// bound, and says so); a withdrawn, lapsed or rejected file never
    /// arrives. Once the deadline has passed the answer is certain: 1 when
    /// nothing was missing on the deadline, 0 otherwise.
    ///
    /// # Errors
    ///
    /// As [`Register::blockers`]: an unknown target, or a file target
    /// without `by`.
    ///
    /// # Complexity
    ///
    /// Linear in the closure's outstanding files times the number of
    /// simulations, plus one pass over the register's nodes for the
    /// closure's marks.
    pub fn target(&self, target: &str, by: Option<NaiveDate>) -> Result<TargetForecast, Error> {
        let root = self.register.index_of(target)?;
        let deadline = self.register.required_deadline(root, by)?;
        // The blockers, as `Register::blockers` defines them (without the
        // chains, which a forecast does not need).
        let needs = self.register.needs(
            root,
            Horizon {
                deadline: Some(deadline),
                as_of: self.as_of,
            },
        );
        let files = self.register.files().len();
        let mut set = vec![false; files];
        let mut risks: Vec<(u32, Risk)> = Vec::new();
        for need in needs.files(self.register) {
            set[need.node as usize] = true;
            if !need.missing {
                continue;
            }
            let stage = need.file.stage_at(needs.horizon.cutoff()).map(|s| s.stage);
            risks.push((
                need.node,
                Risk {
                    file: need.file.id().to_string(),
                    required: need.required,
                    stage,
                    p_by_deadline: None,
                    p_by_deadline_alone: None,
                    not_proposed: stage.is_none(),
                },
            ));
        }
        let finish = |mut risks: Vec<(u32, Risk)>, p_on_time: f64| {
            risks.sort_by(|(_, a), (_, b)| {
                b.own_risk()
                    .total_cmp(&a.own_risk())
                    .then(
                        a.p_by_deadline
                            .unwrap_or(0.0)
                            .total_cmp(&b.p_by_deadline.unwrap_or(0.0)),
                    )
                    .then(a.file.cmp(&b.file))
            });
            TargetForecast {
                target: target.to_string(),
                deadline,
                as_of: self.as_of,
                p_on_time,
                blockers: risks.into_iter().map(|(_, r)| r).collect(),
            }
        };
        if deadline_passed(deadline, self.as_of) {
            let p = if risks.is_empty() { 1.0 } else { 0.0 };
            return Ok(finish(risks, p));
        }
        let n = self.engine.n;
        let sequence = order(self.register, &set);
        let need = &needs.closure.need;
        // The simulations are cut into one share per thread; each simulation
        // draws from its own numbers (by its index), so any cut gives the
        // same answer.
        let shares = crate::parallel::ranges(n, crate::parallel::threads(), 2);
        // What each file's simulations start from, and the far-tail tables
        // they draw from: worked out once, not once per share of the
        // simulations.
        let knowns: Vec<Option<Known>> = sequence
            .iter()
            .map(|&node| {
                need[node as usize]
                    .map(|_| Known::of(&self.register.files()[node as usize], self.as_of))
            })
            .collect();
        let plans: Vec<_> = sequence
            .iter()
            .zip(&knowns)
            .filter_map(|(&node, known)| {
                let (known, need) = (known.as_ref()?, need[node as usize]?);
                (!known.has(need) && !known.terminal).then(|| self.engine.plan(known, need))
            })
            .collect();
        let tails = self.engine.far_tails(plans.iter().flatten());
        drop(plans);
        let (knowns, tails) = (&knowns, &tails);
        let parts: Vec<Part> = crate::parallel::map(&shares, |share| {
            let bounds = (share.start, share.end);
            self.part(&sequence, knowns, need, &set, deadline, tails, bounds)
        });
        let mut chance: Vec<(u32, u32)> = vec![(0, 0); files];
        let mut on_time = 0usize;
        for part in &parts {
            on_time += part.on_time;
            for (k, &node) in sequence.iter().enumerate() {
                let c = &mut chance[node as usize];
                c.0 += part.hits[k].0;
                c.1 += part.hits[k].1;
            }
        }
        let share = |count: u32| f64::from(count) / n as f64;
        for (node, risk) in &mut risks {
            let (hits, alone) = chance[*node as usize];
            risk.p_by_deadline = Some(share(hits));
            risk.p_by_deadline_alone = Some(share(alone));
        }
        Ok(finish(risks, on_time as f64 / n as f64))
    }

    /// Simulations `lo..hi` of a target's closure (`set`, in `sequence`
    /// order, each file up to `need`, as `knowns` says it stands; `tails`
    /// holds the far-tail tables): how many meet the deadline, and per
    /// file (in `sequence` order) how many reach their stage in time, with
    /// and without prerequisites holding them back.
    #[allow(clippy::too_many_arguments)]
    fn part(
        &self,
        sequence: &[u32],
        knowns: &[Option<Known>],
        need: &[Option<Stage>],
        set: &[bool],
        deadline: NaiveDate,
        tails: &FarTails,
        (lo, hi): (usize, usize),
    ) -> Part {
        let len = hi - lo;
        let last_day = day(deadline);
        let mut ok = vec![true; len];
        let mut hits = vec![(0u32, 0u32); sequence.len()];
        let mut kept = Kept::new(self.register, set, sequence, |node, stage| {
            need[node as usize].is_some_and(|need| need.rank() >= stage.rank())
                && !self.register.files()[node as usize].reached(stage, self.as_of)
        });
        let mut scratch = Scratch::new(len);
        let all = len as u32;
        for (k, &node) in sequence.iter().enumerate() {
            let file = &self.register.files()[node as usize];
            let (Some(need), Some(known)) = (need[node as usize], &knowns[k]) else {
                continue;
            };
            if known.has(need) {
                hits[k] = (all, all);
                kept.release(node);
                continue;
            }
            if known.terminal {
                ok.iter_mut().for_each(|o| *o = false);
                kept.release(node);
                continue;
            }
            {
                let partners = kept.partners(self.register, node);
                self.engine.run(
                    file.id(),
                    known,
                    need,
                    &partners,
                    lo,
                    Some(tails),
                    &mut scratch,
                );
            }
            kept.release(node);
            kept.keep(node, &scratch);
            hits[k] = match scratch.state[need.index()] {
                Col::Known(d) => {
                    if d > last_day {
                        ok.iter_mut().for_each(|o| *o = false);
                        (0, 0)
                    } else {
                        (all, all)
                    }
                }
                _ => {
                    let col = &scratch.cols[need.index()];
                    let mut count = 0u32;
                    for (o, &d) in ok.iter_mut().zip(col) {
                        let hit = d <= last_day;
                        count += u32::from(hit);
                        *o &= hit;
                    }
                    let alone = scratch.own(need).iter().filter(|&&d| d <= last_day).count();
                    (count, alone as u32)
                }
            };
        }
        Part {
            on_time: ok.iter().filter(|&&o| o).count(),
            hits,
        }
    }

    /// The file nodes named by `ids`, in order and once each (every file
    /// when `ids` is empty); a goal stands for its closure's files.
    fn resolve(&self, ids: &[&str]) -> Result<Vec<u32>, Error> {
        let files = self.register.files().len();
        if ids.is_empty() {
            return Ok((0..files as u32).collect());
        }
        let mut seen = vec![false; files];
        let mut out = Vec::new();
        for id in ids {
            let node = self.register.index_of(id)?;
            let nodes = match self.register.node_at(node) {
                FileOrGoal::File(_) => vec![node],
                FileOrGoal::Goal(_) => self.register.closure(node).order,
            };
            for n in nodes {
                if (n as usize) < files && !seen[n as usize] {
                    seen[n as usize] = true;
                    out.push(n);
                }
            }
        }
        Ok(out)
    }

    /// Simulates the files `wanted` and their prerequisites, prerequisites
    /// first, each up to its last stage; `visit` is called for each file
    /// asked, with its simulations (`None` when its procedure has ended or
    /// it is not proposed yet: a visit reads no draws of such a file), and
    /// what it returns is given back with the file's node, files not
    /// simulated first, then prerequisites first.
    ///
    /// Only the files whose draws matter are simulated
    /// ([`needed`](Forecaster::needed)): a backtest asks about a few files
    /// with long chains of prerequisites, most of them already past the
    /// stage their dependents wait for.
    ///
    /// The files are simulated level by level: a file's level is one more
    /// than the highest of the prerequisites that can hold it back (those
    /// whose columns [`Kept`] keeps for it), so the files of a level hold none
    /// of each other back, and they are shared out between threads (each
    /// with its own buffers). A file's simulations depend only on its own
    /// draws and its prerequisites' dates, so the cut does not change them.
    pub(super) fn run<T: Send>(
        &self,
        wanted: &[u32],
        visit: impl Fn(u32, &Known, Option<&Scratch>) -> Option<T> + Sync,
    ) -> Vec<(u32, T)> {
        let files = self.register.files().len();
        let mut asked = vec![false; files];
        let mut set = vec![false; files];
        let mut stack: Vec<u32> = Vec::new();
        for &n in wanted {
            asked[n as usize] = true;
            if !set[n as usize] {
                set[n as usize] = true;
                stack.push(n);
            }
        }
        while let Some(n) = stack.pop() {
            for &(req, _) in self.register.graph().requires(n) {
                let r = req as usize;
                if r < files && !set[r] {
                    set[r] = true;
                    stack.push(req);
                }
            }
        }
        let sequence = order(self.register, &set);
        let draws = draws_to_last(self.register, self.as_of);
        // What each file starts from (on rayon's threads).
        let knowns: Vec<Known> = crate::parallel::map(&sequence, |&node| {
            Known::of(&self.register.files()[node as usize], self.as_of)
        });
        let (sequence, knowns, unsimulated) =
            self.needed(&asked, &mut set, sequence, knowns, draws);
        let mut kept = Kept::new(self.register, &set, &sequence, draws);
        let levels = levels(self.register, &sequence, &set, &draws);
        // The far-tail tables the draws need: worked out once, not once
        // per file.
        let mut at = vec![0u32; files];
        for (k, &node) in sequence.iter().enumerate() {
            at[node as usize] = k as u32;
        }
        // On rayon's threads: tens of thousands of files in a goal of a
        // large register, each a look-up of its dependents' stages and a
        // binary search per stage.
        let plans: Vec<_> = crate::parallel::filter_map(&sequence, 1024, |&node| {
            let known = &knowns[at[node as usize] as usize];
            (!known.terminal).then(|| self.engine.plan(known, last_stage(self.register, node)))
        });
        let tails = self.engine.far_tails(plans.iter().flatten());
        drop(plans);
        /// What the simulation of one file leaves: its node, what `visit`
        /// said, the columns its dependents need.
        type Done<T> = (u32, Option<T>, Vec<(u64, Vec<i32>)>);
        let buffers = std::sync::Mutex::new(Vec::<Scratch>::new());
        let threads = crate::parallel::threads();
        // Room for every file asked at once (see `files`).
        let mut out = Vec::with_capacity(wanted.len());
        for (node, known) in &unsimulated {
            if let Some(seen) = visit(*node, known, None) {
                out.push((*node, seen));
            }
        }
        for nodes in &levels {
            let kept_now = &kept;
            // Several shares a thread: files differ in how much they draw,
            // and a thread that is done early takes another share instead of
            // waiting at the end of the level.
            let shares = crate::parallel::ranges(nodes.len(), threads * SHARES_PER_THREAD, 1);
            let done: Vec<Vec<Done<T>>> = crate::parallel::map(&shares, |share| {
                let reused = buffers.lock().ok().and_then(|mut b| b.pop());
                let mut scratch = reused.unwrap_or_else(|| Scratch::dates_only(self.engine.n));
                let mut done = Vec::with_capacity(share.len());
                for &node in &nodes[share.clone()] {
                    let file = &self.register.files()[node as usize];
                    let known = &knowns[at[node as usize] as usize];
                    let asked = asked[node as usize];
                    if known.terminal {
                        let seen = asked.then(|| visit(node, known, None)).flatten();
                        done.push((node, seen, Vec::new()));
                        continue;
                    }
                    let last = last_stage(self.register, node);
                    {
                        let partners = kept_now.partners(self.register, node);
                        let tails = Some(&tails);
                        self.engine
                            .run(file.id(), known, last, &partners, 0, tails, &mut scratch);
                    }
                    let seen = asked.then(|| visit(node, known, Some(&scratch))).flatten();
                    done.push((node, seen, kept_now.copies(node, &scratch)));
                }
                if let Ok(mut b) = buffers.lock() {
                    b.push(scratch);
                }
                done
            });
            for (node, seen, copies) in done.into_iter().flatten() {
                kept.release(node);
                kept.keep_copies(copies);
                if let Some(seen) = seen {
                    out.push((node, seen));
                }
            }
        }
        out
    }
}

impl Forecaster<'_> {
    /// The files of `sequence` (prerequisites first, what each knows in
    /// `knowns`) whose simulations matter: those `asked` that are proposed
    /// (a visit reads no draws of a file not proposed yet), and the
    /// prerequisites whose drawn dates hold back one that matters (a
    /// dependent that draws the stage a `requires` edge bounds, `draws`,
    /// of a prerequisite that draws the stage the edge names). The others
    /// are dropped from `set`, `sequence` and `knowns`: no file asked
    /// depends on their draws, so the answer is the same without them.
    /// The files asked but not simulated come back on their own, to be
    /// visited without draws.
    #[allow(clippy::type_complexity)]
    fn needed(
        &self,
        asked: &[bool],
        set: &mut [bool],
        sequence: Vec<u32>,
        knowns: Vec<Known>,
        draws: impl Fn(u32, Stage) -> bool,
    ) -> (Vec<u32>, Vec<Known>, Vec<(u32, Known)>) {
        let files = set.len();
        let mut at = vec![u32::MAX; files];
        for (k, &node) in sequence.iter().enumerate() {
            at[node as usize] = k as u32;
        }
        let mut needed = vec![false; files];
        for (k, &node) in sequence.iter().enumerate() {
            needed[node as usize] = asked[node as usize] && knowns[k].proposal.is_some();
        }
        for (k, &node) in sequence.iter().enumerate().rev() {
            if !needed[node as usize] || knowns[k].terminal {
                continue;
            }
            for (req, stage) in holding_back(self.register, node, &draws) {
                let r = req as usize;
                if r >= files || !set[r] || needed[r] || !DRAWN.contains(&stage) {
                    continue;
                }
                let theirs = &knowns[at[r] as usize];
                if !theirs.terminal && !theirs.has(stage) {
                    needed[r] = true;
                }
            }
        }
        if sequence.iter().all(|&n| needed[n as usize]) {
            return (sequence, knowns, Vec::new());
        }
        set.copy_from_slice(&needed);
        // Room for all at once: a `Known` is large, and an array of tens
        // of thousands grown by doubling was copied into fresh memory at
        // each step, on one core.
        let count = sequence.iter().filter(|&&n| needed[n as usize]).count();
        let mut kept = (Vec::with_capacity(count), Vec::with_capacity(count));
        let mut unsimulated = Vec::new();
        for (node, known) in sequence.into_iter().zip(knowns) {
            if needed[node as usize] {
                kept.0.push(node);
                kept.1.push(known);
            } else if asked[node as usize] {
                unsimulated.push((node, known));
            }
        }
        (kept.0, kept.1, unsimulated)
    }
}

/// Whether a file draws a stage when each is forecast to its last stage
/// ([`last_stage`]): one it has not reached by `as_of`, up to that.
fn draws_to_last(register: &Register, as_of: NaiveDate) -> impl Fn(u32, Stage) -> bool + Copy {
    move |node: u32, stage: Stage| {
        last_stage(register, node).rank() >= stage.rank()
            && !register.files()[node as usize].reached(stage, as_of)
    }
}

/// The files of `sequence` (prerequisites first) level by level, in
/// sequence order within each: a file's level is one more than the highest
/// of the prerequisites that can hold it back, or 0. Only those count:
/// the prerequisites [`Kept`] keeps a column of for it ([`waits_for`]: an
/// edge that bounds a stage the file draws, to a prerequisite of `set`
/// that draws the stage the edge names). Any other gives the file
/// nothing to wait for; counting every prerequisite made a goal of the
/// bench register 116 levels deep, each ended by the threads waiting for
/// the last share (benches/README.md, "Round ten").
fn levels(
    register: &Register,
    sequence: &[u32],
    set: &[bool],
    draws: &impl Fn(u32, Stage) -> bool,
) -> Vec<Vec<u32>> {
    let files = set.len();
    let mut level = vec![0u32; files];
    let mut levels: Vec<Vec<u32>> = Vec::new();
    for &node in sequence {
        let l = waits_for(register, node, set, draws)
            .map(|(req, _)| level[req as usize] + 1)
            .max()
            .unwrap_or(0);
        level[node as usize] = l;
        if levels.len() <= l as usize {
            levels.resize_with(l as usize + 1, Vec::new);
        }
        levels[l as usize].push(node);
    }
    levels
}

/// The band of `stage` drawn in `s`: of every simulation, never counted.
///
/// The dates are copied into a buffer each thread keeps and only grows
/// (`outlook::dates_in`): one a file, as before, was zeroed and freed for
/// each of the tens of thousands of files of a goal, and one a band of the
/// report's blockers.
pub(super) fn band_of(s: &Scratch, stage: Stage) -> Option<ForecastBand> {
    thread_local! {
        static DATES: std::cell::RefCell<Vec<i32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let col = &s.cols[stage.index()];
    DATES.with_borrow_mut(|buffer| {
        ForecastBand::of_dates(stage, super::outlook::dates_in(col, buffer), col.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    /// The levels of every file of `json` as of `as_of`, by id, as
    /// [`Forecaster::run`] works them out for all of them.
    fn levels_by_id(json: &str, as_of: &str) -> Vec<Vec<String>> {
        let register = Register::from_json(json).unwrap();
        let as_of = parse_date(as_of).unwrap();
        let set = vec![true; register.files().len()];
        let sequence = order(&register, &set);
        let draws = draws_to_last(&register, as_of);
        levels(&register, &sequence, &set, &draws)
            .into_iter()
            .map(|level| {
                level
                    .into_iter()
                    .map(|n| register.node_id(n).to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn only_prerequisites_that_can_hold_a_file_back_set_its_level() {
        // `old` is adopted: `mid` has nothing to wait for from it. `mid`
        // will be adopted some day: `late` waits for it. `agreed` names
        // `mid`'s political agreement, which `mid` has reached: nothing to
        // wait for. `next` names `late`'s agreement, still to come. `plain`
        // requires `mid` in force, which bounds its application, a stage
        // not forecast for it (nothing requires `plain`): nothing to wait
        // for either.
        let json = r#"{"version": 1, "files": [
          {"id": "old", "title": "Old", "events": [
            {"date": "2015-01-10", "stage": "proposal"},
            {"date": "2016-05-01", "stage": "adoption"}]},
          {"id": "mid", "title": "Mid", "requires": ["old"], "events": [
            {"date": "2017-01-10", "stage": "proposal"},
            {"date": "2017-09-01", "stage": "general_approach"},
            {"date": "2017-10-01", "stage": "libe_vote"},
            {"date": "2017-11-01", "stage": "trilogue"},
            {"date": "2018-02-01", "stage": "political_agreement"}]},
          {"id": "late", "title": "Late",
           "requires": [{"file": "mid", "stage": "adoption"}],
           "events": [{"date": "2018-01-10", "stage": "proposal"}]},
          {"id": "agreed", "title": "Agreed",
           "requires": [{"file": "mid", "stage": "political_agreement"}],
           "events": [{"date": "2018-01-20", "stage": "proposal"}]},
          {"id": "next", "title": "Next",
           "requires": [{"file": "late", "stage": "political_agreement"}],
           "events": [{"date": "2018-03-01", "stage": "proposal"}]},
          {"id": "plain", "title": "Plain", "requires": ["mid"],
           "events": [{"date": "2018-03-05", "stage": "proposal"}]}
        ]}"#;
        assert_eq!(
            levels_by_id(json, "2018-06-01"),
            [
                vec!["old", "mid", "agreed", "plain"],
                vec!["late"],
                vec!["next"]
            ]
        );
        // Before `mid`'s agreement, `agreed` waits for it too.
        assert_eq!(
            levels_by_id(json, "2018-01-25"),
            [
                vec!["old", "mid", "plain"],
                vec!["late", "agreed"],
                vec!["next"]
            ]
        );
    }
}
