// The engine dies and comes back under the running app (issue 11, "engine lost and found"):
// within two seconds the header says it is reconnecting and the last list stays, marked
// stale; when dockerd is started again the cards come back with no click. An inspector opened
// while it is away says so, and fills in by itself when it is back. Nothing brings either
// back but the backend's own reconnecting.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { docker, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';
const CARDS = `${GRID} > [role="listitem"]`;
const RECONNECTING = "header button.reconnecting";
const STALE = ".stale-banner";
const INSPECTOR = 'aside[aria-label^="Inspector: "]';
const INSPECTOR_ERROR = `${INSPECTOR} [role="tabpanel"] [role="alert"]`;
const LEARN = 'aside[aria-label^="Learn: "]';
const LEARN_TOGGLE = 'header [data-action="learn"]';

const pidfile = process.env.IMAGEN_TEST_DOCKERD_PIDFILE;
const restartScript = pidfile && resolve(dirname(pidfile), "restart-dockerd.sh");

/** Stops the private dockerd the way a crash or `systemctl stop docker` does: SIGTERM, then
 * waits for it to be gone. */
function stopDockerd() {
  const pid = Number(readFileSync(pidfile, "utf8").trim());
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync("sleep", ["0.1"]);
  }
  throw new Error(`dockerd (pid ${pid}) did not stop within 30 s`);
}

describe("the engine restarts under the running app", () => {
  let app;
  let running = [];
  /** dockerd is stopped and not started again yet. */
  let down = false;
  before(async () => {
    assert.ok(pidfile && existsSync(restartScript), "run through scripts/test.sh (private engine)");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    // A failure between the stop and the restart must not leave every later suite without
    // its engine: start it again, with the fixtures' containers.
    if (down) {
      execFileSync(restartScript, { stdio: "inherit" });
      if (running.length) docker("start", ...running);
    }
  });

  it("says it is reconnecting within 2 s, keeps the last list, and brings the cards back by itself", async () => {
    const { browser } = app;
    await browser.$(CARDS).waitForExist({ timeout: 20000 });
    const before = (await browser.$$(CARDS)).length;
    // The containers the fixtures run: a stopped engine stops them; started again after.
    running = docker("ps", "-q").trim().split("\n").filter(Boolean);
    // An inspector open on the last card before the engine goes: it keeps its answer.
    const cards = await browser.$$(CARDS);
    assert.ok(cards.length >= 2, "the fixtures give at least two cards");
    await cards[cards.length - 1].$('button[aria-label^="Inspect "]').click();
    await browser.$(`${INSPECTOR} dl`).waitForExist({
      timeout: 15000,
      timeoutMsg: "the inspector did not show its summary",
    });

    down = true;
    stopDockerd();
    const stopped = Date.now();
    await browser.$(RECONNECTING).waitForExist({
      timeout: 2000,
      timeoutMsg: "the header did not say it is reconnecting within 2 s of dockerd stopping",
    });
    const noticed = Date.now() - stopped;
    assert.match(await browser.$(RECONNECTING).getText(), /Reconnecting/);
    assert.equal((await browser.$$(CARDS)).length, before, "the last list stays on screen");
    assert.ok(await browser.$(STALE).isExisting(), "marked as stale");
    await screenshot(browser, "engine-reconnecting");
    // The open inspector and the Learn panel say that what they show is the engine's last
    // answer (and are greyed, read-only), instead of looking current beside a stale grid.
    await browser.waitUntil(
      async () => /last answer/.test(await browser.$(`${INSPECTOR} [role="status"]`).getText()),
      { timeout: 5000, timeoutMsg: "the inspector did not say it shows the last answer" },
    );
    await screenshot(browser, "engine-away-inspector-last-answer");
    await browser.$(LEARN_TOGGLE).click();
    await browser.waitUntil(
      async () => /last answer/.test(await browser.$(`${LEARN} [role="status"]`).getText()),
      { timeout: 5000, timeoutMsg: "the Learn panel did not say it shows the last answer" },
    );
    await screenshot(browser, "engine-away-learn");
    await browser.$(LEARN_TOGGLE).click();
    await browser.$(LEARN).waitForExist({ timeout: 5000, reverse: true });
    // The engine control is still the way to another engine: it opens the chooser, which
    // says the engine in use does not answer.
    await browser.$("header button[aria-haspopup=dialog]").click();
    const chooser = browser.$('[role="dialog"]');
    await chooser.waitForExist({ timeout: 5000, timeoutMsg: "the engine chooser did not open" });
    await browser.waitUntil(
      // Worded per cause ("Not running" for a socket gone with its engine), else the sentence.
      async () =>
        /Does not answer|Not running|Refused the connection|Stopped answering|Starting…/.test(
          await chooser.$('[aria-label="Engines"]').getText(),
        ),
      { timeout: 15000, timeoutMsg: "the chooser did not say the engine does not answer" },
    );
    await screenshot(browser, "engine-reconnecting-chooser");
    await browser.keys("Escape");
    await chooser.waitForExist({ timeout: 5000, reverse: true });
    // A card opened while the engine is away: the inspector says why it has nothing, and
    // offers to try again (it will not need the click: see below).
    await browser.$(`${CARDS} button[aria-label^="Inspect "]`).click();
    await browser.$(INSPECTOR_ERROR).waitForExist({
      timeout: 15000,
      timeoutMsg: "the inspector did not say the engine is away",
    });
    assert.equal(
      await browser.$(`${INSPECTOR} [role="tabpanel"] button`).getText(),
      "Try again",
      "the inspector offers Try again",
    );
    await screenshot(browser, "engine-away-inspector");
    // Refresh pressed while it is away: why, with the engine screen's help, over the list.
    await browser.$('header button[aria-label="Refresh"]').click();
    const help = browser.$("section.problem.inline");
    await help.waitForExist({ timeout: 15000, timeoutMsg: "Refresh did not say why" });
    assert.match(await help.getText(), new RegExp(process.env.DOCKER_HOST.replace("unix://", "")));
    assert.equal((await browser.$$(CARDS)).length, before, "the list stays under the help");
    await screenshot(browser, "engine-away-refresh-help");

    execFileSync(restartScript, { stdio: "inherit" });
    down = false;
    const restarted = Date.now();
    if (running.length) docker("start", ...running);
    // The watcher's backoff tops out at 5 s: the list is back within that, plus a list call.
    await browser.$(STALE).waitForExist({
      timeout: 8000,
      reverse: true,
      timeoutMsg: "the list did not come back by itself within 8 s of dockerd answering",
    });
    const back = Date.now() - restarted;
    assert.equal(await browser.$(RECONNECTING).isExisting(), false);
    assert.equal(await browser.$("section.problem.inline").isExisting(), false, "the help went");
    assert.equal((await browser.$$(CARDS)).length, before, "the same cards");
    // The inspector asked again when the engine came back: its summary, no error, no click.
    await browser.$(`${INSPECTOR} dl`).waitForExist({
      timeout: 8000,
      timeoutMsg: "the inspector kept its error after the engine came back",
    });
    assert.equal(await browser.$(INSPECTOR_ERROR).isExisting(), false);
    console.log(
      `engine restart: reconnecting shown after ${noticed} ms; list back ${back} ms after dockerd answered`,
    );
  });
});
