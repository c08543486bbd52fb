// The real backend: Tauri IPC. The only module that imports @tauri-apps/api.
import { Channel, invoke } from "@tauri-apps/api/core";
import { toImagenError, type ImagenApi } from "./api";
import { unpackImageList } from "./packed";
import type {
  AppInfo,
  ArchivePreview,
  FileDrop,
  GrantedFile,
  LoadOutcome,
  LoadProgress,
  RecordEntry,
  SaveOutcome,
  SaveProgress,
  TagOutcome,
  UpdateCheck,
  UpdateProgress,
  HistoryEntry,
  ImageInspection,
  DockerElsewhere,
  Software,
  EngineChoices,
  EngineInfo,
  EngineSignal,
  PackedImageList,
  ParsedReference,
  PlanRecheck,
  PullOutcome,
  PrunePreview,
  PruneRun,
  PullProgress,
  RemovalEvent,
  RemovalPlan,
  RemovalRun,
} from "./bindings";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toImagenError(thrown);
  }
}

/**
 * Follows what the backend says unasked (engine signals, record entries, file drops) on a
 * channel handed to `command` as `argument`; the backend keeps the latest one of each kind.
 * Channels, not app events: the window may listen to no event, so not to Tauri's own drag
 * events, which carry file paths. Stopping drops the handler here.
 */
async function follow<T>(
  command: string,
  argument: string,
  handler: (message: T) => void,
): Promise<() => void> {
  let live = true;
  const channel = new Channel<T>();
  channel.onmessage = (message) => {
    if (live) handler(message);
  };
  await call<void>(command, { [argument]: channel });
  return () => {
    live = false;
  };
}

export function createTauriApi(): ImagenApi {
  return {
    listImages: async () => {
      const packed = await call<PackedImageList>("list_images");
      try {
        return unpackImageList(packed);
      } catch (thrown) {
        throw toImagenError(thrown);
      }
    },
    engineInfo: () => call<EngineInfo>("engine_info"),
    appInfo: () => call<AppInfo>("app_info"),
    setLanguage: (language) => call<void>("set_language", { language }),
    listEngines: () => call<EngineChoices>("list_engines"),
    dockerElsewhere: () => call<DockerElsewhere | null>("docker_elsewhere"),
    engineSoftware: () => call<Software[]>("engine_software"),
    chooseEngine: (id) => call<string | null>("choose_engine", { id }),
    parseReference: (input) => call<ParsedReference>("parse_reference", { input }),
    pullImage: (pullId, reference, platform, engine, onProgress) => {
      const channel = new Channel<PullProgress>();
      channel.onmessage = onProgress;
      return call<PullOutcome>("pull_image", {
        pullId,
        reference,
        platform,
        engine,
        onProgress: channel,
      });
    },
    cancelPull: (pullId) => call<boolean>("cancel_pull", { pullId }),
    inspectImage: (id, again = false) => call<ImageInspection>("inspect_image", { id, again }),
    imageHistory: (id, again = false) => call<HistoryEntry[]>("image_history", { id, again }),
    planRemoval: (selection, engine) =>
      call<RemovalPlan>("plan_removal", { selection, engine: engine ?? null }),
    previewRemoval: (selection, engine) =>
      call<RemovalPlan>("preview_removal", { selection, engine: engine ?? null }),
    executeRemoval: (planId, action, onEvent) => {
      const channel = new Channel<RemovalEvent>();
      channel.onmessage = onEvent;
      return call<RemovalRun>("execute_removal", { planId, action, onEvent: channel });
    },
    recheckRemoval: (planId) => call<PlanRecheck>("recheck_removal", { planId }),
    cancelRemoval: (planId) => call<boolean>("cancel_removal", { planId }),
    prunePreview: (mode, engine) =>
      call<PrunePreview>("prune_preview", { mode, engine: engine ?? null }),
    pruneImages: (previewId) => call<PruneRun>("prune_images", { previewId }),
    onEngineSignal: (handler) => follow<EngineSignal>("follow_engine", "onSignal", handler),
    terminalRecord: () => call<RecordEntry[]>("terminal_record"),
    onRecordEntry: (handler) => follow<RecordEntry>("follow_record", "onEntry", handler),
    chooseSaveFile: (language, fileName) =>
      call<GrantedFile | null>("choose_save_file", { language, fileName }),
    chooseLoadFile: (language) => call<GrantedFile | null>("choose_load_file", { language }),
    onFileDrop: (handler) => follow<FileDrop>("follow_drops", "onDrop", handler),
    previewArchive: (fileId, previewId, onProgress) => {
      const channel = new Channel<LoadProgress>();
      channel.onmessage = onProgress;
      return call<ArchivePreview | null>("preview_archive", {
        fileId,
        previewId,
        onProgress: channel,
      });
    },
    saveImages: (saveId, fileId, items, engine, onProgress) => {
      const channel = new Channel<SaveProgress>();
      channel.onmessage = onProgress;
      return call<SaveOutcome>("save_images", {
        saveId,
        fileId,
        items,
        engine,
        onProgress: channel,
      });
    },
    loadImages: (loadId, fileId, onProgress) => {
      const channel = new Channel<LoadProgress>();
      channel.onmessage = onProgress;
      return call<LoadOutcome>("load_images", { loadId, fileId, onProgress: channel });
    },
    cancelKit: (id) => call<boolean>("cancel_kit", { id }),
    tagImage: (imageId, target, expected, expectedKeeps, engine) =>
      call<TagOutcome>("tag_image", { imageId, target, expected, expectedKeeps, engine }),
    checkUpdates: (checkId, onProgress) => {
      const channel = new Channel<UpdateProgress>();
      channel.onmessage = onProgress;
      return call<UpdateCheck>("check_updates", { checkId, onProgress: channel });
    },
    cancelUpdateCheck: (checkId) => call<boolean>("cancel_update_check", { checkId }),
  };
}

/** The user's languages as the OS states them, best first (Linux reads LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG, which WebKitGTK's navigator.languages partly ignores); empty where
 * the web view already knows, or when the backend does not answer within a moment. */
export async function preferredLanguages(): Promise<string[]> {
  const late = new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 500));
  const asked = invoke<string[]>("preferred_languages").catch(() => []);
  return Promise.race([asked, late]);
}
