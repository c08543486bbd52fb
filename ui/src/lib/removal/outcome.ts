// What a removal plan means, in words a first-timer understands: the situation, what each
// offered action would do, which actions to offer and in what order, and what to do when
// nothing can go through. Pure: everything comes from the plan the backend computed.
import type {
  ActionKind,
  ConflictReason,
  ContainerState,
  Outcome,
  PlanAction,
  ContainerId,
  PlanContainer,
  PlanImage,
  RemovalPlan,
  Selection,
  Step,
  Verdict,
} from "../ipc/api";
import { listWords } from "../i18n/format";
import { m } from "../i18n/messages";

/** At most this many names in one sentence: hundreds of containers (or tags) would make it
 * unreadable on screen, and unbearable read out as a description. */
const NAMES_SAID = 8;

/** `names` as words ("a, b and c"); past `NAMES_SAID`, the first ones and "N more". */
function fewWords(names: readonly string[]): string {
  if (names.length <= NAMES_SAID) return listWords(names);
  const said = names.slice(0, NAMES_SAID - 1);
  return listWords([...said, m.removal_n_more({ count: names.length - said.length })]);
}

type Succeeds = Extract<Outcome, { kind: "Succeeds" }>;
type Refused = Extract<Outcome, { kind: "Refused" }>;

/** One action the dialog offers, with its wording. */
export interface Offer {
  kind: ActionKind;
  action: PlanAction;
  /** The button's text. */
  label: string;
  /** The course's good practice, or the only safe way: shown as the primary button. */
  recommended: boolean;
  /** Force: shown in a danger style, its warnings visible before it is clicked. */
  danger: boolean;
  /** What it does, in a sentence or two. */
  outcome: string;
  /** What force does to this selection that a plain removal would not (force only). */
  warnings: string[];
  /** What it does to each image of the plan, in the plan's order. */
  verdicts: ImageVerdict[];
}

/** Nothing can go through: why, and what to do instead. */
export interface Blocked {
  reason: string;
  next: string;
}

/**
 * What happens to one image of a multi-image selection. Worded against the action the dialog
 * offers first when it is a safe one (what its button will do: "Deleted after stopping and
 * removing its container web-1"), so the list never calls "Blocked" what that button
 * handles; else, when only force or nothing is offered, as a plain `docker rmi` of the image
 * alone would end ("Needs force: …", "Blocked: …").
 */
export interface ImageVerdict {
  image: PlanImage;
  /** How a plain `docker rmi` of this image alone would end (`image.reason` says why), whatever
   * the text says. */
  verdict: Verdict;
  /** Short text for the list: "Can be deleted", "Blocked: a running container uses it (web-1)". */
  text: string;
  tone: "ok" | "warn" | "blocked";
}

export interface PlanSummary {
  /** The dialog's title, naming the selection. */
  title: string;
  /** One or two sentences: the situation, then what happens (or why nothing can). */
  sentences: string[];
  /** Offered actions, recommended first, force last. */
  offers: Offer[];
  /** Set when no action can go through. */
  blocked: Blocked | null;
  /** One per selected image. */
  verdicts: ImageVerdict[];
  /** One per selected image, as a plain `docker rmi` of it alone would end: why force is
   * needed, shown while force is chosen. */
  plainVerdicts: ImageVerdict[];
}

// ---------------------------------------------------------------------------------------
// Small wording helpers

export function isRunning(state: ContainerState): boolean {
  return state === "running" || state === "paused" || state === "restarting";
}

/** "is running", "is stopped": how `docker ps -a` would word a container's state. */
export function stateWords(state: ContainerState): string {
  switch (state) {
    case "running":
      return m.removal_is_running();
    case "paused":
      return m.removal_is_paused();
    case "restarting":
      return m.removal_is_restarting();
    case "created":
      return m.removal_is_created();
    case "exited":
      return m.removal_is_exited();
    case "dead":
      return m.removal_is_dead();
    case "removing":
      return m.removal_is_removing();
  }
}

const isTag = (ref: string) => !ref.includes("@");
const shortOf = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);
/** A name people recognise: the card title, or the short ID for `<none>` images. */
export const imageName = (i: { displayName: string; shortId: string }) =>
  i.displayName.startsWith("<none>") ? i.shortId : i.displayName;

/** Lookups and facts shared by the wording functions. */
class Facts {
  readonly plan: RemovalPlan;
  constructor(plan: RemovalPlan) {
    this.plan = plan;
  }

  get several(): boolean {
    return this.plan.images.length > 1;
  }
  /** Only tags were chosen: no whole image. */
  get tagsOnly(): boolean {
    return this.plan.images.every((i) => i.selectedTags.length > 0);
  }
  get selectedTags(): string[] {
    return this.plan.images.flatMap((i) => i.selectedTags);
  }
  /** "this image" / "these images". */
  get these(): string {
    return this.several ? m.removal_these_images() : m.removal_this_image();
  }

  action(kind: ActionKind): PlanAction | undefined {
    return this.plan.actions.find((a) => a.kind === kind);
  }
  get plain(): PlanAction | undefined {
    return this.action(this.tagsOnly ? "removeTag" : "delete") ?? this.action("delete");
  }

  imageName(id: string): string {
    return (
      this.plan.images.find((i) => i.id === id)?.displayName ??
      this.plan.children.find((c) => c.id === id)?.displayName ??
      shortOf(id)
    );
  }
  containerName(id: string): string {
    return this.plan.containers.find((c) => c.id === id)?.name ?? shortOf(id);
  }
  container(id: ContainerId): PlanContainer | undefined {
    return this.plan.containers.find((c) => c.id === id);
  }
  containersOf(imageId: string, running?: boolean): PlanContainer[] {
    return this.plan.containers.filter(
      (c) => c.imageId === imageId && (running === undefined || isRunning(c.state) === running),
    );
  }
  childrenOf(imageId: string): string[] {
    return this.plan.children.filter((c) => c.parent === imageId).map(imageName);
  }
}

function succeeds(action: PlanAction | undefined): action is PlanAction & { outcome: Succeeds } {
  return action?.outcome.kind === "Succeeds";
}

/** Succeeds, and every image stays with a name: only tags go. */
function untagsOnly(action: PlanAction | undefined): boolean {
  return (
    succeeds(action) &&
    action.outcome.deleted.length === 0 &&
    action.outcome.leftNameless.length === 0
  );
}

function refusal(action: PlanAction | undefined): Refused | null {
  return action?.outcome.kind === "Refused" ? action.outcome : null;
}

const CONTAINER_REASONS: ReadonlySet<ConflictReason> = new Set([
  "runningContainer",
  "stoppedContainer",
  "referenceInUse",
]);

// ---------------------------------------------------------------------------------------
// Titles and step labels

/** "Remove nginx:alpine", "Remove the tag web:old", "Remove 3 images". */
export function selectionTitle(selection: Selection, plan: RemovalPlan | null = null): string {
  if (plan && plan.images.length > 0) {
    const facts = new Facts(plan);
    if (facts.tagsOnly) {
      const tags = facts.selectedTags;
      return tags.length === 1
        ? m.removal_title_tag({ tag: tags[0]! })
        : m.removal_remove_tags({ count: tags.length });
    }
    const only = plan.images[0]!;
    if (plan.images.length > 1) return m.removal_title_images({ count: plan.images.length });
    return only.displayName.startsWith("<none>")
      ? m.removal_title_image_id({ id: only.shortId })
      : m.removal_title_image({ name: only.displayName });
  }
  const { images, tags } = selection;
  if (tags.length === 0)
    return images.length === 1
      ? m.removal_title_image_id({ id: shortOf(images[0]!) })
      : m.removal_title_images({ count: images.length });
  if (images.length === 0)
    return tags.length === 1
      ? m.removal_title_tag({ tag: tags[0]!.reference })
      : m.removal_remove_tags({ count: tags.length });
  return m.removal_title_selection();
}

/**
 * For each step of `action`, whether it only takes a name away: the image stays (under its
 * other tags, or as `<none>`), and `docker rmi` prints "Untagged" without "Deleted" for it.
 * A step by ID deletes; a step by name deletes when it is the last one for an image the
 * action deletes. A refused action deletes nothing, and its steps are worded as asked.
 */
export function onlyUntags(action: PlanAction): boolean[] {
  const { outcome } = action;
  if (outcome.kind !== "Succeeds") return action.steps.map(() => false);
  const deleted = new Set(outcome.deleted);
  const last = new Map<string, number>();
  action.steps.forEach((s, i) => {
    if (s.kind === "RemoveImage") last.set(s.image, i);
  });
  return action.steps.map(
    (s, i) =>
      s.kind === "RemoveImage" &&
      s.reference !== s.image &&
      !(deleted.has(s.image) && last.get(s.image) === i),
  );
}

/** "Stop web-1", "Remove the container web-1", "Remove nginx:alpine", "Force remove 1a2b…";
 * "Untag nginx:1.27" for a step that only takes the name away (`untagOnly`, see
 * `onlyUntags`): Spanish says "Eliminar" only for what is deleted. */
export function stepLabel(step: Step, untagOnly = false): string {
  switch (step.kind) {
    case "Unpause":
      return m.removal_step_unpause({ name: step.name });
    case "Stop":
      return m.removal_step_stop({ name: step.name });
    case "RemoveContainer":
      return m.removal_step_remove_container({ name: step.name });
    case "RemoveImage": {
      // By ID: the short form `docker images` shows, as in the command.
      const ref = step.reference === step.image ? shortOf(step.image) : step.reference;
      if (untagOnly)
        return step.force ? m.removal_step_force_untag({ ref }) : m.removal_step_untag({ ref });
      return step.force ? m.removal_step_force_remove({ ref }) : m.removal_step_remove({ ref });
    }
  }
}

// ---------------------------------------------------------------------------------------
// What an outcome does to the images

function imageSentences(facts: Facts, o: Succeeds): string[] {
  const { plan } = facts;
  const deleted = plan.images.filter((i) => o.deleted.includes(i.id));
  const nameless = plan.images.filter((i) => o.leftNameless.includes(i.id));
  const untagOnly = plan.images.filter(
    (i) =>
      !o.deleted.includes(i.id) &&
      !o.leftNameless.includes(i.id) &&
      o.untagged.some((r) => i.tags.includes(r) || i.digests.includes(r)),
  );
  const parents = o.deleted.length - deleted.length;
  const out: string[] = [];

  if (deleted.length > 0) {
    let who: string;
    if (deleted.length === 1) {
      const img = deleted[0]!;
      const others = img.tags.filter((t) => t !== img.displayName);
      who =
        others.length > 0
          ? m.removal_also_tagged({ name: img.displayName, tags: fewWords(others) })
          : img.displayName.startsWith("<none>")
            ? m.removal_the_image_id({ id: img.shortId })
            : img.displayName;
    } else if (deleted.length <= 3) {
      who = fewWords(deleted.map(imageName));
    } else {
      who = m.removal_images({ count: deleted.length });
    }
    const n = deleted.length;
    // The figure adds each deleted image's unique size (`docker system df -v`): a layer two
    // of the deleted images share counts as shared there, yet is freed too. With more than
    // one image deleted the messages say "at least".
    const freed = o.freedText;
    if (parents > 0) {
      const along = m.removal_parent_images({ count: parents });
      out.push(
        o.freed > 0
          ? m.removal_deleted_along_freed({ count: n, who, along, freed })
          : m.removal_deleted_along({ count: n, who, along }),
      );
    } else
      out.push(
        o.freed > 0
          ? m.removal_deleted_freed({ count: n, who, freed })
          : m.removal_deleted({ count: n, who }),
      );
  }

  for (const img of untagOnly) {
    const gone = img.tags.filter((t) => o.untagged.includes(t));
    const keeps = [...img.tags, ...img.digests].filter((r) => !o.untagged.includes(r));
    const keepsTags = keeps.filter(isTag);
    if (keeps.length === 0)
      out.push(`${m.removal_tags_go({ count: gone.length, tags: fewWords(gone) })}.`);
    else
      out.push(
        m.removal_only_tags_go({
          count: gone.length,
          tags: fewWords(gone),
          keeps: keepsTags.length > 0 ? fewWords(keepsTags) : m.removal_its_digest(),
        }),
      );
  }

  for (const img of nameless) out.push(namelessSentence(facts, o, img));

  if (out.length === 0) out.push(m.removal_nothing_changes());
  return out;
}

/** "The tag web:1.0 goes, but the image stays on disk as <none> because web-1 is running." */
function namelessSentence(facts: Facts, o: Succeeds, img: PlanImage): string {
  const tags = o.untagged.filter((t) => img.tags.includes(t));
  const head =
    tags.length > 0
      ? m.removal_tags_go({ count: tags.length, tags: fewWords(tags) })
      : m.removal_loses_name({ name: img.displayName });
  const running = facts.containersOf(img.id, true).map((c) => c.name);
  const children = facts.childrenOf(img.id);
  if (running.length > 0)
    return m.removal_nameless_running({ head, count: running.length, names: fewWords(running) });
  if (children.length > 0)
    return m.removal_nameless_children({ head, children: fewWords(children) });
  return m.removal_nameless({ head });
}

/** "The container web-1 will be stopped and removed." */
function containerSentence(facts: Facts, o: Succeeds): string | null {
  const removed = o.removedContainers.map((id) => facts.containerName(id));
  if (removed.length === 0) return null;
  const stopped = o.stopped.map((id) => facts.containerName(id));
  const names = fewWords(removed);
  const count = removed.length;
  if (stopped.length === 0) return m.removal_containers_removed({ count, names });
  if (stopped.length === removed.length)
    return m.removal_containers_stopped_removed({ count, names });
  return m.removal_containers_removed_some_stopped({ count, names, stopped: fewWords(stopped) });
}

// ---------------------------------------------------------------------------------------
// Offers

function plainLabel(facts: Facts, action: PlanAction & { outcome: Succeeds }): string {
  if (action.kind === "removeTag") {
    const n = facts.selectedTags.length;
    // `docker rmi` of an image's last tag deletes the image: say so on the button.
    const deletes = facts.plan.images.every((i) => action.outcome.deleted.includes(i.id));
    if (n === 1) return deletes ? m.removal_offer_untag_delete() : m.removal_offer_untag();
    return m.removal_remove_tags({ count: n });
  }
  return facts.several
    ? m.removal_offer_delete_images({ count: facts.plan.images.length })
    : m.removal_offer_delete_image();
}

function guidedLabel(o: Succeeds): string {
  const count = o.removedContainers.length;
  const deletes = o.deleted.length > 0;
  if (o.stopped.length > 0)
    return deletes
      ? m.removal_offer_stop_remove_delete({ count })
      : m.removal_offer_stop_remove_untag({ count });
  return deletes
    ? m.removal_offer_remove_delete({ count })
    : m.removal_offer_remove_untag({ count });
}

/** Force's own sentence; its warnings say what it does to this selection. */
export const forceOutcome = (): string => m.removal_force_outcome({ command: "docker rmi -f" });

function forceLabel(facts: Facts, o: Succeeds): string {
  if (!facts.tagsOnly || facts.plan.images.some((i) => o.deleted.includes(i.id)))
    return m.removal_offer_force_delete();
  const n = facts.selectedTags.length;
  return n === 1 ? m.removal_offer_force_untag() : m.removal_offer_force_untag_many({ count: n });
}

/** Exactly what force does to this selection. */
function forceWarnings(facts: Facts, o: Succeeds): string[] {
  const { plan } = facts;
  const out: string[] = [];
  const tags = o.untagged.filter(isTag);
  const deleted = plan.images.filter((i) => o.deleted.includes(i.id));
  const tagWords = m.removal_the_tags({ count: tags.length, tags: fewWords(tags) });
  if (deleted.length > 0) {
    const images = fewWords(deleted.map(imageName));
    out.push(
      tags.length > 0
        ? m.removal_force_deletes_untags({ images, tags: tagWords })
        : m.removal_force_deletes({ images }),
    );
  } else if (tags.length > 0) out.push(m.removal_force_untags({ tags: tagWords }));

  // Images that stay, nameless, because a running container holds them.
  const namelessIds = new Set(o.leftNameless);
  for (const id of o.leftNameless) {
    const img = plan.images.find((i) => i.id === id);
    const holders = o.orphaned
      .filter((c) => facts.container(c)?.imageId === id)
      .map((c) => facts.containerName(c));
    const name = img ? imageName(img) : shortOf(id);
    const subject = tags.some((t) => img?.tags.includes(t)) ? m.removal_the_image() : name;
    if (holders.length > 0) {
      out.push(
        m.removal_force_stays_running({
          subject,
          count: holders.length,
          holders: fewWords(holders),
        }),
      );
    } else {
      out.push(m.removal_force_stays({ subject }));
    }
  }

  // Containers left pointing at a deleted image.
  const left = o.orphaned
    .filter((id) => {
      const c = facts.container(id);
      return !c || !namelessIds.has(c.imageId);
    })
    .map((id) => facts.containerName(id));
  if (left.length > 0)
    out.push(
      m.removal_force_left_pointing({
        count: left.length,
        names: fewWords(left),
        command: "docker ps -a",
      }),
    );

  if (plan.podman) {
    const names = plan.containers.map((c) => c.name);
    out.push(
      names.length > 0
        ? m.removal_force_podman_names({ names: fewWords(names) })
        : m.removal_force_podman(),
    );
  }
  return out;
}

/** The actions the dialog offers, in its order: stop and remove the containers in the way,
 * then delete (when containers are involved); the plain removal; force, only when the plain
 * one is refused. Each one offered goes through. */
function offeredActions(facts: Facts): (PlanAction & { outcome: Succeeds })[] {
  const out: (PlanAction & { outcome: Succeeds })[] = [];
  const plain = facts.plain;
  const force = facts.action("forceDelete");
  const guided = facts.action("stopRemoveDelete");
  if (facts.plan.containers.length > 0 && succeeds(guided)) out.push(guided);
  if (succeeds(plain)) out.push(plain);
  if (plain && !succeeds(plain) && succeeds(force)) out.push(force);
  return out;
}

/** The action the dialog chooses when it opens (its first offer), or null when nothing can go
 * through: what the graph draws unless told which one the user chose. */
export function defaultAction(plan: RemovalPlan): PlanAction | null {
  return offeredActions(new Facts(plan))[0] ?? null;
}

function offersOf(facts: Facts): Offer[] {
  const offers: Offer[] = [];
  for (const action of offeredActions(facts)) {
    const offer =
      action.kind === "stopRemoveDelete"
        ? guidedOffer(facts, action)
        : action.kind === "forceDelete"
          ? forceOffer(facts, action)
          : plainOffer(facts, action);
    const verdicts = facts.plan.images.map((i) => offeredVerdict(facts, i, action.outcome));
    offers.push({ ...offer, verdicts });
  }
  if (offers[0] && !offers[0].danger) offers[0].recommended = true;
  return offers;
}

function guidedOffer(
  facts: Facts,
  guided: PlanAction & { outcome: Succeeds },
): Omit<Offer, "verdicts"> {
  const o = guided.outcome;
  return {
    kind: guided.kind,
    action: guided,
    label: guidedLabel(o),
    recommended: false,
    danger: false,
    outcome: [containerSentence(facts, o), ...imageSentences(facts, o)]
      .filter((s): s is string => s !== null)
      .join(" "),
    warnings: [],
  };
}

function plainOffer(
  facts: Facts,
  plain: PlanAction & { outcome: Succeeds },
): Omit<Offer, "verdicts"> {
  return {
    kind: plain.kind,
    action: plain,
    label: plainLabel(facts, plain),
    recommended: false,
    danger: false,
    outcome: imageSentences(facts, plain.outcome).join(" "),
    warnings: [],
  };
}

function forceOffer(
  facts: Facts,
  force: PlanAction & { outcome: Succeeds },
): Omit<Offer, "verdicts"> {
  const o = force.outcome;
  return {
    kind: force.kind,
    action: force,
    label: forceLabel(facts, o),
    recommended: false,
    danger: true,
    outcome: forceOutcome(),
    warnings: forceWarnings(facts, o),
  };
}

// ---------------------------------------------------------------------------------------
// The situation, and what to do when blocked

/** "2 containers use this image: web-1 is running, job-1 is stopped." */
function containersSituation(facts: Facts): string | null {
  const cs = facts.plan.containers;
  if (cs.length === 0) return null;
  const shown = cs.slice(0, 5).map((c) => `${c.name} ${stateWords(c.state)}`);
  if (cs.length > 5) shown.push(m.removal_n_more({ count: cs.length - 5 }));
  return m.removal_containers_use({ count: cs.length, these: facts.these, list: shown.join(", ") });
}

/** Why the plain `docker rmi` is refused, when containers are the reason. */
function refusalSentence(facts: Facts): string | null {
  const refused = refusal(facts.plain);
  if (!refused || !CONTAINER_REASONS.has(refused.reason)) return null;
  if (facts.tagsOnly) return m.removal_refuses_untag();
  const forced = refusal(facts.action("forceDelete"));
  const noForce = forced?.hard && forced.reason === "runningContainer";
  return noForce ? m.removal_refuses_delete_even_force() : m.removal_refuses_delete();
}

function blockedOf(facts: Facts): Blocked {
  const { plan } = facts;
  const refusals = plan.actions.map((a) => refusal(a)).filter((r): r is Refused => r !== null);

  const blockedParents = plan.images.filter((i) => facts.childrenOf(i.id).length > 0);
  if (refusals.some((r) => r.reason === "childImages") || blockedParents.length > 0) {
    const children = [...new Set(plan.children.map(imageName))];
    const where =
      facts.several && blockedParents.length > 0
        ? fewWords(blockedParents.map(imageName))
        : facts.these;
    if (children.length === 0)
      return {
        reason: m.removal_blocked_children_unknown({ where }),
        next: m.removal_next_children_unknown(),
      };
    const list = fewWords(children);
    return {
      reason: m.removal_blocked_children({ where, children: list }),
      next: m.removal_next_children({ count: children.length, children: list }),
    };
  }

  const running = plan.containers.filter((c) => isRunning(c.state)).map((c) => c.name);
  if (refusals.some((r) => r.reason === "runningContainer") && running.length > 0) {
    const args = { count: running.length, names: fewWords(running) };
    return {
      reason: facts.several
        ? m.removal_blocked_running_images(args)
        : m.removal_blocked_running_image(args),
      next: m.removal_next_running({
        count: running.length,
        stops: running.map((n) => `docker stop ${n}`).join(", "),
        removes: running.map((n) => `docker rm ${n}`).join(", "),
      }),
    };
  }

  const first = refusals[0];
  return {
    reason: first
      ? m.removal_blocked_would_refuse({
          reason: reasonPhrase(facts, first.reason, first.image, first.container),
        })
      : m.removal_blocked_no_way(),
    next: m.removal_next_refresh(),
  };
}

/** "a stopped container uses it (job-1)". */
function reasonPhrase(
  facts: Facts,
  reason: ConflictReason,
  imageId: string,
  container: ContainerId | null = null,
): string {
  const names = (running?: boolean) => {
    const list = facts.containersOf(imageId, running).map((c) => c.name);
    if (list.length === 0 && container) list.push(facts.containerName(container));
    return list.length > 0 ? ` (${fewWords(list)})` : "";
  };
  switch (reason) {
    case "childImages": {
      const children = facts.childrenOf(imageId);
      return `${m.removal_reason_children()}${children.length > 0 ? ` (${fewWords(children)})` : ""}`;
    }
    case "runningContainer":
      return `${m.removal_reason_running()}${names(true)}`;
    case "stoppedContainer":
      return `${m.removal_reason_stopped()}${names(false)}`;
    case "multipleReferences":
      return m.removal_reason_multiple();
    case "referenceInUse":
      return `${m.removal_reason_in_use()}${names()}`;
  }
}

/** "Only web:old goes; the image keeps web:1.0", or "Only its tags go; the image stays". */
function untagText(image: PlanImage, gone: readonly string[]): string {
  const keeps = image.tags.filter((t) => !gone.includes(t));
  return gone.length > 0 && keeps.length > 0
    ? m.removal_verdict_untag({ count: gone.length, tags: fewWords(gone), keeps: fewWords(keeps) })
    : m.removal_verdict_untag_all();
}

/** How a plain `docker rmi` of `image` alone would end. */
function plainVerdict(facts: Facts, image: PlanImage): ImageVerdict {
  const reason = (r: ConflictReason | null) =>
    r ? reasonPhrase(facts, r, image.id) : m.removal_reason_unknown();
  switch (image.verdict) {
    case "delete":
      return { image, verdict: image.verdict, text: m.removal_verdict_delete(), tone: "ok" };
    case "untagOnly":
      return {
        image,
        verdict: image.verdict,
        text: untagText(image, image.selectedTags),
        tone: "ok",
      };
    case "needsForce":
      return {
        image,
        verdict: image.verdict,
        text: m.removal_verdict_needs_force({ reason: reason(image.reason) }),
        tone: "warn",
      };
    case "partialWithForce":
      return {
        image,
        verdict: image.verdict,
        text: m.removal_verdict_partial({ reason: reason(image.reason) }),
        tone: "warn",
      };
    case "blocked":
      return {
        image,
        verdict: image.verdict,
        text: m.removal_verdict_blocked({ reason: reason(image.forcedReason ?? image.reason) }),
        tone: "blocked",
      };
  }
}

/** What `o`, an offered action that goes through, does to `image`: deleted (after its
 * containers are stopped and removed, when the action does that: a warning tone, since they
 * go too), or only untagged. An image it leaves alone keeps its plain verdict. */
function offeredVerdict(facts: Facts, image: PlanImage, o: Succeeds): ImageVerdict {
  const verdict = image.verdict;
  if (o.deleted.includes(image.id)) {
    const removed = facts.containersOf(image.id).filter((c) => o.removedContainers.includes(c.id));
    if (removed.length === 0)
      return { image, verdict, text: m.removal_verdict_delete(), tone: "ok" };
    const names = fewWords(removed.map((c) => c.name));
    const stopped = removed.filter((c) => o.stopped.includes(c.id)).map((c) => c.name);
    const count = removed.length;
    const text =
      stopped.length === 0
        ? m.removal_verdict_delete_after_remove({ count, names })
        : stopped.length === removed.length
          ? m.removal_verdict_delete_after_stop_remove({ count, names })
          : m.removal_verdict_delete_after_stop_some({ names, stopped: fewWords(stopped) });
    return { image, verdict, text, tone: "warn" };
  }
  const gone = image.tags.filter((t) => o.untagged.includes(t));
  if (gone.length > 0 || o.leftNameless.includes(image.id))
    return { image, verdict, text: untagText(image, gone), tone: "ok" };
  return plainVerdict(facts, image);
}

/** Each image's verdict: under the first offer when it is a safe one (what the recommended
 * button does), else as a plain `docker rmi` alone would end (force, or nothing, is left). */
function verdictsOf(facts: Facts, offers: readonly Offer[]): ImageVerdict[] {
  const first = offers[0];
  const o =
    first && !first.danger && first.action.outcome.kind === "Succeeds"
      ? first.action.outcome
      : null;
  return facts.plan.images.map((i) => (o ? offeredVerdict(facts, i, o) : plainVerdict(facts, i)));
}

/** Everything the removal dialog says about a plan. */
export function summarize(plan: RemovalPlan, selection: Selection | null = null): PlanSummary {
  const facts = new Facts(plan);
  const offers = offersOf(facts);
  const blocked = offers.length === 0 ? blockedOf(facts) : null;

  const sentences: string[] = [];
  const situation = containersSituation(facts);
  if (situation) {
    sentences.push(situation);
    const why = refusalSentence(facts);
    if (why) sentences.push(why);
    else if (facts.tagsOnly && untagsOnly(facts.plain))
      sentences.push(
        facts.plan.containers.length === 1
          ? m.removal_untag_spares_container({ count: facts.selectedTags.length })
          : m.removal_untag_spares_containers({ count: facts.selectedTags.length }),
      );
  }
  if (blocked) sentences.push(blocked.reason);
  else if (!situation && offers[0]) sentences.push(offers[0].outcome);

  return {
    title: selectionTitle(selection ?? { images: [], tags: [] }, plan),
    sentences,
    offers,
    blocked,
    verdicts: verdictsOf(facts, offers),
    plainVerdicts: plan.images.map((i) => plainVerdict(facts, i)),
  };
}
