//! The `toolcup` binary: a thin shell over the `toolcup` library, so tests can
//! build the app and the commands without a window.

fn main() -> std::process::ExitCode {
    toolcup::run()
}
