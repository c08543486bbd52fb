// The dependency graph shown before a removal, laid out without a DOM: which containers use
// each selected image, which images are built on it, and which of its tags the action drawn
// takes away (none when nothing can go through). The component
// only draws what `layoutRemovalGraph` returns. Text widths are estimated from character
// counts (jsdom has no layout), so every label also comes fitted to its node.
import { graphlib, layout } from "@dagrejs/dagre";
import type { EdgeLabel, GraphLabel, NodeLabel } from "@dagrejs/dagre";
import type { ContainerState, PlanAction, RemovalPlan } from "../ipc/api";
import { m } from "../i18n/messages";
import { defaultAction } from "./outcome";

export type NodeKind = "image" | "tag" | "container" | "child";

/**
 * How a node is coloured: containers are running or stopped, tags removed (by the action
 * drawn) or kept, images and children have no state.
 */
export type NodeState = "running" | "stopped" | "removed" | "kept" | null;

/** `uses`: container → image; `built-on`: child → image; `tag`: image → tag. */
export type EdgeKind = "uses" | "built-on" | "tag";

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Full text (image display name, tag, container name, child display name). */
  label: string;
  /** Second line: short ID and size, container state, `removed`/`kept`. */
  sublabel: string;
  state: NodeState;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** `label` cut in the middle (see `fitName`) and `sublabel` at its end, with an ellipsis,
   * to fit the node. */
  fitLabel: string;
  fitSublabel: string;
  /** The group the node is drawn in, when its image has too many of them for one column. */
  group: string | null;
}

/**
 * A grid of same-kind nodes (say 50 containers of one image) laid out as one box; a single
 * edge leaves the box in place of one edge per member.
 */
export interface GraphGroup {
  id: string;
  kind: NodeKind;
  /** The image the members belong to (graph node ID). */
  image: string;
  /** `12 containers · 3 running`. */
  label: string;
  fitLabel: string;
  x: number;
  y: number;
  width: number;
  height: number;
  members: string[];
}

export interface GraphEdge {
  /** A node ID, or a group ID for a grouped bucket. */
  from: string;
  to: string;
  kind: EdgeKind;
  points: { x: number; y: number }[];
}

export interface RemovalGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  width: number;
  height: number;
  /** Containers not drawn (`GRAPH_CONTAINERS` per image at most): their groups count them. */
  moreContainers: number;
}

/** How many selected images the graph draws. Past that (Select all, then Delete) a drawing
 * of hundreds is neither readable nor quick to lay out (seconds at 1,000, and tens of
 * thousands of pixels tall); the list of verdicts under it names every image. */
export const GRAPH_IMAGES = 12;

/** How many containers of one image the graph draws, running ones first: with hundreds, the
 * image itself would sit thousands of pixels down, out of sight when the dialog opens. The
 * group's label counts them all. */
export const GRAPH_CONTAINERS = 24;

/** The part of `plan` the graph draws: at most `GRAPH_IMAGES` images, those used by
 * containers or with images built on them first (what the user must look at), and what is
 * theirs; `more`: how many images are left out. */
export function graphedPart(plan: RemovalPlan): { plan: RemovalPlan; more: number } {
  if (plan.images.length <= GRAPH_IMAGES) return { plan, more: 0 };
  const busy = (id: string) =>
    plan.containers.some((c) => c.imageId === id) || plan.children.some((c) => c.parent === id);
  const images = plan.images
    .map((image, i) => ({ image, i, busy: busy(image.id) }))
    .sort((a, b) => Number(b.busy) - Number(a.busy) || a.i - b.i)
    .slice(0, GRAPH_IMAGES)
    .sort((a, b) => a.i - b.i)
    .map(({ image }) => image);
  const ids = new Set(images.map((i) => i.id));
  return {
    plan: {
      ...plan,
      images,
      containers: plan.containers.filter((c) => ids.has(c.imageId)),
      children: plan.children.filter((c) => ids.has(c.parent)),
    },
    more: plan.images.length - images.length,
  };
}

/** Geometry the layout uses; the component reads fonts and paddings from here too. */
export const METRICS = {
  padX: 10,
  /** Room for the state mark (dot) left of a container's text. */
  markWidth: 14,
  /** Accent bar on the image node's left edge. */
  barWidth: 5,
  gap: 8,
  groupPad: 8,
  groupHeader: 22,
  margin: 8,
  image: { height: 48, min: 150, max: 320, label: 13, sublabel: 11 },
  container: { height: 38, min: 110, max: 200, label: 12, sublabel: 11 },
  child: { height: 38, min: 130, max: 260, label: 12, sublabel: 11 },
  tag: { height: 34, min: 80, max: 240, label: 11, sublabel: 10 },
  /** A bucket (one image's containers, children or tags) larger than this becomes a grid. */
  groupAbove: 6,
} as const;

/** Average advance per character, in ems: generous so estimates err on the wide side. */
const EM = { sans: 0.6, bold: 0.64, mono: 0.62 } as const;
type Face = keyof typeof EM;

/** Estimated width of `text` in `size`px of `face`. */
export function textWidth(text: string, size: number, face: Face = "sans"): number {
  return [...text].length * size * EM[face];
}

/** `text` cut with an ellipsis to fit `width` px; unchanged when it fits. */
export function fitText(text: string, width: number, size: number, face: Face = "sans"): string {
  const chars = [...text];
  const per = size * EM[face];
  const max = Math.floor(width / per);
  if (chars.length <= max) return text;
  if (max <= 1) return "…";
  return `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * A name cut in the middle to fit `width` px, so names that differ only at their end (tags
 * `…-rc1` and `…-rc2`, containers `…-worker-1` and `…-worker-10`) stay apart; unchanged when it
 * fits. A `reference` (`registry.example.com/shop/backend:1.0`) keeps its whole `:tag` and its
 * repository's last part (as much of it as fits) after the ellipsis, and its start before
 * it; any other name keeps its start and its end, the end at least as long as the start.
 */
export function fitName(
  text: string,
  width: number,
  size: number,
  face: Face,
  kind: "reference" | "name",
): string {
  const chars = [...text];
  const max = Math.floor(width / (size * EM[face]));
  if (chars.length <= max) return text;
  if (max <= 1) return "…";
  const cut = (head: readonly string[], tail: readonly string[]) =>
    `${head.join("")}…${tail.join("")}`;
  const slash = text.lastIndexOf("/");
  const colon = text.indexOf(":", slash + 1);
  if (kind === "reference" && colon > 0 && !text.includes("@")) {
    const tag = [...text.slice(colon)];
    if (tag.length + 1 <= max) {
      // "/backend:2024.06.01-rc1" whole, after as much of the start as fits.
      const last = [...text.slice(slash + 1, colon)];
      const end = [...(slash >= 0 ? "/" : ""), ...last, ...tag];
      const room = max - 1 - end.length;
      if (slash >= 0 && room >= 0) return cut(chars.slice(0, room), end);
      // Else the last part's start, then the whole tag: "backe…:2024.06.01-rc1".
      return cut(last.slice(0, max - 1 - tag.length), tag);
    }
  }
  const tail = Math.ceil((max - 1) / 2);
  return cut(chars.slice(0, max - 1 - tail), chars.slice(chars.length - tail));
}

/** Some image of `plan` may be deleted, not only some of its tags removed: only then do
 * images built on it stand in the way (`docker rmi` of one tag among others just untags). */
export function mayDeleteAnImage(plan: RemovalPlan): boolean {
  return plan.images.some(
    (i) => i.selectedTags.length === 0 || i.selectedTags.length >= i.tags.length,
  );
}

/**
 * Whether `action` takes the tag `tag` away from image `imageId`: it untags it, or deletes the
 * image. A selected tag is not "removed" when nothing can go through: `action` null (nothing is
 * offered) or refused takes nothing away.
 */
export function tagRemoval(action: PlanAction | null): (imageId: string, tag: string) => boolean {
  if (action?.outcome.kind !== "Succeeds") return () => false;
  const untagged = new Set(action.outcome.untagged);
  const deleted = new Set<string>(action.outcome.deleted);
  return (imageId, tag) => untagged.has(tag) || deleted.has(imageId);
}

/** Containers the engine counts as running (moby's `IsRunning()`). */
export function isRunning(state: ContainerState): boolean {
  return state === "running" || state === "paused" || state === "restarting";
}

/** "nginx:alpine: used by 2 containers (1 running), 1 image built on it"; images joined by "; ".
 * Tags count as removed as `action` (by default the one the dialog opens on) removes them. */
export function describePlan(
  plan: RemovalPlan,
  action: PlanAction | null = defaultAction(plan),
): string {
  const removes = tagRemoval(action);
  return plan.images
    .map((image) => {
      const containers = plan.containers.filter((c) => c.imageId === image.id);
      const running = containers.filter((c) => isRunning(c.state)).length;
      const children = plan.children.filter((c) => c.parent === image.id).length;
      const parts = [
        containers.length === 0
          ? m.removal_graph_unused()
          : m.removal_graph_used_by({
              count: containers.length,
              running: running === 0 ? m.removal_graph_none() : String(running),
            }),
      ];
      if (children > 0) parts.push(m.removal_graph_children({ count: children }));
      if (image.selectedTags.length > 0) {
        parts.push(
          m.removal_graph_tags_removed({
            removed: image.tags.filter((t) => removes(image.id, t)).length,
            count: image.tags.length,
          }),
        );
      }
      return m.removal_graph_image({ name: image.displayName, parts: parts.join(", ") });
    })
    .join("; ");
}

export const imageNodeId = (id: string) => `image:${id}`;
export const tagNodeId = (imageId: string, tag: string) => `tag:${imageId}:${tag}`;
export const containerNodeId = (id: string) => `container:${id}`;
export const childNodeId = (id: string) => `child:${id}`;
export const groupId = (kind: NodeKind, imageId: string) => `group:${kind}:${imageId}`;

type Spec = Omit<GraphNode, "x" | "y" | "group">;

/** A node's size and fitted text from its kind and words. */
function sized(
  id: string,
  kind: NodeKind,
  label: string,
  sublabel: string,
  state: NodeState,
): Spec {
  const size = METRICS[kind];
  const labelFace: Face = kind === "tag" ? "mono" : "bold";
  const subFace: Face = kind === "container" || kind === "tag" ? "sans" : "mono";
  const inset =
    2 * METRICS.padX +
    (kind === "container" ? METRICS.markWidth : 0) +
    (kind === "image" ? METRICS.barWidth : 0);
  const want = Math.max(
    textWidth(label, size.label, labelFace),
    textWidth(sublabel, size.sublabel, subFace),
  );
  const width = Math.ceil(Math.min(size.max, Math.max(size.min, want + inset)));
  const room = width - inset;
  return {
    id,
    kind,
    label,
    sublabel,
    state,
    width,
    height: size.height,
    // Image, tag and child names are references; a container's is its own.
    fitLabel: fitName(
      label,
      room,
      size.label,
      labelFace,
      kind === "container" ? "name" : "reference",
    ),
    fitSublabel: fitText(sublabel, room, size.sublabel, subFace),
  };
}

interface Bucket {
  image: string;
  kind: NodeKind;
  /** Edge direction relative to the image: members on the left point at it. */
  side: "left" | "right";
  edge: EdgeKind;
  members: Spec[];
  label: string;
}

/** Columns of a grid of `n` cells: as many as fit a width budget, no more than a square needs. */
function gridColumns(n: number, cellWidth: number, kind: NodeKind): number {
  const budget = kind === "tag" ? 360 : 480;
  const fit = Math.floor((budget + METRICS.gap) / (cellWidth + METRICS.gap));
  return Math.max(2, Math.min(fit, Math.ceil(Math.sqrt(n))));
}

/** Lays out `plan` as a left-to-right graph: containers and children, image, tags; the tags
 * `action` (by default the one the dialog opens on) takes away marked removed. */
export function layoutRemovalGraph(
  plan: RemovalPlan,
  action: PlanAction | null = defaultAction(plan),
): RemovalGraph {
  const removes = tagRemoval(action);
  const imageIds = new Set(plan.images.map((i) => i.id));
  const specs: Spec[] = [];
  const buckets: Bucket[] = [];
  let moreContainers = 0;

  for (const image of plan.images) {
    const id = imageNodeId(image.id);
    specs.push(sized(id, "image", image.displayName, `${image.shortId} · ${image.sizeText}`, null));

    const tags = image.tags.map((tag) => {
      const removed = removes(image.id, tag);
      return sized(
        tagNodeId(image.id, tag),
        "tag",
        tag,
        removed ? m.removal_graph_tag_removed() : m.removal_graph_tag_kept(),
        removed ? "removed" : "kept",
      );
    });
    const removedTags = tags.filter((t) => t.state === "removed").length;
    buckets.push({
      image: id,
      kind: "tag",
      side: "right",
      edge: "tag",
      members: tags,
      label: m.removal_graph_group_tags({ count: tags.length, removed: removedTags }),
    });

    // Running containers first: they are what blocks a removal.
    const all = plan.containers
      .filter((c) => c.imageId === image.id)
      .map((c, i) => ({ c, i }))
      .sort((a, b) => Number(isRunning(b.c.state)) - Number(isRunning(a.c.state)) || a.i - b.i);
    const running = all.filter(({ c }) => isRunning(c.state)).length;
    moreContainers += Math.max(0, all.length - GRAPH_CONTAINERS);
    const containers = all
      .slice(0, GRAPH_CONTAINERS)
      .map(({ c }) =>
        sized(
          containerNodeId(c.id),
          "container",
          c.name,
          c.state,
          isRunning(c.state) ? "running" : "stopped",
        ),
      );
    buckets.push({
      image: id,
      kind: "container",
      side: "left",
      edge: "uses",
      members: containers,
      label: m.removal_graph_group_containers({ count: all.length, running }),
    });

    const children = plan.children
      .filter((c) => c.parent === image.id)
      .map((c) => sized(childNodeId(c.id), "child", c.displayName, c.shortId, null));
    buckets.push({
      image: id,
      kind: "child",
      side: "left",
      edge: "built-on",
      members: children,
      label: m.removal_graph_children({ count: children.length }),
    });
  }

  // Containers and children of an image not in the plan (should not happen): shown, unlinked.
  for (const c of plan.containers) {
    if (imageIds.has(c.imageId)) continue;
    const state = isRunning(c.state) ? "running" : "stopped";
    specs.push(sized(containerNodeId(c.id), "container", c.name, c.state, state));
  }
  for (const c of plan.children) {
    if (imageIds.has(c.parent)) continue;
    specs.push(sized(childNodeId(c.id), "child", c.displayName, c.shortId, null));
  }

  if (specs.length === 0)
    return { nodes: [], edges: [], groups: [], width: 0, height: 0, moreContainers };

  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({
    rankdir: "LR",
    nodesep: 10,
    edgesep: 8,
    ranksep: 56,
    marginx: METRICS.margin,
    marginy: METRICS.margin,
  });
  g.setDefaultEdgeLabel(() => ({}));

  const edges: { from: string; to: string; kind: EdgeKind }[] = [];
  const link = (member: string, bucket: Bucket) =>
    bucket.side === "left"
      ? edges.push({ from: member, to: bucket.image, kind: bucket.edge })
      : edges.push({ from: bucket.image, to: member, kind: bucket.edge });

  for (const spec of specs) g.setNode(spec.id, { width: spec.width, height: spec.height });

  interface Grid {
    bucket: Bucket;
    id: string;
    cols: number;
    cellWidth: number;
    cellHeight: number;
    width: number;
    height: number;
  }
  const grids: Grid[] = [];
  const loose: Spec[] = [];
  for (const bucket of buckets) {
    if (bucket.members.length > METRICS.groupAbove) {
      const cellWidth = Math.max(...bucket.members.map((member) => member.width));
      const cols = gridColumns(bucket.members.length, cellWidth, bucket.kind);
      const rows = Math.ceil(bucket.members.length / cols);
      const cellHeight = METRICS[bucket.kind].height;
      const width = 2 * METRICS.groupPad + cols * cellWidth + (cols - 1) * METRICS.gap;
      const height =
        METRICS.groupHeader + METRICS.groupPad + rows * cellHeight + (rows - 1) * METRICS.gap;
      const id = groupId(bucket.kind, bucket.image.slice("image:".length));
      for (const member of bucket.members) member.width = cellWidth;
      grids.push({ bucket, id, cols, cellWidth, cellHeight, width, height });
      g.setNode(id, { width, height });
      link(id, bucket);
    } else {
      for (const member of bucket.members) {
        loose.push(member);
        g.setNode(member.id, { width: member.width, height: member.height });
        link(member.id, bucket);
      }
    }
  }
  for (const e of edges) g.setEdge(e.from, e.to);
  // An image with nothing on its left would slide into the left column: a spacer holds it in
  // the middle one.
  const linked = new Set(edges.filter((e) => e.kind !== "tag").map((e) => e.to));
  if (linked.size > 0) {
    for (const image of plan.images) {
      const id = imageNodeId(image.id);
      if (linked.has(id)) continue;
      g.setNode(`spacer:${id}`, { width: 1, height: 1 });
      g.setEdge(`spacer:${id}`, id);
    }
  }

  layout(g);

  // Boxes dagre placed (nodes outside grids, and grids), as top-left corners.
  interface Box {
    x: number;
    y: number;
    width: number;
    height: number;
    side: "left" | "middle" | "right";
  }
  const boxes = new Map<string, Box>();
  const put = (id: string, side: Box["side"]) => {
    const n = g.node(id);
    boxes.set(id, {
      x: (n.x ?? 0) - n.width / 2,
      y: (n.y ?? 0) - n.height / 2,
      width: n.width,
      height: n.height,
      side,
    });
  };
  const sideOf = (kind: NodeKind) =>
    kind === "image" ? "middle" : kind === "tag" ? "right" : "left";
  for (const spec of [...specs, ...loose]) put(spec.id, sideOf(spec.kind));
  for (const grid of grids) put(grid.id, grid.bucket.side);

  // dagre centres each column; align the left columns on their right edge and the right ones
  // on their left edge, so edges meet them in a straight line.
  const columns = new Map<string, Box[]>();
  for (const box of boxes.values()) {
    if (box.side === "middle") continue;
    const key = `${box.side}:${Math.round(box.x + box.width / 2)}`;
    columns.set(key, [...(columns.get(key) ?? []), box]);
  }
  for (const column of columns.values()) {
    if (column[0].side === "left") {
      const right = Math.max(...column.map((b) => b.x + b.width));
      for (const b of column) b.x = right - b.width;
    } else {
      const left = Math.min(...column.map((b) => b.x));
      for (const b of column) b.x = left;
    }
  }
  const clampY = (y: number, box: Box) => Math.min(box.y + box.height - 6, Math.max(box.y + 6, y));

  const nodes: GraphNode[] = [];
  for (const spec of [...specs, ...loose]) {
    const { x, y } = boxes.get(spec.id)!;
    nodes.push({ ...spec, group: null, x, y });
  }
  const groups: GraphGroup[] = grids.map((grid) => {
    const box = boxes.get(grid.id)!;
    grid.bucket.members.forEach((member, i) => {
      const col = i % grid.cols;
      const row = Math.floor(i / grid.cols);
      nodes.push({
        ...member,
        group: grid.id,
        x: box.x + METRICS.groupPad + col * (grid.cellWidth + METRICS.gap),
        y: box.y + METRICS.groupHeader + row * (grid.cellHeight + METRICS.gap),
      });
    });
    return {
      id: grid.id,
      kind: grid.bucket.kind,
      image: grid.bucket.image,
      label: grid.bucket.label,
      fitLabel: fitText(grid.bucket.label, grid.width - 2 * METRICS.groupPad, 11, "bold"),
      x: box.x,
      y: box.y,
      width: grid.width,
      height: grid.height,
      members: grid.bucket.members.map((member) => member.id),
    };
  });

  const laidEdges = edges.map((e) => {
    const points = (g.edge(e.from, e.to)?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const from = boxes.get(e.from)!;
    const to = boxes.get(e.to)!;
    if (points.length > 0 && from.side === "left") {
      points[0] = { x: from.x + from.width, y: clampY(points[0].y, from) };
    }
    if (points.length > 0 && to.side === "right") {
      points[points.length - 1] = { x: to.x, y: clampY(points[points.length - 1].y, to) };
    }
    return { ...e, points };
  });

  const label = g.graph();
  return {
    nodes,
    groups,
    edges: laidEdges,
    width: Math.ceil(label.width ?? 0),
    height: Math.ceil(label.height ?? 0),
    moreContainers,
  };
}
