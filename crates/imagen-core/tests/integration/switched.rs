//! A plan is made on one engine, then Imagen reconnects to another (Docker Desktop quit and
//! the docker context now names another engine, or the user chose one): the same image ID
//! can be on both (a pulled or loaded image has the same ID everywhere), but what the user
//! looked at was the first engine. Nothing runs on the second; the answer says why.

use crate::kit::{docker_empty, empty_sock, labelled, unique, EMPTY};
use crate::support::docker;
use imagen_core::engine::{Resolver, Target};
use imagen_core::images::tag::{tag_image, TagChange, TagOutcome, TagSeen};
use imagen_core::removal::{
    execute_plan, keep_prune_preview, make_plan, ActionKind, PlanChange, PlanRegistry, PruneMode,
    RemovalRun, Selection,
};
use imagen_core::{Connection, EngineAddress, Error, ImageId};
use std::sync::Arc;

fn to(address: String) -> Resolver {
    Arc::new(move || {
        Ok(Target {
            endpoint: EngineAddress::new(address.clone()).into(),
            name: None,
            socket: None,
            named_by: None,
        })
    })
}

/// An image tagged `tag` with the same ID on both engines (built on the main one, then
/// saved and loaded on the empty one), its ID, and the empty engine held for the test.
async fn on_both(tag: &str) -> (String, tokio::sync::MutexGuard<'static, ()>) {
    let id = labelled(Some(tag));
    let dir = std::env::temp_dir().join(format!("imagen-{}", tag.replace(['/', ':'], "-")));
    std::fs::create_dir_all(&dir).unwrap();
    let tar = dir.join("same.tar");
    docker(&["save", "-o", tar.to_str().unwrap(), tag]);
    let turn = EMPTY.lock().await;
    docker_empty(&["load", "-q", "-i", tar.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    (id, turn)
}

#[tokio::test]
async fn a_plan_made_on_one_engine_never_runs_on_another() {
    let u = unique();
    let tag = format!("imagen-switch-{u}/same:1");
    let (id, _turn) = on_both(&tag).await;
    let main = std::env::var("DOCKER_HOST").unwrap();
    let connection = Connection::resolving(to(main.clone()));
    let plans = PlanRegistry::default();
    let selection = Selection {
        images: vec![ImageId::new(id.clone())],
        tags: vec![],
    };
    let plan = make_plan(&connection, &plans, selection, Some(&main))
        .await
        .unwrap();

    connection.switch(to(empty_sock())).await;
    let run = execute_plan(&connection, &plans, &plan.id, ActionKind::Delete, |_| {})
        .await
        .unwrap();
    match run {
        RemovalRun::Changed { changes, plan } => {
            assert_eq!(
                changes,
                [PlanChange::EngineSwitched {
                    from: main.clone(),
                    to: empty_sock()
                }]
            );
            assert!(
                plan.is_some(),
                "the plan as it is on the engine now, to look at"
            );
        }
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert_eq!(
        docker_empty(&["image", "inspect", "-f", "{{.Id}}", &tag]).trim(),
        id,
        "nothing was deleted on the other engine"
    );
    docker_empty(&["rmi", &tag]);
    docker(&["rmi", &tag]);
}

/// The Tag dialog's confirm after a reconnect onto another engine that has the same image:
/// nothing is tagged there, and the answer says which engines.
#[tokio::test]
async fn a_tag_confirmed_on_one_engine_is_not_given_on_another() {
    let u = unique();
    let tag = format!("imagen-switch-tag-{u}/same:1");
    let (id, _turn) = on_both(&tag).await;
    let main = std::env::var("DOCKER_HOST").unwrap();
    let connection = Connection::resolving(to(main.clone()));
    connection.switch(to(empty_sock())).await;
    let new_tag = format!("imagen-switch-tag-{u}/same:2");
    let seen = TagSeen {
        engine: Some(&main),
        holder: None,
        keeps: &[],
    };
    let outcome = tag_image(&connection, &id, &new_tag, seen).await.unwrap();
    assert_eq!(
        outcome,
        TagOutcome::Changed {
            change: TagChange::EngineSwitched {
                from: main.clone(),
                to: empty_sock()
            }
        }
    );
    let tagged = docker_empty(&["images", "-q", &new_tag]);
    assert!(tagged.trim().is_empty(), "tagged on the other engine");
    docker_empty(&["rmi", &tag]);
    docker(&["rmi", &tag]);
}

/// The Remove dialog opened on a selection made on one engine, after a reconnect onto
/// another that has the same image: nothing is planned there (a plan would be one click from
/// deleting an image the user never saw), and the answer names the engine Imagen is on now.
/// The Clean up dialog's preview is refused the same way.
#[tokio::test]
async fn a_removal_is_not_planned_on_another_engine_than_the_one_the_user_saw() {
    let u = unique();
    let tag = format!("imagen-switch-plan-{u}/same:1");
    let (id, _turn) = on_both(&tag).await;
    let main = std::env::var("DOCKER_HOST").unwrap();
    let connection = Connection::resolving(to(main.clone()));
    let plans = PlanRegistry::default();
    connection.switch(to(empty_sock())).await;
    let selection = Selection {
        images: vec![ImageId::new(id.clone())],
        tags: vec![],
    };
    let refused = make_plan(&connection, &plans, selection.clone(), Some(&main)).await;
    assert_eq!(
        refused,
        Err(Error::EngineSwitched {
            to: Some(empty_sock())
        })
    );
    let preview = connection
        .run(|e| {
            let plans = &plans;
            let main = main.clone();
            async move { keep_prune_preview(&e, plans, PruneMode::Unused, Some(&main)).await }
        })
        .await;
    assert_eq!(
        preview.map(|p| p.id),
        Err(Error::EngineSwitched {
            to: Some(empty_sock())
        })
    );
    // Asked on the engine Imagen is on now (the window caught up): planned there.
    let here = empty_sock();
    let plan = make_plan(&connection, &plans, selection, Some(&here))
        .await
        .unwrap();
    assert_eq!(plan.images.len(), 1);
    docker_empty(&["rmi", &tag]);
    docker(&["rmi", &tag]);
}
