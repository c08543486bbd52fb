// A .tar.zst offline kit loaded in the real app. Engines before Docker 23.0 (API 1.42; this
// machine's 20.10) cannot decompress zstd, so `docker load -i kit.tar.zst` fails there: the
// command shown and recorded is then `zstd -dc kit.tar.zst | docker load`, with a line saying
// why, and Imagen, which decompresses before sending, loads it all the same.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, launchApp, screenshot } from "./support.mjs";

/** `data` as one zstd frame of raw (stored) blocks: valid zstd that any decoder reads, with
 * no compressor needed here (RFC 8878: magic, a header with a 128 KiB window, 3-byte block
 * headers whose type 0 means raw). */
function zstdStored(data) {
  const BLOCK = 128 * 1024;
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  for (let at = 0; at === 0 || at < data.length; at += BLOCK) {
    const block = data.subarray(at, at + BLOCK);
    const last = at + BLOCK >= data.length ? 1 : 0;
    const header = (block.length << 3) | last; // type 0 (raw) in bits 1-2
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  }
  return Buffer.concat(parts);
}

function imageId(reference) {
  try {
    return execFileSync("docker", ["image", "inspect", "-f", "{{.Id}}", reference], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

describe("a .tar.zst kit in the real app", () => {
  let app;
  let folder;
  const tag = "imagen-e2e/zstd:1";
  let id;
  let oldEngine;

  before(async () => {
    const [major, minor] = docker("version", "-f", "{{.Server.APIVersion}}")
      .trim()
      .split(".")
      .map(Number);
    oldEngine = major === 1 && minor < 42;
    id = imageId("imagen-fixture/busybox:latest");
    assert.ok(id, "the busybox fixture is on the private engine");
    docker("tag", id, tag);
    folder = mkdtempSync(join(tmpdir(), "imagen-e2e-zstd-"));
    const plain = join(folder, "kit.tar");
    docker("save", "-o", plain, tag);
    writeFileSync(join(folder, "kit.tar.zst"), zstdStored(readFileSync(plain)));
    // Gone from the engine, to come back from the file.
    docker("rmi", tag);
    app = await launchApp({
      DOCKER_HOST: process.env.DOCKER_HOST,
      IMAGEN_E2E_CHOOSE_FILE: join(folder, "kit.tar.zst"),
    });
  });
  after(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    try {
      execFileSync("docker", ["rmi", tag], { stdio: "ignore" });
    } catch {
      // already gone
    }
  });

  const dialog = () => app.browser.$('[role="dialog"]');
  const dialogText = async () => (await dialog().getProperty("textContent")) ?? "";
  const waitDialog = (pattern, timeoutMsg, timeout = 60000) =>
    app.browser.waitUntil(async () => pattern.test(await dialogText()), { timeout, timeoutMsg });

  it("shows the command this engine needs, loads the file, and records that command", async () => {
    const { browser } = app;
    const command = oldEngine ? "zstd -dc kit.tar.zst | docker load" : "docker load -i kit.tar.zst";
    // Once the window lists its images, as a user would: in one loaded run a click made
    // before that opened no dialog.
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$("button=Load…").click();
    await dialog().$("button=Choose file…").click();
    await waitDialog(/It holds 1 image/, "the preview never showed", 15000);
    const text = await dialogText();
    assert.ok(text.includes("compressed with zstd"), text);
    assert.ok(text.includes(command), `the dialog shows ${command}: ${text}`);
    assert.equal(text.includes("cannot decompress .zst files itself"), oldEngine);
    await screenshot(browser, "load-zstd-preview");

    await dialog().$("button=Load").click();
    await waitDialog(/Loaded 1 image/, "the load did not finish");
    await dialog().$("button=Close").click();
    assert.equal(imageId(tag), id, "the image is back under its tag");

    await browser.$("button=Terminal").click();
    const panel = browser.$('aside[aria-labelledby="record-title"]');
    await panel.waitForExist({ timeout: 5000 });
    await browser.waitUntil(
      async () => ((await panel.getProperty("textContent")) ?? "").includes(command),
      { timeout: 10000, timeoutMsg: `the record lacks ${command}` },
    );
  });
});
