/**
 * English renderings of the Dutch texts of app/domain/attachments/detect.ts (messages and kind
 * labels), to be merged into the ENGLISH table of domain-messages.ts. The Dutch text is the key.
 */
export const ATTACHMENT_MESSAGES_EN: Record<string, string> = {
  "Dit bestand is geen PDF, XLSX, DOCX of ODT. Het bestand wordt herkend aan de inhoud, niet aan de naam.":
    "This file is not a PDF, XLSX, DOCX or ODT. A file is recognised by its content, not by its name.",
  "Dit bestand is groter dan 10 MB.": "This file is larger than 10 MB.",
  "Kies een bestand om te uploaden.": "Choose a file to upload.",
  "Het bestand kon niet worden gelezen. Probeer het opnieuw.":
    "The file could not be read. Please try again.",
  "Kies het soort bijlage.": "Choose the kind of attachment.",
  "Een plan heeft hoogstens {max} bijlagen. Verwijder eerst een bijlage.":
    "A plan has at most {max} attachments. Remove an attachment first.",
  "Deze bijlage hoort bij een ingediende versie van het plan en blijft daarom bewaard. Voeg een nieuwe bijlage toe als u haar wilt vervangen.":
    "This attachment belongs to a submitted version of the plan and is therefore kept. Add a new attachment if you want to replace it.",
  "Deze bijlage bestaat niet of u heeft er geen toegang toe.":
    "This attachment does not exist or you do not have access to it.",
  "Ondertekende samenwerkingsovereenkomst": "Signed partnership agreement",
  "Mandaat van de hoofdaanvrager": "Lead applicant's mandate",
  "Begroting met financieringsplan": "Budget sheet with financing plan",
  "Overige bijlage": "Other annex",
};
