// What the Load dialog says about an archive before loading it: size and compression, and
// the images built for another platform than the engine's.
import type { ArchivePreview, Compression } from "../ipc/api";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";
import { listWords } from "../i18n/format";
import { shortId } from "../images/names";

/** The compressors' own names (the file's extension says the same), never translated. */
const METHODS: Record<Exclude<Compression, "None">, string> = {
  Gzip: "gzip",
  Xz: "xz",
  Zstd: "zstd",
};

/** "not compressed" / "compressed with gzip". */
export function compressionText(compression: Compression): string {
  return compression === "None"
    ? m.kit_compression_none()
    : m.kit_compression_with({ method: METHODS[compression] });
}

/** "3.2MB, compressed with zstd". */
export function archiveFacts(preview: ArchivePreview): string {
  return m.kit_archive_facts({
    size: humanSize(preview.bytes),
    compression: compressionText(preview.compression),
  });
}

/** `os/architecture` of a platform (`linux/arm64/v8` → `linux/arm64`): the engine runs an
 * image whose variant it does not name as its own (arm64/v8 on arm64). */
function osArch(platform: string): string {
  return platform.split("/").slice(0, 2).join("/");
}

/** One sentence for each image of the archive built for another platform than the engine's
 * ("web:1 was made for linux/arm64; this engine is linux/amd64: …"): it loads, and then
 * runs emulated (slowly), or fails with `exec format error`. None when the engine or the
 * images' platforms are not known. */
export function otherPlatforms(preview: ArchivePreview): string[] {
  const engine = preview.enginePlatform;
  if (!engine) return [];
  return preview.platforms
    .filter((p) => osArch(p.platform) !== osArch(engine))
    .map((p) =>
      m.kit_load_other_platform({
        name: p.tags.length > 0 ? listWords(p.tags) : shortId(p.id ?? ""),
        platform: p.platform,
        engine,
      }),
    );
}
