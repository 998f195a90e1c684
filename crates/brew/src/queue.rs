//! The counter at rush hour: orders queue up, a number of group heads brew in
//! parallel, first come first served.

use crate::error::{Error, Result};

/// An order waiting at the counter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueuedOrder {
    /// A label (a ticket number or the call).
    pub label: String,
    /// When it arrives, in seconds from the start of the rush.
    pub arrival_seconds: f64,
    /// How long it takes to brew (see [`crate::BrewPlan::total_seconds`]).
    pub brew_seconds: f64,
}

/// What happened to one order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServedOrder {
    /// The order's label.
    pub label: String,
    /// The group head (0-based) that brewed it.
    pub head: usize,
    /// Arrival time, seconds.
    pub arrival_seconds: f64,
    /// When brewing started, seconds.
    pub start_seconds: f64,
    /// When it was ready, seconds.
    pub finish_seconds: f64,
    /// Time spent waiting before brewing, seconds.
    pub wait_seconds: f64,
}

/// The outcome of a rush.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueueReport {
    /// Orders in the order they were served (FCFS: arrival order).
    pub served: Vec<ServedOrder>,
    /// When the last order was ready, seconds.
    pub makespan_seconds: f64,
    /// Mean wait, seconds.
    pub mean_wait_seconds: f64,
    /// Longest wait, seconds.
    pub max_wait_seconds: f64,
    /// Orders per hour over the makespan.
    pub throughput_per_hour: f64,
}

/// Serves `orders` first come first served on `group_heads` heads: each
/// order, in arrival order (ties keep their given order), goes to the head
/// that frees up first (lowest number on ties) and starts when both it and
/// that head are ready.
///
/// ```
/// use toolcup_brew::{simulate_queue, QueuedOrder};
/// let o = |label: &str, at: f64, secs: f64| QueuedOrder { label: label.into(), arrival_seconds: at, brew_seconds: secs };
/// let r = simulate_queue(&[o("a", 0.0, 60.0), o("b", 0.0, 60.0), o("c", 10.0, 30.0)], 2)?;
/// assert_eq!(r.served[2].start_seconds, 60.0);
/// assert_eq!(r.served[2].wait_seconds, 50.0);
/// assert_eq!(r.makespan_seconds, 90.0);
/// assert_eq!(r.throughput_per_hour, 120.0);
/// # Ok::<(), toolcup_brew::Error>(())
/// ```
pub fn simulate_queue(orders: &[QueuedOrder], group_heads: usize) -> Result<QueueReport> {
    if group_heads == 0 || group_heads > 64 {
        return Err(Error::InvalidSetting {
            setting: "group_heads",
            reason: format!("must be 1 to 64, got {group_heads}"),
        });
    }
    for o in orders {
        if !(o.arrival_seconds.is_finite()
            && o.arrival_seconds >= 0.0
            && o.brew_seconds.is_finite()
            && o.brew_seconds >= 0.0)
        {
            return Err(Error::InvalidSetting {
                setting: "orders",
                reason: format!(
                    "{:?}: arrival and brew time must be finite and not negative",
                    o.label
                ),
            });
        }
    }
    let mut by_arrival: Vec<&QueuedOrder> = orders.iter().collect();
    by_arrival.sort_by(|a, b| a.arrival_seconds.total_cmp(&b.arrival_seconds));
    let mut free_at = vec![0.0_f64; group_heads];
    let mut served = Vec::with_capacity(orders.len());
    for o in by_arrival {
        let (head, ready) =
            free_at
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |best, (h, t)| if t < best.1 { (h, t) } else { best },
                );
        let start = ready.max(o.arrival_seconds);
        let finish = start + o.brew_seconds;
        free_at[head] = finish;
        served.push(ServedOrder {
            label: o.label.clone(),
            head,
            arrival_seconds: o.arrival_seconds,
            start_seconds: start,
            finish_seconds: finish,
            wait_seconds: start - o.arrival_seconds,
        });
    }
    let makespan = served.iter().map(|s| s.finish_seconds).fold(0.0, f64::max);
    let n = served.len() as f64;
    let mean_wait = if served.is_empty() {
        0.0
    } else {
        served.iter().map(|s| s.wait_seconds).sum::<f64>() / n
    };
    let max_wait = served.iter().map(|s| s.wait_seconds).fold(0.0, f64::max);
    let throughput = if makespan > 0.0 {
        n * 3600.0 / makespan
    } else {
        0.0
    };
    Ok(QueueReport {
        served,
        makespan_seconds: makespan,
        mean_wait_seconds: mean_wait,
        max_wait_seconds: max_wait,
        throughput_per_hour: throughput,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A deliberately naive reference: step a clock through every event time
    /// and hand the waiting orders, oldest first, to idle heads.
    fn naive(orders: &[QueuedOrder], heads: usize) -> Vec<(f64, f64)> {
        let mut order_idx: Vec<usize> = (0..orders.len()).collect();
        order_idx.sort_by(|&a, &b| {
            orders[a]
                .arrival_seconds
                .total_cmp(&orders[b].arrival_seconds)
        });
        let mut busy_until = vec![0.0_f64; heads];
        let mut result = vec![(0.0, 0.0); orders.len()];
        let mut next = 0;
        let mut clock = 0.0_f64;
        while next < order_idx.len() {
            let o = &orders[order_idx[next]];
            clock = clock.max(o.arrival_seconds);
            if let Some(h) = (0..heads).find(|&h| busy_until[h] <= clock) {
                let h = (0..heads)
                    .filter(|&k| busy_until[k] <= clock)
                    .min_by(|&a, &b| busy_until[a].total_cmp(&busy_until[b]).then(a.cmp(&b)))
                    .unwrap_or(h);
                busy_until[h] = clock + o.brew_seconds;
                result[next] = (clock, clock + o.brew_seconds);
                next += 1;
            } else {
                clock = busy_until.iter().copied().fold(f64::INFINITY, f64::min);
            }
        }
        result
    }

    proptest! {
        #[test]
        fn matches_naive_reference(
            raw in prop::collection::vec((0u32..600, 1u32..120), 0..40),
            heads in 1usize..5,
        ) {
            let orders: Vec<QueuedOrder> = raw.iter().enumerate()
                .map(|(i, &(a, b))| QueuedOrder { label: i.to_string(), arrival_seconds: f64::from(a), brew_seconds: f64::from(b) })
                .collect();
            let report = simulate_queue(&orders, heads).unwrap();
            let reference = naive(&orders, heads);
            for (s, (start, finish)) in report.served.iter().zip(reference) {
                prop_assert_eq!(s.start_seconds, start);
                prop_assert_eq!(s.finish_seconds, finish);
                prop_assert!(s.wait_seconds >= 0.0);
            }
        }
    }

    #[test]
    fn rejects_zero_heads() {
        assert!(simulate_queue(&[], 0).is_err());
    }
}
