// Synthetic image summaries for benchmarks: varied names, tags, sizes, labels and usage,
// deterministic so runs compare.
import type { ImageSummary } from "../src/lib/ipc/api";
import { fakeId } from "../src/lib/ipc/fake";

export function syntheticImages(count: number): ImageSummary[] {
  const images: ImageSummary[] = [];
  for (let i = 0; i < count; i++) {
    const repo = `registry.example.com:5000/team-${i % 50}/service-${i}`;
    const tags =
      i % 17 === 0 ? [] : [`${repo}:v${i % 7}`, ...(i % 3 === 0 ? [`${repo}:latest`] : [])];
    const id = fakeId(`synthetic-${i}`);
    const size = ((i * 7_919 * 104_729) % 900_000_000) + 5_000;
    images.push({
      id,
      tags,
      digests: i % 5 === 0 ? [`${repo}@sha256:${id.slice(7)}`] : [],
      size,
      created: 1_700_000_000 + i * 60,
      dangling: tags.length === 0 && i % 5 !== 0,
      digestNamed: false,
      containers: { running: i % 11 === 0 ? 1 : 0, stopped: i % 13 === 0 ? 2 : 0 },
      labels: { tier: ["gold", "silver", "bronze"][i % 3]!, "org.example.index": String(i) },
    });
  }
  return images;
}
