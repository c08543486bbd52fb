//! The UI's TypeScript types are generated from the Rust types that cross IPC.
//! This test fails when `ui/src/lib/ipc/bindings.ts` is stale; regenerate with
//! `IMAGEN_UPDATE_BINDINGS=1 cargo test -p imagen --test bindings`.

use imagen_core::images::filter::FilterError;
use imagen_core::images::{HistoryEntry, ImageDetails, ImageInspection};
use imagen_core::pull::{LayerProgress, LayerStatus, PullOutcome, PullProgress};
use imagen_core::reference::{DigestProblem, ParsedReference, ReferenceError};
use imagen_core::removal::{
    ActionKind, ConflictReason, ContainerState, Outcome, PlanAction, PlanChange, PlanChild,
    PlanContainer, PlanImage, PlanRecheck, PruneImage, PruneKept, PruneMode, PrunePreview,
    PruneReport, PruneRun, RemovalEvent, RemovalPlan, RemovalReport, RemovalRun, SelectedTag,
    Selection, Step, Verdict,
};
use imagen_core::{
    ContainerId, ContainerUsage, EngineAddress, EngineInfo, Error, ImageId, ImageList,
    ImageSummary, Missing, RegistryCause, UnreachableCause,
};
use ts_rs::{Config, TS};

fn generate() -> String {
    let cfg = Config::new();
    let decls = [
        ImageId::decl(&cfg),
        ContainerId::decl(&cfg),
        ContainerUsage::decl(&cfg),
        ImageSummary::decl(&cfg),
        ImageList::decl(&cfg),
        imagen_core::images::PackedImageList::decl(&cfg),
        EngineAddress::decl(&cfg),
        EngineInfo::decl(&cfg),
        imagen_core::about::AppInfo::decl(&cfg),
        imagen_core::engine::EngineSignal::decl(&cfg),
        imagen_core::engine::SocketKind::decl(&cfg),
        imagen_core::engine::DefaultVia::decl(&cfg),
        imagen_core::engine::survey::Answer::decl(&cfg),
        imagen_core::engine::survey::EngineChoice::decl(&cfg),
        imagen_core::engine::survey::EngineChoices::decl(&cfg),
        imagen_core::engine::survey::DockerElsewhere::decl(&cfg),
        imagen_core::engine::installed::Software::decl(&cfg),
        Missing::decl(&cfg),
        UnreachableCause::decl(&cfg),
        RegistryCause::decl(&cfg),
        imagen_core::error::FileTrouble::decl(&cfg),
        imagen_core::error::ContextNamedBy::decl(&cfg),
        imagen_core::error::AddressNamedBy::decl(&cfg),
        imagen_core::error::UnreadableEncoding::decl(&cfg),
        imagen_core::error::ContextFault::decl(&cfg),
        imagen_core::error::ContextProblem::decl(&cfg),
        DigestProblem::decl(&cfg),
        ReferenceError::decl(&cfg),
        Error::decl(&cfg),
        ParsedReference::decl(&cfg),
        LayerStatus::decl(&cfg),
        LayerProgress::decl(&cfg),
        PullProgress::decl(&cfg),
        PullOutcome::decl(&cfg),
        ImageDetails::decl(&cfg),
        ImageInspection::decl(&cfg),
        HistoryEntry::decl(&cfg),
        FilterError::decl(&cfg),
        Selection::decl(&cfg),
        SelectedTag::decl(&cfg),
        ContainerState::decl(&cfg),
        PlanContainer::decl(&cfg),
        PlanChild::decl(&cfg),
        Verdict::decl(&cfg),
        ConflictReason::decl(&cfg),
        PlanImage::decl(&cfg),
        Step::decl(&cfg),
        ActionKind::decl(&cfg),
        Outcome::decl(&cfg),
        PlanAction::decl(&cfg),
        RemovalPlan::decl(&cfg),
        RemovalEvent::decl(&cfg),
        imagen_core::removal::ImageKept::decl(&cfg),
        imagen_core::removal::ImageDeleted::decl(&cfg),
        imagen_core::removal::PlanMismatch::decl(&cfg),
        RemovalReport::decl(&cfg),
        PlanChange::decl(&cfg),
        RemovalRun::decl(&cfg),
        PlanRecheck::decl(&cfg),
        PruneMode::decl(&cfg),
        PruneImage::decl(&cfg),
        PruneKept::decl(&cfg),
        PrunePreview::decl(&cfg),
        PruneReport::decl(&cfg),
        PruneRun::decl(&cfg),
        imagen_core::record::RecordStatus::decl(&cfg),
        imagen_core::record::RecordEntry::decl(&cfg),
        imagen_core::kit::FilePurpose::decl(&cfg),
        imagen_core::kit::Language::decl(&cfg),
        imagen_core::kit::GrantedFile::decl(&cfg),
        imagen_core::kit::FileDrop::decl(&cfg),
        imagen_core::kit::SaveItem::decl(&cfg),
        imagen_core::kit::SaveProgress::decl(&cfg),
        imagen_core::kit::KitChange::decl(&cfg),
        imagen_core::kit::SaveOutcome::decl(&cfg),
        imagen_core::kit::Compression::decl(&cfg),
        imagen_core::kit::ArchiveProblem::decl(&cfg),
        imagen_core::kit::Damage::decl(&cfg),
        imagen_core::kit::ArchivePreview::decl(&cfg),
        imagen_core::kit::TagTaken::decl(&cfg),
        imagen_core::kit::ImagePlatform::decl(&cfg),
        imagen_core::kit::LoadProgress::decl(&cfg),
        imagen_core::kit::LoadOutcome::decl(&cfg),
        imagen_core::kit::LoadChange::decl(&cfg),
        imagen_core::images::tag::TagChange::decl(&cfg),
        imagen_core::images::tag::TagOutcome::decl(&cfg),
        imagen_core::updates::UnknownReason::decl(&cfg),
        imagen_core::updates::UpdateStatus::decl(&cfg),
        imagen_core::updates::UpdateResult::decl(&cfg),
        imagen_core::updates::RegistryProblem::decl(&cfg),
        imagen_core::updates::UpdateCheck::decl(&cfg),
        imagen_core::updates::UpdateProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in crates/imagen-core by src-tauri/tests/bindings.rs.\n\
         // Do not edit: run `IMAGEN_UPDATE_BINDINGS=1 cargo test -p imagen --test bindings`.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
    let fresh = generate();
    if std::env::var_os("IMAGEN_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `IMAGEN_UPDATE_BINDINGS=1 cargo test -p imagen --test bindings`",
        path.display()
    );
}
