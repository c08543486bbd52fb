import { describe, expect, it } from "vitest";
import {
  createdByText,
  historyAge,
  isMissing,
  MISSING_ID,
  parseDockerAge,
  stepAge,
} from "./history";

describe("history ages", () => {
  it("reads back every wording docker history uses", () => {
    expect(parseDockerAge("Less than a second ago")).toEqual({ value: 0, unit: "second" });
    expect(parseDockerAge("1 second ago")).toEqual({ value: 1, unit: "second" });
    expect(parseDockerAge("About a minute ago")).toEqual({ value: 1, unit: "minute" });
    expect(parseDockerAge("About an hour ago")).toEqual({ value: 1, unit: "hour" });
    expect(parseDockerAge("13 days ago")).toEqual({ value: 13, unit: "day" });
    expect(parseDockerAge("3 weeks ago")).toEqual({ value: 3, unit: "week" });
    expect(parseDockerAge("5 months ago")).toEqual({ value: 5, unit: "month" });
    expect(parseDockerAge("56 years ago")).toEqual({ value: 56, unit: "year" });
    expect(parseDockerAge("N/A")).toBeNull();
    expect(parseDockerAge("2 fortnights ago")).toBeNull();
  });

  it("keeps docker's words in English and words the age in Spanish", () => {
    expect(historyAge("About an hour ago", "en")).toBe("About an hour ago");
    expect(historyAge("3 weeks ago", "es")).toBe("hace 3 semanas");
    expect(historyAge("1 second ago", "es")).toBe("hace 1 segundo");
    expect(historyAge("About a minute ago", "es")).toBe("hace 1 minuto");
    expect(historyAge("Less than a second ago", "es")).toBe("ahora");
    expect(historyAge("N/A", "es")).toBe("N/A");
  });

  it("words the engine's time when there is one, with its exact date", () => {
    const now = 1_764_000_000;
    const row = { created: now - 3 * 7 * 24 * 3600, createdText: "About an hour ago" };
    const en = stepAge(row, now, "en");
    expect(en.text).toBe("3 weeks ago");
    expect(en.date?.iso).toBe(new Date(row.created * 1000).toISOString());
    expect(en.date?.text).not.toBe("");
    const es = stepAge(row, now, "es");
    expect(es.text).toBe("hace 3 semanas");
    expect(es.date?.iso).toBe(en.date?.iso);
    expect(stepAge({ created: now - 5, createdText: "x" }, now, "es").text).toBe("hace 5 segundos");
  });

  it("reads docker's text back only when the engine gave no time", () => {
    const row = { created: null, createdText: "3 weeks ago" };
    expect(stepAge(row, 0, "en")).toEqual({ text: "3 weeks ago", date: null });
    expect(stepAge(row, 0, "es")).toEqual({ text: "hace 3 semanas", date: null });
    // A step from before 2000 (a reproducible build's zero time): docker's own "N/A".
    const undated = { created: null, createdText: "N/A" };
    expect(stepAge(undated, 0, "es")).toEqual({ text: "N/A", date: null });
  });

  it("knows docker's placeholder for a step without an image of its own", () => {
    expect(MISSING_ID).toBe("<missing>");
    expect(isMissing({ id: "<missing>" })).toBe(true);
    expect(isMissing({ id: "d4e5f6333333" })).toBe(false);
  });
});

describe("createdByText", () => {
  it("prints CREATED BY as docker history does: tabs as spaces, the rest as sent", () => {
    expect(createdByText('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('/bin/sh -c #(nop)  CMD ["sh"]');
    expect(createdByText("RUN /bin/sh -c a\tb\t\tc")).toBe("RUN /bin/sh -c a b  c");
    expect(createdByText("RUN <<EOF\napk add curl\nEOF # buildkit")).toBe(
      "RUN <<EOF\napk add curl\nEOF # buildkit",
    );
  });
});
