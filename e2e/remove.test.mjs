// Remove a fixture image used by a stopped container through the guided path in the real
// app: the plan shows the container, the recommended action removes it and then the image,
// and the docker CLI confirms both are gone. Then a plan made stale in a terminal: the tag
// moves to another image while the plan is open, the dialog shows the new plan (engine
// events) and nothing is deleted until the user chooses again.
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
    // The plan names the container that is in the way, in the graph and in the commands
    // (by its full ID, as the engine call names it: a name replayed later could reach
    // another container).
    const containerId = docker("container", "inspect", "-f", "{{.Id}}", CONTAINER).trim();
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rm ${containerId}`),
      { timeout: 15000, timeoutMsg: "the plan never showed `docker rm` for the container" },
    );
    const text = await dialogText(browser);
    assert.match(text, new RegExp(CONTAINER));
    assert.match(text, new RegExp(`docker rmi ${IMAGE.replace(/[.]/g, "\\.")}`));
    const graph = await browser.$('[role="dialog"] svg[role="img"]').getAttribute("aria-label");
    assert.match(graph, /1 container/);
    await screenshot(browser, "remove-plan");
    // Taller than the window, the plan scrolls: a fade at its foot says there is more (the
    // commands were below the fold unseen), and goes once the end is in view.
    const foot = () =>
      browser.execute(() => {
        const body = document.querySelector('[role="dialog"] .body');
        return {
          scrolls: body.scrollHeight > body.clientHeight,
          fade: !!document.querySelector('[role="dialog"] .more.shown'),
        };
      });
    const top = await foot();
    assert.equal(
      top.fade,
      top.scrolls,
      `a fade exactly when the plan scrolls: ${JSON.stringify(top)}`,
    );
    await browser.execute(() => {
      const body = document.querySelector('[role="dialog"] .body');
      body.scrollTop = body.scrollHeight;
    });
    await browser.waitUntil(async () => !(await foot()).fade, {
      timeout: 2000,
      timeoutMsg: "the fade stayed with the end of the plan in view",
    });

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

// Two images of this test's own (built on the busybox fixture, told apart by a label), so
// nothing another test relies on is ever at stake.
const STALE = "imagen-e2e/stale:1";
const OTHER = "imagen-e2e/stale-other:1";

/** `docker build` from a Dockerfile on stdin (no context), with the legacy builder the
 * fixtures use (no buildx, no network); returns the image's full ID. */
function buildImage(tag, label) {
  execFileSync("docker", ["build", "--network", "none", "-q", "-t", tag, "-"], {
    input: `FROM imagen-fixture/busybox:latest\nLABEL org.imagen.e2e=${label}\n`,
    env: { ...process.env, DOCKER_BUILDKIT: "0" },
    stdio: ["pipe", "ignore", "inherit"],
  });
  return docker("image", "inspect", "-f", "{{.Id}}", tag).trim();
}

describe("a plan made stale in a terminal deletes nothing", () => {
  let app;
  let planned; // the image imagen-e2e/stale:1 named when the dialog opened
  let other; // the image the tag is moved to
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    planned = buildImage(STALE, "stale-planned");
    other = buildImage(OTHER, "stale-other");
    assert.notEqual(planned, other, "the two test images are distinct");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    for (const name of [STALE, OTHER, planned, other].filter(Boolean)) {
      try {
        execFileSync("docker", ["rmi", "-f", name], { stdio: "ignore" });
      } catch {
        // already gone
      }
    }
  });

  it("shows what changed and the new plan, and the engine still has both images", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const card = browser.$(`${GRID} > [role="listitem"][aria-label="${STALE}"]`);
    await card.waitForExist({ timeout: 10000 });
    await browser.$(`button[aria-label="Remove ${STALE}"]`).click();

    const dialog = browser.$('[role="dialog"]');
    await dialog.waitForExist({ timeout: 5000 });
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rmi ${STALE}`),
      { timeout: 15000, timeoutMsg: "the plan never showed `docker rmi` for the tag" },
    );

    // Meanwhile, in a terminal: the tag moves to the other image.
    docker("tag", OTHER, STALE);
    assert.equal(docker("image", "inspect", "-f", "{{.Id}}", STALE).trim(), other);

    // Imagen hears of it (engine events) and plans again on its own, before anything runs:
    // the open plan is replaced and says so. (The backend's own re-check at run time, for a
    // change that lands between the event and a click, is covered by the component tests.)
    await browser.waitUntil(
      async () =>
        (await dialogText(browser)).includes(
          "The engine changed while this plan was open; the plan below is up to date.",
        ),
      { timeout: 3000, timeoutMsg: "the open plan never said the engine changed" },
    );
    // The new plan: the planned image, now without a name, deleted by its full ID.
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rmi ${planned}`),
      {
        timeout: 5000,
        timeoutMsg: "the new plan is not shown",
      },
    );
    // Said in the dialog's live region, where a screen reader announces it, with what changed
    // (the backend's re-check of the open plan, as a Delete click's would word it).
    const said = dialog.$('[data-testid="removal-said"][aria-live="polite"]');
    const notice = ((await said.getProperty("textContent")) ?? "").trim();
    assert.match(notice, /^The engine changed while this plan was open/);
    const otherShort = other.replace(/^sha256:/, "").slice(0, 12);
    assert.ok(
      notice.includes(`${STALE} now points to another image (${otherShort}).`),
      `the notice names the moved tag: ${notice}`,
    );
    await screenshot(browser, "remove-stale-plan");

    // Nothing was deleted (docker CLI): both images are there, the tag on the other one.
    assert.equal(exists("image", planned), true, "the planned image is still there");
    assert.equal(exists("image", other), true, "the other image is still there");
    assert.equal(docker("image", "inspect", "-f", "{{.Id}}", STALE).trim(), other);

    // Choosing again runs the new plan: the planned image goes, the tag's new image stays.
    const again = dialog.$("button=Delete image");
    // It waits a moment after the plan changed under it (a click on its way runs nothing).
    await again.waitForEnabled({ timeout: 5000 });
    await again.waitForClickable({ timeout: 5000 });
    await again.click();
    await browser.waitUntil(async () => (await dialogText(browser)).includes("Done"), {
      timeout: 30000,
      timeoutMsg: "the new plan did not run",
    });
    assert.equal(exists("image", planned), false, "the planned image is gone (docker CLI)");
    assert.equal(exists("image", other), true, "the other image stays (docker CLI)");
    assert.equal(docker("image", "inspect", "-f", "{{.Id}}", STALE).trim(), other);
    await dialog.$("button=Close").click();
  });
});

describe("the inspector's tags follow a terminal", () => {
  const LIVE = "imagen-e2e/live";
  let app;
  let shown; // the image the inspector shows
  let other; // the image a tag moves to
  before(async () => {
    shown = buildImage(`${LIVE}:1`, "live-shown");
    docker("tag", `${LIVE}:1`, `${LIVE}:2`);
    other = buildImage(`${LIVE}-other:1`, "live-other");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => {
    await app?.close();
    for (const name of [shown, other].filter(Boolean)) {
      try {
        execFileSync("docker", ["rmi", "-f", name], { stdio: "ignore" });
      } catch {
        // already gone
      }
    }
  });

  it("drops a tag moved away, shows one added, and removes a tag of the image shown", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    await browser.$(`button[aria-label="Inspect ${LIVE}:1"]`).click();
    const untag = (tag) => browser.$(`aside button[aria-label="Remove tag ${tag}"]`);
    await untag(`${LIVE}:2`).waitForExist({ timeout: 10000 });

    // In a terminal: `docker build -t live:2 .` would move the tag; so does `docker tag`.
    docker("tag", other, `${LIVE}:2`);
    docker("tag", shown, `${LIVE}:3`);
    await untag(`${LIVE}:3`).waitForExist({ timeout: 10000 });
    assert.equal(await untag(`${LIVE}:2`).isExisting(), false, "the moved tag is still offered");

    // The × removes the tag from the image shown, by its ID.
    await untag(`${LIVE}:3`).click();
    const dialog = browser.$('[role="dialog"]');
    await dialog.waitForExist({ timeout: 5000 });
    await browser.waitUntil(
      async () => (await dialogText(browser)).includes(`docker rmi ${LIVE}:3`),
      { timeout: 15000, timeoutMsg: "the plan never showed `docker rmi` for the tag" },
    );
    const remove = dialog.$("button=Remove tag");
    await remove.waitForClickable({ timeout: 5000 });
    await remove.click();
    await browser.waitUntil(async () => (await dialogText(browser)).includes("Done"), {
      timeout: 30000,
      timeoutMsg: "the tag removal did not run",
    });
    assert.equal(docker("image", "inspect", "-f", "{{.Id}}", `${LIVE}:1`).trim(), shown);
    assert.equal(docker("image", "inspect", "-f", "{{.Id}}", `${LIVE}:2`).trim(), other);
    assert.equal(exists("image", `${LIVE}:3`), false, "the tag is gone (docker CLI)");
    await dialog.$("button=Close").click();
  });
});

describe("each image's line says what the chosen action does to it", () => {
  let app;
  before(async () => {
    assert.ok(exists("container", "imagen-web"), "fixture missing");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("no red Blocked for what the recommended action handles", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    for (const name of ["imagen-fixture/web", "imagen-fixture/layers"]) {
      const box = browser.$(`input[type="checkbox"][aria-label^="Select ${name}"]`);
      await box.waitForExist({ timeout: 10000 });
      await box.click();
    }
    await browser.$("button=Remove…").click();
    const list = browser.$('[role="dialog"] ul[aria-labelledby$="-verdicts"]');
    await list.waitForExist({ timeout: 15000, timeoutMsg: "no per-image list" });
    const lines = () =>
      browser.execute(() =>
        [...document.querySelectorAll('[role="dialog"] .verdicts li')].map((li) =>
          li.textContent.replace(/\s+/g, " ").trim(),
        ),
      );
    // web:1.0 is used by the running imagen-web: the recommended action stops and removes
    // it, then deletes the image.
    const recommended = await lines();
    assert.ok(
      recommended.includes(
        "imagen-fixture/web:1.0 Deleted after stopping and removing its container imagen-web",
      ),
      JSON.stringify(recommended),
    );
    assert.ok(
      recommended.includes("imagen-fixture/layers:3 Can be deleted"),
      JSON.stringify(recommended),
    );
    await screenshot(browser, "remove-two-verdicts");
    // Nothing was run: both images and the container are still there.
    await browser.$("button=Cancel").click();
    assert.ok(
      exists("image", "imagen-fixture/web:1.0") && exists("image", "imagen-fixture/layers:3"),
    );
    assert.ok(exists("container", "imagen-web"));
  });
});
