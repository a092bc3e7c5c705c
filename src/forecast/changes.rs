//! How the forecast chance of a target moved across a window of
//! [`Register::changes`].

use crate::error::Error;
use crate::forecast::Forecaster;
use crate::query::{Changes, OnTime};
use crate::register::Register;

impl Changes {
    /// Adds to the target's part the forecast chance of meeting its deadline
    /// as forecast at each end of the window (each forecast knows only the
    /// events dated up to its own date, and fits its durations on them). No
    /// change without a target.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// let d = |s| parse_date(s).unwrap();
    /// let register = Register::security_union();
    /// let changes = register
    ///     .changes(d("2017-07-27"), d("2018-01-24"), Some("interoperability-2020"), None)?
    ///     .with_on_time(&register)?;
    /// let on_time = changes.target.unwrap().p_on_time.unwrap();
    /// assert!((0.0..=1.0).contains(&on_time.before) && (0.0..=1.0).contains(&on_time.after));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Forecaster::target`]; `register` must be the one the changes
    /// were asked of (otherwise the target may be unknown to it).
    pub fn with_on_time(mut self, register: &Register) -> Result<Changes, Error> {
        if let Some(target) = self.target.as_mut() {
            let at = |date| {
                Forecaster::new(register, date)
                    .target(&target.target, Some(target.deadline))
                    .map(|f| f.p_on_time)
            };
            let on_time = OnTime {
                before: at(self.since)?,
                after: at(self.as_of)?,
            };
            target.p_on_time = Some(on_time);
        }
        Ok(self)
    }
}
