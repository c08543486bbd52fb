import { shortId } from "../images/names";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { PruneFlow, previewChanges, pruneCommand, resultText } from "./prune.svelte";
import { FakeApi, fakeImage } from "../ipc/fake";
import type { ImagenError, PruneImage, PruneMode, PrunePreview, PruneReport } from "../ipc/api";

function pruneImage(partial: Partial<PruneImage> & { displayName: string }): PruneImage {
  return {
    id: `sha256:${partial.displayName}`,
    shortId: partial.displayName.slice(0, 12),
    untagged: [],
    deleted: true,
    intermediate: false,
    uniqueSize: 1000,
    ...partial,
  };
}

function previewOf(mode: PruneMode, images: PruneImage[]): PrunePreview {
  const freed = images.filter((i) => i.deleted).reduce((s, i) => s + (i.uniqueSize ?? 0), 0);
  return {
    id: `test-${mode}`,
    mode,
    images,
    freed,
    freedText: `${freed}B`,
    kept: [],
    engine: "unix:///var/run/docker.sock",
    intermediatesAlone: false,
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("pruneCommand", () => {
  it("is docker image prune, with -a for all unused images", () => {
    expect(pruneCommand("dangling")).toBe("docker image prune");
    expect(pruneCommand("unused")).toBe("docker image prune -a");
  });
});

describe("PruneFlow", () => {
  it("loads the preview and splits deleted images from untag-only ones", async () => {
    const api = new FakeApi();
    api.preview = (mode) =>
      previewOf(mode, [
        pruneImage({ displayName: "<none>:<none>" }),
        pruneImage({ displayName: "old:1", deleted: false, untagged: ["old:1"] }),
      ]);
    const flow = new PruneFlow(api);
    expect(flow.preview.status).toBe("loading");
    await flow.load();
    expect(flow.preview.status).toBe("ready");
    expect(flow.deleted.map((i) => i.displayName)).toEqual(["<none>:<none>"]);
    expect(flow.untaggedOnly.map((i) => i.displayName)).toEqual(["old:1"]);
    expect(flow.empty).toBe(false);
    expect(flow.canConfirm).toBe(true);
  });

  it("counts intermediate build images apart from the images docker images lists", async () => {
    const api = new FakeApi();
    api.preview = (mode) =>
      previewOf(mode, [
        pruneImage({ displayName: "app:1", untagged: ["app:1"] }),
        pruneImage({ displayName: "<none>:<none>", intermediate: true }),
        pruneImage({ displayName: "<none>:<none>", id: "sha256:other", intermediate: true }),
      ]);
    const flow = new PruneFlow(api);
    await flow.load();
    expect(flow.deleted.map((i) => i.displayName)).toEqual(["app:1"]);
    expect(flow.intermediates).toHaveLength(2);
  });

  it("has nothing to confirm for an empty preview", async () => {
    const flow = new PruneFlow(new FakeApi());
    await flow.load();
    expect(flow.empty).toBe(true);
    expect(flow.canConfirm).toBe(false);
  });

  it("keeps only the answer for the mode chosen last", async () => {
    const api = new FakeApi();
    const slow = deferred<PrunePreview>();
    api.prunePreview = (mode) =>
      mode === "dangling"
        ? slow.promise
        : Promise.resolve(previewOf(mode, [pruneImage({ displayName: "a:1" })]));
    const flow = new PruneFlow(api);
    const first = flow.load();
    await flow.choose("unused");
    slow.resolve(previewOf("dangling", []));
    await first;
    expect(flow.mode).toBe("unused");
    expect(flow.preview.status === "ready" && flow.preview.preview.mode).toBe("unused");
  });

  it("runs the prune and reports it", async () => {
    const api = new FakeApi();
    api.preview = (mode) => previewOf(mode, [pruneImage({ displayName: "x" })]);
    const report: PruneReport = {
      deleted: ["sha256:x"],
      untagged: [],
      reclaimed: 5_000_000,
      reclaimedText: "5MB",
      left: [],
      goneBefore: [],
      failed: null,
    };
    api.pruneReport = report;
    const done: PruneReport[] = [];
    const flow = new PruneFlow(api, (r) => done.push(r));
    await flow.choose("unused");
    await flow.confirm();
    expect(api.calls).toContain("pruneImages");
    expect(flow.run).toEqual({ status: "done", report });
    expect(flow.changed).toBeNull();
    expect(done).toEqual([report]);
    // Done is final: no second run, no switching modes.
    expect(flow.canConfirm).toBe(false);
    await flow.choose("dangling");
    expect(flow.mode).toBe("unused");
  });

  it("ends a failed preview or run in a failed state, and recovers on reload", async () => {
    const api = new FakeApi();
    api.preview = (mode) => previewOf(mode, [pruneImage({ displayName: "x" })]);
    api.failWith = { kind: "EngineTimeout", address: "unix:///s", seconds: 10 };
    const flow = new PruneFlow(api);
    await flow.load();
    expect(flow.preview.status).toBe("failed");
    expect(flow.canConfirm).toBe(false);

    api.failWith = null;
    await flow.load();
    api.failWith = { kind: "EngineRejected", status: 409, message: "a prune is running" };
    await flow.confirm();
    expect(flow.run.status).toBe("failed");
    expect(flow.canConfirm).toBe(true);

    api.failWith = null;
    await flow.load();
    expect(flow.run.status).toBe("idle");
    expect(flow.preview.status).toBe("ready");
  });

  it("confirms the preview shown by its ID, and the fake removes exactly that", async () => {
    const nginx = fakeImage({ tags: ["nginx:alpine"] });
    const dangling = fakeImage({ tags: [], created: 1 });
    const api = new FakeApi([nginx, dangling]);
    const flow = new PruneFlow(api);
    await flow.load();
    if (flow.preview.status !== "ready") throw new Error("no preview");
    const id = flow.preview.preview.id;
    const asked: string[] = [];
    const prune = api.pruneImages.bind(api);
    api.pruneImages = (previewId) => (asked.push(previewId), prune(previewId));
    await flow.confirm();
    expect(asked).toEqual([id]);
    expect(flow.run.status === "done" && flow.run.report.deleted).toEqual([dangling.id]);
    expect(api.images).toEqual([nginx]);
  });

  it("when the prune would now remove more: removes nothing, shows the new preview, runs it when confirmed again", async () => {
    const nginx = fakeImage({ tags: ["nginx:alpine"] });
    const dangling = fakeImage({ tags: [], created: 1 });
    const api = new FakeApi([nginx, dangling]);
    const done: PruneReport[] = [];
    const flow = new PruneFlow(api, (r) => done.push(r));
    await flow.load();
    if (flow.preview.status !== "ready") throw new Error("no preview");
    const seen = flow.preview.preview;
    // A build in a terminal leaves another dangling image.
    const newcomer = fakeImage({ tags: [], created: 2 });
    api.images = [...api.images, newcomer];

    await flow.confirm();
    expect(api.images).toEqual([nginx, dangling, newcomer]);
    expect(done).toEqual([]);
    expect(flow.changed).toBe(
      `An image with no name (${shortId(newcomer.id)}) would now be removed too.`,
    );
    expect(flow.run.status).toBe("idle");
    expect(flow.preview.status).toBe("ready");
    if (flow.preview.status !== "ready") return;
    expect(flow.preview.preview.id).not.toBe(seen.id);
    expect(flow.deleted.map((i) => i.id)).toEqual([dangling.id, newcomer.id]);
    expect(flow.canConfirm).toBe(true);
    await expect(api.pruneImages(seen.id)).rejects.toEqual({ kind: "UnknownPlan", id: seen.id });

    await flow.confirm();
    expect(flow.changed).toBeNull();
    expect(flow.run.status).toBe("done");
    expect(done.map((r) => r.deleted)).toEqual([[dangling.id, newcomer.id]]);
    expect(api.images).toEqual([nginx]);
  });

  it("an image gone meanwhile is no change: the rest of the preview runs", async () => {
    const a = fakeImage({ tags: [], created: 1 });
    const b = fakeImage({ tags: [], created: 2 });
    const api = new FakeApi([a, b]);
    const flow = new PruneFlow(api);
    await flow.load();
    api.images = [b];
    await flow.confirm();
    expect(flow.changed).toBeNull();
    expect(flow.run.status === "done" && flow.run.report.deleted).toEqual([b.id]);
  });
});

describe("previewChanges", () => {
  const a = pruneImage({ displayName: "app:1", untagged: ["app:1"] });
  const b = pruneImage({ displayName: "app:2", untagged: ["app:2"] });
  const c = pruneImage({ displayName: "app:3", untagged: ["app:3"] });
  const none = pruneImage({ displayName: "<none>:<none>", id: `sha256:${"9f".repeat(32)}` });

  it("is null when the prune would do the same, whatever the preview's ID", () => {
    const shown = previewOf("unused", [a, none]);
    expect(previewChanges(shown, { ...previewOf("unused", [none, a]), id: "other" })).toBeNull();
  });

  it("names one image that would now be removed too, and the space", () => {
    expect(previewChanges(previewOf("unused", [a]), previewOf("unused", [a, none]))).toBe(
      `The engine changed: an image with no name (${"9f".repeat(6)}) would now be removed too; it would now free at least 2000B (1000B before).`,
    );
  });

  it("counts several, naming at most three before “more”", () => {
    const d = pruneImage({ displayName: "app:4" });
    const e = pruneImage({ displayName: "app:5" });
    expect(previewChanges(previewOf("unused", []), previewOf("unused", [a, b]))).toBe(
      "The engine changed: 2 more images would now be removed (app:1 and app:2); it would now free at least 2000B (0B before).",
    );
    const shown = { ...previewOf("unused", []), freedText: "5.00kB" };
    const fresh = { ...previewOf("unused", [a, b, c, d, e]), freedText: "5.00kB" };
    expect(previewChanges(shown, fresh)).toBe(
      "The engine changed: 5 more images would now be removed (app:1, app:2, app:3, and 2 more).",
    );
  });

  it("says which images would no longer be removed", () => {
    const shown = { ...previewOf("unused", [a, b, c]), freedText: "same" };
    expect(previewChanges(shown, { ...previewOf("unused", [a, b]), freedText: "same" })).toBe(
      "The engine changed: app:3 would no longer be removed.",
    );
    expect(previewChanges(shown, { ...previewOf("unused", [a]), freedText: "same" })).toBe(
      "The engine changed: 2 images would no longer be removed (app:2 and app:3).",
    );
  });

  it("says when an image would now only lose its tags, and which tags come and go", () => {
    const kept = { ...b, deleted: false };
    const shown = { ...previewOf("unused", [a, b]), freedText: "same" };
    expect(previewChanges(shown, { ...previewOf("unused", [a, kept]), freedText: "same" })).toBe(
      "The engine changed: app:2 would now only lose its tags, not be deleted.",
    );
    const old = pruneImage({ displayName: "old:1", deleted: false, untagged: ["old:1", "old:2"] });
    const now = { ...old, untagged: ["old:1", "old:3"] };
    expect(
      previewChanges(
        { ...previewOf("unused", [old]), freedText: "same" },
        { ...previewOf("unused", [now]), freedText: "same" },
      ),
    ).toBe(
      "The engine changed: the tag old:3 would now be removed too; the tag old:2 would no longer be removed.",
    );
  });

  it("says a tag a terminal gave an image that was already going: it would go too", () => {
    const shown = { ...previewOf("unused", [a]), freedText: "same" };
    const retagged = { ...a, untagged: ["app:1", "b:1"] };
    expect(previewChanges(shown, { ...previewOf("unused", [retagged]), freedText: "same" })).toBe(
      "The engine changed: the tag b:1 would now be removed too.",
    );
  });

  it("says nothing of a digest a push gave an image already going: digests are no tags", () => {
    const shown = { ...previewOf("unused", [a]), freedText: "same" };
    const pushed = { ...a, untagged: ["app:1", `localhost:5000/app@sha256:${"d".repeat(64)}`] };
    expect(
      previewChanges(shown, { ...previewOf("unused", [pushed]), freedText: "same" }),
    ).toBeNull();
  });

  it("says when one intermediate build image is swapped for another, the count the same", () => {
    const inter = (n: string) =>
      pruneImage({
        displayName: "<none>:<none>",
        id: `sha256:${n.repeat(64)}`,
        intermediate: true,
      });
    const shown = { ...previewOf("unused", [a, inter("1")]), freedText: "same" };
    const fresh = { ...previewOf("unused", [a, inter("2")]), freedText: "same" };
    expect(previewChanges(shown, fresh)).toBe(
      "The engine changed: 1 intermediate build image would go with them (1 before).",
    );
  });

  it("says when only the space differs", () => {
    const shown = { ...previewOf("dangling", [none]), freedText: "52.4MB" };
    expect(previewChanges(shown, { ...shown, id: "x", freedText: "60MB" })).toBe(
      "The engine changed: it would now free at least 60MB (52.4MB before).",
    );
    expect(previewChanges(shown, { ...shown, id: "x", freed: shown.freed + 1 })).toBeNull();
  });
});

describe("previewChanges: another engine", () => {
  it("says the list is another engine's, not images added and dropped", () => {
    const a = fakeImage({ tags: ["app:1"] });
    const shown = previewOf("unused", [pruneImage({ id: a.id, displayName: "app:1" })]);
    const other = {
      ...previewOf("unused", []),
      engine: "unix:///home/ana/.colima/default/docker.sock",
    };
    expect(previewChanges(shown, other)).toBe(
      "Imagen is now connected to another engine (unix:///home/ana/.colima/default/docker.sock) than the one this was worked out on (unix:///var/run/docker.sock).",
    );
  });
});

describe("PruneFlow: the engine changed while the preview was open", () => {
  const nginx = fakeImage({ tags: ["nginx:alpine"] });
  const dangling = fakeImage({ tags: [], created: 1 });
  const previews = (api: FakeApi) => api.calls.filter((c) => c === "prunePreview").length;

  async function opened(images = [nginx, dangling]) {
    const api = new FakeApi(images);
    const done: PruneReport[] = [];
    const flow = new PruneFlow(api, (r) => done.push(r));
    await flow.load();
    if (flow.preview.status !== "ready") throw new Error("no preview");
    return { api, flow, done, seen: flow.preview.preview };
  }

  it("asks again quietly and says nothing when the prune would do the same", async () => {
    const { api, flow, seen } = await opened();
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const checking = flow.recheck();
    await Promise.resolve();
    // No "loading" meanwhile: the preview shown stays, and can be confirmed.
    expect(flow.preview).toEqual({ status: "ready", preview: seen });
    expect(flow.canConfirm).toBe(true);
    open();
    await checking;
    expect(previews(api)).toBe(2);
    expect(flow.changed).toBeNull();
    expect(flow.outdated).toBeNull();
    // The fresh preview's ID is the one confirmed (the backend keeps a bounded number).
    expect(flow.preview.status === "ready" && flow.preview.preview.id).not.toBe(seen.id);
  });

  it("shows the new preview with what changed when it differs, and runs nothing", async () => {
    const { api, flow, done } = await opened();
    // A build in a terminal leaves another dangling image.
    const newcomer = fakeImage({ tags: [], created: 2 });
    api.images = [...api.images, newcomer];
    await flow.recheck();
    expect(flow.changed).toBe(
      `The engine changed: an image with no name (${shortId(newcomer.id)}) would now be removed too; it would now free at least 3.96MB (1.98MB before).`,
    );
    expect(flow.changedWhileOpen).toBe(true);
    expect(flow.deleted.map((i) => i.id)).toEqual([dangling.id, newcomer.id]);
    expect(api.calls).not.toContain("pruneImages");
    expect(flow.canConfirm).toBe(true);
    // Confirming runs the new preview as it is: no second "changed".
    await flow.confirm();
    expect(flow.changed).toBeNull();
    expect(done.map((r) => r.deleted)).toEqual([[dangling.id, newcomer.id]]);
  });

  it("says when an image would no longer be removed (a container uses it now)", async () => {
    const tool = fakeImage({ tags: ["imagen/x:1"] });
    const api = new FakeApi([nginx, tool]);
    const flow = new PruneFlow(api);
    await flow.choose("unused");
    api.images = [nginx, { ...tool, containers: { running: 1, stopped: 0 } }];
    await flow.recheck();
    expect(flow.changed).toBe(
      "The engine changed: imagen/x:1 would no longer be removed; it would now free at least 1.98MB (3.96MB before).",
    );
    expect(flow.deleted.map((i) => i.displayName)).toEqual(["nginx:alpine"]);
  });

  it("asks once more, not once per event, when changes arrive during a request", async () => {
    const { api, flow } = await opened();
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const first = flow.recheck();
    void flow.recheck();
    const last = flow.recheck();
    expect(last).toBe(first);
    await Promise.resolve();
    expect(previews(api)).toBe(2);
    api.images = [...api.images, fakeImage({ tags: [], created: 2 })];
    open();
    await last;
    expect(previews(api)).toBe(3);
    expect(flow.changed).not.toBeNull();
  });

  it("keeps the preview, marked as possibly out of date, when the request fails", async () => {
    const { api, flow, seen } = await opened();
    const gone: ImagenError = {
      kind: "EngineUnreachable",
      address: "unix:///s",
      reason: "connection refused",
      cause: "Refused",
    };
    api.failWith = gone;
    await flow.recheck();
    expect(flow.preview).toEqual({ status: "ready", preview: seen });
    expect(flow.outdated).toEqual(gone);
    expect(flow.changed).toBeNull();
    expect(flow.canConfirm).toBe(true);
    // The engine is back and the prune would do the same: no longer marked.
    api.failWith = null;
    await flow.recheck();
    expect(flow.outdated).toBeNull();
    expect(flow.changed).toBeNull();
  });

  it("ignores changes while the prune runs and after it ran", async () => {
    const { api, flow } = await opened();
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const running = flow.confirm();
    await flow.recheck();
    expect(previews(api)).toBe(1);
    open();
    await running;
    expect(flow.run.status).toBe("done");
    api.gate = null;
    api.images = [...api.images, fakeImage({ tags: [], created: 2 })];
    await flow.recheck();
    expect(previews(api)).toBe(1);
    expect(flow.changed).toBeNull();
  });

  it("drops an answer that comes after a prune was confirmed", async () => {
    const { api, flow } = await opened();
    const slow = deferred<PrunePreview>();
    const realPreview = api.prunePreview.bind(api);
    api.prunePreview = () => slow.promise;
    const checking = flow.recheck();
    api.prunePreview = realPreview;
    await flow.confirm();
    expect(flow.run.status).toBe("done");
    slow.resolve(previewOf("dangling", [pruneImage({ displayName: "late:1" })]));
    await checking;
    expect(flow.changed).toBeNull();
    expect(flow.run.status).toBe("done");
  });

  it("does nothing before a preview is shown, or when it failed", async () => {
    const api = new FakeApi([dangling]);
    const flow = new PruneFlow(api);
    await flow.recheck();
    expect(api.calls).toEqual([]);
    api.failWith = { kind: "EngineTimeout", address: "unix:///s", seconds: 10 };
    await flow.load();
    await flow.recheck();
    expect(previews(api)).toBe(1);
  });

  it("a mode chosen during the request wins over its answer", async () => {
    const { api, flow } = await opened();
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const checking = flow.recheck();
    const choosing = flow.choose("unused");
    api.images = [...api.images, fakeImage({ tags: [], created: 2 })];
    open();
    await Promise.all([checking, choosing]);
    expect(flow.mode).toBe("unused");
    expect(flow.preview.status === "ready" && flow.preview.preview.mode).toBe("unused");
    expect(flow.changed).toBeNull();
  });
});

describe("previewChanges and resultText in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("words what changed and what ran in Spanish, with names and sizes as Docker prints them", () => {
    setLocale("es");
    const a = pruneImage({ displayName: "app:1", untagged: ["app:1"] });
    const b = pruneImage({ displayName: "app:2", untagged: ["app:2"] });
    expect(previewChanges(previewOf("unused", []), previewOf("unused", [a, b]))).toBe(
      "El motor cambió: ahora se eliminarían 2 imágenes más (app:1 y app:2); ahora liberaría al menos 2000B (antes, 0B).",
    );
    expect(
      resultText({
        deleted: ["x"],
        untagged: ["a", "b"],
        reclaimed: 0,
        reclaimedText: "0B",
        left: [],
        goneBefore: [],
        failed: null,
      }),
    ).toBe("1 imagen eliminada, 2 etiquetas quitadas.");
  });

  it("counts tags, not the digests the engine untags with them", () => {
    const report = {
      deleted: ["x"],
      untagged: ["nginx:1", `nginx@sha256:${"a".repeat(64)}`],
      reclaimed: 0,
      reclaimedText: "0B",
      left: [],
      goneBefore: [],
      failed: null,
    };
    expect(resultText(report)).toBe("1 image deleted, 1 tag removed.");
    // Intermediate build images, counted apart in the preview, are counted apart here too.
    expect(resultText({ ...report, deleted: ["x", "i1", "i2"] }, ["i1", "i2"])).toBe(
      "1 image deleted, plus 2 intermediate images left by builds, 1 tag removed.",
    );
    expect(resultText({ ...report, untagged: [`nginx@sha256:${"a".repeat(64)}`] })).toBe(
      "1 image deleted.",
    );
  });
});
