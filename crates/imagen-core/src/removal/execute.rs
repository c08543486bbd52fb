//! Running a plan's steps against the engine, one at a time, stopping at the first
//! failure so the report says exactly what ran.

use super::types::{ConflictReason, RemovalEvent, RemovalReport, Step};
use crate::engine::Engine;
use crate::error::{Error, Result};
use bollard::query_parameters::{ListContainersOptions, RemoveImageOptions};

/// Runs `steps` in order, reporting each over `on_event`. A 404 ("already gone") counts
/// as done; any other failure stops the run and is returned in the report.
pub async fn execute(
    engine: &Engine,
    steps: &[Step],
    mut on_event: impl FnMut(RemovalEvent),
) -> RemovalReport {
    let mut report = RemovalReport {
        steps_run: 0,
        untagged: Vec::new(),
        deleted: Vec::new(),
        failed: None,
    };
    for (i, step) in steps.iter().enumerate() {
        let step_no = i as u32;
        on_event(RemovalEvent::Started { step: step_no });
        match run(engine, step).await {
            Ok(done) => {
                report.steps_run += 1;
                report.untagged.extend(done.untagged.iter().cloned());
                report.deleted.extend(done.deleted.iter().cloned());
                on_event(RemovalEvent::Finished {
                    step: step_no,
                    untagged: done.untagged,
                    deleted: done.deleted,
                    already_gone: done.already_gone,
                });
            }
            Err(error) => {
                on_event(RemovalEvent::Failed {
                    step: step_no,
                    error: error.clone(),
                });
                report.failed = Some(error);
                break;
            }
        }
    }
    report
}

#[derive(Default)]
struct Done {
    untagged: Vec<String>,
    deleted: Vec<String>,
    already_gone: bool,
}

async fn run(engine: &Engine, step: &Step) -> Result<Done> {
    let docker = &engine.docker;
    let addr = engine.address();
    let result = match step {
        Step::Unpause { container, .. } => docker
            .unpause_container(container)
            .await
            .map(|_| Done::default()),
        Step::Stop { container, .. } => docker
            .stop_container(container, None)
            .await
            .map(|_| Done::default()),
        Step::RemoveContainer { container, .. } => docker
            .remove_container(container, None)
            .await
            .map(|_| Done::default()),
        Step::RemoveImage { reference, force } => docker
            .remove_image(
                reference,
                Some(RemoveImageOptions {
                    force: *force,
                    noprune: false,
                    platforms: None,
                }),
                None,
            )
            .await
            .map(|items| {
                let mut done = Done::default();
                for item in items {
                    done.untagged.extend(item.untagged);
                    // Layer entries are `Deleted` too; the UI only cares about images,
                    // and a refresh follows anyway.
                    done.deleted.extend(item.deleted);
                }
                done
            }),
    };
    match result {
        Ok(done) => Ok(done),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code,
            message,
        }) => {
            match (status_code, step) {
                // Gone already (removed in a terminal meanwhile): nothing left to do.
                (404, _) => Ok(Done {
                    already_gone: true,
                    ..Done::default()
                }),
                // Already stopped / not paused: the state the step wanted.
                (304, Step::Stop { .. }) => Ok(Done::default()),
                (409, Step::Unpause { .. }) if message.contains("not paused") => {
                    Ok(Done::default())
                }
                (409, Step::RemoveImage { reference, .. }) => {
                    Err(conflict(engine, reference, message).await)
                }
                _ => Err(Error::EngineRejected {
                    status: status_code,
                    message,
                }),
            }
        }
        Err(e) => Err(Error::from_bollard(addr, e)),
    }
}

/// Turns the engine's 409 into a typed error naming every container using the image.
async fn conflict(engine: &Engine, reference: &str, message: String) -> Error {
    let image_id = engine
        .docker
        .inspect_image(reference)
        .await
        .ok()
        .and_then(|i| i.id);
    let mut containers = Vec::new();
    if let Some(image_id) = image_id {
        if let Ok(list) = engine
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            }))
            .await
        {
            containers = list
                .into_iter()
                .filter(|c| c.image_id.as_deref() == Some(image_id.as_str()))
                .filter_map(|c| c.names.and_then(|n| n.into_iter().next()))
                .map(|n| n.trim_start_matches('/').to_owned())
                .collect();
        }
    }
    Error::RemovalConflict {
        reference: reference.to_owned(),
        reason: conflict_reason(&message),
        containers,
        message,
    }
}

/// Reads moby's conflict wording (`image_delete.go`) back into a reason.
pub(crate) fn conflict_reason(message: &str) -> Option<ConflictReason> {
    let m = message.to_ascii_lowercase();
    if m.contains("dependent child images") {
        Some(ConflictReason::ChildImages)
    } else if m.contains("running container") {
        Some(ConflictReason::RunningContainer)
    } else if m.contains("stopped container") {
        Some(ConflictReason::StoppedContainer)
    } else if m.contains("multiple repositories") {
        Some(ConflictReason::MultipleReferences)
    } else if m.contains("is using its referenced image") {
        Some(ConflictReason::ReferenceInUse)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::conflict_reason;
    use crate::removal::ConflictReason as R;

    #[test]
    fn reads_every_moby_conflict_message() {
        let cases = [
            ("conflict: unable to delete 1a2b3c4d5e6f (cannot be forced) - image has dependent child images", Some(R::ChildImages)),
            ("conflict: unable to delete 1a2b3c4d5e6f (cannot be forced) - image is being used by running container 0a1b2c3d4e5f", Some(R::RunningContainer)),
            ("conflict: unable to delete 1a2b3c4d5e6f (must be forced) - image is being used by stopped container 0a1b2c3d4e5f", Some(R::StoppedContainer)),
            ("conflict: unable to delete 1a2b3c4d5e6f (must be forced) - image is referenced in multiple repositories", Some(R::MultipleReferences)),
            ("conflict: unable to remove repository reference \"web:1\" (must force) - container 0a1b2c3d4e5f is using its referenced image 1a2b3c4d5e6f", Some(R::ReferenceInUse)),
            ("something else", None),
        ];
        for (msg, want) in cases {
            assert_eq!(conflict_reason(msg), want, "{msg}");
        }
    }
}
