import { unzipSync, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { dosDateTime, stampZipTimes } from "./zip-time.ts";

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});

/** The time and date fields of the first local header and the first central-directory entry. */
function fields(zip: Uint8Array) {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const central = v.getUint32(zip.byteLength - 22 + 16, true);
  const read = (time: number, date: number) =>
    `${1980 + (date >> 9)}-${(date >> 5) & 15}-${date & 31} ${time >> 11}:${(time >> 5) & 63}:${(time & 31) * 2}`;
  return {
    local: read(v.getUint16(10, true), v.getUint16(12, true)),
    central: read(v.getUint16(central + 12, true), v.getUint16(central + 14, true)),
  };
}

describe("zip entry times on the Dutch clock", () => {
  it("are the Dutch wall-clock time in winter and summer", () => {
    expect(dosDateTime(new Date("2026-01-15T13:04:06Z"))).toEqual(
      dosDateTime(new Date("2026-01-15T13:04:07Z")),
    );
    const winter = stampZipTimes(zipSync({ a: new Uint8Array([1]) }), () => new Date("2026-01-15T13:04:06Z"));
    expect(fields(winter)).toEqual({ local: "2026-1-15 14:4:6", central: "2026-1-15 14:4:6" });
    const summer = stampZipTimes(zipSync({ a: new Uint8Array([1]) }), () => new Date("2026-07-01T22:30:00Z"));
    expect(fields(summer)).toEqual({ local: "2026-7-2 0:30:0", central: "2026-7-2 0:30:0" });
  });

  it("hold a Dutch time that does not exist on the server's own clock (its summer-time gap)", () => {
    // Los Angeles moves from 02:00 to 03:00 on 8 March 2026; in Amsterdam 02:30 that day exists
    // (01:30 UTC). A Date built from those parts on such a server would say 03:30.
    process.env.TZ = "America/Los_Angeles";
    const at = new Date("2026-03-08T01:30:00Z");
    const zip = stampZipTimes(
      zipSync({ "brieven/besluit.pdf": new Uint8Array([1, 2, 3]), "inhoud.txt": new Uint8Array([4]) }),
      (name) => (name === "inhoud.txt" ? new Date("2026-03-09T08:00:00Z") : at),
    );
    expect(fields(zip)).toEqual({ local: "2026-3-8 2:30:0", central: "2026-3-8 2:30:0" });
    // Still a zip that unpacks to the same contents.
    expect(unzipSync(zip)).toEqual({
      "brieven/besluit.pdf": new Uint8Array([1, 2, 3]),
      "inhoud.txt": new Uint8Array([4]),
    });
    // The same bytes whatever the zone the server runs in.
    process.env.TZ = "UTC";
    const again = stampZipTimes(
      zipSync({ "brieven/besluit.pdf": new Uint8Array([1, 2, 3]), "inhoud.txt": new Uint8Array([4]) }),
      (name) => (name === "inhoud.txt" ? new Date("2026-03-09T08:00:00Z") : at),
    );
    expect(again).toEqual(zip);
  });

  it("start in 1980 at the earliest", () => {
    const zip = stampZipTimes(zipSync({ a: new Uint8Array([1]) }), () => new Date("1970-01-01T00:00:00Z"));
    expect(fields(zip).local).toBe("1980-1-1 0:0:0");
  });
});
