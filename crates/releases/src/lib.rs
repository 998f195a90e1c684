//! Release-cycle checks for Python and Django, offline and in milliseconds.
//!
//! - [`DataSet`]: the release data, embedded in the crate (works offline on the
//!   first run) or refreshed into the platform cache ([`refresh`]);
//!   [`DataSet::catalog`] parses it into a [`Catalog`] of branches sorted by version.
//! - [`Status`] is derived from the dates and an injectable `today`, never
//!   trusted from the data's own status field, which goes stale.
//! - [`Catalog::check`] gives a [`Verdict`]: status, first release, end of life
//!   with days left, latest patch and how many releases behind a version is.
//!
//! ```
//! use toolcup_releases::{DataSet, Date, Product, Status};
//! let python = DataSet::embedded().catalog(Product::Python)?;
//! let today = Date::new(2026, 11, 25)?;
//! let verdict = python.check("3.10.12".parse()?, today)?;
//! // The data says "security"; its end of life (2026-10, the 31st) has passed.
//! assert_eq!(verdict.status, Status::EndOfLife);
//! assert_eq!(verdict.days_to_end_of_life, Some(-25));
//! assert_eq!(verdict.latest_patch.map(|v| v.to_string()).as_deref(), Some("3.10.21"));
//! assert_eq!(verdict.releases_behind, 9);
//! // A branch the data does not know is an error of its own.
//! assert!(python.check("3.17.0".parse()?, today).is_err());
//! # Ok::<(), toolcup_releases::Error>(())
//! ```

mod cache;
mod catalog;
mod data;
mod date;
pub mod discovery;
mod error;
pub mod files;
pub mod pep440;
mod product;
mod refresh;
mod report;
mod requires_python;
pub mod scan;
mod status;
mod version;

pub use cache::{CACHE_FILE, Cache, Loaded, load_newest};
pub use catalog::{Catalog, Cycle, DataOrigin, Product, Release, Verdict};
pub use data::{DataSet, EMBEDDED_DATE, EolCycle};
pub use date::Date;
pub use error::{Error, Result};
pub use refresh::{MAX_DOWNLOAD_TIMEOUT, Progress, Sources};
#[cfg(feature = "refresh")]
pub use refresh::{download, refresh};
pub use report::{
    ANSI_BOLD, ANSI_RESET, ListRow, data_summary, list_rows, render_csv, render_markdown,
    render_text, status_ansi, table_title,
};
pub use requires_python::RequiresPython;
pub use status::{Milestones, Status};
pub use version::{Branch, PreKind, Version};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
