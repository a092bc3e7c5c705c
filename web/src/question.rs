//! What the page asks: the report on a target as of a date, with the
//! changes since another date, with or without the forecasts.

use codecision::export::ReportPage;
use codecision::{Ask, Register, parse_date};
use serde::Deserialize;

/// One question of the page, as the JSON its script sends:
///
/// ```json
/// {"target": "interoperability-2020", "by": null, "as_of": "2018-01-24",
///  "since": "2017-07-27", "forecast": true, "seed": 2016, "simulations": 2000}
/// ```
///
/// `by` and `since` may be left out or `null`; `forecast` defaults to true;
/// `seed` and `simulations` default to the command line's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    target: String,
    #[serde(default)]
    by: Option<String>,
    as_of: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default = "yes")]
    forecast: bool,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    simulations: Option<usize>,
}

fn yes() -> bool {
    true
}

impl Question {
    /// Reads a question from its JSON.
    ///
    /// # Errors
    ///
    /// The message of the JSON error, with its line and column.
    pub fn from_json(text: &[u8]) -> Result<Question, String> {
        serde_json::from_slice(text).map_err(|e| format!("the page's question: {e}"))
    }

    /// The report's content (what goes inside the page's `<main>`) for this
    /// question, as `codecision report TARGET --as-of AS_OF [--by BY]
    /// [--since SINCE] [--no-forecast] [--seed N] [--simulations N]` writes
    /// it (both through [`ReportPage`]).
    ///
    /// # Errors
    ///
    /// A bad date, an unknown target, a file target without a deadline: the
    /// library's message.
    pub fn answer(&self, register: &Register) -> Result<String, String> {
        let date = |what: &str, text: &str| {
            parse_date(text).map_err(|e| format!("the page's {what}: {e}"))
        };
        let as_of = date("as-of date", &self.as_of)?;
        let by = self
            .by
            .as_deref()
            .map(|t| date("deadline", t))
            .transpose()?;
        let since = self
            .since
            .as_deref()
            .map(|t| date("since date", t))
            .transpose()?;
        let ask = Ask::new(as_of)
            .target(self.target.as_str())
            .by(by)
            .since(since);
        let mut page = ReportPage::new(register, &ask)
            .map_err(|e| e.to_string())?
            .forecasts(self.forecast);
        if let Some(seed) = self.seed {
            page = page.seed(seed);
        }
        if let Some(n) = self.simulations {
            page = page.simulations(n);
        }
        page.to_title_and_main().map_err(|e| e.to_string())
    }
}
