/**
 * English renderings of the Dutch refusals of app/domain/plan/delete-draft.server.ts and of the
 * deletion page's form message, to be merged into the ENGLISH table of domain-messages.ts.
 */
export const DRAFT_DELETE_MESSAGES_EN: Record<string, string> = {
  "Dit plan is ingediend en kan daarom niet worden verwijderd. Een ingediend plan blijft bewaard; zolang er nog geen besluit is, kunt u het intrekken op de pagina van het plan.":
    "This plan has been submitted and therefore cannot be deleted. A submitted plan is kept; as long as no decision has been taken, you can withdraw it on the plan's page.",
  "Dit concept is al eerder ingediend of behandeld en blijft daarom bewaard; het kan niet worden verwijderd.":
    "This draft has been submitted or handled before and is therefore kept; it cannot be deleted.",
};
