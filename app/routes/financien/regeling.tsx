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
import { type FormEvent, useState } from "react";
import { data, Form, useNavigation } from "react-router";
import type { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { fieldErrorsOf } from "../../domain/accounts/validation.ts";
import { DomainError, NotFoundError, RuleViolation } from "../../domain/errors.ts";
import { centsToInputString, formatEuro, formatRateBp } from "../../domain/money.ts";
import { parseMeasureCategories } from "../../domain/plan/cofinancing.ts";
import { HERSTELTERMIJN_MAX_DAYS } from "../../domain/plan/supplement.ts";
import {
  categoryChangeMessage,
  changeEnvelopeCeiling,
  changeMeasureCategory,
  changeWindow,
  createEnvelope,
  createWindow,
  regulationSetup,
  updateRegulationParameters,
} from "../../domain/regulation/setup.server.ts";
import {
  bpToPercentInput,
  ENVELOPE_CREATE_FIELDS,
  envelopeChangeSchema,
  envelopeCreateSchema,
  MEASURE_CATEGORY_FIELDS,
  measureCategoryChangeSchema,
  REGULATION_PARAM_FIELDS,
  regulationParamsSchema,
  WINDOW_CREATE_FIELDS,
  windowChangeSchema,
  windowCreateSchema,
} from "../../domain/regulation/setup-schemas.ts";
import { formatDateNl, localDateFromDb } from "../../domain/time/index.ts";
import { ErrorSummary, type SummaryError } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { formObject } from "../account/form.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/regeling";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.regulation.code ?? "Regeling"} instellen — Financiën — Sectorplanportaal` },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE", "ADMIN"]);
  try {
    const { regulation: r, windows, envelopes } = await regulationSetup(prisma, params.regulationId);
    // Formatted and as form defaults on the server: no bigint crosses to the browser.
    return {
      regulation: {
        id: r.id,
        code: r.code,
        title: r.title,
        fund: r.fund,
        publication: r.publication,
        params: {
          publishedOn: r.publishedOn ? localDateFromDb(r.publishedOn) : "",
          cofinancingRate: bpToPercentInput(r.cofinancingRateBp),
          minimumRequest: centsToInputString(r.minimumRequestCents),
          maxDurationMonths: String(r.maxDurationMonths),
          extensionMonths: String(r.extensionMonths),
          minThemes: String(r.minThemes),
          decisionTermWeeks: String(r.decisionTermWeeks),
          hersteltermijnDays: String(r.hersteltermijnDays),
          executionStartMonths: String(r.executionStartMonths),
          settlementRequestWeeks: String(r.settlementRequestWeeks),
          settlementDecisionWeeks: String(r.settlementDecisionWeeks),
          advanceInitial: bpToPercentInput(r.advanceInitialBp),
          advanceMax: bpToPercentInput(r.advanceMaxBp),
          advanceIntervalMonths: String(r.advanceIntervalMonths),
          settlementThreshold: bpToPercentInput(r.settlementThresholdBp),
          advisersRequired: String(r.advisersRequired),
        } satisfies Record<(typeof REGULATION_PARAM_FIELDS)[number], string>,
        measureCategories: parseMeasureCategories(r.measureCategories).map((c) => ({
          code: c.code,
          label: c.label,
          rate: formatRateBp(c.rateBp),
          rateInput: bpToPercentInput(c.rateBp),
          share: c.maxShareOfWageCostsBp === null ? null : formatRateBp(c.maxShareOfWageCostsBp),
          shareInput: c.maxShareOfWageCostsBp === null ? null : bpToPercentInput(c.maxShareOfWageCostsBp),
          requiresNetJobGrowth: c.requiresNetJobGrowth,
          legalBasis: c.legalBasis,
        })),
      },
      windows: windows.map((w) => ({
        id: w.id,
        name: w.name,
        firstDay: w.firstDay,
        lastDay: w.lastDay,
        period: `${formatDateNl(w.firstDay)} tot en met ${formatDateNl(w.lastDay)}`,
        publication: w.publication,
        status: w.status,
        planCount: w.planCount,
        // Dates are fixed once the window has opened or holds a plan.
        datesEditable: w.status === "aangekondigd" && w.planCount === 0,
        ceiling: formatEuro(w.ceilingCents),
        ceilingInput: centsToInputString(w.ceilingCents),
        reserved: formatEuro(w.reservedCents),
        committed: formatEuro(w.committedCents),
        available: formatEuro(w.availableCents),
      })),
      envelopes: envelopes.map((e) => ({
        id: e.id,
        year: e.year,
        illustrative: e.illustrative,
        note: e.note,
        ceiling: formatEuro(e.ceilingCents),
        ceilingInput: centsToInputString(e.ceilingCents),
        held: formatEuro(e.reservedCents + e.committedCents),
        available: formatEuro(e.availableCents),
      })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

type ActionData =
  | { ok: true; message: string }
  | { ok: false; form: string; errors: Record<string, string>; formError?: string };

function failed(form: string, errors: Record<string, string>, formError?: string) {
  return data<ActionData>({ ok: false, form, errors, formError }, { status: 400 });
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE", "ADMIN"]);
  const raw = formObject(await request.formData());
  const intent = String(raw.intent ?? "");
  let form = intent;
  try {
    if (intent === "params") {
      const parsed = regulationParamsSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      const { changed } = await updateRegulationParameters(user.actor, params.regulationId, parsed.data);
      return data<ActionData>({
        ok: true,
        message:
          changed.length === 0
            ? "Er was niets gewijzigd."
            : `De parameters zijn opgeslagen (${changed.length} gewijzigd).`,
      });
    }
    if (intent === "category-change") {
      form = `category-${String(raw.code ?? "")}`;
      const parsed = measureCategoryChangeSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      const result = await changeMeasureCategory(user.actor, params.regulationId, parsed.data);
      return data<ActionData>({ ok: true, message: categoryChangeMessage(result) });
    }
    if (intent === "window-new") {
      const parsed = windowCreateSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      await createWindow(user.actor, params.regulationId, parsed.data);
      return data<ActionData>({ ok: true, message: `Tijdvak ${parsed.data.name} is toegevoegd.` });
    }
    if (intent === "window-change") {
      form = `window-${String(raw.windowId ?? "")}`;
      const parsed = windowChangeSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      const change = await changeWindow(user.actor, params.regulationId, parsed.data);
      const up = change.newCeilingCents > change.oldCeilingCents;
      const message =
        change.newCeilingCents === change.oldCeilingCents
          ? change.datesChanged
            ? "De data van het tijdvak zijn gewijzigd."
            : "Er was niets gewijzigd."
          : `Het subsidieplafond is ${up ? "verhoogd" : "verlaagd"} van ${formatEuro(change.oldCeilingCents)} naar ${formatEuro(change.newCeilingCents)}.${up ? " Plannen die op budget wachten, krijgen het in volgorde van ontvangst." : ""}`;
      return data<ActionData>({ ok: true, message });
    }
    if (intent === "envelope-new") {
      const parsed = envelopeCreateSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      await createEnvelope(user.actor, params.regulationId, parsed.data);
      return data<ActionData>({ ok: true, message: `Begrotingsjaar ${parsed.data.year} is toegevoegd.` });
    }
    if (intent === "envelope-change") {
      form = `envelope-${String(raw.envelopeId ?? "")}`;
      const parsed = envelopeChangeSchema.safeParse(raw);
      if (!parsed.success) return failed(form, fieldErrorsOf(parsed.error));
      const change = await changeEnvelopeCeiling(user.actor, params.regulationId, parsed.data);
      return data<ActionData>({
        ok: true,
        message:
          change.newCeilingCents === change.oldCeilingCents
            ? "Er was niets gewijzigd."
            : `Het jaarbudget is gewijzigd van ${formatEuro(change.oldCeilingCents)} naar ${formatEuro(change.newCeilingCents)}.`,
      });
    }
    return failed("", {}, "Onbekende handeling.");
  } catch (err) {
    if (err instanceof NotFoundError) throwAsPage(err);
    if (err instanceof RuleViolation && err.field) return failed(form, { [err.field]: err.message });
    if (err instanceof DomainError) {
      return data<ActionData>(
        { ok: false, form, errors: {}, formError: err.message },
        { status: err.status },
      );
    }
    throw err;
  }
}

const PARAM_LABEL: Record<(typeof REGULATION_PARAM_FIELDS)[number], { label: string; description?: string }> =
  {
    publishedOn: {
      label: "Gepubliceerd in de Staatscourant op",
      description:
        "Een plan kan niet eerder beginnen (artikel 1.2, vijfde lid). Leeg voor een regeling die niet is gepubliceerd.",
    },
    cofinancingRate: {
      label: "Cofinancieringspercentage (%)",
      description: "Deel van de subsidiabele kosten dat de regeling vergoedt.",
    },
    minimumRequest: { label: "Minimaal aan te vragen bedrag (€)", description: "Zonder overhead." },
    maxDurationMonths: { label: "Maximale looptijd (maanden)" },
    extensionMonths: { label: "Eenmalige verlenging (maanden)" },
    minThemes: { label: "Minimum aantal thema's per plan" },
    advisersRequired: {
      label: "Aantal adviseurs per plan",
      description: "Een plan dat al is ingediend, houdt het aantal van zijn indiening.",
    },
    decisionTermWeeks: {
      label: "Beslistermijn (weken)",
      description:
        "Vanaf de volledige ontvangst. Een plan dat al is ingediend, houdt de termijn van zijn indiening.",
    },
    hersteltermijnDays: {
      label: "Standaard hersteltermijn (dagen)",
      description: `Vult het verzoek om aanvulling vooraf in; ten hoogste ${HERSTELTERMIJN_MAX_DAYS} dagen.`,
    },
    executionStartMonths: { label: "Start van de uitvoering binnen (maanden)" },
    settlementRequestWeeks: { label: "Aanvraag tot vaststelling binnen (weken na het einde)" },
    settlementDecisionWeeks: { label: "Beslistermijn vaststelling (weken)" },
    advanceInitial: { label: "Eerste voorschot (% van de subsidie)" },
    advanceMax: { label: "Voorschotten samen ten hoogste (%)" },
    advanceIntervalMonths: { label: "Termijn tussen voorschotten (maanden)" },
    settlementThreshold: {
      label: "Realisatiedrempel bij vaststelling (%)",
      description: "Onder deze realisatie wordt de subsidie op nihil vastgesteld (of naar rato verlaagd).",
    },
  };

const PARAM_GROUPS: { legend: string; fields: (typeof REGULATION_PARAM_FIELDS)[number][] }[] = [
  { legend: "Bekendmaking", fields: ["publishedOn"] },
  {
    legend: "Subsidie en plan",
    fields: [
      "cofinancingRate",
      "minimumRequest",
      "maxDurationMonths",
      "extensionMonths",
      "minThemes",
      "advisersRequired",
    ],
  },
  {
    legend: "Termijnen",
    fields: [
      "decisionTermWeeks",
      "hersteltermijnDays",
      "executionStartMonths",
      "settlementRequestWeeks",
      "settlementDecisionWeeks",
    ],
  },
  {
    legend: "Voorschotten en vaststelling",
    fields: ["advanceInitial", "advanceMax", "advanceIntervalMonths", "settlementThreshold"],
  },
];

type Failure = { form: string; errors: Record<string, string>; formError?: string };

/**
 * The shared zod schema checks a form in the browser before it is sent (no round trip for a
 * typo); the action checks again. A browser check wins until the next submit.
 */
function useForms(server: Failure | undefined) {
  const [client, setClient] = useState<(Failure & { tick: number }) | null>(null);
  const check =
    (form: string, schema: z.ZodType, order: readonly string[]) => (event: FormEvent<HTMLFormElement>) => {
      const parsed = schema.safeParse(formObject(new FormData(event.currentTarget)));
      if (parsed.success) {
        setClient(null);
        return;
      }
      event.preventDefault();
      const errors = fieldErrorsOf(parsed.error);
      const sorted = Object.fromEntries(
        Object.entries(errors).sort(([a], [b]) => rank(order, a) - rank(order, b)),
      );
      setClient((c) => ({ form, errors: sorted, tick: (c?.tick ?? 0) + 1 }));
    };
  const failure: Failure | undefined = client ?? server;
  const errorOf = (form: string, field: string) =>
    failure?.form === form ? failure.errors[field] : undefined;
  const summary: SummaryError[] = failure
    ? [
        ...(failure.formError ? [{ id: "", message: failure.formError }] : []),
        ...Object.entries(failure.errors).map(([field, message]) => ({
          id: field === "form" ? "" : `${failure.form}-${field}`,
          message,
        })),
      ]
    : [];
  return { check, errorOf, summary, focusKey: `${client?.tick ?? 0}:${JSON.stringify(server ?? {})}` };
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

export default function RegulationSetup({ loaderData, actionData }: Route.ComponentProps) {
  const { regulation, windows, envelopes } = loaderData;
  const busy = useNavigation().state !== "idle";
  const server = actionData && !actionData.ok ? actionData : undefined;
  const { check, errorOf, summary, focusKey } = useForms(server);
  const done = actionData?.ok ? actionData.message : undefined;
  return (
    <div className="sp-stack">
      <Paragraph>
        <Link href="/financien/regelingen">Alle regelingen</Link>
      </Paragraph>
      <Heading level={1}>
        {regulation.title} ({regulation.code})
      </Heading>
      <ActionDone message={done} />
      <ErrorSummary errors={summary} focusKey={focusKey} />

      <section className="sp-stack" aria-labelledby="tijdvakken">
        <Heading level={2} id="tijdvakken">
          Tijdvakken en subsidieplafonds
        </Heading>
        <Paragraph>
          Het subsidieplafond van een tijdvak wordt bekendgemaakt voordat het tijdvak opent (Awb 4:27). Na de
          opening kan het alleen nog omhoog; de data liggen vast zodra het tijdvak opent of er een aanvraag in
          is ontvangen.
        </Paragraph>
        {windows.map((w) => {
          const form = `window-${w.id}`;
          return (
            <section key={w.id} className="sp-stack" aria-labelledby={`${form}-heading`} data-testid={form}>
              <Heading level={3} id={`${form}-heading`}>
                {w.name} ({w.status})
              </Heading>
              <dl className="sp-dl">
                <dt>Periode</dt>
                <dd>{w.period}</dd>
                <dt>Subsidieplafond</dt>
                <dd data-testid={`${form}-ceiling`}>{w.ceiling}</dd>
                <dt>Gereserveerd</dt>
                <dd>{w.reserved}</dd>
                <dt>Verplicht</dt>
                <dd>{w.committed}</dd>
                <dt>Beschikbaar</dt>
                <dd>{w.available}</dd>
                <dt>Aanvragen</dt>
                <dd>{w.planCount}</dd>
                {w.publication ? (
                  <>
                    <dt>Bekendmaking</dt>
                    <dd>{w.publication}</dd>
                  </>
                ) : null}
              </dl>
              <Form
                method="post"
                noValidate
                className="sp-stack"
                onSubmit={check(form, windowChangeSchema, ["ceiling", "opensOn", "closesOn"])}
              >
                <input type="hidden" name="intent" value="window-change" />
                <input type="hidden" name="windowId" value={w.id} />
                <TextField
                  id={`${form}-ceiling`}
                  name="ceiling"
                  label={`Subsidieplafond ${w.name} (€)`}
                  inputMode="decimal"
                  defaultValue={w.ceilingInput}
                  error={errorOf(form, "ceiling")}
                />
                {w.datesEditable ? (
                  <div className="sp-row">
                    <TextField
                      id={`${form}-opensOn`}
                      name="opensOn"
                      type="date"
                      label="Eerste dag"
                      defaultValue={w.firstDay}
                      error={errorOf(form, "opensOn")}
                    />
                    <TextField
                      id={`${form}-closesOn`}
                      name="closesOn"
                      type="date"
                      label="Laatste dag"
                      defaultValue={w.lastDay}
                      error={errorOf(form, "closesOn")}
                    />
                  </div>
                ) : null}
                <div>
                  <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                    {w.name} wijzigen
                  </Button>
                </div>
              </Form>
            </section>
          );
        })}

        <Form
          method="post"
          noValidate
          className="sp-stack"
          key={done ?? "window-new"}
          onSubmit={check("window-new", windowCreateSchema, WINDOW_CREATE_FIELDS)}
        >
          <input type="hidden" name="intent" value="window-new" />
          <Fieldset>
            <FieldsetLegend>Tijdvak toevoegen</FieldsetLegend>
            <TextField id="window-new-name" name="name" label="Naam" error={errorOf("window-new", "name")} />
            <div className="sp-row">
              <TextField
                id="window-new-opensOn"
                name="opensOn"
                type="date"
                label="Eerste dag"
                description="Na vandaag: het plafond wordt vóór de opening bekendgemaakt."
                error={errorOf("window-new", "opensOn")}
              />
              <TextField
                id="window-new-closesOn"
                name="closesOn"
                type="date"
                label="Laatste dag"
                description="Aanvragen die op deze dag binnenkomen, tellen nog mee."
                error={errorOf("window-new", "closesOn")}
              />
            </div>
            <TextField
              id="window-new-ceiling"
              name="ceiling"
              label="Subsidieplafond (€)"
              inputMode="decimal"
              error={errorOf("window-new", "ceiling")}
            />
            <TextField
              id="window-new-publication"
              name="publication"
              label="Bekendmaking (optioneel)"
              description="Bijvoorbeeld: Stcrt. 2015, 1234."
              error={errorOf("window-new", "publication")}
            />
          </Fieldset>
          <div>
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Tijdvak toevoegen
            </Button>
          </div>
        </Form>
      </section>

      <section className="sp-stack" aria-labelledby="begrotingsjaren">
        <Heading level={2} id="begrotingsjaren">
          Begrotingsjaren van fonds {regulation.fund}
        </Heading>
        <Table>
          <TableCaption>Jaarbudgetten van fonds {regulation.fund}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Jaar</TableHeaderCell>
              <TableHeaderCell scope="col" className="sp-money">
                Jaarbudget
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="sp-money">
                Gereserveerd + verplicht
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="sp-money">
                Beschikbaar
              </TableHeaderCell>
              <TableHeaderCell scope="col">Bron</TableHeaderCell>
              <TableHeaderCell scope="col">Jaarbudget wijzigen</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {envelopes.map((e) => {
              const form = `envelope-${e.id}`;
              return (
                <TableRow key={e.id}>
                  <TableHeaderCell scope="row">{e.year}</TableHeaderCell>
                  <TableCell className="sp-money">{e.ceiling}</TableCell>
                  <TableCell className="sp-money">{e.held}</TableCell>
                  <TableCell className="sp-money">{e.available}</TableCell>
                  <TableCell>
                    {e.illustrative ? "illustratief" : "werkelijk"}
                    {e.note ? ` — ${e.note}` : ""}
                  </TableCell>
                  <TableCell>
                    <Form
                      method="post"
                      noValidate
                      className="sp-stack"
                      onSubmit={check(form, envelopeChangeSchema, ["ceiling"])}
                    >
                      <input type="hidden" name="intent" value="envelope-change" />
                      <input type="hidden" name="envelopeId" value={e.id} />
                      <TextField
                        id={`${form}-ceiling`}
                        name="ceiling"
                        label={`Jaarbudget ${e.year} (€)`}
                        inputMode="decimal"
                        defaultValue={e.ceilingInput}
                        error={errorOf(form, "ceiling")}
                      />
                      <div>
                        <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                          Jaarbudget {e.year} opslaan
                        </Button>
                      </div>
                    </Form>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <Form
          method="post"
          noValidate
          className="sp-stack"
          key={done ?? "envelope-new"}
          onSubmit={check("envelope-new", envelopeCreateSchema, ENVELOPE_CREATE_FIELDS)}
        >
          <input type="hidden" name="intent" value="envelope-new" />
          <Fieldset>
            <FieldsetLegend>Begrotingsjaar toevoegen</FieldsetLegend>
            <TextField
              id="envelope-new-year"
              name="year"
              label="Jaar"
              inputMode="numeric"
              error={errorOf("envelope-new", "year")}
            />
            <TextField
              id="envelope-new-ceiling"
              name="ceiling"
              label="Jaarbudget (€)"
              inputMode="decimal"
              error={errorOf("envelope-new", "ceiling")}
            />
            <div className="utrecht-form-field utrecht-form-field--checkbox">
              <input
                id="envelope-new-illustrative"
                type="checkbox"
                name="illustrative"
                className="utrecht-checkbox utrecht-checkbox--html-input"
              />{" "}
              <label
                htmlFor="envelope-new-illustrative"
                className="utrecht-form-label utrecht-form-label--checkbox"
              >
                Illustratief bedrag (geen bron voor dit jaarbudget)
              </label>
            </div>
            <TextField
              id="envelope-new-note"
              name="note"
              label="Toelichting (optioneel)"
              error={errorOf("envelope-new", "note")}
            />
          </Fieldset>
          <div>
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Begrotingsjaar toevoegen
            </Button>
          </div>
        </Form>
      </section>

      <section className="sp-stack" aria-labelledby="parameters">
        <Heading level={2} id="parameters">
          Parameters van de regeling
        </Heading>
        <Paragraph>
          Wat een beleidsmedewerker wijzigt: ze gelden voor wat hierna gebeurt. Een plan waarover al is
          besloten houdt het percentage, de termijnen, de voorschotten en de drempel van zijn besluit. De
          bezwaartermijn staat in de wet (zes weken, artikel 6:7 Awb) en is daarom geen parameter.
        </Paragraph>
        <Form
          method="post"
          noValidate
          className="sp-stack"
          onSubmit={check("params", regulationParamsSchema, REGULATION_PARAM_FIELDS)}
        >
          <input type="hidden" name="intent" value="params" />
          {PARAM_GROUPS.map((g) => (
            <Fieldset key={g.legend}>
              <FieldsetLegend>{g.legend}</FieldsetLegend>
              {g.fields.map((f) => (
                <TextField
                  key={f}
                  id={`params-${f}`}
                  name={f}
                  label={PARAM_LABEL[f].label}
                  description={
                    f === "publishedOn" && regulation.publication
                      ? `${regulation.publication}. ${PARAM_LABEL[f].description}`
                      : PARAM_LABEL[f].description
                  }
                  {...(f === "publishedOn"
                    ? { type: "date" }
                    : {
                        inputMode:
                          f === "minimumRequest" || PARAM_LABEL[f].label.includes("%")
                            ? "decimal"
                            : "numeric",
                      })}
                  defaultValue={regulation.params[f]}
                  error={errorOf("params", f)}
                />
              ))}
            </Fieldset>
          ))}
          <div>
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Parameters opslaan
            </Button>
          </div>
        </Form>
      </section>

      <section className="sp-stack" aria-labelledby="categorieen">
        <Heading level={2} id="categorieen">
          Maatregelcategorieën met een eigen percentage
        </Heading>
        <Paragraph>
          Een maatregel in een van deze categorieën wordt tegen het percentage van de categorie
          gecofinancierd, een andere maatregel tegen het cofinancieringspercentage van de regeling. Het
          percentage en het deel van de loonkosten gelden, net als de parameters, voor wat hierna gebeurt: een
          plan waarover al is besloten houdt de percentages van zijn besluit. Een categorie toevoegen of
          verwijderen, of een maximum op de loonkosten of de eis van netto banengroei invoeren of schrappen,
          kan hier niet: dat is een nieuwe regelingtekst.
        </Paragraph>
        {regulation.measureCategories.length === 0 ? (
          <Paragraph>Deze regeling kent geen maatregelcategorieën met een eigen percentage.</Paragraph>
        ) : (
          regulation.measureCategories.map((c) => {
            const form = `category-${c.code}`;
            const fields = c.shareInput === null ? ["rate"] : MEASURE_CATEGORY_FIELDS;
            return (
              <section
                key={c.code}
                className="sp-stack"
                aria-labelledby={`${form}-heading`}
                data-testid={form}
              >
                <Heading level={3} id={`${form}-heading`}>
                  {c.label}
                </Heading>
                <dl className="sp-dl">
                  <dt>Cofinancieringspercentage</dt>
                  <dd data-testid={`${form}-rate-now`}>{c.rate}</dd>
                  <dt>Subsidiabele kosten per deelnemer ten hoogste</dt>
                  <dd>
                    {c.share === null ? "geen maximum" : `${c.share} van de loonkosten over 12 maanden`}
                  </dd>
                  <dt>Netto banengroei vereist</dt>
                  <dd>{c.requiresNetJobGrowth ? "ja" : "nee"}</dd>
                  <dt>Grondslag</dt>
                  <dd>{c.legalBasis}</dd>
                </dl>
                <Form
                  method="post"
                  noValidate
                  className="sp-stack"
                  onSubmit={check(form, measureCategoryChangeSchema, fields)}
                >
                  <input type="hidden" name="intent" value="category-change" />
                  <input type="hidden" name="code" value={c.code} />
                  <TextField
                    id={`${form}-rate`}
                    name="rate"
                    label={`Cofinancieringspercentage ${c.label} (%)`}
                    inputMode="decimal"
                    defaultValue={c.rateInput}
                    error={errorOf(form, "rate")}
                  />
                  {c.shareInput === null ? null : (
                    <TextField
                      id={`${form}-maxShareOfWageCosts`}
                      name="maxShareOfWageCosts"
                      label={`Deel van de loonkosten over 12 maanden ${c.label} (%)`}
                      description="De subsidiabele kosten per deelnemer zijn ten hoogste dit deel van zijn loonkosten (brutoloon plus werkgeverslasten)."
                      inputMode="decimal"
                      defaultValue={c.shareInput}
                      error={errorOf(form, "maxShareOfWageCosts")}
                    />
                  )}
                  <div>
                    <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                      {c.label} opslaan
                    </Button>
                  </div>
                </Form>
              </section>
            );
          })
        )}
      </section>
    </div>
  );
}
