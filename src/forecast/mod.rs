//! Forecasts: when each file will reach its remaining stages, and whether a
//! goal will make its deadline.
