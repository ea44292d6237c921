import { data, type ServerBuild } from "react-router";
import { INVALID_TEXT_MESSAGE, isInvalidTextInput } from "../app/db/invalid-text.server.ts";
import { currentLog } from "../app/log.server.ts";

/**
 * Text with a NUL character reaches PostgreSQL from many places — a filter in the address, a
 * message, a motivation, a search field, an attachment's description — and each would be a 500
 * (SQLSTATE 22021/22P05). One place instead of a check at every field: the build handed to the
 * request handler has every loader and action wrapped, so that PostgreSQL's refusal of such text
 * becomes a 400 with a Dutch message saying what to do. A page shows it in its error boundary
 * (thrown as data(), as throwAsPage does for 404 and 403); a resource route (a download, with no
 * page to render) answers it as plain text. Done on the build, like resource-routes.ts, so that a
 * new route cannot forget it; what was written before the failing query is rolled back with the
 * transaction it was in, as for any error.
 *
 * Not an Express check of the raw request: the body is a stream React Router reads itself, and a
 * multipart upload would have to be parsed twice; only text that reaches the database does harm.
 */
type Handler = (args: { request: Request }) => unknown;

/**
 * A POST whose body is not a form (JSON, plain text, multipart without its boundary): every action
 * reads `request.formData()`, which throws a TypeError for it, and that was a 500. It is the
 * client's mistake, refused as a 400 like text with a NUL character (found by review).
 */
export const NOT_A_FORM_MESSAGE =
  "Het formulier is niet als formulier verstuurd. Ga terug naar de pagina en verstuur het daar opnieuw.";

function isNotAForm(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /Content-Type was not one of|parse (body|content) as FormData/i.test(error.message)
  );
}

function refuse(request: Request, page: boolean, message = INVALID_TEXT_MESSAGE): Response {
  currentLog().info(
    { method: request.method, path: new URL(request.url).pathname, status: 400 },
    message === INVALID_TEXT_MESSAGE
      ? "text with a NUL character refused by PostgreSQL"
      : "a body that is no form refused",
  );
  if (page) throw data(message, { status: 400, statusText: "Bad Request" });
  return new Response(message, {
    status: 400,
    statusText: "Bad Request",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export function refusingInvalidText<H extends Handler>(handler: H, page: boolean): H {
  return (async (args: { request: Request }) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isInvalidTextInput(error)) return refuse(args.request, page);
      if (isNotAForm(error)) return refuse(args.request, page, NOT_A_FORM_MESSAGE);
      throw error;
    }
  }) as H;
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

export function withInvalidTextRefused(build: ServerBuild): ServerBuild {
  const done = wrapped.get(build);
  if (done) return done;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route?.module;
    if (!route || !module || (!module.loader && !module.action)) {
      routes[id] = route;
      continue;
    }
    const page = Boolean(module.default);
    routes[id] = {
      ...route,
      module: {
        ...module,
        ...(module.loader ? { loader: refusingInvalidText(module.loader as Handler, page) } : {}),
        ...(module.action ? { action: refusingInvalidText(module.action as Handler, page) } : {}),
      } as typeof module,
    };
  }
  const result = { ...build, routes };
  wrapped.set(build, result);
  return result;
}
