//! Pictures: SVG drawings of what a person would rather look at than read (issue #18).
//!
//! A picture is a query ([`PictureQuery`]) whose answer is a [`ReportHeader`](super::ReportHeader) and
//! an SVG document. Every figure in it comes from the areas' own queries, asked as the reader with
//! the checks the switchboard makes, so a picture is masked exactly like them: a role that does not
//! see key persons gets a map without them.
//!
//! The SVG is deterministic, the same bytes in every door: fixed sizes (800 pixels wide), numbers
//! with one decimal, inputs sorted, colours from a fixed palette, no font measured (texts are placed
//! by their anchor), and only correctly rounded arithmetic (the four operations and `sqrt`; the
//! cosine is the library's own polynomial), which gives the same bits on every platform.
//!
//! - `queries.rs`: the query, the result, and how a picture asks other queries;
//! - `svg.rs`: the SVG writer (escaping, number formatting);
//! - `frame.rs`: the title block, palette, legend, and the picture of nothing;
//! - `projection.rs`: latitude and longitude into a box, convex hulls;
//! - `micro_grid_map.rs`, `bars.rs`, `funnel.rs`, `gantt.rs`: the pictures.

mod bars;
mod frame;
mod funnel;
mod gantt;
mod micro_grid_map;
mod projection;
mod queries;
mod svg;

pub use queries::{PictureKind, PictureQuery, PictureResult};
