//! Colour on terminals: one rule for the command line's output and for the
//! log on stderr, in the window and on the command line alike.

use clap::ValueEnum;

/// When to colour the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal, and never when NO_COLOR is set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal: `auto`
    /// colours only a terminal and never when `NO_COLOR` is set and not
    /// empty (<https://no-color.org>).
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color(),
        }
    }
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::ColorChoice;

    #[test]
    fn explicit_choices_ignore_the_stream() {
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Never.enabled(true));
    }

    #[test]
    fn auto_never_colours_a_file_or_pipe() {
        assert!(!ColorChoice::Auto.enabled(false));
    }
}
