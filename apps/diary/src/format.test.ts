import { describe, expect, test } from "vitest";

import { formatListLine, headline, highlight, parseDate, style, truncate } from "./format";
import { MARK_END, MARK_START } from "./store/entries";
import { fromEditorText, toEditorText } from "./tty/editor";

describe("parseDate", () => {
  test("dates, local times and ISO timestamps; impossible dates are refused", () => {
    expect(parseDate("2026-11-26")).toBe(new Date(2026, 10, 26).getTime());
    expect(parseDate("2026-11-26 21:30")).toBe(new Date(2026, 10, 26, 21, 30).getTime());
    expect(parseDate("2026-11-26T21:30:05")).toBe(new Date(2026, 10, 26, 21, 30, 5).getTime());
    expect(parseDate("2026-11-26T21:30:00Z")).toBe(Date.UTC(2026, 10, 26, 21, 30));
    for (const bad of ["2026-02-30", "yesterday", "26/11/2026", "2026-13-01", ""]) expect(parseDate(bad), bad).toBeUndefined();
  });
});

describe("text", () => {
  test("highlight turns search marks into brackets or reverse video", () => {
    const marked = `the ${MARK_START}old mill${MARK_END} and ${MARK_START}mills${MARK_END}`;
    expect(highlight(marked, style(false))).toBe("the [old mill] and [mills]");
    expect(highlight(marked, style(true))).toBe("the \u001b[7mold mill\u001b[27m and \u001b[7mmills\u001b[27m");
  });

  test("headline: the title, else the first line; truncate counts characters, not bytes", () => {
    expect(headline({ title: "A title", body: "text" })).toBe("A title");
    expect(headline({ title: null, body: "first  line\nsecond" })).toBe("first line");
    expect(truncate("héllo wörld", 6)).toBe("héllo…");
    const line = formatListLine(
      { id: 7, title: null, body: "x".repeat(300), tags: ["a"], createdAt: 0, updatedAt: 0 },
      style(false),
      80,
    );
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/^ +#7 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} +x+… +#a$/);
  });

  test("editor text: a `# Title` first line round-trips", () => {
    expect(toEditorText("Trip", "Day one.")).toBe("# Trip\n\nDay one.\n");
    expect(fromEditorText("# Trip\n\nDay one.\n")).toEqual({ title: "Trip", body: "Day one." });
    expect(fromEditorText("No title here\n# not a title\n")).toEqual({ title: null, body: "No title here\n# not a title" });
    expect(toEditorText(null, "")).toBe("");
  });
});
