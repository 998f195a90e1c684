//! End-to-end tests of the `toolcup` binary: one test binary, one module per topic.

mod brew;
mod denoise;
mod general;
mod releases;
mod releases_scan;
mod rotation;
