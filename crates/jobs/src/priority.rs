//! Background priority for the CPU pool's threads, so that a window's UI
//! thread keeps its share of the cores while a long job computes.

/// How much lower than normal the CPU pool's threads run: the nice value 10,
/// which Linux's scheduler weighs about ten times below the UI thread's 0, so
/// a busy pool still gets every cycle the UI does not use.
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: i32 = 10;

/// Lower the calling thread's scheduling priority to the background level.
///
/// On Linux `setpriority(PRIO_PROCESS, tid)` applies to the one thread. On
/// other platforms this does nothing yet: the pool runs at normal priority.
/// A failure (a sandbox that forbids it) leaves the priority as it was.
pub(crate) fn lower_current_thread() {
    #[cfg(target_os = "linux")]
    {
        let tid = rustix::thread::gettid();
        let _ = rustix::process::setpriority_process(Some(tid), BACKGROUND_NICE);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn lowers_only_the_calling_thread() {
        let before = rustix::process::getpriority_process(None).expect("own priority");
        let lowered = std::thread::spawn(|| {
            super::lower_current_thread();
            rustix::process::getpriority_process(Some(rustix::thread::gettid()))
                .expect("thread priority")
        })
        .join()
        .expect("the thread ends");
        assert!(lowered >= super::BACKGROUND_NICE.min(19), "nice {lowered}");
        let after = rustix::process::getpriority_process(None).expect("own priority");
        assert_eq!(before, after, "the rest of the process keeps its priority");
    }
}
