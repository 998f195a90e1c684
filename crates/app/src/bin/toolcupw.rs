//! `toolcupw`: Toolcup for the Windows desktop. The same program as
//! `toolcup`, built for the GUI subsystem so that starting it from Explorer,
//! the Start menu or a file association opens no console window behind the
//! app. Start-up errors appear in a message box and the log file. For the
//! command line use `toolcup.exe`, whose output reaches the console.
#![windows_subsystem = "windows"]

fn main() -> std::process::ExitCode {
    toolcup::run()
}
