//! Every parser of user (or downloaded) input in toolcup-releases: version
//! strings, requires-python specifiers, `.python-version`, `pyvenv.cfg`,
//! dates, and the release data files. None may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use toolcup_releases::discovery::{PyvenvCfg, parse_python_version_file};
use toolcup_releases::{Branch, DataSet, Date, Product, RequiresPython, Version};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = text.parse::<Version>();
    let _ = text.parse::<Branch>();
    let _ = Date::parse_day_or_month(text);
    if let Ok(spec) = text.parse::<RequiresPython>() {
        let _ = spec.allows(Version::new(3, 12, 1));
    }
    let _ = parse_python_version_file(text);
    let _ = PyvenvCfg::parse(text, std::path::Path::new("pyvenv.cfg"));
    let mut set = DataSet::embedded();
    set.release_cycle = text.to_owned();
    let _ = set.catalog(Product::Python);
    set.eol_django = text.to_owned();
    let _ = set.catalog(Product::Django);
});
