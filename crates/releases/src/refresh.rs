//! Downloading fresh release data over HTTPS, with a timeout, and validating it.

#[cfg(feature = "refresh")]
use std::ops::ControlFlow;
use std::time::Duration;

#[cfg(feature = "refresh")]
use crate::cache::Cache;
#[cfg(feature = "refresh")]
use crate::catalog::DataOrigin;
#[cfg(feature = "refresh")]
use crate::data::DataSet;
#[cfg(feature = "refresh")]
use crate::date::Date;
#[cfg(feature = "refresh")]
use crate::error::{Error, Result};

/// Where the four files are downloaded from. The bases are injectable so tests
/// can serve the files from a local server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    /// Base of the PEPs site API, without trailing slash.
    pub peps_base: String,
    /// Base of endoflife.date's v1 API, without trailing slash
    /// (`https://endoflife.date/api/v1`); the products are read from
    /// `{eol_base}/products/python` and `{eol_base}/products/django`.
    pub eol_base: String,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            peps_base: "https://peps.python.org/api".to_owned(),
            eol_base: "https://endoflife.date/api/v1".to_owned(),
        }
    }
}

impl Sources {
    /// The four addresses, in download order, with a short name each.
    pub fn urls(&self) -> [(&'static str, String); 4] {
        [
            (
                "release-cycle.json",
                format!("{}/release-cycle.json", self.peps_base),
            ),
            (
                "python-releases.json",
                format!("{}/python-releases.json", self.peps_base),
            ),
            (
                "endoflife.date python",
                format!("{}/products/python", self.eol_base),
            ),
            (
                "endoflife.date django",
                format!("{}/products/django", self.eol_base),
            ),
        ]
    }
}

/// Progress of a refresh: files done out of the total, and what is happening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Files downloaded so far.
    pub done: u32,
    /// Files in all.
    pub total: u32,
    /// What is being done now.
    pub message: String,
}

/// Largest file accepted (the real ones are under 200 KB).
pub(crate) const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The longest timeout a download gets; a longer one is cut to this (a
/// duration near `u64::MAX` seconds would overflow the clock inside the HTTP client).
pub const MAX_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Downloads the four files, each within `timeout` (at most [`MAX_DOWNLOAD_TIMEOUT`]),
/// and validates them as a set.
/// `today` becomes the data's date. The callback may stop it (`ControlFlow::Break`).
/// Only with the `refresh` feature (on by default), which brings the HTTPS client.
#[cfg(feature = "refresh")]
pub fn download(
    sources: &Sources,
    timeout: Duration,
    today: Date,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<DataSet> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout.min(MAX_DOWNLOAD_TIMEOUT)))
        .user_agent(concat!("toolcup-releases/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let urls = sources.urls();
    let total = u32::try_from(urls.len()).unwrap_or(u32::MAX);
    let mut texts = Vec::with_capacity(urls.len());
    for (done, (name, url)) in (0u32..).zip(urls.iter()) {
        if progress(Progress {
            done,
            total,
            message: format!("downloading {name}"),
        })
        .is_break()
        {
            return Err(Error::Cancelled);
        }
        let fail = |reason: String| Error::Download {
            url: url.clone(),
            reason,
        };
        let mut response = agent.get(url).call().map_err(|e| fail(e.to_string()))?;
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_string()
            .map_err(|e| fail(e.to_string()))?;
        texts.push(text);
    }
    let [release_cycle, python_releases, eol_python, eol_django]: [String; 4] = texts
        .try_into()
        .map_err(|_| Error::data("download", "wrong number of files"))?;
    // endoflife.date's answers must be v1 product responses: a server still
    // serving the retired v0 list (or anything else) is refused by name.
    crate::data::parse_eol_v1(urls[2].0, &eol_python)?;
    crate::data::parse_eol_v1(urls[3].0, &eol_django)?;
    let data = DataSet {
        date: today,
        origin: DataOrigin::Embedded,
        release_cycle,
        python_releases,
        eol_python,
        eol_django,
    };
    let _ = progress(Progress {
        done: total,
        total,
        message: "validating".to_owned(),
    });
    data.validate()?;
    Ok(data)
}

/// Downloads, validates and stores the data in `cache` (atomically). Nothing is
/// written unless all four files arrived and parse.
/// Only with the `refresh` feature (on by default).
#[cfg(feature = "refresh")]
pub fn refresh(
    sources: &Sources,
    cache: &Cache,
    timeout: Duration,
    today: Date,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<DataSet> {
    let mut data = download(sources, timeout, today, progress)?;
    let path = cache.store(&data)?;
    data.origin = DataOrigin::Cache { path };
    Ok(data)
}
