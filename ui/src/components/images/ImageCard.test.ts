import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import ImageCard from "./ImageCard.svelte";
import { fakeImage } from "../../lib/ipc/fake";

function renderCard(image = fakeImage()) {
  render(ImageCard, { props: { image } });
  return screen.getByRole("listitem", { name: image.displayName });
}

describe("ImageCard", () => {
  it("shows every repo:tag as a chip, the size, short ID and age", () => {
    const image = fakeImage({
      tags: ["registry.local:5000/team/app:1.0", "team/app:latest", "team/app:stable"],
      sizeText: "236MB",
      createdText: "2 weeks ago",
    });
    const card = renderCard(image);
    const chips = within(card).getByRole("group", { name: "Tags" });
    const chipTexts = [...chips.querySelectorAll(".chip")].map((chip) => chip.textContent);
    expect(chipTexts).toEqual(image.tags);
    expect(card).toHaveTextContent("236MB");
    expect(card).toHaveTextContent(image.shortId);
    expect(card).toHaveTextContent("2 weeks ago");
    // The heading is the repository, the registry port is not mistaken for a tag.
    expect(within(card).getByRole("heading")).toHaveTextContent("registry.local:5000/team/app");
  });

  it("is named by its first repo:tag", () => {
    renderCard(fakeImage({ tags: ["nginx:alpine", "nginx:1.27-alpine"] }));
    expect(screen.getByRole("listitem", { name: "nginx:alpine" })).toBeInTheDocument();
  });

  it("shows a dangling image as <none> with its ID", () => {
    const image = fakeImage({ tags: [] });
    const card = renderCard(image);
    expect(image.displayName).toBe(`<none>@${image.shortId}`);
    expect(within(card).getByRole("heading")).toHaveTextContent("<none>");
    expect(card).toHaveTextContent("<none>:<none>");
    expect(card).toHaveTextContent(image.shortId);
    expect(card).toHaveTextContent(/dangling/i);
  });

  it("badges running and stopped containers", () => {
    const card = renderCard(fakeImage({ containers: { running: 2, stopped: 1 } }));
    expect(card).toHaveTextContent("2 running · 1 stopped");
  });

  it("has no badge when no container uses the image", () => {
    const card = renderCard(fakeImage({ containers: { running: 0, stopped: 0 } }));
    expect(card).not.toHaveTextContent(/running|stopped/);
  });

  it("names digest-only images by repository", () => {
    const image = fakeImage({
      tags: [],
      digests: ["nginx@sha256:abcd"],
      displayName: "nginx:<none>",
      dangling: false,
    });
    const card = renderCard(image);
    expect(card).toHaveTextContent("nginx:<none>");
  });
});

describe("ImageCard actions", () => {
  function renderActive(checked = false) {
    const image = fakeImage({ tags: ["redis:7"] });
    const onopen = vi.fn();
    const oncheck = vi.fn();
    const onremove = vi.fn();
    render(ImageCard, { props: { image, checked, onopen, oncheck, onremove } });
    return {
      image,
      onopen,
      oncheck,
      onremove,
      card: screen.getByRole("listitem", { name: "redis:7" }),
    };
  }

  it("has a checkbox that picks the card without opening the inspector", async () => {
    const { image, onopen, oncheck } = renderActive();
    const user = userEvent.setup();
    await user.click(screen.getByRole("checkbox", { name: "Select redis:7" }));
    expect(oncheck).toHaveBeenCalledWith(image.id, true, false);
    await user.keyboard("{Shift>}");
    await user.click(screen.getByRole("checkbox", { name: "Select redis:7" }));
    await user.keyboard("{/Shift}");
    expect(oncheck).toHaveBeenLastCalledWith(image.id, false, true);
    expect(onopen).not.toHaveBeenCalled();
  });

  it("has a Remove button that does not open the inspector", async () => {
    const { image, onopen, onremove } = renderActive();
    await userEvent.click(screen.getByRole("button", { name: "Remove redis:7" }));
    expect(onremove).toHaveBeenCalledWith(image.id);
    expect(onopen).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Inspect redis:7" }));
    expect(onopen).toHaveBeenCalledWith(image.id);
  });

  it("marks a picked card with a ticked checkbox, not colour alone", () => {
    const { card } = renderActive(true);
    expect(within(card).getByRole("checkbox", { name: "Select redis:7" })).toBeChecked();
    expect(card).toHaveClass("checked");
  });

  it("has no checkbox or Remove button without handlers", () => {
    const card = renderCard(fakeImage({ tags: ["redis:7"] }));
    expect(within(card).queryByRole("checkbox")).not.toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
  });
});
