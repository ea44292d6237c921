import { data } from "react-router";

// Thrown, not rendered, so the response carries status 404 and the root boundary draws the page
// (which shows this Dutch text in English on an English page: app/i18n/domain-messages.ts).
export function loader() {
  throw data("De pagina die u zoekt bestaat niet.", { status: 404 });
}

export default function CatchAll() {
  return null;
}
