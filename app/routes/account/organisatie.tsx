import {
  Button,
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { clientAddress } from "../../auth/client-address.ts";
import { loginHeaders } from "../../auth/code-action.server.ts";
import { requireRole } from "../../auth/session.server.ts";
import { claimAccountLookup } from "../../auth/throttle.server.ts";
import { prisma } from "../../db/client.server.ts";
import {
  actorOrganisation,
  actorOrganisations,
  assertMember,
  endMembership,
  getOrganisationPage,
  inviteColleague,
  setSignatory,
  withdrawInvitation,
} from "../../domain/accounts/organisation.server.ts";
import { END_ACCESS_FIELD } from "../../domain/accounts/organisation-messages.ts";
import { fieldErrorsOf, INVITATION_DAYS, inviteSchema } from "../../domain/accounts/validation.ts";
import type { Actor } from "../../domain/actor.ts";
import { DomainError, RuleViolation } from "../../domain/errors.ts";
import { payeeNameOf } from "../../domain/payments/batches.server.ts";
import {
  isFirstIban,
  isHolderChange,
  latestDecidedIbanChangeOf,
  pendingIbanChangeOf,
  requestIbanChange,
} from "../../domain/payments/iban.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { accountReturnOf } from "../../domain/payments/returns.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { getRequestT } from "../../i18n/i18n.server.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/organisatie";
import { formObject, useSchemaForm } from "./form.tsx";

// The invitation form's throttled answer (429) carries Retry-After; without this export React Router drops it.
export const headers: Route.HeadersFunction = loginHeaders;

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "account.organisation.title") },
];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const url = new URL(request.url);
    // Someone in more than one organisation picks the page with ?organisatie=; one not theirs (or
    // no valid id) shows their first, never that other organisation's page.
    const asked = z.uuid().safeParse(url.searchParams.get(ORGANISATION_PARAM));
    const organisationId = actorOrganisation(user.actor, asked.success ? asked.data : null);
    const page = await getOrganisationPage(user.actor, organisationId);
    const organisations = await actorOrganisations(user.actor);
    // "Toegang beëindigen" asks first: its link leads here with the user's id, and the page then
    // shows what ending means with the one button that does it.
    const ending = url.searchParams.get(END_PARAM);
    const confirmEnd = page.users.find((u) => u.id === ending && (u.isMe || page.canManageSignatories));
    const pending = await pendingIbanChangeOf(prisma, organisationId);
    const decided = await latestDecidedIbanChangeOf(prisma, organisationId);
    // Unapproved because the bank sent a payment back for the account: the page says so, rather
    // than "not yet approved" beside the approval the return undid.
    const bankReturn =
      page.organisation.ibanCheckedAt === null ? await accountReturnOf(prisma, organisationId) : null;
    return {
      ...page,
      organisations,
      confirmEnd: confirmEnd ? { id: confirmEnd.id, name: confirmEnd.name, isMe: confirmEnd.isMe } : null,
      iban: formatIban(page.organisation.iban),
      // Whom the bank file pays: the holder finance approved with the account.
      payee: payeeNameOf(page.organisation),
      // Not yet approved by finance (the account given at signup, or a rejected one): nothing is
      // paid, and the page says so instead of "we pay into".
      ibanChecked: page.organisation.ibanCheckedAt !== null,
      pendingIban: pending
        ? {
            first: isFirstIban(pending),
            // A change of only the holder's name on the approved IBAN.
            holderOnly: isHolderChange(pending),
            iban: formatIban(pending.iban),
            accountHolder: pending.accountHolder,
            requestedAt: pending.requestedAt,
          }
        : null,
      // How the latest change was decided, and why a rejected one was: otherwise the page would show
      // the old account with no trace of the change asked for.
      lastIbanDecision: decided?.decidedAt
        ? {
            first: isFirstIban(decided),
            // The holder's name put right on the approved account: told as such, not as a new IBAN.
            holder: isHolderChange(decided) ? decided.accountHolder : null,
            approved: decided.status === "APPROVED",
            iban: formatIban(decided.iban),
            decidedAt: decided.decidedAt,
            reason: decided.rejectionReason,
          }
        : null,
      bankReturn: bankReturn
        ? {
            description: bankReturn.description,
            paidAt: bankReturn.paidAt,
            reasonCode: bankReturn.reasonCode,
            returnedAt: bankReturn.returnedAt,
          }
        : null,
    };
  } catch (err) {
    throwAsPage(err);
  }
}

/** The query parameter of the confirmation step of "Toegang beëindigen". */
const END_PARAM = "beeindigen";
/** The query parameter naming the organisation the page is for (someone in more than one). */
const ORGANISATION_PARAM = "organisatie";
const PAGE = "/aanvrager/organisatie";

/**
 * The page's address for `organisationId`, with `extra` parameters. Only someone in more than one
 * organisation gets the organisation in it: for the others the addresses stay as they were.
 */
function pageHref(organisationId: string, many: boolean, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams({ ...(many ? { [ORGANISATION_PARAM]: organisationId } : {}), ...extra });
  return search.size > 0 ? `${PAGE}?${search}` : PAGE;
}

/**
 * The organisation a form of the page acts for: the one it posts along (the page's), checked
 * again, for the membership may have ended since the page was shown. A post without it acts for
 * the only organisation; for someone in several it is refused rather than given the first.
 */
function postedOrganisation(actor: Actor, posted: unknown): string | null {
  if (typeof posted === "string" && posted !== "") {
    assertMember(actor, posted);
    return posted;
  }
  const first = actorOrganisation(actor);
  return actor.organisationIds.length === 1 ? first : null;
}

const EndAccessForm = z.object({ userId: z.uuid() });
const SignatoryForm = z.object({ userId: z.uuid(), isSignatory: z.enum(["true", "false"]) });
const WithdrawForm = z.object({ invitationId: z.uuid() });
// A post without a field asks for it in the form's own words (English on an English page), not
// zod's "expected string".
const IbanForm = z.object({
  iban: z.string({ error: "Vul het nieuwe IBAN in." }).trim().min(1, "Vul het nieuwe IBAN in."),
  accountHolder: z
    .string({ error: "Vul de naam van de rekeninghouder in." })
    .trim()
    .min(1, "Vul de naam van de rekeninghouder in."),
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
  const t = await getRequestT(request);
  try {
    const organisationId = postedOrganisation(user.actor, raw.organisationId);
    if (!organisationId)
      return data<ActionData>(
        { ok: false, formError: t("account.organisation.whichOrganisation") },
        { status: 400 },
      );
    if (raw.intent === "signatory") {
      const parsed = SignatoryForm.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>(
          { ok: false, formError: t("account.organisation.unknownUser") },
          { status: 400 },
        );
      await setSignatory(user.actor, organisationId, parsed.data.userId, parsed.data.isSignatory === "true");
      return data<ActionData>({
        ok: true,
        message: t("account.organisation.signatoryChanged"),
      });
    }
    if (raw.intent === "end-access") {
      const parsed = EndAccessForm.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>(
          { ok: false, errors: { [END_ACCESS_FIELD]: t("account.organisation.unknownUser") } },
          { status: 400 },
        );
      const ended = await endMembership(user.actor, organisationId, parsed.data.userId);
      // Their own access ended: this page is no longer theirs (and with no role left, nor the session).
      if (ended.self) throw redirect("/");
      return data<ActionData>({
        ok: true,
        message: t("account.organisation.accessEnded", { name: ended.name }),
      });
    }
    if (raw.intent === "withdraw-invitation") {
      const parsed = WithdrawForm.safeParse(raw);
      if (!parsed.success)
        return data<ActionData>(
          { ok: false, formError: t("account.organisation.unknownInvitation") },
          { status: 400 },
        );
      const { email } = await withdrawInvitation(user.actor, organisationId, parsed.data.invitationId);
      return data<ActionData>({ ok: true, message: t("account.organisation.withdrawn", { email }) });
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
      return data<ActionData>({ ok: true, message: t("iban.requested") });
    }
    const email = typeof raw.email === "string" ? raw.email : "";
    const parsed = inviteSchema.safeParse(raw);
    if (!parsed.success)
      return data<ActionData>({ ok: false, errors: fieldErrorsOf(parsed.error), email }, { status: 400 });
    // Counted like a sign-up (per client address): the form no longer tells whether an address has
    // an account, but each invitation is still a mail to an address of the inviter's choosing.
    const throttle = await claimAccountLookup(clientAddress(request));
    if (throttle.blocked)
      return data<ActionData>(
        { ok: false, formError: t("account.throttled"), email },
        { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
      );
    await inviteColleague(user.actor, organisationId, parsed.data.email);
    return data<ActionData>({
      ok: true,
      message: t("account.organisation.invited", {
        email: parsed.data.email,
        days: INVITATION_DAYS,
      }),
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
  const {
    organisation,
    organisations,
    users,
    invitations,
    canManageSignatories,
    confirmEnd,
    iban,
    ibanChecked,
    payee,
    pendingIban,
    lastIbanDecision,
    bankReturn,
  } = loaderData;
  const navigation = useNavigation();
  const { t, dt, date, dateTime } = useI18n();
  const many = organisations.length > 1;
  const others = organisations.filter((o) => o.id !== organisation.id);
  // Every form posts the organisation the page shows, so that it acts on that one.
  const forOrganisation = <input type="hidden" name="organisationId" value={organisation.id} />;
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const { errors, summary, onSubmit, focusKey } = useSchemaForm(inviteSchema, failure?.errors, {
    order: ["email"],
  });
  const ibanSummary = (["iban", "accountHolder"] as const)
    .filter((k) => failure?.errors?.[k])
    .map((k) => ({ id: `iban-${k}`, message: dt(failure?.errors?.[k] ?? "") }));
  const allSummary = [
    ...(failure?.formError ? [{ id: "", message: dt(failure.formError) }] : []),
    ...ibanSummary,
    ...summary
      .filter((e) => !ibanSummary.length || e.id === "email")
      .map((e) => ({ ...e, message: dt(e.message) })),
  ];
  return (
    <div className="sp-stack">
      <Heading level={1}>{organisation.name}</Heading>
      {many ? (
        <nav aria-label={t("account.organisation.switchLabel")} data-testid="organisation-switch">
          <Paragraph>{t("account.organisation.pageFor", { organisation: organisation.name })}</Paragraph>
          <UnorderedList>
            {others.map((o) => (
              <UnorderedListItem key={o.id}>
                <Link href={pageHref(o.id, true)}>{o.name}</Link>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </nav>
      ) : null}
      <Paragraph>
        {t("account.organisation.facts", {
          kvk: organisation.kvkNumber,
          legalForm: dt(organisation.legalForm),
          address: `${organisation.street}, ${organisation.postalCode} ${organisation.city}`,
          iban,
        })}
      </Paragraph>
      {actionData?.ok ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <Paragraph>{actionData.message}</Paragraph>
        </div>
      ) : null}
      <ErrorSummary errors={allSummary} focusKey={focusKey} />

      <Heading level={2}>{t("account.organisation.usersHeading")}</Heading>
      <Paragraph>{t("account.organisation.usersIntro")}</Paragraph>
      <Table>
        <TableCaption className="sp-visually-hidden">
          {t("account.organisation.usersCaption", { organisation: organisation.name })}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("account.organisation.name")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("account.organisation.email")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("account.organisation.signatory")}</TableHeaderCell>
            {canManageSignatories ? (
              <TableHeaderCell scope="col">{t("account.organisation.change")}</TableHeaderCell>
            ) : null}
            <TableHeaderCell scope="col">{t("account.organisation.access")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((u) => (
            <TableRow key={u.id}>
              <TableCell>
                {u.name}
                {u.isMe ? ` ${t("account.organisation.you")}` : ""}
                {u.active ? "" : ` ${t("account.organisation.disabled")}`}
              </TableCell>
              <TableCell>{u.email}</TableCell>
              <TableCell>
                {u.isSignatory ? t("account.organisation.yes") : t("account.organisation.no")}
              </TableCell>
              {canManageSignatories ? (
                <TableCell>
                  <Form method="post" className="sp-inline-form">
                    <input type="hidden" name="intent" value="signatory" />
                    {forOrganisation}
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="isSignatory" value={u.isSignatory ? "false" : "true"} />
                    <Button
                      appearance="secondary-action-button"
                      type="submit"
                      disabled={navigation.state !== "idle"}
                    >
                      {u.isSignatory
                        ? t("account.organisation.revokeSignatory", { name: u.name })
                        : t("account.organisation.makeSignatory", { name: u.name })}
                    </Button>
                  </Form>
                </TableCell>
              ) : null}
              <TableCell>
                {canManageSignatories || u.isMe ? (
                  <Link
                    href={`${pageHref(organisation.id, many, { [END_PARAM]: u.id })}#${END_ACCESS_FIELD}`}
                  >
                    {u.isMe
                      ? t("account.organisation.endOwnAccess")
                      : t("account.organisation.endAccess", { name: u.name })}
                  </Link>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {confirmEnd ? (
        <Form
          method="post"
          className="sp-stack"
          action={pageHref(organisation.id, many, { [END_PARAM]: confirmEnd.id })}
          aria-labelledby={`${END_ACCESS_FIELD}-heading`}
        >
          <Heading level={3} id={`${END_ACCESS_FIELD}-heading`}>
            {confirmEnd.isMe
              ? t("account.organisation.endOwnConfirmHeading", { organisation: organisation.name })
              : t("account.organisation.endConfirmHeading", { name: confirmEnd.name })}
          </Heading>
          <div id={END_ACCESS_FIELD} className="sp-stack">
            <Paragraph>
              {confirmEnd.isMe
                ? t("account.organisation.endOwnConsequences", { organisation: organisation.name })
                : t("account.organisation.endConsequences", {
                    name: confirmEnd.name,
                    organisation: organisation.name,
                  })}
            </Paragraph>
            {failure?.errors?.[END_ACCESS_FIELD] ? (
              <Paragraph id={`${END_ACCESS_FIELD}-error`} className="utrecht-form-field-error-message">
                {dt(failure.errors[END_ACCESS_FIELD])}
              </Paragraph>
            ) : null}
            <input type="hidden" name="intent" value="end-access" />
            {forOrganisation}
            <input type="hidden" name="userId" value={confirmEnd.id} />
            <div className="sp-actions">
              <Button
                appearance="primary-action-button"
                type="submit"
                disabled={navigation.state !== "idle"}
                aria-describedby={
                  failure?.errors?.[END_ACCESS_FIELD] ? `${END_ACCESS_FIELD}-error` : undefined
                }
              >
                {confirmEnd.isMe
                  ? t("account.organisation.endOwnConfirm")
                  : t("account.organisation.endConfirm", { name: confirmEnd.name })}
              </Button>
              <Link href={pageHref(organisation.id, many)}>{t("account.organisation.endCancel")}</Link>
            </div>
          </div>
        </Form>
      ) : null}

      <Heading level={2}>{t("iban.heading")}</Heading>
      {ibanChecked ? (
        <Paragraph>{t("iban.current", { iban, holder: payee })}</Paragraph>
      ) : pendingIban?.first ? null : bankReturn && !pendingIban ? (
        <Paragraph data-testid="iban-bank-return">
          {t("iban.bankReturnPayment")}{" "}
          {/* The bank-statement text is Dutch, whatever the page's language. */}
          <span lang="nl">“{bankReturn.description}”</span>{" "}
          {t("iban.bankReturn", {
            date: date(new Date(bankReturn.paidAt)),
            returned: date(new Date(bankReturn.returnedAt)),
            reason: t(`iban.returnReason.${bankReturn.reasonCode}`),
            iban,
          })}
        </Paragraph>
      ) : (
        <Paragraph data-testid="iban-not-checked">{t("iban.notChecked")}</Paragraph>
      )}
      {/* An approval a bank return undid (this organisation's payment, or another's on the same
          account) is no longer the account's state: only a return unapproves an approved account. */}
      {lastIbanDecision && !(lastIbanDecision.approved && !ibanChecked) ? (
        <div data-testid="iban-decision">
          <Paragraph>
            {t(
              lastIbanDecision.first
                ? lastIbanDecision.approved
                  ? "iban.approvedFirst"
                  : "iban.rejectedFirst"
                : lastIbanDecision.holder
                  ? lastIbanDecision.approved
                    ? "iban.approvedHolder"
                    : "iban.rejectedHolder"
                  : lastIbanDecision.approved
                    ? "iban.approved"
                    : "iban.rejected",
              {
                iban: lastIbanDecision.iban,
                holder: lastIbanDecision.holder,
                date: dateTime(new Date(lastIbanDecision.decidedAt)),
              },
            )}
            {/* A rejected change leaves the account we knew, unless a bank return unapproved it since. */}
            {!lastIbanDecision.first && !lastIbanDecision.approved
              ? ` ${t(
                  !ibanChecked
                    ? "iban.rejectedNothingPaid"
                    : lastIbanDecision.holder
                      ? "iban.rejectedHolderPaid"
                      : "iban.rejectedPaid",
                )}`
              : null}
          </Paragraph>
          {!lastIbanDecision.approved && lastIbanDecision.reason ? (
            <Paragraph>
              {t("iban.rejectionReason")}{" "}
              {/* Finance writes the reason in Dutch, whatever the page's language. */}
              <span lang="nl">{lastIbanDecision.reason}</span>
            </Paragraph>
          ) : null}
        </div>
      ) : null}
      {pendingIban ? (
        <Paragraph data-testid="pending-iban">
          {t(
            pendingIban.first
              ? "iban.pendingFirst"
              : pendingIban.holderOnly
                ? "iban.pendingHolder"
                : "iban.pending",
            {
              iban: pendingIban.iban,
              holder: pendingIban.accountHolder,
              date: dateTime(new Date(pendingIban.requestedAt)),
            },
          )}
        </Paragraph>
      ) : canManageSignatories ? (
        <Form method="post" noValidate className="sp-stack">
          <input type="hidden" name="intent" value="iban" />
          {forOrganisation}
          <TextField
            id="iban-iban"
            name="iban"
            label={t(ibanChecked ? "iban.newIban" : "iban.iban")}
            description={t(ibanChecked ? "iban.newIbanHint" : "iban.ibanHint")}
            autoComplete="off"
            defaultValue={failure?.iban}
            error={failure?.errors?.iban ? dt(failure.errors.iban) : undefined}
          />
          <TextField
            id="iban-accountHolder"
            name="accountHolder"
            label={t("iban.accountHolder")}
            autoComplete="off"
            defaultValue={failure?.accountHolder ?? payee}
            error={failure?.errors?.accountHolder ? dt(failure.errors.accountHolder) : undefined}
          />
          <Button appearance="secondary-action-button" type="submit" disabled={navigation.state !== "idle"}>
            {t(ibanChecked ? "iban.submit" : "iban.submitFirst")}
          </Button>
        </Form>
      ) : (
        <Paragraph>{t("iban.signatoryOnly")}</Paragraph>
      )}

      <Heading level={2}>{t("account.organisation.inviteHeading")}</Heading>
      <Form method="post" noValidate className="sp-stack" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="invite" />
        {forOrganisation}
        <TextField
          id="email"
          name="email"
          type="email"
          label={t("account.organisation.inviteEmail")}
          description={t("account.organisation.inviteEmailHint", { days: INVITATION_DAYS })}
          autoComplete="off"
          defaultValue={failure?.email}
          error={errors.email ? dt(errors.email) : undefined}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state !== "idle"}>
          {t("account.organisation.inviteSubmit")}
        </Button>
      </Form>
      {invitations.length > 0 ? (
        <>
          <Heading level={3}>{t("account.organisation.pendingHeading")}</Heading>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {t("account.organisation.pendingInvitation", {
                  email: i.email,
                  until: dateTime(new Date(i.expiresAt)),
                })}
                {i.canWithdraw ? (
                  <Form method="post" className="sp-inline-form">
                    <input type="hidden" name="intent" value="withdraw-invitation" />
                    {forOrganisation}
                    <input type="hidden" name="invitationId" value={i.id} />
                    <Button
                      appearance="secondary-action-button"
                      type="submit"
                      disabled={navigation.state !== "idle"}
                    >
                      {t("account.organisation.withdraw", { email: i.email })}
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
