import { shortId } from "../images/names";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import {
  childNodeId,
  containerNodeId,
  describePlan,
  fitName,
  fitText,
  groupId,
  mayDeleteAnImage,
  imageNodeId,
  layoutRemovalGraph,
  METRICS,
  tagNodeId,
  tagRemoval,
  type GraphNode,
  type RemovalGraph,
} from "./graph";
import {
  fakeCommand,
  fakeId,
  fakeImage,
  fakePlan,
  fakePlanImage,
  fakePlanContainer,
  fakeRmi,
  fakeUntagAction,
} from "../ipc/fake";
import type { ContainerState, ImageSummary, PlanAction, PlanChild, RemovalPlan } from "../ipc/api";

const container = fakePlanContainer;

const untagAction = fakeUntagAction;

/** A delete of `image` refused because `kid` is built on it; force refused too. */
function blockedByChild(image: ImageSummary, kid: PlanChild): RemovalPlan {
  const refused = { kind: "Refused", image: image.id, reason: "childImages", hard: true } as const;
  const rmiStep = fakeRmi(image.tags[0]!, image.id);
  return fakePlan({
    images: [
      fakePlanImage(image, {
        verdict: "blocked",
        reason: "childImages",
        forcedReason: "childImages",
      }),
    ],
    children: [kid],
    actions: [
      {
        kind: "delete",
        steps: [rmiStep],
        commands: [fakeCommand(rmiStep)],
        outcome: { ...refused, step: 0, container: null },
      },
    ],
  });
}

function child(name: string, parent: string): PlanChild {
  const id = fakeId(`child ${name}`);
  return { id, shortId: id.slice(7, 19), displayName: name, parent };
}

function node(graph: RemovalGraph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function overlaps(a: GraphNode, b: GraphNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every node inside the drawing, no two overlapping, every number finite. */
function expectTidy(graph: RemovalGraph) {
  expect(Number.isFinite(graph.width) && Number.isFinite(graph.height)).toBe(true);
  for (const n of graph.nodes) {
    for (const v of [n.x, n.y, n.width, n.height]) expect(Number.isFinite(v)).toBe(true);
    expect(n.x).toBeGreaterThanOrEqual(0);
    expect(n.y).toBeGreaterThanOrEqual(0);
    expect(n.x + n.width).toBeLessThanOrEqual(graph.width);
    expect(n.y + n.height).toBeLessThanOrEqual(graph.height);
  }
  for (let i = 0; i < graph.nodes.length; i++) {
    for (let j = i + 1; j < graph.nodes.length; j++) {
      const [a, b] = [graph.nodes[i], graph.nodes[j]];
      expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
  for (const e of graph.edges) {
    expect(e.points.length).toBeGreaterThanOrEqual(2);
    for (const p of e.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  }
}

function center(n: { x: number; width: number }) {
  return n.x + n.width / 2;
}

describe("layoutRemovalGraph", () => {
  it("draws one image with no containers as the image and its tag", () => {
    const image = fakeImage({ tags: ["nginx:alpine"], size: 47_900_000 });
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)] }));
    expect(graph.nodes.map((n) => [n.kind, n.label])).toEqual([
      ["image", "nginx:alpine"],
      ["tag", "nginx:alpine"],
    ]);
    const img = node(graph, imageNodeId(image.id));
    expect(img.sublabel).toBe(`${shortId(image.id)} · 47.9MB`);
    expect(img.state).toBeNull();
    expect(node(graph, tagNodeId(image.id, "nginx:alpine")).state).toBe("removed");
    expect(graph.edges).toEqual([
      expect.objectContaining({
        from: imageNodeId(image.id),
        to: tagNodeId(image.id, "nginx:alpine"),
        kind: "tag",
      }),
    ]);
    expect(graph.groups).toEqual([]);
    expectTidy(graph);
  });

  it("draws an untagged image alone", () => {
    const image = fakeImage({ tags: [] });
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)] }));
    expect(graph.nodes).toHaveLength(1);
    expect(graph.edges).toEqual([]);
    expectTidy(graph);
  });

  it("links containers to the image, coloured by state, and tags to the right", () => {
    const image = fakeImage({ tags: ["nginx:alpine", "nginx:1.27-alpine"] });
    const web = container("web-1", "running", image.id);
    const old = container("old-web", "exited", image.id);
    const graph = layoutRemovalGraph(
      fakePlan({ images: [fakePlanImage(image)], containers: [old, web] }),
    );
    expect(graph.nodes).toHaveLength(5);
    const running = node(graph, containerNodeId(web.id));
    const exited = node(graph, containerNodeId(old.id));
    expect([running.kind, running.label, running.sublabel, running.state]).toEqual([
      "container",
      "web-1",
      "running",
      "running",
    ]);
    expect([exited.label, exited.sublabel, exited.state]).toEqual(["old-web", "exited", "stopped"]);
    const img = node(graph, imageNodeId(image.id));
    const uses = graph.edges.filter((e) => e.kind === "uses");
    expect(uses.map((e) => [e.from, e.to]).sort()).toEqual(
      [
        [containerNodeId(web.id), img.id],
        [containerNodeId(old.id), img.id],
      ].sort(),
    );
    const tags = graph.edges.filter((e) => e.kind === "tag").map((e) => e.to);
    expect(tags).toEqual(image.tags.map((t) => tagNodeId(image.id, t)));
    // Left to right: containers, image, tags.
    for (const c of [running, exited]) expect(center(c)).toBeLessThan(center(img));
    for (const t of tags) expect(center(node(graph, t))).toBeGreaterThan(center(img));
    // Edges start at the container and end at the image.
    const edge = uses[0];
    const from = node(graph, edge.from);
    expect(edge.points[0].x).toBeCloseTo(from.x + from.width, 0);
    expect(edge.points[edge.points.length - 1].x).toBeCloseTo(img.x, 0);
    expectTidy(graph);
  });

  it("counts paused and restarting containers as running, created and dead as stopped", () => {
    const image = fakeImage();
    const states: ContainerState[] = ["paused", "restarting", "created", "dead", "removing"];
    const containers = states.map((s) => container(s, s, image.id));
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)], containers }));
    expect(containers.map((c) => node(graph, containerNodeId(c.id)).state)).toEqual([
      "running",
      "running",
      "stopped",
      "stopped",
      "stopped",
    ]);
  });

  it("marks selected tags removed and the others kept", () => {
    const image = fakeImage({ tags: ["app:1.0", "app:latest", "app:stable"] });
    const plan = fakePlan({
      images: [fakePlanImage(image, { selectedTags: ["app:latest"], verdict: "untagOnly" })],
      actions: [untagAction(image, ["app:latest"])],
    });
    const graph = layoutRemovalGraph(plan);
    const tags = graph.nodes.filter((n) => n.kind === "tag");
    expect(tags.map((t) => [t.label, t.state, t.sublabel])).toEqual([
      ["app:1.0", "kept", "kept"],
      ["app:latest", "removed", "removed"],
      ["app:stable", "kept", "kept"],
    ]);
    expectTidy(graph);
  });

  it("keeps every tag when nothing can go through, selected or not", () => {
    const image = fakeImage({ tags: ["base:1", "base:latest"] });
    const plan = blockedByChild(image, child("app:1.0", image.id));
    const tags = layoutRemovalGraph(plan).nodes.filter((n) => n.kind === "tag");
    expect(tags.map((t) => [t.label, t.state, t.sublabel])).toEqual([
      ["base:1", "kept", "kept"],
      ["base:latest", "kept", "kept"],
    ]);
    // The same with a tag chosen: refused, it stays.
    plan.images[0]!.selectedTags = ["base:1"];
    expect(
      layoutRemovalGraph(plan)
        .nodes.filter((n) => n.kind === "tag")
        .map((t) => t.state),
    ).toEqual(["kept", "kept"]);
  });

  it("draws the tags the given action takes away, not the selection", () => {
    const image = fakeImage({ tags: ["app:1.0", "app:latest"] });
    const plan = fakePlan({ images: [fakePlanImage(image)] });
    const states = (action: PlanAction | null) =>
      layoutRemovalGraph(plan, action)
        .nodes.filter((n) => n.kind === "tag")
        .map((t) => t.state);
    // By default the action the dialog opens on: the delete, which takes every tag.
    expect(layoutRemovalGraph(plan).nodes.filter((n) => n.state === "removed")).toHaveLength(2);
    expect(states(untagAction(image, ["app:latest"]))).toEqual(["kept", "removed"]);
    expect(states(null)).toEqual(["kept", "kept"]);
  });

  it("links a child image to the image it is built on", () => {
    const image = fakeImage({ tags: ["base:1"] });
    const kid = child("app:dev", image.id);
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)], children: [kid] }));
    const c = node(graph, childNodeId(kid.id));
    expect([c.kind, c.label, c.sublabel]).toEqual(["child", "app:dev", kid.shortId]);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ from: c.id, to: imageNodeId(image.id), kind: "built-on" }),
    );
    expect(center(c)).toBeLessThan(center(node(graph, imageNodeId(image.id))));
    expectTidy(graph);
  });

  it("wraps 50 containers into a grid without overlaps, within finite bounds", () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const containers = Array.from({ length: 50 }, (_, i) =>
      container(`worker-${i}`, i % 3 === 0 ? "running" : "exited", image.id),
    );
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)], containers }));
    const boxes = graph.nodes.filter((n) => n.kind === "container");
    // 24 drawn, running first; the group counts them all.
    expect(boxes).toHaveLength(24);
    expect(graph.moreContainers).toBe(26);
    expectTidy(graph);

    const gid = groupId("container", image.id);
    expect(graph.groups).toHaveLength(1);
    const group = graph.groups[0];
    expect(group).toMatchObject({
      id: gid,
      kind: "container",
      label: "50 containers · 17 running",
    });
    expect(group.members).toHaveLength(24);
    // Running containers come first in the grid.
    expect(boxes.slice(0, 17).every((b) => b.state === "running")).toBe(true);
    for (const b of boxes) {
      expect(b.group).toBe(gid);
      expect(b.x).toBeGreaterThanOrEqual(group.x);
      expect(b.y).toBeGreaterThanOrEqual(group.y);
      expect(b.x + b.width).toBeLessThanOrEqual(group.x + group.width);
      expect(b.y + b.height).toBeLessThanOrEqual(group.y + group.height);
    }
    // One edge leaves the grid instead of 50.
    expect(graph.edges.filter((e) => e.kind === "uses")).toEqual([
      expect.objectContaining({ from: gid, to: imageNodeId(image.id) }),
    ]);
    // Wrapped: far shorter than a 50-node column (50 × 38px).
    expect(graph.height).toBeLessThan(900);
    expect(graph.width).toBeLessThan(1200);
  });

  it("keeps six containers in a column and groups seven", () => {
    const image = fakeImage();
    const plan = (n: number): RemovalPlan =>
      fakePlan({
        images: [fakePlanImage(image)],
        containers: Array.from({ length: n }, (_, i) => container(`c${i}`, "exited", image.id)),
      });
    expect(layoutRemovalGraph(plan(6)).groups).toEqual([]);
    expect(layoutRemovalGraph(plan(7)).groups).toHaveLength(1);
    expectTidy(layoutRemovalGraph(plan(7)));
  });

  it("draws a multi-image selection with a container on each", () => {
    const a = fakeImage({ tags: ["app:1"] });
    const b = fakeImage({ tags: ["db:2"] });
    const ca = container("app-1", "running", a.id);
    const cb = container("db-1", "exited", b.id);
    const graph = layoutRemovalGraph(
      fakePlan({ images: [fakePlanImage(a), fakePlanImage(b)], containers: [ca, cb] }),
    );
    expect(graph.nodes.filter((n) => n.kind === "image").map((n) => n.label)).toEqual([
      "app:1",
      "db:2",
    ]);
    expect(graph.edges.filter((e) => e.kind === "uses").map((e) => [e.from, e.to])).toEqual([
      [containerNodeId(ca.id), imageNodeId(a.id)],
      [containerNodeId(cb.id), imageNodeId(b.id)],
    ]);
    expectTidy(graph);
  });

  it("keeps every image in the middle column when only one has containers", () => {
    const a = fakeImage({ tags: ["app:1", "app:with-a-much-longer-tag"] });
    const b = fakeImage({ tags: ["db:2"] });
    const graph = layoutRemovalGraph(
      fakePlan({
        images: [fakePlanImage(a), fakePlanImage(b)],
        containers: [
          container("app-1", "running", a.id),
          container("app-with-a-longer-name", "exited", a.id),
        ],
      }),
    );
    const [ia, ib] = [node(graph, imageNodeId(a.id)), node(graph, imageNodeId(b.id))];
    expect(center(ia)).toBeCloseTo(center(ib), 5);
    // Left column flush right, right column flush left; edges meet the aligned edges.
    const containers = graph.nodes.filter((n) => n.kind === "container");
    expect(new Set(containers.map((n) => n.x + n.width)).size).toBe(1);
    const tags = graph.nodes.filter((n) => n.kind === "tag");
    expect(new Set(tags.map((n) => n.x)).size).toBe(1);
    for (const e of graph.edges) {
      if (e.kind === "tag") expect(e.points.at(-1)?.x).toBe(node(graph, e.to).x);
      if (e.kind === "uses") {
        const from = node(graph, e.from);
        expect(e.points[0].x).toBe(from.x + from.width);
      }
    }
    expectTidy(graph);
  });

  it("fits long names with an ellipsis in the middle, keeping their end, and keeps the full label", () => {
    const name = "registry.example.com:5000/some-team/a-very-long-repository-name:2024.10.01-build";
    const image = fakeImage({ tags: [name] });
    const c = container(
      "an-extremely-long-container-name-from-compose-project-1",
      "running",
      image.id,
    );
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)], containers: [c] }));
    for (const n of graph.nodes) {
      expect(n.label.length).toBeGreaterThan(n.fitLabel.length);
      const [head, tail] = n.fitLabel.split("…");
      expect(n.label).toContain(head);
      expect(tail && n.label.endsWith(tail)).toBeTruthy();
    }
    expect(node(graph, imageNodeId(image.id)).width).toBe(METRICS.image.max);
    expect(node(graph, containerNodeId(c.id)).fitLabel).toBe("an-extreme…-project-1");
  });

  it("keeps names that differ only at their end apart", () => {
    const repo = "registry.example.com/myshop/backend";
    const image = fakeImage({ tags: [`${repo}:2024.06.01-rc1`, `${repo}:2024.06.01-rc2`] });
    const names = [1, 2, 3, 10].map((i) => `myshop-backend-worker-${i}`);
    const containers = names.map((n) => container(n, "exited", image.id));
    const graph = layoutRemovalGraph(fakePlan({ images: [fakePlanImage(image)], containers }));
    // A tag keeps its whole tag and its repository's last part; the start goes first.
    const tags = image.tags.map((t) => node(graph, tagNodeId(image.id, t)).fitLabel);
    expect(tags).toEqual(["registry…/backend:2024.06.01-rc1", "registry…/backend:2024.06.01-rc2"]);
    expect(node(graph, imageNodeId(image.id)).fitLabel).toMatch(/…\/backend:2024\.06\.01-rc1$/);
    // A container keeps its end.
    const fitted = containers.map((c) => node(graph, containerNodeId(c.id)).fitLabel);
    expect(fitted.map((f) => f.split("…")[1])).toEqual([
      "d-worker-1",
      "d-worker-2",
      "d-worker-3",
      "-worker-10",
    ]);
    expect(new Set(fitted).size).toBe(names.length);
  });

  it("returns an empty drawing for an empty plan", () => {
    const graph = layoutRemovalGraph(fakePlan());
    expect(graph).toMatchObject({ nodes: [], edges: [], groups: [] });
    expect(Number.isFinite(graph.width) && Number.isFinite(graph.height)).toBe(true);
  });
});

describe("fitName", () => {
  it("cuts a reference before its repository's last part and keeps the whole tag", () => {
    const ref = "registry.example.com/myshop/backend:2024.06.01-rc1";
    expect(fitName(ref, 1000, 10, "mono", "reference")).toBe(ref);
    expect(fitName(ref, 220, 10, "mono", "reference")).toBe("registry.ex…/backend:2024.06.01-rc1");
    // Too narrow for the last part whole: as much of it as fits, then the tag.
    expect(fitName(ref, 120, 10, "mono", "reference")).toBe("bac…:2024.06.01-rc1");
    expect(fitName("verylongrepositoryname:1.0", 120, 10, "mono", "reference")).toBe(
      "verylongreposi…:1.0",
    );
    // Too narrow for the tag: its start and end.
    expect(fitName(ref, 60, 10, "mono", "reference")).toBe("regi…-rc1");
  });

  it("cuts any other name in the middle, keeping at least as much of its end", () => {
    expect(fitName("myshop-backend-worker-10", 120, 10, "mono", "name")).toBe(
      "myshop-ba…worker-10",
    );
    expect(fitName("abcdefghij", 3, 10, "mono", "name")).toBe("…");
  });
});

describe("fitText", () => {
  it("leaves short text and cuts long text to the width", () => {
    expect(fitText("web", 100, 10)).toBe("web");
    expect(fitText("abcdefghij", 30, 10)).toBe("abcd…");
    expect(fitText("abcdefghij", 3, 10)).toBe("…");
  });
});

describe("describePlan", () => {
  it("summarises containers, running ones and children per image", () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const plan = fakePlan({
      images: [fakePlanImage(image)],
      containers: [container("web-1", "running", image.id), container("web-2", "exited", image.id)],
      children: [child("app:dev", image.id)],
    });
    expect(describePlan(plan)).toBe(
      "nginx:alpine: used by 2 containers (1 running), 1 image built on it",
    );
  });

  it("words unused images, stopped-only use and selected tags", () => {
    const a = fakeImage({ tags: ["a:1", "a:2"] });
    const b = fakeImage({ tags: ["b:1"] });
    const plan = fakePlan({
      images: [fakePlanImage(a, { selectedTags: ["a:2"] }), fakePlanImage(b)],
      containers: [container("b-1", "exited", b.id)],
    });
    // Only a:2 goes, and b is deleted whole.
    const done = plan.actions[0]!.outcome as Extract<PlanAction["outcome"], { kind: "Succeeds" }>;
    done.untagged = ["a:2", "b:1"];
    done.deleted = [b.id];
    expect(describePlan(plan)).toBe(
      "a:1: used by no containers, 1 of 2 tags removed; b:1: used by 1 container (none running)",
    );
  });
});

describe("the graph in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("describes the plan and labels groups in Spanish; names, IDs and sizes stay", () => {
    setLocale("es");
    const image = fakeImage({ tags: ["nginx:alpine"], size: 47_900_000 });
    const containers = Array.from({ length: 8 }, (_, i) =>
      fakePlanContainer(`worker-${i}`, i < 3 ? "running" : "exited", image.id),
    );
    const plan = fakePlan({ images: [fakePlanImage(image)], containers });
    expect(describePlan(plan)).toBe("nginx:alpine: la usan 8 contenedores (3 en ejecución)");
    const graph = layoutRemovalGraph(plan);
    expect(graph.groups.map((g) => g.label)).toEqual(["8 contenedores · en ejecución: 3"]);
    const node = graph.nodes.find((n) => n.kind === "image")!;
    expect([node.label, node.sublabel]).toEqual(["nginx:alpine", `${shortId(image.id)} · 47.9MB`]);
    expect(graph.nodes.find((n) => n.kind === "tag")!.sublabel).toBe("se quita");
  });
});

describe("tagRemoval", () => {
  it("removes what the action untags and every tag of an image it deletes", () => {
    const a = fakeImage({ tags: ["a:1", "a:2"] });
    const removes = tagRemoval(untagAction(a, ["a:2"]));
    expect([removes(a.id, "a:1"), removes(a.id, "a:2")]).toEqual([false, true]);
    const deleted = fakePlan({ images: [fakePlanImage(a)] }).actions[0]!;
    if (deleted.outcome.kind === "Succeeds") deleted.outcome.untagged = [];
    expect(tagRemoval(deleted)(a.id, "a:1")).toBe(true);
    expect(tagRemoval(null)(a.id, "a:1")).toBe(false);
  });
});

describe("mayDeleteAnImage", () => {
  it("is true for a whole image or all its tags, false for one tag among others", () => {
    const image = fakeImage({ tags: ["web:1", "web:2"] });
    const plan = (selectedTags: string[]) =>
      fakePlan({ images: [fakePlanImage(image, { selectedTags })] });
    expect(mayDeleteAnImage(plan([]))).toBe(true);
    expect(mayDeleteAnImage(plan(["web:1", "web:2"]))).toBe(true);
    expect(mayDeleteAnImage(plan(["web:1"]))).toBe(false);
  });
});
