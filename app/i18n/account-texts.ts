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
    // One sentence around the bold address: "Wij hebben een e-mail gestuurd naar <email>. Open …".
    sentHeading: "Controleer uw e-mail",
    sentBefore: "Wij hebben een e-mail gestuurd naar",
    sentAfter:
      ". Open de link in die e-mail en bevestig uw aanmelding met het wachtwoord dat u net heeft gekozen; pas daarna maken wij de organisatie en uw account. De link is {{hours}} uur geldig en werkt één keer.",
    sentNoMail:
      "Geen e-mail ontvangen? Kijk ook in uw map met ongewenste e-mail, of meld uw organisatie over een uur opnieuw aan.",
    backToLogin: "Naar inloggen",
  },
  /** The page behind the sign-up mail's link (registreren-bevestigen.tsx). */
  signUpConfirm: {
    title: "Aanmelding bevestigen",
    intro: "Bevestig uw aanmelding. Daarmee maken wij het volgende:",
    organisation: "Organisatie",
    name: "Uw naam",
    email: "E-mailadres van uw account",
    after: "U bent daarna ingelogd, als eerste gebruiker en tekenbevoegde van de organisatie.",
    // The password proves that whoever confirms also filled in the form (ADR 0029).
    password: "Wachtwoord dat u bij de aanmelding heeft gekozen",
    passwordHint:
      "Zo weten wij dat u degene bent die de aanmelding heeft ingevuld. Weet u het niet meer? Meld uw organisatie dan opnieuw aan.",
    wrongPassword:
      "Dit is niet het wachtwoord dat bij deze aanmelding is gekozen. Vul het wachtwoord in dat u op het aanmeldformulier heeft gekozen.",
    throttled: "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
    submit: "Aanmelding bevestigen",
    goneHeading: "Deze link werkt niet",
    takenHeading: "Aanmelding niet gelukt",
    signUpAgain: "Opnieuw aanmelden",
    toLogin: "Naar inloggen",
    forgotPassword: "Wachtwoord vergeten",
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
    // The address has an account (invitation-accept.server.ts): it accepts with its own password,
    // or with a click when this browser is logged in as it. "… van <organisation>. Er is al … <email>."
    existingIntroBefore: "U bent uitgenodigd om in het Sectorplanportaal mee te werken voor",
    existingIntroMiddle: ". Er is al een account met het e-mailadres",
    existingIntroAfter:
      ". Vul het wachtwoord van dat account in om de uitnodiging aan te nemen; u maakt geen nieuw account. Daarna kunt u ook voor deze organisatie werken.",
    existingPassword: "Wachtwoord van uw account",
    existingSubmit: "Inloggen en uitnodiging aannemen",
    forgotPassword: "Wachtwoord vergeten?",
    otherAccount:
      "U bent nu ingelogd met een ander account. Met het wachtwoord hieronder neemt u de uitnodiging aan en bent u daarna ingelogd met het account van {{email}}.",
    confirmIntroAfter:
      ". U bent ingelogd met dit account. Neemt u de uitnodiging aan, dan kunt u ook voor deze organisatie werken.",
    confirmSubmit: "Uitnodiging aannemen",
    wrongPassword:
      "Dit wachtwoord hoort niet bij het account van {{email}}. Vul het wachtwoord in waarmee u inlogt, of vraag een nieuw wachtwoord aan.",
    throttled: "Te veel mislukte pogingen met dit account. Probeer het over een kwartier opnieuw.",
    sessionEnded:
      "U bent niet meer ingelogd. Vul het wachtwoord van uw account in om de uitnodiging aan te nemen.",
    otherAccountRefused:
      "Deze uitnodiging is voor {{email}}, niet voor het account waarmee u bent ingelogd. Vul het wachtwoord van het account van {{email}} in.",
    noAccount:
      "Er is geen account meer met dit e-mailadres. Laad deze pagina opnieuw om een account aan te maken.",
    refusedHeading: "U kunt deze uitnodiging niet aannemen",
    refused: {
      inactive:
        "Het account met het e-mailadres {{email}} is uitgeschakeld. Daarom kunt u de uitnodiging van {{organisation}} niet aannemen. Vraag de beheerder van het Sectorplanportaal het account weer in te schakelen; daarna werkt deze link weer, zolang de uitnodiging geldig is.",
      staff:
        "Het e-mailadres {{email}} hoort bij een medewerkersaccount van het Sectorplanportaal. Een medewerkersaccount kan niet ook voor een aanvragende organisatie werken. Vraag uw collega bij {{organisation}} om u uit te nodigen op een ander e-mailadres.",
      member:
        "Het account met het e-mailadres {{email}} hoort al bij {{organisation}}. U hoeft de uitnodiging niet aan te nemen: log in om verder te gaan.",
    },
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
    // The same for every address: the page must not tell which addresses have an account
    // (organisation.server.ts inviteColleague); one with an account logs in to accept.
    invited:
      "Er is een uitnodiging gestuurd naar {{email}}. De link is {{days}} dagen geldig. Heeft uw collega al een account in het portaal, dan neemt hij of zij de uitnodiging aan door met dat account in te loggen.",
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
    // Someone in more than one organisation: which one the page is for, and the way to the others.
    switchLabel: "Uw organisaties",
    pageFor:
      "U werkt in het portaal voor meer dan één organisatie. Deze pagina gaat over {{organisation}}. De pagina van een andere organisatie:",
    whichOrganisation:
      "Het is niet duidelijk voor welke organisatie dit formulier was. Laad de pagina opnieuw en probeer het nog eens.",
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
    sentHeading: "Check your e-mail",
    sentBefore: "We have sent an e-mail to",
    sentAfter:
      ". Open the link in that e-mail and confirm your registration with the password you have just chosen; only then do we create the organisation and your account. The link is valid for {{hours}} hours and works once.",
    sentNoMail:
      "No e-mail received? Also look in your junk mail folder, or register your organisation again in an hour.",
    backToLogin: "Go to the login page",
  },
  signUpConfirm: {
    title: "Confirm your registration",
    intro: "Confirm your registration. We will then create the following:",
    organisation: "Organisation",
    name: "Your name",
    email: "E-mail address of your account",
    after: "You will then be logged in, as the organisation's first user and authorised signatory.",
    password: "Password you chose when you registered",
    passwordHint:
      "This tells us that you are the person who filled in the registration. Forgotten it? Then register your organisation again.",
    wrongPassword:
      "This is not the password chosen for this registration. Enter the password you chose on the registration form.",
    throttled: "Too many failed attempts. Please try again in fifteen minutes.",
    submit: "Confirm registration",
    goneHeading: "This link does not work",
    takenHeading: "Registration did not succeed",
    signUpAgain: "Register again",
    toLogin: "Go to the login page",
    forgotPassword: "Forgot your password",
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
    existingIntroBefore: "You have been invited to work in the Sector Plan Portal for",
    existingIntroMiddle: ". There already is an account with the e-mail address",
    existingIntroAfter:
      ". Enter the password of that account to accept the invitation; you do not create a new account. After that you can work for this organisation too.",
    existingPassword: "Password of your account",
    existingSubmit: "Log in and accept the invitation",
    forgotPassword: "Forgot your password?",
    otherAccount:
      "You are logged in with another account now. With the password below you accept the invitation, and you are then logged in with the account of {{email}}.",
    confirmIntroAfter:
      ". You are logged in with this account. If you accept the invitation, you can work for this organisation too.",
    confirmSubmit: "Accept the invitation",
    wrongPassword:
      "This password does not belong to the account of {{email}}. Enter the password you log in with, or request a new password.",
    throttled: "Too many failed attempts with this account. Please try again in fifteen minutes.",
    sessionEnded: "You are no longer logged in. Enter the password of your account to accept the invitation.",
    otherAccountRefused:
      "This invitation is for {{email}}, not for the account you are logged in with. Enter the password of the account of {{email}}.",
    noAccount:
      "There is no longer an account with this e-mail address. Reload this page to create an account.",
    refusedHeading: "You cannot accept this invitation",
    refused: {
      inactive:
        "The account with the e-mail address {{email}} is deactivated. Therefore you cannot accept the invitation of {{organisation}}. Ask the administrator of the Sector Plan Portal to activate the account again; after that this link works again, as long as the invitation is valid.",
      staff:
        "The e-mail address {{email}} belongs to a staff account of the Sector Plan Portal. A staff account cannot also work for an applicant organisation. Ask your colleague at {{organisation}} to invite you at another e-mail address.",
      member:
        "The account with the e-mail address {{email}} already belongs to {{organisation}}. You do not need to accept the invitation: log in to continue.",
    },
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
      "An invitation has been sent to {{email}}. The link is valid for {{days}} days. If your colleague already has an account in the portal, they accept the invitation by logging in with that account.",
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
    switchLabel: "Your organisations",
    pageFor:
      "You work in the portal for more than one organisation. This page is about {{organisation}}. The page of another organisation:",
    whichOrganisation: "It is not clear which organisation this form was for. Reload the page and try again.",
  },
};
