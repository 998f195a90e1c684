//! Django: endoflife.date's data.

use super::eol;
use crate::catalog::{Catalog, Cycle};
use crate::error::{Error, Result};

const EOL_DJANGO: &str = "endoflife.date django";

/// Builds the sorted Django cycles.
pub(crate) fn cycles(eol_django: &str) -> Result<Vec<Cycle>> {
    let mut cycles = Vec::new();
    for e in eol::parse(EOL_DJANGO, eol_django)? {
        let mut cycle = Cycle::new(e.cycle);
        let m = &mut cycle.milestones;
        m.first_release = e.release_date;
        m.end_of_life = e.eol.or(if e.eol_reached {
            e.latest_date.or(e.release_date)
        } else {
            None
        });
        m.end_of_bugfix = e.eoas.or(if e.eoas_reached { m.end_of_life } else { None });
        cycle.lts = e.lts;
        cycle.supported_python = e.supported_python;
        cycle.latest_reported = e.latest.map(|v| (v, e.latest_date));
        cycles.push(cycle);
    }
    if cycles.is_empty() {
        return Err(Error::data(EOL_DJANGO, "no release cycles"));
    }
    Catalog::sort_cycles(&mut cycles);
    Ok(cycles)
}

#[cfg(test)]
mod tests {
    use crate::catalog::Product;
    use crate::data::DataSet;
    use crate::date::Date;
    use crate::status::Status;
    use crate::version::Version;

    #[test]
    fn embedded_django() {
        let cat = DataSet::embedded().catalog(Product::Django).unwrap();
        let today = Date::parse("2026-11-25").unwrap();
        let v = |s: &str| s.parse::<Version>().unwrap();
        let lts = cat.check(v("5.2.1"), today).unwrap();
        assert!(lts.lts);
        assert_eq!(lts.status, Status::Security);
        assert_eq!(lts.latest_patch, Some(v("5.2.17")));
        assert_eq!(lts.releases_behind, 16);
        assert_eq!(
            cat.check(v("4.2.21"), today).unwrap().status,
            Status::EndOfLife
        );
        assert_eq!(cat.check(v("6.1"), today).unwrap().status, Status::Bugfix);
        assert_eq!(cat.cycles.first().unwrap().branch.to_string(), "1.3");
    }
}
