//! The machine's rules: a drink from the menu, strength 1–5, milk 0–5 (a
//! bool is not a number here), add-ons and instructions kept as given.

use std::fmt;

use crate::bind::Binding;
use crate::error::{Error, Result};
use crate::suggest::suggest;
use crate::value::Value;

/// The drinks on the Espressix menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Drink {
    /// A single or double shot.
    Espresso,
    /// A short, concentrated shot.
    Ristretto,
    /// A long-pulled shot.
    Lungo,
    /// Espresso topped up with hot water.
    Americano,
    /// Hot water topped with espresso.
    LongBlack,
    /// Espresso with a dash of milk foam.
    Macchiato,
    /// Espresso with an equal part of warm milk.
    Cortado,
    /// Espresso, steamed milk and thick foam.
    Cappuccino,
    /// Espresso with plenty of steamed milk.
    Latte,
    /// Steamed milk marked with espresso.
    LatteMacchiato,
    /// Espresso with velvety microfoam.
    FlatWhite,
    /// A small flat white.
    Piccolo,
    /// A latte with chocolate.
    Mocha,
    /// Espresso over ice cream.
    Affogato,
    /// Espresso with whipped cream.
    Vienna,
    /// Drip coffee with a shot of espresso.
    RedEye,
    /// Coffee with hot milk.
    CafeAuLait,
    /// Chilled coffee over ice.
    IcedCoffee,
}

impl Drink {
    /// The whole menu.
    pub const MENU: [Drink; 18] = [
        Drink::Espresso,
        Drink::Ristretto,
        Drink::Lungo,
        Drink::Americano,
        Drink::LongBlack,
        Drink::Macchiato,
        Drink::Cortado,
        Drink::Cappuccino,
        Drink::Latte,
        Drink::LatteMacchiato,
        Drink::FlatWhite,
        Drink::Piccolo,
        Drink::Mocha,
        Drink::Affogato,
        Drink::Vienna,
        Drink::RedEye,
        Drink::CafeAuLait,
        Drink::IcedCoffee,
    ];

    /// The name on the menu board.
    pub fn name(self) -> &'static str {
        match self {
            Drink::Espresso => "Espresso",
            Drink::Ristretto => "Ristretto",
            Drink::Lungo => "Lungo",
            Drink::Americano => "Americano",
            Drink::LongBlack => "Long Black",
            Drink::Macchiato => "Macchiato",
            Drink::Cortado => "Cortado",
            Drink::Cappuccino => "Cappuccino",
            Drink::Latte => "Latte",
            Drink::LatteMacchiato => "Latte Macchiato",
            Drink::FlatWhite => "Flat White",
            Drink::Piccolo => "Piccolo",
            Drink::Mocha => "Mocha",
            Drink::Affogato => "Affogato",
            Drink::Vienna => "Vienna",
            Drink::RedEye => "Red Eye",
            Drink::CafeAuLait => "Café au Lait",
            Drink::IcedCoffee => "Iced Coffee",
        }
    }

    /// The drink with exactly this menu name; a near miss gets a suggestion.
    ///
    /// ```
    /// use toolcup_brew::Drink;
    /// assert_eq!(Drink::from_name("Flat White").unwrap(), Drink::FlatWhite);
    /// assert_eq!(
    ///     Drink::from_name("Capuccino").unwrap_err().to_string(),
    ///     "unknown drink \"Capuccino\" for coffee_type. Did you mean \"Cappuccino\"?"
    /// );
    /// ```
    pub fn from_name(name: &str) -> Result<Drink> {
        if let Some(d) = Drink::MENU.into_iter().find(|d| d.name() == name) {
            return Ok(d);
        }
        // Case and spacing slips first, then CPython's typo distance.
        let folded = fold(name);
        let suggestion = Drink::MENU
            .into_iter()
            .find(|d| fold(d.name()) == folded)
            .map(Drink::name)
            .or_else(|| suggest(name, Drink::MENU.iter().map(|d| d.name())));
        Err(Error::UnknownDrink {
            given: name.to_string(),
            suggestion,
        })
    }
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

impl fmt::Display for Drink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $param:literal, $min:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub struct $name(u8);

        impl $name {
            /// Smallest allowed value.
            pub const MIN: u8 = $min;
            /// Largest allowed value.
            pub const MAX: u8 = $max;

            /// Validates the value.
            pub fn new(value: u8) -> Result<Self> {
                if (Self::MIN..=Self::MAX).contains(&value) {
                    Ok(Self(value))
                } else {
                    Err(Error::OutOfRange { parameter: $param, value: value.to_string(), min: Self::MIN, max: Self::MAX })
                }
            }

            /// The value.
            pub fn get(self) -> u8 {
                self.0
            }

            /// Validates a bound Python value: an `int` (not a `bool`) in range.
            pub fn from_value(v: &Value) -> Result<Self> {
                let Value::Int(i) = v else {
                    return Err(Error::NotAnInteger {
                        parameter: $param,
                        value: v.repr(),
                        type_name: v.type_name(),
                        min: Self::MIN,
                        max: Self::MAX,
                    });
                };
                match u8::try_from(i) {
                    Ok(x) if (Self::MIN..=Self::MAX).contains(&x) => Ok(Self(x)),
                    _ => Err(Error::OutOfRange { parameter: $param, value: i.to_string(), min: Self::MIN, max: Self::MAX }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

bounded!(
    /// Coffee strength, 1 to 5 inclusive.
    ///
    /// ```
    /// use toolcup_brew::Strength;
    /// assert_eq!(Strength::new(3).unwrap().get(), 3);
    /// assert_eq!(Strength::new(6).unwrap_err().to_string(), "strength must be from 1 to 5, got 6");
    /// ```
    Strength, "strength", 1, 5
);
bounded!(
    /// Milk amount, 0 to 5 inclusive.
    ///
    /// ```
    /// use toolcup_brew::{MilkAmount, Value};
    /// assert_eq!(
    ///     MilkAmount::from_value(&Value::Bool(true)).unwrap_err().to_string(),
    ///     "milk_amount must be an integer from 0 to 5, got True (bool)"
    /// );
    /// ```
    MilkAmount, "milk_amount", 0, 5
);

/// A checked order, ready for its ticket and for brewing.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The drink.
    pub drink: Drink,
    /// The strength.
    pub strength: Strength,
    /// The milk amount.
    pub milk: MilkAmount,
    /// Add-ons as given (the ticket needs them to be `str`).
    pub add_ons: Vec<Value>,
    /// Instructions as given, keys as written.
    pub instructions: Vec<(String, Value)>,
}

impl Order {
    /// An order with no add-ons or instructions.
    ///
    /// ```
    /// use toolcup_brew::{Drink, MilkAmount, Order, Strength};
    /// let order = Order::new(Drink::Latte, Strength::new(3)?, MilkAmount::new(2)?)
    ///     .add_on("vanilla syrup")
    ///     .instruction("milk_type", "oat");
    /// assert_eq!(
    ///     order.ticket()?.to_string(),
    ///     "Coffee type: Latte\nStrength: 3\nMilk Amount: 2\nAdd-ons: vanilla syrup\nInstructions:\n\tmilk type: oat\n"
    /// );
    /// # Ok::<(), toolcup_brew::Error>(())
    /// ```
    pub fn new(drink: Drink, strength: Strength, milk: MilkAmount) -> Order {
        Order {
            drink,
            strength,
            milk,
            add_ons: Vec::new(),
            instructions: Vec::new(),
        }
    }

    /// Adds an add-on.
    pub fn add_on(mut self, add_on: impl Into<String>) -> Order {
        self.add_ons.push(Value::Str(add_on.into()));
        self
    }

    /// Adds an instruction (`milk_type` prints as `milk type`).
    pub fn instruction(mut self, key: impl Into<String>, value: impl Into<String>) -> Order {
        self.instructions
            .push((key.into(), Value::Str(value.into())));
        self
    }

    /// Checks a binding against the machine's rules. The signature must have
    /// `coffee_type`, `strength` and `milk_amount`; `add_ons` and `instructions`
    /// are used when present.
    pub fn from_binding(binding: &Binding) -> Result<Order> {
        let get = |name: &'static str| binding.get(name).ok_or(Error::MissingParameter(name));
        let drink = match get("coffee_type")? {
            Value::Str(s) => Drink::from_name(s)?,
            other => {
                return Err(Error::UnknownDrink {
                    given: other.repr(),
                    suggestion: None,
                });
            }
        };
        let strength = Strength::from_value(get("strength")?)?;
        let milk = MilkAmount::from_value(get("milk_amount")?)?;
        let add_ons = match binding.get("add_ons") {
            Some(Value::Tuple(items)) => items.clone(),
            _ => Vec::new(),
        };
        let instructions = match binding.get("instructions") {
            Some(Value::Dict(pairs)) => pairs
                .iter()
                .map(|(k, v)| (k.to_py_str(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Order {
            drink,
            strength,
            milk,
            add_ons,
            instructions,
        })
    }
}
