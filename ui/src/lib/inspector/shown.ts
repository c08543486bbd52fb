// What the inspector shows of its image, from the inspection and the image list: its name, the
// summary's list facts, and its failures in words. The component only lays them out.
import { shortImageId } from "../commands/docker";
import { m } from "../i18n/messages";
import { displayName } from "../images/names";
import type { ImageDetails, ImageInspection, ImagenError } from "../ipc/api";
import { describeError } from "../shared/errors";
import { humanSize } from "../shared/format";
import type { Loadable } from "../shared/latest";
import type { Listed, Part } from "./inspection.svelte";

/** The inspector's heading: the image as the list names it (its first tag, else by digest or
 * short ID, as its card does), while listed and after (the last list kept); without a list,
 * as the inspection names it; else its ID. Never the full `sha256:…`, once there is an
 * inspection: a dangling image gone from the engine keeps its card's name. */
export function inspectorName(
  listed: Listed | null,
  inspection: Loadable<ImageInspection>,
  id: string | null,
): string {
  if (listed) return displayName(listed);
  if (inspection.status === "ready") return displayName(inspection.value.details);
  return id ?? "";
}

/** The inspection's details as the summary shows them: the tags, digests and size as the image
 * list last had them, when it had the image. The inspection is read once, and a tag moved or
 * a digest added in a terminal since would otherwise still show; and on the containerd image
 * store (Engine 28–29) docker inspect's Size counts only the packed content, the list's (what
 * `docker images` prints) the disk. */
export function summaryDetails(details: ImageDetails, listed: Listed | null): ImageDetails {
  if (!listed) return details;
  return {
    ...details,
    tags: listed.tags,
    digests: listed.digests,
    digestNamed: listed.digestNamed,
    size: listed.size,
    sizeText: humanSize(listed.size),
  };
}

/** Whether a part's failure is one the engine said because the image is not there. */
function noSuchImage(error: ImagenError): boolean {
  return error.kind === "NoSuchImage";
}

/** A part's failure in words. While the image is shown as deleted from the engine, "no such
 * image" says just that, naming it by its short ID (as `docker history` would be typed now): the
 * list on screen is current, so the general text's "Refresh to see the current list" would
 * send the reader to a Refresh that changes nothing. */
export function failureText(part: Part, error: ImagenError, gone: boolean, id: string): string {
  if (!gone || !noSuchImage(error)) return describeError(error);
  const short = shortImageId(id);
  return part === "history"
    ? m.inspector_history_deleted({ id: short })
    : m.inspector_inspect_deleted({ id: short });
}

/** Whether a failure offers Try again: not while the image is shown as deleted, nor for "no
 * such image" (a list not yet read again can still show it): asking again about an image that
 * is not there can only fail again. The same ID listed again (`docker rmi`, then `docker pull`)
 * is asked about again by itself (InspectionStore.follow). */
export function offersRetry(error: ImagenError, gone: boolean): boolean {
  return !gone && !noSuchImage(error);
}
