// What changed on the engine since a plan or a prune preview was made, in one sentence a
// first-timer understands ("app:dev now points to another image (4f2a9c1b3d5e)."). Pure: the
// backend says what changed; this only words it.
import type { ContainerState, PlanChange, RemovalPlan } from "../ipc/api";
import { listWords, plural } from "../shared/words";

/** The images of the plan the user saw, to name them as the dialog did. */
export interface ChangeContext {
  images: readonly { id: string; displayName: string }[];
}

/** The 12 hex digits `docker images` shows, without `sha256:`. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/** A name worth showing: not `<none>:<none>` or `<none>@…`. */
const named = (name: string | undefined): name is string =>
  name !== undefined && name !== "" && !name.startsWith("<none>");

/** A phrase, and whether it starts with a name (which is never capitalised). */
interface Phrase {
  text: string;
  byName: boolean;
}

const byName = (text: string): Phrase => ({ text, byName: true });
const plain = (text: string): Phrase => ({ text, byName: false });

/** How `docker ps` would put a container's state, as an adjective. */
function stateWord(state: ContainerState): string {
  switch (state) {
    case "running":
    case "paused":
    case "restarting":
      return state;
    case "created":
      return "created, never started";
    case "exited":
      return "stopped";
    case "dead":
      return "dead";
    case "removing":
      return "being removed";
  }
}

const runs = (state: ContainerState) =>
  state === "running" || state === "paused" || state === "restarting";

class Namer {
  readonly #ctx: ChangeContext;
  constructor(ctx: ChangeContext) {
    this.#ctx = ctx;
  }

  /** "this image" when the plan has only it, else its name (unless one of `avoid`), else
   * "image 4f2a9c1b3d5e". */
  image(id: string, name?: string, avoid: readonly string[] = []): Phrase {
    const images = this.#ctx.images;
    if (images.length === 1 && images[0]!.id === id) return plain("this image");
    const known = name ?? images.find((i) => i.id === id)?.displayName;
    return named(known) && !avoid.includes(known) ? byName(known) : plain(`image ${shortId(id)}`);
  }
}

function phrase(change: PlanChange, namer: Namer, moved: ReadonlySet<string>): Phrase | null {
  switch (change.kind) {
    case "TagMoved":
      return byName(
        change.to === null
          ? `${change.reference} is no longer on the engine`
          : `${change.reference} now points to another image (${shortId(change.to)})`,
      );
    case "ImageGone":
      return named(change.name)
        ? byName(`${change.name} is no longer on the engine`)
        : plain(`image ${shortId(change.image)} is no longer on the engine`);
    case "ImageAdded":
      return named(change.name)
        ? byName(`${change.name} would now be removed too`)
        : plain(`an image with no name (${shortId(change.image)}) would now be removed too`);
    case "TagsChanged": {
      // A tag that moved is already said by its TagMoved.
      const removed = change.removed.filter((t) => !moved.has(t));
      const { added } = change;
      if (removed.length === 0 && added.length === 0) return null;
      // Not "app:dev no longer points to app:dev": name the image another way.
      const subject = namer.image(change.image, change.name, removed);
      const tags = (list: string[]) => `the ${plural(list.length, "tag")} ${listWords(list)}`;
      if (removed.length > 0 && added.length > 0)
        return {
          ...subject,
          text: `${subject.text} lost ${tags(removed)} and got ${listWords(added)}`,
        };
      if (removed.length > 0)
        return byName(
          `${listWords(removed)} no longer ${removed.length === 1 ? "points" : "point"} to ${subject.text}`,
        );
      return { ...subject, text: `${subject.text} now also has ${tags(added)}` };
    }
    case "ContainerAdded":
      return plain(
        `a new container, ${change.container} (${stateWord(change.state)}), now uses ${namer.image(change.image).text}`,
      );
    case "ContainerGone":
      return plain(`the container ${change.container} was removed`);
    case "ContainerStateChanged": {
      const { container: c, from, to } = change;
      if (to === "running")
        return byName(`${c} ${from === "paused" ? "was unpaused" : "started running"}`);
      if (to === "paused") return byName(`${c} was paused`);
      if (runs(from) && (to === "exited" || to === "dead")) return byName(`${c} stopped`);
      return byName(`${c} is now ${stateWord(to)}`);
    }
    case "ChildAdded": {
      const parent = namer.image(change.parent).text;
      return plain(
        named(change.child)
          ? `a new image, ${change.child}, is now built on ${parent}`
          : `a new image is now built on ${parent}`,
      );
    }
    case "OutcomeChanged":
      return plain("what Docker would do is different now");
  }
}

const sentenceStart = (p: Phrase) =>
  p.byName ? p.text : p.text.charAt(0).toUpperCase() + p.text.slice(1);

/** At most this many changes are spelled out; the rest are counted. */
const SHOWN = 3;

/**
 * What changed, in one sentence ending with a full stop: "web-1 started running.",
 * "2 things changed: app:dev now points to another image (4f2a9c1b3d5e); a new container,
 * web-2 (running), now uses this image."
 */
export function describeChanges(
  changes: readonly PlanChange[],
  ctx: ChangeContext = { images: [] },
): string {
  const namer = new Namer(ctx);
  const moved = new Set(changes.flatMap((c) => (c.kind === "TagMoved" ? [c.reference] : [])));
  const phrases = changes
    .map((c) => phrase(c, namer, moved))
    .filter((p): p is Phrase => p !== null);
  if (phrases.length === 0) return "Something on the engine changed.";
  if (phrases.length === 1) return `${sentenceStart(phrases[0]!)}.`;

  // A prune that grew: one list, not the same phrase again and again.
  if (changes.every((c) => c.kind === "ImageAdded")) {
    const names = changes.map((c) => (named(c.name) ? c.name : shortId(c.image)));
    const shown = names.length > SHOWN + 1 ? names.slice(0, SHOWN) : names;
    const rest = names.length - shown.length;
    const list = rest > 0 ? [...shown, `${rest} more images`] : shown;
    return `${listWords(list)} would now be removed too.`;
  }

  const shown = phrases.slice(0, SHOWN).map((p) => p.text);
  const rest = phrases.length - shown.length;
  return `${phrases.length} things changed: ${shown.join("; ")}${rest > 0 ? `; and ${rest} more` : ""}.`;
}

/** Whether two plans for the same selection show the same thing: the same images (tags,
 * verdicts, sizes), containers (and their states), children, and actions (steps and
 * outcomes). The plan's ID (the backend's handle on it) does not count. */
export function samePlan(a: RemovalPlan, b: RemovalPlan): boolean {
  const shown = (p: RemovalPlan) =>
    JSON.stringify([
      p.images,
      p.containers,
      p.children,
      p.podman,
      p.actions.map((x) => [x.kind, x.steps, x.outcome]),
    ]);
  return shown(a) === shown(b);
}
