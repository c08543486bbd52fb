// The real backend: Tauri IPC. The only module that imports @tauri-apps/api.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
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
  HistoryEntry,
  ImageInspection,
  EngineChoices,
  EngineInfo,
  EngineSignal,
  PackedImageList,
  ParsedReference,
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
    listEngines: () => call<EngineChoices>("list_engines"),
    chooseEngine: (id) => call<void>("choose_engine", { id }),
    parseReference: (input) => call<ParsedReference>("parse_reference", { input }),
    pullImage: (pullId, reference, platform, onProgress) => {
      const channel = new Channel<PullProgress>();
      channel.onmessage = onProgress;
      return call<PullOutcome>("pull_image", { pullId, reference, platform, onProgress: channel });
    },
    cancelPull: (pullId) => call<boolean>("cancel_pull", { pullId }),
    inspectImage: (id) => call<ImageInspection>("inspect_image", { id }),
    imageHistory: (id) => call<HistoryEntry[]>("image_history", { id }),
    planRemoval: (selection) => call<RemovalPlan>("plan_removal", { selection }),
    previewRemoval: (selection) => call<RemovalPlan>("preview_removal", { selection }),
    executeRemoval: (planId, action, onEvent) => {
      const channel = new Channel<RemovalEvent>();
      channel.onmessage = onEvent;
      return call<RemovalRun>("execute_removal", { planId, action, onEvent: channel });
    },
    cancelRemoval: (planId) => call<boolean>("cancel_removal", { planId }),
    prunePreview: (mode) => call<PrunePreview>("prune_preview", { mode }),
    pruneImages: (previewId) => call<PruneRun>("prune_images", { previewId }),
    onEngineSignal: (handler) =>
      listen<EngineSignal>("engine-signal", (event) => handler(event.payload)),
    terminalRecord: () => call<RecordEntry[]>("terminal_record"),
    onRecordEntry: (handler) =>
      listen<RecordEntry>("terminal-record", (event) => handler(event.payload)),
    chooseSaveFile: (language, fileName) =>
      call<GrantedFile | null>("choose_save_file", { language, fileName }),
    chooseLoadFile: (language) => call<GrantedFile | null>("choose_load_file", { language }),
    onFileDrop: (handler) => listen<FileDrop>("file-drop", (event) => handler(event.payload)),
    previewArchive: (fileId) => call<ArchivePreview>("preview_archive", { fileId }),
    saveImages: (saveId, fileId, items, onProgress) => {
      const channel = new Channel<SaveProgress>();
      channel.onmessage = onProgress;
      return call<SaveOutcome>("save_images", { saveId, fileId, items, onProgress: channel });
    },
    loadImages: (loadId, fileId, onProgress) => {
      const channel = new Channel<LoadProgress>();
      channel.onmessage = onProgress;
      return call<LoadOutcome>("load_images", { loadId, fileId, onProgress: channel });
    },
    cancelKit: (id) => call<boolean>("cancel_kit", { id }),
    tagImage: (imageId, target, expected) =>
      call<TagOutcome>("tag_image", { imageId, target, expected }),
    checkUpdates: () => call<UpdateCheck>("check_updates"),
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
