// Pull a fixture from the private registry through the real app; its card appears.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { docker, launchApp, screenshot } from "./support.mjs";

describe("pull through the real app", () => {
  let app;
  const reference = `${process.env.IMAGEN_TEST_REGISTRY}/imagen-fixture/remote:e2e`;

  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    try {
      execFileSync("docker", ["rmi", "-f", reference], { stdio: "ignore" });
    } catch {
      // not there yet: fine
    }
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("validates, pulls with progress and shows the new card", async () => {
    const { browser } = app;
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$("button=Pull…").click();

    const field = await browser.$("#pull-ref");
    await field.waitForExist({ timeout: 5000 });
    await field.setValue("Nginx");
    const help = await browser.$("#pull-ref-help");
    await browser.waitUntil(async () => /lowercase/.test(await help.getText()), { timeout: 5000 });
    assert.equal(await browser.$("button=Pull").isEnabled(), false);

    // A capital letter first: docker reads "Ana" as a registry's address; offered in lowercase.
    await field.clearValue();
    await field.setValue("Ana/web");
    const note = await browser.$("#pull-ref-note");
    await note.waitForExist({ timeout: 5000, timeoutMsg: "no note on a capitalised first part" });
    assert.match(await note.getText(), /“Ana” has a capital letter/);
    await screenshot(browser, "pull-uppercase-registry");
    await browser.$("button=Use ana/web").click();
    assert.equal(await field.getValue(), "ana/web");
    await note.waitForExist({ timeout: 5000, reverse: true });

    // The whole line from a workshop's slide: only the image is kept, with one click.
    await field.clearValue();
    await field.setValue(`docker pull ${reference}`);
    await browser.waitUntil(async () => /takes only the image/.test(await help.getText()), {
      timeout: 5000,
      timeoutMsg: "a pasted command was not recognised",
    });
    assert.equal(await browser.$("button=Pull").isEnabled(), false);
    await screenshot(browser, "pull-pasted-command");
    await browser.$(`button=Use ${reference}`).click();
    assert.equal(await field.getValue(), reference);
    await browser.waitUntil(async () => (await help.getText()).includes(`Will pull ${reference}`), {
      timeout: 5000,
    });
    await screenshot(browser, "pull-dialog");
    await browser.$("button=Pull").click();

    const dialog = await browser.$('[role="dialog"]');
    await browser.waitUntil(
      async () => /Downloaded: the image is now on this engine/.test(await dialog.getText()),
      {
        timeout: 60000,
        timeoutMsg: "pull did not finish",
      },
    );
    await screenshot(browser, "pull-done");
    await browser.$("button=Close").click();

    const card = await browser.$(`[role="listitem"][aria-label="${reference}"]`);
    await card.waitForExist({ timeout: 15000 });
    assert.match(
      await card.getAttribute("class"),
      /\bhighlighted\b/,
      "the new card is highlighted",
    );
    // Described as just pulled (aria-current is the inspected card's).
    const described = await card.getAttribute("aria-describedby");
    assert.ok(described, "the new card is not described as just pulled");
    assert.equal(
      await browser.execute((id) => document.getElementById(id)?.textContent, described),
      "Just pulled",
    );
    docker("image", "inspect", reference); // and the engine really has it
  });

  it("tries a failed pull again with the same name, which works once the tag exists", async () => {
    const { browser } = app;
    // A tag the registry does not have yet (unique per run: the registry outlives runs).
    const later = `${process.env.IMAGEN_TEST_REGISTRY}/imagen-fixture/retry:r${Date.now()}`;
    await browser.$("button=Pull…").click();
    const field = await browser.$("#pull-ref");
    await field.waitForExist({ timeout: 5000 });
    await field.setValue(later);
    const help = await browser.$("#pull-ref-help");
    await browser.waitUntil(async () => (await help.getText()).includes(`Will pull ${later}`), {
      timeout: 5000,
    });
    await browser.$("button=Pull").click();
    const dialog = await browser.$('[role="dialog"]');
    // How it ended is said by the app's own live region; the dialog shows it as a failed pull.
    await dialog.$('[data-status="failed"]').waitForExist({
      timeout: 60000,
      timeoutMsg: "the pull of a missing tag did not fail",
    });

    // In a terminal: the tag is pushed, and is not on this engine.
    docker("tag", "imagen-fixture/busybox:1.36", later);
    docker("push", later);
    docker("rmi", later);
    await dialog.$("button=Try again").click();
    await browser.waitUntil(
      async () => /Downloaded: the image is now on this engine/.test(await dialog.getText()),
      {
        timeout: 60000,
        timeoutMsg: "the retried pull did not finish",
      },
    );
    await screenshot(browser, "pull-retried");
    // The same name, not retyped (read from the DOM: WebDriver's text leaves out a line
    // whose overflow is clipped).
    const pulled = await browser.execute(
      () => document.querySelector('[role="dialog"] .ref')?.textContent ?? "",
    );
    assert.equal(pulled, later);
    await browser.$("button=Close").click();
    docker("image", "inspect", later);
    docker("rmi", later);
  });

  it("says a pull the filter hides, and Clear the filter shows its card", async () => {
    const { browser } = app;
    // Pushed from a terminal, not on this engine (unique per run: the registry outlives runs).
    const hidden = `${process.env.IMAGEN_TEST_REGISTRY}/imagen-fixture/hidden:h${Date.now()}`;
    docker("tag", "imagen-fixture/busybox:1.36", hidden);
    docker("push", hidden);
    docker("rmi", hidden);
    // A filter from earlier, which the new image does not match.
    const field = await browser.$('input[aria-label="Filter images"]');
    await field.setValue("imagen-fixture/web");
    await browser.$("button=Pull…").click();
    const ref = await browser.$("#pull-ref");
    await ref.waitForExist({ timeout: 5000 });
    await ref.setValue(hidden);
    const help = await browser.$("#pull-ref-help");
    await browser.waitUntil(async () => (await help.getText()).includes(`Will pull ${hidden}`), {
      timeout: 5000,
    });
    await browser.$("button=Pull").click();
    const dialog = await browser.$('[role="dialog"]');
    await browser.waitUntil(
      async () => /Downloaded: the image is now on this engine/.test(await dialog.getText()),
      { timeout: 60000, timeoutMsg: "the pull did not finish" },
    );
    await browser.$("button=Close").click();
    // No card, but the page says why, with the way to see it.
    const notice = await browser.$(".pulled-hidden.shown");
    await notice.waitForExist({ timeout: 15000, timeoutMsg: "no word of the hidden pull" });
    assert.equal(
      await browser.execute(() => document.querySelector(".pulled-hidden p")?.textContent),
      `${hidden} was pulled; the filter hides it.`,
    );
    const card = `[role="listitem"][aria-label="${hidden}"]`;
    assert.equal(await browser.$(card).isExisting(), false);
    await screenshot(browser, "pull-hidden-by-filter");
    await notice.$("button=Clear the filter").click();
    await browser.$(card).waitForExist({ timeout: 15000, timeoutMsg: "no card once cleared" });
    await notice.waitForExist({ timeout: 5000, reverse: true });
    docker("rmi", hidden);
  });
});
