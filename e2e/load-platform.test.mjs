// A kit made on another kind of computer (an Apple-silicon Mac's linux/arm64 images, here on
// an amd64 engine): the Load dialog's preview says so before anything is loaded. The archive
// is written here in `docker save`'s layout: a config naming its platform, a layer, and
// manifest.json.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, launchApp, screenshot, tarArchive } from "./support.mjs";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

describe("a kit made for another platform, in the real app", () => {
  let app;
  let folder;
  // The engine's platform, and another one to make the kit for (arm64 on the usual amd64).
  let engine;
  let other;

  before(async () => {
    engine = docker("version", "-f", "{{.Server.Os}}/{{.Server.Arch}}").trim();
    other = engine.endsWith("/arm64")
      ? { architecture: "amd64", platform: "linux/amd64" }
      : { architecture: "arm64", variant: "v8", platform: "linux/arm64/v8" };
    folder = mkdtempSync(join(tmpdir(), "imagen-e2e-platform-"));
    const layer = tarArchive([["hello.txt", Buffer.from("hi\n")]]);
    const diffId = sha256(layer);
    const config = Buffer.from(
      JSON.stringify({
        architecture: other.architecture,
        variant: other.variant,
        os: "linux",
        config: {},
        rootfs: { type: "layers", diff_ids: [`sha256:${diffId}`] },
      }),
    );
    const configHex = sha256(config);
    const manifest = Buffer.from(
      JSON.stringify([
        {
          Config: `${configHex}.json`,
          RepoTags: ["imagen-e2e/arm-web:1"],
          Layers: [`${diffId}/layer.tar`],
        },
      ]),
    );
    const path = join(folder, "mac-kit.tar");
    writeFileSync(
      path,
      tarArchive([
        [`${configHex}.json`, config],
        [`${diffId}/layer.tar`, layer],
        ["manifest.json", manifest],
      ]),
    );
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST, IMAGEN_E2E_CHOOSE_FILE: path });
  });
  after(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("says which images were made for another platform before loading", async () => {
    const { browser } = app;
    const dialog = () => browser.$('[role="dialog"]');
    await browser.$('[role="list"][aria-label="Images"]').waitForExist({ timeout: 20000 });
    await browser.$('header [data-action="load"]').click();
    await dialog().$("button=Choose file…").click();
    const warning = `imagen-e2e/arm-web:1 was made for ${other.platform}; this engine is ${engine}: it runs emulated (slowly), or not at all.`;
    await browser.waitUntil(async () => (await dialog().getText()).includes(warning), {
      timeout: 20000,
      timeoutMsg: "no word of the other platform",
    });
    assert.ok(await dialog().$("button=Load").isExisting(), "it can still be loaded");
    await screenshot(browser, "load-other-platform");
    await dialog().$("button=Close").click();
  });
});
