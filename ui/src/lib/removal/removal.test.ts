import { shortId } from "../images/names";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import {
  FakeApi,
  fakeContainerId,
  fakeId,
  fakeImage,
  fakePlan,
  fakePlanImage,
  fakeRmi,
} from "../ipc/fake";
import type {
  ImagenError,
  PlanAction,
  RemovalPlan,
  RemovalReport,
  Selection,
  Step,
} from "../ipc/api";
import { describeError } from "../shared/errors";
import { RemovalStore } from "./removal.svelte";

const img = fakeImage({ tags: ["nginx:alpine"] });
const web = { id: fakeContainerId("web-1"), name: "web-1" };

/** nginx:alpine used by the running web-1: stop, remove, delete. */
function guidedPlan(): { plan: RemovalPlan; guided: PlanAction } {
  const steps: Step[] = [
    { kind: "Stop", container: web.id, name: web.name },
    { kind: "RemoveContainer", container: web.id, name: web.name },
    fakeRmi("nginx:alpine", img.id),
  ];
  const guided: PlanAction = {
    kind: "stopRemoveDelete",
    steps,
    commands: [
      `docker stop ${fakeContainerId("web-1")}`,
      `docker rm ${fakeContainerId("web-1")}`,
      "docker rmi nginx:alpine",
    ],
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
      cause: "Refused",
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
      ["Stop web-1", `docker stop ${fakeContainerId("web-1")}`, "pending"],
      ["Remove the container web-1", `docker rm ${fakeContainerId("web-1")}`, "pending"],
      ["Remove nginx:alpine", "docker rmi nginx:alpine", "pending"],
    ]);
    const removal = api.removals[0]!;
    // The backend runs its own copy of the plan, named by ID and action only.
    expect(removal.planId).toMatch(/^plan-/);
    expect(removal.action).toBe("stopRemoveDelete");
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
    const report = {
      stepsRun: 3,
      untagged: ["nginx:alpine"],
      deleted: [img.id],
      failed: null,
      cancelled: false,
    };
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
    removal.settle({ stepsRun: 2, untagged: [], deleted: [], failed: error, cancelled: false });
    const report = await running;
    expect(report?.failed).toEqual(error);
    expect(store.runStatus).toBe("failed");
    expect(store.steps.map((s) => s.status)).toEqual(["done", "done", "failed"]);
    expect(store.stepsRun).toBe(2);
    expect(store.failure).toBe(
      "The removal stopped at step 3 (Remove nginx:alpine): Docker refused to delete nginx:alpine: a running container uses it (web-2). Stop and remove that container first. 2 steps were done before that.",
    );
  });

  it("does not count a step that found its container already gone as done", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    const error: ImagenError = { kind: "EngineRejected", status: 500, message: "boom" };
    removal.onEvent({ kind: "Started", step: 0 });
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: true });
    removal.onEvent({ kind: "Started", step: 1 });
    removal.onEvent({ kind: "Failed", step: 1, error });
    removal.settle({ stepsRun: 1, untagged: [], deleted: [], failed: error, cancelled: false });
    await running;
    expect(store.steps.map((s) => s.status)).toEqual(["gone", "failed", "pending"]);
    expect(store.failure).not.toMatch(/1 step was done/);
    expect(store.failure).toMatch(
      / No step was done\. 1 step had nothing to do: its container or image was already gone\.$/,
    );
  });

  it("counts the steps Imagen did apart from those that found nothing to do", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    const error: ImagenError = { kind: "EngineRejected", status: 500, message: "boom" };
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Finished", step: 1, untagged: [], deleted: [], alreadyGone: true });
    removal.onEvent({ kind: "Failed", step: 2, error });
    removal.settle({ stepsRun: 2, untagged: [], deleted: [], failed: error, cancelled: false });
    await running;
    expect(store.failure).toMatch(
      / 1 step was done before that\. 1 step had nothing to do: its container or image was already gone\.$/,
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
      cancelled: false,
    });
    await running;
    expect(store.steps.map((s) => s.status)).toEqual(["done", "failed", "pending"]);
    expect(store.failure).toMatch(/^The removal stopped at step 2 \(Remove the container web-1\)/);
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
      cause: "Refused",
    };
    removal.settle(gone);
    expect(await running).toBeNull();
    expect(store.runStatus).toBe("failed");
    expect(store.lost).toBe(true);
    // The step under way may have happened: its DELETE may have reached the engine.
    expect(store.steps.map((s) => s.status)).toEqual(["done", "unknown", "pending"]);
    expect(store.failure).toBe(
      `Imagen lost contact with the engine during the removal: ${describeError(gone)} 1 step was done before that. Refresh to see what is left.`,
    );
  });

  it("when a step's answer never came (its report says the engine went away): not known, not failed", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const removal = api.removals[0]!;
    removal.onEvent({ kind: "Started", step: 0 });
    removal.onEvent({ kind: "Finished", step: 0, untagged: [], deleted: [], alreadyGone: false });
    removal.onEvent({ kind: "Started", step: 1 });
    const timeout: ImagenError = {
      kind: "EngineTimeout",
      address: "unix:///var/run/docker.sock",
      seconds: 300,
    };
    removal.onEvent({ kind: "Failed", step: 1, error: timeout });
    // At once, not only when the run's answer arrives.
    expect(store.steps[1]!.status).toBe("unknown");
    removal.settle({
      stepsRun: 1,
      untagged: [],
      deleted: [],
      failed: timeout,
      cancelled: false,
    });
    expect(await running).not.toBeNull();
    expect(store.runStatus).toBe("failed");
    expect(store.steps.map((s) => s.status)).toEqual(["done", "unknown", "pending"]);
    expect(store.failure).toBe(
      // Not "lost contact": a timed-out step may be on an engine that is alive but slow.
      `Imagen stopped waiting for the engine during the removal: ${describeError(timeout)} 1 step was done before that. What the step under way did is not known; refresh to see what is left.`,
    );
  });

  it("when the engine does not answer before any step starts: no step is said to be unknown", async () => {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    const timeout: ImagenError = {
      kind: "EngineTimeout",
      address: "unix:///var/run/docker.sock",
      seconds: 10,
    };
    api.removals[0]!.settle(timeout);
    await running;
    expect(store.steps.every((s) => s.status === "pending")).toBe(true);
    expect(store.failure).toBe(
      `Imagen stopped waiting for the engine during the removal: ${describeError(timeout)} No step was done. Refresh to see what is left.`,
    );
  });

  it("when the backend rejects at once: no step ran, nothing is left running", async () => {
    const { api, store, guided } = await ready();
    api.failWith = { kind: "Internal", message: "channel closed" };
    expect(await store.run(guided)).toBeNull();
    expect(store.running).toBe(false);
    // The error's own words are describeError's (lib/shared/errors.ts).
    const why = describeError({ kind: "Internal", message: "channel closed" });
    expect(store.failure).toBe(
      `The removal could not finish: ${why} No step was done. Refresh to see what is left.`,
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
      cancelled: false,
    });
    await running;
    await store.reload();
    old.onEvent({ kind: "Started", step: 0 });
    expect(store.steps).toEqual([]);
  });
});

/** The fake engine's own world: nginx:alpine used by the running web-1, and another image. */
async function onEngine(selection: Selection = { images: [img.id], tags: [] }) {
  const other = fakeImage({ tags: ["nginx:next"] });
  const api = new FakeApi([img, other]);
  const store = new RemovalStore(api);
  await store.load(selection);
  if (store.plan.status !== "ready") throw new Error("no plan");
  return { api, store, other, plan: store.plan.plan };
}
const offered = (store: RemovalStore, kind: PlanAction["kind"]) => {
  if (store.plan.status !== "ready") throw new Error("no plan");
  const action = store.plan.plan.actions.find((a) => a.kind === kind);
  if (!action) throw new Error(`no ${kind} action`);
  return action;
};

describe("RemovalStore: a run whose result differs from the plan", () => {
  afterEach(() => setLocale("en"));

  /** Runs the guided action to the end, the engine answering with `mismatch`. */
  async function ranWith(mismatch: RemovalReport["mismatch"]) {
    const { api, store, guided } = await ready();
    const running = store.run(guided);
    api.removals[0]!.settle({
      stepsRun: 3,
      untagged: ["nginx:alpine"],
      deleted: [],
      failed: null,
      cancelled: false,
      mismatch,
    });
    await running;
    expect(store.runStatus).toBe("done");
    return store;
  }

  it("says an image the engine only untagged was not deleted", async () => {
    const store = await ranWith({
      notDeleted: [{ image: img.id, name: "nginx:alpine", tags: [] }],
      notUntagged: [],
      alsoDeleted: [],
    });
    expect(store.mismatch).toBe(
      "Docker did not do exactly what this plan said: nginx:alpine was not deleted, only untagged: the image is still there, listed as <none>. The image list now shows what is really there.",
    );
  });

  it("words every kind of difference, and a nameless image by its ID", async () => {
    const other = fakeId("other");
    const store = await ranWith({
      notDeleted: [
        { image: img.id, name: "nginx:alpine", tags: ["nginx:alpine", "nginx:1"] },
        { image: other, name: "<none>:<none>", tags: [] },
      ],
      notUntagged: ["app:1"],
      alsoDeleted: [{ image: fakeId("base"), name: "base:1" }],
    });
    expect(store.mismatch).toBe(
      `Docker did not do exactly what this plan said: nginx:alpine was not deleted: the image is still there, with the tags nginx:alpine and nginx:1; image ${shortId(other)} was not deleted: it is still there; the tag app:1 was not removed; base:1 was deleted too, which the plan did not say. The image list now shows what is really there.`,
    );
    setLocale("es");
    expect(store.mismatch).toMatch(
      /^Docker no hizo exactamente lo que decía este plan: nginx:alpine no se eliminó: la imagen sigue ahí, con las etiquetas nginx:alpine y nginx:1; /,
    );
  });

  it("says nothing when the run did what the plan said", async () => {
    expect((await ranWith(null)).mismatch).toBeNull();
    expect((await ranWith(undefined)).mismatch).toBeNull();
  });
});

describe("RemovalStore: the engine changed since the plan", () => {
  it("a chosen tag moved to another image: runs nothing, and plans nothing for that image", async () => {
    const { api, store, other, plan } = await onEngine({
      images: [],
      tags: [{ reference: "nginx:alpine", image: img.id }],
    });
    // In a terminal: docker tag <other> nginx:alpine.
    api.tag(other.id, "nginx:alpine");
    const answer = await store.run(offered(store, "removeTag"));

    expect(answer).toBeNull();
    expect(api.removals).toEqual([]);
    expect(api.images.map((i) => [i.id, i.tags])).toEqual([
      [img.id, []],
      [other.id, ["nginx:next", "nginx:alpine"]],
    ]);
    expect(store.changed).toBe(`nginx:alpine now points to another image (${shortId(other.id)}).`);
    expect(store.runStatus).toBe("idle");
    expect(store.steps).toEqual([]);
    // The user chose the tag on nginx:alpine's old image; the image it names now was never
    // shown, so there is no plan to remove it there.
    expect(store.plan.status).toBe("gone");
    // The old plan is spent: the backend would refuse it now.
    await expect(api.executeRemoval(plan.id, "removeTag", () => {})).rejects.toEqual({
      kind: "UnknownPlan",
      id: plan.id,
    });
  });

  it("a chosen tag that moved while the plan is open: the re-check says so and plans nothing", async () => {
    const { api, store, other } = await onEngine({
      images: [],
      tags: [{ reference: "nginx:alpine", image: img.id }],
    });
    api.tag(other.id, "nginx:alpine");
    await store.recheck();
    expect(store.plan.status).toBe("gone");
    expect(store.changedWhileOpen).toBe(true);
    expect(store.changed).toBe(
      `The engine changed while this plan was open: none of the selection is left on it to remove. nginx:alpine now points to another image (${shortId(other.id)}).`,
    );
  });

  it("an image's only tag moved while its plan is open: the notice says where it went", async () => {
    const { api, store, other } = await onEngine();
    api.tag(other.id, "nginx:alpine"); // docker build -t nginx:alpine . in a terminal
    await store.recheck();
    expect(store.plan.status).toBe("ready");
    expect(store.changed).toBe(
      `The engine changed while this plan was open; the plan below is up to date. nginx:alpine now points to another image (${shortId(other.id)}).`,
    );
    // The image is now deleted by its ID: it has no name left.
    expect(offered(store, "delete").commands).toEqual([`docker rmi ${img.id}`]);
  });

  it("after the moved tag is deleted outright, the notice says it is gone, not where it went", async () => {
    const { api, store, other } = await onEngine({
      images: [],
      tags: [{ reference: "nginx:alpine", image: img.id }],
    });
    api.tag(other.id, "nginx:alpine");
    await store.recheck();
    // In a terminal: docker rmi nginx:alpine (the tag only; the other image keeps nginx:next).
    api.untag("nginx:alpine");
    await store.recheck();
    expect(store.plan.status).toBe("gone");
    expect(store.replacedWhileOpen).toBe(1);
    expect(store.changed).toBe(
      "The engine changed while this plan was open: none of the selection is left on it to remove. nginx:alpine is no longer on the engine.",
    );
  });

  it("a tag chosen on one image that already names another: planning refuses it", async () => {
    const other = fakeImage({ tags: ["nginx:next", "nginx:alpine"] });
    const api = new FakeApi([fakeImage({ id: img.id, tags: [] }), other]);
    const store = new RemovalStore(api);
    await store.load({ images: [], tags: [{ reference: "nginx:alpine", image: img.id }] });
    expect(store.plan).toMatchObject({
      status: "failed",
      error: { kind: "TagMoved", reference: "nginx:alpine", seen: img.id, now: other.id },
    });
  });

  it("a container that appeared makes the plain delete a new plan that stops it first", async () => {
    const { api, store } = await onEngine();
    api.addContainer("web-2", "running", img.id);
    expect(await store.run(offered(store, "delete"))).toBeNull();
    expect(store.changed).toBe("A new container, web-2 (running), now uses this image.");
    expect(api.images.map((i) => i.id)).toContain(img.id);
    if (store.plan.status !== "ready") throw new Error("no plan");
    expect(store.plan.summary.offers.map((o) => o.label)).toEqual([
      "Stop and remove 1 container, then delete",
    ]);
  });

  it("says so when nothing of the selection is left", async () => {
    const { api, store } = await onEngine();
    api.images = api.images.filter((i) => i.id !== img.id); // docker rmi in a terminal
    expect(await store.run(offered(store, "delete"))).toBeNull();
    expect(store.plan).toEqual({ status: "gone" });
    expect(store.changed).toBe("nginx:alpine is no longer on the engine.");
    expect(store.running).toBe(false);
  });

  it("after a Delete found nothing left, an image loaded back shows its plan again", async () => {
    const { api, store } = await onEngine();
    const before = api.images;
    api.images = api.images.filter((i) => i.id !== img.id); // docker rmi in a terminal
    expect(await store.run(offered(store, "delete"))).toBeNull();
    expect(store.plan).toEqual({ status: "gone" });
    // The spent plan cannot be re-checked (the backend forgot it): the selection is
    // planned anew, and the image is back (docker load).
    api.images = before;
    await store.recheck();
    expect(store.plan.status).toBe("ready");
    expect(store.changed).toBe(
      "The engine changed while this plan was open; the plan below is up to date.",
    );
    expect(offered(store, "delete").commands).toEqual(["docker rmi nginx:alpine"]);
  });

  it("a new load forgets the notice", async () => {
    const { api, store } = await onEngine();
    api.addContainer("web-2", "exited", img.id);
    await store.run(offered(store, "delete"));
    expect(store.changed).not.toBeNull();
    await store.reload();
    expect(store.changed).toBeNull();
  });

  it("mid-run (a tag moved right before its step): stops there, says what changed and what ran", async () => {
    const { api, store, other } = await onEngine();
    api.addContainer("web-1", "running", img.id);
    await store.reload();
    const running = store.run(offered(store, "stopRemoveDelete"));
    const removal = api.removals[0]!;
    removal.step();
    removal.step();
    api.tag(other.id, "nginx:alpine");
    removal.finish();
    const report = await running;

    expect(report?.failed).toEqual({
      kind: "EngineChanged",
      changes: [{ kind: "TagMoved", reference: "nginx:alpine", from: img.id, to: other.id }],
    });
    expect(store.runStatus).toBe("failed");
    expect(store.steps.map((s) => s.status)).toEqual(["done", "done", "failed"]);
    expect(store.failure).toBe(
      `The engine changed during the removal, so Imagen stopped before step 3 (Remove nginx:alpine): nginx:alpine now points to another image (${shortId(other.id)}). 2 steps were done before that. Check again to see the plan for what is left.`,
    );
    // Neither image was deleted; the container went as planned.
    expect(api.images.map((i) => i.id)).toEqual([img.id, other.id]);
    expect(api.containers).toEqual([]);

    await store.reload();
    expect(store.runStatus).toBe("idle");
    if (store.plan.status !== "ready") throw new Error("no plan");
    expect(store.plan.plan.actions[0]!.commands).toEqual([`docker rmi ${img.id}`]);
  });
});

describe("RemovalStore: check again after part of a selection ran", () => {
  it("plans what is left, not refused for the image the run deleted", async () => {
    const a = fakeImage({ tags: ["app:1"] });
    const b = fakeImage({ tags: ["app:2"] });
    const api = new FakeApi([a, b]);
    const store = new RemovalStore(api);
    await store.load({ images: [a.id, b.id], tags: [] });
    const running = store.run(offered(store, "delete"));
    const removal = api.removals[0]!;
    removal.step(); // the first image goes
    await store.cancel();
    removal.step();
    const report = await running;
    expect(report).toMatchObject({ stepsRun: 1, cancelled: true });
    const left = api.images.map((i) => i.tags[0]);
    expect(left).toHaveLength(1);

    await store.reload();
    expect(store.plan.status).toBe("ready");
    expect(offered(store, "delete").commands).toEqual([`docker rmi ${left[0]}`]);
  });

  /** Three images selected; the run deletes the first and is cancelled. */
  async function cancelledAfterOne() {
    const images = ["app:1", "app:2", "app:3"].map((tag) => fakeImage({ tags: [tag] }));
    const api = new FakeApi(images);
    const store = new RemovalStore(api);
    await store.load({ images: images.map((i) => i.id), tags: [] });
    const running = store.run(offered(store, "delete"));
    const removal = api.removals[0]!;
    removal.step();
    await store.cancel();
    removal.step();
    await running;
    const left = api.images.map((i) => i.tags[0]!);
    expect(left).toHaveLength(2);
    return { api, store, left };
  }

  it("plans what is left when a terminal deleted part of it meanwhile, and says so", async () => {
    const { api, store, left } = await cancelledAfterOne();
    const [kept, deleted] = left as [string, string];
    api.images = api.images.filter((i) => i.tags[0] !== deleted); // docker rmi, in a terminal

    await store.reload();
    // Not "could not work out what this removal would do" for the whole selection.
    expect(store.plan.status).toBe("ready");
    expect(offered(store, "delete").commands).toEqual([`docker rmi ${kept}`]);
    expect(store.changed).toContain(
      "The engine changed while this plan was open; the plan below is up to date.",
    );
    expect(store.changed).toContain(deleted);
  });

  it("says nothing is left when a terminal deleted all of the rest", async () => {
    const { api, store } = await cancelledAfterOne();
    api.images = [];

    await store.reload();
    expect(store.plan).toEqual({ status: "gone" });
    expect(store.changed).toContain(
      "The engine changed while this plan was open: none of the selection is left on it to remove.",
    );
  });

  it("still fails as before when the engine is away", async () => {
    const { api, store } = await cancelledAfterOne();
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "gone",
      cause: "Refused",
    };

    await store.reload();
    expect(store.plan.status).toBe("failed");
  });
});

describe("RemovalStore: cancel", () => {
  async function guidedRun() {
    const { api, store } = await onEngine();
    api.addContainer("web-1", "running", img.id);
    await store.reload();
    const running = store.run(offered(store, "stopRemoveDelete"));
    return { api, store, running, removal: api.removals[0]! };
  }

  it("stops before the next step; the report says what was done and what was not", async () => {
    const { api, store, running, removal } = await guidedRun();
    removal.step(); // docker stop web-1
    await store.cancel();
    expect(store.cancelling).toBe(true);
    expect(removal.cancelRequested).toBe(true);
    expect(store.running).toBe(true);
    removal.step(); // the backend checks before the next step
    const report = await running;

    expect(report).toMatchObject({ stepsRun: 1, cancelled: true, failed: null });
    expect(store.runStatus).toBe("cancelled");
    expect(store.cancelling).toBe(false);
    expect(store.failure).toBeNull();
    expect(store.steps.map((s) => s.status)).toEqual(["done", "pending", "pending"]);
    expect(store.cancelled).toBe(
      "Cancelled after 1 of 3 steps: “Stop web-1” was done; “Remove the container web-1” and “Remove nginx:alpine” were not.",
    );
    // On the engine: web-1 stopped, still there; the image stays.
    expect(api.containers.map((c) => [c.name, c.state])).toEqual([["web-1", "exited"]]);
    expect(api.images.map((i) => i.id)).toContain(img.id);
  });

  it("cancelled while the engine removed a --rm container by itself: says the engine goes on", async () => {
    const { store, running, removal } = await guidedRun();
    await store.cancel();
    // From the report alone (its events may come after it): the Stop went through, and the
    // engine was still removing web-1, started with `docker run --rm`, at the last look.
    removal.settle({
      stepsRun: 1,
      untagged: [],
      deleted: [],
      failed: null,
      cancelled: true,
      engineRemoving: 1,
    });
    await running;

    expect(store.steps.map((s) => s.status)).toEqual(["done", "engine", "pending"]);
    expect(store.stepsRun).toBe(1);
    expect(store.cancelled).toBe(
      "Cancelled after 1 of 3 steps: “Stop web-1” was done; the engine was already removing the container web-1 itself (it was started with --rm); “Remove nginx:alpine” was not done.",
    );
  });

  it("cancelled while the engine removed a --rm container before any step of Imagen's", async () => {
    const { api, store } = await onEngine();
    api.addContainer("web-1", "exited", img.id);
    await store.reload();
    const running = store.run(offered(store, "stopRemoveDelete"));
    const removal = api.removals[0]!;
    await store.cancel();
    removal.settle({
      stepsRun: 0,
      untagged: [],
      deleted: [],
      failed: null,
      cancelled: true,
      engineRemoving: 0,
    });
    await running;

    expect(store.steps.map((s) => s.status)).toEqual(["engine", "pending"]);
    expect(store.cancelled).toBe(
      "Cancelled before Imagen did any step: the engine was already removing the container web-1 itself (it was started with --rm); “Remove nginx:alpine” was not done.",
    );
  });

  it("before the first step: nothing was changed", async () => {
    const { store, running, removal } = await guidedRun();
    await store.cancel();
    removal.step();
    await running;
    expect(store.cancelled).toBe("Cancelled before the first step: nothing was changed.");
  });

  it("asks only once, and only while running", async () => {
    const { api, store, running, removal } = await guidedRun();
    await store.cancel();
    await store.cancel();
    expect(api.calls.filter((c) => c === "cancelRemoval")).toHaveLength(1);
    removal.step();
    await running;
    await store.cancel();
    expect(api.calls.filter((c) => c === "cancelRemoval")).toHaveLength(1);
  });

  it("when the run was ending anyway, the button comes back", async () => {
    const { api, store, removal } = await guidedRun();
    api.cancelRemoval = async () => false;
    await store.cancel();
    expect(store.cancelling).toBe(false);
    removal.finish();
  });

  it("keeps the reason when asking to cancel fails", async () => {
    const { api, store, removal } = await guidedRun();
    const error = { kind: "InvalidInput" as const, field: "plan", reason: "it is empty" };
    api.cancelRemoval = () => Promise.reject(error);
    await store.cancel();
    expect(store.cancelError).toEqual(error);
    expect(store.cancelling).toBe(false);
    removal.finish();
  });
});

describe("describeError: RemovalConflict", () => {
  const base = { kind: "RemovalConflict" as const, reference: "app:1.0", message: "conflict: …" };

  it("names the containers in the way", () => {
    expect(describeError({ ...base, reason: "stoppedContainer", containers: ["job-1"] })).toBe(
      "Docker refused to delete app:1.0: a stopped container uses it (job-1). Remove that container first, or force the removal.",
    );
    expect(
      describeError({ ...base, reason: "runningContainer", containers: ["web-1", "web-2"] }),
    ).toBe(
      "Docker refused to delete app:1.0: running containers use it (web-1 and web-2). Stop and remove them first.",
    );
    expect(describeError({ ...base, reason: "referenceInUse", containers: ["job-1"] })).toBe(
      "Docker refused to remove app:1.0: a container uses its image (job-1). Remove that container first, or force the removal.",
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
      "Docker refused to remove app:1.0: conflict: … The containers a, b, and c use it.",
    );
    expect(describeError({ ...base, reason: null, containers: [] })).toBe(
      "Docker refused to remove app:1.0: conflict: …",
    );
  });
});

describe("RemovalStore in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("words the summary, the steps and what changed when read, so a language switch rewords them", async () => {
    const { api, store } = await onEngine();
    if (store.plan.status !== "ready") throw new Error("no plan");
    expect(store.plan.summary.offers[0]!.label).toBe("Delete image");
    setLocale("es");
    expect(store.plan.summary.offers[0]!.label).toBe("Eliminar la imagen");
    setLocale("en");

    api.addContainer("web-2", "running", img.id);
    expect(await store.run(offered(store, "delete"))).toBeNull();
    expect(store.changed).toBe("A new container, web-2 (running), now uses this image.");
    setLocale("es");
    expect(store.changed).toBe("Un contenedor nuevo, web-2 (en ejecución), ahora usa esta imagen.");
    if (store.plan.status !== "ready") throw new Error("no plan");
    const guided = store.plan.summary.offers[0]!;
    expect(guided.label).toBe("Detener y eliminar 1 contenedor y luego eliminar lo seleccionado");

    api.gate = new Promise(() => {});
    void store.run(guided.action);
    expect(store.steps.map((s) => [s.label, s.command])).toEqual([
      ["Detener web-2", `docker stop ${fakeContainerId("web-2")}`],
      ["Eliminar el contenedor web-2", `docker rm ${fakeContainerId("web-2")}`],
      ["Eliminar nginx:alpine", "docker rmi nginx:alpine"],
    ]);
    setLocale("en");
    expect(store.steps[0]!.label).toBe("Stop web-2");
  });
});
