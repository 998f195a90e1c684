//! Simulated brewing: a recipe of timed steps per order, run against a time
//! scale with progress reports and cancellation through a callback.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::order::{Drink, Order};

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum StepKind {
    /// Grind the beans for the shots.
    Grind,
    /// Tamp the puck.
    Tamp,
    /// Pull the espresso shots.
    Extract,
    /// Add hot water (Americano, Long Black).
    HotWater,
    /// Steam and texture the milk.
    SteamMilk,
    /// Melt chocolate into the cup (Mocha).
    Chocolate,
    /// Pour into the cup.
    Pour,
    /// Add the add-ons.
    AddOns,
    /// Chill over ice (iced drinks, Affogato).
    Chill,
}

/// One step of a recipe.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// What it does.
    pub kind: StepKind,
    /// A label for displays ("Extract 2 shots").
    pub label: String,
    /// How long the machine takes, in seconds of machine time.
    pub seconds: f64,
}

/// The steps to brew one order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BrewPlan {
    /// The steps in order.
    pub steps: Vec<Step>,
}

/// How far a brew has got, reported after every slice of machine time.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// 0-based index of the running step.
    pub step: usize,
    /// Number of steps.
    pub total_steps: usize,
    /// The running step's label.
    pub label: String,
    /// Fraction of the running step done, 0 to 1.
    pub step_fraction: f64,
    /// Fraction of the whole recipe done (by machine time), 0 to 1.
    pub fraction: f64,
}

impl BrewPlan {
    /// The recipe for an order. Shots follow the strength (1–2: one shot,
    /// 3–4: two, 5: three); milk steaming takes 8 s per unit; each add-on 4 s.
    ///
    /// ```
    /// use toolcup_brew::{BrewPlan, Drink, MilkAmount, Order, Strength};
    /// let order = Order::new(Drink::Latte, Strength::new(3)?, MilkAmount::new(2)?).add_on("vanilla syrup");
    /// let plan = BrewPlan::for_order(&order);
    /// let labels: Vec<&str> = plan.steps.iter().map(|s| s.label.as_str()).collect();
    /// assert_eq!(labels, ["Grind 18 g", "Tamp", "Extract 2 shots", "Steam 2 units of milk", "Pour", "Add vanilla syrup"]);
    /// assert_eq!(plan.total_seconds(), 12.0 + 4.0 + 28.0 + 16.0 + 5.0 + 4.0);
    /// # Ok::<(), toolcup_brew::Error>(())
    /// ```
    pub fn for_order(order: &Order) -> BrewPlan {
        let shots = u32::from(order.strength.get()).div_ceil(2);
        let milk = order.milk.get();
        let mut steps = vec![
            Step {
                kind: StepKind::Grind,
                label: format!("Grind {} g", 9 * shots),
                seconds: 6.0 * f64::from(shots),
            },
            Step {
                kind: StepKind::Tamp,
                label: "Tamp".into(),
                seconds: 4.0,
            },
            Step {
                kind: StepKind::Extract,
                label: if shots == 1 {
                    "Extract 1 shot".into()
                } else {
                    format!("Extract {shots} shots")
                },
                // Shots run side by side on a double spout: about 25 s plus 3 s per extra shot.
                seconds: 25.0 + 3.0 * f64::from(shots - 1),
            },
        ];
        match order.drink {
            Drink::Americano | Drink::LongBlack => steps.push(Step {
                kind: StepKind::HotWater,
                label: "Add hot water".into(),
                seconds: 10.0,
            }),
            Drink::Mocha => steps.push(Step {
                kind: StepKind::Chocolate,
                label: "Melt chocolate".into(),
                seconds: 8.0,
            }),
            Drink::IcedCoffee | Drink::Affogato => steps.push(Step {
                kind: StepKind::Chill,
                label: "Chill over ice".into(),
                seconds: 6.0,
            }),
            _ => {}
        }
        if milk > 0 {
            steps.push(Step {
                kind: StepKind::SteamMilk,
                label: if milk == 1 {
                    "Steam 1 unit of milk".into()
                } else {
                    format!("Steam {milk} units of milk")
                },
                seconds: 8.0 * f64::from(milk),
            });
        }
        steps.push(Step {
            kind: StepKind::Pour,
            label: "Pour".into(),
            seconds: 5.0,
        });
        for a in &order.add_ons {
            steps.push(Step {
                kind: StepKind::AddOns,
                label: format!("Add {}", a.to_py_str()),
                seconds: 4.0,
            });
        }
        BrewPlan { steps }
    }

    /// Machine time of the whole recipe, in seconds.
    pub fn total_seconds(&self) -> f64 {
        self.steps.iter().map(|s| s.seconds).sum()
    }
}

/// Runs a plan in real time divided by `time_scale` (1.0 is the machine's own
/// pace, 60.0 runs a minute per second, `f64::INFINITY` does not wait at
/// all). `progress` is called at least once per step and about every 20 ms
/// while waiting; returning `ControlFlow::Break` cancels safely between
/// slices, with [`Error::Cancelled`].
///
/// ```
/// use std::ops::ControlFlow;
/// use toolcup_brew::{brew, BrewPlan, Drink, MilkAmount, Order, Strength};
/// let order = Order::new(Drink::Espresso, Strength::new(5)?, MilkAmount::new(0)?);
/// let mut seen = 0;
/// brew(&BrewPlan::for_order(&order), f64::INFINITY, &mut |_p| { seen += 1; ControlFlow::Continue(()) })?;
/// assert!(seen >= 4);
/// # Ok::<(), toolcup_brew::Error>(())
/// ```
pub fn brew(
    plan: &BrewPlan,
    time_scale: f64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<()> {
    if time_scale.is_nan() || time_scale <= 0.0 {
        return Err(Error::InvalidSetting {
            setting: "time_scale",
            reason: format!("must be positive, got {time_scale}"),
        });
    }
    let total = plan.total_seconds().max(f64::MIN_POSITIVE);
    let slice = Duration::from_millis(20);
    let mut done_before = 0.0;
    let n = plan.steps.len();
    for (i, step) in plan.steps.iter().enumerate() {
        let real = Duration::from_secs_f64((step.seconds / time_scale).min(86_400.0));
        let started = Instant::now();
        loop {
            let elapsed = started.elapsed();
            let step_fraction = if real.is_zero() {
                1.0
            } else {
                (elapsed.as_secs_f64() / real.as_secs_f64()).min(1.0)
            };
            let p = Progress {
                step: i,
                total_steps: n,
                label: step.label.clone(),
                step_fraction,
                fraction: ((done_before + step.seconds * step_fraction) / total).min(1.0),
            };
            if progress(p).is_break() {
                return Err(Error::Cancelled {
                    step: i + 1,
                    total: n,
                });
            }
            if elapsed >= real {
                break;
            }
            std::thread::sleep(slice.min(real - elapsed));
        }
        done_before += step.seconds;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MilkAmount, Strength};

    #[test]
    fn cancels_between_slices() {
        let order = Order::new(
            Drink::Cappuccino,
            Strength::new(3).unwrap(),
            MilkAmount::new(3).unwrap(),
        );
        let plan = BrewPlan::for_order(&order);
        let mut calls = 0;
        let r = brew(&plan, f64::INFINITY, &mut |p| {
            calls += 1;
            if p.step == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(
            r,
            Err(Error::Cancelled {
                step: 3,
                total: plan.steps.len()
            })
        );
        assert_eq!(calls, 3);
    }

    #[test]
    fn progress_is_monotonic_and_ends_at_one() {
        let order = Order::new(
            Drink::Americano,
            Strength::new(1).unwrap(),
            MilkAmount::new(0).unwrap(),
        );
        let plan = BrewPlan::for_order(&order);
        let mut last = 0.0;
        brew(&plan, 2000.0, &mut |p| {
            assert!(p.fraction >= last);
            last = p.fraction;
            ControlFlow::Continue(())
        })
        .unwrap();
        assert!((last - 1.0).abs() < 1e-9);
    }

    #[test]
    fn rejects_bad_scale() {
        let plan = BrewPlan { steps: vec![] };
        assert!(brew(&plan, 0.0, &mut |_| ControlFlow::Continue(())).is_err());
    }
}
