//! The brew recipe shared by `cli/brew.rs` and the Brew tab: the chain
//! from a call to its ticket (bind, check the order, print the ticket), the
//! wording of every error, the labels of parameter kinds and error types,
//! the signature picker's rule, and the brewing job. Both front ends call
//! these, so the same input gives the same text on the command line and in
//! the window.
//!
//! The engine itself (binding, rules, tickets, brewing) lives in
//! `toolcup-brew`; this module only decides what the app's two front ends show.

use std::ops::ControlFlow;

use toolcup_brew::{
    Binding, BoundParam, BrewPlan, Error, Order, ParamKind, Preset, Signature, annotation_text,
    bind_call, brew, format_exception,
};
use toolcup_jobs::{JobContext, JobSpec};

/// The file name tracebacks show for the call.
pub const CALL_FILE: &str = "<call>";

/// The file name tracebacks show for a `def` line.
pub const DEF_FILE: &str = "<def>";

/// Everything the engine says about one call.
#[derive(Debug)]
pub struct CallReport {
    /// The binding, when the call binds.
    pub binding: Option<Binding>,
    /// The checked order, when the binding passes the machine's rules.
    pub order: Option<Order>,
    /// The printed ticket.
    pub ticket: Option<String>,
    /// What went wrong, if anything.
    pub error: Option<Error>,
}

impl CallReport {
    /// Binds `call`, checks the order and prints its ticket, stopping at the
    /// first failure (a binding whose order is refused is kept, to show).
    pub fn new(signature: &Signature, call: &str) -> CallReport {
        let mut report = CallReport {
            binding: None,
            order: None,
            ticket: None,
            error: None,
        };
        let binding = match bind_call(signature, call) {
            Ok(b) => b,
            Err(e) => {
                report.error = Some(e);
                return report;
            }
        };
        match Order::from_binding(&binding).and_then(|o| o.ticket().map(|t| (o, t))) {
            Ok((order, ticket)) => {
                report.order = Some(order);
                report.ticket = Some(ticket.to_string());
            }
            Err(e) => report.error = Some(e),
        }
        report.binding = Some(binding);
        report
    }

    /// The error for a person (see [`error_text`]).
    pub fn error_text(&self, call: &str) -> Option<String> {
        self.error.as_ref().map(|e| error_text(e, call))
    }
}

/// Who says no: Python, the engine (which does not run valid Python it
/// cannot evaluate, or input past its limits), or the machine's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorSource {
    /// Python itself would raise this.
    Python,
    /// The engine refuses the text.
    Engine,
    /// The machine refuses the order.
    Machine,
}

/// Which of the three says no to `e`.
pub fn error_source(e: &Error) -> ErrorSource {
    match e {
        Error::Python(_) => ErrorSource::Python,
        Error::Unsupported { .. }
        | Error::NotACall { .. }
        | Error::TooLarge { .. }
        | Error::Limit(_) => ErrorSource::Engine,
        _ => ErrorSource::Machine,
    }
}

/// The error as a person reads it, in the window and on stderr alike:
/// Python's traceback for what Python would raise, one sentence for ours.
pub fn error_text(e: &Error, call: &str) -> String {
    match (error_source(e), e) {
        (ErrorSource::Python, Error::Python(exc)) => format_exception(exc, call, CALL_FILE),
        (ErrorSource::Engine, _) => format!("The engine does not run this call: {e}\n"),
        _ => format!("The machine refuses the order: {e}\n"),
    }
}

/// The `type` that `--json` gives an error: Python's class, or ours.
pub fn error_label(e: &Error) -> String {
    match e {
        Error::Python(exc) => exc.kind.name().to_string(),
        Error::Unsupported { .. } => "Unsupported".into(),
        Error::NotACall { .. } => "NotACall".into(),
        // The engine's own limits on input (size) and on work.
        Error::TooLarge { .. } => "TooLarge".into(),
        Error::Limit(_) => "Limit".into(),
        _ => "OrderRejected".into(),
    }
}

/// The label of a parameter kind, as `inspect.Parameter.kind` describes it.
pub fn kind_label(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::PositionalOnly => "positional-only",
        ParamKind::PositionalOrKeyword => "positional-or-keyword",
        ParamKind::VarPositional => "var-positional",
        ParamKind::KeywordOnly => "keyword-only",
        ParamKind::VarKeyword => "var-keyword",
    }
}

/// A parameter as the binding table names it: its name, and its annotation
/// as `inspect.signature` writes it (`strength: int`, `milk: str | None`).
pub fn param_label(p: &BoundParam) -> String {
    match &p.annotation {
        Some(a) => format!("{}: {}", p.name, annotation_text(a)),
        None => p.name.clone(),
    }
}

/// The order the binding table lists parameters in, said once for both front ends.
pub const BINDING_ORDER_NOTE: &str =
    "in the order of Python's locals(): positional, keyword-only, then *args and **kwargs";

/// Why a signature text is not one, as both front ends say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    /// Neither a preset name nor a `def` line.
    Unknown(String),
    /// A `def` line Python refuses (its traceback, or one line).
    Invalid(String),
}

/// A preset name (`v1` … `v6`, `current`, `basic`, `another-param`) or a `def` line.
pub fn signature_from(text: &str) -> Result<Signature, SignatureProblem> {
    let trimmed = text.trim();
    if let Some(preset) = Preset::from_name(trimmed) {
        return Ok(Signature::preset(preset));
    }
    if !trimmed.starts_with("def ") {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        return Err(SignatureProblem::Unknown(format!(
            "{trimmed:?} is neither a preset ({}) nor a `def` line",
            names.join(", ")
        )));
    }
    Signature::parse(trimmed).map_err(|e| {
        SignatureProblem::Invalid(match &e {
            // A SyntaxError, or an error raised by a default or an annotation
            // while the def runs: CPython's traceback either way.
            Error::Python(exc) => format_exception(exc, trimmed, DEF_FILE)
                .trim_end()
                .to_string(),
            _ => e.to_string(),
        })
    })
}

/// The name of the brewing job for `order`.
pub fn brew_job_name(order: &Order) -> String {
    format!("Brew {}", order.drink)
}

/// What the brewing job says when it ends.
pub fn ready_text(order: &Order) -> String {
    format!("{} is ready", order.drink)
}

/// The brewing job: the order's recipe run at `time_scale`, its steps
/// reported as the job's progress and message, cancellable between steps.
/// Submit it with [`brew_job_spec`].
pub fn brew_job(
    order: &Order,
    time_scale: f64,
) -> impl FnOnce(&JobContext<'_>) -> Result<(), Error> + Send + 'static {
    let plan = BrewPlan::for_order(order);
    let total = plan.steps.len() as u64;
    move |ctx| {
        brew(&plan, time_scale, &mut |p| -> ControlFlow<()> {
            ctx.set_message(p.label.clone());
            ctx.report(p.step as u64, total)
        })
    }
}

/// The job spec of [`brew_job`]: a blocking job (it waits), one at a time.
pub fn brew_job_spec(order: &Order) -> JobSpec {
    JobSpec::blocking(brew_job_name(order)).key("brew")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_annotated_parameters_as_inspect_does() {
        let sig = Signature::parse(
            "def brew_coffee(coffee_type: str, *add_ons: str, strength: int = 3, milk: str | None = None)",
        )
        .unwrap();
        let r = CallReport::new(&sig, "brew_coffee('Latte', 'foam')");
        let labels: Vec<String> = r.binding.unwrap().params.iter().map(param_label).collect();
        assert_eq!(
            labels,
            [
                "coffee_type: str",
                "strength: int",
                "milk: str | None",
                "add_ons: str"
            ]
        );
    }

    #[test]
    fn a_refused_order_keeps_its_binding() {
        let sig = Signature::preset(Preset::Current);
        let r = CallReport::new(&sig, "brew_coffee('Tea')");
        assert!(r.binding.is_some());
        assert_eq!(
            r.error_text("brew_coffee('Tea')").as_deref(),
            Some("The machine refuses the order: unknown drink \"Tea\" for coffee_type\n")
        );
        assert_eq!(
            r.error.as_ref().map(error_label).as_deref(),
            Some("OrderRejected")
        );
    }

    #[test]
    fn engine_refusals_and_python_errors_read_differently() {
        let sig = Signature::preset(Preset::Current);
        let r = CallReport::new(&sig, "brew_coffee('oat'.upper())");
        assert!(
            r.error_text("brew_coffee('oat'.upper())")
                .unwrap()
                .starts_with("The engine does not run this call: not supported")
        );
        let r = CallReport::new(&sig, "brew_coffee(latte)");
        assert!(
            r.error_text("brew_coffee(latte)")
                .unwrap()
                .ends_with("NameError: name 'latte' is not defined\n")
        );
        let call = "brew_coffee('Latte', 1=2)";
        let r = CallReport::new(&sig, call);
        assert!(r.error_text(call).unwrap().ends_with(
            "SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?\n"
        ));
    }
}
