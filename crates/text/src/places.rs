//! Places: place entities geocoded to a gazetteer entry.

/// One gazetteer entry a place name may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCandidate {
    /// GeoNames id.
    pub geonames_id: u32,
    /// Its name in the gazetteer.
    pub name: String,
    /// `continent`, `country`, `admin1` (a first-level region: a state, an
    /// oblast, a province) or `city`.
    pub kind: &'static str,
    /// ISO 3166 alpha-2 code of its country (empty for a continent).
    pub country: String,
    /// Name of its first-level region, for cities and regions.
    pub admin1: Option<String>,
    /// Latitude in degrees (for countries and regions, the
    /// population-weighted centre of their cities in the gazetteer; none
    /// when it lists none).
    pub lat: Option<f32>,
    /// Longitude in degrees, likewise.
    pub lon: Option<f32>,
}

/// A place entity of the document, geocoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Index into [`crate::Doc::entities`].
    pub entity: usize,
    /// The entry chosen, or `None` when the text does not decide between
    /// the candidates (or none matched).
    pub resolved: Option<PlaceCandidate>,
    /// The other entries the name may stand for, best first (at most five),
    /// when the choice was not clear-cut or nothing was chosen.
    pub candidates: Vec<PlaceCandidate>,
    /// How sure the geocoder is of `resolved`, 0 to 1.
    pub confidence: f32,
}
