//! The hostile-input suite: for every class of attack on a tool (bombs,
//! truncated files, special files and links as inputs or outputs, deep
//! nesting, huge numbers, invalid encodings, hung or hostile child processes,
//! hostile servers on loopback, path traversal from file content), many
//! inputs, each answered with a clear error, in bounded time and memory,
//! with nothing lost. One module per tool; `util` holds what they share.

mod brew;
mod denoise;
mod releases;
mod releases_scan;
mod rotation;
#[allow(dead_code)] // each module uses its own part of the helpers
mod util;
