import { displayName } from "./names";
import { describe, expect, it } from "vitest";
import { ImagesStore } from "./images.svelte";
import { FakeApi, fakeImage, fakeList } from "../ipc/fake";

describe("ImagesStore.reveal", () => {
  it("shows an image that arrived while a refresh was already running", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    // Like the real engine, the list is taken when the call starts.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.listImages = async () => {
      const snapshot = fakeList(structuredClone(api.images));
      if (api.calls.push("listImages") === 1) await gate;
      return snapshot;
    };
    const store = new ImagesStore(api);
    const first = store.refresh(); // e.g. the window regained focus
    const pulled = fakeImage({ tags: ["nginx:latest"] });
    api.images = [...api.images, pulled];
    const revealing = store.reveal(pulled.id);
    release();
    await Promise.all([first, revealing]);
    expect(store.view.status).toBe("ready");
    const names =
      store.view.status === "ready" ? store.view.list.images.map((i) => displayName(i)) : [];
    expect(names).toContain("nginx:latest");
    expect(store.highlighted).toBe(pulled.id);
  });
});

describe("ImagesStore.retry", () => {
  it("keeps the problem on screen, busy, until the engine answers", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///x.sock",
      reason: "refused",
      cause: "Refused",
    };
    const store = new ImagesStore(api);
    await store.refresh();
    expect(store.view.status).toBe("problem");
    api.failWith = null;
    let release!: () => void;
    api.gate = new Promise<void>((r) => (release = r));
    const retrying = store.retry();
    expect(store.view.status).toBe("problem");
    expect(store.busy).toBe(true);
    release();
    await retrying;
    expect(store.view.status).toBe("ready");
    expect(store.busy).toBe(false);
  });

  it("is busy at once even while a background refresh is under way", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///x.sock",
      reason: "refused",
      cause: "Refused",
    };
    const store = new ImagesStore(api);
    await store.refresh();
    let release!: () => void;
    api.gate = new Promise<void>((r) => (release = r));
    const background = store.refresh(true); // an engine event
    const retrying = store.retry();
    expect(store.busy).toBe(true);
    api.failWith = null;
    release();
    await Promise.all([background, retrying]);
    expect(store.view.status).toBe("ready");
    expect(store.busy).toBe(false);
  });
});

describe("ImagesStore.switched", () => {
  /** An API on engine A whose list is held until released; after the switch it is B. */
  function twoEngines() {
    const api = new FakeApi([fakeImage({ tags: ["on-a:1"] })]);
    api.engine = { ...api.engine, address: "unix:///a.sock" };
    let release!: () => void;
    let fail!: (e: unknown) => void;
    const held = new Promise<void>((ok, no) => {
      release = ok;
      fail = no;
    });
    let onB = false;
    let bDown = false;
    const asked: string[] = [];
    api.listImages = async () => {
      const engine = onB ? "b" : "a";
      asked.push(engine);
      if (engine === "b" && bDown)
        throw { kind: "EngineUnreachable", address: "unix:///b.sock", reason: "refused" };
      const snapshot = fakeList(structuredClone(api.images));
      if (engine === "a") await held;
      return snapshot;
    };
    const toB = (images = [fakeImage({ tags: ["on-b:1"] })], down = false) => {
      onB = true;
      bDown = down;
      api.images = images;
      api.engine = { ...api.engine, address: "unix:///b.sock" };
    };
    return { api, release, fail, toB, asked };
  }

  const names = (store: ImagesStore) =>
    store.view.status === "ready" ? store.view.list.images.map((i) => displayName(i)) : [];

  it("lists the new engine at once, and drops the previous engine's late list", async () => {
    const { api, release, toB, asked } = twoEngines();
    const store = new ImagesStore(api);
    const old = store.refresh(true); // an engine event's refresh, stuck on a slow A
    toB();
    const switching = store.switched();
    expect(asked).toEqual(["a", "b"]);
    await switching;
    expect(names(store)).toEqual(["on-b:1"]);
    expect(store.engine?.address).toBe("unix:///b.sock");
    release();
    await old;
    expect(names(store)).toEqual(["on-b:1"]);
    expect(store.engine?.address).toBe("unix:///b.sock");
  });

  it("never shows the previous engine's list or failure as the new one's", async () => {
    const { api, fail, toB } = twoEngines();
    const store = new ImagesStore(api);
    const old = store.refresh();
    toB(undefined, true);
    await store.switched();
    expect(store.view.status).toBe("problem");
    // A's request then fails: B's problem stays, A's words are not shown.
    fail({ kind: "EngineTimeout", address: "unix:///a.sock", seconds: 30 });
    await old.catch(() => {});
    expect(store.view).toMatchObject({ status: "problem", error: { address: "unix:///b.sock" } });
    // B is then lost: nothing of A's comes back, marked stale.
    store.engineLost("unix:///b.sock", "gone");
    expect(names(store)).toEqual([]);
  });
});

describe("ImagesStore: a reconnect onto another engine", () => {
  it("is seen after a problem page too, and not after a switch", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    api.engine = { ...api.engine, address: "unix:///a.sock" };
    const store = new ImagesStore(api);
    let moves = 0;
    store.onMoved = () => moves++;
    await store.refresh();
    // Docker Desktop quits under a Refresh: the problem page, then the backend says Lost.
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///a.sock",
      reason: "gone",
      cause: "Refused",
    };
    await store.refresh();
    expect(store.view.status).toBe("problem");
    store.engineLost("unix:///a.sock", "gone");
    api.failWith = null;
    api.engine = { ...api.engine, address: "unix:///b.sock" };
    await store.engineBack();
    expect(store.moved?.from.address).toBe("unix:///a.sock");
    expect(store.moved?.to.address).toBe("unix:///b.sock");
    expect(moves).toBe(1);
    // The user's own switch is not a move.
    api.engine = { ...api.engine, address: "unix:///c.sock" };
    await store.switched();
    expect(store.moved).toBeNull();
    expect(moves).toBe(1);
  });
});
