/**
 * English renderings of the Dutch texts the applicant meets on the finance pages (issue 6), to be
 * merged into the ENGLISH table of domain-messages.ts. The Dutch text is the key; `{max}` matches
 * any text (see translateDomainText). finance-messages.test.ts raises each schema and IBAN message.
 */
export const FINANCE_MESSAGES_EN: Record<string, string> = {
  // ── the realisation report's steps (app/domain/settlement/report-schemas.ts) ────────────────
  "Vul het aantal bereikte deelnemers in: een heel getal, 0 of meer.":
    "Enter the number of participants reached: a whole number, 0 or more.",
  "Beschrijf in ten minste 20 tekens wat volgens plan ging en wat niet.":
    "Describe in at least 20 characters what went according to plan and what did not.",
  "De toelichting mag hoogstens {max} tekens hebben.": "The explanation may have at most {max} characters.",
  "Vul de werkelijke kosten in.": "Enter the actual costs.",
  "Bij de werkelijke kosten staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The actual costs are not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Verklaar dat het verslag en de kosten naar waarheid zijn ingevuld en uit de administratie blijken.":
    "Declare that the report and the costs have been filled in truthfully and are supported by the accounts.",

  // ── the realisation report's refusals (app/domain/settlement/report.server.ts) ──────────────
  "Het verslag is intussen elders gewijzigd (een ander tabblad of een collega). Laad de pagina opnieuw.":
    "The report has been changed elsewhere in the meantime (another tab or a colleague). Reload the page.",
  "Het realisatieverslag kan alleen worden ingediend voor een plan in uitvoering.":
    "The realisation report can only be submitted for a plan in progress.",
  "Het realisatieverslag kan pas worden ingediend na afloop van de periode van het plan.":
    "The realisation report can only be submitted once the period of the plan has ended.",
  "De maatregelen van het plan zijn gewijzigd. Laad de pagina opnieuw.":
    "The measures of the plan have changed. Reload the page.",
  "De maatregelen of jaren van het plan zijn gewijzigd. Laad de pagina opnieuw.":
    "The measures or years of the plan have changed. Reload the page.",
  "Het realisatieverslag is nog niet geopend. Laad de pagina opnieuw.":
    "The realisation report has not been opened yet. Reload the page.",
  "Vul eerst het realisatieverslag in.": "Fill in the realisation report first.",
  "Stap 1 (Resultaten) is nog niet volledig of bevat fouten.":
    "Step 1 (Results) is not complete yet or contains errors.",
  "Stap 2 (Kosten) is nog niet volledig of bevat fouten.":
    "Step 2 (Costs) is not complete yet or contains errors.",
  // The workflow's guards on request_settlement (app/domain/workflow/definition.server.ts).
  "Alleen een tekenbevoegde van uw organisatie mag het plan indienen. Bied het plan ter ondertekening aan.":
    "Only an authorised signatory of your organisation may submit the plan. Offer the plan for signature.",
  "Dit plan is niet van uw organisatie.": "This plan does not belong to your organisation.",
  // The settlement in the plan's history (app/domain/workflow/labels.ts).
  "Subsidie vastgesteld": "Grant settled",

  // ── the change of the bank account (app/domain/payments/iban.ts, iban.server.ts) ────────────
  "Vul een IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.":
    "Enter an IBAN, for example NL91 ABNA 0417 1643 00.",
  "Een IBAN begint met een landcode en twee cijfers, bijvoorbeeld NL91 ABNA 0417 1643 00.":
    "An IBAN starts with a country code and two digits, for example NL91 ABNA 0417 1643 00.",
  "Dit IBAN klopt niet: controleer de cijfers (de controlesom of de lengte is onjuist).":
    "This IBAN is not right: check the digits (the checksum or the length is wrong).",
  "Dit IBAN is niet van een SEPA-land; wij kunnen er niet naar overmaken.":
    "This IBAN is not from a SEPA country; we cannot transfer money to it.",
  "Dit IBAN is van een land buiten de Europese Economische Ruimte; daarheen kunnen wij niet overmaken zonder de BIC van de bank, die het portaal niet vraagt. Geef een rekeningnummer in de EER op.":
    "This IBAN is from a country outside the European Economic Area; we cannot transfer money there without the bank's BIC, which the portal does not ask for. Give an account number in the EEA.",
  "Vul het nieuwe IBAN in.": "Enter the new IBAN.",
  "Vul de naam van de rekeninghouder in.": "Enter the name of the account holder.",
  "De naam van de rekeninghouder is te lang (ten hoogste 70 tekens).":
    "The name of the account holder is too long (at most 70 characters).",
  "Dit rekeningnummer is al bij ons bekend, met deze rekeninghouder.":
    "We already have this bank account number, with this account holder.",
  "Er staat al een wijziging van het rekeningnummer open. Wacht tot Financiën die heeft beoordeeld.":
    "A change of the bank account number is already pending. Wait until Finance has reviewed it.",
  "Alleen een tekenbevoegde van de organisatie mag het rekeningnummer wijzigen.":
    "Only an authorised signatory of the organisation may change the bank account number.",
  "Deze organisatie bestaat niet.": "This organisation does not exist.",
};
