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
import { count, listWords, plural } from "../shared/words";

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
}

/** Nothing can go through: why, and what to do instead. */
export interface Blocked {
  reason: string;
  next: string;
}

/** How removing one image of a multi-image selection would end, judged on its own. */
export interface ImageVerdict {
  image: PlanImage;
  verdict: Verdict;
  /** Short text for the list: "Can be deleted", "Blocked: web-1 is running". */
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
}

// ---------------------------------------------------------------------------------------
// Small wording helpers

/** "is"/"are" for a list of `n` things. */
function be(n: number): string {
  return n === 1 ? "is" : "are";
}

export function isRunning(state: ContainerState): boolean {
  return state === "running" || state === "paused" || state === "restarting";
}

/** "is running", "is stopped": how `docker ps -a` would word a container's state. */
export function stateWords(state: ContainerState): string {
  switch (state) {
    case "running":
      return "is running";
    case "paused":
      return "is paused";
    case "restarting":
      return "is restarting";
    case "created":
      return "was never started";
    case "exited":
      return "is stopped";
    case "dead":
      return "is stopped (dead)";
    case "removing":
      return "is being removed";
  }
}

const isTag = (ref: string) => !ref.includes("@");
const shortOf = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);
/** A name people recognise: the card title, or the short ID for `<none>` images. */
const imageName = (i: { displayName: string; shortId: string }) =>
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
    return this.several ? "these images" : "this image";
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
      return tags.length === 1 ? `Remove the tag ${tags[0]}` : `Remove ${tags.length} tags`;
    }
    const only = plan.images[0]!;
    if (plan.images.length > 1) return `Remove ${plan.images.length} images`;
    return only.displayName.startsWith("<none>")
      ? `Remove image ${only.shortId}`
      : `Remove ${only.displayName}`;
  }
  const { images, tags } = selection;
  if (tags.length === 0)
    return images.length === 1
      ? `Remove image ${shortOf(images[0]!)}`
      : `Remove ${images.length} images`;
  if (images.length === 0)
    return tags.length === 1 ? `Remove the tag ${tags[0]}` : `Remove ${tags.length} tags`;
  return "Remove the selection";
}

/** "Stop web-1", "Remove the container web-1", "Remove nginx:alpine", "Force-remove 1a2b…". */
export function stepLabel(step: Step): string {
  switch (step.kind) {
    case "Unpause":
      return `Unpause ${step.name}`;
    case "Stop":
      return `Stop ${step.name}`;
    case "RemoveContainer":
      return `Remove the container ${step.name}`;
    case "RemoveImage":
      // By ID: the short form `docker images` shows, as in the command.
      return `${step.force ? "Force-remove" : "Remove"} ${step.reference === step.image ? shortOf(step.image) : step.reference}`;
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
          ? `${img.displayName} (also tagged ${listWords(others)})`
          : img.displayName.startsWith("<none>")
            ? `The image ${img.shortId}`
            : img.displayName;
    } else if (deleted.length <= 3) {
      who = listWords(deleted.map(imageName));
    } else {
      who = `${deleted.length} images`;
    }
    const freed = o.freed > 0 ? ` and ${o.freedText} freed` : "";
    const along =
      parents > 0
        ? `, along with ${count(parents, "parent image")} nothing else uses${freed ? "," : ""}`
        : "";
    out.push(`${who} will be deleted${along}${freed}.`);
  }

  for (const img of untagOnly) {
    const gone = img.tags.filter((t) => o.untagged.includes(t));
    const keeps = [...img.tags, ...img.digests].filter((r) => !o.untagged.includes(r));
    const tagWords = `the ${plural(gone.length, "tag")} ${listWords(gone)}`;
    const keepsTags = keeps.filter(isTag);
    if (keeps.length === 0)
      out.push(`${capitalise(tagWords)} ${gone.length === 1 ? "goes" : "go"}.`);
    else
      out.push(
        `Only ${tagWords} ${gone.length === 1 ? "goes" : "go"}; the image keeps ${
          keepsTags.length > 0 ? listWords(keepsTags) : "its digest reference"
        }.`,
      );
  }

  for (const img of nameless) out.push(namelessSentence(facts, o, img));

  if (out.length === 0) out.push("Nothing changes.");
  return out;
}

/** "The tag web:1.0 goes, but the image stays on disk as <none> because web-1 is running." */
function namelessSentence(facts: Facts, o: Succeeds, img: PlanImage): string {
  const tags = o.untagged.filter((t) => img.tags.includes(t));
  const head =
    tags.length > 0
      ? `The ${plural(tags.length, "tag")} ${listWords(tags)} ${tags.length === 1 ? "goes" : "go"}`
      : `${img.displayName} loses its name`;
  const running = facts.containersOf(img.id, true).map((c) => c.name);
  const children = facts.childrenOf(img.id);
  let why = "";
  if (running.length > 0)
    why = ` because ${listWords(running)} ${running.length === 1 ? "is" : "are"} running`;
  else if (children.length > 0) why = ` because images are built on it (${listWords(children)})`;
  return `${head}, but the image stays on disk as <none>${why}.`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "The container web-1 will be stopped and removed." */
function containerSentence(facts: Facts, o: Succeeds): string | null {
  const removed = o.removedContainers.map((id) => facts.containerName(id));
  if (removed.length === 0) return null;
  const stopped = o.stopped.map((id) => facts.containerName(id));
  const noun = `The ${plural(removed.length, "container")} ${listWords(removed)}`;
  if (stopped.length === 0) return `${noun} will be removed.`;
  if (stopped.length === removed.length) return `${noun} will be stopped and removed.`;
  return `${noun} will be removed (${listWords(stopped)} stopped first).`;
}

// ---------------------------------------------------------------------------------------
// Offers

function plainLabel(facts: Facts, action: PlanAction & { outcome: Succeeds }): string {
  if (action.kind === "removeTag") {
    const n = facts.selectedTags.length;
    // `docker rmi` of an image's last tag deletes the image: say so on the button.
    const deletes = facts.plan.images.every((i) => action.outcome.deleted.includes(i.id));
    if (n === 1) return deletes ? "Remove tag and delete image" : "Remove tag";
    return `Remove ${n} tags`;
  }
  return facts.several ? `Delete ${facts.plan.images.length} images` : "Delete image";
}

function guidedLabel(o: Succeeds): string {
  const n = o.removedContainers.length;
  const verb = o.stopped.length > 0 ? "Stop and remove" : "Remove";
  const then = o.deleted.length > 0 ? "delete" : "remove the tag";
  return `${verb} ${count(n, "container")}, then ${then}`;
}

/** Force's own sentence; its warnings say what it does to this selection. */
export const FORCE_OUTCOME = "Force (docker rmi -f) skips the checks that protect containers.";

function forceLabel(facts: Facts, o: Succeeds): string {
  if (!facts.tagsOnly || facts.plan.images.some((i) => o.deleted.includes(i.id)))
    return "Force delete";
  const n = facts.selectedTags.length;
  return n === 1 ? "Force remove tag" : `Force remove ${n} tags`;
}

/** Exactly what force does to this selection. */
function forceWarnings(facts: Facts, o: Succeeds): string[] {
  const { plan } = facts;
  const out: string[] = [];
  const tags = o.untagged.filter(isTag);
  const deleted = plan.images.filter((i) => o.deleted.includes(i.id));
  const tagWords = `the ${plural(tags.length, "tag")} ${listWords(tags)}`;
  if (deleted.length > 0)
    out.push(
      `Force deletes ${listWords(deleted.map(imageName))}${tags.length > 0 ? `, removing ${tagWords}` : ""}.`,
    );
  else if (tags.length > 0) out.push(`Force removes ${tagWords}.`);

  // Images that stay, nameless, because a running container holds them.
  const namelessIds = new Set(o.leftNameless);
  for (const id of o.leftNameless) {
    const img = plan.images.find((i) => i.id === id);
    const holders = o.orphaned
      .filter((c) => facts.container(c)?.imageId === id)
      .map((c) => facts.containerName(c));
    const name = img ? imageName(img) : shortOf(id);
    const subject = tags.some((t) => img?.tags.includes(t)) ? "The image" : name;
    if (holders.length > 0) {
      const it = holders.length === 1 ? "it keeps" : "they keep";
      out.push(
        `${subject} stays on disk as <none> because ${listWords(holders)} ${be(holders.length)} running; ${it} running, using an image with no name.`,
      );
    } else {
      out.push(`${subject} stays on disk as <none>.`);
    }
  }

  // Containers left pointing at a deleted image.
  const left = o.orphaned
    .filter((id) => {
      const c = facts.container(id);
      return !c || !namelessIds.has(c.imageId);
    })
    .map((id) => facts.containerName(id));
  if (left.length > 0) {
    const them = left.length === 1 ? "it is" : "they are";
    out.push(
      `${listWords(left)} ${be(left.length)} left pointing at an image with no name (docker ps -a shows only its ID); the disk space is only freed once ${them} removed.`,
    );
  }

  if (plan.podman) {
    const names = plan.containers.map((c) => c.name);
    out.push(
      `This engine is Podman: its force also removes the containers that use the image${
        names.length > 0 ? ` (${listWords(names)})` : ""
      }.`,
    );
  }
  return out;
}

function offersOf(facts: Facts): Offer[] {
  const offers: Offer[] = [];
  const plain = facts.plain;
  const force = facts.action("forceDelete");
  const guided = facts.action("stopRemoveDelete");

  if (facts.plan.containers.length > 0 && succeeds(guided)) {
    const o = guided.outcome;
    offers.push({
      kind: guided.kind,
      action: guided,
      label: guidedLabel(o),
      recommended: false,
      danger: false,
      outcome: [containerSentence(facts, o), ...imageSentences(facts, o)]
        .filter((s): s is string => s !== null)
        .join(" "),
      warnings: [],
    });
  }
  if (succeeds(plain)) {
    offers.push({
      kind: plain.kind,
      action: plain,
      label: plainLabel(facts, plain),
      recommended: false,
      danger: false,
      outcome: imageSentences(facts, plain.outcome).join(" "),
      warnings: [],
    });
  }
  if (plain && !succeeds(plain) && succeeds(force)) {
    const o = force.outcome;
    offers.push({
      kind: force.kind,
      action: force,
      label: forceLabel(facts, o),
      recommended: false,
      danger: true,
      outcome: FORCE_OUTCOME,
      warnings: forceWarnings(facts, o),
    });
  }
  if (offers[0] && !offers[0].danger) offers[0].recommended = true;
  return offers;
}

// ---------------------------------------------------------------------------------------
// The situation, and what to do when blocked

/** "2 containers use this image: web-1 is running, job-1 is stopped." */
function containersSituation(facts: Facts): string | null {
  const cs = facts.plan.containers;
  if (cs.length === 0) return null;
  const shown = cs.slice(0, 5).map((c) => `${c.name} ${stateWords(c.state)}`);
  if (cs.length > 5) shown.push(`${cs.length - 5} more`);
  return `${count(cs.length, "container")} ${cs.length === 1 ? "uses" : "use"} ${facts.these}: ${shown.join(", ")}.`;
}

/** Why the plain `docker rmi` is refused, when containers are the reason. */
function refusalSentence(facts: Facts): string | null {
  const refused = refusal(facts.plain);
  if (!refused || !CONTAINER_REASONS.has(refused.reason)) return null;
  if (facts.tagsOnly) return "Docker refuses to remove the last tag of an image a container uses.";
  const forced = refusal(facts.action("forceDelete"));
  const noForce = forced?.hard && forced.reason === "runningContainer";
  return `Docker refuses to delete an image while a container uses it${
    noForce ? ", and even force does not work while one is running" : ""
  }.`;
}

function blockedOf(facts: Facts): Blocked {
  const { plan } = facts;
  const refusals = plan.actions.map((a) => refusal(a)).filter((r): r is Refused => r !== null);

  const blockedParents = plan.images.filter((i) => facts.childrenOf(i.id).length > 0);
  if (refusals.some((r) => r.reason === "childImages") || blockedParents.length > 0) {
    const children = [...new Set(plan.children.map(imageName))];
    const where =
      facts.several && blockedParents.length > 0
        ? listWords(blockedParents.map(imageName))
        : facts.these;
    if (children.length === 0)
      return {
        reason: `Other images are built on ${where}; delete them first.`,
        next: "Delete the images built on it first, then try again.",
      };
    const them = children.length === 1 ? "it" : "them";
    return {
      reason: `Images are built on ${where} (${listWords(children)}); delete them first.`,
      next: `Select ${listWords(children)} as well to remove everything together, or remove ${them} first.`,
    };
  }

  const running = plan.containers.filter((c) => isRunning(c.state)).map((c) => c.name);
  if (refusals.some((r) => r.reason === "runningContainer") && running.length > 0) {
    const it = running.length === 1 ? "it" : "them";
    return {
      reason: `${listWords(running)} ${be(running.length)} running and ${
        running.length === 1 ? "uses" : "use"
      } ${facts.these}; Docker cannot remove ${facts.several ? "them" : "it"}, even with force.`,
      next: `Stop and remove ${it} first: ${running.map((n) => `docker stop ${n}`).join(", ")}, then ${running.map((n) => `docker rm ${n}`).join(", ")}.`,
    };
  }

  const first = refusals[0];
  return {
    reason: first
      ? `Docker would refuse: ${reasonPhrase(facts, first.reason, first.image, first.container)}.`
      : "Imagen found no way to remove this selection.",
    next: "Refresh the list and try again; if it still fails, remove it from a terminal to see Docker's own message.",
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
    return list.length > 0 ? ` (${listWords(list)})` : "";
  };
  switch (reason) {
    case "childImages": {
      const children = facts.childrenOf(imageId);
      return `images are built on it${children.length > 0 ? ` (${listWords(children)})` : ""}`;
    }
    case "runningContainer":
      return `a running container uses it${names(true)}`;
    case "stoppedContainer":
      return `a stopped container uses it${names(false)}`;
    case "multipleReferences":
      return "it is tagged in several repositories";
    case "referenceInUse":
      return `a container uses it${names()}`;
  }
}

function verdictOf(facts: Facts, image: PlanImage): ImageVerdict {
  const reason = (r: ConflictReason | null) =>
    r ? reasonPhrase(facts, r, image.id) : "Docker would refuse";
  switch (image.verdict) {
    case "delete":
      return { image, verdict: image.verdict, text: "Can be deleted", tone: "ok" };
    case "untagOnly": {
      const gone = image.selectedTags;
      const keeps = image.tags.filter((t) => !gone.includes(t));
      return {
        image,
        verdict: image.verdict,
        text:
          gone.length > 0 && keeps.length > 0
            ? `Only ${listWords(gone)} ${gone.length === 1 ? "goes" : "go"}; the image keeps ${listWords(keeps)}`
            : "Only its tags go; the image stays",
        tone: "ok",
      };
    }
    case "needsForce":
      return {
        image,
        verdict: image.verdict,
        text: `Needs force: ${reason(image.reason)}`,
        tone: "warn",
      };
    case "partialWithForce":
      return {
        image,
        verdict: image.verdict,
        text: `Force only removes the tag: ${reason(image.reason)}`,
        tone: "warn",
      };
    case "blocked":
      return {
        image,
        verdict: image.verdict,
        text: `Blocked: ${reason(image.forcedReason ?? image.reason)}`,
        tone: "blocked",
      };
  }
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
        `Removing ${plural(facts.selectedTags.length, "the tag", "the tags")} does not affect ${
          facts.plan.containers.length === 1 ? "it" : "them"
        }.`,
      );
  }
  if (blocked) sentences.push(blocked.reason);
  else if (!situation && offers[0]) sentences.push(offers[0].outcome);

  return {
    title: selectionTitle(selection ?? { images: [], tags: [] }, plan),
    sentences,
    offers,
    blocked,
    verdicts: plan.images.map((i) => verdictOf(facts, i)),
  };
}
