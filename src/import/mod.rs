//! Importers from real sources (EP Open Data API v2, Parltrack).
