//! The calibration picture (how often the forecast bands held) and the
//! track record a report draws it from: computed from small registers
//! built here, never pinned to the model's current figures.

use codecision::export::{CalibrationSvg, Report, TrackRecordSvg};
use codecision::forecast::{Calibration, Forecaster, StageScore, TrackRecord, calibrate};
use codecision::{Ask, LegislativeFile, Register, Stage};

mod common;
use common::{d, file};

/// A file proposed in `year`, through mandates, trilogue and agreement, to
/// adoption `months` months after the proposal (all dates on the 1st).
fn adopted(id: &str, year: i32, months: u32) -> LegislativeFile {
    let proposal = d(&format!("{year}-02-01"));
    let at = |m: u32| {
        proposal
            .checked_add_months(chrono::Months::new(m))
            .unwrap()
            .to_string()
    };
    let (ga, tri, pa, ad) = (at(months / 3), at(months / 2), at(months - 4), at(months));
    file(
        id,
        &[
            (&proposal.to_string(), Stage::Proposal),
            (&ga, Stage::GeneralApproach),
            (&ga, Stage::LibeVote),
            (&tri, Stage::Trilogue),
            (&pa, Stage::PoliticalAgreement),
            (&ad, Stage::Adoption),
        ],
    )
}

fn small_register() -> Register {
    Register::builder()
        .file(adopted("a", 2014, 20))
        .file(adopted("b", 2014, 30))
        .file(adopted("c", 2015, 16))
        .file(adopted("d", 2015, 40))
        .file(adopted("e", 2016, 24))
        .file(file("open", &[("2016-06-01", Stage::Proposal)]))
        .build()
        .unwrap()
}

/// The `data-share` of every bar of `class`, in order.
fn shares(svg: &str, class: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).expect("the picture is well-formed XML");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| n.attribute("data-share").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn the_picture_shows_the_computed_shares_counts_and_dates() {
    let register = small_register();
    let as_of = d("2019-06-01");
    let record = TrackRecord::of(&register, as_of);
    let cal = &record.calibration;
    let adoption = cal.adoption.as_ref().expect("adoptions to check");
    // Five files adopted by then, each open on at least one date.
    assert_eq!(record.completed_files, 5);
    assert_eq!(record.checked_files, 5);
    assert!(!cal.dates.is_empty());
    assert!(cal.dates.iter().all(|&date| date < as_of));
    assert_eq!(cal.until, Some(as_of));
    let svg = TrackRecordSvg::new(&record).to_string();
    let bins = shares(&svg, "slice");
    assert_eq!(bins.len(), 4);
    for (drawn, computed) in bins.iter().zip(adoption.bins) {
        assert!(
            (drawn - computed).abs() < 1e-4,
            "{bins:?} {:?}",
            adoption.bins
        );
    }
    assert!((shares(&svg, "inside")[0] - adoption.coverage).abs() < 1e-4);
    let first = cal.dates[0];
    let last = cal.dates[cal.dates.len() - 1];
    let summary = format!(
        "N = {} forecasts of 5 files, as of {} dates from {} to {}",
        adoption.n,
        cal.dates.len(),
        first.format("%-d %b %Y"),
        last.format("%-d %b %Y"),
    );
    assert!(svg.contains(&summary), "{summary}\n{svg}");
    // Five files are few: the picture says so.
    assert!(svg.contains("Only 5 adopted files: read with care."));
    // The naive rule's median error is beside the model's.
    let naive = cal.naive_adoption.as_ref().unwrap();
    assert!(svg.contains(&format!("{} days", naive.median_error_days.round())));
    // Deterministic.
    assert_eq!(
        svg,
        TrackRecordSvg::new(&TrackRecord::of(&register, as_of)).to_string()
    );
}

#[test]
fn the_record_does_not_look_past_its_date() {
    let as_of = d("2018-01-01");
    let before = TrackRecord::of(&small_register(), as_of);
    // What happened after the date: a file proposed and adopted, the open
    // file's agreement and adoption, a checked file's entry into force.
    let mut later = small_register().files().to_vec();
    later.push(adopted("f", 2018, 20));
    for f in &mut later {
        let after: &[(&str, Stage)] = match f.id() {
            "open" => &[
                ("2018-03-01", Stage::PoliticalAgreement),
                ("2018-06-01", Stage::Adoption),
            ],
            "a" => &[("2018-02-01", Stage::EntryIntoForce)],
            _ => &[],
        };
        for &(date, stage) in after {
            f.record(codecision::Event::new(d(date), stage));
        }
    }
    let register = later
        .into_iter()
        .fold(Register::builder(), |b, f| b.file(f))
        .build()
        .unwrap();
    assert_eq!(TrackRecord::of(&register, as_of), before);
}

#[test]
fn nothing_to_check_is_said_in_words() {
    let register = Register::builder()
        .file(file("open", &[("2016-06-01", Stage::Proposal)]))
        .build()
        .unwrap();
    let record = TrackRecord::of(&register, d("2018-01-01"));
    assert_eq!(record.completed_files, 0);
    assert!(record.calibration.adoption.is_none());
    let svg = TrackRecordSvg::new(&record).to_string();
    assert!(
        svg.contains("No completed file to check the bands on"),
        "{svg}"
    );
    assert!(shares(&svg, "slice").is_empty());
    // An empty register, and a date before anything, draw too.
    let empty = Register::builder().build().unwrap();
    let svg = TrackRecordSvg::new(&TrackRecord::of(&empty, d("2018-01-01"))).to_string();
    assert!(svg.contains("No completed file to check the bands on"));
    let svg = CalibrationSvg::new(&calibrate(
        &register,
        &[],
        Forecaster::DEFAULT_SEED,
        10,
        None,
    ))
    .to_string();
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn odd_scores_draw_without_panicking() {
    let register = small_register();
    let mut cal: Calibration = calibrate(
        &register,
        &[d("2016-06-01")],
        Forecaster::DEFAULT_SEED,
        50,
        None,
    );
    let odd = StageScore {
        stage: Some(Stage::Adoption),
        n: usize::MAX,
        mae_days: f64::NAN,
        median_error_days: f64::INFINITY,
        dated: usize::MAX,
        coverage: -3.0,
        interval_score: f64::NAN,
        pinball: Default::default(),
        bins: [f64::NAN, 2.0, -1.0, f64::NEG_INFINITY],
    };
    cal.adoption = Some(odd);
    cal.dates.clear();
    let svg = CalibrationSvg::new(&cal).to_string();
    let bins = shares(&svg, "slice");
    assert!(bins.iter().all(|s| (0.0..=1.0).contains(s)), "{bins:?}");
}

#[test]
fn the_report_says_how_far_to_trust_the_forecasts() {
    let register = Register::builder()
        .file(adopted("a", 2014, 20))
        .file(adopted("b", 2015, 30))
        .file(file("open", &[("2016-06-01", Stage::Proposal)]))
        .goal(
            codecision::Goal::new("g", "G", d("2020-01-01"))
                .requires(codecision::Requirement::in_force("open")),
        )
        .build()
        .unwrap();
    let as_of = d("2018-01-01");
    let record = TrackRecord::of(&register, as_of);
    let adoption = record.calibration.adoption.as_ref().unwrap();
    let ask = Ask::new(as_of).target("g").since(d("2017-01-01"));
    let html = Report::new(&register, &ask)
        .unwrap()
        .forecaster(&Forecaster::new(&register, as_of))
        .unwrap()
        .to_html();
    assert!(html.contains("<h2>Since 1 Jan 2017</h2>"));
    let trust = &html[html.find("<section id=\"trust\">").unwrap()..];
    let inside = (adoption.coverage * adoption.n as f64).round();
    assert!(
        trust.contains(&format!(
            "Here the band held the real adoption date in {inside} of {} forecasts",
            adoption.n
        )),
        "{trust}"
    );
    assert!(trust.contains("Only 2 adopted files: read with care."));
    // The same report without a record has no such section.
    let plain = Report::new(&register, &Ask::new(as_of).target("g"))
        .map(|r| r.to_html())
        .unwrap();
    assert!(!plain.contains("id=\"trust\""));
}
