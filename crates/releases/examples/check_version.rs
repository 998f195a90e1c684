//! Check Python (or Django) versions against the embedded release data.
//!
//! ```text
//! cargo run -p toolcup-releases --example check_version -- 3.10.12 3.13.0
//! cargo run -p toolcup-releases --example check_version -- --django 5.2.1
//! ```
//! With no version, checks the active interpreter (starting it at most once).

use toolcup_releases::discovery::{Environment, Want, find_active};
use toolcup_releases::{DataSet, Date, Product, Version};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let product = if args.first().map(String::as_str) == Some("--django") {
        args.remove(0);
        Product::Django
    } else {
        Product::Python
    };
    let catalog = DataSet::embedded().catalog(product)?;
    let today = Date::today_local();
    let versions: Vec<Version> = if args.is_empty() {
        let found = find_active(
            &Environment::from_process(),
            Want {
                django: product == Product::Django,
            },
        )?
        .ok_or("no python or python3 on PATH")?;
        println!(
            "active interpreter: {} (Python {})",
            found.path.display(),
            found.version
        );
        match product {
            Product::Python => vec![found.version],
            _ => vec![found.django.flatten().ok_or("Django is not installed")?],
        }
    } else {
        args.iter().map(|a| a.parse()).collect::<Result<_, _>>()?
    };
    for version in versions {
        match catalog.check(version, today) {
            Ok(v) => println!(
                "{product} {version}: {} (end of life {}), latest patch {}, {} release(s) behind",
                v.status,
                v.end_of_life.map_or("unknown".into(), |d| d.to_string()),
                v.latest_patch.map_or("none".into(), |l| l.to_string()),
                v.releases_behind
            ),
            Err(e) => println!("{e}"),
        }
    }
    Ok(())
}
