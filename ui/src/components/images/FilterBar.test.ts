import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../app/App.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";

const images = () => [
  fakeImage({
    tags: ["nginx:alpine"],
    size: 48_300_000,
    created: 300,
    containers: { running: 1, stopped: 0 },
  }),
  fakeImage({ tags: ["redis:7"], size: 117_000_000, created: 200, labels: { tier: "cache" } }),
  fakeImage({ tags: [], size: 5_600, created: 100 }),
];

async function start() {
  render(App, { props: { api: new FakeApi(images()) } });
  await screen.findByRole("list", { name: "Images" });
  return screen.getByRole("searchbox", { name: "Filter images" });
}

const names = () =>
  within(screen.getByRole("list", { name: "Images" }))
    .queryAllByRole("listitem")
    .map((c) => c.getAttribute("aria-label"));

describe("filter bar", () => {
  beforeEach(() => localStorage.clear());

  it("counts what is shown out of all, with the shown size", async () => {
    const field = await start();
    expect(screen.getByText("3 of 3 images · 165MB")).toBeInTheDocument();
    await userEvent.type(field, "redis");
    expect(names()).toEqual(["redis:7"]);
    expect(screen.getByText("1 of 3 images · 117MB")).toBeInTheDocument();
  });

  it("applies docker filter terms and says what is wrong with a bad one", async () => {
    const field = await start();
    await userEvent.type(field, "label=tier=cache");
    expect(names()).toEqual(["redis:7"]);
    await userEvent.clear(field);
    await userEvent.type(field, "colour=red");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(
      screen.getByText(
        /Unknown filter “colour”.*dangling, label, reference, before, since, in-use, size/,
      ),
    ).toBeInTheDocument();
  });

  it("toggles quick chips as terms in the query", async () => {
    const field = await start();
    const chips = screen.getByRole("group", { name: "Quick filters" });
    await userEvent.click(within(chips).getByRole("button", { name: "In use" }));
    expect(field).toHaveValue("in-use=true");
    expect(names()).toEqual(["nginx:alpine"]);
    await userEvent.click(within(chips).getByRole("button", { name: "Unused" }));
    expect(field).toHaveValue("in-use=false");
    expect(within(chips).getByRole("button", { name: "In use" })).toHaveAttribute(
      "aria-pressed",
      "false",
    );
    await userEvent.click(within(chips).getByRole("button", { name: "Dangling" }));
    expect(names()).toEqual([expect.stringMatching(/^<none>@/)]);
  });

  it("sorts by size and by name", async () => {
    await start();
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Sort by" }),
      "Largest first",
    );
    expect(names()[0]).toBe("redis:7");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort by" }), "Name A–Z");
    expect(names().slice(0, 2)).toEqual(["nginx:alpine", "redis:7"]);
  });

  it("focuses with / and clears with Escape", async () => {
    const field = await start();
    await userEvent.keyboard("/");
    expect(field).toHaveFocus();
    await userEvent.keyboard("nginx");
    expect(names()).toEqual(["nginx:alpine"]);
    await userEvent.keyboard("{Escape}");
    expect(field).toHaveValue("");
    expect(names()).toHaveLength(3);
  });

  it("offers to clear a filter that matches nothing", async () => {
    const field = await start();
    await userEvent.type(field, "postgres");
    expect(screen.getByText(/No image matches/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear the filter" }));
    expect(names()).toHaveLength(3);
  });

  it("remembers the query and sort across a restart", async () => {
    const field = await start();
    await userEvent.type(field, "reference=redis");
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Sort by" }),
      "Oldest first",
    );
    document.body.innerHTML = "";
    render(App, { props: { api: new FakeApi(images()) } });
    await screen.findByRole("list", { name: "Images" });
    expect(screen.getByRole("searchbox", { name: "Filter images" })).toHaveValue("reference=redis");
    expect(screen.getByRole("combobox", { name: "Sort by" })).toHaveValue("created:asc");
    expect(names()).toEqual(["redis:7"]);
  });
});
