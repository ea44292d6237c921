import {
  Button,
  Fieldset,
  FieldsetLegend,
  Heading,
  Paragraph,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { createUserSession, getSessionUser, homeFor } from "../../auth/session.server.ts";
import { signUpOrganisation } from "../../domain/accounts/signup.server.ts";
import { fieldErrorsOf, LEGAL_FORMS, PASSWORD_MIN, signUpSchema } from "../../domain/accounts/validation.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/registreren";
import { formObject, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = () => [{ title: "Organisatie aanmelden — Sectorplanportaal" }];

const ORDER = [
  "organisationName",
  "kvkNumber",
  "legalForm",
  "street",
  "postalCode",
  "city",
  "iban",
  "name",
  "email",
  "password",
  "passwordRepeat",
] as const;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

type Values = Partial<Record<(typeof ORDER)[number], string>>;
type ActionData = { errors: Record<string, string>; values: Values };

export async function action({ request }: Route.ActionArgs) {
  const raw = formObject(await request.formData());
  // Typed values come back to the form; the passwords never do.
  const values: Values = Object.fromEntries(
    ORDER.filter((k) => !k.startsWith("password")).map((k) => [k, typeof raw[k] === "string" ? raw[k] : ""]),
  );
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success)
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error), values }, { status: 400 });
  try {
    const { userId } = await signUpOrganisation(parsed.data);
    const cookie = await createUserSession(request, userId);
    return redirect("/aanvrager", { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    if (err instanceof RuleViolation && err.field)
      return data<ActionData>({ errors: { [err.field]: err.message }, values }, { status: 400 });
    throw err;
  }
}

export default function SignUp({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(signUpSchema, actionData?.errors, {
    order: ORDER,
  });
  const v = actionData?.values ?? {};
  const field = (id: (typeof ORDER)[number]) => ({ id, name: id, error: errors[id], defaultValue: v[id] });
  return (
    <div className="sp-stack">
      <Heading level={1}>Organisatie aanmelden</Heading>
      <Paragraph>
        Meld uw organisatie (de hoofdaanvrager van het samenwerkingsverband) aan. U wordt de eerste gebruiker
        en tekenbevoegde; daarna kunt u collega's uitnodigen. Heeft u al een account?{" "}
        <Link href="/login">Log in</Link>.
      </Paragraph>
      <ErrorSummary errors={summary} focusKey={focusKey} />
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <Fieldset>
          <FieldsetLegend>Organisatie</FieldsetLegend>
          <TextField
            {...field("organisationName")}
            label="Naam van de organisatie"
            autoComplete="organization"
          />
          <TextField
            {...field("kvkNumber")}
            label="KvK-nummer"
            description="8 cijfers, zoals in het Handelsregister."
            inputMode="numeric"
          />
          <SelectField
            {...field("legalForm")}
            label="Rechtsvorm"
            options={LEGAL_FORMS.map((f) => ({ value: f, label: f }))}
          />
          <TextField {...field("street")} label="Straat en huisnummer" autoComplete="street-address" />
          <TextField
            {...field("postalCode")}
            label="Postcode"
            description="Bijvoorbeeld 2514 EA."
            autoComplete="postal-code"
          />
          <TextField {...field("city")} label="Plaats" autoComplete="address-level2" />
          <TextField
            {...field("iban")}
            label="IBAN"
            description="Het rekeningnummer waarop de subsidie wordt betaald, bijvoorbeeld NL91 ABNA 0417 1643 00."
          />
        </Fieldset>
        <Fieldset>
          <FieldsetLegend>Uw account</FieldsetLegend>
          <TextField {...field("name")} label="Uw naam" autoComplete="name" />
          <TextField {...field("email")} type="email" label="E-mailadres" autoComplete="email" />
          <TextField
            {...field("password")}
            defaultValue={undefined}
            type="password"
            label="Wachtwoord"
            description={`Minstens ${PASSWORD_MIN} tekens.`}
            autoComplete="new-password"
          />
          <TextField
            {...field("passwordRepeat")}
            defaultValue={undefined}
            type="password"
            label="Herhaal het wachtwoord"
            autoComplete="new-password"
          />
        </Fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          Aanmelden
        </Button>
      </Form>
    </div>
  );
}
