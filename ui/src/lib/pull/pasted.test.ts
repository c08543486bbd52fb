import { describe, expect, it } from "vitest";
import { pastedPull } from "./pasted";

describe("pastedPull", () => {
  it("finds the image in a pull command copied from a slide", () => {
    expect(pastedPull("docker pull nginx:alpine")).toEqual({
      reference: "nginx:alpine",
      platform: null,
    });
    expect(pastedPull("  $ docker image pull redis  ")).toEqual({
      reference: "redis",
      platform: null,
    });
    expect(pastedPull("sudo docker pull -q busybox:1.36")).toEqual({
      reference: "busybox:1.36",
      platform: null,
    });
    expect(pastedPull("PS C:\\Users\\ana> docker.exe pull alpine")).toEqual({
      reference: "alpine",
      platform: null,
    });
    expect(pastedPull("podman pull docker.io/library/nginx")).toEqual({
      reference: "docker.io/library/nginx",
      platform: null,
    });
  });

  it("keeps a platform the dialog offers", () => {
    expect(pastedPull("docker pull --platform linux/arm64 nginx")).toEqual({
      reference: "nginx",
      platform: "linux/arm64",
    });
    expect(pastedPull("docker pull --platform=linux/amd64 nginx:1.27")).toEqual({
      reference: "nginx:1.27",
      platform: "linux/amd64",
    });
  });

  it("is not a command it can turn into a pull here", () => {
    for (const text of [
      "nginx:alpine",
      "docker",
      "docker pull",
      "docker run nginx",
      "docker pull --all-tags nginx",
      "docker pull -a nginx",
      "docker pull --platform linux/mips nginx",
      "docker pull --platform",
      "docker pull nginx redis",
      "docker pullnginx",
    ]) {
      expect(pastedPull(text), text).toBeNull();
    }
  });
});
