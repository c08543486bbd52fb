// The web view stays home: the real app refuses to navigate to another origin or to open a
// new window, whatever the page tries, and runs with Object.prototype frozen
// (src-tauri/src/navigation.rs, tauri.conf.json `freezePrototype`).
//
// "Elsewhere" is a page this test serves on 127.0.0.1, so a navigation that got through would
// really load (and show up as a request) instead of failing on an unreachable host.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { launchApp } from "./support.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe("the web view stays home", () => {
  let app;
  let server;
  let elsewhere;
  let home;
  const requests = [];

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url);
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>Elsewhere</title><p>not Imagen</p>");
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    elsewhere = `http://127.0.0.1:${server.address().port}/`;
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
    await app.browser.waitUntil(
      async () => (await app.browser.execute(() => document.readyState)) === "complete",
      { timeout: 20000 },
    );
    home = await app.browser.getUrl();
  });
  after(async () => {
    await app?.close();
    server?.close();
  });

  /** Gives a navigation time to happen, then checks that none did. */
  async function assertStillHome(what) {
    await sleep(1500);
    const { browser } = app;
    assert.equal(await browser.getUrl(), home, `${what} left the app`);
    assert.equal(await browser.getTitle(), "Imagen", `${what} replaced the page`);
    assert.deepEqual(requests, [], `${what} reached the other origin`);
    const handles = await browser.getWindowHandles();
    assert.equal(handles.length, 1, `${what} opened a window: ${handles.length} handles`);
  }

  it("starts on the app's own origin", () => {
    assert.match(home, /^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)(\/|$)/, home);
  });

  it("refuses location.href to another origin", async () => {
    for (const url of ["https://example.com/", elsewhere]) {
      await app.browser.execute((to) => {
        location.href = to;
      }, url);
      await assertStillHome(`location.href = ${url}`);
    }
  });

  it("refuses a clicked link to another origin, in place or in a new window", async () => {
    const { browser } = app;
    for (const target of ["_self", "_blank"]) {
      await browser.execute(
        (href, target) => {
          const a = document.createElement("a");
          a.id = "e2e-away";
          a.href = href;
          a.target = target;
          a.textContent = "away";
          a.style.cssText = "position:fixed;left:8px;top:8px;z-index:99999;background:#fff";
          document.body.append(a);
        },
        elsewhere,
        target,
      );
      // A real click through WebDriver: a user gesture, which the web view does honour.
      await browser.$("#e2e-away").click();
      await assertStillHome(`a click on <a target=${target}>`);
      await browser.execute(() => document.getElementById("e2e-away")?.remove());
    }
  });

  it("refuses window.open, with or without a user gesture", async () => {
    const { browser } = app;
    const opened = await browser.execute((url) => window.open(url) === null, elsewhere);
    assert.equal(opened, true, "window.open from a script returned a window");
    await assertStillHome("window.open from a script");

    await browser.execute((url) => {
      const button = document.createElement("button");
      button.id = "e2e-open";
      button.textContent = "open";
      button.style.cssText = "position:fixed;left:8px;top:8px;z-index:99999";
      button.addEventListener("click", () => {
        window.__e2eOpened = window.open(url, "_blank");
      });
      document.body.append(button);
    }, elsewhere);
    await browser.$("#e2e-open").click();
    const refused = await browser.execute(() => window.__e2eOpened === null);
    assert.equal(refused, true, "window.open from a click returned a window");
    await assertStillHome("window.open from a click");
    await browser.execute(() => document.getElementById("e2e-open")?.remove());
  });

  it("runs with Object.prototype frozen", async () => {
    const frozen = await app.browser.execute(() => Object.isFrozen(Object.prototype));
    assert.equal(frozen, true);
  });
});
