import { displayName, shortId } from "../../lib/images/names";
import { cleanup, render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import ImageCard from "./ImageCard.svelte";
import { fakeImage } from "../../lib/ipc/fake";
import { setLocale } from "../../lib/i18n/locale.svelte";

afterEach(() => setLocale("en"));

const DAY = 24 * 60 * 60;
/** Seconds since the epoch, `days` ago. */
const daysAgo = (days: number) => Math.floor(Date.now() / 1000) - days * DAY;

function renderCard(image = fakeImage()) {
  render(ImageCard, { props: { image } });
  return screen.getByRole("listitem", { name: displayName(image) });
}

describe("ImageCard", () => {
  it("shows every repo:tag as a chip, the size, short ID and age", () => {
    const image = fakeImage({
      tags: ["registry.local:5000/team/app:1.0", "team/app:latest", "team/app:stable"],
      size: 236_000_000,
      created: daysAgo(15),
    });
    const card = renderCard(image);
    const chips = within(card).getByRole("group", { name: "Tags" });
    const chipTexts = [...chips.querySelectorAll(".chip")].map((chip) => chip.textContent);
    expect(chipTexts).toEqual(image.tags);
    expect(card).toHaveTextContent("236MB");
    expect(card).toHaveTextContent(shortId(image.id));
    expect(card).toHaveTextContent("2 weeks ago");
    // The heading is the repository, the registry port is not mistaken for a tag.
    expect(within(card).getByRole("heading")).toHaveTextContent("registry.local:5000/team/app");
  });

  it("says N/A for an image without a date (Go's zero time from engines before 25), not 2,000 years", () => {
    const card = renderCard(fakeImage({ tags: ["dateless:1"], created: -62135596800 }));
    const created = within(card).getByText("Created").nextElementSibling!;
    expect(created).toHaveTextContent(/^N\/A$/);
    expect(card.querySelector("time")).toBeNull();
    // The epoch itself is a date docker words like any other.
    cleanup();
    const epoch = renderCard(fakeImage({ tags: ["epoch:1"], created: 0 }));
    expect(epoch).toHaveTextContent(/\d+ years ago/);
  });

  it("is named by its first repo:tag", () => {
    renderCard(fakeImage({ tags: ["nginx:alpine", "nginx:1.27-alpine"] }));
    expect(screen.getByRole("listitem", { name: "nginx:alpine" })).toBeInTheDocument();
  });

  it("shows a dangling image as <none> with its ID", () => {
    const image = fakeImage({ tags: [] });
    const card = renderCard(image);
    expect(displayName(image)).toBe(`<none>@${shortId(image.id)}`);
    expect(within(card).getByRole("heading")).toHaveTextContent("<none>");
    expect(card).toHaveTextContent("<none>:<none>");
    expect(card).toHaveTextContent(shortId(image.id));
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
      dangling: false,
    });
    const card = renderCard(image);
    expect(card).toHaveTextContent("nginx:<none>");
    expect(within(card).getByTitle("nginx@sha256:abcd")).toHaveTextContent(/^nginx:<none>$/);
    // The Dangling filter shows it, and docker image prune removes it: the card says why.
    expect(card).toHaveTextContent(
      "No tag points to this image: only its digest names it, so docker image prune removes it, as a dangling one.",
    );
    // Used by a container (`docker pull nginx` moved the tag from under it): prune keeps it.
    const used = renderCard({
      ...image,
      id: "sha256:used",
      digests: ["redis@sha256:abcd"],
      containers: { running: 1, stopped: 0 },
    });
    expect(used).not.toHaveTextContent("No tag points to this image");
    // A tagged image with a digest elsewhere is no such image.
    const tagged = renderCard(fakeImage({ tags: ["app:1"], digests: ["nginx@sha256:abcd"] }));
    expect(tagged).not.toHaveTextContent("No tag points to this image");
    // Pulled by digest on the containerd store: the digest is a name there, which prune
    // keeps. The same name on the card, and no hint.
    const pinned = renderCard({
      ...image,
      id: "sha256:pinned",
      digests: ["alpine@sha256:abcd"],
      digestNamed: true,
    });
    expect(pinned).toHaveTextContent("alpine:<none>");
    expect(pinned).not.toHaveTextContent("No tag points to this image");
  });

  it("shows the <none> rows docker images prints beside the tags, one per repository", () => {
    const a = "nginx@sha256:" + "a".repeat(64);
    const b = "nginx@sha256:" + "b".repeat(64);
    const image = fakeImage({
      tags: ["myapp:v1"],
      // Two digests in nginx: one row; myapp has a tag: none.
      digests: [a, "myapp@sha256:" + "c".repeat(64), b],
    });
    const card = renderCard(image);
    const chips = within(card).getByRole("group", { name: "Tags" });
    const texts = [...chips.querySelectorAll(".chip")].map((chip) => chip.textContent);
    expect(texts).toEqual(["myapp:v1", "nginx:<none>"]);
    expect(chips.querySelector(".chip.none")).toHaveAttribute("title", `${a}\n${b}`);
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

describe("ImageCard long names", () => {
  // 50 characters: with the inspector open, a card is ~300px wide.
  const repository = "registry.example.org/teams/with/several/components";

  it("keeps the whole repository in the heading, where it may wrap after a slash", () => {
    expect(repository).toHaveLength(50);
    const card = renderCard(fakeImage({ tags: [`${repository}:1.0`] }));
    const heading = within(card).getByRole("heading");
    expect(heading).toHaveTextContent(repository);
    expect(heading).toHaveAttribute("title", repository);
    // Break opportunities after each slash, none inside the words.
    expect(heading.querySelectorAll("wbr")).toHaveLength(repository.split("/").length);
  });

  it("shortens a chip's repository in the middle, never its end or the tag", () => {
    const reference = `${repository}:2024.06.1-rc1`;
    const card = renderCard(fakeImage({ tags: [reference, "nginx:alpine"] }));
    const [long, short] = [...card.querySelectorAll<HTMLElement>(".chip")];
    // The whole reference is the chip's text and its title: nothing is lost, only hidden.
    expect(long).toHaveTextContent(reference);
    expect(long).toHaveAttribute("title", reference);
    // Only the head may be cut; the last component, the colon and the tag are kept whole.
    expect(long!.querySelector(".head")).toHaveTextContent(
      "registry.example.org/teams/with/several",
    );
    expect(long!.querySelector(".tail")).toHaveTextContent("/components:");
    expect(long!.querySelector(".tag")).toHaveTextContent("2024.06.1-rc1");
    // What the head leaves room for, in monospace characters.
    expect(long!.style.getPropertyValue("--kept")).toBe(`${"/components:2024.06.1-rc1".length}ch`);
    // A short reference has nothing to cut.
    expect(short!.querySelector(".head")).toBeNull();
    expect(short).toHaveTextContent("nginx:alpine");
    expect(short!.querySelector(".tag")).toHaveTextContent("alpine");
  });

  it("keeps a long repository and its usage badges both in the card", () => {
    const card = renderCard(
      fakeImage({ tags: [`${repository}:1.0`], containers: { running: 2, stopped: 1 } }),
    );
    expect(within(card).getByRole("heading")).toHaveTextContent(repository);
    expect(card).toHaveTextContent("2 running · 1 stopped");
  });
});

describe("ImageCard ages", () => {
  it("says how old the image is, with the exact date on hover", () => {
    const created = daysAgo(3);
    const card = renderCard(fakeImage({ created }));
    const time = card.querySelector("time")!;
    const iso = new Date(created * 1000).toISOString();
    expect(time).toHaveTextContent("3 days ago");
    expect(time).toHaveAttribute("datetime", iso);
    expect(time.getAttribute("title")).toContain(iso);
  });

  it("words seconds like the CLI, not cut", () => {
    const card = renderCard(fakeImage({ created: Math.floor(Date.now() / 1000) - 9 }));
    expect(card.querySelector("time")).toHaveTextContent(/^\d+ seconds ago$/);
  });
});

describe("ImageCard ages, as time goes by", () => {
  afterEach(() => vi.useRealTimers());

  it("moves on while the list stands still, as docker images would word it now", async () => {
    vi.useFakeTimers();
    const card = renderCard(fakeImage({ created: Math.floor(Date.now() / 1000) }));
    const time = card.querySelector("time")!;
    expect(time).toHaveTextContent("Less than a second ago");
    vi.advanceTimersByTime(5 * 60_000);
    await tick();
    expect(time).toHaveTextContent("5 minutes ago");
    // Unmounted on the fake clock that set its timer.
    cleanup();
  });
});

describe("ImageCard in Spanish", () => {
  it("says it in Spanish, with tags, sizes and IDs as docker prints them", () => {
    setLocale("es");
    const image = fakeImage({
      tags: ["registry.local:5000/team/app:1.0", "team/app:latest"],
      size: 236_000_000,
      created: daysAgo(15),
      containers: { running: 2, stopped: 1 },
    });
    render(ImageCard, { props: { image, onopen: vi.fn(), oncheck: vi.fn(), onremove: vi.fn() } });
    const card = screen.getByRole("listitem", { name: "registry.local:5000/team/app:1.0" });
    expect(card).toHaveTextContent("2 en ejecución · 1 detenido");
    expect(within(card).getByTitle(/Se crearon 3 contenedores/)).toBeInTheDocument();
    expect(within(card).getByRole("group", { name: "Etiquetas" })).toHaveTextContent(
      "registry.local:5000/team/app:1.0team/app:latest",
    );
    expect(card).toHaveTextContent("Tamaño 236MB");
    expect(card).toHaveTextContent(`ID de imagen ${shortId(image.id)}`);
    expect(card).toHaveTextContent("Creada hace 2 semanas");
    expect(
      within(card).getByRole("checkbox", { name: "Seleccionar registry.local:5000/team/app:1.0" }),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole("button", { name: "Inspeccionar registry.local:5000/team/app:1.0" }),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole("button", { name: "Eliminar registry.local:5000/team/app:1.0" }),
    ).toHaveAttribute("title", "Eliminar…");
  });

  it("words a dangling image and a single container in Spanish", () => {
    setLocale("es");
    const card = renderCard(fakeImage({ tags: [], containers: { running: 0, stopped: 1 } }));
    expect(card).toHaveTextContent("<none>:<none>");
    expect(card).toHaveTextContent(/Huérfana \(dangling\)/);
    expect(card).toHaveTextContent("1 detenido");
    expect(within(card).getByTitle(/Se creó 1 contenedor/)).toBeInTheDocument();
  });

  it("switches language in place", async () => {
    const card = renderCard(
      fakeImage({ containers: { running: 1, stopped: 0 }, created: daysAgo(3) }),
    );
    expect(card).toHaveTextContent("1 running");
    setLocale("es");
    await tick();
    expect(card).toHaveTextContent("1 en ejecución");
    expect(card).toHaveTextContent("hace 3 días");
  });
});

describe("ImageCard: a just-pulled image scrolls into view", () => {
  afterEach(() => {
    delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    vi.unstubAllGlobals();
  });

  it("smoothly, or at once when the system asks for reduced motion", async () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    const image = fakeImage();
    render(ImageCard, { props: { image, highlighted: true } });
    await tick();
    expect(scroll).toHaveBeenLastCalledWith({ block: "nearest", behavior: "smooth" });
    cleanup();

    vi.stubGlobal("matchMedia", (query: string) => ({
      matches: query === "(prefers-reduced-motion: reduce)",
    }));
    render(ImageCard, { props: { image, highlighted: true } });
    await tick();
    expect(scroll).toHaveBeenLastCalledWith({ block: "nearest", behavior: "auto" });
  });
});
