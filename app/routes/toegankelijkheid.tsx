import { Statement } from "../i18n/statement.tsx";
import { pageTitle } from "../i18n/translate.ts";
import type { Route } from "./+types/toegankelijkheid";

// Public: no loader, no login. The language comes from the root loader (?lng=, cookie, Dutch).
export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "accessibility.title") },
];

export default function AccessibilityStatement() {
  return (
    <Statement
      prefix="accessibility"
      sections={[
        { heading: "statusHeading", paragraphs: ["status"] },
        { heading: "testingHeading", list: ["testingAxe", "testingKeyboard", "testingDesign"] },
        { heading: "limitsHeading", list: ["limitPdf", "limitAutomated"] },
        { heading: "contactHeading", paragraphs: ["contact"] },
        { heading: "dateHeading", paragraphs: ["date"] },
      ]}
    />
  );
}
