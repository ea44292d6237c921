import type { AccountEmailTemplate } from "../../../jobs/definitions.ts";
import { formatDateTimeNl } from "../../time/index.ts";
import { type EmailMessage, p, strong } from "./message.ts";

/** What an account e-mail needs: the link (with its freshly minted token) and when it stops working. */
export type AccountEmailData = {
  recipientName: string | null;
  organisationName: string | null;
  inviterName: string | null;
  link: string;
  /** The "wachtwoord vergeten" page, for the notice to an account whose address was given at sign-up. */
  forgotPasswordLink: string;
  expiresAt: Date;
  /** An invitation to an address that has an account: that account logs in to accept it. */
  existingAccount?: boolean;
};

type Compose = (d: AccountEmailData) => EmailMessage;

const greeting = (d: AccountEmailData) =>
  p(d.recipientName ? `Geachte ${d.recipientName},` : "Geachte heer, mevrouw,");

const invitation: Compose = (d) => ({
  subject: `Uitnodiging voor het Sectorplanportaal van ${d.organisationName ?? "uw organisatie"}`,
  preheader: "U bent uitgenodigd om samen met uw collega's sectorplannen voor te bereiden.",
  heading: "U bent uitgenodigd",
  blocks: [
    greeting(d),
    p(
      d.inviterName ? `${d.inviterName} nodigt u uit` : "U bent uitgenodigd",
      " om in het Sectorplanportaal mee te werken aan de sectorplannen van ",
      strong(d.organisationName ?? "uw organisatie"),
      ".",
    ),
    d.existingAccount
      ? p(
          "U heeft al een account in het Sectorplanportaal met dit e-mailadres. Log via de knop hieronder in met het wachtwoord van dat account om de uitnodiging aan te nemen; u maakt geen nieuw account. De link werkt één keer en is geldig tot ",
          strong(formatDateTimeNl(d.expiresAt)),
          ".",
        )
      : p(
          "Kies via de knop hieronder uw naam en een wachtwoord. De link werkt één keer en is geldig tot ",
          strong(formatDateTimeNl(d.expiresAt)),
          ".",
        ),
    p("Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren."),
  ],
  action: { label: "Uitnodiging aannemen", href: d.link },
});

const passwordReset: Compose = (d) => ({
  subject: "Nieuw wachtwoord voor het Sectorplanportaal",
  preheader: "Met de link in dit bericht kiest u een nieuw wachtwoord.",
  heading: "Nieuw wachtwoord kiezen",
  blocks: [
    greeting(d),
    p(
      "Iemand (hopelijk u) heeft gevraagd om een nieuw wachtwoord voor uw account bij het Sectorplanportaal.",
    ),
    p(
      "De link werkt één keer en is geldig tot ",
      strong(formatDateTimeNl(d.expiresAt)),
      ". Daarna moet u een nieuwe aanvragen.",
    ),
    p("Heeft u dit niet gevraagd? Dan hoeft u niets te doen; uw wachtwoord blijft hetzelfde."),
  ],
  action: { label: "Nieuw wachtwoord kiezen", href: d.link },
});

const passwordSet: Compose = (d) => ({
  subject: "Uw account bij het Sectorplanportaal",
  preheader: "Er is een account voor u gemaakt. Kies uw wachtwoord.",
  heading: "Er is een account voor u gemaakt",
  blocks: [
    greeting(d),
    p("Een beheerder heeft een medewerkersaccount voor u gemaakt in het Sectorplanportaal."),
    p(
      "Kies via de knop hieronder uw wachtwoord. De link werkt één keer en is geldig tot ",
      strong(formatDateTimeNl(d.expiresAt)),
      ".",
    ),
  ],
  action: { label: "Wachtwoord kiezen", href: d.link },
});

/**
 * To any address someone typed into the sign-up form: so it names nothing they typed (no name, no
 * organisation; account-email.server.ts passes neither), and says first what to do if it was not
 * the reader. The page behind the link shows the organisation and name, and asks the password
 * chosen on the form (ADR 0029).
 */
const signUpConfirm: Compose = (d) => ({
  subject: "Bevestig de aanmelding van uw organisatie bij het Sectorplanportaal",
  preheader: "Dit e-mailadres is opgegeven bij een aanmelding op het Sectorplanportaal.",
  heading: "Bevestig uw aanmelding",
  blocks: [
    p("Geachte heer, mevrouw,"),
    p(
      "Dit e-mailadres is opgegeven bij een aanmelding van een organisatie op het Sectorplanportaal. Was u dat niet, dan hoeft u niets te doen: zonder bevestiging maken wij niets, en de aanmelding vervalt vanzelf.",
    ),
    p(
      "Heeft u zelf uw organisatie aangemeld? Open dan de link via de knop hieronder. U ziet daar welke organisatie en naam zijn opgegeven, en u bevestigt met het wachtwoord dat u bij de aanmelding heeft gekozen. Pas dan maken wij de organisatie en uw account.",
    ),
    p("De link werkt één keer en is geldig tot ", strong(formatDateTimeNl(d.expiresAt)), "."),
  ],
  action: { label: "Aanmelding bekijken en bevestigen", href: d.link },
});

const signUpAttempt: Compose = (d) => ({
  subject: "Aanmelding met uw e-mailadres bij het Sectorplanportaal",
  preheader: "Iemand heeft geprobeerd een organisatie aan te melden met uw e-mailadres.",
  heading: "U heeft al een account",
  blocks: [
    greeting(d),
    p(
      "Iemand (hopelijk u) heeft geprobeerd een organisatie aan te melden bij het Sectorplanportaal met dit e-mailadres. Er bestaat al een account met dit adres, dus er is geen nieuw account gemaakt.",
    ),
    p("Wilt u inloggen? Gebruik de knop hieronder."),
    p("Weet u uw wachtwoord niet meer? Vraag een nieuw aan via ", d.forgotPasswordLink, "."),
    p(
      "Wilt u een andere organisatie toevoegen? Vraag een collega van die organisatie om u uit te nodigen. Heeft u dit niet gedaan? Dan hoeft u niets te doen; uw account blijft zoals het is.",
    ),
  ],
  action: { label: "Inloggen", href: d.link },
});

/** The account e-mails, by the name in their outbox message (keyed by the enum: a missing one does not compile). */
export const ACCOUNT_EMAIL_TEMPLATES: Record<AccountEmailTemplate, { compose: Compose; path: string }> = {
  invitation: { compose: invitation, path: "uitnodiging" },
  "password-reset": { compose: passwordReset, path: "wachtwoord-herstellen" },
  "password-set": { compose: passwordSet, path: "wachtwoord-herstellen" },
  "sign-up-confirm": { compose: signUpConfirm, path: "registreren/bevestigen" },
  // No token: the link is the login page itself.
  "sign-up-attempt": { compose: signUpAttempt, path: "login" },
};
