import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../ipc/api";
import { instructionOf, layerFacts } from "./layers";

function step(createdBy: string, size: number, sizeText: string): HistoryEntry {
  return {
    id: "<missing>",
    created: null,
    createdText: "",
    createdBy,
    size,
    sizeText,
    comment: "",
  };
}

describe("instructionOf", () => {
  it("reads the instruction as a Dockerfile has it", () => {
    expect(instructionOf('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(instructionOf("/bin/sh -c #(nop) ADD file:abc in / ")).toBe("ADD file:abc in /");
    expect(instructionOf("/bin/sh -c apk add curl")).toBe("RUN apk add curl");
    // BuildKit keeps the shell after `RUN `: the Dockerfile had neither.
    expect(instructionOf("RUN /bin/sh -c apk add curl # buildkit")).toBe("RUN apk add curl");
    expect(instructionOf("|2 A=1 B=2 /bin/sh -c make")).toBe("RUN make");
    expect(instructionOf("RUN |1 V=1 /bin/sh -c make # buildkit")).toBe("RUN make");
    expect(instructionOf("RUN |2 A=1 B= /bin/sh -c make # buildkit")).toBe("RUN make");
    // An exec-form step has no shell to drop.
    expect(instructionOf('RUN ["apk", "add"] # buildkit')).toBe('RUN ["apk", "add"]');
    expect(instructionOf("COPY app /app # buildkit")).toBe("COPY app /app");
  });
});

describe("layerFacts", () => {
  it("counts the steps, the 0B ones, sums them and names the biggest", () => {
    const facts = layerFacts(
      [
        step('/bin/sh -c #(nop)  CMD ["nginx"]', 0, "0B"),
        step("/bin/sh -c apk add nginx", 5_600_000, "5.6MB"),
        step("COPY conf /etc/nginx # buildkit", 2_000, "2kB"),
        step("/bin/sh -c #(nop) ADD file:abc in /", 7_800_000, "7.8MB"),
        step("/bin/sh -c #(nop)  ENV A=1", 0, "0B"),
      ],
      3,
    );
    expect(facts.steps).toBe(5);
    expect(facts.layers).toBe(3);
    expect(facts.empty).toBe(2);
    expect(facts.totalText).toBe("13.4MB");
    expect(facts.biggest.map((b) => [b.sizeText, b.instruction])).toEqual([
      ["7.8MB", "ADD file:abc in /"],
      ["5.6MB", "RUN apk add nginx"],
      ["2kB", "COPY conf /etc/nginx"],
    ]);
    expect(layerFacts([step("x", 1, "1B"), step("y", 2, "2B")], 2, 1).biggest).toHaveLength(1);
    expect(layerFacts([], 0).layers).toBe(0);
  });

  it("takes the layer count from RootFS: a 0B step can be a layer", () => {
    // BuildKit: WORKDIR makes a layer, which docker history prints as 0B.
    const facts = layerFacts(
      [
        step('CMD ["node" "server.js"]', 0, "0B"),
        step("COPY . . # buildkit", 1_200_000, "1.2MB"),
        step("WORKDIR /app", 0, "0B"),
        step("/bin/sh -c #(nop) ADD file:abc in / ", 7_800_000, "7.8MB"),
      ],
      3,
    );
    expect(facts.layers).toBe(3);
    expect(facts.steps).toBe(4);
    expect(facts.empty).toBe(2);
    expect(facts.biggest.map((b) => b.instruction)).toEqual(["ADD file:abc in /", "COPY . ."]);
  });
});
