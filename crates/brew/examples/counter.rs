//! The counter: bind a barista's call, check the order, print the ticket,
//! brew it (at 60x speed) and show how a rush would queue.
//!
//!     cargo run -p toolcup-brew --example counter -- 'brew_coffee("Latte", "vanilla syrup", milk_amount=2)'

use std::ops::ControlFlow;

use toolcup_brew::{
    BrewPlan, Error, Order, Preset, QueuedOrder, Signature, bind_call, brew, format_exception,
    simulate_queue,
};

fn main() -> Result<(), Error> {
    let call = std::env::args().nth(1).unwrap_or_else(|| {
        r#"brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2, milk_type="oat")"#
            .into()
    });
    let sig = Signature::preset(Preset::Current);
    println!("{sig}\n{call}\n");
    let binding = match bind_call(&sig, &call) {
        Ok(b) => b,
        Err(Error::Python(exc)) => {
            eprint!("{}", format_exception(&exc, &call, "<call>"));
            std::process::exit(1);
        }
        Err(other) => return Err(other),
    };
    for p in &binding.params {
        println!(
            "{:<14} = {:<24} ({})",
            p.name,
            p.value.repr(),
            p.source.describe()
        );
    }
    let order = Order::from_binding(&binding)?;
    println!("\n{}", order.ticket()?);
    let plan = BrewPlan::for_order(&order);
    let mut last = usize::MAX;
    brew(&plan, 60.0, &mut |p| {
        if p.step != last {
            last = p.step;
            println!("[{}/{}] {}", p.step + 1, p.total_steps, p.label);
        }
        ControlFlow::Continue(())
    })?;
    let rush: Vec<QueuedOrder> = (0..6)
        .map(|i| QueuedOrder {
            label: format!("#{}", i + 1),
            arrival_seconds: f64::from(i) * 15.0,
            brew_seconds: plan.total_seconds(),
        })
        .collect();
    let report = simulate_queue(&rush, 2)?;
    println!(
        "\nRush of 6 on 2 group heads: mean wait {:.0} s, {:.0} orders/hour",
        report.mean_wait_seconds, report.throughput_per_hour
    );
    Ok(())
}
