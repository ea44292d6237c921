import { Statement } from "../i18n/statement.tsx";
import { pageTitle } from "../i18n/translate.ts";
import type { Route } from "./+types/privacy";

// Public: no loader, no login. The language comes from the root loader (?lng=, cookie, Dutch).
export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "privacy.title") }];

export default function PrivacyStatement() {
  return (
    <Statement
      prefix="privacy"
      sections={[
        {
          heading: "dataHeading",
          list: ["dataContacts", "dataUsers", "dataPlans", "dataMail", "dataSecurity"],
        },
        { heading: "purposeHeading", paragraphs: ["purposeAwb", "purposePublic", "purposeSecurity"] },
        {
          heading: "retentionHeading",
          // The periods of ADR 0028 (app/domain/retention/cleanup.server.ts, RETENTION).
          paragraphs: [
            "retentionDossier",
            "retentionSession",
            "retentionLinks",
            "retentionSignUp",
            "retentionMail",
            "retentionSecurity",
            "retentionAccount",
          ],
        },
        { heading: "rightsHeading", paragraphs: ["rights"] },
        { heading: "contactHeading", paragraphs: ["contact"] },
        { heading: "dateHeading", paragraphs: ["date"] },
      ]}
    />
  );
}
