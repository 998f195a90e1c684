//! One recipe per tool: the rules, defaults, labels, verdict wording and
//! error texts that both front ends share.
//!
//! What reusers of a tool crate would want too lives in that crate; what only
//! the app needs lives here, one module per tool. The command line
//! (`cli/<tool>.rs`) and the window (`tabs/<tool>`) only parse or draw, and
//! call these.

pub mod brew;
pub mod denoise;
pub mod releases;
pub mod releases_scan;
pub mod rotation;
