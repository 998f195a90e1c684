//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong in this crate, with what and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A date was not `YYYY-MM-DD` or `YYYY-MM`, or named a day that does not exist.
    #[error("invalid date {text:?}: {reason}")]
    InvalidDate {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A version string could not be read.
    #[error("invalid version {text:?} at byte {position}: {reason}")]
    InvalidVersion {
        /// The offending text.
        text: String,
        /// Byte offset of the first character that could not be read.
        position: usize,
        /// What was expected there.
        reason: &'static str,
    },
    /// Text is not a PEP 440 version (as `packaging` reads them).
    #[error("invalid PEP 440 version {text:?}: {reason}")]
    InvalidPep440Version {
        /// The offending text (its first 200 characters).
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A `requires-python` specifier (PEP 440) could not be read.
    #[error("invalid version specifier {text:?}: {reason}")]
    InvalidSpecifier {
        /// The offending specifier text.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Release data (embedded, cached or downloaded) did not have the expected shape.
    #[error("invalid {source_name} data: {reason}")]
    InvalidData {
        /// Which data set, e.g. `release-cycle.json`.
        source_name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing: "reading", "writing", ...
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file was read but its content is not what it should be.
    #[error("{path}: {reason}")]
    InvalidFile {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line where that helps.
        reason: String,
    },
    /// An interpreter could not be started or gave no readable version.
    #[error("interpreter {path}: {reason}")]
    Interpreter {
        /// The interpreter that was run.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A download failed (network, timeout, HTTP status).
    #[error("downloading {url}: {reason}")]
    Download {
        /// The address.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The platform has no cache folder (no home directory).
    #[error("no cache folder on this platform (no home directory?)")]
    NoCacheDir,
    /// A version whose branch the release data does not know.
    #[error(
        "{product} {version} is not in the release data (data of {data_date}, newest known branch {newest_known}); try `toolcup releases refresh`"
    )]
    UnknownVersion {
        /// Python or Django.
        product: crate::product::Product,
        /// The version asked about.
        version: String,
        /// The newest branch the data knows.
        newest_known: String,
        /// The date of the data, `YYYY-MM-DD`.
        data_date: String,
    },
    /// The caller cancelled a long operation through its progress callback.
    #[error("cancelled")]
    Cancelled,
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn data(source_name: &str, reason: impl Into<String>) -> Self {
        Error::InvalidData {
            source_name: source_name.to_owned(),
            reason: reason.into(),
        }
    }
}
