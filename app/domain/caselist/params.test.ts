import { describe, expect, it } from "vitest";
import { listHref, parseListParams } from "./params.ts";

const parse = (qs: string) => parseListParams(new URLSearchParams(qs));

describe("staff list query params", () => {
  it("falls back to defaults for every bad value, never throws", () => {
    const p = parse(
      "lijst=geheim&status=DRAFT&sector=%27%3B--&tijdvak=nope&behandelaar=iemand&termijn=ja&sorteer=x&richting=omhoog&pagina=-3",
    );
    expect(p).toEqual({ pagina: 1 });
    expect(parse("pagina=abc").pagina).toBe(1);
    expect(parse("pagina=2.5").pagina).toBe(1);
    expect(parse("pagina=99999999").pagina).toBe(1);
  });

  it("keeps good values, trims the search and ignores empty fields", () => {
    const id = "7f2c1a9e-1234-4abc-8def-0123456789ab";
    const p = parse(
      `lijst=alle&q=++SP-2026-0001++&status=ADVISED&sector=3&tijdvak=${id}&behandelaar=mijn&termijn=verlopen&sorteer=termijn&richting=af&pagina=4&leeg=`,
    );
    expect(p).toEqual({
      lijst: "alle",
      q: "SP-2026-0001",
      status: "ADVISED",
      sector: "3",
      tijdvak: id,
      behandelaar: "mijn",
      termijn: "verlopen",
      sorteer: "termijn",
      richting: "af",
      pagina: 4,
    });
    expect(parse("q=+++").q).toBeUndefined();
    expect(parse(`behandelaar=${id}`).behandelaar).toBe(id);
  });

  it("builds page and sort links that parse back to the same params", () => {
    const p = parse("lijst=besluit&q=metaal&sorteer=kenmerk");
    const href = listHref(p, { pagina: 3 });
    expect(href).toBe("?lijst=besluit&q=metaal&sorteer=kenmerk&pagina=3");
    expect(parse(href.slice(1))).toEqual({ ...p, pagina: 3 });
    expect(listHref(p, { pagina: 1 })).not.toContain("pagina");
  });
});
