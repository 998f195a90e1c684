//! Each guarantee of the runner, one test each. Every wait has a deadline, so
//! a broken guarantee fails the test instead of hanging it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, bounded};
use toolcup_jobs::{JobEvent, JobKind, JobSpec, JobState, Outcome, Runner, RunnerConfig};

const DEADLINE: Duration = Duration::from_secs(20);

fn runner(cpu_threads: usize) -> Runner {
    Runner::with_config(RunnerConfig {
        cpu_threads,
        ..RunnerConfig::default()
    })
}

/// A gate a job waits on until the test opens it (or the deadline passes).
fn gate() -> (Sender<()>, Receiver<()>) {
    bounded(0)
}

fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_job_succeeds_with_its_value() {
    let runner = runner(2);
    let handle = runner.submit(JobSpec::cpu("answer"), |_| Ok::<_, String>(42));
    match handle.wait_timeout(DEADLINE) {
        Some(Outcome::Succeeded(42)) => {}
        other => panic!("expected success with 42, got {other:?}"),
    }
}

#[test]
fn a_job_fails_with_its_error_and_the_listing_keeps_the_text() {
    let runner = runner(2);
    let handle = runner.submit(JobSpec::cpu("bad"), |_| Err::<(), _>("no such file"));
    let id = handle.id();
    match handle.wait_timeout(DEADLINE) {
        Some(Outcome::Failed("no such file")) => {}
        other => panic!("expected the error, got {other:?}"),
    }
    let info = runner
        .jobs()
        .into_iter()
        .find(|j| j.id == id)
        .expect("listed");
    assert_eq!(info.state, JobState::Failed("no such file".into()));
}

#[test]
fn a_panic_is_reported_and_the_worker_survives() {
    let runner = runner(1);
    let handle = runner.submit(JobSpec::cpu("boom"), |_| -> Result<(), String> {
        panic!("kettle boiled dry")
    });
    match handle.wait_timeout(DEADLINE) {
        Some(Outcome::Panicked(msg)) => assert_eq!(msg, "kettle boiled dry"),
        other => panic!("expected a panic, got {other:?}"),
    }
    // The single worker still serves jobs.
    for i in 0..3 {
        let h = runner.submit(JobSpec::cpu("after"), move |_| Ok::<_, String>(i));
        assert!(matches!(h.wait_timeout(DEADLINE), Some(Outcome::Succeeded(v)) if v == i));
    }
    let formatted = runner.submit(JobSpec::cpu("boom2"), |_| -> Result<(), String> {
        panic!("{} cups", 3)
    });
    assert!(
        matches!(formatted.wait_timeout(DEADLINE), Some(Outcome::Panicked(m)) if m == "3 cups")
    );
}

#[test]
fn progress_and_message_are_visible_while_running() {
    let runner = runner(2);
    let (open, gated) = gate();
    let handle = runner.submit(JobSpec::cpu("steps"), move |ctx| {
        ctx.set_progress(3, 10);
        ctx.set_message("grinding");
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(())
    });
    wait_until("progress is reported", || handle.progress().done == 3);
    assert_eq!(handle.state(), JobState::Running);
    let info = handle.info();
    assert_eq!((info.progress.done, info.progress.total), (3, 10));
    assert_eq!(info.message, "grinding");
    assert_eq!(info.progress.fraction(), Some(0.3));
    assert!(handle.try_take().is_none(), "no result while running");
    open.send(()).expect("job waits at the gate");
    assert!(matches!(
        handle.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(()))
    ));
    assert!(
        handle.try_take().is_none(),
        "the outcome is handed out once"
    );
}

#[test]
fn cancelling_a_queued_job_ends_it_at_once() {
    let runner = runner(1);
    let (open, gated) = gate();
    let blocker = runner.submit(JobSpec::cpu("blocker"), move |_| {
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(())
    });
    wait_until("the blocker runs", || blocker.state() == JobState::Running);
    let ran = Arc::new(AtomicUsize::new(0));
    let ran2 = Arc::clone(&ran);
    let queued = runner.submit(JobSpec::cpu("queued"), move |_| {
        ran2.fetch_add(1, Ordering::SeqCst);
        Ok::<_, String>(())
    });
    assert_eq!(queued.state(), JobState::Queued);
    queued.cancel();
    // Ends while the only worker is still busy.
    assert!(matches!(
        queued.wait_timeout(Duration::from_secs(1)),
        Some(Outcome::Cancelled)
    ));
    open.send(()).expect("blocker waits");
    assert!(matches!(
        blocker.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(()))
    ));
    // The cancelled job never runs, even once the worker is free.
    let after = runner.submit(JobSpec::cpu("after"), |_| Ok::<_, String>(()));
    assert!(after.wait_timeout(DEADLINE).is_some());
    assert_eq!(ran.load(Ordering::SeqCst), 0);
}

#[test]
fn a_cancelled_running_job_ends_cancelled_and_its_result_is_dropped() {
    let runner = runner(2);
    let handle = runner.submit(JobSpec::cpu("loop"), |ctx| {
        let start = Instant::now();
        while !ctx.is_cancelled() && start.elapsed() < DEADLINE {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok::<_, String>("finished anyway")
    });
    wait_until("the job runs", || handle.state() == JobState::Running);
    assert!(runner.cancel(handle.id()));
    assert!(matches!(
        handle.wait_timeout(DEADLINE),
        Some(Outcome::Cancelled)
    ));
}

#[test]
fn a_keyed_job_supersedes_the_running_one_with_the_same_key() {
    let runner = runner(2);
    let first = runner.submit(JobSpec::cpu("preview 1").key("preview"), |ctx| {
        let start = Instant::now();
        while !ctx.is_cancelled() && start.elapsed() < DEADLINE {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok::<_, String>(1)
    });
    wait_until("the first preview runs", || {
        first.state() == JobState::Running
    });
    let other_key = runner.submit(JobSpec::cpu("other").key("other"), |_| Ok::<_, String>(0));
    let second = runner.submit(JobSpec::cpu("preview 2").key("preview"), |_| {
        Ok::<_, String>(2)
    });
    assert!(matches!(
        first.wait_timeout(DEADLINE),
        Some(Outcome::Cancelled)
    ));
    assert!(matches!(
        second.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(2))
    ));
    assert!(matches!(
        other_key.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(0))
    ));
}

#[test]
fn twenty_queued_previews_leave_only_the_last() {
    let runner = runner(1);
    let (open, gated) = gate();
    let blocker = runner.submit(JobSpec::cpu("blocker"), move |_| {
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(0)
    });
    wait_until("the blocker runs", || blocker.state() == JobState::Running);
    let handles: Vec<_> = (0..20)
        .map(|i| {
            runner.submit(
                JobSpec::cpu(format!("preview {i}")).key("slider"),
                move |_| Ok::<_, String>(i),
            )
        })
        .collect();
    open.send(()).expect("blocker waits");
    let outcomes: Vec<_> = handles.iter().map(|h| h.wait_timeout(DEADLINE)).collect();
    for outcome in &outcomes[..19] {
        assert!(matches!(outcome, Some(Outcome::Cancelled)), "{outcome:?}");
    }
    assert!(matches!(outcomes[19], Some(Outcome::Succeeded(19))));
}

#[test]
fn blocking_jobs_run_while_every_cpu_worker_is_busy() {
    let runner = runner(1);
    let (open, gated) = gate();
    let cpu = runner.submit(JobSpec::cpu("busy"), move |_| {
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(())
    });
    wait_until("the cpu job runs", || cpu.state() == JobState::Running);
    let waiting = runner.submit(JobSpec::blocking("download"), |_| {
        std::thread::sleep(Duration::from_millis(5));
        Ok::<_, String>("data")
    });
    assert!(matches!(
        waiting.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded("data"))
    ));
    assert_eq!(waiting.info().kind, JobKind::Blocking);
    open.send(()).expect("cpu job waits");
    assert!(cpu.wait_timeout(DEADLINE).is_some());
}

#[test]
fn the_blocking_pool_grows_so_many_waits_overlap() {
    let runner = runner(1);
    let n = 64;
    let barrier = Arc::new(std::sync::Barrier::new(n));
    // Every job waits at a barrier that opens only once all of them are running
    // at the same time, which needs n threads.
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            runner.submit(JobSpec::blocking("wait"), move |_| {
                barrier.wait();
                Ok::<_, String>(())
            })
        })
        .collect();
    for h in handles {
        assert!(matches!(
            h.wait_timeout(DEADLINE),
            Some(Outcome::Succeeded(()))
        ));
    }
}

#[test]
fn the_blocking_pool_respects_its_bound() {
    let runner = Runner::with_config(RunnerConfig {
        cpu_threads: 1,
        max_blocking_threads: 2,
        ..RunnerConfig::default()
    });
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
            runner.submit(JobSpec::blocking("wait"), move |_| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                running.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, String>(())
            })
        })
        .collect();
    for h in handles {
        assert!(h.wait_timeout(DEADLINE).is_some());
    }
    assert_eq!(peak.load(Ordering::SeqCst), 2);
}

#[test]
fn dropping_the_runner_cancels_queued_jobs_and_joins_running_ones() {
    let runner = runner(1);
    let finished = Arc::new(AtomicUsize::new(0));
    let finished2 = Arc::clone(&finished);
    let running = runner.submit(JobSpec::cpu("running"), move |_| {
        std::thread::sleep(Duration::from_millis(100));
        finished2.fetch_add(1, Ordering::SeqCst);
        Ok::<_, String>(())
    });
    wait_until("the job runs", || running.state() == JobState::Running);
    let queued = runner.submit(JobSpec::cpu("queued"), |_| Ok::<_, String>(()));
    drop(runner);
    // Joined: the running job had finished by the time drop returned.
    assert_eq!(finished.load(Ordering::SeqCst), 1);
    assert!(matches!(
        running.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(()))
    ));
    assert!(matches!(
        queued.wait_timeout(DEADLINE),
        Some(Outcome::Cancelled)
    ));
}

#[test]
fn the_listing_shows_every_field_and_keeps_a_bounded_history() {
    let runner = Runner::with_config(RunnerConfig {
        cpu_threads: 1,
        history: 3,
        ..RunnerConfig::default()
    });
    for i in 0..5 {
        let h = runner.submit(JobSpec::cpu(format!("job {i}")), |_| Ok::<_, String>(()));
        h.wait_timeout(DEADLINE).expect("ends");
    }
    let (open, gated) = gate();
    let live = runner.submit(JobSpec::cpu("live").key("k"), move |ctx| {
        ctx.set_progress(1, 4);
        ctx.set_message("tamping");
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(())
    });
    wait_until("progress shows", || live.progress().done == 1);
    std::thread::sleep(Duration::from_millis(5));
    let jobs = runner.jobs();
    let names: Vec<_> = jobs.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["job 2", "job 3", "job 4", "live"]);
    let info = jobs.last().expect("live job listed");
    assert_eq!(info.state, JobState::Running);
    assert_eq!(info.key.as_deref(), Some("k"));
    assert_eq!(info.message, "tamping");
    assert!(info.elapsed >= Duration::from_millis(5));
    assert_eq!(info.id, live.id());
    assert!(jobs.windows(2).all(|w| w[0].id < w[1].id));
    open.send(()).expect("live job waits");
    live.wait_timeout(DEADLINE).expect("ends");
    runner.clear_history();
    assert!(runner.jobs().is_empty());
}

#[test]
fn the_waker_and_listeners_hear_every_change_and_every_end_once() {
    let runner = runner(2);
    let wakes = Arc::new(AtomicUsize::new(0));
    let ends = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&wakes);
    runner.set_waker(move || {
        w.fetch_add(1, Ordering::SeqCst);
    });
    let e = Arc::clone(&ends);
    runner.on_event(move |event| {
        let JobEvent::Finished(info) = event else {
            return;
        };
        assert!(info.state.is_finished());
        e.fetch_add(1, Ordering::SeqCst);
    });
    let h = runner.submit(JobSpec::cpu("one"), |ctx| {
        ctx.set_progress(1, 1);
        Ok::<_, String>(())
    });
    h.wait_timeout(DEADLINE).expect("ends");
    wait_until("the end is heard", || ends.load(Ordering::SeqCst) == 1);
    // submitted, started, progress, finished
    assert!(wakes.load(Ordering::SeqCst) >= 4);
}

#[test]
fn superseded_jobs_fold_into_the_row_of_the_job_that_replaced_them() {
    let runner = runner(1);
    let (open, gated) = gate();
    let blocker = runner.submit(JobSpec::cpu("blocker"), move |_| {
        let _ = gated.recv_timeout(DEADLINE);
        Ok::<_, String>(0)
    });
    wait_until("the blocker runs", || blocker.state() == JobState::Running);
    // A running preview replaced by one that is itself replaced while queued,
    // and so on: a slider drag.
    let handles: Vec<_> = (0..8)
        .map(|i| {
            runner.submit(
                JobSpec::cpu(format!("preview {i}")).key("slider"),
                move |_| Ok::<_, String>(i),
            )
        })
        .collect();
    open.send(()).expect("blocker waits");
    for handle in &handles {
        assert!(handle.wait_timeout(DEADLINE).is_some());
    }
    let _ = blocker.wait_timeout(DEADLINE);
    wait_until("every job is listed as ended", || {
        runner.active_count() == 0
    });
    let rows = runner.jobs();
    let previews: Vec<_> = rows
        .iter()
        .filter(|r| r.key.as_deref() == Some("slider"))
        .collect();
    assert_eq!(previews.len(), 1, "one row for the drag: {rows:?}");
    assert_eq!(previews[0].name, "preview 7");
    assert_eq!(previews[0].state, JobState::Succeeded);
    assert_eq!(previews[0].replaced, 7);
    assert!(!previews[0].superseded);
}

#[test]
fn a_running_job_replaced_twice_still_counts_toward_the_last() {
    let runner = runner(2);
    let slow = |ctx: &toolcup_jobs::JobContext<'_>| {
        let start = Instant::now();
        while !ctx.is_cancelled() && start.elapsed() < DEADLINE {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok::<_, String>(())
    };
    let first = runner.submit(JobSpec::cpu("a").key("k"), slow);
    wait_until("a runs", || first.state() == JobState::Running);
    let second = runner.submit(JobSpec::cpu("b").key("k"), slow);
    let third = runner.submit(JobSpec::cpu("c").key("k"), |_| Ok::<_, String>(()));
    for handle in [&first, &second] {
        assert!(matches!(
            handle.wait_timeout(DEADLINE),
            Some(Outcome::Cancelled)
        ));
    }
    assert!(matches!(
        third.wait_timeout(DEADLINE),
        Some(Outcome::Succeeded(()))
    ));
    wait_until("every job is listed as ended", || {
        runner.active_count() == 0
    });
    let rows = runner.jobs();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].replaced, 2);
}

#[test]
fn data_parallel_work_inside_a_cpu_job_runs_on_the_same_pool() {
    let runner = runner(2);
    let handle = runner.submit(JobSpec::cpu("parallel inside"), |_| {
        use rayon::prelude::*;
        let outer = rayon::current_thread_index();
        let threads: std::collections::BTreeSet<String> = (0..64)
            .into_par_iter()
            .map(|_| {
                std::thread::sleep(Duration::from_millis(1));
                std::thread::current().name().unwrap_or("").to_owned()
            })
            .collect();
        Ok::<_, String>((outer, rayon::current_num_threads(), threads))
    });
    let Some(Outcome::Succeeded((outer, size, threads))) = handle.wait_timeout(DEADLINE) else {
        panic!("the job did not succeed");
    };
    assert!(outer.is_some(), "the job runs on a pool thread");
    assert_eq!(size, 2, "its parallel work sees the job pool's size");
    assert!(
        threads.iter().all(|name| name.starts_with("toolcup-cpu-")),
        "only the job pool's threads computed: {threads:?}"
    );
}
