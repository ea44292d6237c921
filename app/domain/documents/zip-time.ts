import { TZDate } from "@date-fns/tz";
import { AMSTERDAM } from "../time/index.ts";

/**
 * The times of a zip's entries on the Dutch clock, whatever the server's time zone.
 *
 * A zip entry's time is an MS-DOS date and time without a zone; readers show it as it is. fflate
 * fills it from a Date's local getters, so the wall-clock time a server can express is its own:
 * building a Date from the Dutch wall-clock parts works except for an hour that does not exist
 * in the server's zone (its own summer-time gap), where the Date shifts by an hour. So the fields
 * are written here from the Dutch parts, into the finished archive (local headers and central
 * directory, APPNOTE 4.3.7 and 4.3.12).
 */

/** The DOS time and date words of a moment on the Dutch clock (two-second steps; 1980 at the earliest). */
export function dosDateTime(at: Date): { time: number; date: number } {
  const z = new TZDate(at.getTime(), AMSTERDAM);
  const year = z.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  return {
    time: (z.getHours() << 11) | (z.getMinutes() << 5) | (z.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((z.getMonth() + 1) << 5) | z.getDate(),
  };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Sets every entry's time and date to `timeOf(name)` on the Dutch clock, in place. */
export function stampZipTimes(zip: Uint8Array, timeOf: (name: string) => Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record has no comment here (fflate writes none): it is the last 22 bytes.
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== EOCD) throw new Error("no zip end record");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Error("no zip central directory entry");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL) throw new Error("no zip local header");
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    const { time, date } = dosDateTime(timeOf(name));
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return zip;
}
