//! Pictures: SVG drawings of what a person would rather look at than read.
