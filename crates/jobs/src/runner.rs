//! The runner: submission, the registry of jobs, keyed supersession, hooks.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use parking_lot::{Mutex, RwLock};

use crate::job::{
    Control, Entry, JobContext, JobHandle, JobId, JobInfo, JobKind, JobState, Lifecycle, Shared,
};
use crate::pool::{CpuPool, GrowingPool};

/// How a [`Runner`] is sized.
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// Threads of the CPU pool (default: the number of cores).
    pub cpu_threads: usize,
    /// Most threads the blocking pool may grow to (default 512). Blocking
    /// jobs mostly wait, so many of them must wait at once for the machine to
    /// stay busy.
    pub max_blocking_threads: usize,
    /// How long an idle blocking thread lives before it exits (default 10 s).
    pub blocking_keep_alive: Duration,
    /// How many finished jobs the listing keeps (default 100).
    pub history: usize,
    /// Run the CPU pool's threads at background priority (default false), so
    /// that a window's UI thread keeps its share of the cores while a long
    /// job computes. Applied on Linux; elsewhere the pool runs at normal
    /// priority.
    pub background_priority: bool,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            cpu_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_blocking_threads: 512,
            blocking_keep_alive: Duration::from_secs(10),
            history: 100,
            background_priority: false,
        }
    }
}

/// What to run: a name for the listing, the pool, and an optional key.
#[derive(Clone, Debug)]
pub struct JobSpec {
    name: String,
    kind: JobKind,
    key: Option<String>,
}

impl JobSpec {
    /// A computing job with this name.
    pub fn cpu(name: impl Into<String>) -> Self {
        JobSpec {
            name: name.into(),
            kind: JobKind::Cpu,
            key: None,
        }
    }

    /// A waiting job (network, timers, a machine) with this name.
    pub fn blocking(name: impl Into<String>) -> Self {
        JobSpec {
            name: name.into(),
            kind: JobKind::Blocking,
            key: None,
        }
    }

    /// Give the job a key: submitting it cancels any queued or running job
    /// with the same key and drops that job's result (latest wins).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

/// Something that happened to a job, for listeners such as toasts.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum JobEvent {
    /// The job ended; the snapshot holds its final state.
    Finished(JobInfo),
}

type Hook = Arc<dyn Fn() + Send + Sync>;
type Listener = Arc<dyn Fn(&JobEvent) + Send + Sync>;

#[derive(Default)]
struct Registry {
    active: BTreeMap<JobId, Arc<dyn Entry>>,
    keyed: HashMap<String, JobId>,
    recent: VecDeque<JobInfo>,
    /// For each superseded job still running, the job that replaced it.
    successors: HashMap<JobId, JobId>,
}

/// The state shared by the runner and its jobs.
pub(crate) struct Core {
    next_id: AtomicU64,
    history: usize,
    registry: Mutex<Registry>,
    waker: RwLock<Option<Hook>>,
    listeners: RwLock<Vec<Listener>>,
}

impl Lifecycle for Core {
    fn changed(&self) {
        let waker = self.waker.read().clone();
        if let Some(waker) = waker {
            waker();
        }
    }

    /// Move the job from the active jobs to the history; a superseded job
    /// is not listed but counted in the row of the job that replaced it.
    fn retire(&self, info: &JobInfo) {
        let mut reg = self.registry.lock();
        // The count as it is now: a job this one replaced may have ended and
        // folded into it after `info` was taken.
        let replaced = reg
            .active
            .remove(&info.id)
            .map_or(info.replaced, |entry| entry.control().replaced());
        if let Some(key) = &info.key
            && reg.keyed.get(key) == Some(&info.id)
        {
            reg.keyed.remove(key);
        }
        let successor = reg.successors.remove(&info.id);
        if info.superseded && info.state == JobState::Cancelled {
            let folded = replaced + 1;
            let Some(successor) = successor else { return };
            // Jobs this one replaced and that still run now count toward its
            // successor.
            for next in reg.successors.values_mut() {
                if *next == info.id {
                    *next = successor;
                }
            }
            if let Some(entry) = reg.active.get(&successor) {
                entry.control().add_replaced(folded);
            } else if let Some(row) = reg.recent.iter_mut().find(|row| row.id == successor) {
                row.replaced += folded;
            }
            return;
        }
        if self.history > 0 {
            if reg.recent.len() == self.history {
                reg.recent.pop_front();
            }
            let mut row = info.clone();
            row.replaced = replaced;
            reg.recent.push_back(row);
        }
    }

    fn announce(&self, info: JobInfo) {
        let listeners = self.listeners.read().clone();
        if !listeners.is_empty() {
            let event = JobEvent::Finished(info);
            for listener in &listeners {
                listener(&event);
            }
        }
        self.changed();
    }
}

/// The job runner: a CPU pool, a blocking pool and the registry of jobs.
///
/// Dropping the runner cancels the jobs still queued and waits for the
/// running ones to return (call [`Runner::cancel_all`] first to ask them to
/// stop early).
pub struct Runner {
    core: Arc<Core>,
    cpu: CpuPool,
    blocking: GrowingPool,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

impl fmt::Debug for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runner")
            .field("active", &self.core.registry.lock().active.len())
            .finish_non_exhaustive()
    }
}

impl Runner {
    /// A runner with the default configuration.
    pub fn new() -> Self {
        Runner::with_config(RunnerConfig::default())
    }

    /// A runner sized by `config`.
    pub fn with_config(config: RunnerConfig) -> Self {
        Runner {
            core: Arc::new(Core {
                next_id: AtomicU64::new(1),
                history: config.history,
                registry: Mutex::new(Registry::default()),
                waker: RwLock::new(None),
                listeners: RwLock::new(Vec::new()),
            }),
            cpu: CpuPool::new(
                "toolcup-cpu",
                config.cpu_threads,
                config.background_priority,
            ),
            blocking: GrowingPool::new(
                "toolcup-blocking",
                config.max_blocking_threads,
                config.blocking_keep_alive,
            ),
        }
    }

    /// Submit a job. The closure runs on the pool the spec names and returns
    /// its result; its error type only needs to be displayable.
    pub fn submit<T, E, F>(&self, spec: JobSpec, f: F) -> JobHandle<T, E>
    where
        T: Send + 'static,
        E: fmt::Display + Send + 'static,
        F: FnOnce(&JobContext<'_>) -> Result<T, E> + Send + 'static,
    {
        let id = JobId(self.core.next_id.fetch_add(1, Ordering::Relaxed));
        let kind = spec.kind;
        let key = spec.key.clone();
        let lifecycle: Arc<dyn Lifecycle> = self.core.clone();
        let control = Control::new(id, spec.name, kind, spec.key, lifecycle);
        let shared = Arc::new(Shared::new(control));
        let superseded = {
            let mut reg = self.core.registry.lock();
            let entry: Arc<dyn Entry> = shared.clone();
            reg.active.insert(id, entry);
            let old = key
                .and_then(|key| reg.keyed.insert(key, id))
                .and_then(|old| reg.active.get(&old).cloned());
            if let Some(old) = &old {
                old.control().mark_superseded();
                reg.successors.insert(old.control().id, id);
            }
            old
        };
        if let Some(old) = superseded {
            old.cancel();
        }
        let runnable = Arc::clone(&shared);
        let task = Box::new(move || runnable.run(f));
        match kind {
            JobKind::Cpu => self.cpu.submit(task),
            JobKind::Blocking => self.blocking.submit(task),
        }
        self.core.changed();
        JobHandle::new(shared)
    }

    /// Request cancellation of the job with this id, if it has not ended.
    /// Returns whether such a job was found.
    pub fn cancel(&self, id: JobId) -> bool {
        let entry = self.core.registry.lock().active.get(&id).cloned();
        match entry {
            Some(entry) => {
                entry.cancel();
                true
            }
            None => false,
        }
    }

    /// Request cancellation of every job that has not ended.
    pub fn cancel_all(&self) {
        let entries: Vec<_> = self.core.registry.lock().active.values().cloned().collect();
        for entry in entries {
            entry.cancel();
        }
    }

    /// The number of jobs queued or running.
    pub fn active_count(&self) -> usize {
        self.core.registry.lock().active.len()
    }

    /// Every job queued or running, then the most recent finished ones, all in
    /// submission order.
    pub fn jobs(&self) -> Vec<JobInfo> {
        let (active, mut all): (Vec<_>, Vec<_>) = {
            let reg = self.core.registry.lock();
            (
                reg.active.values().cloned().collect(),
                reg.recent.iter().cloned().collect(),
            )
        };
        all.extend(active.iter().map(|e| e.control().info()));
        all.sort_by_key(|info| info.id);
        all
    }

    /// Forget the finished jobs kept for the listing.
    pub fn clear_history(&self) {
        self.core.registry.lock().recent.clear();
    }

    /// Call `waker` whenever any job is submitted, starts, reports progress,
    /// is cancelled or ends (a window uses it to repaint). Replaces any
    /// earlier waker.
    pub fn set_waker(&self, waker: impl Fn() + Send + Sync + 'static) {
        *self.core.waker.write() = Some(Arc::new(waker));
    }

    /// Call `listener` with every [`JobEvent`], on the thread where it happens.
    pub fn on_event(&self, listener: impl Fn(&JobEvent) + Send + Sync + 'static) {
        self.core.listeners.write().push(Arc::new(listener));
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let entries: Vec<_> = self.core.registry.lock().active.values().cloned().collect();
        for entry in entries {
            entry.cancel_if_queued();
        }
        // The pools join their threads when they drop, right after this.
    }
}
