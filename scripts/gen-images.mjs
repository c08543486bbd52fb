#!/usr/bin/env node
// Writes a `docker load` archive of N distinct tiny images, for benchmarks that need an engine
// with many images (scripts/bench-live.sh):
//
//   node scripts/gen-images.mjs N [--prefix REPO] [--out FILE] | docker load
//
// Image i (0 ≤ i < N) is tagged REPO-<i>:latest (REPO defaults to imagen-bench/img) and has one
// layer holding one small file of its own, so every image has its own layer, config and ID.
// Their creation times are one second apart (image N-1 is the newest). The archive is the
// `docker save` format the engine loads (manifest.json, one <config sha256>.json and one
// <layer sha256>/layer.tar per image, repositories), written as it is generated: only the
// manifest's entries (a hundred bytes per image) are kept until the end, where manifest.json
// goes (docker load reads the whole archive before it looks at the manifest). Output goes to
// FILE, or to stdout when it is not a terminal. Deterministic: the same N and REPO give the
// same archive and the same image IDs.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";

const args = process.argv.slice(2);
let count = NaN;
let prefix = "imagen-bench/img";
let out = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--prefix") prefix = args[++i];
  else if (args[i] === "--out") out = args[++i];
  else count = Number(args[i]);
}
if (!Number.isInteger(count) || count < 1 || !prefix || !/^[a-z0-9][a-z0-9._/-]*$/.test(prefix)) {
  console.error("usage: node scripts/gen-images.mjs N [--prefix REPO] [--out FILE] | docker load");
  process.exit(2);
}
if (!out && process.stdout.isTTY) {
  console.error("gen-images: not writing a tar archive to a terminal: pipe it or use --out");
  process.exit(2);
}

const BLOCK = 512;
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/** One ustar header for a regular file (typeflag 0) or a directory (5). */
function header(name, size, mtime, type = "0") {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar name too long: ${name}`);
  h.write(name, 0);
  h.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  h.write("0000000\0", 108); // uid
  h.write("0000000\0", 116); // gid
  h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.write(Math.floor(mtime).toString(8).padStart(11, "0") + "\0", 136);
  h.write("        ", 148); // checksum, counted as spaces
  h.write(type, 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

/** A file entry: header, content, padding to the block. */
function entry(name, content, mtime, type) {
  const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
  return Buffer.concat([header(name, content.length, mtime, type), content, Buffer.alloc(pad)]);
}

const stream = out ? createWriteStream(out) : process.stdout;
const write = (buf) =>
  stream.write(buf) ? Promise.resolve() : new Promise((ok) => stream.once("drain", ok));

const BASE = Date.UTC(2026, 0, 1) / 1000; // creation time of image 0, in seconds
const manifest = [];
const repositories = {};
for (let i = 0; i < count; i++) {
  const created = BASE + i;
  const iso = new Date(created * 1000).toISOString();
  // The layer: a folder and one file whose content is the image's own.
  const layer = Buffer.concat([
    entry("imagen-bench/", Buffer.alloc(0), created, "5"),
    entry(`imagen-bench/${i}`, Buffer.from(`${prefix}-${i}\n`), created),
    Buffer.alloc(2 * BLOCK),
  ]);
  const diffId = sha256(layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created: iso,
      config: { Cmd: ["/bin/sh"], Labels: { "org.imagen.bench": String(i) } },
      rootfs: { type: "layers", diff_ids: [`sha256:${diffId}`] },
      history: [{ created: iso, created_by: `scripts/gen-images.mjs ${i}` }],
    }),
  );
  const configId = sha256(config);
  const repo = `${prefix}-${i}`;
  await write(
    Buffer.concat([
      entry(`${diffId}/`, Buffer.alloc(0), created, "5"),
      entry(`${diffId}/layer.tar`, layer, created),
      entry(`${configId}.json`, config, created),
    ]),
  );
  manifest.push({
    Config: `${configId}.json`,
    RepoTags: [`${repo}:latest`],
    Layers: [`${diffId}/layer.tar`],
  });
  repositories[repo] = { latest: diffId }; // as docker save: the top layer's folder
}
const now = BASE + count;
await write(
  Buffer.concat([
    entry("manifest.json", Buffer.from(JSON.stringify(manifest)), now),
    entry("repositories", Buffer.from(JSON.stringify(repositories)), now),
    Buffer.alloc(2 * BLOCK),
  ]),
);
await new Promise((ok, fail) => stream.end((e) => (e ? fail(e) : ok())));
