// What a tag names in the image list, before `docker tag` moves it. Pure. The list shows tags
// in the familiar form the docker CLI prints (`nginx:latest`, `127.0.0.1:5000/a/b:1`), and so
// does the grammar's `familiar`; both sides are brought to that form again here, so a list
// that spelt a tag out in full (`docker.io/library/nginx:latest`) still matches.
import type { ImageSummary, TagChange } from "../ipc/api";

// The names the reference grammar folds into Docker Hub (`splitDockerDomain`); its API host,
// `registry-1.docker.io`, is not one of them: `docker tag x registry-1.docker.io/a:1` makes a
// tag of that name, which `docker images` lists as typed.
const DOCKER_HUB = new Set(["docker.io", "index.docker.io"]);

/** A reference's registry part: a first component with a dot or a port, or `localhost`. */
function isDomain(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost";
}

/**
 * The familiar form of a tag: Docker Hub's domain and `library/` dropped, `latest` added when
 * no tag is given (`docker.io/library/nginx` → `nginx:latest`, `reg:5000/a/b:1` unchanged).
 */
export function familiarTag(reference: string): string {
  let name = reference.trim();
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  let tag = "latest";
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > slash) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const parts = name.split("/");
  if (parts.length > 1 && isDomain(parts[0]!)) {
    if (DOCKER_HUB.has(parts[0]!)) parts.shift();
    else return `${parts.join("/")}:${tag}`;
  }
  if (parts.length === 2 && parts[0] === "library") parts.shift();
  return `${parts.join("/")}:${tag}`;
}

/** What a tag names now in the list, seen from the image about to get it. */
export type TagHolder =
  /** No image has it: a new tag. */
  | { kind: "new" }
  /** The image already has it: nothing to do. */
  | { kind: "self" }
  /** Another image has it: `docker tag` moves it; that image keeps `otherTags` (none: it
   * is left nameless, `<none>`). */
  | { kind: "other"; image: ImageSummary; otherTags: string[] };

/** What `reference` (any form) names in `images`, for the image `imageId`. */
export function tagHolder(
  images: readonly ImageSummary[],
  reference: string,
  imageId: string,
): TagHolder {
  const wanted = familiarTag(reference);
  const holder = images.find((i) => i.tags.some((t) => familiarTag(t) === wanted));
  if (!holder) return { kind: "new" };
  if (holder.id === imageId) return { kind: "self" };
  return {
    kind: "other",
    image: holder,
    otherTags: holder.tags.filter((t) => !t.startsWith("<none>") && familiarTag(t) !== wanted),
  };
}

/** The full ID `tagImage` expects the tag to name: the holder's, `null` when none. */
export function expectedHolder(holder: TagHolder, imageId: string): string | null {
  if (holder.kind === "other") return holder.image.id;
  if (holder.kind === "self") return imageId;
  return null;
}

/** What changed in what `reference` names, from what the dialog showed (`before`) to what the
 * list says now (`now`), worded as the backend's `Changed` answer would word it; null when
 * Tag would now move nothing it did not say it would (the tag freed, or the same image with
 * the same other tags). `imageId`: the image being tagged. */
export function holderNews(
  reference: string,
  before: TagHolder,
  now: TagHolder,
  imageId: string,
): TagChange | null {
  if (now.kind !== "other") return null;
  if (before.kind === "other" && before.image.id === now.image.id) {
    const same =
      before.otherTags.length === now.otherTags.length &&
      before.otherTags.every((t) => now.otherTags.includes(t));
    return same
      ? null
      : { kind: "HolderChanged", reference, holder: now.image.id, keeps: now.otherTags };
  }
  const was = before.kind === "other" ? before.image.id : before.kind === "self" ? imageId : null;
  return { kind: "TargetTaken", reference, before: was, now: now.image.id };
}

/** A tag's repository, the part before its `:tag` (`web:1` → `web`, `reg:5000/a/b:1` →
 * `reg:5000/a/b`); a digest after `@` is dropped first. */
export function repositoryOf(reference: string): string {
  let name = reference.trim();
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
}

/** The tag grammar (`[\w][\w.-]{0,127}`): a typed tag is suggested back only when it is one. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * A tag typed without its name (`:2`, "the same name, tag 2"): the name the user probably
 * meant, the image's own repository with that tag (`web:2` for an image `web:1`; `fallback`
 * stands for the name of an image without a tag). `null` when the text does not start with a
 * colon. Never the Pull dialog's "like nginx": following it would tag this image `nginx`, or
 * move `nginx:latest` onto it. A typed tag the grammar refuses is replaced by `2`.
 */
export function nameBeforeColon(
  typed: string,
  imageTags: readonly string[],
  fallback: string,
): string | null {
  const text = typed.trim();
  if (!text.startsWith(":")) return null;
  const own = imageTags.find((t) => !t.startsWith("<none>"));
  const repository = own === undefined ? fallback : repositoryOf(own);
  const tag = text.slice(1);
  return `${repository}:${TAG.test(tag) ? tag : "2"}`;
}
