import { describe, expect, it } from "vitest";
import { pageLinks } from "./pagination.tsx";

describe("page links", () => {
  it("shows the first, the last and two either side of the current page, with a gap mark between", () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(3, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageLinks(6, 500)).toEqual([1, null, 4, 5, 6, 7, 8, null, 500]);
    expect(pageLinks(1, 10)).toEqual([1, 2, 3, null, 10]);
    expect(pageLinks(10, 10)).toEqual([1, null, 8, 9, 10]);
  });
});
