/**
 * Texts of the public account pages (sign-up, forgotten and new password, invitation), Dutch and
 * English. Kept apart from nl.ts/en.ts so that one part of the UI can grow its texts without
 * touching the others. e2e specs assert some of the Dutch texts verbatim. The forms' validation
 * messages come from the domain in Dutch and are translated by domain-messages.ts (ADR 0008).
 */
export const accountNl = {
  /** Sign-up and the invitation form past their limit per client address (throttle.server.ts). */
  throttled: "Te veel pogingen vanaf uw internetadres. Probeer het over een kwartier opnieuw.",
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
  /** The applicant's page of their organisation: its users, signatories and invitations. */
  organisation: {
    title: "Organisatie en collega's",
    facts: "KvK-nummer {{kvk}} · {{legalForm}} · {{address}} · IBAN {{iban}}",
    usersHeading: "Gebruikers",
    usersIntro:
      "Iedereen hieronder kan de plannen van uw organisatie voorbereiden. Alleen een tekenbevoegde kan een plan indienen.",
    usersCaption: "Gebruikers van {{organisation}}",
    name: "Naam",
    email: "E-mailadres",
    signatory: "Tekenbevoegd",
    change: "Wijzigen",
    you: "(u)",
    disabled: "(uitgeschakeld)",
    yes: "ja",
    no: "nee",
    revokeSignatory: "Tekenbevoegdheid intrekken: {{name}}",
    makeSignatory: "Tekenbevoegd maken: {{name}}",
    signatoryChanged: "De tekenbevoegdheid is gewijzigd.",
    unknownUser: "Onbekende gebruiker.",
    inviteHeading: "Collega uitnodigen",
    inviteEmail: "E-mailadres van uw collega",
    inviteEmailHint: "Uw collega krijgt een e-mail met een link die {{days}} dagen geldig is.",
    inviteSubmit: "Uitnodiging versturen",
    // Conditional on purpose: an address with an account elsewhere gets no mail, and the page must
    // not tell which addresses have one (organisation.server.ts inviteColleague).
    invited:
      "Als dit adres nog geen account in het portaal heeft, is er een uitnodiging gestuurd naar {{email}}. De link is {{days}} dagen geldig. Een account hoort bij één organisatie: komt er niets aan, dan heeft dit adres misschien al een account en kan uw collega een ander e-mailadres gebruiken.",
    pendingHeading: "Openstaande uitnodigingen",
    pendingInvitation: "{{email}} — geldig tot {{until}}",
    withdraw: "Uitnodiging intrekken: {{email}}",
    withdrawn: "De uitnodiging aan {{email}} is ingetrokken; de link werkt niet meer.",
    unknownInvitation: "Onbekende uitnodiging.",
    // "Toegang beëindigen" (organisation.server.ts endMembership): a link, then a confirmation step.
    access: "Toegang",
    endAccess: "Toegang beëindigen: {{name}}",
    endOwnAccess: "Mijn toegang beëindigen",
    endConfirmHeading: "Toegang van {{name}} beëindigen?",
    endOwnConfirmHeading: "Uw toegang tot {{organisation}} beëindigen?",
    endConsequences:
      "{{name}} kan daarna de plannen, brieven, berichten en gegevens van {{organisation}} niet meer inzien of wijzigen, en krijgt er geen meldingen meer over. Uitnodigingen die {{name}} stuurde en die nog openstaan, worden ingetrokken. Wat {{name}} eerder deed, blijft in de dossiers staan. U kunt dit niet ongedaan maken.",
    endOwnConsequences:
      "U kunt daarna de plannen, brieven, berichten en gegevens van {{organisation}} niet meer inzien of wijzigen, en krijgt er geen meldingen meer over. Uitnodigingen die u stuurde en die nog openstaan, worden ingetrokken. Wat u eerder deed, blijft in de dossiers staan. U kunt dit niet ongedaan maken.",
    endConfirm: "Ja, toegang van {{name}} beëindigen",
    endOwnConfirm: "Ja, mijn toegang beëindigen",
    endCancel: "Nee, terug naar de gebruikers",
    accessEnded: "De toegang van {{name}} is beëindigd.",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const accountEn: Widen<typeof accountNl> = {
  throttled: "Too many attempts from your internet address. Please try again in fifteen minutes.",
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
  organisation: {
    title: "Organisation and colleagues",
    facts: "Chamber of Commerce number {{kvk}} · {{legalForm}} · {{address}} · IBAN {{iban}}",
    usersHeading: "Users",
    usersIntro: "Everyone below can prepare your organisation's plans. Only a signatory can submit a plan.",
    usersCaption: "Users of {{organisation}}",
    name: "Name",
    email: "E-mail address",
    signatory: "Signatory",
    change: "Change",
    you: "(you)",
    disabled: "(disabled)",
    yes: "yes",
    no: "no",
    revokeSignatory: "Withdraw signing authority: {{name}}",
    makeSignatory: "Make signatory: {{name}}",
    signatoryChanged: "The signing authority has been changed.",
    unknownUser: "Unknown user.",
    inviteHeading: "Invite a colleague",
    inviteEmail: "Your colleague's e-mail address",
    inviteEmailHint: "Your colleague receives an e-mail with a link that is valid for {{days}} days.",
    inviteSubmit: "Send invitation",
    invited:
      "If this address has no account in the portal yet, an invitation has been sent to {{email}}. The link is valid for {{days}} days. An account belongs to one organisation: if nothing arrives, the address may have an account already, and your colleague can use another e-mail address.",
    pendingHeading: "Pending invitations",
    pendingInvitation: "{{email}} — valid until {{until}}",
    withdraw: "Withdraw invitation: {{email}}",
    withdrawn: "The invitation to {{email}} has been withdrawn; its link no longer works.",
    unknownInvitation: "Unknown invitation.",
    access: "Access",
    endAccess: "End access: {{name}}",
    endOwnAccess: "End my access",
    endConfirmHeading: "End the access of {{name}}?",
    endOwnConfirmHeading: "End your access to {{organisation}}?",
    endConsequences:
      "{{name}} will then no longer be able to view or change the plans, letters, messages and details of {{organisation}}, and will no longer receive notifications about them. Invitations {{name}} sent that are still open are withdrawn. What {{name}} did before stays in the case files. You cannot undo this.",
    endOwnConsequences:
      "You will then no longer be able to view or change the plans, letters, messages and details of {{organisation}}, and will no longer receive notifications about them. Invitations you sent that are still open are withdrawn. What you did before stays in the case files. You cannot undo this.",
    endConfirm: "Yes, end the access of {{name}}",
    endOwnConfirm: "Yes, end my access",
    endCancel: "No, back to the users",
    accessEnded: "The access of {{name}} has been ended.",
  },
};
