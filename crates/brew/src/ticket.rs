//! The ticket, printed exactly as the manual's function prints it.

use std::fmt;

use crate::error::{Error, PyException, Result};
use crate::order::Order;
use crate::value::Value;

/// The printed ticket of an order.
///
/// The manual's function is
///
/// ```python
/// print(f"Coffee type: {coffee_type}")
/// print(f"Strength: {strength}")
/// print(f"Milk Amount: {milk_amount}")
/// print(f"Add-ons: {', '.join(add_ons)}")
/// print("Instructions:")
/// for key, value in instructions.items():
///     print(f"\t{key.replace('_', ' ')}: {value}")
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    text: String,
}

impl Ticket {
    /// The ticket's lines, each ending in a newline.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Order {
    /// Prints the ticket. Fails with Python's own TypeError where
    /// `', '.join(add_ons)` would fail on an add-on that is not a `str`.
    ///
    /// ```
    /// use toolcup_brew::{Drink, MilkAmount, Order, Strength, Value};
    /// let mut order = Order::new(Drink::Mocha, Strength::new(2)?, MilkAmount::new(1)?);
    /// order.add_ons = vec![Value::Str("cream".into()), Value::Bool(true)];
    /// assert_eq!(
    ///     order.ticket().unwrap_err().to_string(),
    ///     "TypeError: sequence item 1: expected str instance, bool found"
    /// );
    /// # Ok::<(), toolcup_brew::Error>(())
    /// ```
    pub fn ticket(&self) -> Result<Ticket> {
        let mut add_ons = Vec::with_capacity(self.add_ons.len());
        for (i, a) in self.add_ons.iter().enumerate() {
            match a {
                Value::Str(s) => add_ons.push(s.as_str()),
                other => {
                    return Err(Error::Python(PyException::type_error(format!(
                        "sequence item {i}: expected str instance, {} found",
                        other.type_name()
                    ))));
                }
            }
        }
        let mut text = String::new();
        text.push_str(&format!("Coffee type: {}\n", self.drink.name()));
        text.push_str(&format!("Strength: {}\n", self.strength));
        text.push_str(&format!("Milk Amount: {}\n", self.milk));
        text.push_str(&format!("Add-ons: {}\n", add_ons.join(", ")));
        text.push_str("Instructions:\n");
        for (k, v) in &self.instructions {
            text.push_str(&format!("\t{}: {}\n", k.replace('_', " "), v.to_py_str()));
        }
        Ok(Ticket { text })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Order, Preset, Signature, bind_call};

    #[test]
    fn manual_ticket() {
        let sig = Signature::preset(Preset::Current);
        let b = bind_call(
            &sig,
            r#"brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2, milk_type="oat", temperature="extra hot")"#,
        )
        .unwrap();
        let t = Order::from_binding(&b).unwrap().ticket().unwrap();
        assert_eq!(
            t.as_str(),
            "Coffee type: Latte\nStrength: 3\nMilk Amount: 2\nAdd-ons: vanilla syrup\nInstructions:\n\tmilk type: oat\n\ttemperature: extra hot\n"
        );
    }

    #[test]
    fn rules() {
        let sig = Signature::preset(Preset::Current);
        let check = |call: &str| {
            Order::from_binding(&bind_call(&sig, call).unwrap())
                .map(|_| ())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            check("brew_coffee('Latte', strength=True)"),
            "strength must be an integer from 1 to 5, got True (bool)"
        );
        assert_eq!(
            check("brew_coffee('Latte', strength=9)"),
            "strength must be from 1 to 5, got 9"
        );
        assert_eq!(
            check("brew_coffee('Latte', milk_amount=2.0)"),
            "milk_amount must be an integer from 0 to 5, got 2.0 (float)"
        );
        assert_eq!(
            check("brew_coffee('Lattte')"),
            "unknown drink \"Lattte\" for coffee_type. Did you mean \"Latte\"?"
        );
        assert_eq!(
            check("brew_coffee('flat white')"),
            "unknown drink \"flat white\" for coffee_type. Did you mean \"Flat White\"?"
        );
        assert_eq!(
            check("brew_coffee('Tea')"),
            "unknown drink \"Tea\" for coffee_type"
        );
    }
}
