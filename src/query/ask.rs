//! What a query is asked: as of which date, about which goal or file, by
//! which deadline, since when.

use chrono::NaiveDate;

use crate::error::{Error, Missing};

/// A question put to a [`Register`](crate::Register): the date it is asked
/// as of, and, named one by one, the target, the deadline and the start of
/// a window.
///
/// Every query takes an `Ask`, so no call has two dates side by side that
/// could be swapped: each date says what it is.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// let d = |s| parse_date(s).unwrap();
/// let register = Register::security_union();
/// let ask = Ask::new(d("2018-01-24")).target("interoperability-2020");
/// let answer = register.blockers(&ask)?;
/// assert_eq!(answer.deadline, d("2020-12-31")); // the goal's own deadline
/// let earlier = register.blockers(&ask.clone().by(d("2019-06-30")))?;
/// assert_eq!(earlier.deadline, d("2019-06-30"));
/// // An optional argument passes straight through: `None` asks nothing.
/// let given: Option<chrono::NaiveDate> = None;
/// assert_eq!(register.blockers(&ask.clone().by(given))?.deadline, d("2020-12-31"));
/// # Ok::<(), codecision::Error>(())
/// ```
///
/// A query reads what it needs and says so in its `# Errors`: `blockers`
/// and `critical_path` need a target, `waiting` and `impact` a file as the
/// target, `changes` the start of its window; the others take the target
/// as a filter when given.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ask {
    as_of: NaiveDate,
    target: Option<String>,
    by: Option<NaiveDate>,
    since: Option<NaiveDate>,
}

impl Ask {
    /// A question asked as of `as_of`: only events dated on or before it
    /// are known.
    pub fn new(as_of: NaiveDate) -> Ask {
        Ask {
            as_of,
            target: None,
            by: None,
            since: None,
        }
    }

    /// The goal or file asked about.
    #[must_use]
    pub fn target(mut self, id: impl Into<String>) -> Ask {
        self.target = Some(id.into());
        self
    }

    /// The deadline: stages are judged at `min(as_of, deadline)`. Without
    /// it, a goal's own deadline; a file target needs one. Takes a date or
    /// an `Option` (`None`: no deadline given, as an optional argument
    /// passes it on).
    #[must_use]
    pub fn by(mut self, deadline: impl Into<Option<NaiveDate>>) -> Ask {
        self.by = deadline.into();
        self
    }

    /// The start of a window, excluded: what moved after this date up to
    /// `as_of` (the date of the previous report). Takes a date or an
    /// `Option` (`None`: no window).
    #[must_use]
    pub fn since(mut self, date: impl Into<Option<NaiveDate>>) -> Ask {
        self.since = date.into();
        self
    }

    /// The date asked as of.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The target given, if any.
    pub fn target_id(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// The deadline given, if any.
    pub fn deadline(&self) -> Option<NaiveDate> {
        self.by
    }

    /// The start of the window given, if any.
    pub fn window_start(&self) -> Option<NaiveDate> {
        self.since
    }

    /// The target, which `query` needs.
    pub(crate) fn needs_target(&self, query: &'static str) -> Result<&str, Error> {
        self.target.as_deref().ok_or(Error::Incomplete {
            query,
            missing: Missing::Target,
        })
    }

    /// The start of the window, which `query` needs.
    pub(crate) fn needs_since(&self, query: &'static str) -> Result<NaiveDate, Error> {
        self.since.ok_or(Error::Incomplete {
            query,
            missing: Missing::Since,
        })
    }
}
