import { shortId } from "../../lib/images/names";
import { render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import RemovalGraph from "./RemovalGraph.svelte";
import {
  fakeCommand,
  fakeId,
  fakeImage,
  fakePlan,
  fakePlanImage,
  fakePlanContainer,
  fakeRmi,
  fakeUntagAction,
} from "../../lib/ipc/fake";
import type { Outcome, PlanAction, RemovalPlan } from "../../lib/ipc/api";

const container = fakePlanContainer;

function action(kind: PlanAction["kind"], reference: string, image: string, outcome: Outcome) {
  const steps = [fakeRmi(reference, image)];
  return { kind, steps, commands: steps.map(fakeCommand), outcome };
}

const untagAction = fakeUntagAction;

/** base:1, which app:1.0 is built on: the delete is refused, and so is force (as
 * RemovalDialog.test's "when blocked" plan). */
function blockedByChild(): RemovalPlan {
  const img = fakeImage({ tags: ["base:1"] });
  const kid = fakeImage({ tags: ["app:1.0"] });
  const refused = (step: number): Outcome => ({
    kind: "Refused",
    step,
    image: img.id,
    reason: "childImages",
    hard: true,
    container: null,
  });
  return fakePlan({
    images: [
      fakePlanImage(img, {
        verdict: "blocked",
        reason: "childImages",
        forcedReason: "childImages",
      }),
    ],
    children: [{ id: kid.id, shortId: shortId(kid.id), displayName: "app:1.0", parent: img.id }],
    actions: [
      action("delete", "base:1", img.id, refused(0)),
      action("forceDelete", img.id, img.id, refused(0)),
    ],
  });
}

const nginx = fakeImage({ tags: ["nginx:alpine", "nginx:1.27-alpine"], size: 47_900_000 });
const childId = fakeId("child");

function nginxPlan(partial: Partial<RemovalPlan> = {}): RemovalPlan {
  return fakePlan({
    images: [fakePlanImage(nginx)],
    containers: [container("web-1", "running", nginx.id), container("old-web", "exited", nginx.id)],
    children: [
      { id: childId, shortId: childId.slice(7, 19), displayName: "app:dev", parent: nginx.id },
    ],
    ...partial,
  });
}

function renderGraph(plan: RemovalPlan) {
  render(RemovalGraph, { props: { plan } });
}

function nodeOf(svg: HTMLElement, label: string): Element {
  const text = within(svg).getByText(label);
  const node = text.closest(".node");
  if (!node) throw new Error(`${label} is not in a node`);
  return node;
}

afterEach(() => setLocale("en"));

describe("RemovalGraph", () => {
  it("scrolls in a region the keyboard reaches, named in both languages", () => {
    renderGraph(nginxPlan());
    const region = screen.getByRole("group", { name: "Diagram of the removal (scrolls)" });
    expect(region).toHaveAttribute("tabindex", "0");
    expect(within(region).getByRole("img")).toBeInTheDocument();
  });

  it("names the scrolling region in Spanish", () => {
    setLocale("es");
    renderGraph(nginxPlan());
    expect(
      screen.getByRole("group", { name: "Diagrama de la eliminación (se desplaza)" }),
    ).toHaveAttribute("tabindex", "0");
  });

  it("is an image named by a summary of the plan", () => {
    renderGraph(nginxPlan());
    expect(
      screen.getByRole("img", {
        name: "nginx:alpine: used by 2 containers (1 running), 1 image built on it",
      }),
    ).toBeInTheDocument();
  });

  it("draws the image, its tags, containers and child with their labels", () => {
    renderGraph(nginxPlan());
    const svg = screen.getByRole("img");
    for (const label of ["nginx:alpine", "nginx:1.27-alpine", "web-1", "old-web", "app:dev"]) {
      expect(within(svg).getAllByText(label).length).toBeGreaterThan(0);
    }
    expect(within(svg).getByText(`${shortId(nginx.id)} · 47.9MB`)).toBeInTheDocument();
    expect(svg.querySelectorAll(".node.image")).toHaveLength(1);
    expect(svg.querySelectorAll(".node.tag")).toHaveLength(2);
    expect(svg.querySelectorAll(".node.container")).toHaveLength(2);
    expect(svg.querySelectorAll(".node.child")).toHaveLength(1);
    expect(svg.querySelectorAll(".edge.uses")).toHaveLength(2);
    expect(svg.querySelectorAll(".edge.built-on")).toHaveLength(1);
    expect(svg.querySelectorAll(".edge.tag")).toHaveLength(2);
  });

  it("tells container states apart in words, not only colour", () => {
    renderGraph(nginxPlan());
    const svg = screen.getByRole("img");
    const running = nodeOf(svg, "web-1");
    const exited = nodeOf(svg, "old-web");
    expect(running).toHaveClass("running");
    expect(running).toHaveTextContent("running");
    expect(exited).toHaveClass("stopped");
    expect(exited).toHaveTextContent("exited");
  });

  it("marks selected tags removed and the others kept, in words", () => {
    renderGraph(
      fakePlan({
        images: [fakePlanImage(nginx, { selectedTags: ["nginx:1.27-alpine"] })],
        actions: [untagAction(nginx, ["nginx:1.27-alpine"])],
      }),
    );
    const svg = screen.getByRole("img");
    const tags = [...svg.querySelectorAll(".node.tag")];
    const alpine = tags.find((t) => t.querySelector(".label")?.textContent === "nginx:alpine");
    const pinned = tags.find((t) => t.querySelector(".label")?.textContent === "nginx:1.27-alpine");
    expect(alpine).toHaveClass("kept");
    expect(alpine?.querySelector(".sublabel")).toHaveTextContent("kept");
    expect(pinned).toHaveClass("removed");
    expect(pinned?.querySelector(".sublabel")).toHaveTextContent("removed");
    expect(screen.getByRole("list", { name: "Legend" })).toHaveTextContent("Tag kept");
  });

  it("says no tag is removed when nothing can go through", () => {
    renderGraph(blockedByChild());
    const svg = screen.getByRole("img");
    const tag = svg.querySelector(".node.tag")!;
    expect(tag.querySelector(".label")).toHaveTextContent("base:1");
    expect(tag).toHaveClass("kept");
    expect(tag).not.toHaveClass("removed");
    expect(tag.querySelector(".sublabel")).toHaveTextContent("kept");
    const legend = screen.getByRole("list", { name: "Legend" });
    expect(legend).not.toHaveTextContent("Tag removed");
    expect(legend).toHaveTextContent("Tag kept");
    const list = screen.getByRole("list", { name: "What the removal touches" });
    const items = within(list)
      .getAllByRole("listitem")
      .map((li) => li.textContent?.trim() ?? "");
    expect(items.filter((t) => /^Tag .*: removed$/.test(t))).toEqual([]);
    expect(items).toContain("Tag base:1: kept");
  });

  it("draws the tags of the action it is given: the one the user chose", () => {
    const plan = fakePlan({ images: [fakePlanImage(nginx)] });
    render(RemovalGraph, { props: { plan, action: untagAction(nginx, ["nginx:alpine"]) } });
    const list = screen.getByRole("list", { name: "What the removal touches" });
    expect(list).toHaveTextContent("Tag nginx:alpine: removed");
    expect(list).toHaveTextContent("Tag nginx:1.27-alpine: kept");
  });

  it("explains colours and edges in a legend", () => {
    renderGraph(nginxPlan());
    const legend = screen.getByRole("list", { name: "Legend" });
    for (const words of [
      "Selected image",
      "Running container",
      "Stopped container",
      "Image built on it",
      "Tag removed",
      "Container uses the image",
    ]) {
      expect(legend).toHaveTextContent(words);
    }
    // Nothing to explain about kept tags when every tag goes.
    expect(legend).not.toHaveTextContent("Tag kept");
    expect(legend).toHaveTextContent("Image built on it (blocks deletion)");
  });

  it("does not say an image built on it blocks removing one tag among others", () => {
    renderGraph(nginxPlan({ images: [fakePlanImage(nginx, { selectedTags: ["nginx:alpine"] })] }));
    const legend = screen.getByRole("list", { name: "Legend" });
    expect(legend).not.toHaveTextContent("blocks deletion");
    expect(legend).toHaveTextContent("Image built on it (does not stop removing a tag)");
  });

  it("lists the same facts for screen readers", () => {
    renderGraph(nginxPlan());
    const list = screen.getByRole("list", { name: "What the removal touches" });
    expect(list).toHaveTextContent(`Image nginx:alpine (${shortId(nginx.id)}, 47.9MB)`);
    // The engine's state word, and its group only where the two differ.
    expect(list).toHaveTextContent("Container web-1: running");
    expect(list).not.toHaveTextContent("running (running)");
    expect(list).toHaveTextContent("Container old-web: exited (stopped)");
    expect(list).toHaveTextContent("Tag nginx:alpine: removed");
    expect(list).toHaveTextContent("app:dev");
    expect(list).toHaveTextContent("built on it");
  });

  it("cuts a long name with an ellipsis and keeps it whole in a title", () => {
    const long = "registry.example.com:5000/some-team/a-very-long-repository-name:2024.10.01";
    const image = fakeImage({ tags: [long] });
    renderGraph(fakePlan({ images: [fakePlanImage(image)] }));
    const svg = screen.getByRole("img");
    const label = svg.querySelector(".node.image .label");
    // Cut before the tag, which stays whole, after as much of the repository's last part as fits.
    expect(label?.textContent).toBe("a-very-long-repository-…:2024.10.01");
    expect(label?.textContent?.length).toBeLessThan(long.length);
    expect(svg.querySelector(".node.image title")).toHaveTextContent(long);
  });

  it("draws 50 containers as a grid with one edge, the first 24 of them, and says so", () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const containers = Array.from({ length: 50 }, (_, i) =>
      container(`worker-${i}`, i < 5 ? "running" : "exited", image.id),
    );
    renderGraph(fakePlan({ images: [fakePlanImage(image)], containers }));
    const svg = screen.getByRole("img", {
      name: "nginx:alpine: used by 50 containers (5 running)",
    });
    expect(svg.querySelectorAll(".node.container")).toHaveLength(24);
    expect(svg.querySelectorAll(".group")).toHaveLength(1);
    expect(svg.querySelector(".group text")).toHaveTextContent("50 containers · 5 running");
    expect(svg.querySelectorAll(".edge.uses")).toHaveLength(1);
    const height = Number(svg.getAttribute("height"));
    expect(height).toBeGreaterThan(0);
    expect(height).toBeLessThan(24 * 38);
    expect(
      screen.getByText(/^26 more containers are not drawn \(running ones are drawn first\)/),
    ).toBeInTheDocument();
  });

  it("draws at most 12 of many images, those with containers first, and says how many more", () => {
    const images = Array.from({ length: 40 }, (_, i) => fakeImage({ tags: [`app${i}:1`] }));
    const used = images[30]!;
    const containers = [container("web-1", "running", used.id)];
    renderGraph(fakePlan({ images: images.map((i) => fakePlanImage(i)), containers }));
    const svg = screen.getByRole("img", { name: /app30:1: used by 1 container/ });
    expect(svg.querySelectorAll(".node.image")).toHaveLength(12);
    expect(svg.getAttribute("aria-label")!.length).toBeLessThan(1000);
    expect(
      screen.getByText("28 more images are not drawn; the list below names each."),
    ).toBeInTheDocument();
  });

  it("speaks Spanish, leaving Docker's names, IDs, sizes and states as Docker prints them", () => {
    setLocale("es");
    renderGraph(nginxPlan());
    const svg = screen.getByRole("img", {
      name: "nginx:alpine: la usan 2 contenedores (1 en ejecución), 1 imagen basada en ella",
    });
    expect(within(svg).getByText(`${shortId(nginx.id)} · 47.9MB`)).toBeInTheDocument();
    expect(nodeOf(svg, "web-1")).toHaveTextContent("running");
    expect(nodeOf(svg, "old-web")).toHaveTextContent("exited");
    for (const tag of svg.querySelectorAll(".node.tag")) expect(tag).toHaveTextContent("se quita");
    const legend = screen.getByRole("list", { name: "Leyenda" });
    expect(legend).toHaveTextContent("Imagen seleccionada");
    expect(legend).toHaveTextContent("Contenedor en ejecución (running, paused, restarting)");
    expect(legend).toHaveTextContent("Imagen basada en ella (impide eliminarla)");
    const list = screen.getByRole("list", { name: "A qué afecta la eliminación" });
    expect(list).toHaveTextContent(`Imagen nginx:alpine (${shortId(nginx.id)}, 47.9MB)`);
    expect(list).toHaveTextContent("Contenedor web-1: en ejecución");
    expect(list).toHaveTextContent("Etiqueta nginx:alpine: se quita");
  });

  it("rewords itself when the language changes", async () => {
    renderGraph(nginxPlan());
    expect(screen.getByRole("list", { name: "Legend" })).toBeInTheDocument();
    setLocale("es");
    expect(await screen.findByRole("list", { name: "Leyenda" })).toBeInTheDocument();
    expect(screen.getByRole("img")).toHaveAccessibleName(/^nginx:alpine: la usan 2 contenedores/);
  });
});
