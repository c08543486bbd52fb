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
    api.images = [{ ...image, tags }];
    store.follow(tags);
    store.follow(tags);
    await settle();
    expect(inspectedTags(store)).toEqual(tags);
    store.follow(tags);
    await settle();
    expect(api.inspectCalls.map((c) => c.again)).toEqual([false, true]);
  });

  it("tries again on the next list after a look again that failed", async () => {
    const { api, store, image } = await opened();
    const tags = [...image.tags, "web:test"];
    api.images = [{ ...image, tags }];
    api.failWith = lost;
    store.follow(tags);
    await settle();
    // The failure keeps what was shown.
    expect(inspectedTags(store)).toEqual(image.tags);
    // The engine answers again; the next list, with the same tags, asks again.
    api.failWith = null;
    store.follow(tags);
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
