import { describe, expect, it } from "vitest";
import {
  COORDINATOR_INACTIVE,
  COORDINATOR_NOT_ADVISER,
  lastCoordinatorMessage,
  lastOfRoleMessage,
  ROLES_NEVER_EMPTY,
  releasedWorkLines,
  SIGNING_TITLE_NOT_STAFF,
  STAFF_ROLE_FOR_APPLICANT,
} from "../domain/accounts/staff-messages.ts";
import { SIGNING_TITLE_TOO_LONG } from "../domain/accounts/validation.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";

describe("English renderings of the admin's account refusals and reports", () => {
  it("cover every refusal of the last holder of a role, and of the last coordinator", () => {
    const all = [
      ...ROLES_NEVER_EMPTY.flatMap((role) => [
        lastOfRoleMessage(role, "deactivate"),
        lastOfRoleMessage(role, "remove"),
      ]),
      lastCoordinatorMessage("deactivate"),
      lastCoordinatorMessage("remove"),
      lastCoordinatorMessage("unset"),
      COORDINATOR_NOT_ADVISER,
      COORDINATOR_INACTIVE,
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
    expect(translateDomainText(lastOfRoleMessage("DECISION_MAKER", "deactivate"), "en")).toBe(
      "This is the last active decision maker. First give another staff member the role decision maker; then you can deactivate this account.",
    );
  });

  it("say what was released, in the singular and the plural, and nothing for nothing", () => {
    expect(releasedWorkLines({ plans: 0, seats: 0 })).toEqual([]);
    expect(releasedWorkLines({ plans: 2, seats: 1 })).toEqual([
      "2 dossiers teruggezet in de werkvoorraad.",
      "1 adviseursplek vrijgegeven.",
    ]);
    const lines = [
      ...releasedWorkLines({ plans: 1, seats: 3 }),
      ...releasedWorkLines({ plans: 2, seats: 1 }),
    ].map((line) => translateDomainText(line, "en"));
    expect(lines).toEqual([
      "1 case returned to the unassigned queue.",
      "3 adviser seats released.",
      "2 cases returned to the unassigned queue.",
      "1 adviser seat released.",
    ]);
  });

  it("cover the signing function's refusals and the page's words for it", () => {
    expect(translateDomainText(SIGNING_TITLE_TOO_LONG, "en")).toBe(
      "The function may be at most 120 characters long.",
    );
    expect(hasEnglish(SIGNING_TITLE_NOT_STAFF)).toBe(true);
    expect(hasEnglish(STAFF_ROLE_FOR_APPLICANT)).toBe(true);
    expect(translateDomainText("Functie bij ondertekening van Anneke Jansen", "en")).toBe(
      "Signing function of Anneke Jansen",
    );
    for (const text of [
      "Functie opslaan",
      "De functie bij ondertekening is opgeslagen.",
      "De functie bij ondertekening is gewist.",
      "Geen functie vastgelegd: besluiten van deze beslisser noemen alleen de naam.",
    ])
      expect(hasEnglish(text), text).toBe(true);
  });
});
