// Test data for the JSON tree: what the engine returns for an image, and a generator for big
// documents. Only tests import this.

/** `GET /images/{name}/json` for an nginx-like image, as the engine sends it (key order kept). */
export const IMAGE_INSPECT = `{
  "Id": "sha256:4a9e6f3b2c1d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
  "RepoTags": ["nginx:alpine", "nginx:1.27-alpine"],
  "RepoDigests": [
    "nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10"
  ],
  "Parent": "",
  "Comment": "buildkit.dockerfile.v0",
  "Created": "2024-10-02T17:55:35.000000000Z",
  "DockerVersion": "",
  "Author": "",
  "Config": {
    "Hostname": "",
    "User": "",
    "AttachStdin": false,
    "Tty": false,
    "ExposedPorts": { "80/tcp": {} },
    "Env": [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "NGINX_VERSION=1.27.2",
      "NJS_VERSION=0.8.6",
      "PKG_RELEASE=1"
    ],
    "Cmd": ["nginx", "-g", "daemon off;"],
    "Image": "",
    "Volumes": null,
    "WorkingDir": "",
    "Entrypoint": ["/docker-entrypoint.sh"],
    "OnBuild": null,
    "Labels": {
      "maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>",
      "org.opencontainers.image.version": "1.27.2"
    },
    "StopSignal": "SIGQUIT"
  },
  "Architecture": "amd64",
  "Os": "linux",
  "Size": 52519325,
  "GraphDriver": {
    "Data": {
      "MergedDir": "/var/lib/docker/overlay2/1f0c/merged",
      "UpperDir": "/var/lib/docker/overlay2/1f0c/diff"
    },
    "Name": "overlay2"
  },
  "RootFS": {
    "Type": "layers",
    "Layers": [
      "sha256:63ca1fbb43ae5034640e5e6cb3e083e05c290072c5366fcaa9d62435a4cced85",
      "sha256:1c8a1b0a7e3fd8ab3b1ac4e4e02cd4ccf5a8c6b7d8e9f0a1b2c3d4e5f6a7b8c9",
      "sha256:5d2b5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f"
    ]
  },
  "Metadata": { "LastTagTime": "0001-01-01T00:00:00Z" }
}`;

/**
 * A document of roughly `bytes` characters shaped like an inspect result with a long
 * history: one big array of small objects, plus a map with integer-like keys.
 */
export function bigDocument(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let k = 0; size < bytes; k++) {
    const entry = JSON.stringify({
      Created: `2024-01-${String((k % 28) + 1).padStart(2, "0")}T10:00:00Z`,
      CreatedBy: `/bin/sh -c #(nop) RUN step ${k} && echo "layer ${k}" > /tmp/${k}`,
      Size: k * 1024 + 0.5,
      EmptyLayer: k % 3 === 0,
      Comment: null,
      Tags: [`tag-${k}`, `v${k}.0`],
    });
    parts.push(entry);
    size += entry.length + 1;
  }
  const ports = Array.from({ length: 50 }, (_, k) => `"${1000 + k}": {"Proto": "tcp"}`).join(",");
  return `{"Id":"sha256:big","Ports":{${ports}},"History":[${parts.join(",")}],"Size":${bytes}}`;
}
