// What the Load dialog says about an archive before loading it: size and compression.
import type { ArchivePreview, Compression } from "../ipc/api";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";

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
