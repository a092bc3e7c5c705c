//! ETIAS through its real history, with the typed-state API.
//!
//! Each step is a method that exists only in the state where the transition
//! table allows it: `trilogue` exists on a dossier holding both mandates, not
//! on one holding only the Council's general approach. The dates and sources
//! come from the embedded register; the order of the steps is checked by the
//! compiler.
//!
//!     cargo run --example typed_states

use codecision::typed::Dossier;
use codecision::{Error, Register, Stage};

fn main() -> Result<(), Error> {
    let register = Register::security_union();
    let recorded = register
        .file("etias")
        .ok_or_else(|| Error::unknown_id("etias"))?;
    // The first recorded event of each stage: its date and source.
    let at = |stage: Stage| -> Result<(chrono::NaiveDate, String), Error> {
        recorded
            .events()
            .iter()
            .find(|e| e.stage == Some(stage))
            .map(|e| (e.date, e.source().unwrap_or_default().to_string()))
            .ok_or_else(|| Error::unknown_stage(format!("no {stage} event for etias")))
    };

    let (date, source) = at(Stage::Proposal)?;
    let etias = Dossier::propose("etias", recorded.title(), date, source)?;
    println!("{date}  proposal             Dossier<Proposal>");

    // The Council's mandate came first (JHA Council, 9 June 2017)...
    let (date, source) = at(Stage::GeneralApproach)?;
    let etias = etias.general_approach(date, source)?;
    println!(
        "{date}  general approach     Dossier<GeneralApproach>  (Council only: no trilogue yet)"
    );
    // etias.trilogue(..) would not compile here: Dossier<GeneralApproach> has no such method.

    // ...then Parliament's committee vote gives the dossier both mandates.
    let (date, source) = at(Stage::LibeVote)?;
    let etias = etias.libe_vote(date, source)?;
    println!("{date}  LIBE vote            Dossier<Mandates>         (both mandates)");

    let (date, source) = at(Stage::Trilogue)?;
    let etias = etias.trilogue(date, source)?;
    println!("{date}  trilogue             Dossier<Trilogue>");

    let (date, source) = at(Stage::PoliticalAgreement)?;
    let etias = etias.political_agreement(date, source)?;
    println!("{date}  political agreement  Dossier<PoliticalAgreement>");

    let (date, source) = at(Stage::Adoption)?;
    let etias = etias.adopt(date, source)?.note("dated at signature");
    println!("{date}  adoption             Dossier<Adoption>");

    let (date, source) = at(Stage::EntryIntoForce)?;
    let etias = etias.enter_into_force(date, source)?;
    println!("{date}  entry into force     Dossier<EntryIntoForce>");

    // A typed step that goes back in time is refused at run time, with both dates.
    let too_early = etias.clone().apply(
        chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default(),
        "test",
    );
    if let Err(error) = too_early {
        println!("\nrefused: {error}");
    }

    // The typed walk agrees with the recorded history at every stage.
    let file = etias.into_file();
    for event in file.events() {
        let Some(stage) = event.stage else { continue };
        assert_eq!(recorded.reached_on(stage), Some(event.date));
    }
    println!(
        "\nETIAS is at {} since {}: {} transitions, no anomaly ({} diagnostics).",
        file.current_stage().map_or("no stage", Stage::label),
        file.events()
            .last()
            .map(|e| e.date.to_string())
            .unwrap_or_default(),
        file.events().len() - 1,
        file.diagnostics().len()
    );
    println!("Not operating yet: application waits for the Commission's start date (Art. 88).");
    Ok(())
}
