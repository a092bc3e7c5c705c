//! The Monte Carlo engine: every simulation of one file at once (a column
//! of dates per stage), files in `requires` order, prerequisites' columns
//! kept only as long as a dependent still needs them.
//!
//! Each file draws from its own random stream (ChaCha8 seeded with the seed
//! and keyed by the file's id), and each stage from its own fixed stretch
//! of that stream. So a file's dates do not depend on which other files are
//! forecast with it, nor on how far it is simulated: `forecast etias` and
//! the ETIAS rows of a goal's forecast are the same simulations.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

use super::calendar::Clock;
use super::column::{Col, below, bits, day_in, of_bits, uniform};
use super::known::Known;
use super::law::Transition;
use super::model::DurationModel;
use super::sampler::{Draw, FarTails, Table, fill};
use crate::register::Register;
use crate::stage::Stage;

/// The stages a simulation draws, in order: the route's, read off the
/// transition table ([`Transition::STAGES`]; the proposal is never drawn: a
/// file not yet proposed starts from the forecast date).
pub(crate) const DRAWN: &[Stage] = &Transition::STAGES;

/// The day of a stage that never comes: the procedure ended without an
/// act first in that simulation ([`fate`](super::fate)). Later than any
/// date, so a deadline is never met by it.
pub(crate) const NEVER: i32 = i32::MAX / 2;

/// What a `requires` edge holds back in the dependent file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Its adoption: the requirement names adoption or an earlier stage.
    Adoption,
    /// Its application: the requirement names entry into force or
    /// application.
    Application,
}

impl Bound {
    /// The bound a requirement of `stage` puts on the dependent, if any
    /// (a terminal stage bounds nothing).
    pub(crate) fn of(stage: Stage) -> Option<Bound> {
        match stage.rank() {
            Some(r) if r <= 4 => Some(Bound::Adoption),
            Some(_) => Some(Bound::Application),
            None => None,
        }
    }

    pub(crate) fn stage(self) -> Stage {
        match self {
            Bound::Adoption => Stage::Adoption,
            Bound::Application => Stage::Application,
        }
    }
}

/// How a simulation gets one stage's dates.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step {
    /// Reached by the forecast date, on this day.
    Known(i32),
    /// Drawn by `transition`, `from` one known day, or from the dates drawn
    /// for the stage (or the two mandates) before when `None`.
    Draw {
        transition: Transition,
        from: Option<i32>,
        draw: Draw,
    },
}

impl Step {
    /// A drawn step's transition, anchor day and draw; a known one's day.
    fn drawn(self) -> Result<(Transition, Option<i32>, Draw), i32> {
        match self {
            Step::Draw {
                transition,
                from,
                draw,
            } => Ok((transition, from, draw)),
            Step::Known(day) => Err(day),
        }
    }
}

/// One prerequisite's dates that hold back a stage of the file simulated.
pub(crate) struct Partner<'a> {
    pub bound: Bound,
    pub days: &'a [i32],
}

/// Reused buffers for one file's simulations.
pub(crate) struct Scratch {
    far: Vec<u16>,
    bytes: Vec<u8>,
    draws: Vec<i32>,
    /// The simulations a draw of the fate or of a stall concerns, with
    /// their numbers (worked out in passes: [`normal::ppf_each`](super::normal::ppf_each)).
    picked: Vec<u32>,
    values: Vec<f64>,
    tails: Vec<(u32, f64)>,
    /// A column of days per ranked stage (indexed by `Stage::index`).
    pub cols: [Vec<i32>; 8],
    pub state: [Col; 8],
    /// The dates the file would reach each stage with no prerequisite
    /// holding it back (valid where `own_differs` is set).
    pub own: [Vec<i32>; 8],
    pub own_differs: [bool; 8],
    /// Whether the simulations work out `own` too: only a goal's chances
    /// read it (each file's chance alone), so the simulations of files'
    /// bands skip it, the same dates in `cols` either way.
    tracks_own: bool,
    /// Each simulation's end without an act (`i32::MAX`: none).
    ends: Vec<i32>,
    /// In buffers that hold some of the simulations only
    /// ([`Engine::run_open`]), the number of each among those of the
    /// buffers it came from (which the random draws are keyed by); empty
    /// when they hold every one.
    sims: Vec<u32>,
    /// The buffers of the simulations still open after their agreement,
    /// kept from one file to the next.
    sub: Option<Box<Scratch>>,
}

impl Scratch {
    /// Buffers for `n` simulations, each file's own dates included
    /// ([`own`](Scratch::own)).
    pub(crate) fn new(n: usize) -> Scratch {
        Scratch {
            own: std::array::from_fn(|_| vec![0; n]),
            tracks_own: true,
            ..Scratch::dates_only(n)
        }
    }

    /// Buffers for `n` simulations that work out the dates alone, not
    /// what they would be with no prerequisite holding the file back.
    pub(crate) fn dates_only(n: usize) -> Scratch {
        Scratch {
            far: Vec::with_capacity(super::sampler::TAIL_QUANTILES),
            bytes: vec![0; 2 * n],
            draws: vec![0; n],
            picked: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
            tails: Vec::new(),
            cols: std::array::from_fn(|_| vec![0; n]),
            state: [Col::Skipped; 8],
            own: std::array::from_fn(|_| Vec::new()),
            own_differs: [false; 8],
            tracks_own: false,
            ends: Vec::new(),
            sims: Vec::new(),
            sub: None,
        }
    }

    /// The buffers made the size of `n` simulations, with the files' own
    /// dates when `tracks_own`.
    fn resize(&mut self, n: usize, tracks_own: bool) {
        self.bytes.resize(2 * n, 0);
        self.draws.resize(n, 0);
        for col in &mut self.cols {
            col.resize(n, 0);
        }
        self.tracks_own = tracks_own;
        for col in &mut self.own {
            col.resize(if tracks_own { n } else { 0 }, 0);
        }
    }

    /// Into `picked` and `values`, the simulations (of the buffers' `n`)
    /// that `draw` gives a number, with that number: the fate and the
    /// stalls work out what follows for those alone, in passes.
    fn pick(&mut self, draw: impl Fn(usize) -> Option<f64>) {
        self.picked.clear();
        self.values.clear();
        for k in 0..self.draws.len() {
            if let Some(value) = draw(k) {
                self.picked.push(k as u32);
                self.values.push(value);
            }
        }
    }

    /// The file's own dates for `stage` (no prerequisite holding it back;
    /// only of buffers made by [`new`](Scratch::new)).
    pub(crate) fn own(&self, stage: Stage) -> &[i32] {
        debug_assert!(self.tracks_own, "own dates asked of buffers that skip them");
        let i = stage.index();
        if self.own_differs[i] {
            &self.own[i]
        } else {
            &self.cols[i]
        }
    }
}

/// Where a file's simulations stand with the fate ([`Engine::run`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Drawn after every stage (the agreement is not drawn, or the fate
    /// is never, or nothing is drawn past the agreement).
    Later,
    /// Drawn before the adoption: no simulation can end.
    NoneEnd,
    /// Drawn before the adoption, some simulations ended: every later
    /// stage worked out for all, those past an end made never.
    SomeEnd,
    /// Drawn before the adoption, most simulations ended: the later
    /// stages worked out for the others only.
    MostEnded,
}

/// Below this share of a file's simulations still open after their
/// agreement (7 in 10), the later stages are worked out for those alone:
/// gathering their dates, then putting them back, costs less than the
/// stages of the others.
const OPEN_ONLY_BELOW: (usize, usize) = (7, 10);

/// The simulation of a register as of a date.
pub(crate) struct Engine {
    pub today: i32,
    pub seed: u64,
    pub n: usize,
    tables: Vec<Table>,
    /// The legal-linguistic weeks before a plenary vote, in working days,
    /// as known on the model's date (the floor of its adoption law: none
    /// before the figure was published).
    vote_floor: i32,
    /// The hazard of ending without an act.
    fate: super::fate::FateLaw,
    /// [`OPEN_ONLY_BELOW`] (another share in tests).
    open_only_below: (usize, usize),
}

impl Engine {
    pub(crate) fn new(model: &DurationModel, today: i32, seed: u64, n: usize) -> Self {
        Engine {
            today,
            seed,
            n: n.max(1),
            tables: Transition::ALL
                .iter()
                .map(|&t| Table::new(*model.law(t)))
                .collect(),
            vote_floor: model.law(Transition::Adoption).shift.round() as i32,
            fate: model.fate,
            open_only_below: OPEN_ONLY_BELOW,
        }
    }

    /// The steps of one file's simulation up to `upto`, in [`DRAWN`]
    /// order, each with its slot there: which stages are known and which
    /// are drawn, and from what. They depend on what the register knows,
    /// never on the draws.
    pub(crate) fn plan(&self, known: &Known, upto: Stage) -> Vec<(usize, Stage, Step)> {
        let proposal = known.proposal.unwrap_or(self.today);
        // The day of each stage reached (a known anchor), by stage index.
        let mut on: [Option<i32>; 8] = [None; 8];
        on[Stage::Proposal.index()] = Some(proposal);
        let mut steps = Vec::with_capacity(DRAWN.len());
        for (slot, &stage) in DRAWN.iter().enumerate() {
            if stage.rank() > upto.rank() {
                break;
            }
            let i = stage.index();
            if known.has(stage) {
                let day = known.on(stage).unwrap_or(proposal);
                on[i] = Some(day);
                steps.push((slot, stage, Step::Known(day)));
                continue;
            }
            let Some(transition) = Transition::reaching(stage) else {
                continue;
            };
            let from = match stage {
                Stage::GeneralApproach | Stage::LibeVote => Some(proposal),
                Stage::Trilogue => on[Stage::GeneralApproach.index()]
                    .zip(on[Stage::LibeVote.index()])
                    .map(|(a, b)| a.max(b)),
                _ => on[i - 1],
            };
            let clock = Clock::of(transition.clock());
            let draw =
                self.tables[transition.index()].draw(from.map(|day| clock.span(day, self.today)));
            steps.push((
                slot,
                stage,
                Step::Draw {
                    transition,
                    from,
                    draw,
                },
            ));
        }
        steps
    }

    /// The far-tail tables the simulations of `plans` will draw from,
    /// computed once each.
    pub(crate) fn far_tails<'p>(
        &self,
        plans: impl IntoIterator<Item = &'p (usize, Stage, Step)>,
    ) -> FarTails {
        let wanted = plans
            .into_iter()
            .filter_map(|&(_, _, step)| match step {
                Step::Draw {
                    transition, draw, ..
                } => Some((transition.index(), draw)),
                Step::Known(_) => None,
            })
            .collect();
        FarTails::new(&self.tables, wanted)
    }

    /// Simulates one open (not terminal) file up to `upto`, into `s`:
    /// simulations `first..first + s.len()` of the `n`, at once (`first`
    /// even). `partners` hold back its adoption or application; `tails`,
    /// when given, holds the far-tail tables its draws need (computed here
    /// otherwise). A simulation's draws depend only on the seed, the file
    /// and its index, so any split of the simulations gives the same dates.
    ///
    /// The fate ([`end_without_act`](Engine::end_without_act)) is drawn
    /// once the agreement's dates are: a simulation's end depends on
    /// nothing later. When most simulations have ended by then, the
    /// stages after the agreement are worked out for the others only
    /// ([`run_open`](Engine::run_open)); the ended ones never come.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        &self,
        id: &str,
        known: &Known,
        upto: Stage,
        partners: &[Partner<'_>],
        first: usize,
        tails: Option<&FarTails>,
        s: &mut Scratch,
    ) {
        let n = self.n;
        debug_assert!(first % 2 == 0);
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream_of(id));
        let proposal = known.proposal.unwrap_or(self.today);
        s.state = [Col::Skipped; 8];
        s.own_differs = [false; 8];
        s.sims.clear();
        s.state[Stage::Proposal.index()] = Col::Known(proposal);
        let plan = self.plan(known, upto);
        // Whether the fate has been drawn, before the adoption.
        let mut fate = Fate::Later;
        for (at, &(slot, stage, step)) in plan.iter().enumerate() {
            let (transition, from, draw) = match step.drawn() {
                Ok(drawn) => drawn,
                Err(day) => {
                    s.state[stage.index()] = Col::Known(day);
                    continue;
                }
            };
            if stage == Stage::Adoption && fate == Fate::Later {
                fate = self.fate_before_adoption(id, proposal, first, s);
                if fate == Fate::MostEnded {
                    self.run_open(
                        &mut rng,
                        id,
                        proposal,
                        known.package,
                        &plan[at..],
                        partners,
                        first,
                        tails,
                        s,
                    );
                    break;
                }
            }
            // Each stage reads its own stretch of the file's stream (n words,
            // of which it uses half: 16 bits per simulation).
            rng.set_word_pos((slot * n + first / 2) as u128);
            rng.fill_bytes(&mut s.bytes);
            self.draw_stage(
                id,
                proposal,
                known.package,
                slot,
                stage,
                transition,
                from,
                draw,
                partners,
                first,
                tails,
                s,
            );
        }
        match fate {
            Fate::Later => self.end_without_act(id, proposal, first, s),
            Fate::NoneEnd => {}
            Fate::SomeEnd | Fate::MostEnded => self.never_after_ends(s),
        }
    }

    /// One stage's dates, drawn by `transition` `from` a known day or from
    /// the stage before, into `s`, whose `bytes` hold the stage's stretch
    /// of the file's stream.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn draw_stage(
        &self,
        id: &str,
        proposal: i32,
        package: bool,
        slot: usize,
        stage: Stage,
        transition: Transition,
        from: Option<i32>,
        draw: Draw,
        partners: &[Partner<'_>],
        first: usize,
        tails: Option<&FarTails>,
        s: &mut Scratch,
    ) {
        let i = stage.index();
        // The anchor: the stage the transition starts from.
        let anchor = match from {
            Some(day) => Col::Known(day),
            None if stage == Stage::Trilogue => self.later_mandate(s),
            None => s.state[i - 1],
        };
        let table = &self.tables[transition.index()];
        let clock = Clock::of(transition.clock());
        let cached = match draw {
            Draw::Tail { elapsed, .. } => tails.and_then(|t| t.get(transition.index(), elapsed)),
            Draw::Table { .. } => None,
        };
        let durations = match cached {
            Some(durations) => durations,
            None => table.durations(draw, &mut s.far),
        };
        fill(durations, &s.bytes, &mut s.draws);
        let prev = i - 1;
        let own_prev = stage != Stage::Trilogue && s.own_differs[prev];
        {
            let [cols, own] = [&mut s.cols, &mut s.own];
            let (before, rest) = cols.split_at_mut(i);
            let col = &mut rest[0];
            match anchor {
                Col::Known(day) => clock.after_each(day, &s.draws, col),
                // Already holds the later mandate, per simulation.
                _ if stage == Stage::Trilogue => clock.after_in_place(col, &s.draws),
                _ => clock.after_each_from(&before[prev], &s.draws, col),
            }
            if own_prev {
                let (obefore, orest) = own.split_at_mut(i);
                clock.after_each_from(&obefore[prev], &s.draws, &mut orest[0]);
            }
        }
        s.state[i] = Col::Drawn;
        s.own_differs[i] = own_prev;
        match stage {
            Stage::PoliticalAgreement => {
                let salt = stream_of(id) ^ self.seed.rotate_left(17);
                let today = self.today;
                debug_assert!(!own_prev, "nothing holds back a stage before adoption");
                super::rush::pull(&s.state, &mut s.cols, proposal, salt, first, today);
            }
            Stage::Adoption => {
                let agreed = s.state[Stage::PoliticalAgreement.index()];
                let floor = self.vote_floor;
                let salt = stream_of(id) ^ self.seed.rotate_left(41);
                let today = self.today;
                let (before, rest) = s.cols.split_at_mut(i);
                wait_for_vote(agreed, &before[i - 1], &mut rest[0], floor);
                super::rush::cluster(
                    agreed,
                    &before[i - 1],
                    &mut rest[0],
                    salt,
                    first,
                    &s.sims,
                    today,
                );
                if own_prev {
                    let (before, rest) = s.own.split_at_mut(i);
                    wait_for_vote(agreed, &before[i - 1], &mut rest[0], floor);
                }
            }
            _ => {}
        }
        if super::stall::can_stall(transition) {
            let elapsed = from.map(|day| clock.span(day, self.today));
            self.stall(id, slot, package, transition, anchor, elapsed, first, s, i);
        }
        let mut held = partners
            .iter()
            .filter(|p| p.bound.stage() == stage)
            .peekable();
        if held.peek().is_some() {
            if s.tracks_own && !s.own_differs[i] {
                s.own[i].copy_from_slice(&s.cols[i]);
                s.own_differs[i] = true;
            }
            let col = &mut s.cols[i];
            for p in held {
                // A prerequisite that ended without an act holds
                // nothing back.
                for (c, &b) in col.iter_mut().zip(p.days) {
                    if b < NEVER {
                        *c = (*c).max(b);
                    }
                }
            }
        }
    }

    /// The fate, drawn once the agreement's dates are ([`Fate`]), into
    /// `s.ends`.
    fn fate_before_adoption(&self, id: &str, proposal: i32, first: usize, s: &mut Scratch) -> Fate {
        let agreement = Stage::PoliticalAgreement.index();
        if self.fate.is_never() || s.state[agreement] != Col::Drawn {
            return Fate::Later;
        }
        if !self.fate_ends(id, proposal, first, s, agreement, true) {
            return Fate::NoneEnd;
        }
        // A simulation still open after its agreement: none that ends
        // before it (one that ends on its day may end before its adoption;
        // `never_after_ends` asks once that is drawn).
        let mut open = 0;
        for (&end, &day) in s.ends.iter().zip(&s.cols[agreement]) {
            open += usize::from(reaches(end, day));
        }
        // Below this share of simulations still open, the later stages are
        // worked out on theirs alone.
        let (part, whole) = self.open_only_below;
        if open * whole < s.ends.len() * part {
            Fate::MostEnded
        } else {
            Fate::SomeEnd
        }
    }

    /// The stages of `plan` (from the adoption on) for the simulations
    /// still open after their agreement, in buffers of their own, then put
    /// back in `s`: those that ended never come.
    #[allow(clippy::too_many_arguments)]
    fn run_open(
        &self,
        rng: &mut ChaCha8Rng,
        id: &str,
        proposal: i32,
        package: bool,
        plan: &[(usize, Stage, Step)],
        partners: &[Partner<'_>],
        first: usize,
        tails: Option<&FarTails>,
        s: &mut Scratch,
    ) {
        let n = self.n;
        let agreement = Stage::PoliticalAgreement.index();
        let mut sub = s
            .sub
            .take()
            .unwrap_or_else(|| Box::new(Scratch::dates_only(0)));
        sub.sims.clear();
        for (k, (&end, &day)) in s.ends.iter().zip(&s.cols[agreement]).enumerate() {
            if reaches(end, day) {
                sub.sims.push(k as u32);
            }
        }
        let m = sub.sims.len();
        sub.resize(m, s.tracks_own);
        sub.state = s.state;
        sub.own_differs = s.own_differs;
        let gather = |from: &[i32], to: &mut Vec<i32>, sims: &[u32]| {
            to.clear();
            to.extend(sims.iter().map(|&k| from[k as usize]));
        };
        {
            let Scratch { cols, sims, .. } = &mut *sub;
            gather(&s.cols[agreement], &mut cols[agreement], sims);
        }
        let held: Vec<Vec<i32>> = partners
            .iter()
            .map(|p| sub.sims.iter().map(|&k| p.days[k as usize]).collect())
            .collect();
        let partners: Vec<Partner<'_>> = partners
            .iter()
            .zip(&held)
            .map(|(p, days)| Partner {
                bound: p.bound,
                days,
            })
            .collect();
        for &(slot, stage, step) in plan {
            let (transition, from, draw) = match step.drawn() {
                Ok(drawn) => drawn,
                Err(day) => {
                    // (Not met: a stage after one drawn is drawn too.)
                    s.state[stage.index()] = Col::Known(day);
                    sub.state[stage.index()] = Col::Known(day);
                    continue;
                }
            };
            rng.set_word_pos((slot * n + first / 2) as u128);
            rng.fill_bytes(&mut s.bytes);
            for (j, &k) in sub.sims.iter().enumerate() {
                let k = k as usize;
                sub.bytes[2 * j] = s.bytes[2 * k];
                sub.bytes[2 * j + 1] = s.bytes[2 * k + 1];
            }
            self.draw_stage(
                id, proposal, package, slot, stage, transition, from, draw, &partners, first,
                tails, &mut sub,
            );
            let i = stage.index();
            s.state[i] = sub.state[i];
            s.own_differs[i] = sub.own_differs[i];
            let scatter = |to: &mut [i32], from: &[i32]| {
                to.fill(NEVER);
                for (&k, &day) in sub.sims.iter().zip(from) {
                    to[k as usize] = day;
                }
            };
            scatter(&mut s.cols[i], &sub.cols[i]);
            if s.own_differs[i] {
                scatter(&mut s.own[i], &sub.own[i]);
            }
        }
        sub.sims.clear();
        s.sub = Some(sub);
    }

    /// The fate drawn before the adoption
    /// ([`fate_before_adoption`](Engine::fate_before_adoption)), once the
    /// adoption is drawn: a simulation that ends on its agreement's day
    /// ends before its adoption unless that comes the same day; every stage
    /// past its end never comes. (The stages up to the agreement are made
    /// never here, not before the adoption is drawn: the adoption of a
    /// simulation that ended is drawn, then made never, from its
    /// agreement's day as before rather than from never, which the clocks
    /// look up on a slower path.)
    fn never_after_ends(&self, s: &mut Scratch) {
        let adoption = Stage::Adoption.index();
        for (end, &day) in s.ends.iter_mut().zip(&s.cols[adoption]) {
            if reaches(*end, day) {
                *end = i32::MAX;
            }
        }
        never_past_ends(s);
    }

    /// The fate: in each simulation, the day the procedure would end
    /// without an act ([`FateLaw::end_day`](super::fate::FateLaw)), from
    /// the file's standing in that simulation; every stage drawn after it
    /// becomes [`NEVER`]. Nothing changes once the file is adopted.
    fn end_without_act(&self, id: &str, proposal: i32, first: usize, s: &mut Scratch) {
        let adoption = Stage::Adoption.index();
        if self.fate.is_never() || matches!(s.state[adoption], Col::Known(_)) {
            return;
        }
        // Agreed by the forecast date: the hazard stopped then, and no
        // simulation can end (`FatePath::end_day_at` would answer none for
        // each).
        let agreement = Stage::PoliticalAgreement.index();
        if matches!(s.state[agreement], Col::Known(day) if day <= self.today) {
            return;
        }
        // The stages that can still not happen: every one drawn; the end
        // can come until the last of them up to adoption.
        let Some(last) = DRAWN
            .iter()
            .map(|st| st.index())
            .filter(|&i| s.state[i] == Col::Drawn && i <= adoption)
            .max()
        else {
            return;
        };
        if !self.fate_ends(id, proposal, first, s, last, false) {
            return;
        }
        never_past_ends(s);
    }

    /// Each simulation's end without an act into `s.ends` (`i32::MAX`:
    /// none), pending until its agreement or, without one, its day of
    /// stage `last` (the last drawn up to the adoption); `false` when no
    /// simulation can end. With `no_adoption_yet`, `last` is the agreement
    /// and the adoption is still to be drawn: an end on the agreement's day
    /// is kept, and whether it comes before the adoption is asked once
    /// that is drawn ([`never_after_ends`](Engine::never_after_ends)).
    /// The ends are the same either way: each simulation's hazard walks
    /// the same steps up to its agreement, and one that cannot reach its
    /// own cannot reach the last agreement's either.
    fn fate_ends(
        &self,
        id: &str,
        proposal: i32,
        first: usize,
        s: &mut Scratch,
        last: usize,
        no_adoption_yet: bool,
    ) -> bool {
        let latest = s.cols[last].iter().copied().max().unwrap_or(self.today);
        let path = self.fate.path(self.today, proposal, latest);
        let reach = path.reach();
        if reach <= 0.0 {
            return false;
        }
        let salt = stream_of(id) ^ self.seed.rotate_left(53) ^ 0x5851_f42d_4c95_7f2d;
        let agreed = s.state[Stage::PoliticalAgreement.index()];
        // First each simulation's end (none: `i32::MAX`), then every
        // stage's column at once: dates past the end never come. The ends
        // in passes: the simulations that may end, then the hazard each
        // must reach (a logarithm each, none waiting for the last), then
        // the day it is reached.
        // The bound compared in integers (`column::below`): the same picks.
        let reach = below(reach);
        s.pick(|k| {
            let b = bits(salt, (first + k) as u64);
            (b < reach).then(|| of_bits(b))
        });
        let (picked, targets) = (&s.picked, &mut s.values);
        for t in targets.iter_mut() {
            *t = super::fate::FatePath::target(*t);
        }
        let ends = &mut s.ends;
        ends.clear();
        ends.resize(s.draws.len(), i32::MAX);
        for (&k, &target) in picked.iter().zip(targets.iter()) {
            let k = k as usize;
            let on = |col: Col, i: usize| day_in(col, &s.cols[i], k);
            let bound = if no_adoption_yet {
                i32::MAX
            } else {
                s.cols[last][k]
            };
            let end = path.end_day_at(target, on(agreed, Stage::PoliticalAgreement.index()), bound);
            if let Some(end) = end {
                ends[k] = end;
            }
        }
        true
    }

    /// The tail: each simulation of stage `i` (reached by `transition`
    /// from `anchor`) stalls with the probability the time already spent
    /// gives ([`stall_probability`](super::stall::stall_probability)), and
    /// then takes a stall duration instead, when later.
    #[allow(clippy::too_many_arguments)]
    fn stall(
        &self,
        id: &str,
        slot: usize,
        package: bool,
        transition: Transition,
        anchor: Col,
        elapsed: Option<i32>,
        first: usize,
        s: &mut Scratch,
        i: usize,
    ) {
        let base = *self.tables[transition.index()].law();
        let share = super::stall::share(package);
        let p = match elapsed {
            Some(e) => super::stall::stall_probability(&base, share, f64::from(e)),
            None => share,
        };
        let clock = Clock::of(transition.clock());
        let salt = stream_of(id)
            ^ self.seed.rotate_left(29)
            ^ (slot as u64 + 1).wrapping_mul(0xa076_1d64_78bd_642f);
        let e = f64::from(elapsed.unwrap_or(0).max(0));
        let tail = super::stall::StallTail::new(&base, e);
        // The chance compared in integers (`column::below`): the same picks.
        let p = below(p);
        let own = s.own_differs[i];
        // In passes: the simulations that stall, then their durations
        // (`StallTail::days_each`), then the dates.
        // Each simulation's draw, keyed by its number: `first + k`, or
        // through `sims` in buffers that hold some of the simulations only
        // (two loops, so that the usual one looks nothing up).
        let draw = |index: usize| {
            let index = index as u64;
            (bits(salt, 2 * index) < p).then(|| uniform(salt, 2 * index + 1))
        };
        if s.sims.is_empty() {
            s.pick(|k| draw(first + k));
        } else {
            let sims = std::mem::take(&mut s.sims);
            s.pick(|k| draw(first + sims[k] as usize));
            s.sims = sims;
        }
        let (picked, days) = (&s.picked, &mut s.values);
        tail.days_each(days, &mut s.tails);
        let (before, rest) = s.cols.split_at_mut(i);
        let (obefore, orest) = s.own.split_at_mut(i);
        for (&k, &days) in picked.iter().zip(days.iter()) {
            let k = k as usize;
            let days = days.min(f64::from(super::sampler::MAX_DAYS)) as i32;
            let from = day_in(anchor, &before[i - 1], k).unwrap_or(self.today);
            rest[0][k] = rest[0][k].max(clock.after(from, days));
            if own {
                let from = day_in(anchor, &obefore[i - 1], k).unwrap_or(self.today);
                orest[0][k] = orest[0][k].max(clock.after(from, days));
            }
        }
    }

    /// Writes the later of the two mandates into the trilogue column and
    /// says whether it is one known day or drawn per simulation.
    fn later_mandate(&self, s: &mut Scratch) -> Col {
        let ga = s.state[Stage::GeneralApproach.index()];
        let lv = s.state[Stage::LibeVote.index()];
        if let (Col::Known(a), Col::Known(b)) = (ga, lv) {
            return Col::Known(a.max(b));
        }
        let (before, rest) = s.cols.split_at_mut(Stage::Trilogue.index());
        let out = &mut rest[0];
        for (k, slot) in out.iter_mut().enumerate() {
            let day = |col: Col, days: &[i32]| match col {
                Col::Known(d) => d,
                _ => days[k],
            };
            *slot = day(ga, &before[Stage::GeneralApproach.index()])
                .max(day(lv, &before[Stage::LibeVote.index()]));
        }
        Col::Drawn
    }
}

/// Every stage drawn in `s` (its own dates too) never comes past its
/// simulation's end in `s.ends`.
fn never_past_ends(s: &mut Scratch) {
    for i in (0..s.cols.len()).filter(|&i| s.state[i] == Col::Drawn) {
        never_after(&mut s.cols[i], &s.ends);
        if s.own_differs[i] {
            never_after(&mut s.own[i], &s.ends);
        }
    }
}

/// Each day of `days` later than its simulation's end becomes [`NEVER`].
fn never_after(days: &mut [i32], ends: &[i32]) {
    // A select rather than a branch, which the compiler may vectorise.
    for (d, &end) in days.iter_mut().zip(ends) {
        *d = if reaches(end, *d) { *d } else { NEVER };
    }
}

/// Whether a simulation whose procedure ends without an act on `end` still
/// reaches a stage dated `day`: an end on the stage's own day comes after
/// it. The one rule behind which simulations are still open after their
/// agreement, which never reach their adoption, and which stages never
/// come.
#[inline(always)]
fn reaches(end: i32, day: i32) -> bool {
    end >= day
}

/// An adoption whose agreement came too late for the term's last plenary
/// vote waits for the new Parliament, then for the legal-linguistic work
/// (`floor` working days, as known on the forecast date).
fn wait_for_vote(agreed: Col, agreed_days: &[i32], adopted: &mut [i32], floor: i32) {
    let clock = Clock::of(super::law::Transition::Adoption.clock());
    let terms = super::calendar::ByDay::get();
    match agreed {
        // One agreement day for every simulation: asked once.
        Col::Known(p) => {
            if let Some(resumes) = terms.vote_waits(p) {
                let day = clock.after(resumes, floor);
                for a in adopted.iter_mut() {
                    *a = (*a).max(day);
                }
            }
        }
        Col::Drawn => {
            // The earliest adoption after the last resumption met (one or
            // two terms per column): worked out once, not once per
            // simulation.
            let mut earliest: Option<(i32, i32)> = None;
            for (a, &p) in adopted.iter_mut().zip(agreed_days) {
                if let Some(resumes) = terms.vote_waits(p) {
                    let day = match earliest {
                        Some((r, day)) if r == resumes => day,
                        _ => {
                            let day = clock.after(resumes, floor);
                            earliest = Some((resumes, day));
                            day
                        }
                    };
                    *a = (*a).max(day);
                }
            }
        }
        Col::Skipped => {}
    }
}

/// A file's random stream: FNV-1a of its id.
fn stream_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The files of `set` (register nodes), prerequisites first: the register's
/// one topological order (depth-first post-order over `requires` restricted
/// to the set, in node order), so the order is deterministic.
pub(crate) fn order(register: &Register, set: &[bool]) -> Vec<u32> {
    register
        .graph()
        .prerequisites_first(set)
        .unwrap_or_default()
}

/// A multiply-rotate hasher for the integer keys below (the standard
/// SipHash is built against hostile keys, which these are not).
#[derive(Clone, Copy, Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type Map<V> = HashMap<u64, V, BuildHasherDefault<Mix>>;

/// The key of a (file node, stage) column.
fn key(node: u32, stage: Stage) -> u64 {
    (u64::from(node) << 8) | stage.index() as u64
}

/// The `requires` edges of `node` (prerequisite, stage named) whose
/// prerequisite's dates can hold back a stage `node` draws (`draws(node,
/// stage)`): an edge bounds the dependent's adoption or application
/// ([`Bound`]), and only a stage drawn can be held back.
pub(crate) fn holding_back<'a>(
    register: &'a Register,
    node: u32,
    draws: &'a impl Fn(u32, Stage) -> bool,
) -> impl Iterator<Item = (u32, Stage)> + 'a {
    register
        .graph()
        .requires(node)
        .iter()
        .copied()
        .filter(move |&(_, stage)| Bound::of(stage).is_some_and(|b| draws(node, b.stage())))
}

/// The [`holding_back`] edges of `node` to a prerequisite of `set` that
/// draws the stage the edge names itself (`draws(prerequisite, stage)`):
/// one that has reached it, or whose forecast stops short of it, has no
/// column for `node` to wait for. [`Kept`] counts these uses, and a
/// forecast's levels wait for these prerequisites alone.
pub(crate) fn waits_for<'a>(
    register: &'a Register,
    node: u32,
    set: &'a [bool],
    draws: &'a impl Fn(u32, Stage) -> bool,
) -> impl Iterator<Item = (u32, Stage)> + 'a {
    holding_back(register, node, draws).filter(move |&(req, stage)| {
        set.get(req as usize).copied().unwrap_or(false) && draws(req, stage)
    })
}

/// Prerequisites' columns, kept while some dependent still needs them.
pub(crate) struct Kept {
    columns: Map<Vec<i32>>,
    uses: Map<u32>,
    /// The uses each dependent counted (`counted[at[node]]`): its release
    /// gives back those and no others (a dependent that draws none of the
    /// stages a prerequisite holds back counted nothing).
    counted: Vec<u64>,
    at: Map<(u32, u32)>,
    pool: Vec<Vec<i32>>,
}

impl Kept {
    /// Counts the uses of every (prerequisite, stage) column by the files
    /// of `set`: only files hold back files, only a stage the dependent
    /// will draw (`draws(dependent, stage)`) can be held back, and only by
    /// a column drawn ([`waits_for`]).
    pub(crate) fn new(
        register: &Register,
        set: &[bool],
        simulated: &[u32],
        draws: impl Fn(u32, Stage) -> bool,
    ) -> Kept {
        let mut uses: Map<u32> = Map::default();
        let mut counted = Vec::new();
        let mut at: Map<(u32, u32)> = Map::default();
        for &node in simulated {
            let start = counted.len();
            for (req, stage) in waits_for(register, node, set, &draws) {
                *uses.entry(key(req, stage)).or_default() += 1;
                counted.push(key(req, stage));
            }
            if counted.len() > start {
                at.insert(u64::from(node), (start as u32, counted.len() as u32));
            }
        }
        Kept {
            columns: Map::default(),
            uses,
            counted,
            at,
            pool: Vec::new(),
        }
    }

    /// Keeps the columns of `node` that dependents will need.
    pub(crate) fn keep(&mut self, node: u32, s: &Scratch) {
        for &stage in DRAWN {
            if !self.uses.contains_key(&key(node, stage)) || s.state[stage.index()] != Col::Drawn {
                continue;
            }
            let mut col = self.pool.pop().unwrap_or_default();
            col.clear();
            col.extend_from_slice(&s.cols[stage.index()]);
            self.columns.insert(key(node, stage), col);
        }
    }

    /// The columns of `node` that dependents will need, copied from `s`,
    /// for [`keep_copies`](Kept::keep_copies): what [`keep`](Kept::keep)
    /// keeps, taken while other files are simulated on other threads.
    pub(crate) fn copies(&self, node: u32, s: &Scratch) -> Vec<(u64, Vec<i32>)> {
        DRAWN
            .iter()
            .filter(|&&stage| {
                self.uses.contains_key(&key(node, stage)) && s.state[stage.index()] == Col::Drawn
            })
            .map(|&stage| (key(node, stage), s.cols[stage.index()].clone()))
            .collect()
    }

    /// Keeps columns copied by [`copies`](Kept::copies).
    pub(crate) fn keep_copies(&mut self, copies: Vec<(u64, Vec<i32>)>) {
        self.columns.extend(copies);
    }

    /// The prerequisite columns holding `node` back.
    pub(crate) fn partners(&self, register: &Register, node: u32) -> Vec<Partner<'_>> {
        register
            .graph()
            .requires(node)
            .iter()
            .filter_map(|&(req, stage)| {
                let bound = Bound::of(stage)?;
                let days = self.columns.get(&key(req, stage))?;
                Some(Partner {
                    bound,
                    days: days.as_slice(),
                })
            })
            .collect()
    }

    /// Marks the uses `node` counted done, freeing columns no one needs
    /// any more.
    pub(crate) fn release(&mut self, node: u32) {
        let Some((start, end)) = self.at.remove(&u64::from(node)) else {
            return;
        };
        for i in start as usize..end as usize {
            let key = self.counted[i];
            let Some(count) = self.uses.get_mut(&key) else {
                continue;
            };
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.uses.remove(&key);
                if let Some(col) = self.columns.remove(&key) {
                    self.pool.push(col);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::event::Event;
    use crate::file::LegislativeFile;
    use crate::forecast::known::day;

    /// `n` simulations of prerequisites' adoptions from `today` on, spread
    /// over `span` days by steps of `step` (never in every `never_every`th
    /// simulation), and of their applications `later` days after.
    fn prerequisites(
        n: usize,
        today: i32,
        never_every: usize,
        step: i32,
        span: i32,
        later: i32,
    ) -> (Vec<i32>, Vec<i32>) {
        let adopted: Vec<i32> = (0..n)
            .map(|k| {
                if k % never_every == 0 {
                    NEVER
                } else {
                    today + (k as i32 * step) % span
                }
            })
            .collect();
        let applied = adopted
            .iter()
            .map(|&a| if a == NEVER { NEVER } else { a + later })
            .collect();
        (adopted, applied)
    }

    #[test]
    fn dates_only_gives_the_dates_of_full_buffers() {
        // A file with both mandates, waiting in trilogue, whose adoption
        // and application two prerequisites hold back: the dates are the
        // same whether or not the buffers work out its own dates too.
        let d = |s| parse_date(s).unwrap();
        let file = LegislativeFile::new("x", "X").with_events([
            Event::new(d("2017-05-02"), Stage::Proposal),
            Event::new(d("2017-11-20"), Stage::GeneralApproach),
            Event::new(d("2018-03-05"), Stage::LibeVote),
            Event::new(d("2018-04-10"), Stage::Trilogue),
        ]);
        let as_of = d("2018-06-01");
        let known = Known::of(&file, as_of);
        let n = 2_000;
        let engine = Engine::new(&DurationModel::published(), day(as_of), 7, n);
        // Prerequisites adopted over 2018-2020, applied over 2019-2023, a
        // few of them never.
        let (adopted, applied) = prerequisites(n, day(as_of), 97, 7, 900, 400);
        let partners = [
            Partner {
                bound: Bound::Adoption,
                days: &adopted,
            },
            Partner {
                bound: Bound::Application,
                days: &applied,
            },
        ];
        let [full, dates] = [Scratch::new(n), Scratch::dates_only(n)].map(|mut s| {
            engine.run("x", &known, Stage::Application, &partners, 0, None, &mut s);
            s
        });
        assert_eq!(full.state, dates.state);
        assert_eq!(full.cols, dates.cols);
        // The full buffers' own dates differ where the prerequisites held
        // the file back, and the other buffers skipped them.
        assert!(full.own_differs[Stage::Adoption.index()]);
        assert_ne!(
            full.own(Stage::Adoption),
            &full.cols[Stage::Adoption.index()][..]
        );
        assert!(!dates.own_differs.iter().any(|&o| o));
    }

    #[test]
    fn a_file_agreed_by_the_forecast_date_never_ends() {
        // Proposed long ago, so that its hazard from the forecast date on
        // is high; agreed before that date, when the hazard stopped. Every
        // simulation reaches every later stage, as it did when each drew
        // a fate that answered none.
        let d = |s| parse_date(s).unwrap();
        let as_of = d("2019-01-01");
        let model = DurationModel::fit(&crate::Register::security_union(), as_of);
        let file = LegislativeFile::new("agreed", "Agreed").with_events([
            Event::new(d("2009-03-02"), Stage::Proposal),
            Event::new(d("2010-01-11"), Stage::GeneralApproach),
            Event::new(d("2010-06-01"), Stage::LibeVote),
            Event::new(d("2011-02-01"), Stage::Trilogue),
            Event::new(d("2018-11-30"), Stage::PoliticalAgreement),
        ]);
        let known = Known::of(&file, as_of);
        let n = 2_000;
        let engine = Engine::new(&model, day(as_of), 7, n);
        assert!(!engine.fate.is_never());
        let mut s = Scratch::dates_only(n);
        engine.run("agreed", &known, Stage::Application, &[], 0, None, &mut s);
        for stage in [Stage::Adoption, Stage::EntryIntoForce, Stage::Application] {
            assert_eq!(s.state[stage.index()], Col::Drawn);
            assert!(
                s.cols[stage.index()].iter().all(|&day| day < NEVER),
                "{stage:?}"
            );
        }
        // A file still in trilogue then, with the same history, does end
        // in some simulations.
        let pending = Known::of(&file, d("2018-11-29"));
        let engine = Engine::new(&model, day(d("2018-11-29")), 7, n);
        engine.run("agreed", &pending, Stage::Application, &[], 0, None, &mut s);
        let adoption = &s.cols[Stage::Adoption.index()];
        assert!(adoption.contains(&NEVER));
    }

    #[test]
    fn the_stages_after_the_agreement_of_the_open_simulations_alone_are_the_same() {
        // A file in trilogue for years, most of whose simulations end
        // before their agreement, and a young one, few of whose do; both
        // held back by prerequisites at adoption and application. Their
        // dates (and own dates) are the same whether the stages after the
        // agreement are worked out for every simulation or for the open
        // ones alone, in full buffers or dates-only ones, for all the
        // simulations or a share of them.
        let d = |s| parse_date(s).unwrap();
        let as_of = d("2019-01-01");
        let model = DurationModel::fit(&crate::Register::security_union(), as_of);
        let n = 2_000;
        let old = LegislativeFile::new("old", "Old").with_events([
            Event::new(d("2009-03-02"), Stage::Proposal),
            Event::new(d("2010-01-11"), Stage::GeneralApproach),
            Event::new(d("2010-06-01"), Stage::LibeVote),
            Event::new(d("2011-02-01"), Stage::Trilogue),
        ]);
        let young = LegislativeFile::new("young", "Young")
            .with_events([Event::new(d("2018-06-04"), Stage::Proposal)]);
        let (adopted, applied) = prerequisites(n, day(as_of), 13, 11, 1_500, 500);
        let mut ended_share = Vec::new();
        for file in [&old, &young] {
            let known = Known::of(file, as_of);
            for (first, len) in [(0, n), (n / 2, n / 2)] {
                let partners = [
                    Partner {
                        bound: Bound::Adoption,
                        days: &adopted[first..first + len],
                    },
                    Partner {
                        bound: Bound::Application,
                        days: &applied[first..first + len],
                    },
                ];
                for tracks_own in [true, false] {
                    let runs: Vec<Scratch> = [(0, 1), (1, 1), OPEN_ONLY_BELOW]
                        .into_iter()
                        .map(|share| {
                            let mut engine = Engine::new(&model, day(as_of), 7, n);
                            engine.open_only_below = share;
                            let mut s = if tracks_own {
                                Scratch::new(len)
                            } else {
                                Scratch::dates_only(len)
                            };
                            let id = file.id();
                            engine.run(
                                id,
                                &known,
                                Stage::Application,
                                &partners,
                                first,
                                None,
                                &mut s,
                            );
                            s
                        })
                        .collect();
                    // Every simulation worked out, then the open ones alone
                    // whenever one ended.
                    assert!(runs[0].sub.is_none());
                    let adoption = &runs[0].cols[Stage::Adoption.index()];
                    let ended = adoption.iter().filter(|&&a| a == NEVER).count();
                    assert_eq!(runs[1].sub.is_some(), ended > 0);
                    ended_share.push(ended as f64 / len as f64);
                    for other in &runs[1..] {
                        assert_eq!(runs[0].state, other.state, "{}", file.id());
                        assert_eq!(runs[0].cols, other.cols, "{}", file.id());
                        assert_eq!(runs[0].own_differs, other.own_differs);
                        if tracks_own {
                            for stage in
                                [Stage::Adoption, Stage::EntryIntoForce, Stage::Application]
                            {
                                assert_eq!(runs[0].own(stage), other.own(stage), "{stage:?}");
                            }
                        }
                    }
                }
            }
        }
        // The old file's simulations mostly end, the young one's mostly do
        // not: both ways of working were taken.
        assert!(ended_share[..4].iter().all(|&e| e > 0.3), "{ended_share:?}");
        assert!(ended_share[4..].iter().all(|&e| e < 0.3), "{ended_share:?}");
    }
}
