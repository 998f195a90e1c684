//! The exit codes of `toolcup`, each with one documented meaning.
//!
//! Scripts and CI read these, so a number never changes its meaning. The
//! release checker keeps `pirel`'s meanings for 0, 1 and 2; everything that
//! is not one of a tool's documented answers is [`ExitCode::Error`], never 1.

/// How a `toolcup` command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitCode {
    /// 0: the command did what was asked and the answer is yes (supported,
    /// bound and brewed, converted, denoised).
    Success,
    /// 1: the input was read and the answer is no: the Python or Django
    /// checked is past its end of life (pirel's meaning); Python would raise
    /// or the order breaks the machine's rules (brew); a line could not be
    /// converted (rotation); a score is under its threshold (denoise).
    Rejected,
    /// 2: a usage error (as clap reports it), or nothing to check was found:
    /// no interpreter, no Django (pirel's meaning).
    Usage,
    /// 3: the version is not in the release data.
    UnknownVersion,
    /// 4: the release data has no end-of-life date for the version.
    MissingData,
    /// 5: the end of life is within `--warn-days` days.
    EndsSoon,
    /// 10: the command could not finish: an input could not be read or
    /// decoded, an output could not be written, the network failed. The
    /// reason is the one line on stderr.
    Error,
}

impl ExitCode {
    /// Every code, in numeric order.
    pub const ALL: [ExitCode; 7] = [
        ExitCode::Success,
        ExitCode::Rejected,
        ExitCode::Usage,
        ExitCode::UnknownVersion,
        ExitCode::MissingData,
        ExitCode::EndsSoon,
        ExitCode::Error,
    ];

    /// 130: stopped by Ctrl-C, SIGTERM or SIGHUP (128 + SIGINT, the
    /// shells' convention), after removing the temporary files of unfinished
    /// writes. Not a variant: no command returns it; the signal handler
    /// (`interrupt.rs`) exits with it.
    pub const INTERRUPTED: u8 = 130;

    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Rejected => 1,
            ExitCode::Usage => 2,
            ExitCode::UnknownVersion => 3,
            ExitCode::MissingData => 4,
            ExitCode::EndsSoon => 5,
            ExitCode::Error => 10,
        }
    }

    /// Whether the command succeeded.
    pub fn is_success(self) -> bool {
        self == ExitCode::Success
    }

    /// The code for a yes-or-no answer: [`ExitCode::Success`] or
    /// [`ExitCode::Rejected`].
    pub fn from_answer(ok: bool) -> Self {
        if ok {
            ExitCode::Success
        } else {
            ExitCode::Rejected
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}

impl serde::Serialize for ExitCode {
    /// As its number, the way scripts compare it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitCode;

    #[test]
    fn codes_are_distinct_and_in_order() {
        let numbers: Vec<u8> = ExitCode::ALL.iter().map(|c| c.code()).collect();
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(numbers, sorted);
    }

    #[test]
    fn pirel_meanings_are_kept() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Rejected.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
    }

    #[test]
    fn errors_never_share_the_end_of_life_code() {
        assert_ne!(ExitCode::Error.code(), ExitCode::Rejected.code());
        assert_ne!(ExitCode::Error.code(), ExitCode::Usage.code());
    }

    #[test]
    fn answers_map_to_success_or_rejected() {
        assert_eq!(ExitCode::from_answer(true), ExitCode::Success);
        assert_eq!(ExitCode::from_answer(false), ExitCode::Rejected);
        assert!(ExitCode::Success.is_success());
        assert!(!ExitCode::Error.is_success());
    }
}
