// The workshop kit in the real app on the private engine: a pull, a tag, a save, a load and a
// removal, each done by clicking, each checked against the docker CLI, and each in the
// Terminal record as the command docker would run.
//
// The native Save/Open dialog cannot be reached by WebDriver: the e2e build (scripts/
// build-e2e.sh, `--features e2e`) answers it with IMAGEN_E2E_CHOOSE_FILE. Everything after the
// dialog (the file grant, the engine's /images/get and /images/load) is the real path.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';

function imageId(reference) {
  try {
    // Quiet: "no such image" is an answer here, not an error for the test log.
    return execFileSync("docker", ["image", "inspect", "-f", "{{.Id}}", reference], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

describe("the workshop kit in the real app", () => {
  let app;
  let folder;
  let kit;
  const reference = `${process.env.IMAGEN_TEST_REGISTRY}/imagen-fixture/remote:1.0`;
  const newTag = "imagen-e2e/workshop:tagged";
  let id;

  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    for (const r of [reference, newTag]) {
      try {
        execFileSync("docker", ["rmi", "-f", r], { stdio: "ignore" });
      } catch {
        // not there: fine
      }
    }
    folder = mkdtempSync(join(tmpdir(), "imagen-e2e-kit-"));
    kit = join(folder, "workshop kit.tar");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST, IMAGEN_E2E_CHOOSE_FILE: kit });
  });
  after(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const dialog = () => app.browser.$('[role="dialog"]');
  const dialogText = async () => (await dialog().getProperty("textContent")) ?? "";
  const waitDialog = (pattern, timeoutMsg, timeout = 60000) =>
    app.browser.waitUntil(async () => pattern.test(await dialogText()), { timeout, timeoutMsg });
  const card = () => app.browser.$(`${GRID} [data-image-id="${id}"]`);

  it("pulls through the Pull dialog", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    // The page reloads once after launch (launchApp clears storage): the first click may
    // land on the page before the reload. Click until the dialog is open.
    const field = await browser.$("#pull-ref");
    await browser.waitUntil(
      async () => {
        if (await field.isExisting()) return true;
        await browser.$("button=Pull…").click();
        return field.waitForExist({ timeout: 2000 }).catch(() => false);
      },
      { timeout: 20000, timeoutMsg: "the Pull dialog never opened" },
    );
    await field.setValue(reference);
    const pull = browser.$("button=Pull");
    await browser.waitUntil(() => pull.isEnabled(), { timeout: 5000 });
    await pull.click();
    await waitDialog(/Downloaded: the image is now on this engine/, "pull did not finish");
    await dialog().$("button=Close").click();
    id = imageId(reference);
    assert.ok(id, "the engine has the pulled image");
    await card().waitForExist({ timeout: 15000 });
  });

  it("tags the image from its card, as docker tag does", async () => {
    const { browser } = app;
    await card().$("button.tag-add").click();
    const field = await browser.$("#tag-ref");
    await field.waitForExist({ timeout: 5000 });
    await field.setValue(newTag);
    await browser.waitUntil(async () => (await dialogText()).includes(`docker tag`), {
      timeout: 5000,
      timeoutMsg: "the command never showed",
    });
    const submit = dialog().$("button=Tag");
    // Tag waits with aria-disabled (a disabled button would drop the keyboard focus).
    await browser.waitUntil(async () => (await submit.getAttribute("aria-disabled")) === "false", {
      timeout: 5000,
      timeoutMsg: "Tag never became ready",
    });
    await screenshot(browser, "workshop-tag");
    await submit.click();
    await waitDialog(/Tagged: this image is now also/, "the tag did not go through", 15000);
    assert.equal(imageId(newTag), id, "docker image inspect: the new tag names the same image");
    await dialog().$("button=Close").click();
    await browser.waitUntil(
      async () => ((await card().getProperty("textContent")) ?? "").includes("workshop"),
      { timeout: 10000, timeoutMsg: "the card never showed the new tag" },
    );
  });

  it("says a tag given in a terminal under the open Tag dialog before Tag moves it", async () => {
    const { browser } = app;
    const elsewhere = "imagen-e2e/workshop:elsewhere";
    await card().$("button.tag-add").click();
    const field = await browser.$("#tag-ref");
    await field.waitForExist({ timeout: 5000 });
    await field.setValue(elsewhere);
    await waitDialog(/is a new tag: no image has it yet/, "the tag was never said to be new", 5000);
    // In a terminal, meanwhile: the tag goes to another image; the list refreshes live.
    docker("tag", "imagen-fixture/busybox:latest", elsewhere);
    await waitDialog(
      /was free when you looked, and another image \([0-9a-f]{12}\) has it now/,
      "the dialog did not say the tag was given elsewhere",
      15000,
    );
    await screenshot(browser, "workshop-tag-given-elsewhere");
    // Told, the user moves it here: exactly what the alert and the button say.
    await dialog().$("button=Move the tag here").click();
    await waitDialog(/Tagged: this image is now also/, "the tag did not move", 15000);
    assert.equal(imageId(elsewhere), id, "the tag names this image now");
    assert.ok(imageId("imagen-fixture/busybox:latest"), "the other image keeps its own name");
    await dialog().$("button=Close").click();
    // The card shows the moved tag first: waiting for it to go is only a wait once it came.
    // (Before, on a slow list, the tag came after the wait below had passed, and the save
    // that follows picked it up, rightly refused as gone.)
    await browser.waitUntil(
      async () => ((await card().getProperty("textContent")) ?? "").includes("elsewhere"),
      { timeout: 10000, timeoutMsg: "the card never showed the tag moved here" },
    );
    docker("rmi", elsewhere); // an untag: the image keeps its other tags
    await browser.waitUntil(
      async () => !((await card().getProperty("textContent")) ?? "").includes("elsewhere"),
      { timeout: 10000, timeoutMsg: "the card still shows the tag removed in a terminal" },
    );
  });

  it("saves the picked image into one .tar, tags kept, no partial file left", async () => {
    const { browser } = app;
    await card().$('input[type="checkbox"]').click();
    await browser.$("button=Save…").click();
    await waitDialog(/docker save -o/, "the Save dialog did not show its command", 5000);
    const text = await dialogText();
    assert.ok(text.includes(reference) && text.includes(newTag), "both tags are saved");
    await dialog().$("button=Choose file and save…").click();
    await waitDialog(/Saved workshop kit\.tar/, "the save did not finish");
    await screenshot(browser, "workshop-saved");
    await dialog().$("button=Close").click();
    assert.ok(statSync(kit).size > 1000, "the archive was written");
    assert.deepEqual(readdirSync(folder), ["workshop kit.tar"], "no partial file is left");
    // The archive holds the tags: docker load on its own says so.
    const listed = execFileSync("tar", ["-xOf", kit, "manifest.json"], { encoding: "utf8" });
    assert.ok(listed.includes(newTag) && listed.includes(reference));
  });

  it("loads the .tar back after the image was removed in a terminal", async () => {
    const { browser } = app;
    docker("rmi", reference, newTag);
    await browser.waitUntil(async () => !(await card().isExisting()), {
      timeout: 10000,
      timeoutMsg: "the card stayed after docker rmi",
    });
    await browser.$("button=Load…").click();
    await dialog().$("button=Choose file…").click();
    await waitDialog(/It holds 1 image/, "the preview never showed", 15000);
    assert.ok((await dialogText()).includes('docker load -i "workshop kit.tar"'));
    await dialog().$("button=Load").click();
    await waitDialog(/Loaded 1 image/, "the load did not finish");
    await screenshot(browser, "workshop-loaded");
    await dialog().$("button=Close").click();
    assert.equal(imageId(reference), id, "the same image ID is back");
    assert.equal(imageId(newTag), id, "with both tags");
    await card().waitForExist({ timeout: 10000 });
  });

  it("says which tag a load would move, stops when one moved after the preview, and reports the move", async () => {
    const { browser } = app;
    await browser.$("button=Load…").click();
    await dialog().$("button=Choose file…").click();
    await waitDialog(/It holds 1 image/, "the preview never showed", 15000);
    assert.ok(!(await dialogText()).includes("Loading moves"), "the kit's tags name its own image");

    // Meanwhile, in a terminal: the kit's second tag now names another image.
    const base = imageId("imagen-fixture/busybox:latest");
    docker("tag", base, newTag);
    const short = base.replace(/^sha256:/, "").slice(0, 12);

    // Loading now would move it back unseen: nothing is loaded, the preview says so.
    await dialog().$("button=Load").click();
    await waitDialog(/The file or the engine changed since you looked/, "no change was reported");
    assert.ok(
      (await dialogText()).includes(`Loading moves 1 tag from an image already on this engine:`),
    );
    assert.ok((await dialogText()).includes(`${newTag}, now on ${short}`));
    assert.equal(
      imageId(newTag),
      base,
      "nothing was loaded: the tag stays where the terminal put it",
    );
    await screenshot(browser, "workshop-load-moves-a-tag");

    // Confirmed with that in view: the load moves it, and says so.
    await dialog().$("button=Load").click();
    await waitDialog(/Loaded 1 image/, "the load did not finish");
    assert.ok(
      (await dialogText()).includes(`Moved here from another image: ${newTag} (from ${short}).`),
    );
    await dialog().$("button=Close").click();
    assert.equal(imageId(newTag), id, "the tag names the kit's image again");
    assert.equal(imageId("imagen-fixture/busybox:latest"), base, "the other image keeps its name");
  });

  it("removes it, and the Terminal record lists every command as docker would run it", async () => {
    const { browser } = app;
    await card().$("button.remove:not(.tag-add)").click();
    const deleteButton = dialog().$("button=Delete image");
    await deleteButton.waitForClickable({ timeout: 15000 });
    await deleteButton.click();
    await waitDialog(/Done/, "the removal did not finish", 30000);
    await dialog().$("button=Close").click();
    assert.equal(imageId(reference), null);

    await browser.$("button=Terminal").click();
    const panel = browser.$('aside[aria-labelledby="record-title"]');
    await panel.waitForExist({ timeout: 5000 });
    const expected = [
      `docker pull ${reference}`,
      `docker tag ${id} ${newTag}`,
      `docker save -o "workshop kit.tar" ${reference} ${newTag}`,
      'docker load -i "workshop kit.tar"',
      "docker rmi",
    ];
    await browser.waitUntil(
      async () => {
        const text = (await panel.getProperty("textContent")) ?? "";
        return expected.every((line) => text.includes(line));
      },
      { timeout: 10000, timeoutMsg: "the record lacks a command" },
    );
    const text = (await panel.getProperty("textContent")) ?? "";
    // In order: pull, tag, save, load, then the removal's steps.
    const at = expected.map((line) => text.indexOf(line));
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      `the record is in order: ${at}`,
    );
    await screenshot(browser, "workshop-record");
    assert.ok(!existsSync(join(folder, ".workshop kit.tar.imagen-partial")));
  });
});
