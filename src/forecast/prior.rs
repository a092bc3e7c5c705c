//! The prior: one duration law per transition from published figures
//! (`/work/shared/facts/tools-and-durations.md`, §2), and where none is
//! published, a documented split of the published total.

use super::model::{LogNormal, Transition};

/// The published figures the prior is built on, in days.
pub mod figures {
    /// Median days from proposal to publication in the Official Journal,
    /// for the 356 OLP files that needed trilogues in 2019-2024
    /// (Bohnenberger, "The Rhythm of EU Law-Making", part 3, 2024).
    pub const TRILOGUE_FILES_MEDIAN_TO_PUBLICATION: f64 = 712.0;
    /// The first quartile of the same series.
    pub const TRILOGUE_FILES_Q25_TO_PUBLICATION: f64 = 450.0;
    /// Average months from proposal to a first-reading conclusion, 8th term
    /// 2014-2019 (EPRS, *European Parliament: Facts and Figures*). All
    /// first-reading files, negotiated or not: the naive rule of the
    /// backtest, not the prior.
    pub const FIRST_READING_AVERAGE_MONTHS_2014_2019: u32 = 18;
    /// Days the Parliament allocates to legal-linguistic finalisation after
    /// a provisional agreement, before its plenary vote (Bohnenberger, "Last
    /// chance for trilogues", 2024).
    pub const LAWYER_LINGUISTS: f64 = 56.0;
    /// Days from publication to entry into force when the act sets no date
    /// (Art. 297(1) TFEU).
    pub const PUBLICATION_TO_ENTRY_INTO_FORCE: f64 = 20.0;
}

/// The share of calendar days that are working days on the Council's and
/// the Parliament's clocks over a five-year term (August and the year-end
/// break off, the lull between terms off, the run-up counted double):
/// about 0.85. The published figures count calendar days; the laws are
/// drawn in working days ([`calendar`](super::calendar)).
pub const WORKING_SHARE: f64 = 0.85;

/// The prior law of a transition, in the working days of its clock.
pub(crate) fn law(transition: Transition) -> LogNormal {
    let calendar = calendar_law(transition);
    if transition.clock() == super::calendar::ClockKind::Calendar {
        return calendar;
    }
    LogNormal {
        mu: calendar.mu + WORKING_SHARE.ln(),
        ..calendar
    }
}

/// The prior law of a transition, in calendar days.
fn calendar_law(transition: Transition) -> LogNormal {
    use figures::*;
    match transition {
        Transition::CouncilMandate | Transition::ParliamentMandate => {
            LogNormal::from_median(0.0, 200.0, 0.6)
        }
        Transition::Negotiations => LogNormal::from_median(0.0, 30.0, 0.8),
        Transition::Agreement => LogNormal::from_median(0.0, 170.0, 0.9),
        Transition::Adoption => LogNormal::from_median(LAWYER_LINGUISTS, 140.0, 0.5),
        Transition::EntryIntoForce => {
            LogNormal::from_median(PUBLICATION_TO_ENTRY_INTO_FORCE, 28.0, 1.0)
        }
        Transition::Application => LogNormal::from_median(0.0, 730.0, 0.8),
    }
}

impl Transition {
    /// Where the prior of this transition comes from, in words.
    pub const fn basis(self) -> &'static str {
        match self {
            Transition::CouncilMandate | Transition::ParliamentMandate => {
                "no published statistic: each mandate 200 days from the proposal (median, \
                 log-sd 0.6), the share of the published total (712 days to publication for \
                 trilogue files, 2019-2024) that falls before negotiations"
            }
            Transition::Negotiations => {
                "no published statistic: negotiations open about a month after the second \
                 mandate (median 30 days, log-sd 0.8)"
            }
            Transition::Agreement => {
                "no published statistic: trilogues last 170 days (median, log-sd 0.9), the rest \
                 of the published total before agreement"
            }
            Transition::Adoption => {
                "at least the 8 weeks of legal-linguistic work after an agreement, 140 days in \
                 all (median; AI Act 188 days to signature, interoperability regulations 104)"
            }
            Transition::EntryIntoForce => {
                "the 20th day after publication (Art. 297 TFEU) plus about 8 days from signature \
                 to publication (AI Act 29, interoperability regulations 2)"
            }
            Transition::Application => {
                "no published statistic: two years after entry into force (median, log-sd 0.8), \
                 a placeholder that the register's own applications correct"
            }
        }
    }
}
