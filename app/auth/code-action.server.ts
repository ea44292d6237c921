import { data, redirect } from "react-router";
import { z } from "zod";
import { getRequestT } from "../i18n/i18n.server.ts";
import type { StepResult } from "./login.server.ts";

/** The code page and the enrolment page (app/routes/account/tweestaps*.tsx) share the parsing and the answers. */
const codeSchema = z.object({
  // A post without the field asks for the code in the page's own words, not zod's "expected string".
  code: z
    .string({ error: "login.codeRequired" })
    .transform((s) => s.replace(/\s+/g, ""))
    .pipe(
      z
        .string()
        .min(1, "login.codeRequired")
        .regex(/^\d{6}$/, "login.codeInvalid"),
    ),
});

export type CodeActionData = { error: string };

export async function codeAction(
  request: Request,
  step: (request: Request, code: string) => Promise<StepResult>,
) {
  const t = await getRequestT(request);
  const parsed = codeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return data<CodeActionData>(
      { error: t(parsed.error.issues[0]?.message ?? "login.codeInvalid") },
      { status: 400 },
    );
  const result = await step(request, parsed.data.code);
  switch (result.kind) {
    case "redirect": {
      const headers = new Headers();
      for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
      return redirect(result.to, { headers });
    }
    case "expired":
      return redirect("/login?reden=verlopen");
    case "throttled":
      return data<CodeActionData>(
        { error: t("login.throttled") },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "refused":
      return data<CodeActionData>({ error: t("login.codeWrong") }, { status: 401 });
  }
}

/**
 * A route's `headers` export: without it React Router drops what the loader and action set, so a
 * throttled attempt would lose its Retry-After and the enrolment page its Cache-Control: no-store.
 */
export function loginHeaders({
  actionHeaders,
  loaderHeaders,
}: {
  actionHeaders: Headers;
  loaderHeaders: Headers;
}) {
  const headers = new Headers();
  for (const name of ["Cache-Control", "Retry-After"]) {
    const value = actionHeaders.get(name) ?? loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
