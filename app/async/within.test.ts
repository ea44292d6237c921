import { describe, expect, it } from "vitest";
import { TimeoutError, within } from "./within.ts";

describe("within", () => {
  it("passes on a value that comes in time", async () => {
    await expect(within(Promise.resolve(42), 1_000)).resolves.toBe(42);
  });

  it("passes on the work's own error", async () => {
    await expect(within(Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
  });

  it("rejects with a TimeoutError naming what did not answer", async () => {
    const never = new Promise<number>(() => {});
    const err = await within(never, 20, "Redis").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe("Redis did not answer within 20 ms");
  });

  it("leaves no timer pending once the work has answered", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await within(Promise.resolve(1), 60_000);
    const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(after).toBe(before);
  });
});
