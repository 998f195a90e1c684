//! End-to-end tests of the `toolcup` binary: one test binary, one module per topic.

mod denoise;
mod general;
mod brew;
mod releases;
mod rotation;
