//! Helpers shared by the forecast tests: dates and small files built in
//! code.

use chrono::NaiveDate;
use codecision::{Event, LegislativeFile, Stage, parse_date};

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// A file titled after its id, with one staged event per `(date, stage)`.
pub fn file(id: &str, events: &[(&str, Stage)]) -> LegislativeFile {
    LegislativeFile::new(id, id.to_uppercase()).with_events(
        events
            .iter()
            .map(|&(date, stage)| Event::new(d(date), stage)),
    )
}
