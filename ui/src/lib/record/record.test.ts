import { afterEach, describe, expect, it } from "vitest";
import type { RecordEntry, RecordStatus } from "../ipc/api";
import { FakeApi } from "../ipc/fake";
import { setLocale } from "../i18n/locale.svelte";
import { MAX_ENTRIES, RecordStore, mergeEntry } from "./record.svelte";

afterEach(() => setLocale("en"));

const settle = () => new Promise((r) => setTimeout(r, 0));

const entry = (seq: number, status: RecordStatus["status"] = "Done"): RecordEntry => ({
  seq,
  startedMs: 1_764_640_000_000 + seq,
  command: `docker pull app:${seq}`,
  status:
    status === "Refused"
      ? { status, error: { kind: "NoSuchImage", reference: "app" } }
      : ({ status } as RecordStatus),
});

const seqs = (entries: RecordEntry[]) => entries.map((e) => e.seq);
const statuses = (entries: RecordEntry[]) => entries.map((e) => e.status.status);

/** A gate the test opens: the fake's calls wait for it. */
function gated(api: FakeApi): () => Promise<void> {
  let open!: () => void;
  api.gate = new Promise((r) => (open = r));
  return async () => {
    open();
    api.gate = null;
    await settle();
  };
}

describe("mergeEntry", () => {
  it("appends newer entries, inserts older ones in seq order and replaces a known seq", () => {
    const list: RecordEntry[] = [];
    mergeEntry(list, entry(2));
    mergeEntry(list, entry(5, "Running"));
    mergeEntry(list, entry(1));
    mergeEntry(list, entry(3));
    expect(seqs(list)).toEqual([1, 2, 3, 5]);
    expect(mergeEntry(list, entry(5, "Refused"))).toBe(true);
    expect(seqs(list)).toEqual([1, 2, 3, 5]);
    expect(statuses(list)).toEqual(["Done", "Done", "Done", "Refused"]);
  });

  it("never puts an ended command back to running (an older copy arriving late)", () => {
    const list = [entry(1, "Cancelled")];
    expect(mergeEntry(list, entry(1, "Running"))).toBe(false);
    expect(statuses(list)).toEqual(["Cancelled"]);
  });

  it("keeps at most `max` entries, dropping the oldest", () => {
    const list: RecordEntry[] = [];
    for (let seq = 1; seq <= 5; seq++) mergeEntry(list, entry(seq), 3);
    expect(seqs(list)).toEqual([3, 4, 5]);
    // Older than everything kept in a full record: not taken.
    expect(mergeEntry(list, entry(2), 3)).toBe(false);
    expect(seqs(list)).toEqual([3, 4, 5]);
    expect(MAX_ENTRIES).toBe(2000);
  });

  it("keeps the engine switch heading a full record (a copied script starts there)", () => {
    const engine = { label: "colima", socket: null, automatic: false, remembered: true };
    const list: RecordEntry[] = [];
    mergeEntry(list, { ...entry(1), command: "docker context use colima", engine }, 3);
    for (let seq = 2; seq <= 6; seq++) mergeEntry(list, entry(seq), 3);
    expect(seqs(list)).toEqual([1, 5, 6]);
    // A later switch supersedes it, and heads the record once the first one has gone.
    mergeEntry(list, { ...entry(7), command: "docker context use far", engine }, 3);
    expect(seqs(list)).toEqual([1, 6, 7]);
    for (let seq = 8; seq <= 9; seq++) mergeEntry(list, entry(seq), 3);
    expect(seqs(list)).toEqual([7, 8, 9]);
  });
});

describe("RecordStore", () => {
  it("loads the record once and follows new and ended commands", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull nginx:latest");
    const store = new RecordStore(api);
    expect(store.loaded).toBe(false);
    await store.start();
    await store.start();
    expect(api.calls.filter((c) => c === "terminalRecord")).toHaveLength(1);
    expect(store.loaded).toBe(true);
    expect(store.entries.map((e) => e.command)).toEqual(["docker pull nginx:latest"]);
    expect(store.lastEnded).toBeNull(); // loaded, not live

    const seq = api.workshop.addRecord("docker rmi redis:7", { status: "Running" });
    expect(statuses(store.entries)).toEqual(["Done", "Running"]);
    expect(store.counts).toMatchObject({ total: 2, running: 1, done: 1 });
    expect(store.lastEnded).toBeNull();

    api.workshop.endRecord(seq, { status: "Cancelled" });
    expect(seqs(store.entries)).toEqual([1, 2]);
    expect(statuses(store.entries)).toEqual(["Done", "Cancelled"]);
    expect(store.counts).toEqual({
      total: 2,
      running: 0,
      done: 1,
      refused: 0,
      cancelled: 1,
      changed: 0,
    });
    expect(store.lastEnded?.command).toBe("docker rmi redis:7");
  });

  it("merges entries that arrive before the load answers, by seq", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull a");
    const open = gated(api);
    const store = new RecordStore(api);
    const started = store.start();
    await settle();
    const seq = api.workshop.addRecord("docker pull b", { status: "Running" });
    api.workshop.endRecord(seq, { status: "Done" });
    api.workshop.addRecord("docker tag a b", { status: "Changed" });
    expect(seqs(store.entries)).toEqual([2, 3]);
    expect(store.loaded).toBe(false);
    await open();
    await started;
    expect(seqs(store.entries)).toEqual([1, 2, 3]);
    expect(statuses(store.entries)).toEqual(["Done", "Done", "Changed"]);
    expect(store.counts.changed).toBe(1);
  });

  it("keeps an ended entry when the load answers with its older, running copy", async () => {
    const api = new FakeApi();
    const snapshot = [entry(1), entry(2, "Running")];
    let answer!: (entries: RecordEntry[]) => void;
    api.terminalRecord = () => new Promise((r) => (answer = r));
    const store = new RecordStore(api);
    const started = store.start();
    await settle();
    // The event of seq 2 ending overtakes the load's answer.
    api.workshop.addRecord("docker pull app:1");
    api.workshop.addRecord("docker pull app:2", { status: "Running" });
    api.workshop.endRecord(2, { status: "Refused", error: { kind: "DiskFull", message: "x" } });
    answer(snapshot);
    await started;
    expect(seqs(store.entries)).toEqual([1, 2]);
    expect(statuses(store.entries)).toEqual(["Done", "Refused"]);
  });

  it("caps the record as the backend does", async () => {
    const api = new FakeApi();
    for (let i = 1; i <= 4; i++) api.workshop.addRecord(`docker pull app:${i}`);
    const store = new RecordStore(api, 3);
    await store.start();
    expect(seqs(store.entries)).toEqual([2, 3, 4]);
    api.workshop.addRecord("docker pull app:5");
    expect(seqs(store.entries)).toEqual([3, 4, 5]);
  });

  it("says why the load failed, keeps live entries and loads again on demand", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull a");
    api.failWith = { kind: "Internal", message: "boom" };
    const store = new RecordStore(api);
    await store.start();
    expect(store.loaded).toBe(true);
    expect(store.error).toEqual({ kind: "Internal", message: "boom" });
    api.workshop.addRecord("docker pull b");
    expect(seqs(store.entries)).toEqual([2]);
    api.failWith = null;
    await store.load();
    expect(store.error).toBeNull();
    expect(seqs(store.entries)).toEqual([1, 2]);
  });

  it("says apart that it is not following live, and follows again when loading again", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull a");
    const subscribe = api.onRecordEntry.bind(api);
    api.onRecordEntry = async () => {
      throw { kind: "Internal", message: "no events" };
    };
    const store = new RecordStore(api);
    await store.start();
    // The read worked: it is no "could not read".
    expect(store.error).toBeNull();
    expect(store.followError).toEqual({ kind: "Internal", message: "no events" });
    expect(seqs(store.entries)).toEqual([1]);
    await store.load();
    expect(store.error).toBeNull();
    expect(store.followError).not.toBeNull();

    api.onRecordEntry = subscribe;
    await store.load();
    expect(store.followError).toBeNull();
    api.workshop.addRecord("docker pull b");
    expect(seqs(store.entries)).toEqual([1, 2]);
    // Following once is enough: another load subscribes no second time.
    await store.load();
    api.workshop.addRecord("docker pull c");
    expect(seqs(store.entries)).toEqual([1, 2, 3]);
    expect(store.lastEnded?.command).toBe("docker pull c");
  });

  it("stops following when stopped", async () => {
    const api = new FakeApi();
    const store = new RecordStore(api);
    await store.start();
    store.stop();
    api.workshop.addRecord("docker pull a");
    expect(store.entries).toEqual([]);
  });

  it("copies as a script in the current language", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull nginx:latest");
    api.workshop.addRecord("docker save -o kit.tar nginx:latest", { status: "Cancelled" });
    const store = new RecordStore(api);
    await store.start();
    const date = new Date(Date.UTC(2026, 2, 5, 13, 7));
    expect(store.script(date).split("\n").slice(2)).toEqual([
      "docker pull nginx:latest",
      "# docker save -o kit.tar nginx:latest   # cancelled",
      "",
    ]);
    setLocale("es");
    expect(store.script(date)).toMatch(
      /^#!\/bin\/sh\n# Comandos anotados por Imagen el 5 mar 2026/,
    );
    expect(store.script(date)).toContain("# docker save -o kit.tar nginx:latest   # cancelado\n");
  });
});
