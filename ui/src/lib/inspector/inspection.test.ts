import { describe, expect, it } from "vitest";
import { FakeApi, fakeImage } from "../ipc/fake";
import type { ImagenError } from "../ipc/api";
import { InspectionStore } from "./inspection.svelte";

const settle = () => new Promise((r) => setTimeout(r, 0));

const lost: ImagenError = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

/** A store with `image` open and inspected. */
async function opened() {
  const image = fakeImage({ tags: ["nginx:alpine"] });
  const api = new FakeApi([image]);
  const store = new InspectionStore(api);
  store.open(image.id);
  await settle();
  expect(store.inspection.status).toBe("ready");
  return { api, store, image };
}

const inspectedTags = (store: InspectionStore) =>
  store.inspection.status === "ready" ? store.inspection.value.details.tags : null;

describe("InspectionStore.follow", () => {
  it("inspects again once per change of the listed tags", async () => {
    const { api, store, image } = await opened();
    const tags = [...image.tags, "web:test"];
    const listed = { ...image, tags };
    api.images = [listed];
    store.follow(listed);
    store.follow({ ...listed });
    await settle();
    expect(inspectedTags(store)).toEqual(tags);
    store.follow({ ...listed });
    await settle();
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true]);
  });

  it("tries again on the next list after a look again that failed", async () => {
    const { api, store, image } = await opened();
    const tags = [...image.tags, "web:test"];
    const listed = { ...image, tags };
    api.images = [listed];
    api.failWith = lost;
    store.follow(listed);
    await settle();
    // The failure keeps what was shown.
    expect(inspectedTags(store)).toEqual(image.tags);
    // The engine answers again; the next list, with the same tags, asks again.
    api.failWith = null;
    store.follow({ ...listed });
    await settle();
    expect(inspectedTags(store)).toEqual(tags);
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true, true]);
  });
});

describe("InspectionStore.retry", () => {
  /** Answers `inspectImage` and `imageHistory` by hand, in the order asked. */
  function held(api: FakeApi) {
    const asked: { settle: (ok: boolean) => void }[] = [];
    const inspect = api.inspectImage.bind(api);
    const history = api.imageHistory.bind(api);
    const hold =
      <A extends unknown[], T>(real: (...args: A) => Promise<T>) =>
      (...args: A) =>
        new Promise<T>((resolve, reject) =>
          asked.push({ settle: (ok) => (ok ? resolve(real(...args)) : reject(lost)) }),
        );
    api.inspectImage = hold(inspect);
    api.imageHistory = hold(history);
    return asked;
  }

  it("keeps the failure on screen, marked, until the engine answers", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    const asked = held(api);
    const store = new InspectionStore(api);
    store.open(image.id);
    store.show("history");
    asked[0]!.settle(false);
    asked[1]!.settle(false);
    await settle();
    expect(store.inspection.status).toBe("failed");
    expect(store.history.status).toBe("failed");

    store.retry();
    expect(store.inspection.status).toBe("failed");
    expect(store.history.status).toBe("failed");
    expect(store.retrying).toEqual({ inspection: true, history: true });
    // Asked already: a second Try again asks nothing more.
    store.retry();
    expect(asked).toHaveLength(4);

    // A failure again: still shown, no longer retrying.
    asked[2]!.settle(false);
    await settle();
    expect(store.inspection.status).toBe("failed");
    expect(store.retrying).toEqual({ inspection: false, history: true });
    // The answer replaces the failure.
    asked[3]!.settle(true);
    await settle();
    expect(store.history.status).toBe("ready");
    expect(store.retrying).toEqual({ inspection: false, history: false });
  });

  it("shows the newest answer when the engine comes back during a Try again", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    const asked = held(api);
    const store = new InspectionStore(api);
    store.open(image.id);
    asked[0]!.settle(false);
    await settle();
    store.retry();
    // The engine back: asked again, since the Try again may have gone while it was away.
    store.retry(true);
    expect(asked).toHaveLength(3);
    asked[2]!.settle(true);
    await settle();
    expect(store.inspection.status).toBe("ready");
    // The older ask's failure, answered late, does not replace the answer.
    asked[1]!.settle(false);
    await settle();
    expect(store.inspection.status).toBe("ready");
    expect(store.retrying.inspection).toBe(false);
  });
});

describe("InspectionStore.follow: digests, the last listing, an image listed again", () => {
  const inspectedDigests = (store: InspectionStore) =>
    store.inspection.status === "ready" ? store.inspection.value.details.digests : null;

  it("inspects again once when the listed digests differ (a push gave it one)", async () => {
    const { api, store, image } = await opened();
    const listed = { ...image, digests: ["nginx@sha256:" + "d".repeat(64)] };
    api.images = [listed];
    store.follow(listed);
    await settle();
    expect(inspectedDigests(store)).toEqual(listed.digests);
    store.follow({ ...listed });
    await settle();
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true]);
  });

  it("does not inspect again for a digest listed twice, or in another order", async () => {
    const a = "nginx@sha256:" + "a".repeat(64);
    const b = "nginx@sha256:" + "b".repeat(64);
    const image = fakeImage({ tags: ["nginx:alpine"], digests: [a, b] });
    const api = new FakeApi([image]);
    const store = new InspectionStore(api);
    store.open(image.id);
    await settle();
    store.follow({ ...image, digests: [b, a, b] });
    await settle();
    expect(api.inspectCalls).toHaveLength(1);
  });

  it("keeps the last listing while the image is not listed, and forgets it for another image", async () => {
    const { store, image } = await opened();
    store.follow(image);
    expect(store.listed).toBe(image);
    store.follow(null);
    expect(store.listed).toBe(image);
    // Another image's entry is not this one's.
    store.follow(fakeImage({ tags: ["redis:7"] }));
    expect(store.listed).toBe(image);
    const other = fakeImage({ tags: ["redis:7"] });
    store.open(other.id);
    expect(store.listed).toBeNull();
  });

  it("asks again for what failed as no such image once a newer list has the image, once per list", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([]);
    const store = new InspectionStore(api);
    store.open(image.id);
    store.show("history");
    await settle();
    expect(store.inspection.status).toBe("failed");
    expect(store.history.status).toBe("failed");
    const asked = () => api.inspectCalls.length + api.historyCalls.length;
    expect(asked()).toBe(2);

    // A list that still has it (read before it went): asked once; failing again, the same
    // list does not ask again (the app's effect calls follow as the answer changes).
    store.follow(image);
    await settle();
    expect(asked()).toBe(4);
    store.follow(image);
    await settle();
    expect(asked()).toBe(4);

    // Not listed, then listed again (docker pull of the same image): read again.
    store.follow(null);
    api.images = [image];
    store.follow({ ...image });
    await settle();
    expect(asked()).toBe(6);
    expect(store.inspection.status).toBe("ready");
    expect(store.history.status).toBe("ready");
  });

  it("does not ask again for what failed otherwise when the image is listed", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    api.failWith = { kind: "Protocol", message: "the engine answered 500" };
    const store = new InspectionStore(api);
    store.open(image.id);
    await settle();
    expect(store.inspection.status).toBe("failed");
    store.follow({ ...image });
    await settle();
    expect(api.inspectCalls).toHaveLength(1);
  });
});

describe("InspectionStore.keepJson", () => {
  const view = (text: string) => ({
    text,
    tree: null,
    view: "tree" as const,
    search: "",
    scrollTop: 0,
    rawScrollTop: 0,
  });

  it("keeps the JSON tab's view of the document shown, for when the tab is shown again", async () => {
    const { store } = await opened();
    const raw = store.inspection.status === "ready" ? store.inspection.value.raw : "";
    store.keepJson(view(raw));
    expect(store.json?.text).toBe(raw);
    // Not a view of another document (another image opening).
    store.keepJson(view("{}"));
    expect(store.json).toBeNull();
  });

  it("forgets it when another image opens, or the inspector closes", async () => {
    const { store } = await opened();
    const raw = store.inspection.status === "ready" ? store.inspection.value.raw : "";
    store.keepJson(view(raw));
    store.open(fakeImage({ tags: ["redis:7"] }).id);
    expect(store.json).toBeNull();
    // The view of the image left, handed over as it goes: the new one is still loading.
    store.keepJson(view(raw));
    expect(store.json).toBeNull();
    store.close();
    expect(store.json).toBeNull();
  });

  it("keeps nothing handed over after the inspector closed (the JSON tab's teardown comes after)", async () => {
    const { store } = await opened();
    const raw = store.inspection.status === "ready" ? store.inspection.value.raw : "";
    store.close();
    store.keepJson(view(raw));
    expect(store.json).toBeNull();
  });
});
