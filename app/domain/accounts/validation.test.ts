import { describe, expect, it } from "vitest";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { IBAN_OUTSIDE_EEA } from "../payments/iban.ts";
import {
  acceptInvitationSchema,
  changeRolesSchema,
  confirmSignUpSchema,
  createStaffSchema,
  existingAccountPasswordSchema,
  fieldErrorsOf,
  isValidIban,
  normalisePostalCode,
  signUpSchema,
} from "./validation.ts";

const valid = {
  organisationName: "Stichting Vakmanschap",
  kvkNumber: "41150019",
  legalForm: "Stichting",
  street: "Lange Voorhout 1",
  postalCode: "2514ea",
  city: "Den Haag",
  iban: "nl91 abna 0417 1643 00",
  name: "Anna de Vries",
  email: "Anna@Vakmanschap.NL",
  password: "een-lang-wachtwoord",
  passwordRepeat: "een-lang-wachtwoord",
};

function errorsOf(input: unknown) {
  const r = signUpSchema.safeParse(input);
  return r.success ? {} : fieldErrorsOf(r.error);
}

describe("isValidIban", () => {
  it("accepts valid IBANs with or without spaces, any case", () => {
    expect(isValidIban("NL91ABNA0417164300")).toBe(true);
    expect(isValidIban("nl91 abna 0417 1643 00")).toBe(true);
    expect(isValidIban("DE89370400440532013000")).toBe(true);
    expect(isValidIban("GB82WEST12345698765432")).toBe(true);
  });
  it("refuses a wrong check digit", () => {
    expect(isValidIban("NL92ABNA0417164300")).toBe(false);
    expect(isValidIban("DE88370400440532013000")).toBe(false);
  });
  it("refuses a changed account number and wrong shapes", () => {
    expect(isValidIban("NL91ABNA0417164301")).toBe(false);
    expect(isValidIban("NL91ABNA041716430")).toBe(false);
    expect(isValidIban("NL91ABN10417164300")).toBe(false);
    expect(isValidIban("")).toBe(false);
    expect(isValidIban("91NLABNA0417164300")).toBe(false);
  });
});

describe("signUpSchema", () => {
  it("refuses an account in a SEPA country outside the EEA, with one message for the field", () => {
    expect(errorsOf({ ...valid, iban: "CH93 0076 2011 6238 5295 7" })).toEqual({ iban: IBAN_OUTSIDE_EEA });
    expect(errorsOf({ ...valid, iban: "DE89 3704 0044 0532 0130 01" }).iban).toMatch(/klopt niet/);
    expect(signUpSchema.safeParse({ ...valid, iban: "DE89 3704 0044 0532 0130 00" }).success).toBe(true);
  });

  it("parses a valid sign-up and normalises IBAN, postal code and e-mail", () => {
    const r = signUpSchema.parse(valid);
    expect(r.iban).toBe("NL91ABNA0417164300");
    expect(r.postalCode).toBe("2514 EA");
    expect(r.email).toBe("anna@vakmanschap.nl");
  });
  it.each(["1234567", "123456789", "1234567a", "", "12 345 678"])("refuses KvK number %j", (kvk) => {
    expect(errorsOf({ ...valid, kvkNumber: kvk }).kvkNumber).toMatch(/precies 8 cijfers/);
  });
  it("refuses an IBAN with a wrong check digit", () => {
    expect(errorsOf({ ...valid, iban: "NL92ABNA0417164300" }).iban).toMatch(/controlegetal/);
  });
  it("refuses an unknown legal form, a bad postal code and a bad e-mail", () => {
    const e = errorsOf({ ...valid, legalForm: "Eenmanszaak", postalCode: "0123 AB", email: "geen-adres" });
    expect(e.legalForm).toMatch(/rechtsvorm/);
    expect(e.postalCode).toMatch(/1234 AB/);
    expect(e.email).toMatch(/geldig e-mailadres/);
  });
  it("refuses a short password and a repeat that differs", () => {
    expect(errorsOf({ ...valid, password: "kort", passwordRepeat: "kort" }).password).toMatch(/12 tekens/);
    expect(errorsOf({ ...valid, passwordRepeat: "iets-anders-lang" }).passwordRepeat).toMatch(/niet gelijk/);
  });
  it("refuses empty required texts", () => {
    const e = errorsOf({ ...valid, organisationName: "  ", city: "", name: "" });
    expect(Object.keys(e).sort()).toEqual(["city", "name", "organisationName"]);
  });
});

describe("other account schemas", () => {
  it("acceptInvitation needs a name and a password of 12 characters, twice", () => {
    expect(
      acceptInvitationSchema.safeParse({
        name: "Bo",
        password: "x".repeat(12),
        passwordRepeat: "x".repeat(12),
      }).success,
    ).toBe(true);
    expect(
      acceptInvitationSchema.safeParse({
        name: "Bo",
        password: "x".repeat(11),
        passwordRepeat: "x".repeat(11),
      }).success,
    ).toBe(false);
  });
  it("staff schemas accept only staff roles, at least one", () => {
    expect(
      createStaffSchema.safeParse({ name: "Bo", email: "bo@x.nl", roles: ["ADVISER", "ADVISER"] }).data
        ?.roles,
    ).toEqual(["ADVISER"]);
    expect(createStaffSchema.safeParse({ name: "Bo", email: "bo@x.nl", roles: ["APPLICANT"] }).success).toBe(
      false,
    );
    expect(createStaffSchema.safeParse({ name: "Bo", email: "bo@x.nl", roles: [] }).success).toBe(false);
    expect(changeRolesSchema.safeParse({ userId: "nope", roles: ["ADMIN"] }).success).toBe(false);
  });
  it("normalisePostalCode", () => {
    expect(normalisePostalCode(" 1234ab ")).toBe("1234 AB");
  });
});

describe("a sign-up post cut short (fields missing altogether)", () => {
  it("names each missing field in Dutch, as an empty one, not with zod's English type error", () => {
    const errors = errorsOf({});
    expect(errors).toMatchObject({
      organisationName: "Vul de naam van de organisatie in.",
      kvkNumber: "Vul het KvK-nummer in: precies 8 cijfers, bijvoorbeeld 41150019.",
      legalForm: "Kies de rechtsvorm van de organisatie.",
      street: "Vul de straat en het huisnummer in.",
      postalCode: "Vul een postcode in als 1234 AB.",
      city: "Vul de plaats in.",
      iban: "Vul het IBAN van de organisatie in.",
      name: "Vul uw naam in.",
      email: "Vul een e-mailadres in.",
      password: "Kies een wachtwoord van minstens 12 tekens.",
      passwordRepeat: "Herhaal het wachtwoord.",
    });
    expect(JSON.stringify(errors)).not.toMatch(/Invalid|expected/);
    // Every one of them has its English, for the sign-up form in English.
    expect(Object.values(errors).filter((m) => !hasEnglish(String(m)))).toEqual([]);
  });

  it("a password form posted without its field asks for the password, not zod's type error", () => {
    const errorOf = (schema: typeof confirmSignUpSchema | typeof existingAccountPasswordSchema) => {
      const r = schema.safeParse({});
      return r.success ? {} : fieldErrorsOf(r.error);
    };
    expect(errorOf(existingAccountPasswordSchema)).toEqual({
      password: "Vul het wachtwoord van uw account in.",
    });
    expect(errorOf(confirmSignUpSchema)).toEqual({
      password: "Vul het wachtwoord in dat u bij de aanmelding heeft gekozen.",
    });
  });
});
