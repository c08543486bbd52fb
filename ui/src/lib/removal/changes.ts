// What changed on the engine since a plan or a prune preview was made, in one sentence a
// first-timer understands ("app:dev now points to another image (4f2a9c1b3d5e)."). Pure: the
// backend says what changed; this only words it.
import type { ContainerState, PlanChange } from "../ipc/api";
import { listWords } from "../i18n/format";
import { m } from "../i18n/messages";
import { shortId } from "../images/names";
import { addressNames } from "../app/known-engines.svelte";

export { shortId };

/** The images of the plan the user saw, to name them as the dialog did. */
export interface ChangeContext {
  images: readonly { id: string; displayName: string }[];
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
      return m.removal_state_running();
    case "paused":
      return m.removal_state_paused();
    case "restarting":
      return m.removal_state_restarting();
    case "created":
      return m.removal_state_created();
    case "exited":
      return m.removal_state_exited();
    case "dead":
      return m.removal_state_dead();
    case "removing":
      return m.removal_state_removing();
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
    if (images.length === 1 && images[0]!.id === id) return plain(m.removal_this_image());
    const known = name ?? images.find((i) => i.id === id)?.displayName;
    return named(known) && !avoid.includes(known)
      ? byName(known)
      : plain(m.removal_image_id({ id: shortId(id) }));
  }
}

function phrase(change: PlanChange, namer: Namer, moved: ReadonlySet<string>): Phrase | null {
  switch (change.kind) {
    case "TagMoved":
      return byName(
        change.to === null
          ? m.removal_change_gone({ name: change.reference })
          : m.removal_change_tag_moved({ ref: change.reference, id: shortId(change.to) }),
      );
    case "ImageGone":
      return named(change.name)
        ? byName(m.removal_change_gone({ name: change.name }))
        : plain(m.removal_change_image_gone({ id: shortId(change.image) }));
    case "ImageAdded":
      return named(change.name)
        ? byName(m.removal_change_added({ name: change.name }))
        : plain(
            m.removal_change_added({
              name: m.removal_nameless_image({ id: shortId(change.image) }),
            }),
          );
    case "TagsChanged": {
      // A tag that moved is already said by its TagMoved.
      const removed = change.removed.filter((t) => !moved.has(t));
      const { added } = change;
      if (removed.length === 0 && added.length === 0) return null;
      // Not "app:dev no longer points to app:dev": name the image another way.
      const subject = namer.image(change.image, change.name, removed);
      const tags = (list: string[]) =>
        m.removal_the_tags({ count: list.length, tags: listWords(list) });
      if (removed.length > 0 && added.length > 0)
        return {
          ...subject,
          text: m.removal_change_tags_swapped({
            subject: subject.text,
            removed: tags(removed),
            added: listWords(added),
          }),
        };
      if (removed.length > 0)
        return byName(
          m.removal_change_tags_unpointed({
            count: removed.length,
            tags: listWords(removed),
            subject: subject.text,
          }),
        );
      return {
        ...subject,
        text: m.removal_change_tags_added({ subject: subject.text, tags: tags(added) }),
      };
    }
    case "ContainerAdded":
      return plain(
        m.removal_change_container_added({
          container: change.container,
          state: stateWord(change.state),
          image: namer.image(change.image).text,
        }),
      );
    case "ContainerGone":
      return plain(m.removal_change_container_gone({ container: change.container }));
    case "ContainerStateChanged": {
      const { container: c, from, to } = change;
      if (to === "running")
        return byName(
          from === "paused"
            ? m.removal_change_unpaused({ container: c })
            : m.removal_change_started({ container: c }),
        );
      if (to === "paused") return byName(m.removal_change_paused({ container: c }));
      if (runs(from) && (to === "exited" || to === "dead"))
        return byName(m.removal_change_stopped({ container: c }));
      return byName(m.removal_change_state({ container: c, state: stateWord(to) }));
    }
    case "ChildAdded": {
      const parent = namer.image(change.parent).text;
      return plain(
        named(change.child)
          ? m.removal_change_child_named({ child: change.child, parent })
          : m.removal_change_child({ parent }),
      );
    }
    case "ChildGone": {
      const parent = namer.image(change.parent).text;
      return named(change.child)
        ? byName(m.removal_change_child_gone_named({ child: change.child, parent }))
        : plain(m.removal_change_child_gone({ parent }));
    }
    case "EngineSwitched":
      return plain(m.removal_change_engine_switched(addressNames(change.from, change.to)));
    case "OutcomeChanged":
      return plain(m.removal_change_outcome());
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
  if (phrases.length === 0) return m.removal_changes_something();
  if (phrases.length === 1) return `${sentenceStart(phrases[0]!)}.`;

  // A prune that grew: one list, not the same phrase again and again.
  if (changes.every((c) => c.kind === "ImageAdded")) {
    const names = changes.map((c) => (named(c.name) ? c.name : shortId(c.image)));
    const shown = names.length > SHOWN + 1 ? names.slice(0, SHOWN) : names;
    const rest = names.length - shown.length;
    const list = rest > 0 ? [...shown, m.removal_more_images({ count: rest })] : shown;
    return m.removal_changes_all_added({ names: listWords(list) });
  }

  const shown = phrases.slice(0, SHOWN).map((p) => p.text);
  const rest = phrases.length - shown.length;
  const list = rest > 0 ? [...shown, m.removal_changes_and_more({ count: rest })] : shown;
  return m.removal_changes_many({ count: phrases.length, list: list.join("; ") });
}
