//! The two thread pools behind the runner.

use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use parking_lot::Mutex;

/// A unit of work as a pool sees it.
pub(crate) type Task = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of threads sharing one queue: the CPU pool.
pub(crate) struct FixedPool {
    tx: Option<Sender<Task>>,
    threads: Vec<JoinHandle<()>>,
}

impl FixedPool {
    pub(crate) fn new(name: &str, threads: usize) -> Self {
        let (tx, rx) = crossbeam_channel::unbounded::<Task>();
        let threads = (0..threads.max(1))
            .map(|i| {
                let rx = rx.clone();
                thread::Builder::new()
                    .name(format!("{name}-{i}"))
                    .spawn(move || {
                        for task in rx.iter() {
                            task();
                        }
                    })
                    .unwrap_or_else(|err| panic!("cannot start a {name} thread: {err}"))
            })
            .collect();
        FixedPool {
            tx: Some(tx),
            threads,
        }
    }

    pub(crate) fn submit(&self, task: Task) {
        if let Some(tx) = &self.tx {
            // The receivers live as long as the pool, so this cannot fail.
            let _ = tx.send(task);
        }
    }
}

impl Drop for FixedPool {
    fn drop(&mut self) {
        self.tx = None;
        for handle in self.threads.drain(..) {
            let _ = handle.join();
        }
    }
}

struct GrowState {
    threads: usize,
    idle: usize,
    queued: usize,
    handles: Vec<JoinHandle<()>>,
}

struct GrowShared {
    name: String,
    max_threads: usize,
    keep_alive: Duration,
    rx: Receiver<Task>,
    state: Mutex<GrowState>,
}

/// A pool that starts a thread whenever work waits and no thread is idle, up
/// to a bound, and lets threads idle longer than `keep_alive` exit: the
/// blocking pool.
pub(crate) struct GrowingPool {
    tx: Option<Sender<Task>>,
    shared: Arc<GrowShared>,
}

impl GrowingPool {
    pub(crate) fn new(name: &str, max_threads: usize, keep_alive: Duration) -> Self {
        let (tx, rx) = crossbeam_channel::unbounded::<Task>();
        GrowingPool {
            tx: Some(tx),
            shared: Arc::new(GrowShared {
                name: name.to_owned(),
                max_threads: max_threads.max(1),
                keep_alive,
                rx,
                state: Mutex::new(GrowState {
                    threads: 0,
                    idle: 0,
                    queued: 0,
                    handles: Vec::new(),
                }),
            }),
        }
    }

    pub(crate) fn submit(&self, task: Task) {
        let Some(tx) = &self.tx else { return };
        {
            let mut st = self.shared.state.lock();
            st.queued += 1;
            if st.queued > st.idle && st.threads < self.shared.max_threads {
                st.handles.retain(|h| !h.is_finished());
                let index = st.threads;
                let shared = Arc::clone(&self.shared);
                match thread::Builder::new()
                    .name(format!("{}-{index}", self.shared.name))
                    .spawn(move || worker(&shared))
                {
                    Ok(handle) => {
                        st.threads += 1;
                        st.handles.push(handle);
                    }
                    // Out of threads: the work still runs on the ones we have.
                    Err(_) if st.threads > 0 => {}
                    Err(err) => panic!("cannot start a {} thread: {err}", self.shared.name),
                }
            }
        }
        let _ = tx.send(task);
    }
}

fn worker(shared: &GrowShared) {
    loop {
        shared.state.lock().idle += 1;
        let received = shared.rx.recv_timeout(shared.keep_alive);
        let task = {
            let mut st = shared.state.lock();
            st.idle -= 1;
            match received {
                Ok(task) => {
                    st.queued -= 1;
                    task
                }
                // Stay if work was queued counting on this thread being idle.
                Err(RecvTimeoutError::Timeout) if st.queued > st.idle => continue,
                Err(_) => {
                    st.threads -= 1;
                    return;
                }
            }
        };
        task();
    }
}

impl Drop for GrowingPool {
    fn drop(&mut self) {
        self.tx = None;
        let handles = std::mem::take(&mut self.shared.state.lock().handles);
        for handle in handles {
            let _ = handle.join();
        }
    }
}
