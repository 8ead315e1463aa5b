//! Putting places on a map: latitude and longitude projected into a box (equirectangular, longitude
//! scaled by the cosine of the middle latitude), and the convex hull of a set of points. Only
//! correctly rounded operations (the four, and `sqrt` in finding the places that lie together): the
//! cosine is a fixed polynomial rather than the platform's `cos`, so the same places give the same
//! bytes on every platform and in wasm.

use crate::people::Location;

/// A projection fitted to some places.
#[derive(Debug, Clone, Copy)]
pub(super) struct Projection {
    lat_max: f64,
    lng_min: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    /// cos(the middle latitude): a degree of longitude is that much shorter.
    k: f64,
    origin: (f64, f64),
    /// The box: x, y, width, height.
    frame: (f64, f64, f64, f64),
}

/// The inner margin of the box, in pixels.
const INSET: f64 = 18.0;

impl Projection {
    /// The projection that fits `places` (not empty) into the box at `origin` of `size`, keeping
    /// their proportions and centring them.
    pub(super) fn fit(places: &[Location], origin: (f64, f64), size: (f64, f64)) -> Projection {
        let (mut lat_min, mut lat_max, mut lng_min, mut lng_max) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
        for l in places {
            lat_min = lat_min.min(l.lat);
            lat_max = lat_max.max(l.lat);
            lng_min = lng_min.min(l.lng);
            lng_max = lng_max.max(l.lng);
        }
        let k = cos_degrees((lat_min + lat_max) / 2.0);
        let (w, h) = ((lng_max - lng_min) * k, lat_max - lat_min);
        let (bw, bh) = (size.0 - 2.0 * INSET, size.1 - 2.0 * INSET);
        // One place (or places in one spot): any scale; they are drawn in the middle.
        let scale = if w <= 0.0 && h <= 0.0 {
            1.0
        } else if w * bh > h * bw {
            bw / w
        } else {
            bh / h
        };
        let frame = (origin.0, origin.1, size.0, size.1);
        let origin = (origin.0 + INSET + (bw - w * scale) / 2.0, origin.1 + INSET + (bh - h * scale) / 2.0);
        Projection { lat_max, lng_min, scale, k, origin, frame }
    }

    /// Where `l` lies in the box's plane (outside the box for a place the projection was not fitted
    /// to).
    pub(super) fn point(&self, l: Location) -> (f64, f64) {
        (
            self.origin.0 + (l.lng - self.lng_min) * self.k * self.scale,
            self.origin.1 + (self.lat_max - l.lat) * self.scale,
        )
    }

    /// Where `l` is drawn: its point, or the nearest point of the box when it lies outside, and
    /// whether it was moved there.
    pub(super) fn clamped(&self, l: Location) -> ((f64, f64), bool) {
        let (x, y) = self.point(l);
        let (x0, y0) = (self.frame.0 + INSET / 2.0, self.frame.1 + INSET / 2.0);
        let (x1, y1) = (self.frame.0 + self.frame.2 - INSET / 2.0, self.frame.1 + self.frame.3 - INSET / 2.0);
        let inside = (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
        ((x.clamp(x0, x1), y.clamp(y0, y1)), !inside)
    }
}

/// The places that lie together: those within three times the 90th-percentile distance from the
/// median place (and every place when they are fewer than ten). A few households geocoded far
/// away (a typo in a coordinate, a dwelling registered at its owner's office) would otherwise shrink
/// the village to a corner of the map; they are drawn at its edge instead.
pub(super) fn together(places: &[Location]) -> Vec<Location> {
    if places.len() < 10 {
        return places.to_vec();
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (lat, lng) = (median(places.iter().map(|l| l.lat).collect()), median(places.iter().map(|l| l.lng).collect()));
    let k = cos_degrees(lat);
    let distance = |l: &Location| ((l.lat - lat).powi(2) + ((l.lng - lng) * k).powi(2)).sqrt();
    let mut distances: Vec<f64> = places.iter().map(distance).collect();
    distances.sort_by(f64::total_cmp);
    let reach = 3.0 * distances[distances.len() * 9 / 10];
    places.iter().filter(|l| reach <= 0.0 || distance(l) <= reach).copied().collect()
}

/// cos(`degrees`) for |degrees| ≤ 90, from its Taylor series to the 22nd power (error below 1e-15
/// there), by Horner's rule: the same bits everywhere.
pub(super) fn cos_degrees(degrees: f64) -> f64 {
    let x = degrees.clamp(-90.0, 90.0) * (std::f64::consts::PI / 180.0);
    let x2 = x * x;
    let mut sum = 1.0;
    // 1 - x²/2! (1 - x²/(3·4) (1 - x²/(5·6) (…)))
    for n in (1..=11).rev() {
        let n = f64::from(n);
        sum = 1.0 - x2 / ((2.0 * n - 1.0) * (2.0 * n)) * sum;
    }
    sum
}

/// The convex hull of `points`, counter-clockwise on screen from the leftmost (Andrew's monotone
/// chain); fewer than three points, or points on a line, give what is left of them.
pub(super) fn convex_hull(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = points.to_vec();
    p.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(2 * p.len());
    // The lower chain left to right, then the upper chain right to left; the upper chain never pops
    // into the lower one.
    for (pass, points) in [p.clone(), p.iter().rev().copied().collect()].into_iter().enumerate() {
        let floor = if pass == 0 { 0 } else { hull.len() - 1 };
        for q in points.into_iter().skip(pass) {
            while hull.len() >= floor + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0 {
                hull.pop();
            }
            hull.push(q);
        }
    }
    hull.pop();
    hull
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cosine_is_close_to_the_platforms() {
        for d in [-90.0, -45.0, 0.0, 28.2, 60.0, 89.9, 90.0] {
            assert!((cos_degrees(d) - f64::to_radians(d).cos()).abs() < 1e-12, "{d}");
        }
    }

    #[test]
    fn the_hull_of_a_square_and_its_centre_is_the_square() {
        let pts = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.5, 0.5)];
        assert_eq!(convex_hull(&pts).len(), 4);
    }
}
