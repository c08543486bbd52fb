// Filter the real app's grid with docker's filter language, and find a label value in an
// image's JSON through the inspector's search.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { docker, launchApp, screenshot } from "./support.mjs";

const GRID = '[role="list"][aria-label="Images"]';

/** Sets the field at once, as a paste does (typing passes through other valid queries). */
async function paste(browser, field, value) {
  await browser.execute(
    (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    field,
    value,
  );
}

async function cardNames(browser) {
  const cards = await browser.$$(`${GRID} > [role="listitem"]`);
  const names = [];
  for (const card of cards) names.push(await card.getAttribute("aria-label"));
  return names.sort();
}

describe("filter and inspect in the real app", () => {
  let app;
  before(async () => {
    assert.ok(process.env.IMAGEN_TEST_REGISTRY, "run through scripts/test.sh (private engine)");
    app = await launchApp({ DOCKER_HOST: process.env.DOCKER_HOST });
  });
  after(async () => app?.close());

  it("shows exactly the cards docker images --filter shows", async () => {
    const { browser } = app;
    await browser.$(GRID).waitForExist({ timeout: 20000 });
    const query = "reference=imagen-fixture/* label=org.imagen.fixture";
    const ids = new Set(
      docker(
        "images",
        "--no-trunc",
        "--filter",
        "reference=imagen-fixture/*",
        "--filter",
        "label=org.imagen.fixture",
        "--format",
        "{{.ID}}",
      )
        .trim()
        .split("\n"),
    );
    const field = await browser.$('input[aria-label="Filter images"]');
    await paste(browser, field, query);
    await browser.waitUntil(async () => (await cardNames(browser)).length === ids.size, {
      timeout: 5000,
      timeoutMsg: `expected ${ids.size} cards for ${query}`,
    });
    // Each card shown is one of docker's images, named by one of its tags.
    for (const name of await cardNames(browser)) {
      const id = docker("image", "inspect", "-f", "{{.Id}}", name).trim();
      assert.ok(ids.has(id), `${name} is not in docker's answer`);
    }
    const status = await browser.$("#filter-status").getText();
    assert.match(status, new RegExp(`^${ids.size} of \\d+ images`));

    await paste(browser, field, `${query} label=`);
    await browser.waitUntil(async () => /label/.test(await browser.$("#filter-status").getText()), {
      timeout: 5000,
    });
    assert.equal(
      (await cardNames(browser)).length,
      ids.size,
      "a half-typed term keeps the last result",
    );

    await paste(browser, field, "nosuchkey=1");
    await browser.waitUntil(
      async () => /dangling/.test(await browser.$("#filter-status").getText()),
      {
        timeout: 5000,
        timeoutMsg: "unknown key should list the valid keys",
      },
    );
    await screenshot(browser, "filter-error");
    await field.click();
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => (await field.getValue()) === "", { timeout: 5000 });
  });

  it("finds a label value in the inspector's JSON search", async () => {
    const { browser } = app;
    await browser.$('button[aria-label="Inspect imagen-fixture/layers:3"]').click();
    const panel = await browser.$('[aria-label="Inspector: imagen-fixture/layers:3"]');
    await panel.waitForExist({ timeout: 10000 });
    await browser.waitUntil(
      async () => /SHA-256/.test(await browser.execute((el) => el.innerText, panel)),
      {
        timeout: 10000,
      },
    );
    await panel.$('[role="tab"]=JSON').click();
    const tree = await panel.$('[role="tree"][aria-label="Image JSON"]');
    await tree.waitForExist({ timeout: 10000 });
    await panel.$('input[aria-label="Search JSON"]').setValue("layers");
    // The label org.imagen.fixture=layers sits under .Config.Labels, closed at first:
    // the search must open its ancestors and mark it.
    await browser.waitUntil(
      async () => {
        const marks = await tree.$$("mark");
        for (const m of marks)
          if ((await browser.execute((el) => el.textContent, m)).toLowerCase() === "layers")
            return true;
        return false;
      },
      { timeout: 5000, timeoutMsg: "no highlighted match in the tree" },
    );
    const text = await browser.execute((el) => el.innerText, panel);
    assert.match(text, /org\.imagen\.fixture/);
    assert.match(text, /\d+ of \d+/);
    await screenshot(browser, "inspector-json");
  });
});
