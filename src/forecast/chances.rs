//! The forecast's chances joined to the answers of the queries: a goal's
//! blockers, a window's verdicts, and the bands the report draws.

use chrono::NaiveDate;

use super::Forecaster;
use super::column::Col;
use crate::error::Error;
use crate::query::{Blockers, Changes, FileBand, OnTime};
use crate::stage::Stage;

impl Forecaster<'_> {
    /// `blockers` with the forecast's chances: the chance that the target
    /// is met by its deadline (`p_on_time`) and, while the deadline is
    /// ahead, each blocker's chance of reaching its stage in time
    /// (`p_by_deadline`). Once the deadline has passed the answer is
    /// settled: `p_on_time` is 1 or 0, no blocker has a chance, and nothing
    /// is simulated.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::forecast::Forecaster;
    /// let register = Register::security_union();
    /// let as_of = parse_date("2018-01-24")?;
    /// let blockers = register.blockers(&Ask::new(as_of).target("interoperability-2020"))?;
    /// let answer = Forecaster::new(&register, as_of).with_simulations(500).chances(blockers)?;
    /// let p = answer.p_on_time.unwrap();
    /// assert!((0.0..=1.0).contains(&p));
    /// assert!(answer.blockers.iter().all(|b| b.p_by_deadline.is_some()));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::AsOfMismatch`] when `blockers` was asked as of another date
    /// than the forecaster's; as [`Forecaster::target`] otherwise (the
    /// register must be the one asked).
    pub fn chances(&self, mut blockers: Blockers) -> Result<Blockers, Error> {
        self.same_date(blockers.as_of)?;
        if blockers.deadline_passed() {
            blockers.p_on_time = Some(if blockers.blockers.is_empty() {
                1.0
            } else {
                0.0
            });
            for b in &mut blockers.blockers {
                b.p_by_deadline = None;
            }
            return Ok(blockers);
        }
        let forecast = self.target(&blockers.target, Some(blockers.deadline))?;
        for b in &mut blockers.blockers {
            b.p_by_deadline = forecast.risk(b.file()).and_then(|r| r.p_by_deadline);
        }
        blockers.p_on_time = Some(forecast.p_on_time);
        Ok(blockers)
    }

    /// `changes` with the forecast chance of meeting its target's deadline
    /// as forecast at each end of the window (each forecast knows only the
    /// events dated up to its own date, and fits its durations on them),
    /// with this forecaster's seed and number of simulations. No change
    /// without a target.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::forecast::Forecaster;
    /// let d = |s| parse_date(s).unwrap();
    /// let register = Register::security_union();
    /// let ask = Ask::new(d("2018-01-24")).since(d("2017-07-27")).target("interoperability-2020");
    /// let changes = Forecaster::new(&register, ask.as_of()).on_time(register.changes(&ask)?)?;
    /// let on_time = changes.target.unwrap().p_on_time.unwrap();
    /// assert!((0.0..=1.0).contains(&on_time.before) && (0.0..=1.0).contains(&on_time.after));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::AsOfMismatch`] when the window does not end on the
    /// forecaster's date; as [`Forecaster::target`] otherwise (the register
    /// must be the one the changes were asked of).
    pub fn on_time(&self, mut changes: Changes) -> Result<Changes, Error> {
        self.same_date(changes.as_of)?;
        if let Some(target) = changes.target.as_mut() {
            let before = Forecaster::new(self.register(), changes.since)
                .with_seed(self.seed())
                .with_simulations(self.simulations())
                .target(&target.target, Some(target.deadline))?
                .p_on_time;
            let after = self
                .target(&target.target, Some(target.deadline))?
                .p_on_time;
            target.p_on_time = Some(OnTime { before, after });
        }
        Ok(changes)
    }

    /// For each of `blockers`, the forecast band of the stage its target
    /// needs of it, as the report draws them (files not proposed yet have
    /// none: the Commission's timing is not forecast).
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::export::Report;
    /// use codecision::forecast::Forecaster;
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
    /// let blockers = register.blockers(&ask)?;
    /// let bands = Forecaster::new(&register, ask.as_of()).blocker_bands(&blockers)?;
    /// assert!(bands.iter().any(|b| b.file == "etias"));
    /// let html = Report::new(&register, &ask)?.forecasts(bands).to_html();
    /// assert!(html.contains("<th>Forecast</th>"));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::AsOfMismatch`] when `blockers` was asked as of another date
    /// than the forecaster's; [`Error::UnknownId`] when a blocker is not a
    /// file of the forecaster's register.
    pub fn blocker_bands(&self, blockers: &Blockers) -> Result<Vec<FileBand>, Error> {
        self.same_date(blockers.as_of)?;
        // The bands `files` gives, of the stage needed only: the same
        // simulations, without the other stages' bands and the factors.
        let mut wanted = Vec::with_capacity(blockers.blockers.len());
        // Each file's stage needed, by node (a table, not a map: a large
        // goal's blockers are tens of thousands of the register's files).
        let mut needs: Vec<Option<Stage>> = vec![None; self.register().files().len()];
        for b in &blockers.blockers {
            let node = self.file_node(b.file())?;
            // As `files`: each file once, in the order first asked; the
            // stage of its last mention.
            if needs[node as usize].replace(b.required).is_none() {
                wanted.push(node);
            }
        }
        let done = self.run(&wanted, |node, known, scratch| {
            known.proposal?;
            let s = scratch?;
            let need = needs[node as usize]?;
            if need.rank().is_none() || s.state[need.index()] != Col::Drawn {
                return None;
            }
            super::forecaster::band_of(s, need)
        });
        Ok(self
            .in_order_asked(done, &wanted)
            .map(|(node, band)| FileBand::new(self.register().node_id(node).to_string(), band))
            .collect())
    }

    fn same_date(&self, answer: NaiveDate) -> Result<(), Error> {
        if answer == self.as_of() {
            Ok(())
        } else {
            Err(Error::AsOfMismatch {
                answer,
                forecaster: self.as_of(),
            })
        }
    }
}
