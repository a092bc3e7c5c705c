//! The European Parliament Open Data Portal API v2: procedure documents
//! (`/procedures/{process-id}`, or a dump of `/procedures`), JSON-LD.
//!
//! A document is the API's response object, `{"data": [PROCESS, ...],
//! "@context": ...}`; `data` may hold one procedure or tens of thousands. It
//! is read as a stream: each `Process` is mapped to a file as soon as it is
//! read, and everything the mapping does not use (other languages of the
//! title, participants, document lists) is skipped unread.
//!
//! # The mapping
//!
//! A procedure becomes a file: id from its reference (`label`,
//! `2016/0132(COD)` → `2016-0132-cod`; from `process_id` and `process_type`
//! when there is no label), title from `process_title` (English), lead
//! committee from the `COMMITTEE_LEAD` participation. Each activity of
//! `consists_of` becomes an event dated `activity_date`, whose `source` is
//! its `activity_id` and whose `note` starts with its activity type:
//!
//! | activity type (`def/ep-activities/…`) | event |
//! |---|---|
//! | `COMMITTEE_ADOPTING_REPORT` (first reading) | `libe_vote`, with the lead committee named |
//! | `PLENARY_ENDORSE_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS`, `PLENARY_REFER_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS` | `libe_vote` (Parliament's mandate confirmed; a repeat when the committee vote is there) |
//! | `INTERINSTITUTIONAL_NEGOTIATION` | `trilogue` |
//! | `COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT` | `political_agreement`, dated at the committee's approval (the note says the agreement itself is earlier) |
//! | `SIGNATURE` | `adoption`, dated at signature |
//! | `PLENARY_APPROVE_COUNCIL_POSITION` | `adoption` when no signature is recorded (approving the Council's position adopts the act, Art. 294(7)(a) TFEU) |
//! | `PLENARY_REJECT_COUNCIL_POSITION` | `rejected` (Art. 294(7)(b) TFEU) |
//! | `PUBLICATION_OFFICIAL_JOURNAL` | informational; for a `COD` procedure, also `entry_into_force` on the twentieth day after, marked as inferred (see [`Options::infer_entry_into_force`]) |
//! | every other known type (`REFERRAL`, `COMMITTEE_TABLING_REPORT`, `PLENARY_DEBATE`, `PLENARY_AMEND_PROPOSAL`, …) | informational |
//! | an unknown type, or none | informational, and an [`ImportDiagnostic`] |
//!
//! The API records no Commission proposal and no Council step, so files
//! start at Parliament's side; foreseen activities (`was_scheduled_in`) are
//! plans, not history, and are not imported.
//!
//! ```
//! use codecision::import::{Options, ep_api};
//!
//! let mut importer = ep_api::Importer::new(Options::default());
//! let json = r#"{"data": [{"type": "Process", "label": "2024/0258(COD)", "process_title": {"en": "A title"},
//!     "consists_of": [{"activity_id": "X-1", "activity_date": "2025-01-30",
//!                      "had_activity_type": "def/ep-activities/SOMETHING_NEW"}]}]}"#;
//! assert_eq!(importer.read(json.as_bytes(), "page-1.json")?, 1);
//! let import = importer.finish()?;
//! assert!(import.register.file("2024-0258-cod").is_some());
//! // Unknown, so kept as an informational event and reported.
//! assert_eq!(import.diagnostics.len(), 1);
//! assert!(import.diagnostics[0].to_string().contains("SOMETHING_NEW"));
//! # Ok::<(), codecision::Error>(())
//! ```

use std::fmt;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::date::check_date;
use crate::error::{Error, shorten};
use crate::event::Event;
use crate::import::collect::{Batch, Collector};
use crate::import::draft::{Draft, DraftEvent, ProcedureAt, Role, lead_committee};
use crate::import::json::{self, English, ForEach, Strings};
use crate::import::{Import, ImportDiagnostic, ImportDiagnosticKind, Options, input, reference};
use crate::stage::Stage;

/// Imports EP API documents one after the other into one register.
///
/// Each document joins the register whole or not at all: a document that
/// fails to read adds nothing (with [`Options::keep_going`] it is skipped and
/// reported; otherwise [`read`](Importer::read) returns the error).
#[derive(Debug)]
pub struct Importer {
    collector: Collector,
}

impl Importer {
    /// An importer with no document read yet.
    pub fn new(options: Options) -> Self {
        Importer {
            collector: Collector::new(options),
        }
    }

    /// Reads one document (an API response object) from `reader`; `origin`
    /// names it in errors and diagnostics. Returns how many files it added.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with `origin`, line and column when the document is not
    /// JSON or not shaped as an API response; [`Error::Import`] naming
    /// `origin`, the procedure and the activity when a procedure's content is
    /// wrong (no date, a bad date, no reference); [`Error::Io`] when reading
    /// fails. With [`Options::keep_going`], none of these: the procedure or
    /// the document is skipped and reported as a diagnostic.
    pub fn read(&mut self, reader: impl Read, origin: &str) -> Result<usize, Error> {
        let result = input::decompressing(BufReader::new(reader), &self.collector.options())
            .map_err(|e| Error::io(origin, e))
            .and_then(|reader| read_document(&self.collector, reader, origin));
        self.commit(result, origin)
    }

    fn commit(&mut self, result: Result<Batch, Error>, origin: &str) -> Result<usize, Error> {
        match result {
            Ok(batch) => Ok(self.collector.commit(batch)),
            Err(error) => self.collector.skip_or_fail(origin, error).map(|()| 0),
        }
    }

    /// Reads one document from a file, plain or zstd-compressed.
    ///
    /// # Errors
    ///
    /// As [`read`](Importer::read), with the path as origin; [`Error::Io`]
    /// naming the path when it cannot be opened.
    pub fn read_path(&mut self, path: impl AsRef<Path>) -> Result<usize, Error> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let result = input::open(path, &self.collector.options())
            .and_then(|reader| read_document(&self.collector, reader, &origin));
        self.commit(result, &origin)
    }

    /// The register of every file read, and the diagnostics.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] if the files do not make a valid register (not
    /// expected: ids are made valid and duplicates are skipped).
    pub fn finish(self) -> Result<Import, Error> {
        self.collector.finish()
    }
}

/// Imports one document.
///
/// # Errors
///
/// As [`Importer::read`], with `<input>` as origin.
pub fn from_reader(reader: impl Read, options: Options) -> Result<Import, Error> {
    let mut importer = Importer::new(options);
    importer.read(reader, "<input>")?;
    importer.finish()
}

/// Imports documents from files, in order, into one register. Without
/// [`Options::keep_going`], a file that fails stops the import and nothing
/// is imported; with it, the file is skipped and reported.
///
/// ```no_run
/// use codecision::import::{Options, ep_api};
/// let import = ep_api::from_paths(["page-1.json", "page-2.json"], Options::default())?;
/// for d in &import.diagnostics {
///     eprintln!("warning: {d}");
/// }
/// println!("{}", import.register.to_json());
/// # Ok::<(), codecision::Error>(())
/// ```
///
/// # Errors
///
/// As [`Importer::read_path`], for the first file that fails.
pub fn from_paths<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
    options: Options,
) -> Result<Import, Error> {
    let mut importer = Importer::new(options);
    for path in paths {
        importer.read_path(path)?;
    }
    importer.finish()
}

// -- reading ----------------------------------------------------------------

/// Reads a whole document into a batch, or the error that stopped it.
fn read_document(collector: &Collector, reader: impl Read, origin: &str) -> Result<Batch, Error> {
    let mut batch = collector.batch(origin);
    let mut each = |index: usize, raw: RawProcess| -> bool {
        match map_process(raw, index, &mut batch) {
            Ok(draft) => {
                batch.push(draft);
                true
            }
            Err((procedure, error)) => batch.fail(&procedure, error),
        }
    };
    let result = json::read_document(reader, Envelope { each: &mut each });
    if let Some(error) = batch.take_error() {
        return Err(error);
    }
    result.map_err(|e| json::error(origin, e))?;
    Ok(batch)
}

/// The response object: `data` is read procedure by procedure, everything
/// else skipped.
struct Envelope<'a, F> {
    each: &'a mut F,
}

impl<'de, F: FnMut(usize, RawProcess) -> bool> DeserializeSeed<'de> for Envelope<'_, F> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(usize, RawProcess) -> bool> Visitor<'de> for Envelope<'_, F> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an EP API response: an object with a `data` array of procedures")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let each = self.each;
        let mut count = None;
        while let Some(key) = map.next_key::<EnvelopeKey>()? {
            match key {
                EnvelopeKey::Data if count.is_none() => {
                    count = Some(map.next_value_seed(ForEach::new("procedures", &mut *each))?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        count.ok_or_else(|| {
            de::Error::custom("not an EP API response: no `data` array of procedures")
        })
    }
}

enum EnvelopeKey {
    Data,
    Other,
}

impl<'de> Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EnvelopeKey, E> {
                Ok(if v == "data" {
                    EnvelopeKey::Data
                } else {
                    EnvelopeKey::Other
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// What the importer reads of a `Process`; every other field is skipped.
#[derive(Deserialize)]
#[serde(expecting = "a procedure (a `Process` object)")]
struct RawProcess {
    #[serde(rename = "type")]
    kind: Option<Strings>,
    id: Option<String>,
    process_id: Option<String>,
    label: Option<Strings>,
    process_type: Option<Strings>,
    process_title: Option<English>,
    consists_of: Option<Vec<RawActivity>>,
    had_participation: Option<Vec<RawParticipation>>,
}

/// What the importer reads of an activity (`Activity`, `Decision`).
#[derive(Deserialize)]
#[serde(expecting = "an activity (an object)")]
struct RawActivity {
    id: Option<String>,
    activity_id: Option<String>,
    activity_date: Option<String>,
    had_activity_type: Option<Strings>,
    occured_at_stage: Option<Strings>,
    decided_on_a_realization_of: Option<Strings>,
}

/// What the importer reads of a participation.
#[derive(Deserialize)]
#[serde(expecting = "a participation (an object)")]
struct RawParticipation {
    participation_role: Option<Strings>,
    had_participant_organization: Option<Strings>,
}

// -- mapping ----------------------------------------------------------------

/// What an activity type becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapping {
    /// Parliament's committee vote or mandate (first reading only).
    ParliamentMandate,
    /// A stage, whenever it happens.
    Stage(Stage),
    /// A candidate date for the adoption.
    Adoption(u8, &'static str),
    /// Publication in the Official Journal.
    Publication,
    /// An informational event.
    Info,
}

/// The mapping and a description of a known activity type; `None` for a
/// type this importer does not know. The types are those of the API's
/// OpenAPI `activity-type` enum and those observed in real procedures.
fn activity_type(code: &str) -> Option<(Mapping, &'static str)> {
    use Mapping::*;
    Some(match code {
        "COMMITTEE_ADOPTING_REPORT" => (
            ParliamentMandate,
            "report adopted by the committee responsible",
        ),
        "PLENARY_ENDORSE_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS" => (
            ParliamentMandate,
            "plenary endorsed the committee's decision to enter into interinstitutional negotiations (Parliament's mandate)",
        ),
        "PLENARY_REFER_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS" => (
            ParliamentMandate,
            "plenary referred the matter back to the committee for interinstitutional negotiations (Parliament's mandate)",
        ),
        "INTERINSTITUTIONAL_NEGOTIATION" => (
            Stage(crate::Stage::Trilogue),
            "interinstitutional negotiation (trilogue)",
        ),
        "COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT" => (
            Stage(crate::Stage::PoliticalAgreement),
            "the committee responsible approved the provisional agreement; dated at that approval, \
             the agreement itself was reached earlier in trilogue (the EP data do not date it)",
        ),
        "SIGNATURE" => (
            Adoption(0, "at signature"),
            "act signed by the Presidents of Parliament and Council",
        ),
        "PLENARY_APPROVE_COUNCIL_POSITION" => (
            Adoption(
                1,
                "at Parliament's approval of the Council's position (no signature recorded)",
            ),
            "Parliament approved the Council's position at second reading, which adopts the act",
        ),
        "PLENARY_REJECT_COUNCIL_POSITION" => (
            Stage(crate::Stage::Rejected),
            "Parliament rejected the Council's position at second reading: the act is not adopted",
        ),
        "PUBLICATION_OFFICIAL_JOURNAL" => (Publication, "act published in the Official Journal"),
        "REFERRAL" => (Info, "referral to committee announced in plenary"),
        "COMMITTEE_TABLING_REPORT" => (Info, "draft report tabled in committee"),
        "COMMITTEE_TABLING_OPINION" => (Info, "draft opinion tabled in committee"),
        "COMMITTEE_TABLING_AMENDMENT" => (Info, "amendments tabled in committee"),
        "COMMITTEE_ADOPTING_OPINION" => (Info, "opinion adopted by a committee"),
        "TABLING_PLENARY" => (Info, "report tabled for plenary"),
        "PLENARY_REJECT_COMMITTEE_INTERINSTUTIONAL_NEGOTIATIONS"
        | "PLENARY_REJECT_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS" => (
            Info,
            "plenary rejected the committee's decision to enter into interinstitutional negotiations",
        ),
        "PLENARY_ADOPT_POSITION" => (Info, "Parliament adopted its position in plenary"),
        "PLENARY_AMEND_PROPOSAL" => (
            Info,
            "Parliament adopted amendments to the proposal in plenary",
        ),
        "PLENARY_AMEND" => (Info, "Parliament adopted amendments in plenary"),
        "PLENARY_DECISION" => (Info, "decision in plenary"),
        "PLENARY_AMEND_COUNCIL_POSITION" => (
            Info,
            "Parliament amended the Council's position at second reading",
        ),
        "PLENARY_SITTING"
        | "PLENARY_PART_SESSION"
        | "MEETING_PART"
        | "PLENARY_PART_SESSION_DOSSIER" => (Info, "plenary sitting"),
        "PLENARY_DEBATE" | "PLENARY_DEBATE_SPEECH" | "PLENARY_DEBATE_WRITTEN_STATEMENT" => {
            (Info, "debate in plenary")
        }
        "PLENARY_VOTE" | "PLENARY_VOTE_RESULTS" | "PLENARY_OUTCOME" => (Info, "vote in plenary"),
        "PLENARY_VOTE_EXPLANATIONS" => (Info, "explanations of vote"),
        "PLENARY_VOTE_URGENCY" | "REQUEST_VOTE_URGENCY" => (Info, "urgent procedure"),
        "REQUEST_VOTE_ROLLCALL" | "REQUEST_VOTE_SPLIT" | "REQUEST_VOTE_SEPARATE" => {
            (Info, "request about a vote")
        }
        "PLENARY_ACTIVITY" => (Info, "plenary activity"),
        _ => return None,
    })
}

/// The last segment of an IRI (`def/ep-activities/REFERRAL` → `REFERRAL`).
fn last_segment(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or(iri)
}

/// Maps one procedure. On error: the procedure's name for diagnostics and
/// the error.
fn map_process(raw: RawProcess, index: usize, batch: &mut Batch) -> Result<Draft, (String, Error)> {
    let origin = batch.origin.clone();
    let position = format!("data[{index}]");
    let labels = raw.label.unwrap_or_default();
    let process_type = raw
        .process_type
        .as_ref()
        .and_then(Strings::first)
        .map(last_segment);
    let reference = match (labels.first(), raw.process_id.as_deref()) {
        (Some(label), _) => label.trim().to_string(),
        (None, Some(id)) => reference::from_process_id(id.trim(), process_type),
        (None, None) => match raw.id.as_deref() {
            Some(id) => reference::from_process_id(last_segment(id), process_type),
            None => {
                let error = Error::Import {
                    origin: format!("{origin}: {position}"),
                    message: "procedure has no `label`, `process_id` or `id`".into(),
                };
                return Err((position, error));
            }
        },
    };
    let name = reference.clone();
    let at = ProcedureAt {
        origin: &origin,
        reference: &reference,
        position: &position,
    };
    let fail = |message: String, item: Option<String>| (name.clone(), at.error(message, item));
    if let Some(kind) = raw
        .kind
        .as_ref()
        .filter(|k| !k.0.iter().any(|t| t == "Process"))
    {
        return Err(fail(
            format!(
                "a `{}`, not a `Process`: give procedure documents (/procedures)",
                shorten(&kind.0.join(", "))
            ),
            None,
        ));
    }
    let id = at.file_id().map_err(|error| (name.clone(), error))?;
    if labels.0.len() > 1 {
        batch.diagnose(
            ImportDiagnostic::new(
                &origin,
                ImportDiagnosticKind::SeveralReferences {
                    references: labels.0.clone(),
                },
            )
            .procedure(&reference),
        );
    }
    let committee = lead_committees(raw.had_participation.as_deref().unwrap_or_default());
    let activities = raw.consists_of.unwrap_or_default();
    let mut events = Vec::with_capacity(activities.len());
    for (i, activity) in activities.into_iter().enumerate() {
        let activity_id = activity.activity_id.or_else(|| {
            activity
                .id
                .as_deref()
                .map(|id| last_segment(id).to_string())
        });
        let item = match &activity_id {
            Some(a) => format!("consists_of[{i}] ({})", shorten(a)),
            None => format!("consists_of[{i}]"),
        };
        let Some(text) = activity.activity_date else {
            return Err(fail("activity has no `activity_date`".into(), Some(item)));
        };
        let date = check_date(&text).map_err(|reason| {
            fail(
                format!(
                    "bad activity_date `{}`: {reason} (expected YYYY-MM-DD)",
                    shorten(&text)
                ),
                Some(item.clone()),
            )
        })?;
        let code = activity
            .had_activity_type
            .as_ref()
            .and_then(Strings::first)
            .map(last_segment);
        let phase = activity
            .occured_at_stage
            .as_ref()
            .and_then(Strings::first)
            .map(last_segment);
        let (mapping, note) = match code {
            Some(code) => match activity_type(code) {
                Some((mapping, what)) => (mapping, format!("{code}: {what}")),
                None => {
                    batch.diagnose(
                        ImportDiagnostic::new(
                            &origin,
                            ImportDiagnosticKind::UnknownType {
                                value: code.to_string(),
                            },
                        )
                        .procedure(&reference)
                        .item(item),
                    );
                    (
                        Mapping::Info,
                        format!("{code}: activity type not known to the importer"),
                    )
                }
            },
            None => {
                batch.diagnose(
                    ImportDiagnostic::new(&origin, ImportDiagnosticKind::MissingType)
                        .procedure(&reference)
                        .item(item),
                );
                (Mapping::Info, "activity with no type".to_string())
            }
        };
        let mut event = Event::info(date, note);
        event.set_source(activity_id.as_deref());
        let mut role = Role::Plain;
        match mapping {
            Mapping::ParliamentMandate => match phase {
                Some("RDG2" | "RDG3") => {
                    crate::import::draft::append_note(&mut event, "at a later reading")
                }
                _ => {
                    event.stage = Some(Stage::LibeVote);
                    if let Some(c) = &committee {
                        event.set_committee(Some(c));
                    }
                }
            },
            Mapping::Stage(stage) => event.stage = Some(stage),
            Mapping::Adoption(priority, dated) => role = Role::Adoption { priority, dated },
            Mapping::Publication => role = Role::Publication,
            Mapping::Info => {}
        }
        if let Some(documents) = activity
            .decided_on_a_realization_of
            .filter(|d| !d.0.is_empty())
        {
            let names: Vec<&str> = documents.0.iter().map(|d| last_segment(d)).collect();
            crate::import::draft::append_note(
                &mut event,
                &format!("decided on {}", names.join(", ")),
            );
        }
        events.push(DraftEvent { event, role });
    }
    let title = raw
        .process_title
        .and_then(|t| t.0)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| reference.clone());
    Ok(Draft {
        id,
        title,
        reference,
        proposal: None,
        act: None,
        committee,
        events,
    })
}

/// The lead committee of the participations marked `COMMITTEE_LEAD` or
/// `COMMITTEE_LEAD_JOINT` (see [`lead_committee`]).
fn lead_committees(participations: &[RawParticipation]) -> Option<String> {
    let is_lead = |p: &&RawParticipation| {
        p.participation_role.as_ref().is_some_and(|roles| {
            roles
                .0
                .iter()
                .any(|r| matches!(last_segment(r), "COMMITTEE_LEAD" | "COMMITTEE_LEAD_JOINT"))
        })
    };
    lead_committee(
        participations
            .iter()
            .filter(is_lead)
            .flat_map(|p| p.had_participant_organization.iter().flat_map(|o| &o.0))
            .map(|org| last_segment(org)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_map_as_documented() {
        assert_eq!(
            activity_type("COMMITTEE_ADOPTING_REPORT").unwrap().0,
            Mapping::ParliamentMandate
        );
        assert_eq!(
            activity_type("INTERINSTITUTIONAL_NEGOTIATION").unwrap().0,
            Mapping::Stage(Stage::Trilogue)
        );
        assert_eq!(
            activity_type("COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT")
                .unwrap()
                .0,
            Mapping::Stage(Stage::PoliticalAgreement)
        );
        assert!(matches!(
            activity_type("SIGNATURE").unwrap().0,
            Mapping::Adoption(0, _)
        ));
        assert_eq!(activity_type("REFERRAL").unwrap().0, Mapping::Info);
        assert!(activity_type("NOT_A_TYPE").is_none());
    }

    #[test]
    fn lead_committees_are_read_from_participations() {
        let json = r#"[
            {"participation_role": "def/ep-roles/COMMITTEE_OPINION", "had_participant_organization": ["org/BUDG"]},
            {"participation_role": "def/ep-roles/COMMITTEE_LEAD_JOINT", "had_participant_organization": ["org/AFET"]},
            {"participation_role": "def/ep-roles/COMMITTEE_LEAD_JOINT", "had_participant_organization": "org/LIBE"}
        ]"#;
        let p: Vec<RawParticipation> = serde_json::from_str(json).unwrap();
        assert_eq!(lead_committees(&p).as_deref(), Some("AFET/LIBE"));
        assert_eq!(lead_committees(&p[..1]), None);
    }
}
