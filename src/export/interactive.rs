//! The report as `codecision report` writes it, in one call
//! ([`ReportPage::to_html`]), and the interactive page
//! ([`ReportPage::to_interactive_html`]): the same report as the content a
//! reader sees with scripts off, plus the register, the engine (this
//! library compiled to WebAssembly, given by the caller) and a script that
//! asks the engine for the report at any date.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::error::Error;
use crate::export::Report;
use crate::export::xml::escape;
#[cfg(feature = "forecast")]
use crate::forecast::Forecaster;
use crate::query::Ask;
use crate::register::Register;

/// The page's script: instantiates the engine, reads and writes the URL
/// fragment, drives the date controls.
const SCRIPT: &str = include_str!("page.js");

/// The styles of the date controls (the report's own come with it).
const CONTROLS_CSS: &str = include_str!("page.css");

/// Network loads forbidden: nothing but the page's inline script and
/// styles, the engine compiled from the page's own bytes, and `data:`
/// images; no fetch, no frame, no form, no base.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

/// The report on one target as of one date, as `codecision report` writes
/// it: with the forecasts (where the `forecast` feature is built in and
/// they are not turned off: each blocker's band, the track record, the
/// chance of the deadline in the "Since" section) and, when the question
/// has a `since` date, the "Since DATE" section. One call for the command
/// line and the interactive page's engine, so the two cannot drift.
///
/// ```
/// use codecision::{Ask, Register, parse_date};
/// use codecision::export::{Report, ReportPage};
/// let register = Register::security_union();
/// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
/// let page = ReportPage::new(&register, &ask)?.forecasts(false);
/// assert_eq!(page.to_html()?, Report::new(&register, &ask)?.to_html());
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReportPage<'r> {
    register: &'r Register,
    ask: Ask,
    forecasts: bool,
    #[cfg(feature = "forecast")]
    seed: u64,
    #[cfg(feature = "forecast")]
    simulations: usize,
}

impl<'r> ReportPage<'r> {
    /// The report `ask` asks for: its target (a goal or a file) as of its
    /// date, by its deadline (default: the goal's), with the changes since
    /// its `since` date if it has one; with the forecasts where the
    /// `forecast` feature is built in, drawn with the command line's
    /// default seed and number of simulations.
    ///
    /// # Errors
    ///
    /// As [`Report::new`]: no target, an unknown target, a file target
    /// without a deadline.
    pub fn new(register: &'r Register, ask: &Ask) -> Result<Self, Error> {
        Report::new(register, ask)?;
        Ok(ReportPage {
            register,
            ask: ask.clone(),
            forecasts: cfg!(feature = "forecast"),
            #[cfg(feature = "forecast")]
            seed: Forecaster::DEFAULT_SEED,
            #[cfg(feature = "forecast")]
            simulations: Forecaster::DEFAULT_SIMULATIONS,
        })
    }

    /// With (`true`, where the `forecast` feature is built in) or without
    /// the forecasts. Without the feature there are none either way.
    #[must_use]
    pub fn forecasts(mut self, on: bool) -> Self {
        self.forecasts = on && cfg!(feature = "forecast");
        self
    }

    /// The forecasts' seed (default: [`Forecaster::DEFAULT_SEED`]).
    #[cfg(feature = "forecast")]
    #[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The forecasts' number of simulations (default:
    /// [`Forecaster::DEFAULT_SIMULATIONS`]).
    #[cfg(feature = "forecast")]
    #[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
    #[must_use]
    pub fn simulations(mut self, n: usize) -> Self {
        self.simulations = n;
        self
    }

    /// The page, as `codecision report` writes it.
    ///
    /// # Errors
    ///
    /// As [`Register::changes`] and, with the forecasts, as
    /// `forecast::Forecaster::blocker_bands`.
    pub fn to_html(&self) -> Result<String, Error> {
        Ok(self.report()?.to_html())
    }

    /// The report worked out, forecasts included: its page is
    /// [`Report::to_html`], or [`Report::write_html`] to write a large
    /// page out without holding it whole.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// use codecision::export::ReportPage;
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
    /// let page = ReportPage::new(&register, &ask)?.forecasts(false);
    /// let mut written = Vec::new();
    /// page.report()?.write_html(&mut written)?;
    /// assert_eq!(written, page.to_html()?.into_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`to_html`](ReportPage::to_html).
    pub fn report(&self) -> Result<Report<'r>, Error> {
        let report = Report::new(self.register, &self.ask)?;
        #[cfg(feature = "forecast")]
        if self.forecasts {
            let forecaster = Forecaster::new(self.register, self.ask.as_of())
                .with_seed(self.seed)
                .with_simulations(self.simulations);
            return report.forecaster(&forecaster);
        }
        Ok(report)
    }

    /// The content of the page's `<title>` (escaped HTML, one line), a line
    /// break, then what the page holds inside `<main>`: what the page's
    /// engine answers for a date, to swap into the page.
    ///
    /// # Errors
    ///
    /// As [`to_html`](ReportPage::to_html).
    pub fn to_title_and_main(&self) -> Result<String, Error> {
        let html = self.to_html()?;
        let (title, main) = parts(&html);
        Ok(format!("{title}\n{main}"))
    }

    /// The interactive page: the report of [`to_html`](ReportPage::to_html)
    /// (what a reader sees with scripts off), with a Content-Security-Policy
    /// that forbids network loads, date controls, the register as JSON, the
    /// engine (`engine`: the `codecision-web` WebAssembly module, see the
    /// README's "Interactive report") in base 64, and the script that asks
    /// the engine for the report at the date the reader picks (and at the
    /// URL's `#as-of=YYYY-MM-DD&since=YYYY-MM-DD` on opening).
    ///
    /// # Errors
    ///
    /// As [`to_html`](ReportPage::to_html).
    pub fn to_interactive_html(&self, engine: &[u8]) -> Result<String, Error> {
        let html = self.to_html()?;
        let ask = &self.ask;
        let deadline = self.register.blockers(ask)?.deadline;
        let first = self
            .register
            .files()
            .iter()
            .flat_map(|f| f.events())
            .map(|e| e.date)
            .min()
            .unwrap_or(ask.as_of());
        #[cfg(feature = "forecast")]
        let (seed, simulations) = (Some(self.seed), Some(self.simulations));
        #[cfg(not(feature = "forecast"))]
        let (seed, simulations): (Option<u64>, Option<usize>) = (None, None);
        let question = serde_json::json!({
            "target": ask.target_id(),
            "by": ask.deadline().map(|d| d.to_string()),
            "as_of": ask.as_of().to_string(),
            "since": ask.window_start().map(|d| d.to_string()),
            "forecast": self.forecasts,
            "seed": seed,
            "simulations": simulations,
            "first": first.to_string(),
            "deadline": deadline.to_string(),
            "forecast_built_in": cfg!(feature = "forecast"),
        });
        // The register's own writer indents for people; the page holds it
        // without the indentation (the same document, half the bytes on a
        // large register).
        let register = serde_json::from_str::<serde_json::Value>(&self.register.to_json())
            .map_or_else(|_| self.register.to_json(), |v| v.to_string());
        let engine = base64::engine::general_purpose::STANDARD.encode(engine);
        let mut out = String::with_capacity(html.len() + register.len() + engine.len() + 16_384);
        let head_end = html.find("</head>").unwrap_or(0);
        let body_start = html
            .find("<body>\n")
            .map_or(head_end, |i| i + "<body>\n".len());
        let body_end = html.rfind("</body>").unwrap_or(html.len());
        let charset = "<meta charset=\"utf-8\">\n";
        let after_charset = html[..head_end]
            .find(charset)
            .map_or(0, |i| i + charset.len());
        out.push_str(&html[..after_charset]);
        let _ = writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            escape(CONTENT_SECURITY_POLICY)
        );
        out.push_str(&html[after_charset..head_end]);
        let _ = writeln!(out, "<style>{CONTROLS_CSS}</style>");
        out.push_str(&html[head_end..body_start]);
        out.push_str(CONTROLS);
        out.push_str(&html[body_start..body_end]);
        let _ = write!(
            out,
            "<script type=\"application/json\" id=\"codecision-question\">{}</script>\n<script type=\"application/json\" id=\"codecision-register\">{}</script>\n<script type=\"text/plain\" id=\"codecision-engine\">{engine}</script>\n<script>{SCRIPT}</script>\n",
            in_script(&question.to_string()),
            in_script(&register),
        );
        out.push_str(&html[body_end..]);
        Ok(out)
    }
}

/// The date controls, hidden until the script shows them (with scripts off
/// the page is the static report).
const CONTROLS: &str = r#"<nav id="codecision-controls" hidden aria-label="Date">
<label for="as-of-slider">As of</label>
<input type="range" id="as-of-slider" min="0" max="0" step="1">
<input type="date" id="as-of-date" required>
<label for="since-date">Since</label>
<input type="date" id="since-date">
<label id="forecast-label"><input type="checkbox" id="forecast-box"> Forecasts</label>
<output id="codecision-status" role="status"></output>
</nav>
"#;

/// JSON placed in a `<script>` element: `</` written `<\/` and `<!--`
/// written `\u003c!--` (the same JSON) so that no string in it can end the
/// element.
fn in_script(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "\\u003c!--")
}

/// The `<title>` content and the `<main>` content of a page of the report.
fn parts(html: &str) -> (&str, &str) {
    // The first `</title>` closes the page's (the pictures have their own,
    // later); the last `</main>` closes the page's main.
    let start = |open: &str| html.find(open).map_or(0, |i| i + open.len());
    let title = start("<title>");
    let title_end = html[title..].find("</title>").map_or(title, |i| title + i);
    let main = start("<main>");
    let main_end = html[main..].rfind("</main>").map_or(main, |i| main + i);
    (&html[title..title_end], &html[main..main_end])
}
