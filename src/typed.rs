//! Typed states: code that makes transitions, checked by the compiler.
//!
//! A [`Dossier<S>`] is a legislative file whose stage is known at compile
//! time. Each transition is a method that consumes the dossier and returns
//! one in the next state, so an illegal transition is a method that does not
//! exist. Every method asserts, at compile time, that its transition is a row
//! of the [transition table](crate::transition::TABLE): remove the row and the typed API
//! stops compiling.
//!
//! The two mandates come in either order: [`GeneralApproach`] (Council only)
//! and [`LibeVote`] (Parliament only) each lead to [`Mandates`] (both held),
//! and only [`Mandates`] opens a [`Trilogue`].
//!
//! ```
//! use codecision::typed::Dossier;
//! use codecision::parse_date;
//!
//! let d = |s| parse_date(s).unwrap();
//! let ees = Dossier::propose("ees", "Entry/Exit System", d("2016-04-06"), "COM(2016) 194")?
//!     .libe_vote(d("2017-02-27"), "LIBE")?
//!     .general_approach(d("2017-03-02"), "Coreper mandate")?
//!     .trilogue(d("2017-03-23"), "first trilogue")?
//!     .political_agreement(d("2017-06-29"), "Council press release 30 Jun 2017")?
//!     .adopt(d("2017-11-30"), "signature")?
//!     .enter_into_force(d("2017-12-29"), "OJ L 327")?;
//! assert_eq!(ees.stage(), codecision::Stage::EntryIntoForce);
//! # Ok::<(), codecision::Error>(())
//! ```
//!
//! A trilogue cannot open on one mandate:
//!
//! ```compile_fail,E0599
//! use codecision::typed::Dossier;
//! use codecision::parse_date;
//! let d = |s| parse_date(s).unwrap();
//! let etias = Dossier::propose("etias", "ETIAS", d("2016-11-16"), "COM(2016) 731")?
//!     .general_approach(d("2017-06-09"), "JHA Council")?
//!     .trilogue(d("2017-07-01"), "no Parliament mandate yet")?; // no such method
//! # Ok::<(), codecision::Error>(())
//! ```
//!
//! A proposal cannot be adopted, nor a file in trilogue adopted without an
//! agreement:
//!
//! ```compile_fail,E0599
//! use codecision::typed::Dossier;
//! use codecision::parse_date;
//! let d = |s| parse_date(s).unwrap();
//! let file = Dossier::propose("x", "X", d("2016-11-16"), "COM")?
//!     .adopt(d("2017-07-01"), "")?; // no such method on Dossier<Proposal>
//! # Ok::<(), codecision::Error>(())
//! ```
//!
//! ```compile_fail,E0599
//! use codecision::typed::{Dossier, Trilogue};
//! fn skip(file: Dossier<Trilogue>, date: chrono::NaiveDate) {
//!     let _ = file.adopt(date, ""); // needs a political agreement first
//! }
//! ```
//!
//! An adopted act cannot be withdrawn:
//!
//! ```compile_fail,E0599
//! use codecision::typed::{Adoption, Dossier};
//! fn withdraw(file: Dossier<Adoption>, date: chrono::NaiveDate) {
//!     let _ = file.withdraw(date, "");
//! }
//! ```

use std::marker::PhantomData;

use chrono::NaiveDate;

use crate::error::Error;
use crate::event::Event;
use crate::file::LegislativeFile;
use crate::stage::Stage;
use crate::transition::permits;

mod sealed {
    pub trait Sealed {}
}

/// A typed state. Sealed: the states are the ones this module defines.
pub trait State: sealed::Sealed {
    /// The stages a dossier in this state may be at (one, except for
    /// [`Mandates`], which is at whichever mandate came later).
    const STAGES: &'static [Stage];
}

/// A typed state from which the procedure may still end without an act
/// (withdrawn, lapsed, rejected).
pub trait Open: State {}

macro_rules! states {
    ($($(#[$doc:meta])* $name:ident => [$($stage:ident),+] $(, $open:ident)?;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub enum $name {}
        impl sealed::Sealed for $name {}
        impl State for $name {
            const STAGES: &'static [Stage] = &[$(Stage::$stage),+];
        }
        $(impl $open for $name {})?
    )*};
}

states! {
    /// The Commission has proposed; no mandate yet.
    Proposal => [Proposal], Open;
    /// The Council holds its mandate; Parliament does not yet.
    GeneralApproach => [GeneralApproach], Open;
    /// Parliament's committee holds its mandate; the Council does not yet.
    LibeVote => [LibeVote], Open;
    /// Both mandates are held; the stage is whichever came later.
    Mandates => [GeneralApproach, LibeVote], Open;
    /// Trilogues are under way.
    Trilogue => [Trilogue], Open;
    /// A provisional agreement has been reached.
    PoliticalAgreement => [PoliticalAgreement], Open;
    /// The act is adopted.
    Adoption => [Adoption];
    /// The act is in force.
    EntryIntoForce => [EntryIntoForce];
    /// The act applies; the system operates.
    Application => [Application];
    /// The proposal was withdrawn.
    Withdrawn => [Withdrawn];
    /// The proposal lapsed.
    Lapsed => [Lapsed];
    /// The proposal was rejected.
    Rejected => [Rejected];
}

/// Whether the table has a row from every stage of `from` to `to`.
const fn table_permits(from: &[Stage], to: Stage) -> bool {
    let mut i = 0;
    while i < from.len() {
        if !permits(Some(from[i]), to) {
            return false;
        }
        i += 1;
    }
    true
}

/// Asserts at compile time that the table has a row from every stage of the
/// typed state to the target stage.
macro_rules! row {
    ($from:ty => $to:ident) => {
        const {
            assert!(
                table_permits(<$from as State>::STAGES, Stage::$to),
                "typed transition missing from the transition table"
            )
        }
    };
}

/// A legislative file in typed state `S`.
///
/// See the [module documentation](self) for the states and what cannot
/// compile.
#[derive(Debug, Clone)]
pub struct Dossier<S: State> {
    file: LegislativeFile,
    state: PhantomData<S>,
}

impl Dossier<Proposal> {
    /// A new file whose history starts with the Commission's proposal.
    ///
    /// # Errors
    ///
    /// None in practice; the signature matches the other transitions.
    pub fn propose(
        id: impl Into<String>,
        title: impl Into<String>,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Self, Error> {
        const { assert!(permits(None, Stage::Proposal)) };
        let mut file = LegislativeFile::new(id, title);
        file.apply(Event::new(date, Stage::Proposal).with_source(source.into()))?;
        Ok(Dossier {
            file,
            state: PhantomData,
        })
    }

    /// The Council adopts its mandate first.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn general_approach(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<GeneralApproach>, Error> {
        row!(Proposal => GeneralApproach);
        self.step(Stage::GeneralApproach, date, source)
    }

    /// Parliament's committee votes its mandate first.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn libe_vote(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<LibeVote>, Error> {
        row!(Proposal => LibeVote);
        self.step(Stage::LibeVote, date, source)
    }
}

impl Dossier<GeneralApproach> {
    /// Parliament's committee votes its mandate second.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn libe_vote(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Mandates>, Error> {
        row!(GeneralApproach => LibeVote);
        self.step(Stage::LibeVote, date, source)
    }
}

impl Dossier<LibeVote> {
    /// The Council adopts its mandate second.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn general_approach(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Mandates>, Error> {
        row!(LibeVote => GeneralApproach);
        self.step(Stage::GeneralApproach, date, source)
    }

    /// The Council approves Parliament's first-reading position as it
    /// stands: adoption without trilogue.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn adopt_without_trilogue(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Adoption>, Error> {
        row!(LibeVote => Adoption);
        self.step(Stage::Adoption, date, source)
    }
}

impl Dossier<Mandates> {
    /// Trilogues open (both mandates are held).
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn trilogue(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Trilogue>, Error> {
        row!(Mandates => Trilogue);
        self.step(Stage::Trilogue, date, source)
    }

    /// The Council approves Parliament's first-reading position as it
    /// stands: adoption without trilogue.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn adopt_without_trilogue(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Adoption>, Error> {
        row!(Mandates => Adoption);
        self.step(Stage::Adoption, date, source)
    }
}

impl Dossier<Trilogue> {
    /// A further trilogue meeting: recorded, not a transition.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn meeting(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Trilogue>, Error> {
        const { assert!(is_repeat(Trilogue::STAGES, &[Stage::Trilogue])) };
        self.step(Stage::Trilogue, date, source)
    }

    /// Parliament and Council reach a provisional agreement.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn political_agreement(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<PoliticalAgreement>, Error> {
        row!(Trilogue => PoliticalAgreement);
        self.step(Stage::PoliticalAgreement, date, source)
    }
}

impl Dossier<PoliticalAgreement> {
    /// Both co-legislators adopt the agreed act.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn adopt(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Adoption>, Error> {
        row!(PoliticalAgreement => Adoption);
        self.step(Stage::Adoption, date, source)
    }
}

impl Dossier<Adoption> {
    /// The act enters into force.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn enter_into_force(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<EntryIntoForce>, Error> {
        row!(Adoption => EntryIntoForce);
        self.step(Stage::EntryIntoForce, date, source)
    }
}

impl Dossier<EntryIntoForce> {
    /// The act applies; the system starts operating.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn apply(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Application>, Error> {
        row!(EntryIntoForce => Application);
        self.step(Stage::Application, date, source)
    }
}

impl<S: Open> Dossier<S> {
    /// The Commission withdraws the proposal.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn withdraw(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Withdrawn>, Error> {
        row!(S => Withdrawn);
        self.step(Stage::Withdrawn, date, source)
    }

    /// The proposal lapses.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn lapse(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Lapsed>, Error> {
        row!(S => Lapsed);
        self.step(Stage::Lapsed, date, source)
    }

    /// A co-legislator rejects the proposal.
    ///
    /// # Errors
    ///
    /// [`Error::DateBackwards`] if `date` is before the latest stage's date.
    pub fn reject(
        self,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<Rejected>, Error> {
        row!(S => Rejected);
        self.step(Stage::Rejected, date, source)
    }
}

impl<S: State> Dossier<S> {
    /// The one place a typed transition happens. Each caller asserts its row
    /// of the table at compile time ([`row!`]); the run-time check of
    /// [`LegislativeFile::apply`] covers the date and the guard.
    fn step<T: State>(
        mut self,
        to: Stage,
        date: NaiveDate,
        source: impl Into<String>,
    ) -> Result<Dossier<T>, Error> {
        debug_assert!(T::STAGES.contains(&to));
        self.file
            .apply(Event::new(date, to).with_source(source.into()))?;
        Ok(Dossier {
            file: self.file,
            state: PhantomData,
        })
    }

    /// Attaches a note to the latest event.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.file.annotate_last(note.into());
        self
    }

    /// Records an informational event (a debate, a planning statement).
    #[must_use]
    pub fn inform(mut self, mut event: Event) -> Self {
        event.stage = None;
        self.file.record(event);
        self
    }

    /// The dossier's current stage.
    pub fn stage(&self) -> Stage {
        self.file.current_stage().unwrap_or(S::STAGES[0])
    }

    /// The underlying file, with its history.
    pub fn file(&self) -> &LegislativeFile {
        &self.file
    }

    /// Gives up the typed state, keeping the file.
    pub fn into_file(self) -> LegislativeFile {
        self.file
    }
}

/// A transition to the same single stage (a further trilogue meeting).
const fn is_repeat(from: &[Stage], to: &[Stage]) -> bool {
    from.len() == 1 && to.len() == 1 && from[0] as u8 == to[0] as u8 && from[0].is_repeatable()
}

/// Every transition the typed API offers, as `(from stages, to)`, for the
/// test that checks the typed API covers the table.
#[cfg(test)]
const TYPED: &[(&[Stage], Stage)] = &[
    (Proposal::STAGES, Stage::GeneralApproach),
    (Proposal::STAGES, Stage::LibeVote),
    (GeneralApproach::STAGES, Stage::LibeVote),
    (LibeVote::STAGES, Stage::GeneralApproach),
    (LibeVote::STAGES, Stage::Adoption),
    (Mandates::STAGES, Stage::Trilogue),
    (Mandates::STAGES, Stage::Adoption),
    (Trilogue::STAGES, Stage::PoliticalAgreement),
    (PoliticalAgreement::STAGES, Stage::Adoption),
    (Adoption::STAGES, Stage::EntryIntoForce),
    (EntryIntoForce::STAGES, Stage::Application),
    (Proposal::STAGES, Stage::Withdrawn),
    (GeneralApproach::STAGES, Stage::Withdrawn),
    (LibeVote::STAGES, Stage::Withdrawn),
    (Mandates::STAGES, Stage::Withdrawn),
    (Trilogue::STAGES, Stage::Withdrawn),
    (PoliticalAgreement::STAGES, Stage::Withdrawn),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::transition::edges;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn typed_api_covers_every_row_of_the_table() {
        for (from, to, rule) in edges() {
            if to == Stage::Lapsed || to == Stage::Rejected || from.is_none() {
                continue; // same methods as withdrawal; `propose` is the start
            }
            let from = from.unwrap();
            assert!(
                TYPED
                    .iter()
                    .any(|(states, t)| *t == to && states.contains(&from)),
                "no typed method for rule {} ({from} -> {to})",
                rule.name
            );
        }
    }

    #[test]
    fn dates_must_not_go_backwards() {
        let err = Dossier::propose("x", "X", d("2017-06-01"), "COM")
            .unwrap()
            .general_approach(d("2017-05-01"), "Council")
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("2017-05-01") && text.contains("2017-06-01"),
            "{text}"
        );
    }

    #[test]
    fn both_orders_reach_trilogue() {
        let a = Dossier::propose("a", "A", d("2017-01-01"), "COM").unwrap();
        let council_first = a
            .clone()
            .general_approach(d("2017-02-01"), "")
            .unwrap()
            .libe_vote(d("2017-03-01"), "")
            .unwrap();
        assert_eq!(council_first.stage(), Stage::LibeVote);
        let parliament_first = a
            .libe_vote(d("2017-02-01"), "")
            .unwrap()
            .general_approach(d("2017-03-01"), "")
            .unwrap();
        assert_eq!(parliament_first.stage(), Stage::GeneralApproach);
        let t = parliament_first
            .trilogue(d("2017-04-01"), "")
            .unwrap()
            .meeting(d("2017-05-01"), "")
            .unwrap();
        assert_eq!(t.stage(), Stage::Trilogue);
        assert_eq!(t.file().events().len(), 5);
        assert!(t.file().diagnostics().is_empty());
    }

    #[test]
    fn terminal_from_open_states() {
        let w = Dossier::propose("a", "A", d("2017-01-01"), "COM")
            .unwrap()
            .libe_vote(d("2017-02-01"), "")
            .unwrap()
            .withdraw(d("2018-01-01"), "Commission work programme")
            .unwrap()
            .note("withdrawn in the 2018 work programme");
        assert_eq!(w.stage(), Stage::Withdrawn);
        assert_eq!(
            w.file().events()[2].note(),
            Some("withdrawn in the 2018 work programme")
        );
    }
}
