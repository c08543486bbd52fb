// An in-memory stand-in for Imagen's own API (not for Docker): component tests and the
// browser-only dev mode use it. Tests steer it by assigning `images`, `failWith`, `gate`.
import type { ImagenApi } from "./api";
import type { ContainerUsage, EngineInfo, ImageList, ImageSummary, ImagenError } from "./bindings";

const HEX = "0123456789abcdef";

/** A deterministic 64-hex ID from a seed string. */
export function fakeId(seed: string): string {
  let h = 2166136261;
  let out = "";
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % Math.max(seed.length, 1)) ^ i, 16777619) >>> 0;
    out += HEX[h % 16];
  }
  return `sha256:${out}`;
}

export function fakeImage(
  partial: Partial<ImageSummary> & { tags?: string[]; containers?: ContainerUsage } = {},
): ImageSummary {
  const tags = partial.tags ?? ["nginx:latest"];
  const id = partial.id ?? fakeId(tags.join(",") || String(partial.created ?? 0));
  const shortId = id.slice("sha256:".length, "sha256:".length + 12);
  const dangling = partial.dangling ?? (tags.length === 0 && (partial.digests ?? []).length === 0);
  return {
    id,
    shortId,
    displayName: tags[0] ?? `<none>@${shortId}`,
    tags,
    digests: [],
    size: 1_980_000,
    sizeText: "1.98MB",
    created: 1_700_000_000,
    createdText: "2 weeks ago",
    dangling,
    containers: { running: 0, stopped: 0 },
    labels: {},
    ...partial,
  };
}

export function fakeList(images: ImageSummary[]): ImageList {
  const totalSize = images.reduce((sum, i) => sum + i.size, 0);
  return { images, totalSize, totalSizeText: `${totalSize}B` };
}

export class FakeApi implements ImagenApi {
  images: ImageSummary[] = [];
  /** When set, every call rejects with this error. */
  failWith: ImagenError | null = null;
  /** When set, calls wait for it before answering (to observe loading states). */
  gate: Promise<void> | null = null;
  calls: string[] = [];
  engine: EngineInfo = {
    address: "unix:///var/run/docker.sock",
    serverVersion: "27.5.1",
    apiVersion: "1.47",
    platform: "linux/amd64",
  };

  constructor(images: ImageSummary[] = []) {
    this.images = images;
  }

  private async answer<T>(name: string, value: () => T): Promise<T> {
    this.calls.push(name);
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    return value();
  }

  listImages(): Promise<ImageList> {
    return this.answer("listImages", () => fakeList(structuredClone(this.images)));
  }

  engineInfo(): Promise<EngineInfo> {
    return this.answer("engineInfo", () => ({ ...this.engine }));
  }
}
