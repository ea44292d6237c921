import {
  Button,
  Heading,
  Paragraph,
  TableBody,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import {
  actorOrganisation,
  getOrganisationPage,
  inviteColleague,
  setSignatory,
} from "../../domain/accounts/organisation.server.ts";
import { fieldErrorsOf, INVITATION_DAYS, inviteSchema } from "../../domain/accounts/validation.ts";
import { DomainError, RuleViolation } from "../../domain/errors.ts";
import { pendingIbanChangeOf, requestIbanChange } from "../../domain/payments/iban.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { getRequestT } from "../../i18n/i18n.server.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/organisatie";
import { formObject, useSchemaForm } from "./form.tsx";

export const meta: Route.MetaFunction = () => [{ title: "Organisatie en collega's — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const organisationId = actorOrganisation(user.actor);
    const page = await getOrganisationPage(user.actor, organisationId);
    const pending = await pendingIbanChangeOf(prisma, organisationId);
    return {
      ...page,
      iban: formatIban(page.organisation.iban),
      pendingIban: pending
        ? {
            iban: formatIban(pending.iban),
            accountHolder: pending.accountHolder,
            requestedAt: pending.requestedAt,
          }
        : null,
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const SignatoryForm = z.object({ userId: z.uuid(), isSignatory: z.enum(["true", "false"]) });
const IbanForm = z.object({
  iban: z.string().trim().min(1, "Vul het nieuwe IBAN in."),
  accountHolder: z.string().trim().min(1, "Vul de naam van de rekeninghouder in."),
});

type ActionData =
  | { ok: true; message: string }
  | {
      ok: false;
      errors?: Record<string, string>;
      formError?: string;
      email?: string;
      iban?: string;
      accountHolder?: string;
    };

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
    if (raw.intent === "iban") {
      const text = { iban: String(raw.iban ?? ""), accountHolder: String(raw.accountHolder ?? "") };
      const parsed = IbanForm.safeParse(raw);
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
        return data<ActionData>({ ok: false, errors, ...text }, { status: 400 });
      }
      try {
        await requestIbanChange(user.actor, { organisationId, ...parsed.data });
      } catch (err) {
        if (err instanceof RuleViolation && err.field)
          return data<ActionData>(
            { ok: false, errors: { [err.field]: err.message }, ...text },
            { status: 400 },
          );
        throw err;
      }
      return data<ActionData>({ ok: true, message: (await getRequestT(request))("iban.requested") });
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
  const { organisation, users, invitations, canManageSignatories, iban, pendingIban } = loaderData;
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(inviteSchema, failure?.errors, {
    order: ["email"],
  });
  const ibanSummary = (["iban", "accountHolder"] as const)
    .filter((k) => failure?.errors?.[k])
    .map((k) => ({ id: `iban-${k}`, message: failure?.errors?.[k] ?? "" }));
  const allSummary = [
    ...(failure?.formError ? [{ id: "", message: failure.formError }] : []),
    ...ibanSummary,
    ...summary.filter((e) => !ibanSummary.length || e.id === "email"),
  ];
  return (
    <div className="sp-stack">
      <Heading level={1}>{organisation.name}</Heading>
      <Paragraph>
        KvK-nummer {organisation.kvkNumber} · {organisation.legalForm} · {organisation.street},{" "}
        {organisation.postalCode} {organisation.city} · IBAN {iban}
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

      <Heading level={2}>{t("iban.heading")}</Heading>
      <Paragraph>{t("iban.current", { iban })}</Paragraph>
      {pendingIban ? (
        <Paragraph data-testid="pending-iban">
          {t("iban.pending", {
            iban: pendingIban.iban,
            holder: pendingIban.accountHolder,
            date: dateTime(new Date(pendingIban.requestedAt)),
          })}
        </Paragraph>
      ) : canManageSignatories ? (
        <Form method="post" noValidate className="sp-stack">
          <input type="hidden" name="intent" value="iban" />
          <TextField
            id="iban-iban"
            name="iban"
            label={t("iban.newIban")}
            description={t("iban.newIbanHint")}
            autoComplete="off"
            defaultValue={failure?.iban}
            error={failure?.errors?.iban}
          />
          <TextField
            id="iban-accountHolder"
            name="accountHolder"
            label={t("iban.accountHolder")}
            autoComplete="off"
            defaultValue={failure?.accountHolder ?? organisation.name}
            error={failure?.errors?.accountHolder}
          />
          <Button appearance="secondary-action-button" type="submit" disabled={navigation.state !== "idle"}>
            {t("iban.submit")}
          </Button>
        </Form>
      ) : (
        <Paragraph>{t("iban.signatoryOnly")}</Paragraph>
      )}

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
