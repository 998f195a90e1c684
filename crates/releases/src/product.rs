//! The products whose release cycles we know.
//!
//! A module of its own that imports nothing of this crate, so that the error
//! type can name a product without an import circle.

use std::fmt;

/// A product whose release cycle we know.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    /// CPython.
    #[default]
    Python,
    /// The Django web framework.
    Django,
}

impl Product {
    /// Display name: `Python`, `Django`.
    pub fn name(self) -> &'static str {
        match self {
            Product::Python => "Python",
            Product::Django => "Django",
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
