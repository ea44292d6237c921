import { describe, expect, it } from "vitest";
import { chosenLocale, getLocale, localeCookie } from "./i18n.server.ts";

const request = (path: string, cookie?: string) =>
  new Request(`http://portaal.test${path}`, cookie ? { headers: { cookie } } : {});

describe("the page's language", () => {
  it("is the one chosen, by ?lng= before the cookie, and Dutch by default", async () => {
    expect(await getLocale(request("/aanvrager"))).toBe("nl");
    expect(await getLocale(request("/aanvrager?lng=en"))).toBe("en");
    const english = (await localeCookie.serialize("en")).split(";")[0];
    expect(await getLocale(request("/meldingen", english))).toBe("en");
    expect(await getLocale(request("/meldingen?lng=nl", english))).toBe("nl");
  });

  it("is Dutch in the staff's areas, pages and data requests alike, while the choice is kept", async () => {
    for (const path of ["/behandeling", "/behandeling/plannen/x", "/financien.data", "/beheer/wachtrijen"]) {
      expect(await getLocale(request(`${path}?lng=en`)), path).toBe("nl");
      expect(await chosenLocale(request(`${path}?lng=en`)), path).toBe("en");
    }
    // A path that only begins like one is not a staff area.
    expect(await getLocale(request("/behandelingen?lng=en"))).toBe("en");
  });
});
