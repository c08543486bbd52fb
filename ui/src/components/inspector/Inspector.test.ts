import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import App from "../app/App.svelte";
import InspectorSummary from "./InspectorSummary.svelte";
import { FakeApi, fakeImage, fakeInspection } from "../../lib/ipc/fake";
import type { Selection } from "../../lib/ipc/api";

// Records the selection App opens the removal dialog with (whichever dialog it is).
const opened = vi.hoisted(() => [] as Selection[]);
vi.mock("../removal/RemovalDialog.svelte", async (importOriginal) => {
  const real = await importOriginal<{ default: (...args: unknown[]) => unknown }>();
  return {
    default: (anchor: unknown, props: { selection: Selection }) => {
      opened.push(structuredClone(props.selection));
      return real.default(anchor, props);
    },
  };
});

function setup() {
  const nginx = fakeImage({
    tags: ["nginx:alpine", "nginx:1.27-alpine"],
    labels: { maintainer: "NGINX Docker Maintainers" },
  });
  const api = new FakeApi([nginx, fakeImage({ tags: ["redis:7"] })]);
  render(App, { props: { api } });
  return { api, nginx };
}

async function openInspector(name: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Inspect ${name}` }));
  return screen.findByRole("complementary", { name: `Inspector: ${name}` });
}

describe("Inspector", () => {
  it("opens from a card with a summary that explains the ID", async () => {
    const { nginx } = setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(nginx.id);
    expect(panel).toHaveTextContent(/SHA-256 hash of the image's configuration/);
    expect(panel).toHaveTextContent("nginx:alpine, nginx:1.27-alpine");
    expect(panel).toHaveTextContent("linux/amd64");
    expect(panel).toHaveTextContent("/docker-entrypoint.sh");
    expect(panel).toHaveTextContent("nginx -g daemon off;");
    expect(panel).toHaveTextContent("80/tcp");
    expect(panel).toHaveTextContent("maintainer=NGINX Docker Maintainers");
    // The grid stays, with the open card marked.
    expect(screen.getByRole("list", { name: "Images" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Inspect nginx:alpine" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  it("opens with the keyboard", async () => {
    setup();
    const button = await screen.findByRole("button", { name: "Inspect redis:7" });
    button.focus();
    await userEvent.keyboard("{Enter}");
    expect(
      await screen.findByRole("complementary", { name: "Inspector: redis:7" }),
    ).toBeInTheDocument();
  });

  it("shows the engine's JSON as a tree", async () => {
    setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    await userEvent.click(within(panel).getByRole("tab", { name: "JSON" }));
    const tree = await within(panel).findByRole("tree", { name: "Image JSON" });
    expect(within(tree).getAllByRole("treeitem").length).toBeGreaterThan(3);
  });

  it("loads history when its tab is shown, and tabs move with arrow keys", async () => {
    const { api, nginx } = setup();
    api.histories.set(nginx.id, [
      {
        id: "<missing>",
        createdText: "3 weeks ago",
        createdBy: "COPY file:abc in /",
        size: 5_600,
        sizeText: "5.6kB",
        comment: "",
      },
    ]);
    const panel = await openInspector("nginx:alpine");
    expect(api.calls).not.toContain("imageHistory");
    within(panel).getByRole("tab", { name: "Summary" }).focus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(within(panel).getByRole("tab", { name: "History" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const table = await within(panel).findByRole("table");
    expect(table).toHaveTextContent("COPY file:abc in /");
    expect(table).toHaveTextContent("5.6kB");
    expect(table).toHaveTextContent("3 weeks ago");
  });

  it("says so when the image was removed meanwhile", async () => {
    const { api } = setup();
    api.images = api.images.slice(1); // removed behind our back; the grid is stale
    const panel = await openInspector("nginx:alpine");
    expect(await within(panel).findByRole("alert")).toHaveTextContent(/no longer on this engine/);
  });

  it("closes", async () => {
    setup();
    const panel = await openInspector("redis:7");
    await userEvent.click(within(panel).getByRole("button", { name: "Close inspector" }));
    expect(screen.queryByRole("complementary", { name: /Inspector/ })).not.toBeInTheDocument();
  });

  it("offers to remove each tag, opening the removal dialog for that tag alone", async () => {
    opened.length = 0;
    setup();
    const panel = await openInspector("nginx:alpine");
    await within(panel).findByText(/SHA-256/);
    expect(within(panel).getByRole("button", { name: "Remove tag nginx:alpine" })).toBeVisible();
    await userEvent.click(
      within(panel).getByRole("button", { name: "Remove tag nginx:1.27-alpine" }),
    );
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(opened).toEqual([{ images: [], tags: ["nginx:1.27-alpine"] }]);
  });
});

describe("InspectorSummary", () => {
  it("takes a tag-removal handler as a prop, and has no buttons without one", async () => {
    const image = fakeImage({ tags: ["a:1", "a:2"] });
    const onremovetag = vi.fn();
    const { unmount } = render(InspectorSummary, {
      props: { details: fakeInspection(image).details, onremovetag },
    });
    await userEvent.click(screen.getByRole("button", { name: "Remove tag a:2" }));
    expect(onremovetag).toHaveBeenCalledWith("a:2");
    unmount();
    render(InspectorSummary, { props: { details: fakeInspection(image).details } });
    expect(screen.getByText("a:1")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove tag/ })).not.toBeInTheDocument();
  });

  it("says a dangling image has no tags", () => {
    const image = fakeImage({ tags: [] });
    render(InspectorSummary, { props: { details: fakeInspection(image).details } });
    expect(screen.getByText("none (dangling)")).toBeInTheDocument();
  });
});
