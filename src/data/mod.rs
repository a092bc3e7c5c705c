//! The embedded Security Union register.

use crate::register::Register;

impl Register {
    /// The embedded Security Union register's JSON, as shipped (see
    /// `src/data/README.md` for how it was built and from which sources):
    /// what [`security_union`](Register::security_union) reads.
    pub const SECURITY_UNION_JSON: &'static str = include_str!("security_union.json");

    /// The embedded, sourced register of the Security Union information-system
    /// files (2016-2026): ETIAS, EES, SIS, ECRIS-TCN, eu-LISA, the two
    /// interoperability regulations, Eurodac and VIS, with the goals
    /// `interoperability-2020` (legally in force by 2020) and
    /// `interoperability-2020-operational` (operating by 2020).
    ///
    /// ```
    /// let register = codecision::Register::security_union();
    /// assert!(register.file("etias").is_some());
    /// assert!(register.goal("interoperability-2020").is_some());
    /// ```
    pub fn security_union() -> Register {
        // The embedded register is checked by the tests; an empty register is
        // the fallback rather than a panic if that ever failed.
        Register::from_json(Self::SECURITY_UNION_JSON).unwrap_or_else(|_| Register::empty())
    }
}
