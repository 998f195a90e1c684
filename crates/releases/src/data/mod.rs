//! Parsing the release data files and the embedded snapshot.
//!
//! Four files make a data set, in the shapes served by their origins:
//! `release-cycle.json` and `python-releases.json` from the PEPs site, and
//! endoflife.date's Python and Django data (its v1 API's product response, as
//! downloaded; its product front matter, as embedded; or the retired v0 API
//! list, as older caches hold).

mod django;
mod eol;
mod python;

use crate::catalog::{Catalog, DataOrigin, Product};
use crate::date::Date;
use crate::error::Result;

pub use eol::EolCycle;
#[cfg(feature = "refresh")]
pub(crate) use eol::parse_v1_only as parse_eol_v1;

/// The raw texts of one data set and the date they describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSet {
    /// How fresh the data is (snapshot or download date).
    pub date: Date,
    /// Where it came from.
    pub origin: DataOrigin,
    /// `release-cycle.json` from the PEPs site.
    pub release_cycle: String,
    /// `python-releases.json` from the PEPs site.
    pub python_releases: String,
    /// endoflife.date's Python data.
    pub eol_python: String,
    /// endoflife.date's Django data.
    pub eol_django: String,
}

/// Date of the embedded snapshot's sources (python/peps and endoflife.date commits).
pub const EMBEDDED_DATE: Date = match Date::from_ymd_const(2026, 8, 22) {
    Some(d) => d,
    None => panic!("invalid embedded date"),
};

impl DataSet {
    /// The snapshot compiled into this crate (see `data/SOURCES.md`).
    pub fn embedded() -> DataSet {
        DataSet {
            date: EMBEDDED_DATE,
            origin: DataOrigin::Embedded,
            release_cycle: include_str!("../../data/release-cycle.json").to_owned(),
            python_releases: include_str!("../../data/python-releases.json").to_owned(),
            eol_python: include_str!("../../data/eol_python.json").to_owned(),
            eol_django: include_str!("../../data/eol_django.json").to_owned(),
        }
    }

    /// Parses the data of one product into a sorted catalog.
    ///
    /// ```
    /// use toolcup_releases::{DataSet, Product};
    /// let python = DataSet::embedded().catalog(Product::Python)?;
    /// assert_eq!(python.cycles.first().map(|c| c.branch.to_string()), Some("1.6".into()));
    /// # Ok::<(), toolcup_releases::Error>(())
    /// ```
    pub fn catalog(&self, product: Product) -> Result<Catalog> {
        let cycles = match product {
            Product::Python => {
                python::cycles(&self.release_cycle, &self.python_releases, &self.eol_python)?
            }
            Product::Django => django::cycles(&self.eol_django)?,
        };
        Ok(Catalog {
            product,
            data_date: self.date,
            origin: self.origin.clone(),
            cycles,
        })
    }

    /// Parses every product: the validation a downloaded or cached set must pass.
    pub fn validate(&self) -> Result<()> {
        for product in [Product::Python, Product::Django] {
            let catalog = self.catalog(product)?;
            if catalog.cycles.is_empty() {
                return Err(crate::error::Error::data(
                    product.name(),
                    "no release cycles",
                ));
            }
        }
        Ok(())
    }
}
