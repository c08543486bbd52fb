//! The list prefetched at start-up (`images::FirstList`) on the real engine: taken while the
//! engine is quiet, listed anew after a change the prefetch's event stream saw.

use crate::support::{docker, private_engine};
use imagen_core::images::{list_images, FirstList};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const FIXTURE: &str = "imagen-fixture/busybox:latest";

fn spawn_prefetch() -> (Arc<FirstList>, Arc<imagen_core::Connection>) {
    let first = Arc::new(FirstList::default());
    let connection = Arc::new(private_engine());
    tokio::spawn({
        let (first, connection) = (first.clone(), connection.clone());
        async move { first.prefetch(&connection).await }
    });
    (first, connection)
}

#[tokio::test]
async fn a_quiet_engine_answers_the_first_call_with_the_prefetch() {
    // The other tests change the shared engine at any moment, and any change makes the
    // prefetch stale: a few tries, each with a prefetch of its own.
    for _ in 0..10 {
        let (first, connection) = spawn_prefetch();
        // As the page, which asks half a second after the app started: a call before the
        // prefetch even started lists for itself.
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Some(list) = first.take().await {
            assert!(!list.images.is_empty());
            // Taken once: the next call lists for itself.
            assert_eq!(first.take().await, None);
            assert!(first.list(&connection).await.is_ok());
            return;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("the prefetch never held, though nothing should change for a moment");
}

#[tokio::test]
async fn a_change_after_the_prefetch_started_means_listing_anew() {
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "imagen-first-list/tagged:{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let (first, connection) = spawn_prefetch();
    // The prefetch has its event stream and its list long before this (fixtures list in ms).
    tokio::time::sleep(Duration::from_secs(1)).await;
    let tag = name.clone();
    tokio::task::spawn_blocking(move || docker(&["tag", FIXTURE, &tag]))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(first.take().await, None, "the tag was seen: list anew");
    let list = first.list(&connection).await.unwrap();
    assert!(list.images.iter().any(|i| i.tags.contains(&name)));
    let fresh = connection
        .run(|e| async move { list_images(&e).await })
        .await
        .unwrap();
    assert!(fresh.images.iter().any(|i| i.tags.contains(&name)));
    let tag = name.clone();
    tokio::task::spawn_blocking(move || docker(&["rmi", &tag]))
        .await
        .unwrap();
}
