// The in-memory fake's workshop kit: a Terminal record, chosen files, save and load, tag and
// the update check, each behaving as the backend does (re-checks included) on the fake's
// own images. Tests steer it through the fields documented below.
import type {
  ArchivePreview,
  FileDrop,
  GrantedFile,
  ImageSummary,
  ImagenError,
  LoadChange,
  LoadOutcome,
  LoadProgress,
  RecordEntry,
  RecordStatus,
  SaveItem,
  SaveOutcome,
  SaveProgress,
  TagOutcome,
  UpdateCheck,
} from "./bindings";
import { shellLine } from "../commands/shell";
import { loadCommand } from "../commands/docker";

/** A save, load or preview the fake is running: tests advance it, finish it or let it be
 * cancelled. */
export interface FakeKitRun {
  id: string;
  kind: "save" | "load" | "preview";
  /** Sends one progress update: bytes so far, and a load's `ended` (by default once all) or
   * a save's `finishing` (by default not). */
  progress(bytes: number, ended?: boolean): void;
  /** Ends it as the backend would on success. */
  finish(): void;
  /** Ends it with `error`, as the backend's command rejects. */
  fail(error: ImagenError): void;
}

export class FakeWorkshop {
  record: RecordEntry[] = [];
  #recordHandlers = new Set<(e: RecordEntry) => void>();
  #dropHandlers = new Set<(d: FileDrop) => void>();
  /** What the next Save / Open dialog answers: a file name, or null (the user cancelled). */
  nextSaveChoice: string | null = "kit.tar";
  nextLoadChoice: string | null = "kit.tar";
  /** Where the next save goes instead of the chosen file (one appeared there meanwhile). */
  savedAs: string | null = null;
  /** Chosen files by ID. */
  files = new Map<string, GrantedFile>();
  /** What each loadable file (by name) holds, or the problem `previewArchive` rejects with. */
  archives = new Map<string, ArchivePreview | ImagenError>();
  /** Saves and loads running, by ID. */
  runs = new Map<string, FakeKitRun>();
  /** When false, saves and loads wait for the test (`runs`) instead of finishing at once. */
  autoFinish = true;
  /** When true, previews wait for the test (`runs`, kind `preview`) as a big file's read. */
  holdPreviews = false;
  /** Files saved, by name: the tags each holds (a load of that name brings them back). */
  saved = new Map<string, string[]>();
  /** The update check's answer; null answers every tag `Current`. */
  updates: Omit<UpdateCheck, "stopped" | "unchecked"> | null = null;
  #seq = 0;
  #files = 0;

  constructor(
    private readonly images: () => ImageSummary[],
    private readonly setImages: (images: ImageSummary[]) => void,
    /** The address of the engine the fake is on now. */
    private readonly engine: () => string,
  ) {}

  /** Adds an entry as the backend records a command; returns its `seq`. */
  addRecord(command: string, status: RecordStatus = { status: "Done" }): number {
    const entry: RecordEntry = { seq: ++this.#seq, startedMs: Date.now(), command, status };
    this.record.push(entry);
    for (const h of this.#recordHandlers) h(structuredClone(entry));
    return entry.seq;
  }

  /** Ends the running entry `seq` with `status`. */
  endRecord(seq: number, status: RecordStatus): void {
    const entry = this.record.find((e) => e.seq === seq);
    if (!entry) return;
    entry.status = status;
    for (const h of this.#recordHandlers) h(structuredClone(entry));
  }

  onRecordEntry(handler: (e: RecordEntry) => void): () => void {
    this.#recordHandlers.add(handler);
    return () => this.#recordHandlers.delete(handler);
  }

  onFileDrop(handler: (d: FileDrop) => void): () => void {
    this.#dropHandlers.add(handler);
    return () => this.#dropHandlers.delete(handler);
  }

  /** Files dragged over the window, then dropped (or `null`: the drag left). As the backend,
   * only the first is kept (granted); the others are counted. */
  drop(names: string[] | null): void {
    const send = (d: FileDrop) => this.#dropHandlers.forEach((h) => h(d));
    if (names === null) return send({ kind: "Left" });
    send({ kind: "Over", count: names.length });
    const [first] = names;
    send({
      kind: "Dropped",
      file: first === undefined ? null : this.grant(first, "Load"),
      ignored: Math.max(0, names.length - 1),
    });
  }

  grant(name: string, purpose: GrantedFile["purpose"]): GrantedFile {
    const file: GrantedFile = {
      id: `file-${String(++this.#files).padStart(32, "0")}`,
      name,
      purpose,
    };
    this.files.set(file.id, file);
    return file;
  }

  #file(id: string, purpose: GrantedFile["purpose"]): GrantedFile {
    const file = this.files.get(id);
    if (!file || file.purpose !== purpose) throw { kind: "UnknownFile", id } satisfies ImagenError;
    if (purpose === "Save") this.files.delete(id);
    return file;
  }

  /** What the archive holds, and which of its tags name an image of the fake engine now
   * (the fake's archives hold images of their own, so such a tag would move). */
  #look(fileId: string): ArchivePreview {
    const file = this.#file(fileId, "Load");
    const known = this.archives.get(file.name);
    if (known && "kind" in known) throw known;
    const taken = (tags: readonly string[]) =>
      tags.flatMap((tag) => {
        const holder = this.images().find((i) => i.tags.includes(tag));
        return holder ? [{ tag, holder: holder.id }] : [];
      });
    if (known) return { ...known, taken: taken(known.tags) };
    const tags = this.saved.get(file.name);
    if (!tags) throw { kind: "BadArchive", file: file.name, problem: { kind: "NotAnArchive" } };
    return {
      file: file.name,
      bytes: 1000 * tags.length,
      compression: "None",
      decompressFirst: false,
      tags,
      images: tags.length,
      taken: taken(tags),
      platforms: [],
    };
  }

  /** Previews shown, by file ID, and the engine each was made on: a load compares with
   * them, as the backend does. */
  #seen = new Map<string, { preview: ArchivePreview; engine: string }>();

  preview(
    fileId: string,
    previewId: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<ArchivePreview | null> {
    let preview: ArchivePreview;
    try {
      preview = this.#look(fileId);
    } catch (e) {
      return Promise.reject(e);
    }
    const total = preview.bytes;
    onProgress({ read: 0, total, sent: 0, ended: false, checking: true, waitingForFile: false });
    return new Promise((resolve, reject) => {
      const run: FakeKitRun = {
        id: previewId,
        kind: "preview",
        progress: (bytes) =>
          onProgress({
            read: bytes,
            total,
            sent: 0,
            ended: false,
            checking: true,
            waitingForFile: false,
          }),
        finish: () => {
          if (!this.runs.delete(previewId)) return;
          this.#seen.set(fileId, { preview, engine: this.engine() });
          resolve(preview);
        },
        fail: (error) => {
          if (this.runs.delete(previewId)) reject(error);
        },
      };
      this.runs.set(previewId, run);
      this.#cancels.set(previewId, () => resolve(null));
      if (!this.holdPreviews) run.finish();
    });
  }

  save(
    saveId: string,
    fileId: string,
    items: SaveItem[],
    engine: string | null,
    onProgress: (p: SaveProgress) => void,
  ): Promise<SaveOutcome> {
    const file = this.#file(fileId, "Save");
    const names = items.flatMap((i) => (i.tags.length ? i.tags : [i.id]));
    const command = shellLine(["docker", "save", "-o", file.name, ...names]);
    const seq = this.addRecord(command, { status: "Running" });
    // Seen on another engine than the one the fake is on now: that alone, as the backend.
    if (engine !== null && engine !== this.engine()) {
      this.endRecord(seq, { status: "Changed" });
      return Promise.resolve({
        status: "Changed",
        changes: [{ kind: "EngineSwitched", from: engine, to: this.engine() }],
      });
    }
    // Re-checked as the backend does: the images and their tags as the user saw them.
    const now = this.images();
    const changes: Extract<SaveOutcome, { status: "Changed" }>["changes"] = [];
    for (const item of items) {
      if (!now.some((i) => i.id === item.id)) changes.push({ kind: "ImageGone", id: item.id });
      for (const tag of item.tags) {
        const holder = now.find((i) => i.tags.includes(tag));
        if (holder?.id !== item.id)
          changes.push({ kind: "TagMoved", reference: tag, now: holder?.id ?? null });
      }
    }
    if (changes.length) {
      this.endRecord(seq, { status: "Changed" });
      return Promise.resolve({ status: "Changed", changes });
    }
    const expected = items.length * 1000;
    return new Promise((resolve, reject) => {
      const run: FakeKitRun = {
        id: saveId,
        kind: "save",
        progress: (bytes, finishing = false) => onProgress({ written: bytes, expected, finishing }),
        finish: () => {
          if (!this.runs.delete(saveId)) return;
          this.saved.set(this.savedAs ?? file.name, names);
          this.endRecord(seq, { status: "Done" });
          resolve({
            status: "Saved",
            file: this.savedAs ?? file.name,
            bytes: expected,
            names,
            command: this.savedAs
              ? shellLine(["docker", "save", "-o", this.savedAs, ...names])
              : command,
            insteadOf: this.savedAs ? file.name : null,
          });
        },
        fail: (error) => {
          if (!this.runs.delete(saveId)) return;
          this.endRecord(seq, { status: "Refused", error });
          reject(error);
        },
      };
      this.runs.set(saveId, run);
      this.#cancels.set(saveId, () => {
        this.endRecord(seq, { status: "Cancelled" });
        resolve({ status: "Cancelled" });
      });
      if (this.autoFinish) run.finish();
    });
  }

  load(
    loadId: string,
    fileId: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    let preview: ArchivePreview;
    try {
      preview = this.#look(fileId);
    } catch (e) {
      return Promise.reject(e);
    }
    const kept = this.#seen.get(fileId);
    if (!kept)
      return Promise.reject({ kind: "InvalidInput", field: "file", reason: "not looked at" });
    const seen = kept.preview;
    const command = loadCommand(seen.file, seen.decompressFirst);
    const engine = this.engine();
    const change: LoadChange | null =
      kept.engine !== engine
        ? { kind: "EngineSwitched", from: kept.engine, to: engine }
        : JSON.stringify(seen) !== JSON.stringify(preview)
          ? { kind: "Archive" }
          : null;
    if (change) {
      this.#seen.set(fileId, { preview, engine });
      this.addRecord(command, { status: "Changed" });
      return Promise.resolve({ status: "Changed", preview, change });
    }
    const seq = this.addRecord(command, { status: "Running" });
    // The engine had the whole archive (the last progress said so): a Cancel then finds it
    // importing.
    let importing = false;
    return new Promise((resolve, reject) => {
      const run: FakeKitRun = {
        id: loadId,
        kind: "load",
        progress: (bytes, ended = bytes >= preview.bytes) => {
          importing = ended;
          onProgress({
            read: bytes,
            total: preview.bytes,
            sent: bytes,
            ended,
            checking: false,
            waitingForFile: false,
          });
        },
        finish: () => {
          if (!this.runs.delete(loadId)) return;
          this.endRecord(seq, { status: "Done" });
          resolve({ status: "Loaded", images: preview.tags, command, moved: preview.taken ?? [] });
        },
        fail: (error) => {
          if (!this.runs.delete(loadId)) return;
          this.endRecord(seq, { status: "Refused", error });
          reject(error);
        },
      };
      this.runs.set(loadId, run);
      this.#cancels.set(loadId, () => {
        this.endRecord(seq, { status: "Cancelled" });
        resolve({ status: "Cancelled", importing, images: [], moved: [] });
      });
      if (this.autoFinish) run.finish();
    });
  }

  #cancels = new Map<string, () => void>();

  cancel(id: string): boolean {
    if (!this.runs.delete(id)) return false;
    this.#cancels.get(id)?.();
    this.#cancels.delete(id);
    return true;
  }

  tag(
    imageId: string,
    target: string,
    expected: string | null,
    expectedKeeps: readonly string[],
  ): TagOutcome {
    const reference = target.includes(":") && !target.endsWith("]") ? target : `${target}:latest`;
    const command = shellLine(["docker", "tag", imageId, reference]);
    const images = this.images();
    if (!images.some((i) => i.id === imageId)) {
      this.addRecord(command, { status: "Changed" });
      return { status: "Changed", change: { kind: "ImageGone" } };
    }
    const holder = images.find((i) => i.tags.includes(reference));
    if (holder && holder.id !== imageId && holder.id !== expected) {
      this.addRecord(command, { status: "Changed" });
      return {
        status: "Changed",
        change: { kind: "TargetTaken", reference, before: expected, now: holder.id },
      };
    }
    // The image it moves from must keep what the user was told.
    if (holder && holder.id === expected) {
      const keeps = holder.tags.filter((t) => t !== reference && !t.startsWith("<none>")).sort();
      if (keeps.join(" ") !== [...expectedKeeps].sort().join(" ")) {
        this.addRecord(command, { status: "Changed" });
        return {
          status: "Changed",
          change: { kind: "HolderChanged", reference, holder: holder.id, keeps },
        };
      }
    }
    this.setImages(
      images.map((img) => {
        const tags = img.tags.filter((t) => t !== reference);
        if (img.id === imageId) tags.push(reference);
        return { ...img, tags, dangling: tags.length === 0 && img.digests.length === 0 };
      }),
    );
    this.addRecord(command);
    return { status: "Tagged", reference, command };
  }

  check(): UpdateCheck {
    if (this.updates) return { stopped: false, unchecked: 0, ...structuredClone(this.updates) };
    return {
      stopped: false,
      unchecked: 0,
      results: this.images().flatMap((img) =>
        img.tags.map((reference) => ({
          reference,
          imageId: img.id,
          status: { status: "Current" as const },
        })),
      ),
      problems: [],
    };
  }
}
