//! Django in a requirement (PEP 508): `Django==4.2.11`,
//! `django[argon2] >=4.2, <5.0 ; python_version >= "3.10"`, `Django (>=3.2)`.

use crate::scan::pin::{self, Pin};

/// Whether a distribution name is Django (names compare case-insensitively,
/// with `-`, `_` and `.` alike, as PEP 503 says; Django's has none of them).
pub(crate) fn is_django(name: &str) -> bool {
    name.eq_ignore_ascii_case("django")
}

/// If `text` is a requirement on Django with a version specifier: the byte
/// offset of the specifier in `text`, the specifier text, and its pin. A
/// requirement without a version (`django`), on another project, or by URL
/// (`django @ https://…`) gives `None`.
pub(crate) fn django(text: &str) -> Option<(usize, &str, Pin)> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let name_len = trimmed
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .count();
    if !is_django(&trimmed[..name_len]) {
        return None;
    }
    let mut rest = &trimmed[name_len..];
    let mut offset = lead + name_len;
    let skip_space = |rest: &mut &str, offset: &mut usize| {
        let t = rest.trim_start();
        *offset += rest.len() - t.len();
        *rest = t;
    };
    skip_space(&mut rest, &mut offset);
    if let Some(after) = rest.strip_prefix('[') {
        let close = after.find(']')?;
        offset += close + 2;
        rest = &after[close + 1..];
        skip_space(&mut rest, &mut offset);
    }
    if let Some(after) = rest.strip_prefix('(') {
        offset += 1;
        rest = after;
        skip_space(&mut rest, &mut offset);
    }
    if !rest.starts_with(['<', '>', '=', '!', '~']) {
        return None;
    }
    // The specifier ends at a marker, a comment, a closing parenthesis, or an
    // option of pip's (` --hash=…`).
    let end = [
        rest.find(';'),
        rest.find(" #"),
        rest.find(')'),
        rest.find(" --"),
        rest.find(" \\"),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(rest.len());
    let spec = rest[..end].trim_end();
    let pin = pin::pep440(spec)?;
    Some((offset, spec, pin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_requirements() {
        let shown = |t: &str| django(t).map(|(o, s, p)| format!("{o} {s} {p}"));
        assert_eq!(
            shown("Django==4.2.11").as_deref(),
            Some("6 ==4.2.11 4.2.11")
        );
        assert_eq!(
            shown("django>=4.2,<5.0").as_deref(),
            Some("6 >=4.2,<5.0 >=4.2,<5.0")
        );
        assert_eq!(
            shown("  django[argon2] >= 3.2 ; python_version >= \"3.8\"").as_deref(),
            Some("17 >= 3.2 >= 3.2")
        );
        assert_eq!(shown("Django (>=3.2)").as_deref(), Some("8 >=3.2 >=3.2"));
        assert_eq!(
            shown("Django==4.2.7 --hash=sha256:abc").as_deref(),
            Some("6 ==4.2.7 4.2.7")
        );
        assert_eq!(
            shown("django~=5.0.1  # web").as_deref(),
            Some("6 ~=5.0.1 ~=5.0.1")
        );
        for none in [
            "django",
            "django-filter==23.1",
            "djangorestframework>=3",
            "django @ https://x/y.zip",
            "requests==2",
            "Django[bcrypt",
        ] {
            assert_eq!(shown(none), None, "{none}");
        }
    }
}
