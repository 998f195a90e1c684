//! Errors as people read them: one line, each cause once.

use std::fmt::Write;

/// An error and its causes on one line, `outer: cause: root cause`, leaving
/// out a cause whose text the line already holds (a library error that
/// quotes its source and also returns it as its source would otherwise say
/// "No such file or directory" twice).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        let _ = write!(line, "{text}");
    }
    line.replace(['\n', '\r'], " ")
}

/// An input refused with CPython's own traceback (a `--signature` def that
/// raises, or is not valid Python): printed as a line saying what was
/// refused, then the traceback as Python prints it, since flattening its
/// source line and caret markers onto one line would make them unreadable.
#[derive(Debug)]
pub struct Traceback {
    /// What was refused, without a trailing colon.
    pub what: String,
    /// CPython's traceback text.
    pub text: String,
}

impl std::fmt::Display for Traceback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:\n{}", self.what, self.text.trim_end())
    }
}

impl std::error::Error for Traceback {}

#[cfg(test)]
mod tests {
    use super::one_line;
    use anyhow::Context;

    #[test]
    fn a_cause_quoted_by_its_context_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        #[derive(Debug)]
        struct Quoting(std::io::Error);
        impl std::fmt::Display for Quoting {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "cannot read a.png: {}", self.0)
            }
        }
        impl std::error::Error for Quoting {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let err = anyhow::Error::new(Quoting(io));
        assert_eq!(
            one_line(&err),
            "cannot read a.png: No such file or directory"
        );
    }

    #[test]
    fn distinct_causes_are_all_kept_in_order() {
        let err: anyhow::Error = Err::<(), _>(std::io::Error::other("disk full"))
            .context("writing out.png")
            .context("denoising a.png")
            .expect_err("an error");
        assert_eq!(
            one_line(&err),
            "denoising a.png: writing out.png: disk full"
        );
    }

    #[test]
    fn the_line_has_no_line_breaks() {
        let err = anyhow::anyhow!("first\nsecond");
        assert_eq!(one_line(&err), "first second");
    }
}
