// Clean up in the real app, on the private engine: `docker build` twice with a `docker run`
// between leaves the old build dangling, kept by its stopped container, and the dialog names
// it with the container instead of saying nothing is dangling. Nothing is pruned here: the
// other files' fixtures (a dangling one among them) stay for them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { docker, launchApp, screenshot } from "./support.mjs";

const BASE = "imagen-fixture/busybox:latest";
const APP = "imagen-e2e/rebuilt:1";
const SOURCE = "imagen-e2e-rebuilt-src";
const JOB = "imagen-e2e-rebuilt-job";

// textContent, not innerText: the dialog's headings are uppercased by CSS.
const dialogText = (browser) =>
  browser.execute(() => document.querySelector('[role="dialog"]')?.textContent ?? "");

describe("clean up in the real app", () => {
  let app;
  let old;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    // Two "builds" of the same tag (commits of one container, told apart by a label), with a
    // container run from the first in between.
    docker("create", "--name", SOURCE, "--network", "none", BASE, "true");
    old = docker("commit", "--change", "LABEL build=1", SOURCE, APP).trim();
    docker("run", "--name", JOB, "--network", "none", APP, "true");
    docker("commit", "--change", "LABEL build=2", SOURCE, APP);
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    docker("rm", "-f", JOB, SOURCE);
    docker("rmi", old, APP);
  });

  it("names the dangling image a stopped container keeps, and the container", async () => {
    const { browser } = app;
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$("button=Clean up…").click();
    await browser.$('[role="dialog"]').waitForExist({ timeout: 5000 });
    await browser.waitUntil(async () => /Kept by its containers/.test(await dialogText(browser)), {
      timeout: 15000,
      timeoutMsg: "the dialog never named the image the container keeps",
    });
    const text = await dialogText(browser);
    assert.match(text, new RegExp(`${JOB} is stopped`));
    assert.match(text, new RegExp(old.replace(/^sha256:/, "").slice(0, 12)));
    assert.match(text, /Stop and remove those containers first/);
    assert.match(text, /removes whatever is dangling when you run it/);
    await browser.execute(() => document.getElementById("cleanup-kept")?.scrollIntoView());
    await screenshot(browser, "cleanup-kept");
    await browser.$("button=Cancel").click();
    await browser.$('[role="dialog"]').waitForExist({ timeout: 5000, reverse: true });
    docker("image", "inspect", old); // nothing was pruned
  });
});
