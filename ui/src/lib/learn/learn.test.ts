import { describe, expect, it, vi } from "vitest";
import { FakeApi, fakeContainerId, fakeImage, fakePlanContainer } from "../ipc/fake";
import { LearnData, instancesOf, isRunning } from "./learn.svelte";

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("LearnData", () => {
  it("loads inspect and history for an image, and names its containers from the plan", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const data = new LearnData(api);
    data.show(api.images[0]!);
    expect(data.inspection.status).toBe("loading");
    expect(data.instances.status).toBe("loading");
    await settle();
    expect(data.inspection.status).toBe("ready");
    expect(data.history.status).toBe("ready");
    expect(data.instances.status === "ready" && data.instances.value.containers[0]!.name).toBe(
      "web",
    );
    expect(data.instances.status === "ready" && data.instances.value.commands).toEqual([
      `docker stop ${fakeContainerId("web")}`,
      `docker rm ${fakeContainerId("web")}`,
      "docker rmi nginx:alpine",
    ]);
  });

  it("reads by itself (again), so selecting an image records no docker command", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    const data = new LearnData(api);
    data.show(image);
    await settle();
    expect(api.inspectCalls).toEqual([{ id: image.id, again: true }]);
    expect(api.historyCalls).toEqual([{ id: image.id, again: true }]);
  });

  it("asks for no plan when no container uses the image, and again only when counts change", async () => {
    const image = fakeImage({ tags: ["redis:7"] });
    const api = new FakeApi([image]);
    const data = new LearnData(api);
    data.show(image);
    data.show({ ...image });
    await settle();
    expect(api.calls.filter((c) => c === "previewRemoval")).toEqual([]);
    expect(api.calls.filter((c) => c === "inspectImage")).toHaveLength(1);
    api.addContainer("cache", "exited", image.id);
    data.show(api.images[0]!);
    await settle();
    expect(api.calls.filter((c) => c === "previewRemoval")).toHaveLength(1);
    expect(api.calls.filter((c) => c === "inspectImage")).toHaveLength(1);
  });

  it("reads the commands again when the image gets another tag (its rmi would only untag)", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.addContainer("c1", "running", image.id);
    const data = new LearnData(api);
    data.show(api.images[0]!);
    await settle();
    api.tag(image.id, "web:2");
    data.show(api.images[0]!);
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.commands).toEqual([
      `docker stop ${fakeContainerId("c1")}`,
      `docker rm ${fakeContainerId("c1")}`,
      "docker rmi web:1",
      "docker rmi web:2",
    ]);
  });

  it("reads the containers again on an engine change, though the counts stay", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const data = new LearnData(api);
    data.show(api.images[0]!);
    await settle();
    // `docker rm -f web && docker run -d --name web2 nginx:alpine` in a terminal.
    api.containers = api.containers.map((c) =>
      c.name === "web" ? fakePlanContainer("web2", "running", image.id) : c,
    );
    data.show(api.images[0]!);
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.commands[0]).toBe(
      `docker stop ${fakeContainerId("web")}`,
    );
    data.engineChanged();
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.commands).toEqual([
      `docker stop ${fakeContainerId("web2")}`,
      `docker rm ${fakeContainerId("web2")}`,
      "docker rmi nginx:alpine",
    ]);
  });

  it("reads the containers once more after a burst of engine changes, not once per change", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const data = new LearnData(api);
    data.show(api.images[0]!);
    await settle();
    const reads = () => api.calls.filter((c) => c === "previewRemoval").length;
    const before = reads();
    let open!: () => void;
    api.gate = new Promise((resolve) => (open = resolve));
    // `docker compose up`: many changes while the first read is on its way.
    for (let i = 0; i < 10; i++) data.engineChanged();
    await settle();
    api.containers = api.containers.map((c) =>
      c.name === "web" ? fakePlanContainer("web2", "running", image.id) : c,
    );
    api.gate = null;
    open();
    await vi.waitFor(() => expect(reads()).toBe(before + 2));
    await settle();
    expect(reads()).toBe(before + 2);
    // The read after the burst saw its end.
    expect(data.instances.status === "ready" && data.instances.value.commands[0]).toBe(
      `docker stop ${fakeContainerId("web2")}`,
    );
  });

  it("shows the newest answer for the containers when an older one comes back last", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const preview = api.previewRemoval.bind(api);
    const held: (() => void)[] = [];
    api.previewRemoval = async (selection) => {
      const answer = await preview(selection);
      await new Promise<void>((r) => held.push(r));
      return answer;
    };
    const data = new LearnData(api);
    data.show(api.images[0]!);
    await settle();
    api.containers = api.containers.map((c) =>
      c.name === "web" ? fakePlanContainer("web2", "running", image.id) : c,
    );
    data.engineChanged();
    await settle();
    held[1]!();
    await settle();
    held[0]!();
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.containers[0]!.name).toBe(
      "web2",
    );
  });

  it("keeps the engine's error, and drops answers for an image no longer shown", async () => {
    const a = fakeImage({ tags: ["a:1"] });
    const b = fakeImage({ tags: ["b:1"] });
    const api = new FakeApi([a, b]);
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const data = new LearnData(api);
    data.show(a);
    api.failWith = { kind: "NoSuchImage", reference: b.id };
    data.show(b);
    open();
    await settle();
    expect(data.inspection).toEqual({
      status: "failed",
      error: { kind: "NoSuchImage", reference: b.id },
    });
    data.show(null);
    expect(data.inspection.status).toBe("idle");
  });

  it("asks again for what failed, and only that, when told the engine is back", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const data = new LearnData(api);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    data.show(api.images[0]!);
    await settle();
    expect([data.inspection.status, data.history.status, data.instances.status]).toEqual([
      "failed",
      "failed",
      "failed",
    ]);
    api.failWith = null;
    data.retry();
    // The failures stay on screen, marked, until the engine answers (their Try again with them).
    expect([data.inspection.status, data.history.status, data.instances.status]).toEqual([
      "failed",
      "failed",
      "failed",
    ]);
    expect(data.retrying).toEqual({ inspection: true, history: true, instances: true });
    await settle();
    expect([data.inspection.status, data.history.status, data.instances.status]).toEqual([
      "ready",
      "ready",
      "ready",
    ]);
    expect(data.retrying).toEqual({ inspection: false, history: false, instances: false });
    const asked = api.calls.length;
    data.retry();
    await settle();
    expect(api.calls.length).toBe(asked);
  });

  it("asks once for a failure being retried, and keeps it on screen through an engine change", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    const data = new LearnData(api);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    data.show(image);
    await settle();
    expect(data.history.status).toBe("failed");
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    data.retry();
    data.retry();
    expect(api.historyCalls).toHaveLength(2);
    // The engine is back while the retry waits: asked again, the failure still on screen.
    api.failWith = null;
    data.engineChanged();
    expect(api.historyCalls).toHaveLength(3);
    expect(data.history.status).toBe("failed");
    expect(data.retrying.history).toBe(true);
    api.gate = null;
    open();
    await settle();
    expect(data.history.status).toBe("ready");
    expect(data.retrying.history).toBe(false);
  });

  it("asks for the containers on the engine the image was listed on, never on another", async () => {
    // The same image (same ID) on both engines: everyone pulls the same images.
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "running", image.id);
    const seenOn = api.engine.address;
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    const onswitched = vi.fn();
    const data = new LearnData(api, onswitched);
    data.show(api.images[0]!, seenOn);
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.containers[0]!.name).toBe(
      "web",
    );
    // In Automatic, Imagen reconnected to Colima before the window heard of it; there,
    // another container uses the same image.
    api.engine = { ...api.engine, address: colima };
    api.containers = [fakePlanContainer("colima-web", "running", image.id)];
    data.engineChanged();
    await settle();
    expect(data.instances).toEqual({
      status: "failed",
      error: { kind: "EngineSwitched", to: colima },
    });
    expect(onswitched).toHaveBeenCalledOnce();
    // The window lists Colima now: its containers are read there, and the old ones are not
    // shown meanwhile.
    data.show(api.images[0]!, colima);
    expect(data.instances.status).toBe("loading");
    await settle();
    expect(data.instances.status === "ready" && data.instances.value.containers[0]!.name).toBe(
      "colima-web",
    );
    expect(onswitched).toHaveBeenCalledOnce();
  });

  it("ends a retry when another image is shown", async () => {
    const a = fakeImage({ tags: ["a:1"] });
    const b = fakeImage({ tags: ["b:1"] });
    const api = new FakeApi([a, b]);
    const data = new LearnData(api);
    api.failWith = { kind: "Internal", message: "boom" };
    data.show(a);
    await settle();
    api.gate = new Promise(() => {});
    data.retry();
    expect(data.retrying.history).toBe(true);
    data.show(b);
    expect(data.retrying).toEqual({ inspection: false, history: false, instances: false });
    expect(data.history.status).toBe("loading");
  });
});

describe("isRunning", () => {
  it("counts paused and restarting containers as running, like the engine", () => {
    expect(isRunning({ state: "paused" })).toBe(true);
    expect(isRunning({ state: "exited" })).toBe(false);
    expect(isRunning({ state: "created" })).toBe(false);
  });
});

describe("instancesOf", () => {
  it("teaches no commands the engine would refuse part way, and says so", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.addContainer("web", "exited", image.id);
    const plan = await api.previewRemoval({ images: [image.id], tags: [] });
    expect(instancesOf(plan)).toMatchObject({ refusedAnyway: false });
    expect(instancesOf(plan).commands).toEqual([
      `docker rm ${fakeContainerId("web")}`,
      "docker rmi web:1",
    ]);
    // An image built on it: stopping and removing the container is not enough.
    const guided = plan.actions.find((a) => a.kind === "stopRemoveDelete")!;
    guided.outcome = {
      kind: "Refused",
      step: 2,
      image: image.id,
      reason: "childImages",
      hard: true,
      container: null,
    };
    expect(instancesOf(plan)).toEqual({
      containers: plan.containers,
      commands: [],
      refusedAnyway: true,
    });
  });
});
