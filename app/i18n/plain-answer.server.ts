import { translateDomainText } from "./domain-messages.ts";
import { getLocale } from "./i18n.server.ts";

/**
 * The answer of a resource route (a download) that has nothing to send: its Dutch text as plain
 * text in the user's language, saying which (Content-Language). A resource route renders no page,
 * and a thrown `data(text)` reaches the browser as a JSON string in quotes, always in Dutch.
 */
export async function plainAnswer(request: Request, dutch: string, status: number): Promise<Response> {
  const lng = await getLocale(request);
  return new Response(translateDomainText(dutch, lng), {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Language": lng,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
