// One sentence per typed error, with the next step: what any view shows for an ImagenError.
import type { ImagenError } from "../ipc/api";
import { describeChanges } from "../removal/changes";
import { listWords } from "./words";

type RemovalConflict = Extract<ImagenError, { kind: "RemovalConflict" }>;

/** The engine's 409 on `docker rmi`, naming the containers in the way. */
function describeConflict(error: RemovalConflict): string {
  const { reference, containers } = error;
  const n = containers.length;
  const named = n === 0 ? "" : ` (${listWords(containers)})`;
  const them = n > 1 ? "them" : "it";
  switch (error.reason) {
    case "childImages":
      return `Docker refused to delete ${reference}: other images are built on it. Delete those first.`;
    case "runningContainer":
      return `Docker refused to delete ${reference}: a running container uses it${named}. Stop and remove ${them} first.`;
    case "stoppedContainer":
      return `Docker refused to delete ${reference}: a stopped container uses it${named}. Remove ${them} first, or force the removal.`;
    case "referenceInUse":
      return `Docker refused to remove ${reference}: a container uses its image${named}. Remove ${them} first, or force the removal.`;
    case "multipleReferences":
      return `Docker refused to delete ${reference}: it is tagged in several repositories. Remove its tags one by one, or force the removal.`;
    default: {
      const used =
        n === 0
          ? ""
          : ` ${n === 1 ? "The container" : "The containers"} ${listWords(containers)} ${n === 1 ? "uses" : "use"} it.`;
      return `Docker refused to remove ${reference}: ${error.message}${used}`;
    }
  }
}

/** A sentence for each typed error, with the next step. */
export function describeError(error: ImagenError | null): string {
  if (!error) return "The pull failed.";
  switch (error.kind) {
    case "ImageNotFound":
      if (error.missing === "Tag")
        return `The repository ${error.repository} exists, but it has no tag “${error.tag}”.`;
      if (error.missing === "Repository")
        return `There is no repository ${error.repository}: check the name's spelling.`;
      return `${error.reference} was not found: the tag or the repository does not exist.`;
    case "Unauthorized":
      return `${error.registry} refused access. Log in with “docker login ${error.registry}” and try again.`;
    case "RateLimited":
      return `${error.registry} is limiting pulls. Wait a while, or log in to raise the limit.`;
    case "RegistryUnreachable":
      return `The engine could not reach ${error.registry} (${error.reason}). Check the network and retry.`;
    case "PlatformUnavailable":
      return `${error.reference} has no image for ${error.platform}. Choose another platform.`;
    case "DiskFull":
      return "The engine ran out of disk space. Remove unused images or containers and retry.";
    case "EngineUnreachable":
      return `The Docker engine at ${error.address} stopped answering (${error.reason}).`;
    case "InvalidReference":
      return error.reason;
    case "EngineTimeout":
      return `The Docker engine at ${error.address} did not answer in ${error.seconds} seconds.`;
    case "UnsupportedAddress":
      return `Imagen cannot connect to ${error.address}: it speaks unix://, npipe://, tcp:// and ssh:// addresses.`;
    case "EngineContext":
      // The backend's sentences name the context and what to do (docker context ls).
      return error.message;
    case "EngineRejected":
      return `The engine refused the request (${error.status}): ${error.message}`;
    case "RemovalConflict":
      return describeConflict(error);
    case "NoSuchImage":
      return `The image ${error.reference} is no longer on this engine. Refresh to see the current list.`;
    case "EmptySelection":
      return "Select at least one image or tag to remove.";
    case "InvalidInput":
      return `Imagen's backend refused the ${error.field} it was sent (${error.reason}), so nothing reached the engine.`;
    case "UnknownPlan":
      return "This plan is no longer open: it already ran, or a newer one replaced it. Check again to see what it would do now.";
    case "AlreadyRunning":
      return "This is already running. Wait for it to finish, then check again.";
    case "EngineChanged":
      return `The engine changed since the plan was made, so Imagen stopped before changing anything more. ${describeChanges(error.changes)}`;
    case "Protocol":
    case "CredentialsUnavailable":
    case "PullFailed":
    case "Internal":
      return error.message;
  }
}
