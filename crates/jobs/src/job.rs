//! One job: its identity, state, progress, context and handle.

use std::any::Any;
use std::fmt;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

/// What a job tells the runner that owns it, so that this module needs
/// nothing from the runner's.
pub(crate) trait Lifecycle: Send + Sync {
    /// The job's state, progress or message changed.
    fn changed(&self);
    /// The job ended: take it out of the active jobs.
    fn retire(&self, info: &JobInfo);
    /// The job ended and its outcome is stored: tell the listeners.
    fn announce(&self, info: JobInfo);
}

/// The identity of a job, unique within one [`Runner`](crate::Runner), in
/// submission order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub(crate) u64);

impl JobId {
    /// The number behind the id (1 for the first job of a runner).
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Which pool a job runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Computing: runs on the fixed pool of one thread per core.
    Cpu,
    /// Waiting (network, timers, a machine): runs on the growing blocking pool.
    Blocking,
}

/// Where a job is in its life. The last four are final: a job reaches
/// exactly one of them, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Submitted, waiting for a worker.
    Queued,
    /// On a worker now.
    Running,
    /// Returned `Ok`.
    Succeeded,
    /// Returned `Err`, with the error's text.
    Failed(String),
    /// Cancelled before or while it ran; its result, if any, was dropped.
    Cancelled,
    /// Panicked, with the panic message.
    Panicked(String),
}

impl JobState {
    /// Whether the job has ended (succeeded, failed, cancelled or panicked).
    pub fn is_finished(&self) -> bool {
        !matches!(self, JobState::Queued | JobState::Running)
    }

    /// A short lowercase word for the state: `queued`, `running`, `succeeded`,
    /// `failed`, `cancelled` or `panicked`.
    pub fn label(&self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed(_) => "failed",
            JobState::Cancelled => "cancelled",
            JobState::Panicked(_) => "panicked",
        }
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobState::Failed(msg) => write!(f, "failed: {msg}"),
            JobState::Panicked(msg) => write!(f, "panicked: {msg}"),
            other => f.write_str(other.label()),
        }
    }
}

/// How far a job has come: `done` of `total` steps. A total of 0 means the
/// job has not said how much work it has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Steps done.
    pub done: u64,
    /// Steps in all (0 when unknown).
    pub total: u64,
}

impl Progress {
    /// The fraction done in `0.0..=1.0`, or `None` when the total is unknown.
    pub fn fraction(self) -> Option<f32> {
        (self.total > 0).then(|| (self.done.min(self.total) as f64 / self.total as f64) as f32)
    }
}

/// How a job ended.
#[derive(Debug)]
pub enum Outcome<T, E> {
    /// The job returned `Ok` with this value.
    Succeeded(T),
    /// The job returned `Err` with this error.
    Failed(E),
    /// The job was cancelled; whatever it returned was dropped.
    Cancelled,
    /// The job panicked with this message.
    Panicked(String),
}

impl<T, E: fmt::Display> Outcome<T, E> {
    fn state(&self) -> JobState {
        match self {
            Outcome::Succeeded(_) => JobState::Succeeded,
            Outcome::Failed(e) => JobState::Failed(e.to_string()),
            Outcome::Cancelled => JobState::Cancelled,
            Outcome::Panicked(msg) => JobState::Panicked(msg.clone()),
        }
    }
}

impl<T, E> Outcome<T, E> {
    /// The value when the job succeeded.
    pub fn ok(self) -> Option<T> {
        match self {
            Outcome::Succeeded(v) => Some(v),
            _ => None,
        }
    }
}

/// A snapshot of one job for a jobs panel.
#[derive(Clone, Debug, PartialEq)]
pub struct JobInfo {
    /// The job's id.
    pub id: JobId,
    /// The name given at submission.
    pub name: String,
    /// The pool it runs on.
    pub kind: JobKind,
    /// The supersession key, if any.
    pub key: Option<String>,
    /// Its state now.
    pub state: JobState,
    /// Its last reported progress.
    pub progress: Progress,
    /// Its last reported message (empty if none).
    pub message: String,
    /// Time spent running so far (zero while queued), or in all once finished.
    pub elapsed: Duration,
    /// Whether cancellation has been requested.
    pub cancel_requested: bool,
    /// Whether a newer job with the same key replaced this one (it then ends
    /// as cancelled and is counted in the newer job's `replaced` instead of
    /// being listed).
    pub superseded: bool,
    /// How many earlier jobs with the same key this one replaced, directly
    /// or through the jobs it replaced: a slider dragged through eight
    /// previews lists one job that replaced seven.
    pub replaced: u64,
}

/// The mutable part of a job that the listing reads.
pub(crate) struct Meta {
    state: JobState,
    progress: Progress,
    message: String,
    started: Option<Instant>,
    finished: Option<Instant>,
}

/// The part of a job that does not depend on its result type.
pub(crate) struct Control {
    pub(crate) id: JobId,
    pub(crate) name: String,
    pub(crate) kind: JobKind,
    pub(crate) key: Option<String>,
    cancel: AtomicBool,
    /// Set when a newer job with the same key replaced this one.
    superseded: AtomicBool,
    /// How many earlier jobs with the same key this one replaced.
    replaced: AtomicU64,
    meta: Mutex<Meta>,
    core: Arc<dyn Lifecycle>,
}

impl Control {
    pub(crate) fn new(
        id: JobId,
        name: String,
        kind: JobKind,
        key: Option<String>,
        core: Arc<dyn Lifecycle>,
    ) -> Self {
        Control {
            id,
            name,
            kind,
            key,
            cancel: AtomicBool::new(false),
            superseded: AtomicBool::new(false),
            replaced: AtomicU64::new(0),
            meta: Mutex::new(Meta {
                state: JobState::Queued,
                progress: Progress::default(),
                message: String::new(),
                started: None,
                finished: None,
            }),
            core,
        }
    }

    pub(crate) fn info(&self) -> JobInfo {
        let meta = self.meta.lock();
        self.info_locked(&meta)
    }

    fn info_locked(&self, meta: &Meta) -> JobInfo {
        let elapsed = match (meta.started, meta.finished) {
            (Some(s), Some(f)) => f.saturating_duration_since(s),
            (Some(s), None) => s.elapsed(),
            _ => Duration::ZERO,
        };
        JobInfo {
            id: self.id,
            name: self.name.clone(),
            kind: self.kind,
            key: self.key.clone(),
            state: meta.state.clone(),
            progress: meta.progress,
            message: meta.message.clone(),
            elapsed,
            cancel_requested: self.cancel.load(Ordering::Acquire),
            superseded: self.superseded.load(Ordering::Acquire),
            replaced: self.replaced.load(Ordering::Acquire),
        }
    }

    /// Mark this job as replaced by a newer one with its key.
    pub(crate) fn mark_superseded(&self) {
        self.superseded.store(true, Ordering::Release);
    }

    /// How many earlier jobs this one replaced so far.
    pub(crate) fn replaced(&self) -> u64 {
        self.replaced.load(Ordering::Acquire)
    }

    /// Count `n` more earlier jobs as replaced by this one.
    pub(crate) fn add_replaced(&self, n: u64) {
        self.replaced.fetch_add(n, Ordering::AcqRel);
    }

    pub(crate) fn is_cancel_requested(&self) -> bool {
        self.cancel.load(Ordering::Acquire)
    }

    fn state(&self) -> JobState {
        self.meta.lock().state.clone()
    }
}

/// A job as the runner's registry and workers see it, whatever its result type.
pub(crate) trait Entry: Send + Sync {
    fn control(&self) -> &Control;
    /// Request cancellation; a queued job ends at once as cancelled.
    fn cancel(&self);
    /// Cancel the job only if no worker has started it yet.
    fn cancel_if_queued(&self);
}

/// A job with its typed result slot.
pub(crate) struct Shared<T, E> {
    control: Control,
    outcome: Mutex<Slot<T, E>>,
    ended: Condvar,
}

/// The result slot of a job.
enum Slot<T, E> {
    Pending,
    Ready(Outcome<T, E>),
    Taken,
}

impl<T, E> Slot<T, E> {
    fn take(&mut self) -> Option<Outcome<T, E>> {
        match std::mem::replace(self, Slot::Taken) {
            Slot::Ready(outcome) => Some(outcome),
            other => {
                *self = other;
                None
            }
        }
    }
}

impl<T, E> Shared<T, E>
where
    T: Send + 'static,
    E: fmt::Display + Send + 'static,
{
    pub(crate) fn new(control: Control) -> Self {
        Shared {
            control,
            outcome: Mutex::new(Slot::Pending),
            ended: Condvar::new(),
        }
    }

    /// Move the job from queued to running; false if it already ended
    /// (cancelled while queued), in which case it must not run.
    fn start(&self) -> bool {
        {
            let mut meta = self.control.meta.lock();
            if meta.state != JobState::Queued {
                return false;
            }
            if !self.control.is_cancel_requested() {
                meta.state = JobState::Running;
                meta.started = Some(Instant::now());
                drop(meta);
                self.control.core.changed();
                return true;
            }
        }
        self.finish(Outcome::Cancelled);
        false
    }

    /// End the job with this outcome unless it already ended. This is the
    /// single place where a job ends, so it ends exactly once.
    fn finish(&self, outcome: Outcome<T, E>) -> bool {
        let info = {
            let mut meta = self.control.meta.lock();
            if meta.state.is_finished() {
                return false;
            }
            meta.state = outcome.state();
            meta.finished = Some(Instant::now());
            self.control.info_locked(&meta)
        };
        // The listing shows the end before any waiter wakes up.
        self.control.core.retire(&info);
        *self.outcome.lock() = Slot::Ready(outcome);
        self.ended.notify_all();
        self.control.core.announce(info);
        true
    }

    /// Run the job's closure on the current (worker) thread.
    pub(crate) fn run<F>(self: Arc<Self>, f: F)
    where
        F: FnOnce(&JobContext<'_>) -> Result<T, E>,
    {
        if !self.start() {
            return;
        }
        let ctx = JobContext {
            control: &self.control,
        };
        let result = catch_unwind(AssertUnwindSafe(|| f(&ctx)));
        let outcome = match result {
            Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
            Ok(_) if self.control.is_cancel_requested() => Outcome::Cancelled,
            Ok(Ok(value)) => Outcome::Succeeded(value),
            Ok(Err(err)) => Outcome::Failed(err),
        };
        self.finish(outcome);
    }
}

impl<T, E> Entry for Shared<T, E>
where
    T: Send + 'static,
    E: fmt::Display + Send + 'static,
{
    fn control(&self) -> &Control {
        &self.control
    }

    fn cancel(&self) {
        if self.control.cancel.swap(true, Ordering::AcqRel) {
            return;
        }
        let queued = self.control.meta.lock().state == JobState::Queued;
        if queued {
            self.finish(Outcome::Cancelled);
        } else {
            self.control.core.changed();
        }
    }

    fn cancel_if_queued(&self) {
        {
            let meta = self.control.meta.lock();
            if meta.state != JobState::Queued {
                return;
            }
            self.control.cancel.store(true, Ordering::Release);
        }
        self.finish(Outcome::Cancelled);
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

/// What a running job can do: report progress and notice cancellation.
pub struct JobContext<'a> {
    control: &'a Control,
}

impl JobContext<'_> {
    /// The job's id.
    pub fn id(&self) -> JobId {
        self.control.id
    }

    /// Whether cancellation was requested; a long job checks this often and
    /// returns early when it is true (its result is dropped either way).
    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancel_requested()
    }

    /// Report progress: `done` of `total` steps.
    pub fn set_progress(&self, done: u64, total: u64) {
        self.control.meta.lock().progress = Progress { done, total };
        self.control.core.changed();
    }

    /// Report progress and answer whether to go on: the one-call adapter from
    /// a job to a tool crate's progress-and-cancel callback
    /// (`&mut dyn FnMut(Progress) -> ControlFlow<()>`), as in
    /// `&mut |p| ctx.report(p.done, p.total)`.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use toolcup_jobs::{JobSpec, Runner};
    ///
    /// let runner = Runner::new();
    /// let handle = runner.submit(JobSpec::cpu("count"), |ctx| {
    ///     let mut done = 0;
    ///     while done < 10 && ctx.report(done, 10).is_continue() {
    ///         done += 1;
    ///     }
    ///     Ok::<_, String>(done)
    /// });
    /// assert_eq!(handle.wait().ok(), Some(10));
    /// ```
    pub fn report(&self, done: u64, total: u64) -> ControlFlow<()> {
        self.set_progress(done, total);
        if self.is_cancelled() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// Report a short message saying what the job is doing now.
    pub fn set_message(&self, message: impl Into<String>) {
        self.control.meta.lock().message = message.into();
        self.control.core.changed();
    }
}

/// The submitter's side of a job.
///
/// Dropping a handle does not cancel the job; call [`JobHandle::cancel`].
pub struct JobHandle<T, E> {
    shared: Arc<Shared<T, E>>,
}

impl<T, E> JobHandle<T, E>
where
    T: Send + 'static,
    E: fmt::Display + Send + 'static,
{
    pub(crate) fn new(shared: Arc<Shared<T, E>>) -> Self {
        JobHandle { shared }
    }

    /// The job's id.
    pub fn id(&self) -> JobId {
        self.shared.control.id
    }

    /// The job's state now.
    pub fn state(&self) -> JobState {
        self.shared.control.state()
    }

    /// The job's last reported progress.
    pub fn progress(&self) -> Progress {
        self.shared.control.meta.lock().progress
    }

    /// A snapshot of the job for display.
    pub fn info(&self) -> JobInfo {
        self.shared.control.info()
    }

    /// Whether the job has ended (its outcome may already have been taken).
    pub fn is_finished(&self) -> bool {
        self.state().is_finished()
    }

    /// Request cancellation. A queued job ends at once as cancelled; a running
    /// job sees [`JobContext::is_cancelled`] and ends as cancelled when it
    /// returns.
    pub fn cancel(&self) {
        self.shared.cancel();
    }

    /// Take the outcome if the job has ended, without blocking. It is handed
    /// out once: later calls return `None`.
    pub fn try_take(&self) -> Option<Outcome<T, E>> {
        self.shared.outcome.lock().take()
    }

    /// Block until the job ends, then return its outcome.
    ///
    /// Returns [`Outcome::Cancelled`] if the outcome was already taken with
    /// [`JobHandle::try_take`].
    pub fn wait(self) -> Outcome<T, E> {
        let mut slot = self.shared.outcome.lock();
        loop {
            match &*slot {
                Slot::Ready(_) => return slot.take().unwrap_or(Outcome::Cancelled),
                Slot::Taken => return Outcome::Cancelled,
                Slot::Pending => self.shared.ended.wait(&mut slot),
            }
        }
    }

    /// Block until the job ends or the timeout passes; `None` on timeout.
    pub fn wait_timeout(&self, timeout: Duration) -> Option<Outcome<T, E>> {
        let deadline = Instant::now() + timeout;
        let mut slot = self.shared.outcome.lock();
        loop {
            if let Some(outcome) = slot.take() {
                return Some(outcome);
            }
            if self
                .shared
                .ended
                .wait_until(&mut slot, deadline)
                .timed_out()
            {
                return slot.take();
            }
        }
    }
}

impl<T, E> fmt::Debug for JobHandle<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobHandle")
            .field("id", &self.shared.control.id)
            .field("name", &self.shared.control.name)
            .finish()
    }
}
