// Hostile input, from the real web view: every IPC command is called the way a script
// injected into the page could call it (window.__TAURI_INTERNALS__.invoke, bypassing the
// UI's own checks) with path tricks. bollard pastes names into Engine API paths unescaped
// (`/images/{name}/json`, `DELETE /images/{name}?force=…`), so on a naive backend each of
// these would address something other than an image. The docker CLI then proves that a
// volume, a running container and every image are still there, and each call got a clear
// error (crates/imagen-core/src/input.rs is the door that should refuse them).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { docker, launchApp, root } from "./support.mjs";

const NAME = `imagen-hostile-${process.pid}-${Date.now().toString(36)}`;
const FIXTURE = "imagen-fixture/busybox:latest"; // busybox-static: has `sleep`
const HUGE = "@@1MiB@@"; // expanded to "a".repeat(1 << 20) inside the page, not sent over WebDriver
const PLAUSIBLE = "0123456789abcdef0123456789abcdef"; // well-formed, but nothing has this ID
const ALLOWED = new Set([
  "InvalidInput",
  "InvalidReference",
  "UnknownPlan",
  "NoSuchImage",
  "EngineContext",
  "UnknownFile",
  // An engine named that is not the one Imagen is on (the plan and preview calls'): nothing
  // is asked of it, and the answer names the engine Imagen is on.
  "EngineSwitched",
]);
// The e2e build answers the native Save/Open dialog with this file (src-tauri/src/files.rs);
// a dialog that opens must only ever grant it, whatever the call asked for.
const CHOSEN = `/tmp/imagen-hostile-${process.pid}-chosen.tar`;
const CHOSEN_NAME = CHOSEN.slice(CHOSEN.lastIndexOf("/") + 1);

const imageIds = () =>
  [...new Set(docker("images", "-a", "--no-trunc", "-q").split(/\s+/))].filter(Boolean).sort();
const nonEmpty = (s) => typeof s === "string" && s.trim() !== "";

/** [name, value]; the comment says what the value does on a backend that pastes it into a URL. */
function tricks(volume, containerId, imageId) {
  return [
    ["dotdot-query", `../volumes/${volume}?force=true`], // DELETE /images/../volumes/x?force=true
    ["pct-dots", `%2e%2e/containers/${containerId}`], // a climb for any layer that decodes first
    ["pct-slashes", `..%2F..%2Fvolumes%2F${volume}`], // slashes decoded after routing: a climb
    ["nul", "nginx\u0000"], // C-string truncation; a NUL in a URL or header breaks the request
    ["1MiB", HUGE], // a 1 MiB URL (414, a stalled engine) or a 1 MiB log line
    ["non-ascii", "ñandú:latest"], // each layer percent-encodes or normalises it differently
    ["sha256-dotdot", "sha256:../../x"], // passes a naive startsWith("sha256:") ID check
    ["cid-climb", `${containerId}/../../containers/${containerId}?force=1`], // an ID, then a climb
    ["iid-climb", `${imageId}/../../volumes/${volume}?force=true`], // a real image ID, then a climb
  ];
}

function plan(T) {
  const calls = [];
  const add = (cmd, label, args, { channel = null, expect = "refused" } = {}) =>
    calls.push({ cmd, label: `${cmd} ${label}`, args, channel, expect });
  const pull = (label, args) => add("pull_image", label, args, { channel: "onProgress" });
  for (const [n, t] of T) {
    add("inspect_image", n, { id: t });
    add("image_history", n, { id: t });
    // The app's own reads (the Learn panel): the same door, recorded or not.
    add("inspect_image", `again ${n}`, { id: t, again: true });
    add("image_history", `again ${n}`, { id: t, again: true });
    add("plan_removal", `images=${n}`, { selection: { images: [t], tags: [] } });
    add("plan_removal", `tags=${n}`, {
      selection: { images: [], tags: [{ reference: t, image: T[8][1].split("/")[0] }] },
    });
    add("plan_removal", `tag-image=${n}`, {
      selection: { images: [], tags: [{ reference: "imagen-hostile/x:1", image: t }] },
    });
    add("execute_removal", n, { planId: t, action: "forceDelete" }, { channel: "onEvent" });
    add("recheck_removal", n, { planId: t });
    add("cancel_removal", n, { planId: t });
    add("prune_preview", `mode=${n}`, { mode: t }, { expect: "string" }); // not a PruneMode: serde
    // The engine the user saw, which the web view sends: checked, never connected to.
    add("plan_removal", `engine=${n}`, {
      selection: { images: [T[8][1].split("/")[0]], tags: [] },
      engine: t,
    });
    add("prune_preview", `engine=${n}`, { mode: "dangling", engine: t });
    add("prune_images", n, { previewId: t });
    add("cancel_pull", n, { pullId: t });
    // References that must be refused before any registry is asked (no real pull, ever).
    pull(`pullId=${n}`, { pullId: t, reference: t, platform: null });
    pull(`reference=${n}`, { pullId: "p1", reference: t, platform: null });
    pull(`platform=${n}`, { pullId: "p1", reference: t, platform: t });
    pull(`engine=${n}`, { pullId: "p1", reference: t, platform: null, engine: t });
    add("parse_reference", n, { input: t });
    // The web view names one of the listed engines, never an address of its own.
    add("choose_engine", n, { id: t });
    add("choose_engine", `context:${n}`, { id: `context:${t}` });
    add("choose_engine", `socket:${n}`, { id: `socket:${t}` });
    add("preview_removal", `images=${n}`, { selection: { images: [t], tags: [] } });
    add("preview_removal", `tags=${n}`, {
      selection: { images: [], tags: [{ reference: t, image: T[8][1].split("/")[0] }] },
    });
    add("preview_removal", `tag-image=${n}`, {
      selection: { images: [], tags: [{ reference: "imagen-hostile/x:1", image: t }] },
    });
    add("preview_removal", `engine=${n}`, {
      selection: { images: [T[8][1].split("/")[0]], tags: [] },
      engine: t,
    });
    add("choose_save_file", `fileName=${n}`, { language: "en", fileName: t }, { expect: "grant" });
    // The dialog's words are the backend's: the page names a language, never text (serde).
    add(
      "choose_save_file",
      `language=${n}`,
      { language: t, fileName: "kit.tar" },
      { expect: "string" },
    );
    add("choose_load_file", `language=${n}`, { language: t }, { expect: "string" });
    add(
      "preview_archive",
      `fileId=${n}`,
      { fileId: t, previewId: "preview-1" },
      { channel: "onProgress" },
    );
    add(
      "preview_archive",
      `previewId=${n}`,
      { fileId: `file-${PLAUSIBLE}`, previewId: t },
      { channel: "onProgress" },
    );
    // The menu's words are the backend's: the page names a language, never text (serde).
    add("set_language", `language=${n}`, { language: t }, { expect: "string" });
    const items = [{ id: t, tags: [t] }];
    add("save_images", `saveId=${n}`, { saveId: t, fileId: t, items }, { channel: "onProgress" });
    add("load_images", `loadId=${n}`, { loadId: t, fileId: t }, { channel: "onProgress" });
    add("cancel_kit", n, { id: t });
    add("check_updates", `checkId=${n}`, { checkId: t }, { channel: "onProgress" });
    add("cancel_update_check", n, { checkId: t });
    add("tag_image", `imageId=${n}`, {
      imageId: t,
      target: "imagen-hostile/x:1",
      expected: null,
      expectedKeeps: [],
    });
    add("tag_image", `target=${n}`, {
      imageId: T[8][1].split("/")[0],
      target: t,
      expected: null,
      expectedKeeps: [],
    });
    add("tag_image", `expected=${n}`, {
      imageId: T[8][1].split("/")[0],
      target: "imagen-hostile/x:1",
      expected: t,
      expectedKeeps: [],
    });
    add("tag_image", `expectedKeeps=${n}`, {
      imageId: T[8][1].split("/")[0],
      target: "imagen-hostile/x:1",
      expected: T[8][1].split("/")[0],
      expectedKeeps: [t],
    });
  }
  add("cancel_kit", "plausible", { id: `save-${PLAUSIBLE}` }, { expect: "false" });
  add(
    "preview_archive",
    "plausible",
    { fileId: `file-${PLAUSIBLE}`, previewId: "preview-1" },
    { channel: "onProgress", expect: "UnknownFile" },
  );
  add("set_language", "es", { language: "es" }, { expect: "answers" });
  add("terminal_record", "stray-args", { id: T[0][1] }, { expect: "answers" });
  // The page's news come over channels it hands in: anything else is refused (serde).
  for (const [cmd, arg] of [
    ["follow_engine", "onSignal"],
    ["follow_record", "onEntry"],
    ["follow_drops", "onDrop"],
  ])
    add(cmd, `${arg}=not-a-channel`, { [arg]: T[0][1] }, { expect: "string" });
  add(
    "check_updates",
    "onProgress=not-a-channel",
    { checkId: "check-1", onProgress: T[0][1] },
    { expect: "string" },
  );
  add("cancel_update_check", "plausible", { checkId: `check-${PLAUSIBLE}` }, { expect: "false" });
  for (const [label, id] of [
    ["tcp", "tcp://192.0.2.66:2375"],
    ["socket-elsewhere", "socket:unix:///etc/passwd"],
    ["socket-tcp", "socket:tcp://192.0.2.66:2375"],
    ["context-climb", "context:../../../../etc"],
    ["not-a-string", 42],
  ])
    add("choose_engine", label, { id }, { expect: typeof id === "string" ? "refused" : "string" });
  add("plan_removal", "images=sha256:g×64", {
    selection: { images: [`sha256:${"g".repeat(64)}`], tags: [] },
  });
  add("prune_preview", "mode=bogus", { mode: "bogus" }, { expect: "string" });
  // `again` is a boolean or nothing (serde refuses anything else).
  for (const cmd of ["inspect_image", "image_history"])
    add(cmd, "again=not-a-bool", { id: T[0][1], again: T[0][1] }, { expect: "string" });
  // Well-formed IDs of nothing: not a validation error, the honest answer.
  add(
    "execute_removal",
    "plausible",
    { planId: `plan-${PLAUSIBLE}`, action: "forceDelete" },
    { channel: "onEvent", expect: "UnknownPlan" },
  );
  add("recheck_removal", "plausible", { planId: `plan-${PLAUSIBLE}` }, { expect: "UnknownPlan" });
  add("cancel_removal", "plausible", { planId: `plan-${PLAUSIBLE}` }, { expect: "false" });
  add("prune_images", "plausible", { previewId: `prune-${PLAUSIBLE}` }, { expect: "UnknownPlan" });
  add("cancel_pull", "plausible", { pullId: `pull-${PLAUSIBLE}` }, { expect: "false" });
  // No arguments to abuse: stray hostile keys are dropped by Tauri and the answer is normal.
  add("list_images", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("engine_info", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("app_info", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("list_engines", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("docker_elsewhere", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("engine_software", "stray-args", { id: T[0][1], force: true }, { expect: "answers" });
  add("preferred_languages", "stray-args", { id: T[0][1] }, { expect: "answers" });
  return calls;
}

/** Runs in the page: one invoke, settled into JSON (long strings clipped). */
function invokeInPage(cmd, args, channelKey, huge, done) {
  const tauri = window.__TAURI_INTERNALS__;
  // Maps every value of a JSON tree; containers are walked when `f` leaves them as they are.
  const walk = (v, f, depth = 0) => {
    const out = f(v, depth);
    if (out !== v || v === null || typeof v !== "object") return out;
    const inner = (x) => walk(x, f, depth + 1);
    return Array.isArray(v)
      ? v.map(inner)
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner(x)]));
  };
  const payload = walk(args, (v) => (v === huge ? "a".repeat(1 << 20) : v));
  const clip = (value) =>
    walk(value, (v, depth) =>
      typeof v === "string" && v.length > 300
        ? `${v.slice(0, 120)}… (${v.length} chars)`
        : depth > 3
          ? "…"
          : v,
    );
  let messages = 0;
  if (channelKey) {
    // What @tauri-apps/api's `new Channel()` is on the wire: a registered callback, sent as
    // "__CHANNEL__:<id>" (core.js: transformCallback + __TAURI_TO_IPC_KEY__/toJSON).
    const id = tauri.transformCallback((raw) => {
      if (raw && typeof raw === "object" && "message" in raw) messages++;
    });
    const ref = `__CHANNEL__:${id}`;
    payload[channelKey] = { __TAURI_TO_IPC_KEY__: () => ref, toJSON: () => ref };
  }
  let over = false;
  const finish = (r) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    done({ ...r, messages });
  };
  const timer = setTimeout(() => finish({ settled: "pending" }), 20000);
  try {
    tauri.invoke(cmd, payload).then(
      (value) => finish({ settled: "resolved", value: clip(value) }),
      // Not `error`: webdriverio takes any answer with an `error` key for a WebDriver error.
      (error) => finish({ settled: "rejected", rejection: clip(error) }),
    );
  } catch (e) {
    finish({ settled: "threw", rejection: String(e) });
  }
}

/** Why the result breaks the contract, or null. */
function problem(call, r) {
  const got = JSON.stringify(r);
  if (r.messages) return `${r.messages} channel message(s): something ran: ${got}`;
  const e = r.rejection;
  switch (call.expect) {
    case "answers":
      return r.settled === "resolved" ? null : `expected a normal answer: ${got}`;
    case "false":
      return r.settled === "resolved" && r.value === false ? null : `expected false: ${got}`;
    case "UnknownPlan":
    case "UnknownFile":
      return r.settled === "rejected" && e?.kind === call.expect
        ? null
        : `expected ${call.expect}: ${got}`;
    case "grant":
      // Refused at the door, or the dialog opened and granted only what the user chose.
      if (r.settled === "resolved")
        return r.value?.name === CHOSEN_NAME && /^file-[0-9a-f]{32}$/.test(r.value?.id ?? "")
          ? null
          : `granted something else than the chosen file: ${got}`;
      break;
    case "string":
      // Tauri refuses an argument it cannot deserialise with a plain message.
      if (r.settled === "rejected" && nonEmpty(e)) return null;
      break;
  }
  if (r.settled !== "rejected") return `not refused: ${got}`;
  if (!e || typeof e !== "object" || !ALLOWED.has(e.kind)) return `unclear error: ${got}`;
  if (e.kind === "InvalidInput" && !(nonEmpty(e.field) && nonEmpty(e.reason)))
    return `InvalidInput without field/reason: ${got}`;
  if (e.kind === "InvalidReference" && !nonEmpty(e.reason))
    return `InvalidReference without reason: ${got}`;
  return null;
}

const outcome = (r) =>
  r.settled === "rejected"
    ? typeof r.rejection === "string"
      ? `string: ${r.rejection.slice(0, 70)}`
      : `${r.rejection?.kind}${r.rejection?.field ? ` (${r.rejection.field})` : ""}`
    : `${r.settled} ${JSON.stringify(r.value)?.slice(0, 40) ?? ""}`;

describe("hostile input to every IPC command", () => {
  let app;
  let containerId;
  let imageId;
  let imagesBefore;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    docker("volume", "create", NAME);
    const run = ["run", "-d", "--network", "none", "--name", NAME, FIXTURE, "sleep", "600"];
    containerId = docker(...run).trim();
    imageId = docker("image", "inspect", "-f", "{{.Id}}", FIXTURE).trim();
    imagesBefore = imageIds();
    assert.match(containerId, /^[0-9a-f]{64}$/);
    assert.match(imageId, /^sha256:[0-9a-f]{64}$/);
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST, IMAGEN_E2E_CHOOSE_FILE: CHOSEN });
    await app.browser.waitUntil(
      () =>
        app.browser.execute(
          () =>
            document.readyState === "complete" &&
            typeof window.__TAURI_INTERNALS__?.invoke === "function",
        ),
      { timeout: 20000, timeoutMsg: "the page never got Tauri's IPC" },
    );
    await app.browser.setTimeout({ script: 60000 });
  });
  after(async () => {
    await app?.close();
    for (const args of [
      ["rm", "-f", NAME],
      ["volume", "rm", "-f", NAME],
    ]) {
      try {
        docker(...args);
      } catch (err) {
        console.error(`cleanup: docker ${args.join(" ")}: ${err.message}`);
      }
    }
  });

  it("refuses each call clearly and leaves the volume, the container and every image alone", async () => {
    const calls = plan(tricks(NAME, containerId, imageId));
    // Every command the window may call is covered (a new command must join this test).
    const allowed = JSON.parse(
      readFileSync(resolve(root, "src-tauri/capabilities/main-window.json"), "utf8"),
    )
      .permissions.filter((p) => p.startsWith("allow-"))
      .map((p) => p.slice("allow-".length).replaceAll("-", "_"));
    assert.deepEqual([...new Set(calls.map((c) => c.cmd))].sort(), allowed.sort());

    const failures = [];
    const table = [];
    for (const call of calls) {
      const { cmd, args, channel } = call;
      const r = await app.browser.executeAsync(invokeInPage, cmd, args, channel, HUGE);
      table.push(`  ${call.label.padEnd(40)} ${outcome(r)}`);
      const why = problem(call, r);
      if (why) failures.push(`${call.label}: ${why}`);
    }
    console.log(`hostile input, ${calls.length} calls:\n${table.join("\n")}`);

    // The docker CLI is the oracle: nothing the calls named was touched.
    assert.doesNotThrow(() => docker("volume", "inspect", NAME), "the volume is gone");
    assert.equal(
      docker("inspect", "-f", "{{.State.Running}}", containerId).trim(),
      "true",
      "the container stopped",
    );
    assert.deepEqual(imageIds(), imagesBefore, "the engine's images changed");
    // No event may be listened to: not Tauri's drag events, which carry dropped files' paths.
    const listen = await app.browser.executeAsync(
      invokeInPage,
      "plugin:event|listen",
      { event: "tauri://drag-drop", target: { kind: "Any" }, handler: 1 },
      null,
      HUGE,
    );
    assert.equal(listen.settled, "rejected", `listening was allowed: ${JSON.stringify(listen)}`);
    // The Terminal view records commands that ran, not refused ones: every tag_image call
    // above is refused at the door, so no `docker tag` line (with a hostile target) is there.
    const record = await app.browser.executeAsync(invokeInPage, "terminal_record", {}, null, HUGE);
    const tagLines = (record.value ?? [])
      .map((e) => e.command)
      .filter((c) => c.startsWith("docker tag"));
    assert.deepEqual(tagLines, [], "refused tags were recorded as commands");
    // And no refused engine choice moved the app: it still talks to the private engine.
    const info = await app.browser.executeAsync(invokeInPage, "engine_info", {}, null, HUGE);
    assert.equal(info.value?.address, process.env.DOCKER_HOST, JSON.stringify(info));
    assert.deepEqual(failures, [], `calls without a clear refusal:\n${failures.join("\n")}`);
  });
});
