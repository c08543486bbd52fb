import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { fakeId } from "../ipc/fake";
import type { ContainerState, PlanChange } from "../ipc/api";
import { describeChanges, shortId } from "./changes";
import { rememberEngine } from "../app/known-engines.svelte";

const app = fakeId("app:dev");
const next = fakeId("app:next");
const web = fakeId("web");
const one = { images: [{ id: app, displayName: "app:dev" }] };
const two = {
  images: [
    { id: app, displayName: "app:dev" },
    { id: web, displayName: "nginx:alpine" },
  ],
};

const say = (change: PlanChange, ctx = one) => describeChanges([change], ctx);

describe("shortId", () => {
  it("is the 12 hex digits docker images shows, without sha256:", () => {
    expect(shortId(app)).toBe(app.slice(7, 19));
    expect(shortId(app)).toMatch(/^[0-9a-f]{12}$/);
    expect(shortId("4f2a9c1b3d5e77")).toBe("4f2a9c1b3d5e");
  });
});

describe("describeChanges: one change, one sentence", () => {
  it("a tag that moved, or left the engine", () => {
    expect(say({ kind: "TagMoved", reference: "app:dev", from: app, to: next })).toBe(
      `app:dev now points to another image (${shortId(next)}).`,
    );
    expect(say({ kind: "TagMoved", reference: "nginx:alpine", from: app, to: null })).toBe(
      "nginx:alpine is no longer on the engine.",
    );
  });

  it("an image that left the engine, named or not", () => {
    expect(say({ kind: "ImageGone", image: app, name: "nginx:alpine" })).toBe(
      "nginx:alpine is no longer on the engine.",
    );
    expect(say({ kind: "ImageGone", image: app, name: "<none>:<none>" })).toBe(
      `Image ${shortId(app)} is no longer on the engine.`,
    );
  });

  it("tags an image lost or gained, never naming the image by the tag it lost", () => {
    expect(
      say({ kind: "TagsChanged", image: app, name: "app:dev", added: [], removed: ["app:dev"] }),
    ).toBe("app:dev no longer points to this image.");
    expect(
      say(
        { kind: "TagsChanged", image: app, name: "app:dev", added: [], removed: ["app:dev"] },
        two,
      ),
    ).toBe(`app:dev no longer points to image ${shortId(app)}.`);
    expect(
      say(
        {
          kind: "TagsChanged",
          image: web,
          name: "nginx:alpine",
          added: [],
          removed: ["a:1", "b:2"],
        },
        two,
      ),
    ).toBe("a:1 and b:2 no longer point to nginx:alpine.");
    expect(
      say({ kind: "TagsChanged", image: app, name: "app:dev", added: ["app:v2"], removed: [] }),
    ).toBe("This image now also has the tag app:v2.");
    expect(
      say(
        { kind: "TagsChanged", image: web, name: "nginx:alpine", added: ["x:1"], removed: ["y:1"] },
        two,
      ),
    ).toBe("nginx:alpine lost the tag y:1 and got x:1.");
  });

  it("containers that appeared, went or changed state", () => {
    expect(say({ kind: "ContainerAdded", container: "web-2", image: app, state: "running" })).toBe(
      "A new container, web-2 (running), now uses this image.",
    );
    expect(
      say({ kind: "ContainerAdded", container: "job-9", image: web, state: "exited" }, two),
    ).toBe("A new container, job-9 (stopped), now uses nginx:alpine.");
    expect(
      say({ kind: "ContainerAdded", container: "x", image: next, state: "created" }, two),
    ).toBe(`A new container, x (created, never started), now uses image ${shortId(next)}.`);
    expect(say({ kind: "ContainerGone", container: "job-1" })).toBe(
      "The container job-1 was removed.",
    );
    const moved = (from: ContainerState, to: ContainerState) =>
      say({ kind: "ContainerStateChanged", container: "web-1", from, to });
    expect(moved("exited", "running")).toBe("web-1 started running.");
    expect(moved("paused", "running")).toBe("web-1 was unpaused.");
    expect(moved("running", "paused")).toBe("web-1 was paused.");
    expect(moved("running", "exited")).toBe("web-1 stopped.");
    expect(moved("created", "exited")).toBe("web-1 is now stopped.");
    expect(moved("exited", "restarting")).toBe("web-1 is now restarting.");
  });

  it("an image now built on the plan's, and a change no kind names", () => {
    expect(say({ kind: "ChildAdded", child: "app:child", parent: app })).toBe(
      "A new image, app:child, is now built on this image.",
    );
    expect(say({ kind: "ChildAdded", child: "<none>:<none>", parent: web }, two)).toBe(
      "A new image is now built on nginx:alpine.",
    );
    // Removed in a terminal: what it blocked may now be deleted, and that is why.
    expect(say({ kind: "ChildGone", child: "app:child", parent: app })).toBe(
      "app:child, built on this image, was removed.",
    );
    expect(say({ kind: "ChildGone", child: "<none>:<none>", parent: web }, two)).toBe(
      "An image built on nginx:alpine was removed.",
    );
    expect(say({ kind: "OutcomeChanged" })).toBe("What Docker would do is different now.");
    expect(
      say({
        kind: "EngineSwitched",
        from: "unix:///var/run/docker.sock",
        to: "unix:///run/podman/podman.sock",
      }),
    ).toBe(
      "Imagen is now connected to another engine (unix:///run/podman/podman.sock) than the one this was worked out on (unix:///var/run/docker.sock).",
    );
  });

  it("names the two engines as the header did once the window has listed them", () => {
    rememberEngine({ address: "unix:///var/run/docker.sock", socket: "Standard", name: null });
    rememberEngine({
      address: "unix:///run/podman/podman.sock",
      socket: "PodmanRootful",
      name: null,
    });
    expect(
      say({
        kind: "EngineSwitched",
        from: "unix:///var/run/docker.sock",
        to: "unix:///run/podman/podman.sock",
      }),
    ).toBe(
      "Imagen is now connected to another engine (Podman (rootful)) than the one this was worked out on (Standard socket).",
    );
  });

  it("images a prune would now remove too", () => {
    expect(describeChanges([{ kind: "ImageAdded", image: app, name: "redis:7" }])).toBe(
      "redis:7 would now be removed too.",
    );
    expect(describeChanges([{ kind: "ImageAdded", image: app, name: "<none>:<none>" }])).toBe(
      `An image with no name (${shortId(app)}) would now be removed too.`,
    );
  });
});

describe("describeChanges: several changes, still one sentence", () => {
  it("counts them and names each", () => {
    expect(
      describeChanges(
        [
          { kind: "TagMoved", reference: "app:dev", from: app, to: next },
          { kind: "ContainerAdded", container: "web-2", image: app, state: "running" },
        ],
        one,
      ),
    ).toBe(
      `2 things changed: app:dev now points to another image (${shortId(next)}); a new container, web-2 (running), now uses this image.`,
    );
  });

  it("names three and counts the rest", () => {
    const gone = (n: number): PlanChange => ({ kind: "ContainerGone", container: `c${n}` });
    expect(describeChanges([1, 2, 3, 4, 5].map(gone))).toBe(
      "5 things changed: the container c1 was removed; the container c2 was removed; the container c3 was removed; and 2 more.",
    );
  });

  it("does not say a moved tag twice (once as moved, once as lost by its old image)", () => {
    expect(
      describeChanges(
        [
          { kind: "TagMoved", reference: "app:dev", from: app, to: next },
          { kind: "TagsChanged", image: app, name: "app:dev", added: [], removed: ["app:dev"] },
        ],
        one,
      ),
    ).toBe(`app:dev now points to another image (${shortId(next)}).`);
  });

  it("lists the images a prune would now remove in one go", () => {
    const added = (name: string, seed = name): PlanChange => ({
      kind: "ImageAdded",
      image: fakeId(seed),
      name,
    });
    expect(describeChanges([added("redis:7"), added("<none>:<none>", "x")])).toBe(
      `redis:7 and ${shortId(fakeId("x"))} would now be removed too.`,
    );
    expect(describeChanges(["a:1", "b:1", "c:1", "d:1", "e:1"].map((n) => added(n)))).toBe(
      "a:1, b:1, c:1, and 2 more images would now be removed too.",
    );
    expect(describeChanges(["a:1", "b:1", "c:1", "d:1"].map((n) => added(n)))).toBe(
      "a:1, b:1, c:1, and d:1 would now be removed too.",
    );
  });

  it("never says nothing", () => {
    expect(describeChanges([])).toBe("Something on the engine changed.");
  });

  it("never shows a full ID", () => {
    const text = describeChanges(
      [
        { kind: "TagMoved", reference: "app:dev", from: app, to: next },
        { kind: "ImageGone", image: web, name: "<none>:<none>" },
        { kind: "ImageAdded", image: app, name: "<none>:<none>" },
      ],
      two,
    );
    expect(text).not.toMatch(/sha256:|[0-9a-f]{13}/);
  });
});

describe("describeChanges in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("words each change in Spanish, leaving references and IDs as they are", () => {
    setLocale("es");
    expect(say({ kind: "TagMoved", reference: "app:dev", from: app, to: next })).toBe(
      `app:dev ahora apunta a otra imagen (${shortId(next)}).`,
    );
    expect(say({ kind: "ImageGone", image: app, name: "<none>:<none>" })).toBe(
      `La imagen ${shortId(app)} ya no está en el motor.`,
    );
    expect(say({ kind: "ContainerAdded", container: "web-2", image: app, state: "running" })).toBe(
      "Un contenedor nuevo, web-2 (en ejecución), ahora usa esta imagen.",
    );
    expect(
      describeChanges(
        [
          { kind: "TagMoved", reference: "app:dev", from: app, to: next },
          { kind: "ContainerGone", container: "job-1" },
        ],
        one,
      ),
    ).toBe(
      `Cambiaron 2 cosas: app:dev ahora apunta a otra imagen (${shortId(next)}); se eliminó el contenedor job-1.`,
    );
    expect(describeChanges([])).toBe("Algo cambió en el motor.");
  });
});
