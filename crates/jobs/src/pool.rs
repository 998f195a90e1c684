//! The two thread pools behind the runner.

use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use parking_lot::{Condvar, Mutex};

/// A unit of work as a pool sees it.
pub(crate) type Task = Box<dyn FnOnce() + Send + 'static>;

/// The CPU pool: a rayon pool with one thread per core, shared by the jobs
/// and by the data-parallel work inside them (a filter's `par_iter` run from
/// a job uses the job's own pool), so computing never has more busy threads
/// than cores.
pub(crate) struct CpuPool {
    pool: Option<rayon::ThreadPool>,
    /// Tasks submitted and not yet returned, to join them on drop.
    pending: Arc<(Mutex<usize>, Condvar)>,
}

impl CpuPool {
    pub(crate) fn new(name: &str, threads: usize, background: bool) -> Self {
        let name = name.to_owned();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(move |i| format!("{name}-{i}"))
            .start_handler(move |_| {
                if background {
                    crate::priority::lower_current_thread();
                }
            })
            .build()
            .unwrap_or_else(|err| panic!("cannot start the CPU pool: {err}"));
        CpuPool {
            pool: Some(pool),
            pending: Arc::new((Mutex::new(0), Condvar::new())),
        }
    }

    pub(crate) fn submit(&self, task: Task) {
        let Some(pool) = &self.pool else { return };
        *self.pending.0.lock() += 1;
        let pending = Arc::clone(&self.pending);
        pool.spawn_fifo(move || {
            // The job catches its own panics; this guard counts the task
            // done even if something outside the job panicked.
            let _done = PendingGuard(pending);
            task();
        });
    }
}

struct PendingGuard(Arc<(Mutex<usize>, Condvar)>);

impl Drop for PendingGuard {
    fn drop(&mut self) {
        let (count, done) = &*self.0;
        let mut count = count.lock();
        *count -= 1;
        if *count == 0 {
            done.notify_all();
        }
    }
}

impl Drop for CpuPool {
    fn drop(&mut self) {
        let (count, done) = &*self.pending;
        let mut count = count.lock();
        while *count > 0 {
            done.wait(&mut count);
        }
        drop(count);
        self.pool = None;
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
