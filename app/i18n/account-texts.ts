/**
 * Texts of the public account pages (sign-up, forgotten and new password, invitation), Dutch and
 * English. Kept apart from nl.ts/en.ts so that one part of the UI can grow its texts without
 * touching the others. e2e specs assert some of the Dutch texts verbatim. The forms' validation
 * messages come from the domain in Dutch and are translated by domain-messages.ts (ADR 0008).
 */
export const accountNl = {
  /** The new password and its repetition (NewPasswordFields, and the sign-up form). */
  password: {
    label: "Wachtwoord",
    description: "Minstens {{min}} tekens.",
    repeat: "Herhaal het wachtwoord",
  },
  signUp: {
    title: "Organisatie aanmelden",
    intro:
      "Meld uw organisatie (de hoofdaanvrager van het samenwerkingsverband) aan. U wordt de eerste gebruiker en tekenbevoegde; daarna kunt u collega's uitnodigen. Heeft u al een account?",
    loginLink: "Log in",
    organisationLegend: "Organisatie",
    organisationName: "Naam van de organisatie",
    kvkNumber: "KvK-nummer",
    kvkNumberHint: "8 cijfers, zoals in het Handelsregister.",
    legalForm: "Rechtsvorm",
    street: "Straat en huisnummer",
    postalCode: "Postcode",
    postalCodeHint: "Bijvoorbeeld 2514 EA.",
    city: "Plaats",
    iban: "IBAN",
    ibanHint: "Het rekeningnummer waarop de subsidie wordt betaald, bijvoorbeeld NL91 ABNA 0417 1643 00.",
    accountLegend: "Uw account",
    name: "Uw naam",
    email: "E-mailadres",
    submit: "Aanmelden",
  },
  forgotPassword: {
    title: "Wachtwoord vergeten",
    intro:
      "Vul het e-mailadres van uw account in. U krijgt een e-mail met een link om een nieuw wachtwoord te kiezen.",
    email: "E-mailadres",
    submit: "Link versturen",
    sentHeading: "Kijk in uw e-mail",
    sent: "Als er een account bij dit e-mailadres hoort, hebben wij een e-mail gestuurd met een link om een nieuw wachtwoord te kiezen. De link is {{minutes}} minuten geldig en werkt één keer.",
    backToLogin: "Terug naar inloggen",
  },
  resetPassword: {
    title: "Nieuw wachtwoord kiezen",
    intro: "Na het opslaan wordt u op andere apparaten uitgelogd.",
    newPassword: "Nieuw wachtwoord",
    submit: "Wachtwoord opslaan",
    goneHeading: "Deze link werkt niet",
    newLink: "Nieuwe link aanvragen",
  },
  invitation: {
    title: "Uitnodiging aannemen",
    // One sentence around two bold values: "… van <organisation>. Uw account wordt <email>. Kies …".
    introBefore: "U bent uitgenodigd voor het Sectorplanportaal van",
    introMiddle: ". Uw account wordt",
    introAfter: ". Kies uw naam en een wachtwoord.",
    name: "Uw naam",
    submit: "Account aanmaken",
    goneHeading: "Deze uitnodiging werkt niet",
    toLogin: "Naar inloggen",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const accountEn: Widen<typeof accountNl> = {
  password: {
    label: "Password",
    description: "At least {{min}} characters.",
    repeat: "Repeat the password",
  },
  signUp: {
    title: "Register your organisation",
    intro:
      "Register your organisation (the lead applicant of the partnership). You become its first user and authorised signatory; after that you can invite colleagues. Already have an account?",
    // Not just "Log in": that would read the same as the Dutch (resources.test.ts wants them to differ).
    loginLink: "Log in here",
    organisationLegend: "Organisation",
    organisationName: "Name of the organisation",
    kvkNumber: "Chamber of Commerce (KvK) number",
    kvkNumberHint: "8 digits, as in the Dutch Business Register (Handelsregister).",
    legalForm: "Legal form",
    street: "Street and house number",
    postalCode: "Postcode",
    postalCodeHint: "For example 2514 EA.",
    city: "Town or city",
    iban: "IBAN",
    ibanHint: "The bank account number to which the grant is paid, for example NL91 ABNA 0417 1643 00.",
    accountLegend: "Your account",
    name: "Your name",
    email: "E-mail address",
    submit: "Register",
  },
  forgotPassword: {
    title: "Forgot your password",
    intro:
      "Enter the e-mail address of your account. You will receive an e-mail with a link to choose a new password.",
    email: "E-mail address",
    submit: "Send link",
    sentHeading: "Check your e-mail",
    sent: "If there is an account with this e-mail address, we have sent an e-mail with a link to choose a new password. The link is valid for {{minutes}} minutes and works once.",
    backToLogin: "Back to log in",
  },
  resetPassword: {
    title: "Choose a new password",
    intro: "Once you save it, you will be logged out on other devices.",
    newPassword: "New password",
    submit: "Save password",
    goneHeading: "This link does not work",
    newLink: "Request a new link",
  },
  invitation: {
    title: "Accept the invitation",
    introBefore: "You have been invited to the Sector Plan Portal of",
    introMiddle: ". Your account will be",
    introAfter: ". Choose your name and a password.",
    name: "Your name",
    submit: "Create account",
    goneHeading: "This invitation does not work",
    toLogin: "To log in",
  },
};
