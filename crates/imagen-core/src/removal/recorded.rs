//! Removals written into the Terminal record as they go. A kept plan's run: each step is a
//! docker command of its own (`docker stop …`, `docker rm …`, `docker rmi …`) that starts,
//! then ends done or refused; when the engine changed and nothing ran, every planned command
//! is recorded as not run, and when the engine could not be reached before the first step,
//! as refused. A confirmed prune: each `docker rmi` it made. The record never
//! claims a command that did not happen.

use super::execute::execute_plan;
use super::prune::{prune_kept_with, PruneStep};
use super::registry::PlanRegistry;
use super::types::{ActionKind, PruneMode, PruneRun, RemovalEvent, RemovalRun};
use crate::engine::Connection;
use crate::error::{Error, Result};
use crate::record::{docker, Record, Running};

/// [`execute_plan`], with each step recorded in `record` as `on_event` hears of it.
pub async fn execute_plan_recorded(
    connection: &Connection,
    plans: &PlanRegistry,
    record: &Record,
    plan_id: &str,
    kind: ActionKind,
    mut on_event: impl FnMut(RemovalEvent),
) -> Result<RemovalRun> {
    // The commands the user was shown, read before the run (a run forgets its plan).
    let commands = plans.planned_commands(plan_id, kind).unwrap_or_default();
    let mut steps = StepRecorder::new(record.clone(), commands.clone());
    let outcome = execute_plan(connection, plans, plan_id, kind, |ev| {
        steps.hear(&ev);
        on_event(ev);
    })
    .await;
    if !steps.heard {
        record_unrun(record, commands, &outcome);
    }
    steps.settle(&outcome);
    outcome
}

/// What the record says of a run that reached no step: every planned command not run
/// (the engine changed since the plan), or refused for the error that stopped it first
/// (the engine could not be reached for the re-check), as a failed prune is; nothing for a
/// call refused at the door (an unknown plan or action, a second click on a running one),
/// which asked nothing of the engine.
fn record_unrun(record: &Record, commands: Vec<String>, outcome: &Result<RemovalRun>) {
    match outcome {
        Ok(RemovalRun::Ran { .. })
        | Err(
            Error::InvalidInput { .. } | Error::UnknownPlan { .. } | Error::AlreadyRunning { .. },
        ) => {}
        Ok(RemovalRun::Changed { .. }) => {
            for command in commands {
                record.start(command).changed();
            }
        }
        Err(e) => {
            for command in commands {
                record.start(command).refused(e.clone());
            }
        }
    }
}

/// [`prune_kept_with`], recorded as what it did: each `docker rmi` it asked of the engine
/// (by tag, or by full ID), ended done, not run (gone, or changed since the confirmation)
/// or refused. Replayed, those lines remove what Imagen removed and nothing else; a
/// `docker image prune` line would take whatever is unused by then. A prune that ran
/// nothing because the engine changed is one `docker image prune` line, not run; nothing
/// is recorded for an ID that names no preview or a second click on one already running.
pub async fn prune_kept_recorded(
    connection: &Connection,
    plans: &PlanRegistry,
    record: &Record,
    preview_id: &str,
) -> Result<PruneRun> {
    let command = docker::prune(plans.preview_mode(preview_id) == Some(PruneMode::Unused));
    let mut running: Option<Running> = None;
    let outcome = prune_kept_with(connection, plans, preview_id, |step| match step {
        PruneStep::Calling { command, .. } => running = Some(record.start(command.to_owned())),
        PruneStep::Done => running.take().map_or((), Running::done),
        PruneStep::NotRun => running.take().map_or((), Running::changed),
        PruneStep::Failed(e) => running.take().map_or((), |r| r.refused(e.clone())),
    })
    .await;
    match &outcome {
        Ok(PruneRun::Ran { .. }) => {}
        Ok(PruneRun::Changed { .. }) => record.start(command).changed(),
        Err(
            Error::InvalidInput { .. } | Error::UnknownPlan { .. } | Error::AlreadyRunning { .. },
        ) => {}
        Err(e) => record.start(command).refused(e.clone()),
    }
    outcome
}

/// Turns a run's events into record entries: `Started` opens the step's command,
/// `Finished` and `Failed` close it.
#[derive(Debug)]
struct StepRecorder {
    record: Record,
    commands: Vec<String>,
    running: Option<Running>,
    /// A step was heard of: the steps speak for the run.
    heard: bool,
}

impl StepRecorder {
    fn new(record: Record, commands: Vec<String>) -> Self {
        Self {
            record,
            commands,
            running: None,
            heard: false,
        }
    }

    fn hear(&mut self, ev: &RemovalEvent) {
        self.heard = true;
        match ev {
            RemovalEvent::Started { step } => {
                let command = usize::try_from(*step)
                    .ok()
                    .and_then(|i| self.commands.get(i))
                    .cloned()
                    .unwrap_or_default();
                self.running = Some(self.record.start(command));
            }
            // Gone already (a terminal removed it): Imagen did not remove it, and a script
            // replaying the line could hit a tag made since.
            RemovalEvent::Finished {
                already_gone: true, ..
            } => {
                if let Some(run) = self.running.take() {
                    run.changed();
                }
            }
            RemovalEvent::Finished { .. } => {
                if let Some(run) = self.running.take() {
                    run.done();
                }
            }
            RemovalEvent::Failed { error, .. } => {
                if let Some(run) = self.running.take() {
                    run.refused(error.clone());
                }
            }
        }
    }

    /// Once the run is over: a step no event ended is one a Cancel cut short while the
    /// engine removed its container by itself (`docker run --rm`). Imagen did not remove it:
    /// not run, as when the container is found gone already (the engine's own doing either
    /// way), rather than refused for an answer that never came.
    fn settle(&mut self, outcome: &Result<RemovalRun>) {
        let Ok(RemovalRun::Ran { report }) = outcome else {
            return;
        };
        if report.engine_removing.is_some() {
            if let Some(run) = self.running.take() {
                run.changed();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::record::RecordStatus;

    #[test]
    fn each_step_is_a_command_that_starts_then_ends() {
        let record = Record::default();
        let mut steps = StepRecorder::new(
            record.clone(),
            vec![
                "docker stop web".into(),
                "docker rm web".into(),
                "docker rmi nginx".into(),
            ],
        );
        steps.hear(&RemovalEvent::Started { step: 0 });
        assert_eq!(record.entries()[0].status, RecordStatus::Running);
        steps.hear(&RemovalEvent::Finished {
            step: 0,
            untagged: vec![],
            deleted: vec![],
            already_gone: false,
        });
        steps.hear(&RemovalEvent::Started { step: 1 });
        let refused = Error::Internal {
            message: "test".into(),
        };
        steps.hear(&RemovalEvent::Failed {
            step: 1,
            error: refused.clone(),
        });
        let entries: Vec<_> = record
            .entries()
            .into_iter()
            .map(|e| (e.command, e.status))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("docker stop web".to_owned(), RecordStatus::Done),
                (
                    "docker rm web".to_owned(),
                    RecordStatus::Refused { error: refused }
                ),
            ]
        );
    }

    /// A run stopped before its first step (the engine unreachable at the re-check) records
    /// its planned commands as refused, as a failed prune does; one refused at the door
    /// (a second click, an unknown plan) asked nothing of the engine and records nothing.
    #[test]
    fn a_run_that_reached_no_step_says_why() {
        let planned = || {
            vec![
                "docker stop web".to_owned(),
                "docker rmi nginx:1".to_owned(),
            ]
        };
        let away = Error::EngineUnreachable {
            address: "unix:///var/run/docker.sock".into(),
            reason: "Connection refused".into(),
            cause: crate::error::UnreachableCause::Refused,
        };
        let record = Record::default();
        record_unrun(&record, planned(), &Err(away.clone()));
        let entries: Vec<_> = record
            .entries()
            .into_iter()
            .map(|e| (e.command, e.status))
            .collect();
        assert_eq!(
            entries,
            vec![
                (
                    "docker stop web".to_owned(),
                    RecordStatus::Refused {
                        error: away.clone()
                    }
                ),
                (
                    "docker rmi nginx:1".to_owned(),
                    RecordStatus::Refused { error: away }
                ),
            ]
        );

        let record = Record::default();
        record_unrun(
            &record,
            planned(),
            &Ok(RemovalRun::Changed {
                changes: vec![],
                plan: None,
            }),
        );
        assert!(record
            .entries()
            .iter()
            .all(|e| e.status == RecordStatus::Changed));
        assert_eq!(record.entries().len(), 2);

        for door in [
            Error::AlreadyRunning {
                id: "plan-0".into(),
            },
            Error::UnknownPlan {
                id: "plan-0".into(),
            },
        ] {
            let record = Record::default();
            record_unrun(&record, planned(), &Err(door));
            assert!(record.entries().is_empty());
        }
    }

    /// A Cancel during the wait for a container the engine removes by itself ends its step
    /// with no event: its `docker rm` is not run (the engine's own removal goes on), never
    /// "refused" for an answer that did not come.
    #[test]
    fn a_removal_left_to_the_engine_is_recorded_as_not_run() {
        use crate::removal::RemovalReport;
        let record = Record::default();
        let mut steps = StepRecorder::new(
            record.clone(),
            vec!["docker stop web".into(), "docker rm web".into()],
        );
        steps.hear(&RemovalEvent::Started { step: 0 });
        steps.hear(&RemovalEvent::Finished {
            step: 0,
            untagged: vec![],
            deleted: vec![],
            already_gone: false,
        });
        steps.hear(&RemovalEvent::Started { step: 1 });
        steps.settle(&Ok(RemovalRun::Ran {
            report: RemovalReport {
                steps_run: 1,
                untagged: vec![],
                deleted: vec![],
                failed: None,
                cancelled: true,
                engine_removing: Some(1),
                mismatch: None,
            },
        }));
        drop(steps);
        let statuses: Vec<_> = record.entries().into_iter().map(|e| e.status).collect();
        assert_eq!(statuses, vec![RecordStatus::Done, RecordStatus::Changed]);
    }

    /// A step whose object was gone already did nothing: not run, never done.
    #[test]
    fn a_step_found_gone_is_not_recorded_as_done() {
        let record = Record::default();
        let mut steps = StepRecorder::new(record.clone(), vec!["docker rmi nginx:1".into()]);
        steps.hear(&RemovalEvent::Started { step: 0 });
        steps.hear(&RemovalEvent::Finished {
            step: 0,
            untagged: vec![],
            deleted: vec![],
            already_gone: true,
        });
        assert_eq!(record.entries()[0].status, RecordStatus::Changed);
    }
}
