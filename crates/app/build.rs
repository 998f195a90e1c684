//! Embeds the app icon in the Windows executable, so Explorer, the taskbar
//! and shortcuts show it. Other platforms take the icon from the window
//! (`assets/icon.png`), the `.desktop` file or the macOS bundle.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon.ico");
    #[cfg(windows)]
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("assets/icon.ico");
        if let Err(err) = resource.compile() {
            println!("cargo:warning=the icon was not embedded in toolcup.exe: {err}");
        }
    }
}
