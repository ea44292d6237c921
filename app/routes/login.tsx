import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useActionData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import {
  authenticate,
  createUserSession,
  getSessionUser,
  homeFor,
  safeRedirect,
} from "../auth/session.server.ts";
import { ErrorSummary, type SummaryError } from "../ui/error-summary.tsx";
import { TextField } from "../ui/fields.tsx";
import type { Route } from "./+types/login";

const loginSchema = z.object({
  email: z.string().trim().min(1, "Vul uw e-mailadres in.").email("Vul een geldig e-mailadres in."),
  password: z.string().min(1, "Vul uw wachtwoord in.").max(1000, "Dit wachtwoord is te lang."),
  redirectTo: z.string().optional(),
});

// One message for an unknown address and a wrong password: the page must not tell which addresses exist.
const WRONG = "De combinatie van e-mailadres en wachtwoord is onjuist.";

export const meta: Route.MetaFunction = () => [{ title: "Inloggen — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  if (user) {
    const to = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(to, homeFor(user)));
  }
  return null;
}

type ActionData = { fieldErrors: { email?: string; password?: string }; formError?: string; email: string };

export async function action({ request }: Route.ActionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) {
    const fieldErrors: ActionData["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return data<ActionData>({ fieldErrors, email }, { status: 400 });
  }
  const user = await authenticate(parsed.data.email, parsed.data.password);
  if (!user) return data<ActionData>({ fieldErrors: {}, formError: WRONG, email }, { status: 401 });
  const cookie = await createUserSession(request, user.id);
  return redirect(safeRedirect(parsed.data.redirectTo, homeFor(user)), {
    headers: { "Set-Cookie": cookie },
  });
}

export default function Login() {
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors: SummaryError[] = [];
  if (result?.formError) errors.push({ id: "email", message: result.formError });
  if (result?.fieldErrors.email) errors.push({ id: "email", message: result.fieldErrors.email });
  if (result?.fieldErrors.password) errors.push({ id: "password", message: result.fieldErrors.password });

  return (
    <div className="sp-stack">
      <Heading level={1}>Inloggen</Heading>
      <Paragraph>
        Log in met het e-mailadres en wachtwoord van uw account bij het Sectorplanportaal.
      </Paragraph>
      <ErrorSummary errors={errors} focusKey={result} />
      <Form method="post" noValidate className="sp-stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          id="email"
          name="email"
          type="email"
          label="E-mailadres"
          autoComplete="username"
          defaultValue={result?.email}
          error={result?.fieldErrors.email}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label="Wachtwoord"
          autoComplete="current-password"
          error={result?.fieldErrors.password}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          Inloggen
        </Button>
      </Form>
    </div>
  );
}
