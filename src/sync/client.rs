//! The EP Open Data API v2 over HTTP (feature `sync`): procedures and the
//! feed of procedures updated since a day.

use std::collections::{HashSet, VecDeque};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ureq::http::Uri;

use super::policy::{Failure, Feed, Fetch, Fetched, Progress};
use super::process_id;
use crate::error::Error;
use crate::import::{Options, ep_api};

/// How the client behaves on the network.
///
/// ```
/// use codecision::sync::ApiOptions;
/// let options = ApiOptions::default();
/// assert_eq!((options.limit, options.window.as_secs()), (500, 300));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiOptions {
    /// The longest a request may take, answer included (default 30 s).
    pub timeout: Duration,
    /// How many times a request is tried again after a 429, a 5xx, a
    /// timeout, a lost connection or an answer cut short (default 4).
    pub retries: u32,
    /// The first wait before trying again; each later wait doubles it, up
    /// to a minute; a longer `Retry-After` from the server wins (default
    /// 1 s).
    pub backoff: Duration,
    /// How many procedures one request asks for, comma-separated (default
    /// 20). A batch the API does not answer whole is asked again one
    /// procedure at a time.
    pub batch: usize,
    /// At most this many requests in any [`window`](ApiOptions::window):
    /// the API's published limit is 500 requests in 5 minutes.
    pub limit: u32,
    /// The window of [`limit`](ApiOptions::limit) (default 5 minutes).
    pub window: Duration,
    /// The longest this client spends on the network in all, feed,
    /// retries and waits included, from its first request (default: no
    /// limit). Past it nothing more is asked: the procedures not yet
    /// answered fail, saying so. At most a day, like
    /// [`timeout`](ApiOptions::timeout).
    pub deadline: Option<Duration>,
    /// The largest answer read, in bytes, as it comes (after HTTP's own
    /// gzip, if any) (default 256 MiB). An answer compressed with zstd is
    /// held to the importer's
    /// [`max_decompressed`](Options#structfield.max_decompressed) once
    /// decoded, which here is 256 MiB too.
    pub max_body: u64,
    /// How the importer maps procedures (by default with at most 256 MiB
    /// decoded from a zstd answer, not the importer's 4 GiB).
    pub import: Options,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_secs(1),
            batch: 20,
            limit: 500,
            window: Duration::from_secs(300),
            deadline: None,
            max_body: MAX_BODY,
            import: Options::default().max_decompressed(MAX_BODY),
        }
    }
}

/// A client of the European Parliament's Open Data API v2.
///
/// Nothing is fetched from anywhere but the scheme, host and port of the
/// address it is given: a redirect elsewhere is an error naming both URLs.
///
/// ```no_run
/// use codecision::sync::{self, Api, ApiOptions, Request};
/// use codecision::parse_date;
///
/// let mut api = Api::new(Api::DEFAULT_URL, ApiOptions::default());
/// let request = Request::new("register.json", parse_date("2026-12-01")?);
/// let outcome = sync::run(&request, &mut api, &mut |_| {})?;
/// println!("{} events added", outcome.added());
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Debug)]
pub struct Api {
    agent: ureq::Agent,
    base: String,
    options: ApiOptions,
    limiter: Limiter,
    /// When the first request was sent (the start of the deadline).
    started: Option<Instant>,
}

/// Why a request failed, after its retries.
enum Fail {
    /// The API could not be reached at all.
    Offline(String),
    /// HTTP 404.
    NotFound,
    /// Anything else, said in words.
    Other(String),
}

impl Api {
    /// The API's address.
    pub const DEFAULT_URL: &'static str = "https://data.europarl.europa.eu/api/v2";

    /// A client of the API at `base` (e.g. [`Api::DEFAULT_URL`]). A
    /// timeout over a day is taken as a day.
    pub fn new(base: &str, options: ApiOptions) -> Api {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout.min(MAX_TIMEOUT)))
            .http_status_as_error(false)
            // Redirects are followed here, only within the API's address.
            .max_redirects(0)
            .user_agent(concat!("codecision/", env!("CARGO_PKG_VERSION")))
            .build();
        Api {
            agent: config.into(),
            base: base.trim_end_matches('/').to_string(),
            limiter: Limiter::new(options.limit, options.window),
            started: None,
            options,
        }
    }

    /// The URL that asks for these procedures (process ids).
    ///
    /// ```
    /// use codecision::sync::{Api, ApiOptions};
    /// let api = Api::new("http://127.0.0.1:8080/api/v2/", ApiOptions::default());
    /// assert_eq!(
    ///     api.procedures_url(&["2016-0132", "2016-0133"]),
    ///     "http://127.0.0.1:8080/api/v2/procedures/2016-0132,2016-0133?format=application%2Fld%2Bjson"
    /// );
    /// ```
    pub fn procedures_url<S: AsRef<str>>(&self, ids: &[S]) -> String {
        let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        format!(
            "{}/procedures/{}?format=application%2Fld%2Bjson",
            self.base,
            ids.join(",")
        )
    }

    /// The URL of the feed of procedures updated since `date`.
    pub fn feed_url(&self, date: NaiveDate) -> String {
        format!(
            "{}/procedures/feed?format=application%2Fld%2Bjson&timeframe=custom&start-date={date}",
            self.base
        )
    }

    fn fetch_all(
        &mut self,
        ids: &[String],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Fetched, Error> {
        let mut fetched = Fetched::default();
        let mut done = 0;
        for batch in ids.chunks(self.options.batch.max(1)) {
            self.fetch_batch(batch, &mut fetched, progress)?;
            done += batch.len();
            progress(&Progress::Fetched {
                done,
                total: ids.len(),
            });
        }
        Ok(fetched)
    }

    fn fetch_batch(
        &mut self,
        ids: &[String],
        fetched: &mut Fetched,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), Error> {
        let url = self.procedures_url(ids);
        let fail = |fetched: &mut Fetched, id: &str, message: String| {
            fetched.failures.push(Failure::new(
                id,
                Error::Import {
                    origin: format!("procedure {id} ({url})"),
                    message,
                },
            ));
        };
        let answer = match self.get(&url, progress) {
            Ok(answer) => answer,
            Err(Fail::Offline(message)) => {
                return Err(Error::Import {
                    origin: url.clone(),
                    message: format!("cannot reach the API: {message}; nothing was changed"),
                });
            }
            Err(Fail::NotFound) if ids.len() > 1 => return self.one_by_one(ids, fetched, progress),
            Err(Fail::NotFound) => {
                fail(
                    fetched,
                    &ids[0],
                    "no such procedure: the API answered 404 Not Found".into(),
                );
                return Ok(());
            }
            Err(Fail::Other(message)) => {
                for id in ids {
                    fail(fetched, id, message.clone());
                }
                return Ok(());
            }
        };
        let mut importer = ep_api::Importer::new(self.options.import.keep_going(false));
        let import = importer
            .read(answer.body.as_slice(), &url)
            .and_then(|_| importer.finish());
        let import = match import {
            Ok(import) => import,
            Err(_) if ids.len() > 1 => return self.one_by_one(ids, fetched, progress),
            Err(error) => {
                let what = answer
                    .content_type
                    .map(|t| format!(" (content type {t})"))
                    .unwrap_or_default();
                fail(
                    fetched,
                    &ids[0],
                    format!("the answer is not an EP API procedure document{what}: {error}"),
                );
                return Ok(());
            }
        };
        let files = import.register.files();
        let answered: HashSet<String> = files
            .iter()
            .filter_map(|f| f.procedure().and_then(process_id))
            .collect();
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !answered.contains(*id))
            .cloned()
            .collect();
        if !missing.is_empty() && ids.len() > 1 {
            // Keep what came, ask again for the rest one by one.
            fetched.files.extend(files.iter().cloned());
            fetched.diagnostics.extend(import.diagnostics);
            return self.one_by_one(&missing, fetched, progress);
        }
        for id in &missing {
            fail(
                fetched,
                id,
                "the API's answer does not hold this procedure".into(),
            );
        }
        fetched.files.extend(files.iter().cloned());
        fetched.diagnostics.extend(import.diagnostics);
        Ok(())
    }

    fn one_by_one(
        &mut self,
        ids: &[String],
        fetched: &mut Fetched,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), Error> {
        for id in ids {
            self.fetch_batch(std::slice::from_ref(id), fetched, progress)?;
        }
        Ok(())
    }

    fn feed(
        &mut self,
        date: NaiveDate,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Feed, Error> {
        let url = self.feed_url(date);
        let answer = match self.get(&url, progress) {
            Ok(answer) => answer,
            Err(Fail::Offline(message)) => {
                return Err(Error::Import {
                    origin: url,
                    message: format!("cannot reach the API: {message}; nothing was changed"),
                });
            }
            Err(Fail::NotFound) => return Ok(Feed::Unusable(format!("{url}: 404 Not Found"))),
            Err(Fail::Other(message)) => return Ok(Feed::Unusable(format!("{url}: {message}"))),
        };
        Ok(match feed_ids(&answer.body) {
            Some(ids) => Feed::Updated(ids),
            None => Feed::Unusable(format!(
                "{url}: the answer is not a feed of procedures (a JSON object with a `data` array)"
            )),
        })
    }

    /// GET `url`, tried again as [`ApiOptions`] says, following redirects
    /// within the API's address (and no others).
    fn get(&mut self, asked: &str, progress: &mut dyn FnMut(&Progress)) -> Result<Answer, Fail> {
        let mut url = asked.to_string();
        let mut redirects = 0;
        let mut attempt = 0;
        loop {
            let (fail, retry_after) = match self.get_once(&url) {
                Once::Done(answer) => return Ok(answer),
                Once::Redirect(location) => {
                    let target = resolve(&url, &location);
                    if !same_origin(&self.base, &target) {
                        return Err(Fail::Other(format!(
                            "{url} redirects to {target}, which is not at the API's address ({}): nothing is fetched from anywhere else",
                            self.base
                        )));
                    }
                    redirects += 1;
                    if redirects > MAX_REDIRECTS {
                        return Err(Fail::Other(format!(
                            "more than {MAX_REDIRECTS} redirects, the last to {target}"
                        )));
                    }
                    url = target;
                    continue;
                }
                Once::Final(fail) => return Err(redirected(fail, asked, &url)),
                Once::Again(fail, retry_after) => (fail, retry_after),
            };
            if attempt >= self.options.retries {
                return Err(redirected(fail, asked, &url));
            }
            let wait = backoff(self.options.backoff, attempt).max(retry_after.unwrap_or_default());
            if self.time_left().is_some_and(|left| wait >= left) {
                return Err(redirected(
                    Fail::Other(format!("{}; {}", reason_of(&fail), self.over())),
                    asked,
                    &url,
                ));
            }
            if wait > self.options.window {
                return Err(redirected(
                    Fail::Other(format!(
                        "the API asks to wait {} s before trying again",
                        wait.as_secs()
                    )),
                    asked,
                    &url,
                ));
            }
            let reason = reason_of(&fail);
            progress(&Progress::Retry {
                url: url.clone(),
                reason,
                wait,
            });
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// How long is left before the deadline, if there is one.
    fn time_left(&self) -> Option<Duration> {
        let deadline = self.options.deadline?.min(MAX_TIMEOUT);
        let spent = self.started.map_or(Duration::ZERO, |t| t.elapsed());
        Some(deadline.saturating_sub(spent))
    }

    /// The deadline is past: what a failure says.
    fn over(&self) -> String {
        format!(
            "the time limit of {} s for the whole sync is over (nothing more is asked)",
            self.options.deadline.unwrap_or_default().as_secs_f32()
        )
    }

    fn get_once(&mut self, url: &str) -> Once {
        self.started.get_or_insert_with(Instant::now);
        let delay = self.limiter.delay(Instant::now());
        if self.time_left().is_some_and(|left| delay >= left) {
            return Once::Final(Fail::Other(self.over()));
        }
        std::thread::sleep(delay);
        self.limiter.sent(Instant::now());
        // The request's timeout, cut short by the deadline.
        let timeout = self.options.timeout.min(MAX_TIMEOUT);
        let (timeout, cut) = match self.time_left() {
            Some(left) if left < timeout => (left, true),
            _ => (timeout, false),
        };
        let timed_out = || {
            if cut {
                Once::Final(Fail::Other(self.over()))
            } else {
                Once::Again(
                    Fail::Other(format!(
                        "no complete answer within {} s",
                        timeout.as_secs_f32()
                    )),
                    None,
                )
            }
        };
        let response = self
            .agent
            .get(url)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .header("Accept", "application/ld+json")
            .call();
        let mut response = match response {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => return timed_out(),
            Err(
                e
                @ (ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Io(_)),
            ) => return Once::Again(Fail::Offline(e.to_string()), None),
            Err(e) => return Once::Final(Fail::Other(e.to_string())),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after = header("retry-after").and_then(|v| retry_after(&v));
        let content_type = header("content-type");
        let location = header("location");
        match status {
            301 | 302 | 303 | 307 | 308 => match location {
                Some(location) => Once::Redirect(location),
                None => Once::Final(Fail::Other(format!(
                    "the API answered {status} (a redirect) without saying where to"
                ))),
            },
            200..=299 => match response
                .body_mut()
                .with_config()
                .limit(self.options.max_body)
                .read_to_vec()
            {
                Ok(body) => Once::Done(Answer { body, content_type }),
                Err(ureq::Error::BodyExceedsLimit(n)) => {
                    Once::Final(Fail::Other(format!("the answer is larger than {n} bytes")))
                }
                Err(ureq::Error::Timeout(_)) => timed_out(),
                Err(e) => Once::Again(Fail::Other(format!("the answer was cut short: {e}")), None),
            },
            404 => Once::Final(Fail::NotFound),
            429 | 500..=599 => Once::Again(
                Fail::Other(format!(
                    "the API answered {status}{}",
                    if status == 429 {
                        " Too Many Requests"
                    } else {
                        " (a server error)"
                    }
                )),
                retry_after,
            ),
            _ => Once::Final(Fail::Other(format!("the API answered {status}"))),
        }
    }
}

/// The largest answer read by default, as it comes and decoded: a
/// procedure is tens of kilobytes, a batch of them a few megabytes.
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// The longest [`ApiOptions::timeout`] used: a day (a longer one is taken as
/// a day).
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// How many redirects (within the API's address) are followed.
const MAX_REDIRECTS: usize = 5;

/// One request's outcome.
enum Once {
    Done(Answer),
    /// A redirect to this `Location`.
    Redirect(String),
    /// A failure worth trying again (after the `Retry-After`, if any).
    Again(Fail, Option<Duration>),
    Final(Fail),
}

/// A successful answer.
struct Answer {
    body: Vec<u8>,
    content_type: Option<String>,
}

impl Fetch for Api {
    fn address(&self) -> &str {
        &self.base
    }

    /// The procedures updated since `date` (that day included), from the
    /// API's feed (`/procedures/feed`).
    ///
    /// # Errors
    ///
    /// [`Error::Import`] naming the URL when the API cannot be reached at
    /// all; any other trouble is [`Feed::Unusable`].
    fn updated_since(
        &mut self,
        date: NaiveDate,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Feed, Error> {
        self.feed(date, progress)
    }

    /// Fetches procedures by process id (`2016-0132`) and maps each with the
    /// EP API importer. A procedure that fails (not found, an answer that is
    /// not a procedure, a server that keeps failing, a redirect away from
    /// the API's address) is a [`Failure`]; `progress` hears of each answer
    /// and each retry.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] naming the URL when the API cannot be reached at
    /// all (no network, no such host, connection refused): nothing else is
    /// tried.
    fn fetch(
        &mut self,
        ids: &[String],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Fetched, Error> {
        self.fetch_all(ids, progress)
    }
}

/// A failure in words.
fn reason_of(fail: &Fail) -> String {
    match fail {
        Fail::Offline(m) | Fail::Other(m) => m.clone(),
        Fail::NotFound => "404".into(),
    }
}

/// A failure met at `url` after a redirect from `asked`, naming `url`.
fn redirected(fail: Fail, asked: &str, url: &str) -> Fail {
    if asked == url {
        return fail;
    }
    let at = format!("(at {url}, where {asked} redirected)");
    match fail {
        Fail::Offline(m) => Fail::Offline(format!("{m} {at}")),
        Fail::NotFound => Fail::Other(format!("the API answered 404 Not Found {at}")),
        Fail::Other(m) => Fail::Other(format!("{m} {at}")),
    }
}

/// `location` (a redirect's, maybe relative) as an absolute URL, seen from
/// `url`.
fn resolve(url: &str, location: &str) -> String {
    let location = location.trim();
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    // Relative to the directory of the URL's path.
    let path = rest[authority.len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let dir = path.rfind('/').map_or("/", |at| &path[..=at]);
    format!("{scheme}://{authority}{dir}{location}")
}

/// Whether `a` and `b` have the same scheme, host and port (the scheme's
/// own port when none is given).
fn same_origin(a: &str, b: &str) -> bool {
    let origin = |url: &str| {
        let uri: Uri = url.parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let host = uri.host()?.to_ascii_lowercase();
        let port = uri.port_u16().or(match scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })?;
        Some((scheme, host, port))
    };
    matches!((origin(a), origin(b)), (Some(x), Some(y)) if x == y)
}

/// The wait before retry `attempt` (from 0): `base` doubled each time, at
/// most a minute.
fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1u32 << attempt.min(16))
        .min(Duration::from_secs(60))
}

/// A `Retry-After` header: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or_default())
}

/// The process ids in a feed answer: `{"data": [{"process_id": …} or
/// {"id": "eli/dl/proc/…"}, …]}`.
fn feed_ids(body: &[u8]) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let data = value.get("data")?.as_array()?;
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    for item in data {
        let text = item
            .get("process_id")
            .and_then(|v| v.as_str())
            .or_else(|| item.get("identifier").and_then(|v| v.as_str()))
            .or_else(|| {
                item.get("id")
                    .and_then(|v| v.as_str())
                    .and_then(|id| id.rsplit('/').next())
            });
        if let Some(id) = text.and_then(process_id) {
            if seen.insert(id.clone()) {
                ids.push(id);
            }
        }
    }
    Some(ids)
}

/// At most `limit` requests in any `window`.
#[derive(Debug)]
struct Limiter {
    limit: usize,
    window: Duration,
    sent: VecDeque<Instant>,
}

impl Limiter {
    fn new(limit: u32, window: Duration) -> Limiter {
        Limiter {
            limit: (limit as usize).max(1),
            window,
            sent: VecDeque::new(),
        }
    }

    /// How long to wait at `now` before the next request.
    fn delay(&mut self, now: Instant) -> Duration {
        while self
            .sent
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= self.window)
        {
            self.sent.pop_front();
        }
        match self.sent.front() {
            Some(&first) if self.sent.len() >= self.limit => {
                self.window - now.saturating_duration_since(first)
            }
            _ => Duration::ZERO,
        }
    }

    /// Records a request sent at `at`.
    fn sent(&mut self, at: Instant) {
        self.sent.push_back(at);
        while self.sent.len() > self.limit {
            self.sent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_in_any_window() {
        let mut limiter = Limiter::new(3, Duration::from_secs(300));
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        for s in [0, 10, 20] {
            assert_eq!(limiter.delay(at(s)), Duration::ZERO);
            limiter.sent(at(s));
        }
        // The fourth waits until the first leaves the window.
        assert_eq!(limiter.delay(at(30)), Duration::from_secs(270));
        limiter.sent(at(300));
        assert_eq!(limiter.delay(at(305)), Duration::from_secs(5));
        assert_eq!(limiter.delay(at(310)), Duration::ZERO);
    }

    #[test]
    fn backoff_doubles_up_to_a_minute() {
        let base = Duration::from_millis(500);
        assert_eq!(backoff(base, 0), base);
        assert_eq!(backoff(base, 2), Duration::from_secs(2));
        assert_eq!(backoff(base, 30), Duration::from_secs(60));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn redirects_are_resolved_and_only_the_same_origin_is_the_api() {
        let url = "http://127.0.0.1:8080/api/v2/procedures/2016-0132?format=x";
        assert_eq!(resolve(url, "/moved"), "http://127.0.0.1:8080/moved");
        assert_eq!(
            resolve(url, "again?x=1"),
            "http://127.0.0.1:8080/api/v2/procedures/again?x=1"
        );
        assert_eq!(resolve(url, "//other:81/a"), "http://other:81/a");
        assert_eq!(resolve(url, "https://x/y"), "https://x/y");
        let api = "http://127.0.0.1:8080/api/v2";
        assert!(same_origin(api, "http://127.0.0.1:8080/moved"));
        assert!(same_origin(
            "https://Data.Europarl.europa.eu/api/v2",
            "https://data.europarl.europa.eu:443/x"
        ));
        assert!(!same_origin(api, "http://127.0.0.2:8080/api/v2"));
        assert!(!same_origin(api, "http://127.0.0.1:8081/api/v2"));
        assert!(!same_origin(api, "https://127.0.0.1:8080/api/v2"));
        assert!(!same_origin(api, "not a url"));
    }

    #[test]
    fn feed_answers() {
        let body = br#"{"data": [{"id": "eli/dl/proc/2016-0132", "process_id": "2016-0132"},
            {"id": "eli/dl/proc/2024-0258"}, {"identifier": "2020-0279"}, {"id": "eli/dl/proc/2016-0132"}, {"x": 1}]}"#;
        assert_eq!(
            feed_ids(body).unwrap(),
            ["2016-0132", "2024-0258", "2020-0279"]
        );
        assert_eq!(feed_ids(b"<html>"), None);
        assert_eq!(feed_ids(b"{}"), None);
    }
}
