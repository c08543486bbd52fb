// The workshop kit's requests and the docker commands they equal, built from the same names:
// what the dialog shows in the terminal line is exactly what it sends (`docker save -o kit.tar
// nginx:1.27 alpine:3.20`), through the one home of docker commands (lib/commands).
import type { ImageSummary, SaveItem } from "../ipc/api";
import { loadCommand as load, saveCommand as save } from "../commands/docker";

/** What `saveImages` gets for the images as the dialog shows them: each one's full ID and the
 * tags on its chips (none for an untagged image). */
export function saveItems(images: readonly ImageSummary[]): SaveItem[] {
  return images.map((image) => ({ id: image.id, tags: [...image.tags] }));
}

/** The names `docker save` is given for `items`: every tag, else the image's full ID; each
 * once, in order (as the backend's `save_names`). */
export function saveNames(items: readonly SaveItem[]): string[] {
  return [...new Set(items.flatMap((item) => (item.tags.length > 0 ? item.tags : [item.id])))];
}

/** `docker save -o <file> <names…>`. */
export function saveCommand(file: string, items: readonly SaveItem[]): string {
  return save(file, saveNames(items));
}

/** `docker load -i <file>`, after zstd when the engine cannot decompress it (through a pipe;
 * on Windows, to a file first: commands/docker.ts). */
export const loadCommand = load;

/** A file name from an image name: the last path part of its repository and its tag
 * (`ghcr.io/acme/web:2` → `web-2`), only characters every file system takes. */
function fileStem(reference: string): string {
  const lastPart = reference.slice(reference.lastIndexOf("/") + 1);
  return lastPart
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 80);
}

/** The local date as YYYY-MM-DD. */
function day(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** The name the Save dialog suggests: `<image>.tar` for one tagged image (`nginx-1.27.tar`),
 * else `imagen-kit-<date>.tar`. */
export function suggestedFileName(images: readonly ImageSummary[], now: Date = new Date()): string {
  const only = images.length === 1 ? images[0]!.tags[0] : undefined;
  const stem = only ? fileStem(only) : "";
  return stem ? `${stem}.tar` : `imagen-kit-${day(now)}.tar`;
}
