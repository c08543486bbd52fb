//! The engine calls that change things (and the look-ups that guard them), each with its
//! own time limit and with every name checked before it is placed in a URL path: bollard
//! pastes names into paths as they are, so this is where `../volumes/x?force=true` stops.

use super::Engine;
use crate::error::{Error, Result};
use crate::input;
use bollard::errors::Error as BollardError;
use bollard::models::{ContainerSummary, ImageDeleteResponseItem};
use bollard::query_parameters::{
    ListContainersOptions, RemoveContainerOptions, RemoveImageOptions, StopContainerOptions,
};
use std::time::Duration;

/// What a call that the engine refused or failed looked like, before mapping: removal
/// needs the status code (404 = already gone, 409 = conflict) to decide.
#[derive(Debug)]
pub(crate) enum CallError {
    /// The engine answered with this status and message.
    Status(u16, String),
    /// Anything else, already mapped (connection lost, time limit, bad input).
    Other(Error),
}

impl CallError {
    pub(crate) fn into_error(self) -> Error {
        match self {
            CallError::Status(status, message) => Error::EngineRejected { status, message },
            CallError::Other(e) => e,
        }
    }
}

impl Engine {
    fn with_limit(&self, limit: Duration) -> bollard::Docker {
        self.docker.clone().with_timeout(limit)
    }

    fn map(&self, err: BollardError, limit: Duration) -> CallError {
        match err {
            BollardError::DockerResponseServerError {
                status_code,
                message,
            } => CallError::Status(status_code, message),
            BollardError::RequestTimeoutError => CallError::Other(Error::EngineTimeout {
                address: self.address().to_owned(),
                seconds: limit.as_secs().max(1) as u32,
            }),
            other => CallError::Other(Error::from_bollard(self.address(), other)),
        }
    }

    /// `DELETE /images/{name}?force=…` (`docker rmi [-f]`), with the removal limit.
    pub(crate) async fn remove_image(
        &self,
        name: &str,
        force: bool,
    ) -> Result<Vec<ImageDeleteResponseItem>, CallError> {
        let name = input::path_segment(name).map_err(CallError::Other)?;
        let limit = self.limits().removal;
        self.with_limit(limit)
            .remove_image(
                name,
                Some(RemoveImageOptions {
                    force,
                    noprune: false,
                    platforms: None,
                }),
                None,
            )
            .await
            .map_err(|e| self.map(e, limit))
    }

    /// `docker stop` with the CLI's grace period; the HTTP limit leaves the engine time to
    /// kill the container after the grace period ends.
    pub(crate) async fn stop_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::container_id("container", id).map_err(CallError::Other)?;
        let grace = self.limits().stop_grace;
        let limit = grace + self.limits().request;
        self.with_limit(limit)
            .stop_container(
                id,
                Some(StopContainerOptions {
                    t: Some(grace.as_secs() as i32),
                    signal: None,
                }),
            )
            .await
            .map_err(|e| self.map(e, limit))
    }

    /// `docker unpause`.
    pub(crate) async fn unpause_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::container_id("container", id).map_err(CallError::Other)?;
        let limit = self.limits().request;
        self.with_limit(limit)
            .unpause_container(id)
            .await
            .map_err(|e| self.map(e, limit))
    }

    /// `docker rm` (no force: a container that was started again meanwhile is refused).
    pub(crate) async fn remove_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::container_id("container", id).map_err(CallError::Other)?;
        // Removing a container deletes its writable layer: as long as an image's removal.
        let limit = self.limits().removal;
        self.with_limit(limit)
            .remove_container(id, None::<RemoveContainerOptions>)
            .await
            .map_err(|e| self.map(e, limit))
    }

    /// The full ID `name` resolves to right now, or `None` when nothing has that name.
    pub(crate) async fn image_id_of(&self, name: &str) -> Result<Option<String>> {
        let name = input::path_segment(name)?;
        let limit = self.limits().request;
        match self.with_limit(limit).inspect_image(name).await {
            Ok(img) => Ok(img.id),
            Err(BollardError::DockerResponseServerError {
                status_code: 404, ..
            }) => Ok(None),
            Err(e) => Err(self.map(e, limit).into_error()),
        }
    }

    /// Every container now (`/containers/json?all=1`).
    pub(crate) async fn containers(&self) -> Result<Vec<ContainerSummary>> {
        let limit = self.limits().request;
        self.with_limit(limit)
            .list_containers(Some(ListContainersOptions {
                all: true,
                ..Default::default()
            }))
            .await
            .map_err(|e| self.map(e, limit).into_error())
    }
}
