import { describe, expect, it } from "vitest";
import { issueMessages, validPlanDraft } from "../../../test/scenario.server.ts";
import {
  emptyPartnershipStep,
  type PartnerInput,
  type PartnershipStepInput,
  partnershipStepSchema,
} from "./partnership.ts";

const schema = partnershipStepSchema();
const valid = (): PartnershipStepInput => validPlanDraft(2026).partnership;
const partner = (patch: Partial<PartnerInput>): PartnerInput => ({
  kind: "OTHER",
  name: "Opleidingsbedrijf Noord",
  contactName: "Jan Bakker",
  contactEmail: "j.bakker@noord.example",
  ...patch,
});
const messagesFor = (partners: PartnerInput[]) => issueMessages(schema.safeParse({ partners }));

const NO_EMPLOYERS = "Het samenwerkingsverband heeft ten minste één werkgeversorganisatie.";
const NO_EMPLOYEES = "Het samenwerkingsverband heeft ten minste één werknemersorganisatie.";

describe("step 2, the partnership", () => {
  it("accepts an employers' and an employees' organisation, and others beside them", () => {
    expect(schema.parse(valid()).partners).toHaveLength(2);
    expect(schema.safeParse({ partners: [...valid().partners, partner({})] }).success).toBe(true);
  });

  it("requires at least one employers' and at least one employees' organisation", () => {
    const [employers, employees] = valid().partners as [PartnerInput, PartnerInput];
    expect(messagesFor([employers]).partners).toBe(NO_EMPLOYEES);
    expect(messagesFor([employees]).partners).toBe(NO_EMPLOYERS);
    expect(messagesFor([partner({}), partner({})]).partners).toBe(`${NO_EMPLOYERS}\n${NO_EMPLOYEES}`);
    expect(messagesFor([]).partners).toBe(`${NO_EMPLOYERS}\n${NO_EMPLOYEES}`);
  });

  it("requires each organisation's kind, name and contact, with a real e-mail address", () => {
    const partners = [
      ...valid().partners,
      partner({ kind: "" as PartnerInput["kind"], name: " ", contactName: "", contactEmail: "jan@" }),
      partner({ contactEmail: "" }),
    ];
    const m = messagesFor(partners);
    expect(m).toEqual({
      "partners.2.kind": "Kies het soort organisatie.",
      "partners.2.name": "Vul de naam van de organisatie in.",
      "partners.2.contactName": "Vul de naam van de contactpersoon in.",
      "partners.2.contactEmail": "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.",
      "partners.3.contactEmail": "Vul het e-mailadres van de contactpersoon in.",
    });
  });

  it("caps names at 200 characters and keeps HTML as text", () => {
    const long = messagesFor([...valid().partners, partner({ name: "x".repeat(201) })]);
    expect(long["partners.2.name"]).toBe("De naam van de organisatie mag hoogstens 200 tekens hebben.");
    const html = "<i>FNV</i> & CNV";
    const out = schema.parse({ partners: [...valid().partners, partner({ name: html })] });
    expect(out.partners[2]?.name).toBe(html);
  });

  it("starts with an empty employers' and employees' row", () => {
    const empty = emptyPartnershipStep();
    expect(empty.partners.map((p) => p.kind)).toEqual(["EMPLOYERS", "EMPLOYEES"]);
    expect(Object.keys(issueMessages(schema.safeParse(empty))).sort()).toEqual(
      [
        "partners.0.name",
        "partners.0.contactName",
        "partners.0.contactEmail",
        "partners.1.name",
        "partners.1.contactName",
        "partners.1.contactEmail",
      ].sort(),
    );
  });
});
