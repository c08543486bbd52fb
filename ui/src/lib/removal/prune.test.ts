import { describe, expect, it } from "vitest";
import { PruneFlow, pruneCommand } from "./prune.svelte";
import { FakeApi, fakeImage } from "../ipc/fake";
import type { PruneImage, PruneMode, PrunePreview, PruneReport } from "../ipc/api";

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
  return { id: `test-${mode}`, mode, images, freed, freedText: `${freed}B` };
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
      `An image with no name (${newcomer.shortId}) would now be removed too.`,
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
