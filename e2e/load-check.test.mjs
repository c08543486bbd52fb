// A big offline kit in the real app: the Load dialog's first check reads the whole file
// (minutes for gigabytes on a USB stick), so it shows how far it has read, and Cancel stops
// the reading and offers another file. The "kit" is an archive whose one layer claims a
// terabyte, sparse on disk: reading it would take far longer than the test.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchApp, screenshot, tarHeader } from "./support.mjs";

describe("a big kit's check in the real app", () => {
  let app;
  let folder;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), "imagen-e2e-check-"));
    const path = join(folder, "kit.tar");
    const size = 1n << 40n;
    const fd = openSync(path, "w");
    writeSync(fd, tarHeader("layer.tar", size));
    ftruncateSync(fd, Number(512n + size));
    closeSync(fd);
    app = await launchApp({
      DOCKER_HOST: process.env.DOCKER_HOST,
      IMAGEN_E2E_CHOOSE_FILE: path,
    });
  });
  after(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("shows how far the check has read, and Cancel stops it and offers another file", async () => {
    const { browser } = app;
    const dialog = () => browser.$('[role="dialog"]');
    // Once the window lists its images, as a user would: in one loaded run a click made
    // before that opened no dialog.
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$("button=Load…").click();
    await dialog().$("button=Choose file…").click();
    const bar = dialog().$('[role="progressbar"][aria-label="Checking kit.tar…"]');
    await bar.waitForExist({ timeout: 15000, timeoutMsg: "no progress for the check" });
    // The figures move: bytes read of the file's size, as docker words sizes.
    await browser.waitUntil(
      async () => /[1-9][\d.]*[kMG]?B of 1\.1TB/.test(await dialog().getText()),
      { timeout: 15000, timeoutMsg: "the figures never moved" },
    );
    await screenshot(browser, "load-check-progress");
    assert.equal(await dialog().$("button=Load").isExisting(), false);
    await dialog().$("button=Cancel").click();
    await dialog().$("button=Choose file…").waitForExist({ timeout: 5000 });
    assert.equal(await dialog().$('[role="progressbar"]').isExisting(), false);
  });
});
