//! The Parltrack `ep_dossiers` dump: a JSON array of dossier records, written
//! one record per line (`[` before the first, `,` before each later one, `]`
//! on the last line), plain (`.json`) or zstd-compressed (`.json.zst`; the
//! compression is recognised by its first bytes, not by the name).
//!
//! The dump is read record by record; of each record only the procedure's
//! reference, title, type, stage reached and final act, the responsible
//! committee and the key events are kept (the `changes` history, documents
//! and summaries are skipped unread). Version 1 records (`activities`
//! instead of `events`) are read too.
//!
//! # The mapping
//!
//! A record becomes a file: id from `procedure.reference` (`2024/0258(COD)`
//! → `2024-0258-cod`), title from `procedure.title`, `act` from
//! `procedure.final.title`, `proposal` from the first document of the
//! proposal event, `committee` from the responsible committee. Each key
//! event becomes an event dated `date` (Parltrack writes
//! `2025-01-30T00:00:00`), whose `note` is the OEIL label as given and whose
//! `source` is its documents (or `OEIL <reference>` when it has none).
//! Labels are matched after dropping rule numbers (`(Rule 71)`), which drift
//! between OEIL versions:
//!
//! | OEIL key event | event |
//! |---|---|
//! | `Legislative proposal published` (and the `Initial`, `Modified`, `Amended … for reconsultation` variants) | `proposal` |
//! | `Vote in committee, 1st reading` (`…/single reading`, or bare) | `libe_vote`, with the responsible committee named |
//! | `Committee decision to open interinstitutional negotiations …` (with report, after 1st reading, prior to the report), `… announced in plenary`, `… confirmed by plenary`, `Matter referred back to the committee responsible for interinstitutional negotiations`, `Interinstitutional negotiations opened - proposal for mandate approved` | `libe_vote` (Parliament's mandate; a repeat after the vote) |
//! | `Approval in committee of the text agreed at 1st reading interinstitutional negotiations` (and early 2nd / 2nd reading), `Provisional agreement between Parliament and Council on final act` | `political_agreement`, dated at the committee's approval |
//! | `Final act signed`, `Final act signed by Parliament and Council` | `adoption`, dated at signature |
//! | `Act adopted by Council after Parliament's 1st reading`, `Act approved by Council, 2nd reading` | `adoption` when no signature is recorded |
//! | `Proposal withdrawn by Commission` | `withdrawn` |
//! | `Final act published in Official Journal` | informational; for a `COD` procedure, also `entry_into_force` on the twentieth day after, marked as inferred (see [`Options::infer_entry_into_force`]) |
//! | every other label of Parltrack's vocabulary | informational |
//! | a label not in that vocabulary | informational, and an [`ImportDiagnostic`] |
//!
//! OEIL has no key event for trilogues or the Council's general approach, so
//! Parltrack imports have neither. When `stage_reached` says the procedure
//! was withdrawn, lapsed or rejected but no key event dates it, nothing is
//! invented: a diagnostic says so.
//!
//! ```
//! use codecision::import::{Options, parltrack};
//! use codecision::{Stage, parse_date};
//!
//! let dump = r#"[{"procedure": {"reference": "2024/0258(COD)", "title": "A regulation"},
//!   "events": [{"date": "2024-10-09T00:00:00", "type": "Legislative proposal published",
//!               "docs": [{"title": "COM(2024)0469"}]},
//!              {"date": "2025-03-18T00:00:00", "type": "Final act signed"}]}
//! ]"#;
//! let import = parltrack::from_reader(dump.as_bytes(), Options::default())?;
//! let file = import.register.file("2024-0258-cod").unwrap();
//! assert_eq!(file.proposal(), Some("COM(2024)0469"));
//! assert_eq!(file.current_stage(), Some(Stage::Adoption));
//! # Ok::<(), codecision::Error>(())
//! ```

use std::borrow::Cow;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Deserialize;

use crate::date::check_date;
use crate::error::{Error, shorten};
use crate::event::Event;
use crate::import::collect::{Batch, Collector};
use crate::import::draft::{Draft, DraftEvent, ProcedureAt, Role, append_note, lead_committee};
use crate::import::json::{self, ForEach, Strings};
use crate::import::{Import, ImportDiagnostic, ImportDiagnosticKind, Options, input};
use crate::stage::Stage;

/// Imports a dump read from `reader` (plain or zstd); `<input>` names it in
/// errors and diagnostics.
///
/// # Errors
///
/// [`Error::Json`] with line and column when the dump is not a JSON array of
/// objects or a value has the wrong type; [`Error::Import`] naming the record
/// and the event when a record's content is wrong (no reference, an event
/// with no date or a bad one); [`Error::Io`] when reading or decompressing
/// fails. With [`Options::keep_going`], a bad record is skipped and reported
/// instead, and so is the rest of a dump that breaks off (truncated, or not
/// JSON from some point on): the records read whole before the break are
/// imported.
pub fn from_reader(reader: impl Read, options: Options) -> Result<Import, Error> {
    let origin = "<input>";
    let reader =
        input::decompressing(BufReader::new(reader), &options).map_err(|e| Error::io(origin, e))?;
    import(reader, origin, options)
}

/// Imports a dump file, plain or zstd-compressed.
///
/// # Errors
///
/// As [`from_reader`], naming the path; [`Error::Io`] naming the path when it
/// cannot be opened.
pub fn from_path(path: impl AsRef<Path>, options: Options) -> Result<Import, Error> {
    let path = path.as_ref();
    let reader = input::open(path, &options)?;
    import(reader, &path.display().to_string(), options)
}

fn import(reader: impl Read, origin: &str, options: Options) -> Result<Import, Error> {
    let mut collector = Collector::new(options);
    let mut batch = collector.batch(origin);
    let mut each = |index: usize, raw: RawDossier| -> bool {
        match map_dossier(raw, index, &mut batch) {
            Ok(Some(draft)) => {
                batch.push(draft);
                true
            }
            Ok(None) => true,
            Err((procedure, error)) => batch.fail(&procedure, error),
        }
    };
    let result = json::read_document(reader, ForEach::new("dossier records", &mut each));
    if let Some(error) = batch.take_error() {
        return Err(error);
    }
    let broken = match result {
        Ok(_) => None,
        Err(e) if options.keep_going => Some(json::error(origin, e)),
        Err(e) => return Err(json::error(origin, e)),
    };
    let kept = collector.commit(batch);
    if let Some(error) = broken {
        // A dump that breaks off (truncated, or not JSON from some point
        // on) cannot be read past the break: the records read whole before
        // it are kept, the rest is skipped and reported.
        let plural = if kept == 1 { "" } else { "s" };
        collector.skip_or_fail(
            origin,
            Error::Import {
                origin: error.to_string(),
                message: format!(
                    "the rest of the dump from there (the {kept} record{plural} before it were imported)"
                ),
            },
        )?;
    }
    collector.finish()
}

/// What the importer reads of a dossier record.
#[derive(Deserialize)]
#[serde(expecting = "a dossier record (an object)")]
struct RawDossier {
    procedure: Option<RawProcedure>,
    #[serde(alias = "activities")]
    events: Option<Vec<RawEvent>>,
    committees: Option<Vec<RawCommittee>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a `procedure` object")]
struct RawProcedure {
    reference: Option<String>,
    title: Option<String>,
    stage_reached: Option<String>,
    #[serde(rename = "final")]
    final_act: Option<FinalAct>,
}

/// `procedure.final`: one `{title, url}`, or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum FinalAct {
    One(RawFinal),
    Many(Vec<RawFinal>),
}

#[derive(Deserialize)]
#[serde(expecting = "a final act (an object)")]
struct RawFinal {
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "an event (an object)")]
struct RawEvent {
    date: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    docs: Option<Vec<RawDoc>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a document (an object)")]
struct RawDoc {
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a committee (an object)")]
struct RawCommittee {
    #[serde(rename = "type")]
    kind: Option<String>,
    committee: Option<Strings>,
}

// -- mapping ----------------------------------------------------------------

/// What a key event becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapping {
    Stage(Stage),
    /// Parliament's committee vote or mandate: `libe_vote` with the committee.
    ParliamentMandate,
    /// Political agreement, dated at the committee's approval.
    Agreement,
    Adoption(u8, &'static str),
    Publication,
    Info,
}

/// A key-event label without its rule numbers (`(Rule 71)`, `(Rule 71 -
/// vote)`), which change between OEIL versions.
///
/// One pass, left to right: linear in the label, however many rule numbers
/// it has (a label of a million `(Rule` is data like any other).
fn normalise(label: &str) -> Cow<'_, str> {
    const RULE: &str = " (Rule ";
    let label = label.trim();
    if !label.contains(RULE) {
        return Cow::Borrowed(label);
    }
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(start) = rest.find(RULE) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        rest = after.find(')').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    Cow::Owned(out.trim().to_string())
}

/// The mapping of a (normalised) label; `None` for a label outside
/// Parltrack's vocabulary (`stage2inst` and `stage2percent`, see the
/// research notes).
fn key_event(label: &str) -> Option<Mapping> {
    use Mapping::*;
    Some(match label {
        "Legislative proposal published"
        | "Initial legislative proposal published"
        | "Legislative proposal"
        | "Modified legislative proposal published"
        | "Amended legislative proposal for reconsultation published" => {
            Stage(crate::Stage::Proposal)
        }
        "Vote in committee, 1st reading"
        | "Vote in committee, 1st reading/single reading"
        | "Vote in committee"
        | "Committee decision to open interinstitutional negotiations with report adopted in committee"
        | "Committee decision to open interinstitutional negotiations after 1st reading in Parliament"
        | "Committee decision to open interinstitutional negotiations prior to the adoption of the report"
        | "Committee decision to enter into interinstitutional negotiations announced in plenary"
        | "Committee decision to enter into interinstitutional negotiations confirmed by plenary"
        | "Matter referred back to the committee responsible for interinstitutional negotiations"
        | "Interinstitutional negotiations opened - proposal for mandate approved" => {
            ParliamentMandate
        }
        "Approval in committee of the text agreed at 1st reading interinstitutional negotiations"
        | "Approval in committee of the text agreed at early 2nd reading interinstitutional negotiations"
        | "Approval in committee of the text agreed at 2nd reading interinstitutional negotiations"
        | "Provisional agreement between Parliament and Council on final act" => Agreement,
        "Final act signed" | "Final act signed by Parliament and Council" => {
            Adoption(0, "at signature")
        }
        "Act adopted by Council after Parliament's 1st reading"
        | "Act approved by Council, 2nd reading" => {
            Adoption(1, "at the Council's adoption (no signature recorded)")
        }
        "Proposal withdrawn by Commission" => Stage(crate::Stage::Withdrawn),
        "Final act published in Official Journal" => Publication,
        _ if label.starts_with("Initial period for examining delegated act") => Info,
        _ if INFORMATIONAL.contains(&label) => Info,
        _ => return None,
    })
}

/// Labels of Parltrack's vocabulary that mark no stage.
const INFORMATIONAL: &[&str] = &[
    "Document attached to the procedure",
    "Non-legislative basic document published",
    "Non-legislative basic document",
    "Commission draft budget published",
    "Commission preliminary draft budget published",
    "Commission response to text adopted in plenary",
    "Committee referral announced in Parliament",
    "Committee referral announced in Parliament, 1st reading",
    "Committee referral announced in Parliament, 1st reading/single reading",
    "Committee referral announced in Parliament, 2nd reading",
    "Referral to associated committees announced in Parliament",
    "Referral to joint committee announced in Parliament",
    "Internal referral to parliamentary committee(s)",
    "Urgent procedure requested by a committee",
    "Urgent procedure requested by a political group",
    "Preparatory document",
    "Vote in committee, 2nd reading",
    "Vote scheduled in committee, 1st reading/single reading",
    "Decision by committee, without report",
    "Committee decision to open interinstitutional negotiations at 2nd reading",
    "Rejection by committee to open interinstitutional negotiations with report adopted in committee",
    "Committee decision to enter into interinstitutional negotiations rejected by plenary; file to be put on the agenda of the following part-session",
    "Proposal for a mandate tabled in plenary",
    "Matter referred back to the committee responsible",
    "Matter referred back to the committee responsible for reconsideration",
    "Committee report tabled for plenary",
    "Committee report tabled for plenary, 1st reading",
    "Committee report tabled for plenary, 1st reading/single reading",
    "Committee report tabled for plenary, single reading",
    "Committee report tabled for plenary, reconsultation",
    "Committee report tabled for plenary confirming Parliament's position",
    "Committee interim report tabled for plenary",
    "Committee recommendation tabled for plenary, 2nd reading",
    "Report tabled for plenary, 3rd reading",
    "Report referred back to committee",
    "Indicative plenary sitting date, 1st reading/single reading",
    "Indicative plenary sitting date, 2nd reading",
    "Debate in Parliament",
    "Debate scheduled",
    "Debate in plenary scheduled",
    "Vote scheduled",
    "Vote in plenary scheduled",
    "Results of vote in Parliament",
    "Decision by Parliament",
    "Decision by Parliament, 1st reading",
    "Decision by Parliament, 1st reading/single reading",
    "Decision by Parliament, 2nd reading",
    "Decision by Parliament, 3rd reading",
    "Deadline for 2nd reading in plenary",
    "End of procedure in Parliament",
    "Budgetary report tabled for plenary",
    "Budgetary report tabled for plenary, 1st reading",
    "Budgetary report tabled for plenary, 2nd reading",
    "Budgetary conciliation report tabled for plenary",
    "Preparatory budgetary report tabled for plenary",
    "Delegated act not objected by Parliament",
    "Debate in Council",
    "Council position published",
    "Council position scheduled for adoption",
    "Decision by Council",
    "Decision by Council, 3rd reading",
    "Parliament's amendments rejected by Council",
    "Resolution/conclusions adopted by Council",
    "Council position on draft budget published",
    "Council draft budget published",
    "Council amended draft budget published",
    "Draft budget approved by Council",
    "Amended budget adopted by Council",
    "Delegated act not objected by Council",
    "Delegated act objected by Council",
    "Act adopted by Council after consultation of Parliament",
    "Formal meeting of Conciliation Committee",
    "Joint text approved by Conciliation Committee co-chairs",
    "Final decision by Conciliation Committee",
    "Formal reconsultation of Parliament",
    "Start of budgetary conciliation (Parliament and Council)",
    "Budgetary joint text published",
    "Agreement not reached in budgetary conciliation",
    "Budgetary conciliation committee convened",
    "Political agreement in Council on its 1st reading position",
    "Political agreement on Council position",
    "European Central Bank: opinion, guideline, report",
    "Committee of the Regions: opinion",
    "Additional information",
];

/// `stage_reached` values that end a procedure without an act.
const ENDED: &[&str] = &["Procedure lapsed or withdrawn", "Procedure rejected"];

/// A Parltrack date (`2025-01-30T00:00:00`, or a bare `2025-01-30`) as a
/// date; the time, always midnight for key events, is dropped.
fn event_date(text: &str) -> Result<chrono::NaiveDate, &'static str> {
    let day = match text.split_once('T') {
        Some((day, _)) => day,
        None => text,
    };
    check_date(day)
}

/// Maps one record. `Ok(None)` for a record with no procedure at all (not a
/// dossier: skipped). On error: the procedure's name and the error.
fn map_dossier(
    raw: RawDossier,
    index: usize,
    batch: &mut Batch,
) -> Result<Option<Draft>, (String, Error)> {
    let origin = batch.origin.clone();
    let position = format!("record {index}");
    let Some(procedure) = raw.procedure else {
        let error = Error::Import {
            origin: format!("{origin}: {position}"),
            message: "record has no `procedure`".into(),
        };
        return Err((position, error));
    };
    let Some(reference) = procedure
        .reference
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
    else {
        let error = Error::Import {
            origin: format!("{origin}: {position}"),
            message: "record has no `procedure.reference`".into(),
        };
        return Err((position, error));
    };
    let at = ProcedureAt {
        origin: &origin,
        reference: &reference,
        position: &position,
    };
    let fail = |message: String, item: Option<String>| (reference.clone(), at.error(message, item));
    let id = at.file_id().map_err(|error| (reference.clone(), error))?;
    let committee = responsible_committees(raw.committees.as_deref().unwrap_or_default());
    let mut events = Vec::new();
    let mut proposal = None;
    let mut ended = false;
    for (i, raw_event) in raw.events.unwrap_or_default().into_iter().enumerate() {
        let item = format!("events[{i}]");
        let Some(text) = raw_event.date else {
            return Err(fail("event has no `date`".into(), Some(item)));
        };
        let date = event_date(&text).map_err(|reason| {
            fail(
                format!(
                    "bad date `{}`: {reason} (expected YYYY-MM-DD)",
                    shorten(&text)
                ),
                Some(item.clone()),
            )
        })?;
        let label = raw_event.kind.unwrap_or_default();
        let normal = normalise(&label);
        let mapping = match key_event(&normal) {
            Some(mapping) => mapping,
            None => {
                let kind = if label.trim().is_empty() {
                    ImportDiagnosticKind::MissingType
                } else {
                    ImportDiagnosticKind::UnknownType {
                        value: label.clone(),
                    }
                };
                batch.diagnose(
                    ImportDiagnostic::new(&origin, kind)
                        .procedure(&reference)
                        .item(item),
                );
                Mapping::Info
            }
        };
        let documents: Vec<String> = raw_event
            .docs
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| d.title.map(|t| t.trim().to_string()))
            .filter(|t| !t.is_empty())
            .collect();
        let note = if label.trim().is_empty() {
            "key event with no label".to_string()
        } else {
            label.trim().to_string()
        };
        let mut event = Event::info(date, note);
        event.set_source(Some(&if documents.is_empty() {
            format!("OEIL {reference}")
        } else {
            documents.join(", ")
        }));
        let mut role = Role::Plain;
        match mapping {
            Mapping::Stage(stage) => {
                event.stage = Some(stage);
                if stage == Stage::Proposal && proposal.is_none() {
                    proposal = documents.first().cloned();
                }
                ended |= stage.is_terminal();
            }
            Mapping::ParliamentMandate => {
                event.stage = Some(Stage::LibeVote);
                event.set_committee(committee.as_deref());
            }
            Mapping::Agreement => {
                event.stage = Some(Stage::PoliticalAgreement);
                append_note(
                    &mut event,
                    "dated at the committee's approval; the agreement itself was reached earlier in trilogue",
                );
            }
            Mapping::Adoption(priority, dated) => role = Role::Adoption { priority, dated },
            Mapping::Publication => role = Role::Publication,
            Mapping::Info => {}
        }
        events.push(DraftEvent { event, role });
    }
    if let Some(stage_reached) = procedure
        .stage_reached
        .filter(|s| !ended && ENDED.contains(&s.trim()))
    {
        batch.diagnose(
            ImportDiagnostic::new(&origin, ImportDiagnosticKind::UndatedEnd { stage_reached })
                .procedure(&reference),
        );
    }
    let act = match procedure.final_act {
        Some(FinalAct::One(f)) => f.title,
        Some(FinalAct::Many(list)) => list.into_iter().find_map(|f| f.title),
        None => None,
    }
    .map(|t| t.trim().to_string())
    .filter(|t| !t.is_empty());
    let title = procedure
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| reference.clone());
    Ok(Some(Draft {
        id,
        title,
        reference,
        proposal,
        act,
        committee,
        events,
    }))
}

/// The lead committee of the committees marked `Responsible Committee` or
/// `Joint Responsible Committee` (see [`lead_committee`]).
fn responsible_committees(committees: &[RawCommittee]) -> Option<String> {
    let is_responsible = |c: &&RawCommittee| {
        matches!(
            c.kind.as_deref().map(str::trim),
            Some("Responsible Committee" | "Joint Responsible Committee")
        )
    };
    lead_committee(
        committees
            .iter()
            .filter(is_responsible)
            .flat_map(|c| c.committee.iter().flat_map(|s| &s.0))
            .map(|name| name.trim()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_numbers_are_dropped() {
        assert_eq!(
            normalise(
                "Committee decision to enter into interinstitutional negotiations confirmed by plenary (Rule 71 - vote)"
            ),
            "Committee decision to enter into interinstitutional negotiations confirmed by plenary"
        );
        assert_eq!(
            normalise(
                "Committee decision to enter into interinstitutional negotiations rejected by plenary (Rule 71); file to be put on the agenda of the following part-session"
            ),
            "Committee decision to enter into interinstitutional negotiations rejected by plenary; file to be put on the agenda of the following part-session"
        );
        assert_eq!(normalise(" Final act signed "), "Final act signed");
        assert_eq!(
            normalise("Final act signed (Rule 1) (Rule 2 - vote)"),
            "Final act signed"
        );
        assert_eq!(normalise("Debate (Rule 9"), "Debate");
        // Linear, and no recursion: a million rule numbers in one label.
        let many = format!("Final act signed{}", " (Rule 1)".repeat(1_000_000));
        assert_eq!(normalise(&many), "Final act signed");
        let unclosed = format!("Final act signed{}", " (Rule ".repeat(1_000_000));
        assert_eq!(normalise(&unclosed), "Final act signed");
    }

    #[test]
    fn labels_map_as_documented() {
        assert_eq!(
            key_event("Vote in committee, 1st reading"),
            Some(Mapping::ParliamentMandate)
        );
        assert_eq!(
            key_event(
                "Approval in committee of the text agreed at 1st reading interinstitutional negotiations"
            ),
            Some(Mapping::Agreement)
        );
        assert_eq!(
            key_event("Proposal withdrawn by Commission"),
            Some(Mapping::Stage(Stage::Withdrawn))
        );
        assert_eq!(
            key_event(
                "Initial period for examining delegated act extended at Council's request by 1.0 month(s)"
            ),
            Some(Mapping::Info)
        );
        assert_eq!(key_event("Debate in Council"), Some(Mapping::Info));
        assert_eq!(key_event("Something new"), None);
    }

    #[test]
    fn parltrack_dates_keep_the_day() {
        assert_eq!(
            event_date("2014-01-08T00:00:00").unwrap().to_string(),
            "2014-01-08"
        );
        assert_eq!(event_date("2014-01-08").unwrap().to_string(), "2014-01-08");
        assert!(event_date("08/01/2014").is_err());
    }
}
