import {
  Button,
  Fieldset,
  FieldsetLegend,
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import {
  changeStaffRoles,
  createStaffUser,
  listUsers,
  setCoordinator,
  setSigningTitle,
  setUserActive,
} from "../../domain/accounts/staff.server.ts";
import { releasedWorkLines } from "../../domain/accounts/staff-messages.ts";
import {
  changeRolesSchema,
  coordinatorSchema,
  createStaffSchema,
  fieldErrorsOf,
  PASSWORD_SET_HOURS,
  STAFF_ROLE_LABEL,
  STAFF_ROLE_VALUES,
  signingTitleSchema,
} from "../../domain/accounts/validation.ts";
import { auditTrail, auditTrailCount } from "../../domain/audit/trail.server.ts";
import { RuleViolation } from "../../domain/errors.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { Alert } from "../../ui/alert.tsx";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { WithReferences } from "../../ui/references.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { formObject, useSchemaForm } from "../account/form.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/gebruikers";

export const meta: Route.MetaFunction = () => [{ title: "Gebruikers — Beheer — Sectorplanportaal" }];

const AUDIT_PAGE_SIZE = 50;
const AuditPage = z.object({ auditpagina: z.coerce.number().int().min(1).max(100_000).catch(1) });

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["ADMIN"]);
  try {
    const { auditpagina } = AuditPage.parse(Object.fromEntries(new URL(request.url).searchParams));
    const [users, audit, auditTotal] = await Promise.all([
      listUsers(user.actor),
      auditTrail(user.actor, AUDIT_PAGE_SIZE, (auditpagina - 1) * AUDIT_PAGE_SIZE),
      auditTrailCount(user.actor),
    ]);
    return {
      users,
      audit,
      auditPage: auditpagina,
      auditPageCount: Math.max(1, Math.ceil(auditTotal / AUDIT_PAGE_SIZE)),
      auditFirst: (auditpagina - 1) * AUDIT_PAGE_SIZE + 1,
      auditTotal,
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const ActiveForm = z.object({ userId: z.uuid(), active: z.enum(["true", "false"]) });

type ActionData =
  /** `released`: what an account change put back in the queue, one sentence each. */
  | { ok: true; message: string; released?: string[] }
  | {
      ok: false;
      errors?: Record<string, string>;
      formError?: string;
      values?: { name: string; email: string };
    };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["ADMIN"]);
  const raw = formObject(await request.formData(), ["roles"]);
  try {
    if (raw.intent === "roles") {
      const parsed = changeRolesSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw.userId === "string" ? raw.userId : "";
        const first = parsed.error.issues[0]?.message ?? "Ongeldige invoer.";
        return data<ActionData>({ ok: false, errors: { [`roles-${id}`]: first } }, { status: 400 });
      }
      const released = await changeStaffRoles(user.actor, parsed.data.userId, parsed.data.roles);
      return data<ActionData>({
        ok: true,
        message: "De rollen zijn gewijzigd.",
        released: releasedWorkLines(released),
      });
    }
    if (raw.intent === "coordinator") {
      const parsed = coordinatorSchema.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>({ ok: false, formError: "Onbekende gebruiker." }, { status: 400 });
      await setCoordinator(user.actor, parsed.data.userId, parsed.data.coordinator);
      return data<ActionData>({
        ok: true,
        message: parsed.data.coordinator
          ? "De adviseur is nu coördinator van het Actieteam."
          : "De adviseur is geen coördinator van het Actieteam meer.",
      });
    }
    if (raw.intent === "signingTitle") {
      const parsed = signingTitleSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        if (issue?.path[0] !== "signingTitle")
          return data<ActionData>({ ok: false, formError: "Onbekende gebruiker." }, { status: 400 });
        return data<ActionData>(
          { ok: false, errors: { [`signingTitle-${String(raw.userId)}`]: issue.message } },
          { status: 400 },
        );
      }
      await setSigningTitle(user.actor, parsed.data.userId, parsed.data.signingTitle);
      return data<ActionData>({
        ok: true,
        message: parsed.data.signingTitle
          ? "De functie bij ondertekening is opgeslagen."
          : "De functie bij ondertekening is gewist.",
      });
    }
    if (raw.intent === "active") {
      const parsed = ActiveForm.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>({ ok: false, formError: "Onbekende gebruiker." }, { status: 400 });
      const active = parsed.data.active === "true";
      const released = await setUserActive(user.actor, parsed.data.userId, active);
      return data<ActionData>({
        ok: true,
        message: active ? "Het account is weer actief." : "Het account is uitgeschakeld.",
        released: releasedWorkLines(released),
      });
    }
    const values = { name: String(raw.name ?? ""), email: String(raw.email ?? "") };
    const parsed = createStaffSchema.safeParse(raw);
    if (!parsed.success)
      return data<ActionData>({ ok: false, errors: fieldErrorsOf(parsed.error), values }, { status: 400 });
    await createStaffUser(user.actor, parsed.data);
    return data<ActionData>({
      ok: true,
      message: `Het account van ${parsed.data.name} is gemaakt. Er is een e-mail gestuurd met een link om een wachtwoord te kiezen (${PASSWORD_SET_HOURS} uur geldig).`,
    });
  } catch (err) {
    if (err instanceof RuleViolation)
      return data<ActionData>(
        err.field
          ? { ok: false, errors: { [err.field]: err.message } }
          : { ok: false, formError: err.message },
        { status: 400 },
      );
    throwAsPage(err);
  }
}

export default function StaffUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { users, audit, auditPage, auditPageCount, auditFirst, auditTotal } = loaderData;
  const navigation = useNavigation();
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(createStaffSchema, failure?.errors, {
    arrays: ["roles"],
    order: ["name", "email", "roles"],
  });
  const allSummary = failure?.formError ? [{ id: "", message: failure.formError }, ...summary] : summary;
  const busy = navigation.state !== "idle";
  const { dt } = useI18n();
  // Their besluiten would be signed by name alone, without the function the mandate went to.
  const untitledDecisionMakers = users.filter(
    (u) => u.active && u.staffRoles.includes("DECISION_MAKER") && !u.signingTitle,
  );
  return (
    <div className="sp-stack">
      <Heading level={1}>Gebruikers</Heading>
      {actionData?.ok ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{dt(actionData.message)}</Paragraph>
          {actionData.released?.map((line) => (
            <Paragraph key={line}>{dt(line)}</Paragraph>
          ))}
        </div>
      ) : null}
      <ErrorSummary errors={allSummary} focusKey={focusKey} />

      <Heading level={2}>Medewerker toevoegen</Heading>
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="create" />
        <TextField
          id="name"
          name="name"
          label="Naam"
          defaultValue={failure?.values?.name}
          error={errors.name}
        />
        <TextField
          id="email"
          name="email"
          type="email"
          label="E-mailadres"
          description="De medewerker krijgt hierop een link om zelf een wachtwoord te kiezen."
          defaultValue={failure?.values?.email}
          error={errors.email}
        />
        <Fieldset
          id="roles"
          invalid={!!errors.roles}
          aria-describedby={errors.roles ? "roles-error" : undefined}
        >
          <FieldsetLegend>Rollen</FieldsetLegend>
          {errors.roles ? (
            <p id="roles-error" className="utrecht-form-field-error-message">
              {errors.roles}
            </p>
          ) : null}
          {STAFF_ROLE_VALUES.map((r) => (
            <div key={r} className="utrecht-form-field utrecht-form-field--checkbox">
              <input
                id={`new-role-${r}`}
                type="checkbox"
                name="roles"
                value={r}
                className="utrecht-checkbox utrecht-checkbox--html-input"
              />{" "}
              <label htmlFor={`new-role-${r}`} className="utrecht-form-label utrecht-form-label--checkbox">
                {STAFF_ROLE_LABEL[r]}
              </label>
            </div>
          ))}
        </Fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          Medewerker toevoegen
        </Button>
      </Form>

      <Heading level={2}>Alle gebruikers</Heading>
      {untitledDecisionMakers.length > 0 ? (
        <Alert type="info">
          <Paragraph>
            {dt(
              "Voor deze beslissers is geen functie bij ondertekening vastgelegd; hun besluiten noemen dan alleen hun naam, zonder de functie waarin zij namens de minister tekenen:",
            )}
          </Paragraph>
          <ul>
            {untitledDecisionMakers.map((u) => (
              <li key={u.id}>
                <a href={`#signingTitle-${u.id}`}>{u.name}</a>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <Table>
        <TableCaption>Alle {users.length} gebruikers, medewerkers eerst</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Naam en e-mailadres</TableHeaderCell>
            <TableHeaderCell scope="col">Rollen</TableHeaderCell>
            <TableHeaderCell scope="col">Status</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((u) => (
            <TableRow key={u.id} data-testid={`user-${u.email}`}>
              <TableCell>
                {u.name}
                {u.isMe ? " (u)" : ""}
                <br />
                {u.email}
              </TableCell>
              <TableCell>
                {u.organisations.map((o) => (
                  <div key={o.name}>
                    Aanvrager bij {o.name}
                    {o.isSignatory ? " (tekenbevoegd)" : ""}
                  </div>
                ))}
                {u.staffRoles.length > 0 || u.organisations.length === 0 ? (
                  <Form method="post" className="sp-stack">
                    <input type="hidden" name="intent" value="roles" />
                    <input type="hidden" name="userId" value={u.id} />
                    <fieldset
                      id={`roles-${u.id}`}
                      className="utrecht-form-fieldset"
                      aria-describedby={errors[`roles-${u.id}`] ? `roles-${u.id}-error` : undefined}
                    >
                      <legend className="utrecht-form-fieldset__legend">Rollen van {u.name}</legend>
                      {errors[`roles-${u.id}`] ? (
                        <p id={`roles-${u.id}-error`} className="utrecht-form-field-error-message">
                          {dt(errors[`roles-${u.id}`] ?? "")}
                        </p>
                      ) : null}
                      {STAFF_ROLE_VALUES.map((r) => (
                        <div key={r}>
                          <input
                            id={`role-${u.id}-${r}`}
                            type="checkbox"
                            name="roles"
                            value={r}
                            defaultChecked={u.staffRoles.includes(r)}
                            className="utrecht-checkbox utrecht-checkbox--html-input"
                          />{" "}
                          <label htmlFor={`role-${u.id}-${r}`}>{STAFF_ROLE_LABEL[r]}</label>
                        </div>
                      ))}
                    </fieldset>
                    <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                      Rollen opslaan
                    </Button>
                  </Form>
                ) : null}
                {u.staffRoles.includes("ADVISER") ? (
                  <Form method="post" id={`coordinator-${u.id}`}>
                    <input type="hidden" name="intent" value="coordinator" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="coordinator" value={u.coordinator ? "false" : "true"} />
                    <Paragraph>
                      {u.coordinator
                        ? "Coördinator van het Actieteam: wijst adviseurs toe."
                        : "Geen coördinator van het Actieteam."}
                    </Paragraph>
                    {errors[`coordinator-${u.id}`] ? (
                      <p id={`coordinator-${u.id}-error`} className="utrecht-form-field-error-message">
                        {dt(errors[`coordinator-${u.id}`] ?? "")}
                      </p>
                    ) : null}
                    <Button
                      appearance="subtle-button"
                      type="submit"
                      disabled={busy}
                      aria-describedby={
                        errors[`coordinator-${u.id}`] ? `coordinator-${u.id}-error` : undefined
                      }
                    >
                      {u.coordinator ? `Geen coördinator meer: ${u.name}` : `Coördinator maken: ${u.name}`}
                    </Button>
                  </Form>
                ) : null}
                {u.staffRoles.length > 0 || u.signingTitle ? (
                  // Keyed by the stored value: after a save the field shows it as tidied; after a
                  // refusal it keeps what the admin typed.
                  <Form key={u.signingTitle ?? ""} method="post" className="sp-stack">
                    <input type="hidden" name="intent" value="signingTitle" />
                    <input type="hidden" name="userId" value={u.id} />
                    <TextField
                      id={`signingTitle-${u.id}`}
                      name="signingTitle"
                      label={dt(`Functie bij ondertekening van ${u.name}`)}
                      description={
                        <>
                          {dt(
                            "Zoals die onder besluiten staat, na “namens deze”, bijvoorbeeld: de directeur Agentschap SZW. Leeg laten wist de functie.",
                          )}
                          {u.staffRoles.includes("DECISION_MAKER") && !u.signingTitle ? (
                            <>
                              {" "}
                              <strong>
                                {dt(
                                  "Geen functie vastgelegd: besluiten van deze beslisser noemen alleen de naam.",
                                )}
                              </strong>
                            </>
                          ) : null}
                        </>
                      }
                      defaultValue={u.signingTitle ?? ""}
                      error={errors[`signingTitle-${u.id}`]}
                    />
                    <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                      {dt("Functie opslaan")}
                    </Button>
                  </Form>
                ) : null}
              </TableCell>
              <TableCell>
                {u.active ? "actief" : "uitgeschakeld"}
                {u.isMe ? null : (
                  <Form method="post" id={`active-${u.id}`}>
                    {errors[`active-${u.id}`] ? (
                      <p id={`active-${u.id}-error`} className="utrecht-form-field-error-message">
                        {dt(errors[`active-${u.id}`] ?? "")}
                      </p>
                    ) : null}
                    <input type="hidden" name="intent" value="active" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="active" value={u.active ? "false" : "true"} />
                    <Button
                      appearance="subtle-button"
                      type="submit"
                      disabled={busy}
                      aria-describedby={errors[`active-${u.id}`] ? `active-${u.id}-error` : undefined}
                    >
                      {u.active ? `Uitschakelen: ${u.name}` : `Weer inschakelen: ${u.name}`}
                    </Button>
                  </Form>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Heading level={2} id="audit">
        Wijzigingen (audit)
      </Heading>
      <Table>
        <TableCaption>
          {audit.length === 0
            ? "Geen wijzigingen op deze pagina"
            : `Wijzigingen ${auditFirst} tot en met ${auditFirst + audit.length - 1} van ${auditTotal}, nieuwste eerst`}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Moment</TableHeaderCell>
            <TableHeaderCell scope="col">Door</TableHeaderCell>
            <TableHeaderCell scope="col">Handeling</TableHeaderCell>
            <TableHeaderCell scope="col">Betreft</TableHeaderCell>
            <TableHeaderCell scope="col">Gegevens</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {audit.map((a) => (
            <TableRow key={a.id} data-action={a.action}>
              <TableCell>{formatDateTimeNl(new Date(a.at))}</TableCell>
              <TableCell>{a.actor}</TableCell>
              <TableCell>{a.actionLabel}</TableCell>
              <TableCell>
                <WithReferences text={a.target} />
              </TableCell>
              <TableCell>
                <ul className="sp-audit-details">
                  {a.details.map((d) => (
                    <li key={d.key}>
                      {d.key ? <code>{d.key}</code> : null} {d.value}
                    </li>
                  ))}
                </ul>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination page={auditPage} pageCount={auditPageCount} href={(n) => `?auditpagina=${n}#audit`} />
    </div>
  );
}
