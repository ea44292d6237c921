import { describe, expect, it } from "vitest";
import { dayCount, formatFileSize, formatTypedCount, namesInBrief } from "./format.ts";

describe("file sizes", () => {
  it("are written the page's way: a decimal comma in Dutch, a point in English; 1 kB = 1024 bytes", () => {
    expect(formatFileSize(27_135, "nl")).toBe("26,5 kB");
    expect(formatFileSize(27_135, "en")).toBe("26.5 kB");
    expect(formatFileSize(10 * 1024 * 1024, "nl")).toBe("10,0 MB");
    expect(formatFileSize(1_572_864, "en")).toBe("1.5 MB");
  });
});

describe("names in brief", () => {
  it("names up to the first few in a sentence, then counts the rest", () => {
    expect(namesInBrief([])).toBe("");
    expect(namesInBrief(["A"])).toBe("A");
    expect(namesInBrief(["A", "B"])).toBe("A en B");
    expect(namesInBrief(["A", "B", "C"])).toBe("A, B en C");
    expect(namesInBrief(["A", "B", "C", "D", "E"])).toBe("A, B, C en 2 andere");
    expect(namesInBrief(["A", "B", "C", "D", "E"], 5)).toBe("A, B, C, D en E");
  });
});

describe("typed counts", () => {
  it("are grouped the page's way when whole numbers, and shown as typed otherwise", () => {
    expect(formatTypedCount("150000", "nl")).toBe("150.000");
    expect(formatTypedCount(" 150000 ", "en")).toBe("150,000");
    expect(formatTypedCount("300", "nl")).toBe("300");
    expect(formatTypedCount("12,5", "nl")).toBe("12,5");
    expect(formatTypedCount("ongeveer 400", "nl")).toBe("ongeveer 400");
    expect(formatTypedCount("", "nl")).toBe("");
  });
});

describe("day counts", () => {
  it("says dag for one and groups thousands the Dutch way", () => {
    expect(dayCount(1)).toBe("1 dag");
    expect(dayCount(0)).toBe("0 dagen");
    expect(dayCount(12)).toBe("12 dagen");
    expect(dayCount(4487)).toBe("4.487 dagen");
  });
});
