// The image list arrives packed by column (imagen-core's `images::PackedImageList`: a third
// smaller than one object per image, and cheaper for the web view to receive); this turns it
// back into the ImageList the rest of the page uses. Labels come as indices into one table of
// their texts (a key or value that many images share crosses once).
import type { ImageList, ImageSummary, PackedImageList } from "./bindings";

export function unpackImageList(packed: PackedImageList): ImageList {
  const { ids, tags, digests, sizes, created, containers, labels, labelTexts } = packed;
  const n = ids.length;
  if (
    tags.length !== n ||
    digests.length !== n ||
    sizes.length !== n ||
    created.length !== n ||
    labels.length !== n ||
    containers.length !== 2 * n
  ) {
    // Not the backend's doing (it builds every column from one list): never show a list whose
    // cards would mix one image's tags with another's ID.
    throw new Error(`the image list arrived with columns of different lengths (${n} IDs)`);
  }
  // The few images a digest names, by index (a pull by digest on the containerd store).
  const digestNamed = new Uint8Array(n);
  for (const i of packed.digestNamed) {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new Error(`the image list arrived naming image ${i} of ${n} by a digest`);
    }
    digestNamed[i] = 1;
  }
  const images: ImageSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    images[i] = {
      id: ids[i],
      tags: tags[i],
      digests: digests[i],
      size: sizes[i],
      created: created[i],
      // As the backend decides it: `<none>:<none>` in `docker images`.
      dangling: tags[i].length === 0 && digests[i].length === 0,
      digestNamed: digestNamed[i] === 1,
      containers: { running: containers[2 * i], stopped: containers[2 * i + 1] },
      labels: labelsOf(labels[i], labelTexts),
    };
  }
  return { images, totalSize: packed.totalSize };
}

function labelsOf(pairs: number[], texts: string[]): Record<string, string> {
  if (pairs.length % 2 !== 0)
    throw new Error("the image list arrived with a label without a value");
  const labels: Record<string, string> = {};
  for (let k = 0; k < pairs.length; k += 2) {
    const key = texts[pairs[k]];
    const value = texts[pairs[k + 1]];
    if (key === undefined || value === undefined) {
      throw new Error("the image list arrived with a label that is not in its table");
    }
    // An image's label may be called `__proto__`: an own property, as JSON.parse would make
    // it, never the object's prototype.
    if (key === "__proto__") {
      Object.defineProperty(labels, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      labels[key] = value;
    }
  }
  return labels;
}
