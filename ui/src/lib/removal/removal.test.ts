import { describe, expect, it } from "vitest";
import { FakeApi, fakeId, fakeImage, fakePlan, fakePlanImage } from "../ipc/fake";
import type { ImagenError, PlanAction, RemovalPlan, Step } from "../ipc/bindings";
import { describeError } from "../errors";
import { RemovalStore } from "./removal.svelte";

const img = fakeImage({ tags: ["nginx:alpine"] });
const web = { id: fakeId("web-1").slice(7), name: "web-1" };

/** nginx:alpine used by the running web-1: stop, remove, delete. */
function guidedPlan(): { plan: RemovalPlan; guided: PlanAction } {
  const steps: Step[] = [
    { kind: "Stop", container: web.id, name: web.name },
    { kind: "RemoveContainer", container: web.id, name: web.name },
    { kind: "RemoveImage", reference: "nginx:alpine", force: false },
  ];
  const guided: PlanAction = {
    kind: "stopRemoveDelete",
    steps,
    commands: ["docker stop web-1", "docker rm web-1", "docker rmi nginx:alpine"],
    outcome: {
      kind: "Succeeds",
      untagged: ["nginx:alpine"],
      deleted: [img.id],
      leftNameless: [],
      freed: 0,
      freedText: "0B",
      stopped: [web.id],
      removedContainers: [web.id],
      orphaned: [],
    },
  };
  const plan = fakePlan({
    images: [fakePlanImage(img, { verdict: "blocked" })],
    containers: [
      {
        ...web,
        shortId: web.id.slice(0, 12),
        state: "running",
        imageId: img.id,
        created: 0,
        createdText: "1 hour ago",
      },
    ],
    actions: [guided],
  });
  return { plan, guided };
}

const selection = { images: [img.id], tags: [] };

async function ready(api = new FakeApi([img])) {
  const { plan, guided } = guidedPlan();
  api.plan = () => plan;
  const store = new RemovalStore(api);
  await store.load(selection);
  return { api, store, guided };
}

describe("RemovalStore: the plan", () => {
  it("loads the plan and its summary", async () => {
    const api = new FakeApi([img]);
    let release!: () => void;
    api.gate = new Promise((r) => (release = r));
    const store = new RemovalStore(api);
    expect(store.plan.status).toBe("idle");
    const loading = store.load(selection);
    expect(store.plan.status).toBe("loading");
    release();
    await loading;
    expect(api.selections).toEqual([selection]);
    expect(store.plan.status).toBe("ready");
    if (store.plan.status !== "ready") return;
    expect(store.plan.summary.sentences).toEqual([
      "nginx:alpine will be deleted and 1.98MB freed.",
    ]);
  });

  it("keeps the engine's error, and loads again on reload", async () => {
    const api = new FakeApi([img]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "gone",
    };
    const store = new RemovalStore(api);
    await store.load(selection);
    expect(store.plan).toEqual({ status: "failed", error: api.failWith });
    api.failWith = null;
    await store.reload();
    expect(store.plan.status).toBe("ready");
  });

  it("ignores an answer to an older load", async () => {
    const api = new FakeApi([img]);
    let release!: () => void;
    api.gate = new Promise((r) => (release = r));
    const store = new RemovalStore(api);
    const first = store.load(selection);
    api.gate = null;
    api.failWith = { kind: "Internal", message: "late" };
    const second = store.load(selection);
    await second;
    expect(store.plan.status).toBe("failed");
    api.failWith = null;
    release();
    await first;
    // The first call answered last but was superseded.
    expect(store.plan.status).toBe("failed");
  });
});

describe("RemovalStore: running an action", () => {
  it("follows each step from the events, then keeps the report", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    expect(store.runStatus).toBe("running");
    expect(store.steps.map((s) => [s.label, s.command, s.status])).toEqual([
      ["Stop web-1", "docker stop web-1", "pending"],
      ["Remove the container web-1", "docker rm web-1", "pending"],
      ["Remove nginx:alpine", "docker rmi nginx:alpine", "pending"],
    ]);
    const removal = api.removals[0]!;
    expect(removal.steps).toEqual(guided.steps);

    removal.onEvent({ kind: "Started", step: 0 });
    expect(store.steps.map((s) => s.status)).toEqual(["running", "pending", "pending"]);
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: true });
    removal.onEvent({ kind: "Started", step: 2 });
    expect(store.steps.map((s) => s.status)).toEqual(["done", "gone", "running"]);
    removal.onEvent({
      kind: "Finished",
      step: 2,
      untagged: ["nginx:alpine"],
      deleted: [img.id],
      alreadyGone: false,
    });
    const report = { stepsRun: 3, untagged: ["nginx:alpine"], deleted: [img.id], failed: null };
    removal.settle(report);
    expect(await running).toEqual(report);
    expect(store.runStatus).toBe("done");
    expect(store.report).toEqual(report);
    expect(store.steps.map((s) => s.status)).toEqual(["done", "gone", "done"]);
    expect(store.failure).toBeNull();
  });

  it("on a failed step: says which step stopped it, what ran and why", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    const error: ImagenError = {
      kind: "RemovalConflict",
      reference: "nginx:alpine",
      reason: "runningContainer",
      containers: ["web-2"],
      message:
        "conflict: unable to delete … (cannot be forced) - image is being used by running container",
    };
    removal.onEvent({ kind: "Started", step: 0 });
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 2 });
    removal.onEvent({ kind: "Failed", step: 2, error });
    removal.settle({ stepsRun: 2, untagged: [], deleted: [], failed: error });
    const report = await running;
    expect(report?.failed).toEqual(error);
    expect(store.runStatus).toBe("failed");
    expect(store.steps.map((s) => s.status)).toEqual(["done", "done", "failed"]);
    expect(store.stepsRun).toBe(2);
    expect(store.failure).toBe(
      "The removal stopped at step 3 (docker rmi nginx:alpine): Docker refused to delete nginx:alpine: a running container uses it (web-2). Stop and remove it first. 2 steps went through before that.",
    );
  });

  it("marks the failed step from the report when no Failed event came", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    removal.onEvent({ kind: "Started", step: 0 });
    removal.settle({
      stepsRun: 1,
      untagged: [],
      deleted: [],
      failed: { kind: "EngineRejected", status: 500, message: "boom" },
    });
    await running;
    expect(store.steps.map((s) => s.status)).toEqual(["done", "failed", "pending"]);
    expect(store.failure).toMatch(/^The removal stopped at step 2 \(docker rm web-1\)/);
  });

  it("when the call itself fails (engine gone): says so and leaves nothing running", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    removal.onEvent({ kind: "Started", step: 0 });
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    const gone: ImagenError = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection reset",
    };
    removal.settle(gone);
    expect(await running).toBeNull();
    expect(store.runStatus).toBe("failed");
    expect(store.lost).toBe(true);
    expect(store.steps.map((s) => s.status)).toEqual(["done", "failed", "pending"]);
    expect(store.failure).toBe(
      `Imagen lost contact with the engine during the removal: ${describeError(gone)} 1 step went through before that. Refresh to see what is left.`,
    );
  });

  it("when the backend rejects at once: no step ran, nothing is left running", async () => {
    const { api, store, guided } = await ready();
    api.failWith = { kind: "Internal", message: "channel closed" };
    expect(await store.run(guided)).toBeNull();
    expect(store.running).toBe(false);
    expect(store.failure).toBe(
      "The removal could not finish: channel closed No step went through. Refresh to see what is left.",
    );
  });

  it("does not start a second run while one is going", async () => {
    const { api, store, guided } = await ready();
    void store.run(guided);
    expect(await store.run(guided)).toBeNull();
    expect(api.removals).toHaveLength(1);
  });

  it("reload after a failed run plans again and forgets the run", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    api.removals[0]!.settle({ kind: "Internal", message: "x" });
    await running;
    await store.reload();
    expect(store.runStatus).toBe("idle");
    expect(store.steps).toEqual([]);
    expect(store.plan.status).toBe("ready");
    expect(api.selections).toHaveLength(2);
  });

  it("ignores events of a run it forgot", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const old = api.removals[0]!;
    old.settle({
      stepsRun: 0,
      untagged: [],
      deleted: [],
      failed: { kind: "Internal", message: "x" },
    });
    await running;
    await store.reload();
    old.onEvent({ kind: "Started", step: 0 });
    expect(store.steps).toEqual([]);
  });
});

describe("describeError: RemovalConflict", () => {
  const base = { kind: "RemovalConflict" as const, reference: "app:1.0", message: "conflict: …" };

  it("names the containers in the way", () => {
    expect(describeError({ ...base, reason: "stoppedContainer", containers: ["job-1"] })).toBe(
      "Docker refused to delete app:1.0: a stopped container uses it (job-1). Remove it first, or force the removal.",
    );
    expect(
      describeError({ ...base, reason: "runningContainer", containers: ["web-1", "web-2"] }),
    ).toBe(
      "Docker refused to delete app:1.0: a running container uses it (web-1 and web-2). Stop and remove them first.",
    );
    expect(describeError({ ...base, reason: "referenceInUse", containers: ["job-1"] })).toBe(
      "Docker refused to remove app:1.0: a container uses its image (job-1). Remove it first, or force the removal.",
    );
  });

  it("explains child images and several repositories", () => {
    expect(describeError({ ...base, reason: "childImages", containers: [] })).toBe(
      "Docker refused to delete app:1.0: other images are built on it. Delete those first.",
    );
    expect(describeError({ ...base, reason: "multipleReferences", containers: [] })).toBe(
      "Docker refused to delete app:1.0: it is tagged in several repositories. Remove its tags one by one, or force the removal.",
    );
  });

  it("falls back to the engine's words, still naming the containers", () => {
    expect(describeError({ ...base, reason: null, containers: ["a", "b", "c"] })).toBe(
      "Docker refused to remove app:1.0: conflict: … The containers a, b and c use it.",
    );
    expect(describeError({ ...base, reason: null, containers: [] })).toBe(
      "Docker refused to remove app:1.0: conflict: …",
    );
  });
});
