//! The processor a figure was measured on, for the bench and the
//! speed_compare example to print beside every figure.

/// The processor's model name from `/proc/cpuinfo`, or "unknown".
pub fn processor() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
