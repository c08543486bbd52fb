// Every action is reachable by keyboard, with a visible focus (issue 12). In the real app:
// Tab from the start of the page through the whole tab order, recording for each stop what it
// is and whether it shows a focus ring (its outline or box-shadow, or that of its ::before,
// ::after or a near ancestor, against the same element unfocused); every header action, a
// card's select/inspect/remove, the filter, the quick filters, the sort, and the inspector's
// tabs and Close are among the stops; Enter and Space work them, Escape closes what they
// open, and the focus comes back. Elements are found by structure, not by their (translated)
// names.
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launchApp, screenshot } from "./support.mjs";

const GRID = 'main [role="list"]';
const CARDS = `${GRID} > [role="listitem"]`;
const DIALOG = '[role="dialog"]';

/** Page helpers, loaded as the WebDriver script itself (the app's CSP forbids eval). */
const HELPERS = String.raw`
const TARGETS = (el) => [
  [el, null], [el, "::before"], [el, "::after"],
  [el.parentElement, null], [el.parentElement?.parentElement, null],
];
const TABBABLE = 'a[href], button, input, select, textarea, [tabindex], summary';
const unfocused = new WeakMap();
function look(el) {
  return TARGETS(el).map(([t, pseudo]) => {
    if (!t) return null;
    const s = getComputedStyle(t, pseudo);
    return {
      outline: s.outlineStyle === "none" || parseFloat(s.outlineWidth) === 0
        ? "none" : s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
      shadow: s.boxShadow,
      border: s.borderColor,
      background: s.backgroundColor,
    };
  });
}
/** Remembers how every tabbable element looks unfocused (the focused one is left out). */
function snapshot() {
  const active = document.activeElement;
  for (const el of document.querySelectorAll(TABBABLE)) {
    if (unfocused.has(el) || el.contains(active)) continue;
    // An ancestor showing focus-within for the focused element would be remembered wrong.
    if (el.parentElement?.contains(active) && el.parentElement.matches(":focus-within")) {
      const p = getComputedStyle(el.parentElement);
      if (p.outlineStyle !== "none" || p.boxShadow !== "none") continue;
    }
    unfocused.set(el, look(el));
  }
}
const transparent = (color) => /rgba\(.*,\s*0\)$/.test(color) || color === "transparent";
function roleOf(el) {
  if (el.getAttribute("role")) return el.getAttribute("role");
  const tag = el.tagName.toLowerCase();
  if (tag === "input") return { checkbox: "checkbox", search: "searchbox", radio: "radio" }[el.type] ?? "textbox";
  if (tag === "select") return "combobox";
  if (tag === "a") return "link";
  return tag;
}
function nameOf(el) {
  const labelled = el.getAttribute("aria-labelledby");
  const text =
    el.getAttribute("aria-label") ||
    (labelled && document.getElementById(labelled)?.textContent) ||
    (el.labels?.[0]?.textContent) ||
    (el.tagName === "SELECT" ? "" : el.textContent) ||
    el.title || el.placeholder || "";
  return text.replace(/\s+/g, " ").trim().slice(0, 60);
}
/** The structural kind of an element: what the test expects to reach. */
function kindOf(el) {
  // First: the engine dialog is rendered inside the header.
  if (el.closest('[role="dialog"]')) return "dialog";
  if (el.closest("header")) {
    if (el.tagName === "SELECT") return "language";
    // The header's buttons name their action (data-action): their words change per language.
    const action = el.dataset.action;
    if (["pull", "cleanup", "refresh", "pulls"].includes(action)) return action;
    if (!action && el.getAttribute("aria-haspopup") === "dialog") return "engine";
    return "header-other";
  }
  if (el.closest('[role="listitem"]')) {
    if (el.type === "checkbox") return "card-select";
    if (el.classList.contains("open")) return "card-inspect";
    if (el.classList.contains("tag-add")) return "card-tag";
    if (el.tagName === "BUTTON") return "card-remove";
    return "card-other";
  }
  const aside = el.closest("aside");
  if (aside && !aside.querySelector('[role="tablist"]'))
    return el.closest("aside > .head") ? "panel-close" : "panel-other";
  if (aside) {
    if (el.getAttribute("role") === "tab") return "inspector-tab";
    if (el.closest("aside > .head") && el.dataset.action === "close") return "inspector-close";
    return "inspector-other";
  }
  if (el.closest("main")) {
    if (el.matches('input[type="search"]')) return "filter";
    if (el.matches('[role="group"] button[aria-pressed]')) return "quick-filter";
    if (el.tagName === "SELECT") return "sort";
    return "main-other";
  }
  return el === document.body ? "body" : "other";
}
/** The focused element: what it is and how its focus shows. */
function focused() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement)
    return { kind: "body", role: "body", name: "", visible: false };
  const before = unfocused.get(el);
  const now = look(el);
  const shows = [];
  now.forEach((n, i) => {
    if (!n) return;
    const b = before?.[i];
    const where = ["self", "::before", "::after", "parent", "grandparent"][i];
    if (n.outline !== "none" && !transparent(n.outline.split(" ").slice(2).join(" ")) && n.outline !== b?.outline)
      shows.push(where + " outline " + n.outline);
    if (n.shadow !== "none" && b && n.shadow !== b.shadow) shows.push(where + " box-shadow");
  });
  const weak = [];
  now.forEach((n, i) => {
    const b = before?.[i];
    if (n && b && n.border !== b.border) weak.push(["self", "::before", "::after", "parent", "grandparent"][i] + " border");
    if (n && b && n.background !== b.background) weak.push(["self", "::before", "::after", "parent", "grandparent"][i] + " background");
  });
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
    r.top < innerHeight && r.left < innerWidth;
  return {
    kind: kindOf(el),
    role: roleOf(el),
    name: nameOf(el),
    focusVisible: el.matches(":focus-visible"),
    known: Boolean(before),
    visible: shows.length > 0,
    shows,
    weak,
    onScreen,
    id: (el.__kbdId ??= (window.__kbdNext = (window.__kbdNext ?? 0) + 1)),
  };
}
window.__kbd = { snapshot, focused };
return true;
`;

async function loadHelpers(browser) {
  await browser.execute(HELPERS);
}

const settle = (browser) => browser.pause(120);

async function snapshot(browser) {
  await browser.execute(() => window.__kbd.snapshot());
}

async function focused(browser) {
  return browser.execute(() => window.__kbd.focused());
}

/** Focus on nothing: the next Tab starts from the start of the page. */
async function toStart(browser) {
  await browser.execute(() => {
    document.activeElement?.blur?.();
    window.getSelection()?.removeAllRanges();
  });
}

/** Tabs from the start of the page until the focus comes back round (or leaves the page). */
/** Enough Tab presses to pass every stop once: the header and filter bar, four per card shown
 * (the engine holds what earlier suites left), the panels; never a fixed count that more
 * images would outgrow. */
async function enoughTabs(browser) {
  const cards = await browser.execute((c) => document.querySelectorAll(c).length, CARDS);
  return 60 + 4 * cards;
}

async function walk(browser, max) {
  max ??= await enoughTabs(browser);
  await toStart(browser);
  const stops = [];
  for (let i = 0; i < max; i++) {
    await snapshot(browser);
    await browser.keys("Tab");
    await settle(browser);
    const stop = await focused(browser);
    // Round to the first stop again, off the page, or stuck (the focus left the web view).
    if (stop.kind === "body" || stops.some((s) => s.id === stop.id)) break;
    stops.push(stop);
  }
  return stops;
}

/** Presses Tab (from the start) until `kind` has the focus; returns what was passed. */
async function tabTo(browser, kind, max) {
  max ??= await enoughTabs(browser);
  await toStart(browser);
  for (let i = 0; i < max; i++) {
    await snapshot(browser);
    await browser.keys("Tab");
    await settle(browser);
    const stop = await focused(browser);
    if (stop.kind === kind) return stop;
    if (stop.kind === "body") break;
  }
  throw new Error(`Tab never reached ${kind}`);
}

const describeStops = (stops) =>
  stops
    .map(
      (s, i) =>
        `${String(i + 1).padStart(3)}. ${s.kind.padEnd(16)} ${s.role.padEnd(9)} ${JSON.stringify(s.name)}` +
        ` ${s.visible ? "ring: " + s.shows.join(", ") : "NO VISIBLE FOCUS" + (s.weak.length ? ` (only ${s.weak.join(", ")})` : "")}`,
    )
    .join("\n");

function assertAllVisible(stops, where) {
  const invisible = stops.filter((s) => !s.visible || !s.onScreen);
  assert.deepEqual(
    invisible.map((s) => `${s.kind} ${s.role} ${JSON.stringify(s.name)}`),
    [],
    `${where}: stops without a visible focus:\n${describeStops(stops)}`,
  );
}

/** Tabs round a dialog (its focus is trapped) and checks every stop shows its focus. */
async function walkDialog(browser, view) {
  const stops = [];
  for (let i = 0; i < 40; i++) {
    await snapshot(browser);
    await browser.keys("Tab");
    await settle(browser);
    const stop = await focused(browser);
    if (stops.some((s) => s.id === stop.id)) break;
    stops.push(stop);
  }
  console.log(`${view} dialog, tab order:\n${describeStops(stops)}`);
  assert.ok(stops.length > 0, `${view}: nothing in the dialog takes the focus`);
  assert.ok(
    stops.every((s) => s.kind === "dialog"),
    `${view}: the focus left the dialog:\n${describeStops(stops)}`,
  );
  assertAllVisible(stops, `${view} dialog`);
}

/** Opens a dialog with `key` on the focused element, walks it, closes it with Escape, and
 * checks the focus returns to the element that opened it. */
async function dialogRoundTrip(browser, kind, key, view) {
  const opener = await tabTo(browser, kind);
  await browser.keys(key);
  await browser.$(DIALOG).waitForExist({ timeout: 10000 });
  await browser.pause(400); // its content (engines, a plan, a preview) arrives
  await walkDialog(browser, view);
  await browser.keys("Escape");
  await browser.$(DIALOG).waitForExist({ timeout: 5000, reverse: true });
  await settle(browser);
  const back = await focused(browser);
  assert.equal(back.id, opener.id, `${view}: Escape should give the focus back to ${kind}`);
  assert.ok(back.visible, `${view}: the focus came back without a visible ring`);
}

describe("keyboard: every action reachable, with a visible focus", () => {
  let app;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
    await app.browser.$(CARDS).waitForExist({ timeout: 20000 });
    await app.browser.setWindowSize(1200, 800);
    await app.browser.pause(300);
    await loadHelpers(app.browser);
  });
  after(async () => app?.close());
  // A test that failed half-way leaves no dialog open for the next.
  beforeEach(async () => {
    for (let i = 0; i < 3 && (await app.browser.$(DIALOG).isExisting()); i++) {
      await app.browser.keys("Escape");
      await app.browser.pause(300);
    }
  });

  it("tabs through the header, the filter and every card, each stop showing its focus", async () => {
    const { browser } = app;
    const stops = await walk(browser);
    console.log(`tab order (grid):\n${describeStops(stops)}`);
    const kinds = new Set(stops.map((s) => s.kind));
    for (const kind of [
      "engine",
      "language",
      "pulls",
      "refresh",
      "cleanup",
      "pull",
      "filter",
      "quick-filter",
      "sort",
      "card-select",
      "card-inspect",
      "card-tag",
      "card-remove",
    ])
      assert.ok(kinds.has(kind), `Tab never reaches ${kind}:\n${describeStops(stops)}`);
    // Every card's four actions: as many stops of each as there are cards.
    const cards = await browser.execute((c) => document.querySelectorAll(c).length, CARDS);
    for (const kind of ["card-select", "card-inspect", "card-tag", "card-remove"])
      assert.equal(stops.filter((s) => s.kind === kind).length, cards, `${kind} on every card`);
    // Header first, then the filter bar, then the cards, as they read.
    const first = (k) => stops.findIndex((s) => s.kind === k);
    assert.ok(first("pull") < first("filter") && first("sort") < first("card-select"));
    assertAllVisible(stops, "grid");
    await tabTo(browser, "filter");
    await screenshot(browser, "keyboard-filter-focused");
    await tabTo(browser, "card-inspect");
    await screenshot(browser, "keyboard-card-focused");
  });

  it("opens the inspector with Enter on a card; its tabs and Close are in the order", async () => {
    const { browser } = app;
    await tabTo(browser, "card-inspect");
    await browser.keys("Enter");
    await browser.$("aside").waitForExist({ timeout: 10000 });
    await browser.pause(500);
    const opened = await browser.execute(() => ({
      current: document.querySelector('[data-image-id] button[aria-current="true"]') !== null,
      heading: document.activeElement?.matches("aside h2") ?? false,
    }));
    assert.ok(opened.current, "Enter on a card's inspect button opens it (aria-current)");
    // Into the inspector, on its heading: a screen reader says what opened.
    assert.ok(opened.heading, "the focus moves to the inspector's heading");

    const stops = await walk(browser);
    console.log(`tab order (inspector open):\n${describeStops(stops)}`);
    const kinds = new Set(stops.map((s) => s.kind));
    assert.ok(kinds.has("inspector-close"), "Tab reaches the inspector's Close");
    assert.ok(kinds.has("inspector-tab"), "Tab reaches the inspector's tabs");
    assertAllVisible(stops, "inspector open");

    // Arrows move between the tabs (one tab stop for the list), each showing its focus.
    const tab = await tabTo(browser, "inspector-tab");
    await screenshot(browser, "keyboard-inspector-tab-focused");
    const seen = [tab.name];
    for (let i = 0; i < 2; i++) {
      await snapshot(browser);
      await browser.keys("ArrowRight");
      await browser.pause(300);
      const next = await focused(browser);
      assert.equal(next.kind, "inspector-tab");
      assert.ok(next.visible, `tab ${next.name}: no visible focus`);
      seen.push(next.name);
    }
    assert.equal(new Set(seen).size, 3, `the arrows visit the three tabs: ${seen}`);
    // The JSON tab's content takes the focus too, visibly.
    await browser.keys("ArrowRight"); // back to the first (Summary)
    await browser.keys("ArrowRight"); // JSON
    await browser.pause(500);
    const json = await walk(browser);
    console.log(`tab order (JSON tab):\n${describeStops(json)}`);
    assertAllVisible(json, "JSON tab");

    // Enter on Close closes it, and the focus does not fall to the page.
    await tabTo(browser, "inspector-close");
    await browser.keys("Enter");
    await browser.$("aside").waitForExist({ timeout: 5000, reverse: true });
    await settle(browser);
    const after = await focused(browser);
    assert.notEqual(after.kind, "body", "closing the inspector drops the focus on the page");
    assert.ok(after.visible, `after Close the focus (${after.kind}) shows`);
  });

  it("Enter and Space work the header's actions; dialogs close with Escape and give focus back", async () => {
    const { browser } = app;
    await dialogRoundTrip(browser, "pull", "Enter", "pull");
    await dialogRoundTrip(browser, "engine", "Space", "engine");
    await dialogRoundTrip(browser, "cleanup", "Enter", "clean up");

    // The pulls panel toggles with Enter, and again.
    await tabTo(browser, "pulls");
    // The toggle's state, read off the toggle: opening the panel takes the focus to its title.
    const pressed = () =>
      browser.execute(() =>
        document.querySelector('header [data-action="pulls"]')?.getAttribute("aria-expanded"),
      );
    await browser.keys("Enter");
    await settle(browser);
    assert.equal(await pressed(), "true", "Enter opens the pulls panel");
    // Its contents are in the tab order too, each showing its focus.
    const panel = await walk(browser);
    console.log(`tab order (pulls panel open):\n${describeStops(panel)}`);
    assertAllVisible(panel, "pulls panel");
    assert.ok(
      panel.some((s) => s.kind === "panel-close"),
      "Tab reaches the panel's Close",
    );
    await tabTo(browser, "pulls");
    await browser.keys("Enter");
    await settle(browser);
    assert.equal(await pressed(), "false", "Enter again closes it");
    // Opened again, its own Close closes it and gives the focus back to the Pulls button.
    const toggle = await focused(browser);
    await browser.keys("Enter");
    await settle(browser);
    await tabTo(browser, "panel-close");
    await browser.keys("Enter");
    await settle(browser);
    const back = await focused(browser);
    assert.equal(back.id, toggle.id, `the panel's Close gives the focus back (now: ${back.kind})`);
    assert.equal(await pressed(), "false", "the panel is closed");

    // Refresh keeps the focus where it was (it is disabled while busy).
    const refresh = await tabTo(browser, "refresh");
    await browser.keys("Enter");
    await browser.pause(1500);
    const now = await focused(browser);
    assert.notEqual(now.kind, "body", "Refresh drops the focus on the page");
    assert.equal(now.id, refresh.id, "the focus stays on Refresh");
  });

  it("Space works quick filters and a card's checkbox; Enter on remove opens its dialog", async () => {
    const { browser } = app;
    await tabTo(browser, "quick-filter");
    const chipPressed = () =>
      browser.execute(() => document.activeElement?.getAttribute("aria-pressed"));
    await browser.keys("Space");
    await settle(browser);
    assert.equal(await chipPressed(), "true", "Space turns a quick filter on");
    await browser.keys("Space");
    await settle(browser);
    assert.equal(await chipPressed(), "false", "and off");

    await tabTo(browser, "card-select");
    await browser.keys("Space");
    await settle(browser);
    const checked = () => browser.execute(() => document.activeElement?.checked);
    assert.equal(await checked(), true, "Space ticks a card");
    // The selection bar's actions are in the tab order, visibly.
    const stops = await walk(browser);
    console.log(`tab order (one card ticked):\n${describeStops(stops)}`);
    assertAllVisible(stops, "selection");
    await tabTo(browser, "card-select");
    await browser.keys("Space");
    await settle(browser);
    assert.equal(await checked(), false, "Space unticks it");

    await dialogRoundTrip(browser, "card-remove", "Enter", "remove");
  });
});
