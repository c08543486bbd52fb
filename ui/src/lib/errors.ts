// One sentence per typed error, with the next step: what any view shows for an ImagenError.
import type { ImagenError } from "./ipc/bindings";

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
      return `Imagen cannot connect to ${error.address}.`;
    case "EngineRejected":
      return `The engine refused the pull (${error.status}): ${error.message}`;
    case "NoSuchImage":
      return `The image ${error.reference} is no longer on this engine. Refresh to see the current list.`;
    default:
      return error.message;
  }
}
