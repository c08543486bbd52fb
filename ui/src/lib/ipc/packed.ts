// The image list arrives packed by column (imagen-core's `images::PackedImageList`: a third
// smaller than one object per image, and cheaper for the web view to receive); this turns it
// back into the ImageList the rest of the page uses.
import type { ImageList, ImageSummary, PackedImageList } from "./bindings";

export function unpackImageList(packed: PackedImageList): ImageList {
  const { ids, tags, digests, sizes, created, containers, labels } = packed;
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
      containers: { running: containers[2 * i], stopped: containers[2 * i + 1] },
      labels: labels[i],
    };
  }
  return { images, totalSize: packed.totalSize };
}
