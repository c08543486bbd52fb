// The real app against the private test engine: the seeded fixtures appear as cards.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { dockerImages, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';

describe("image cards from a real engine", () => {
  let app;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("shows every image docker images shows, named, tagged and sized like it", async () => {
    const { browser } = app;
    const grid = await browser.$(GRID);
    await grid.waitForExist({ timeout: 20000 });
    // The grid lays its cards out once it has measured itself: wait for them to be drawn.
    const expected = dockerImages();
    await browser.waitUntil(
      async () => (await browser.$$(`${GRID} > [role="listitem"]`)).length === expected.length,
      { timeout: 10000, timeoutMsg: `expected ${expected.length} cards` },
    );

    const cards = await browser.$$(`${GRID} > [role="listitem"]`);
    const shown = [];
    for (const card of cards) {
      // innerText is the rendered text; WebKitWebDriver's getText atom skips elements with
      // text-overflow: ellipsis, which the screenshot shows are plainly visible.
      const text = await browser.execute((el) => el.innerText, card);
      shown.push({ name: await card.getAttribute("aria-label"), text });
    }

    assert.equal(
      shown.length,
      expected.length,
      `cards: ${JSON.stringify(shown.map((c) => c.name))}`,
    );
    for (const image of expected) {
      const shortId = image.id.slice("sha256:".length, "sha256:".length + 12);
      const card = image.dangling
        ? shown.find((c) => c.name === `<none>@${shortId}`)
        : shown.find((c) => image.tags.includes(c.name));
      assert.ok(card, `no card for ${image.tags.join(", ") || shortId}`);
      for (const tag of image.tags)
        assert.ok(card.text.includes(tag), `${card.name} lacks tag ${tag}`);
      assert.ok(
        card.text.includes(image.size),
        `${card.name} lacks size ${image.size}: ${JSON.stringify(card.text)}`,
      );
      assert.ok(card.text.includes(shortId), `${card.name} lacks ID ${shortId}`);
    }

    const web = shown.find((c) => c.name === "imagen-fixture/web:1.0");
    assert.match(web.text, /1 running/);
    const job = shown.find((c) => c.name === "imagen-fixture/job:1.0");
    assert.match(job.text, /1 stopped/);

    const header = await browser.$("header").getText();
    assert.match(header, new RegExp(`${expected.length} images`));

    const shot = await screenshot(browser, "fixtures");
    // scripts/screenshot.sh sets this to refresh the README picture from a real run.
    if (process.env.IMAGEN_README_SCREENSHOT) {
      mkdirSync(dirname(process.env.IMAGEN_README_SCREENSHOT), { recursive: true });
      copyFileSync(shot, process.env.IMAGEN_README_SCREENSHOT);
    }
  });
});
