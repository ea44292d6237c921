import { z } from "zod";
import { checkIban } from "../payments/iban.ts";
import { SIGNING_TITLE_MAX, SIGNING_TITLE_TOO_LONG } from "./staff-messages.ts";

/**
 * The account forms' rules and schemas, shared by the browser (checked before sending) and the
 * route actions (parsed again: the server never trusts the browser). Pure: no database, no clock.
 */

export const PASSWORD_MIN = 12;
/** How long links stay valid (the pages say so, hence here and not in the .server modules). */
export const INVITATION_DAYS = 7;
export const RESET_MINUTES = 60;
/** A new staff user's first password: longer than a reset, they may not read their mail at once. */
export const PASSWORD_SET_HOURS = 72;
/** The link that confirms a sign-up: a day, as long as the page and the mail say. */
export const SIGN_UP_CONFIRM_HOURS = 24;
/** argon2 would hash a megabyte happily; a cap keeps a login from being a denial of service. */
export const PASSWORD_MAX = 200;

export const LEGAL_FORMS = [
  "Stichting",
  "Vereniging",
  "Coöperatie",
  "Besloten vennootschap (bv)",
  "Naamloze vennootschap (nv)",
  "Publiekrechtelijke rechtspersoon",
] as const;

/** Upper case, no spaces: the form in which an IBAN is stored and checked. */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/**
 * ISO 13616 check (mod-97): move the first four characters to the end, letters become 10..35,
 * and the number must leave 1 when divided by 97. Computed in chunks so that no BigInt is needed.
 * A Dutch IBAN must also be 18 characters long (NLkk BBBB 0123456789).
 */
export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (iban.startsWith("NL") && !/^NL\d{2}[A-Z]{4}\d{10}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

export const KVK_PATTERN = /^\d{8}$/;
export const POSTAL_CODE_PATTERN = /^[1-9]\d{3} ?[A-Z]{2}$/;

/** "1234ab" → "1234 AB", the way PostNL writes it. */
export function normalisePostalCode(value: string): string {
  const v = value.trim().toUpperCase().replace(/\s+/g, "");
  return v.length === 6 ? `${v.slice(0, 4)} ${v.slice(4)}` : value.trim().toUpperCase();
}

// Each field's own message also when the field is missing from the post (zod's type error).
const text = (label: string, max = 200) =>
  z
    .string(`Vul ${label} in.`)
    .trim()
    .min(1, `Vul ${label} in.`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} mag hooguit ${max} tekens lang zijn.`);

export const emailField = z
  .string("Vul een e-mailadres in.")
  .trim()
  .min(1, "Vul een e-mailadres in.")
  .max(254, "Dit e-mailadres is te lang.")
  .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."))
  .transform((v) => v.toLowerCase());

export const nameField = text("uw naam");

const passwordField = z
  .string(`Kies een wachtwoord van minstens ${PASSWORD_MIN} tekens.`)
  .min(PASSWORD_MIN, `Kies een wachtwoord van minstens ${PASSWORD_MIN} tekens.`)
  .max(PASSWORD_MAX, `Een wachtwoord mag hooguit ${PASSWORD_MAX} tekens lang zijn.`);

/** A new password, typed twice. */
export const newPasswordShape = {
  password: passwordField,
  passwordRepeat: z.string("Herhaal het wachtwoord.").min(1, "Herhaal het wachtwoord."),
};
function passwordsMatch(v: { password: string; passwordRepeat: string }, ctx: z.RefinementCtx) {
  if (v.password !== v.passwordRepeat)
    ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });
}

export const signUpSchema = z
  .object({
    organisationName: text("de naam van de organisatie"),
    kvkNumber: z
      .string("Vul het KvK-nummer in: precies 8 cijfers, bijvoorbeeld 41150019.")
      .trim()
      .regex(KVK_PATTERN, "Het KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 41150019."),
    legalForm: z.enum(LEGAL_FORMS, "Kies de rechtsvorm van de organisatie."),
    street: text("de straat en het huisnummer"),
    postalCode: z
      .string("Vul een postcode in als 1234 AB.")
      .transform(normalisePostalCode)
      .pipe(z.string().regex(POSTAL_CODE_PATTERN, "Vul een postcode in als 1234 AB.")),
    city: text("de plaats", 100),
    iban: z
      .string("Vul het IBAN van de organisatie in.")
      .transform(normaliseIban)
      .pipe(
        z
          .string()
          .min(1, "Vul het IBAN van de organisatie in.")
          .refine(isValidIban, "Dit IBAN klopt niet. Controleer het nummer (het controlegetal past niet).")
          // A SEPA country in the EEA, as every account the portal pays (payments/iban.ts checkIban).
          .superRefine((iban, ctx) => {
            if (!isValidIban(iban)) return;
            const checked = checkIban(iban);
            if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.message });
          }),
      ),
    name: nameField,
    email: emailField,
    ...newPasswordShape,
  })
  .superRefine(passwordsMatch);
export type SignUpInput = z.input<typeof signUpSchema>;
export type SignUp = z.output<typeof signUpSchema>;

export const inviteSchema = z.object({ email: emailField });

export const acceptInvitationSchema = z
  .object({ name: nameField, ...newPasswordShape })
  .superRefine(passwordsMatch);
export type AcceptInvitation = z.output<typeof acceptInvitationSchema>;

/** An invitation to an address that has an account: that account's password (invitation-accept.server.ts). */
export const existingAccountPasswordSchema = z.object({
  password: z
    .string("Vul het wachtwoord van uw account in.")
    .min(1, "Vul het wachtwoord van uw account in.")
    .max(PASSWORD_MAX, `Een wachtwoord mag hooguit ${PASSWORD_MAX} tekens lang zijn.`),
});

/** The sign-up's confirmation page: the password chosen on the form (confirmSignUp, ADR 0029). */
export const confirmSignUpSchema = z.object({
  password: z
    .string("Vul het wachtwoord in dat u bij de aanmelding heeft gekozen.")
    .min(1, "Vul het wachtwoord in dat u bij de aanmelding heeft gekozen.")
    .max(PASSWORD_MAX, `Een wachtwoord mag hooguit ${PASSWORD_MAX} tekens lang zijn.`),
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z.object(newPasswordShape).superRefine(passwordsMatch);

export const STAFF_ROLE_VALUES = ["CASE_HANDLER", "ADVISER", "DECISION_MAKER", "FINANCE", "ADMIN"] as const;
export type StaffRole = (typeof STAFF_ROLE_VALUES)[number];
export const STAFF_ROLE_LABEL: Record<StaffRole, string> = {
  CASE_HANDLER: "Behandelaar",
  ADVISER: "Adviseur",
  DECISION_MAKER: "Beslisser",
  FINANCE: "Financiën",
  ADMIN: "Beheerder",
};

/** Every role as the portal names it in Dutch: the staff's and the applicant's. */
export const ROLE_LABEL: Record<StaffRole | "APPLICANT", string> = {
  APPLICANT: "Aanvrager",
  ...STAFF_ROLE_LABEL,
};

const rolesField = z
  .array(z.enum(STAFF_ROLE_VALUES, "Kies een bestaande rol."))
  .min(1, "Kies minstens één rol.")
  .transform((roles) => [...new Set(roles)]);

export const createStaffSchema = z.object({ name: nameField, email: emailField, roles: rolesField });
export type CreateStaff = z.output<typeof createStaffSchema>;

export const changeRolesSchema = z.object({ userId: z.uuid("Onbekende gebruiker."), roles: rolesField });

/** The admin names an adviser coordinator of the Actieteam, or takes it away ("true" / "false"). */
export const coordinatorSchema = z.object({
  userId: z.uuid("Onbekende gebruiker."),
  coordinator: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export { SIGNING_TITLE_MAX, SIGNING_TITLE_TOO_LONG };

/**
 * The function a staff member signs besluiten with (User.signingTitle), as the letter prints it
 * after "namens deze,": one line, and the letter sets the comma after it itself. Blank clears it.
 */
export const signingTitleSchema = z.object({
  userId: z.uuid("Onbekende gebruiker."),
  // Required: a post without the field (not the page's form) must not clear the function.
  signingTitle: z
    .string("Ongeldige invoer.")
    .transform((v) =>
      v
        .replace(/\s+/g, " ")
        .trim()
        .replace(/[\s,]+$/, ""),
    )
    .pipe(z.string().max(SIGNING_TITLE_MAX, SIGNING_TITLE_TOO_LONG))
    .transform((v) => v || null),
});
export type SigningTitleInput = z.output<typeof signingTitleSchema>;

/** The field errors of a failed parse, first message per field (the form shows one per field). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}
