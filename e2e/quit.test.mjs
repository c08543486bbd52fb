// Closing the window while a pull runs asks first (src-tauri/src/quit.rs), with the close a
// user's click makes: WM_DELETE_WINDOW, sent by e2e/x11-windows.py (Xvfb has no window
// manager, and WebDriver closes a window without that request).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { artifacts, launchApp, root } from "./support.mjs";

const windows = () =>
  execFileSync("python3", [resolve(root, "e2e/x11-windows.py"), "list"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(line.indexOf(" ") + 1));
const closeWindow = (title) =>
  execFileSync("python3", [resolve(root, "e2e/x11-windows.py"), "close", title]);
const QUESTION = "Imagen is still working";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

describe("closing the window while Imagen works", () => {
  let app;
  let registry;
  const held = [];

  before(async () => {
    // A registry that accepts connections and never answers: the pull keeps running.
    registry = createServer((socket) => held.push(socket));
    await new Promise((r) => registry.listen(0, "127.0.0.1", r));
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    registry?.close();
    await app?.close();
  });

  it("asks before a close stops a pull, keeps working when told to, and quits when told to", async () => {
    const { browser } = app;
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    const title = await browser.getTitle();
    assert.ok(windows().includes(title), `the app's window "${title}" is listed: ${windows()}`);

    await browser.$('header [data-action="pull"]').click();
    const field = await browser.$("#pull-ref");
    await field.waitForExist({ timeout: 5000 });
    await field.setValue(`127.0.0.1:${registry.address().port}/stalled:1`);
    const pull = browser.$("button=Pull");
    await browser.waitUntil(() => pull.isEnabled(), { timeout: 5000 });
    await pull.click();
    await browser.waitUntil(() => held.length > 0, {
      timeout: 15000,
      timeoutMsg: "the engine never reached the stalling registry",
    });

    // The close is held, and the question asked in a window of its own. Its two buttons
    // share the bottom row: "Quit anyway" on the left, "Keep working" on the right.
    const ask = async () => {
      closeWindow(title);
      await browser.waitUntil(async () => windows().includes(QUESTION), {
        timeout: 10000,
        timeoutMsg: `no question on closing: ${windows()}`,
      });
      // Answered as a person would, not sooner than anyone could read it (an answer that
      // quick is taken as a question that could not be seen: quit.rs).
      await pause(600);
    };
    const click = (across) =>
      execFileSync("python3", [
        resolve(root, "e2e/x11-windows.py"),
        "click",
        QUESTION,
        across,
        "16",
      ]);
    const answered = () =>
      browser.waitUntil(async () => !windows().includes(QUESTION), { timeout: 10000 });
    const stillPulling = async () => {
      assert.equal(await browser.getTitle(), title, "the app is still there");
      assert.match(await browser.$('header [data-action="pulls"]').getText(), /1/);
    };

    await ask();
    execFileSync("import", ["-window", "root", resolve(artifacts, "quit-question.png")]);
    click("0.75");
    await answered();
    await stillPulling();

    // Closing the question's own window is "Keep working" too. A new close (after the
    // same click has passed) asks again.
    await pause(2000);
    await ask();
    closeWindow(QUESTION);
    await answered();
    await stillPulling();

    await pause(2000);
    await ask();
    click("0.25");
    await browser.waitUntil(async () => !windows().includes(title), {
      timeout: 10000,
      timeoutMsg: "Quit anyway did not close the window",
    });
  });
});
