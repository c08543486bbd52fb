// The update-check store over FakeApi: one check at a time, answers by image ID, the time
// of the check, problems kept, and a failure kept as an error instead of thrown.
import { describe, expect, it, vi } from "vitest";
import { FakeApi, fakeImage } from "../ipc/fake";
import { UpdatesStore } from "./updates.svelte";

describe("UpdatesStore", () => {
  it("checks once at a time and keeps the answers by image ID", async () => {
    const web = fakeImage({ tags: ["web:1", "web:latest"] });
    const api = new FakeApi([web]);
    api.workshop.updates = {
      results: [
        { reference: "web:1", imageId: web.id, status: { status: "Current" } },
        {
          reference: "web:latest",
          imageId: web.id,
          status: { status: "Newer", remoteDigest: "sha256:feed" },
        },
      ],
      problems: [
        {
          registry: "docker.io",
          tags: 1,
          error: {
            kind: "RegistryUnreachable",
            registry: "docker.io",
            reason: "offline",
            cause: "Refused",
          },
        },
      ],
    };
    const store = new UpdatesStore(api);
    expect(store.checkedAt).toBeNull();
    const first = store.check();
    const second = store.check();
    expect(store.checking).toBe(true);
    expect(second).toBe(first);
    await first;
    expect(store.checking).toBe(false);
    expect(api.calls.filter((c) => c === "checkUpdates")).toHaveLength(1);
    expect(store.checkedAt).toBeTypeOf("number");
    expect(store.newerFor(web)).toEqual([{ reference: "web:latest", remoteDigest: "sha256:feed" }]);
    expect(store.forImage(web)!.verdict).toBe("newer");
    expect(store.problems.map((p) => p.registry)).toEqual(["docker.io"]);
    expect(store.counts).toMatchObject({ images: 1, newer: 1 });

    store.forget([]);
    expect(store.newerFor(web)).toEqual([]);
    expect(store.counts.images).toBe(0);
  });

  it("keeps a failed check as an error, and the previous answers are replaced by the next", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    const store = new UpdatesStore(api);
    api.failWith = { kind: "Internal", message: "boom" };
    await store.check();
    expect(store.error).toEqual({ kind: "Internal", message: "boom" });
    api.failWith = null;
    await store.check();
    expect(store.error).toBeNull();
    expect(store.counts).toMatchObject({ images: 1, current: 1 });
  });

  it("drops a check still running when Imagen switches engine: its answers were the other's", async () => {
    const web = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([web]);
    api.workshop.updates = {
      results: [
        {
          reference: "web:1",
          imageId: web.id,
          status: { status: "Newer", remoteDigest: "sha256:feed" },
        },
      ],
      problems: [
        {
          registry: "docker.io",
          tags: 1,
          error: {
            kind: "RegistryUnreachable",
            registry: "docker.io",
            reason: "offline",
            cause: "Refused",
          },
        },
      ],
    };
    const onEngineA = structuredClone(api.workshop.updates);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    let running = 0;
    api.checkUpdates = async () => {
      // As the backend: one check at a time, whatever its ID.
      if (running > 0) throw { kind: "AlreadyRunning", id: "check-2" };
      running++;
      try {
        // The first check is on engine A and slow; the next one is on B, which has nothing.
        if (++calls > 1) return { results: [], problems: [], stopped: false, unchecked: 0 };
        await held;
        return { ...onEngineA, stopped: false, unchecked: 0 };
      } finally {
        running--;
      }
    };
    const store = new UpdatesStore(api);
    const onA = store.check();
    store.engineSwitched();
    // The button works at once on the new engine, and the old answer lands nowhere.
    expect(store.checking).toBe(false);
    const onB = store.check();
    expect(onB).not.toBe(onA);
    expect(store.checking).toBe(true);
    // The new check waits for the old one to end (stopped, it ends soon), not refused.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(1);
    release();
    await onA;
    await onB;
    expect(store.error).toBeNull();
    expect(store.newerFor(web)).toEqual([]);
    expect(store.problems).toEqual([]);
    expect(store.checking).toBe(false);
    expect(store.checkedAt).toBeTypeOf("number");
    expect(calls).toBe(2);
  });
  it("a stopped check keeps the earlier answers of the tags it did not reach", async () => {
    const web = fakeImage({ tags: ["web:1"] });
    const db = fakeImage({ tags: ["db:1"] });
    // One tag from a registry, one built here: a stopped check always answers the second
    // (known before any question), and must not take the first one's answer with it.
    const app = fakeImage({ tags: ["app:1", "app:dev"] });
    const api = new FakeApi([web, db, app]);
    const builtHere = {
      reference: "app:dev",
      imageId: app.id,
      status: { status: "Unknown", reason: "NotFromRegistry" },
    } as const;
    api.workshop.updates = {
      results: [
        { reference: "web:1", imageId: web.id, status: { status: "Current" } },
        {
          reference: "db:1",
          imageId: db.id,
          status: { status: "Newer", remoteDigest: "sha256:feed" },
        },
        {
          reference: "app:1",
          imageId: app.id,
          status: { status: "Newer", remoteDigest: "sha256:beef" },
        },
        builtHere,
      ],
      problems: [],
    };
    const store = new UpdatesStore(api);
    await store.check();
    store.forget([web, db, app]);
    expect(store.newerFor(db)).toHaveLength(1);
    expect(store.forImage(app)!.verdict).toBe("newer");

    // Checked again, and stopped once web:1 and app:dev had their answers (as the backend
    // sends them: the local builds first): db and app:1 keep what they had.
    api.workshop.updates = {
      results: [
        builtHere,
        { reference: "web:1", imageId: web.id, status: { status: "Current" } },
        {
          reference: "db:1",
          imageId: db.id,
          status: { status: "Current" },
        },
        { reference: "app:1", imageId: app.id, status: { status: "Current" } },
      ],
      problems: [],
    };
    api.holdChecks = true;
    const again = store.check();
    await vi.waitFor(() => expect(api.checks.size).toBe(1));
    expect(store.progress).toEqual({ checked: 0, total: 4 });
    [...api.checks.values()][0]!.answered(2);
    expect(store.progress).toEqual({ checked: 2, total: 4 });
    await store.stop();
    await again;
    expect(store.stopped).toEqual({ unchecked: 2 });
    expect(store.checking).toBe(false);
    expect(store.progress).toBeNull();
    expect(store.forImage(web)!.verdict).toBe("current");
    expect(store.newerFor(db)).toHaveLength(1);
    expect(store.newerFor(app)).toEqual([{ reference: "app:1", remoteDigest: "sha256:beef" }]);
    expect(store.forImage(app)).toMatchObject({
      verdict: "newer",
      unknown: [{ reference: "app:dev", reason: "NotFromRegistry" }],
    });
    expect(store.counts).toMatchObject({ images: 3, newer: 2, current: 1 });
  });

  it("stops the previous engine's check when Imagen switches engine", async () => {
    const api = new FakeApi([fakeImage({ tags: ["web:1"] })]);
    api.holdChecks = true;
    const store = new UpdatesStore(api);
    const running = store.check();
    await vi.waitFor(() => expect(api.checks.size).toBe(1));
    store.engineSwitched();
    await running;
    expect(api.calls).toContain("cancelUpdateCheck");
    expect(api.checks.size).toBe(0);
    // Its answer lands nowhere: the new engine's store says nothing was checked.
    expect(store.stopped).toBeNull();
    expect(store.checkedAt).toBeNull();
  });
});
