/**
 * Texts of the page that deletes a draft (/aanvrager/plannen/:planId/verwijderen) and of its links
 * on the dashboard and the wizard's last step, Dutch and English. Kept apart from nl.ts/en.ts as
 * the other *-texts.ts files are; the domain's refusals go through dt() (draft-delete-messages.ts).
 */
export const draftDeleteNl = {
  pageTitle: "Concept {{reference}} verwijderen",
  caption: "Sectorplan {{reference}}",
  heading: "Concept verwijderen",
  question: "Wilt u het concept ‘{{title}}’ ({{reference}}) verwijderen?",
  consequences:
    "Het concept wordt voorgoed verwijderd voor iedereen van uw organisatie. Dit kunt u niet ongedaan maken. Het plan is nooit ingediend; het ministerie ziet er niets van.",
  whatGoes: "Wat wordt verwijderd",
  steps_one: "{{count}} ingevulde stap:",
  steps_other: "{{count}} ingevulde stappen:",
  noSteps: "Er is nog geen stap ingevuld.",
  attachments_one: "{{count}} bijlage:",
  attachments_other: "{{count}} bijlagen:",
  noAttachments: "Er zijn geen bijlagen.",
  submit: "Ja, concept verwijderen",
  cancel: "Annuleren",
  cannot: "Dit plan kan niet worden verwijderd.",
  back: "Terug naar sectorplan {{reference}}",
  deleted: "Het concept {{reference}} is verwijderd.",
  /** On the dashboard's row of a draft, and on the wizard's last step. */
  link: "Concept verwijderen",
};

export const draftDeleteEn: typeof draftDeleteNl = {
  pageTitle: "Delete draft {{reference}}",
  caption: "Sector plan {{reference}}",
  heading: "Delete draft",
  question: "Do you want to delete the draft ‘{{title}}’ ({{reference}})?",
  consequences:
    "The draft is deleted for good, for everyone in your organisation. This cannot be undone. The plan was never submitted; the ministry sees none of it.",
  whatGoes: "What is deleted",
  steps_one: "{{count}} step filled in:",
  steps_other: "{{count}} steps filled in:",
  noSteps: "No step has been filled in yet.",
  attachments_one: "{{count}} attachment:",
  attachments_other: "{{count}} attachments:",
  noAttachments: "There are no attachments.",
  submit: "Yes, delete the draft",
  cancel: "Cancel",
  cannot: "This plan cannot be deleted.",
  back: "Back to sector plan {{reference}}",
  deleted: "The draft {{reference}} has been deleted.",
  link: "Delete draft",
};
