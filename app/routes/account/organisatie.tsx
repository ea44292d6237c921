import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import {
  actorOrganisation,
  getOrganisationPage,
  inviteColleague,
  setSignatory,
} from "../../domain/accounts/organisation.server.ts";
import { fieldErrorsOf, INVITATION_DAYS, inviteSchema } from "../../domain/accounts/validation.ts";
import { DomainError, RuleViolation } from "../../domain/errors.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/organisatie";
import { formObject, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = () => [{ title: "Organisatie en collega's — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    return await getOrganisationPage(user.actor, actorOrganisation(user.actor));
  } catch (err) {
    throwAsPage(err);
  }
}

const SignatoryForm = z.object({ userId: z.uuid(), isSignatory: z.enum(["true", "false"]) });

type ActionData =
  | { ok: true; message: string }
  | { ok: false; errors?: Record<string, string>; formError?: string; email?: string };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const raw = formObject(await request.formData());
  try {
    const organisationId = actorOrganisation(user.actor);
    if (raw.intent === "signatory") {
      const parsed = SignatoryForm.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>({ ok: false, formError: "Onbekende gebruiker." }, { status: 400 });
      await setSignatory(user.actor, organisationId, parsed.data.userId, parsed.data.isSignatory === "true");
      return data<ActionData>({ ok: true, message: "De tekenbevoegdheid is gewijzigd." });
    }
    const email = typeof raw.email === "string" ? raw.email : "";
    const parsed = inviteSchema.safeParse(raw);
    if (!parsed.success)
      return data<ActionData>({ ok: false, errors: fieldErrorsOf(parsed.error), email }, { status: 400 });
    await inviteColleague(user.actor, organisationId, parsed.data.email);
    return data<ActionData>({
      ok: true,
      message: `Er is een uitnodiging gestuurd naar ${parsed.data.email}. De link is ${INVITATION_DAYS} dagen geldig.`,
    });
  } catch (err) {
    if (err instanceof RuleViolation)
      return data<ActionData>(
        err.field
          ? { ok: false, errors: { [err.field]: err.message } }
          : { ok: false, formError: err.message },
        { status: 400 },
      );
    if (err instanceof DomainError && err.status !== 404 && err.status !== 403)
      return data<ActionData>({ ok: false, formError: err.message }, { status: err.status });
    throwAsPage(err);
  }
}

export default function OrganisationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation, users, invitations, canManageSignatories } = loaderData;
  const navigation = useNavigation();
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(inviteSchema, failure?.errors, {
    order: ["email"],
  });
  const allSummary = failure?.formError ? [{ id: "", message: failure.formError }, ...summary] : summary;
  return (
    <div className="sp-stack">
      <Heading level={1}>{organisation.name}</Heading>
      <Paragraph>
        KvK-nummer {organisation.kvkNumber} · {organisation.legalForm} · {organisation.street},{" "}
        {organisation.postalCode} {organisation.city} · IBAN {organisation.iban}
      </Paragraph>
      {actionData?.ok ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{actionData.message}</Paragraph>
        </div>
      ) : null}
      <ErrorSummary errors={allSummary} focusKey={focusKey} />

      <Heading level={2}>Gebruikers</Heading>
      <Paragraph>
        Iedereen hieronder kan de plannen van uw organisatie voorbereiden. Alleen een tekenbevoegde kan een
        plan indienen.
      </Paragraph>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Naam</TableHeaderCell>
            <TableHeaderCell scope="col">E-mailadres</TableHeaderCell>
            <TableHeaderCell scope="col">Tekenbevoegd</TableHeaderCell>
            {canManageSignatories ? <TableHeaderCell scope="col">Wijzigen</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((u) => (
            <TableRow key={u.id}>
              <TableCell>
                {u.name}
                {u.isMe ? " (u)" : ""}
                {u.active ? "" : " (uitgeschakeld)"}
              </TableCell>
              <TableCell>{u.email}</TableCell>
              <TableCell>{u.isSignatory ? "ja" : "nee"}</TableCell>
              {canManageSignatories ? (
                <TableCell>
                  <Form method="post" className="sp-inline-form">
                    <input type="hidden" name="intent" value="signatory" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="isSignatory" value={u.isSignatory ? "false" : "true"} />
                    <Button
                      appearance="secondary-action-button"
                      type="submit"
                      disabled={navigation.state !== "idle"}
                    >
                      {u.isSignatory
                        ? `Tekenbevoegdheid intrekken: ${u.name}`
                        : `Tekenbevoegd maken: ${u.name}`}
                    </Button>
                  </Form>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Heading level={2}>Collega uitnodigen</Heading>
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          id="email"
          name="email"
          type="email"
          label="E-mailadres van uw collega"
          description={`Uw collega krijgt een e-mail met een link die ${INVITATION_DAYS} dagen geldig is.`}
          autoComplete="off"
          defaultValue={failure?.email}
          error={errors.email}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state !== "idle"}>
          Uitnodiging versturen
        </Button>
      </Form>
      {invitations.length > 0 ? (
        <>
          <Heading level={3}>Openstaande uitnodigingen</Heading>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} — geldig tot {formatDateTimeNl(new Date(i.expiresAt))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
