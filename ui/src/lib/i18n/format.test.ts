import { describe, expect, it } from "vitest";
import { dateText, formatNumber, listWords, perLanguage, relativeAge, timeOfDay } from "./format";

const now = 1_800_000_000;
const ago = (seconds: number) => now - seconds;
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

describe("relativeAge", () => {
  it("words an age like docker images does, in English", () => {
    // go-units' HumanDuration under a second, plus " ago", as docker images prints it.
    expect(relativeAge(now, now, "en")).toBe("Less than a second ago");
    expect(relativeAge(100, 100, "en")).toBe("Less than a second ago");
    expect(relativeAge(now - 0.5, now, "en")).toBe("Less than a second ago");
    expect(relativeAge(ago(1), now, "en")).toBe("1 second ago");
    expect(relativeAge(ago(45), now, "en")).toBe("45 seconds ago");
    expect(relativeAge(ago(MIN), now, "en")).toBe("About a minute ago");
    expect(relativeAge(ago(2 * MIN - 1), now, "en")).toBe("About a minute ago");
    expect(relativeAge(ago(2 * MIN), now, "en")).toBe("2 minutes ago");
    expect(relativeAge(ago(HOUR), now, "en")).toBe("About an hour ago");
    expect(relativeAge(ago(HOUR + 29 * MIN), now, "en")).toBe("About an hour ago");
    expect(relativeAge(ago(5 * HOUR), now, "en")).toBe("5 hours ago");
    expect(relativeAge(ago(47 * HOUR), now, "en")).toBe("47 hours ago");
    expect(relativeAge(ago(3 * DAY), now, "en")).toBe("3 days ago");
    expect(relativeAge(ago(15 * DAY), now, "en")).toBe("2 weeks ago");
    expect(relativeAge(ago(90 * DAY), now, "en")).toBe("3 months ago");
    expect(relativeAge(ago(800 * DAY), now, "en")).toBe("2 years ago");
  });

  it("counts like go-units' HumanDuration: hours rounded, the rest whole divisions of them", () => {
    // The cases where rounding down would disagree with `docker images`.
    expect(relativeAge(ago(59 * MIN + 59), now, "en")).toBe("59 minutes ago");
    expect(relativeAge(ago(5400), now, "en")).toBe("2 hours ago");
    expect(relativeAge(ago(7199), now, "en")).toBe("2 hours ago");
    expect(relativeAge(ago(47 * HOUR + 40 * MIN), now, "en")).toBe("2 days ago");
    expect(relativeAge(ago(13 * DAY + 23 * HOUR + 45 * MIN), now, "en")).toBe("2 weeks ago");
    expect(relativeAge(ago(59 * DAY + 23 * HOUR + 30 * MIN), now, "en")).toBe("2 months ago");
    expect(relativeAge(ago(729 * DAY + 23 * HOUR + 30 * MIN), now, "en")).toBe("1 year ago");
  });

  it("reads naturally in Spanish, singular and plural", () => {
    expect(relativeAge(now, now, "es")).toBe("ahora");
    expect(relativeAge(ago(MIN), now, "es")).toBe("hace 1 minuto");
    expect(relativeAge(ago(2 * MIN), now, "es")).toBe("hace 2 minutos");
    expect(relativeAge(ago(15 * DAY), now, "es")).toBe("hace 2 semanas");
    expect(relativeAge(ago(800 * DAY), now, "es")).toBe("hace 2 años");
  });

  it("treats a clock that runs behind the backend's as just now", () => {
    // Docker Desktop's VM clock can run ahead of the host's: docker says the same then.
    expect(relativeAge(now + 30, now, "en")).toBe("Less than a second ago");
    expect(relativeAge(now + 1, now, "en")).toBe("Less than a second ago");
    expect(relativeAge(now + 30, now, "es")).toBe("ahora");
  });
});

describe("dateText", () => {
  it("words the date per language and keeps the exact instant for a title", () => {
    const d = new Date(2026, 2, 5, 14, 7);
    const en = dateText(d, "en");
    const es = dateText(d, "es");
    expect(en.text).toMatch(/Mar 5, 2026/);
    expect(es.text).toMatch(/5 mar 2026/);
    expect(es.text).toMatch(/14:07/);
    expect(en.iso).toBe(d.toISOString());
    expect(es.iso).toBe(en.iso);
  });

  it("passes an unreadable date through as it came", () => {
    expect(dateText("N/A", "es")).toEqual({ text: "N/A", iso: "" });
  });
});

describe("timeOfDay", () => {
  it("words a time of day the way each language does, so every clock in the app reads alike", () => {
    const d = new Date(2026, 2, 5, 14, 9, 1);
    expect(timeOfDay(d, "en")).toMatch(/^2:09:01\sPM$/);
    expect(timeOfDay(d, "es")).toBe("14:09:01");
    expect(timeOfDay(d.getTime(), "es")).toBe("14:09:01");
  });
});

describe("numbers and lists", () => {
  it("groups digits and joins lists the way each language does", () => {
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatNumber(12345, "es")).toBe("12.345");
    expect(listWords(["nginx", "redis", "alpine"], "en")).toBe("nginx, redis, and alpine");
    expect(listWords(["nginx", "redis", "alpine"], "es")).toBe("nginx, redis y alpine");
    expect(listWords(["nginx"], "es")).toBe("nginx");
  });
});

describe("perLanguage", () => {
  it("makes one value per language, on first use, and reuses it", () => {
    const made: string[] = [];
    const get = perLanguage((lang) => {
      made.push(lang);
      return { lang };
    });
    expect(made).toEqual([]);
    const en = get("en");
    expect(get("es")).toEqual({ lang: "es" });
    expect(get("en")).toBe(en);
    expect(made).toEqual(["en", "es"]);
  });

  it("keeps each language's wording when the languages alternate", () => {
    for (let i = 0; i < 3; i++) {
      expect(relativeAge(now - 3 * 86400, now, "en")).toBe("3 days ago");
      expect(relativeAge(now - 3 * 86400, now, "es")).toBe("hace 3 días");
      expect(listWords(["a", "b", "c"], "es")).toBe("a, b y c");
    }
  });
});
