// Remove a fixture image used by a stopped container through the guided path in the real
// app: the plan shows the container, the recommended action removes it and then the image,
// and the docker CLI confirms both are gone.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { docker, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';
const IMAGE = "imagen-fixture/retired:1.0";
const CONTAINER = "imagen-retired";

const dialogText = (browser) =>
  browser.execute(() => document.querySelector('[role="dialog"]')?.innerText ?? "");

function exists(kind, name) {
  try {
    execFileSync("docker", [kind, "inspect", name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("remove with foresight in the real app", () => {
  let app;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    assert.ok(exists("image", IMAGE) && exists("container", CONTAINER), "fixture missing");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("stops nothing, removes the stopped container, then deletes the image", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const card = browser.$(`${GRID} > [role="listitem"][aria-label="${IMAGE}"]`);
    await card.waitForExist({ timeout: 10000 });
    await browser.$(`button[aria-label="Remove ${IMAGE}"]`).click();

    const dialog = browser.$('[role="dialog"]');
    await dialog.waitForExist({ timeout: 5000 });
    // The plan names the container that is in the way, in the graph and in the commands.
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rm ${CONTAINER}`),
      { timeout: 15000, timeoutMsg: "the plan never showed `docker rm` for the container" },
    );
    const text = await dialogText(browser);
    assert.match(text, new RegExp(CONTAINER));
    assert.match(text, new RegExp(`docker rmi ${IMAGE.replace(/[.]/g, "\\.")}`));
    const graph = await browser.$('[role="dialog"] svg[role="img"]').getAttribute("aria-label");
    assert.match(graph, /1 container/);
    await screenshot(browser, "remove-plan");

    const guided = browser.$("button*=container, then delete");
    await guided.waitForClickable({ timeout: 5000 });
    await guided.click();
    await browser.waitUntil(async () => (await dialogText(browser)).includes("Done"), {
      timeout: 30000,
      timeoutMsg: "the removal did not finish",
    });
    await screenshot(browser, "remove-done");
    assert.equal(exists("container", CONTAINER), false, "the container is gone (docker CLI)");
    assert.equal(exists("image", IMAGE), false, "the image is gone (docker CLI)");

    await browser.$('[role="dialog"]').$("button=Close").click();
    await browser.waitUntil(async () => !(await card.isExisting()), {
      timeout: 10000,
      timeoutMsg: "the card is still shown",
    });
    assert.ok(!docker("ps", "-a", "--format", "{{.Names}}").split("\n").includes(CONTAINER));
  });
});
