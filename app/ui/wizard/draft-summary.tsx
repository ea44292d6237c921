import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import { formatEuro, parseEuroInput } from "../../domain/money.ts";
import { ANALYSIS_FIELDS } from "../../domain/plan/steps/analysis.ts";
import { isRealDate } from "../../domain/plan/steps/common.ts";
import {
  categoryFields,
  categoryOf,
  HIRING_GROUND_LABELS,
  hiringGroundOf,
  measureTotals,
} from "../../domain/plan/steps/measures.ts";
import type { PlanRules, StepContext } from "../../domain/plan/steps/rules.ts";
import { type PlanDraft, STEPS, type StepKey } from "../../domain/plan/steps/wizard.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { AttachmentList } from "../attachment-list.tsx";
import { formatTypedCount } from "../format.ts";
import { TableScroll } from "../table.tsx";

/** An amount as typed: formatted when it reads as one, else shown as typed (drafts may be invalid). */
function amount(text: string): string {
  const cents = text.trim() === "" ? null : parseEuroInput(text);
  return cents === null ? text : formatEuro(cents);
}

type Attachment = Parameters<typeof AttachmentList>[0]["attachments"][number];

function Item({ label, value }: { label: string; value: ReactNode }) {
  const { t } = useI18n();
  const empty = value === "" || value === null || value === undefined;
  return (
    <div className="sp-dl__item">
      <dt>{label}</dt>
      {/* Typed text is rendered as text (React escapes it): HTML in a field shows, never runs. */}
      <dd className="sp-pre">{empty ? t("wizard.summary.empty") : value}</dd>
    </div>
  );
}

/**
 * A measure's category and its rate (where the regulation has categories, or the measure names
 * one), and the answers the category asks for.
 */
function CategoryItems({
  measure: m,
  rules,
}: {
  measure: PlanDraft["measures"]["measures"][number];
  rules: PlanRules;
}) {
  const { t, dt } = useI18n();
  // Art. 4.4's ground as chosen; an old draft's or snapshot's net-growth tick reads as that ground.
  const ground = hiringGroundOf(m);
  const code = m.category ?? "";
  if (rules.measureCategories.length === 0 && !code) return null;
  const category = categoryOf(rules, code);
  const asks = categoryFields(category);
  // A code the rules do not know (a category removed after it was chosen) is co-financed at the own
  // rate (cofinancing.ts rateOfMeasure): said here, where the summary's most already counts it so.
  const value = category
    ? `${dt(category.label)} — ${category.rateBp / 100}%`
    : code
      ? t("wizard.measures.categoryUnknown", { code, rate: rules.rateBp / 100 })
      : t("wizard.measures.categoryNone", { rate: rules.rateBp / 100 });
  return (
    <>
      <Item label={t("wizard.measures.category")} value={value} />
      {asks.wageCosts ? (
        <Item label={t("wizard.measures.wageCosts")} value={amount(m.wageCostsPerParticipant ?? "")} />
      ) : null}
      {asks.hiringGround ? (
        <Item
          label={t("wizard.measures.hiringGroundShort")}
          value={ground === "" ? "" : dt(HIRING_GROUND_LABELS[ground])}
        />
      ) : null}
    </>
  );
}

/**
 * The plan as typed, step by step, read-only: step 7 shows it before submission (with "wijzigen"
 * links), the plan page after. Amounts that do not parse show as typed.
 */
export function DraftSummary({
  draft,
  rules,
  context,
  attachments,
  editBase,
}: {
  draft: PlanDraft;
  rules: PlanRules;
  context: StepContext;
  attachments: Attachment[];
  /** "/aanvrager/plannen/<id>/stap": adds a "wijzigen" link per step. */
  editBase?: string;
}) {
  const { t, dt, date, lng } = useI18n();
  const label = (list: { code: string; label: string }[], code: string) =>
    dt(list.find((x) => x.code === code)?.label ?? code);
  const lead = draft.lead;
  const section = (key: StepKey, body: ReactNode) => {
    const step = STEPS.find((s) => s.key === key);
    return (
      <section className="sp-summary-section" aria-labelledby={`samenvatting-${key}`} key={key}>
        <Heading level={2} id={`samenvatting-${key}`}>
          {step?.number}. {t(`wizard.steps.${key}`)}
        </Heading>
        {editBase && step ? (
          <Paragraph>
            <a className="utrecht-link" href={`${editBase}/${step.slug}`}>
              {t("wizard.summary.change")}
              <span className="sp-visually-hidden"> {t(`wizard.steps.${key}`)}</span>
            </a>
          </Paragraph>
        ) : null}
        {body}
      </section>
    );
  };
  const totals = measureTotals(draft.measures.measures, context.years);
  return (
    <div className="sp-stack">
      {section(
        "lead",
        <dl className="sp-dl">
          <Item label={t("wizard.lead.title")} value={lead.title} />
          <Item label={t("wizard.lead.summary")} value={lead.summary} />
          <Item
            label={t("wizard.lead.periodStart")}
            value={isRealDate(lead.periodStart) ? date(lead.periodStart) : lead.periodStart}
          />
          <Item
            label={t("wizard.lead.periodEnd")}
            value={isRealDate(lead.periodEnd) ? date(lead.periodEnd) : lead.periodEnd}
          />
          <Item label={t("wizard.lead.leadName")} value={lead.leadName} />
          <Item label={t("wizard.lead.leadKvk")} value={lead.leadKvk} />
          <Item
            label={t("wizard.lead.leadLegalForm")}
            value={lead.leadLegalForm ? dt(lead.leadLegalForm) : lead.leadLegalForm}
          />
          <Item label={t("wizard.lead.leadAddress")} value={lead.leadAddress} />
          <Item label={t("wizard.lead.leadIban")} value={lead.leadIban} />
          <Item
            label={t("wizard.lead.contactName")}
            value={`${lead.contactName} ${lead.contactEmail}`.trim()}
          />
          <Item
            label={t("wizard.lead.securityKind")}
            value={
              lead.securityKind
                ? `${t(lead.securityKind === "EQUITY" ? "wizard.lead.equity" : "wizard.lead.guarantee")}: ${amount(lead.securityAmount)}`
                : ""
            }
          />
          <Item
            label={lead.coverage === "REGIONS" ? t("wizard.lead.regions") : t("wizard.lead.sectors")}
            value={(lead.coverage === "REGIONS"
              ? lead.regionCodes.map((c) => label(rules.regions, c))
              : lead.sectorCodes.map((c) => label(rules.sectors, c))
            ).join(", ")}
          />
          <Item
            label={t("wizard.lead.employeesInScope")}
            value={formatTypedCount(lead.employeesInScope, lng)}
          />
        </dl>,
      )}
      {section(
        "partnership",
        <ul className="utrecht-unordered-list">
          {draft.partnership.partners.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that never reorders.
            <li key={`${i}-${p.name}`} className="utrecht-unordered-list__item">
              {p.kind ? `${t(`wizard.partnership.kinds.${p.kind}`)}: ` : ""}
              {p.name || t("wizard.summary.empty")} — {p.contactName} {p.contactEmail}
            </li>
          ))}
        </ul>,
      )}
      {section(
        "analysis",
        <dl className="sp-dl">
          {ANALYSIS_FIELDS.map(([key]) => (
            <Item key={key} label={t(`wizard.analysis.${key}`)} value={draft.analysis[key]} />
          ))}
        </dl>,
      )}
      {section(
        "measures",
        <>
          {draft.measures.measures.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that never reorders.
            <div key={`${i}-${m.title}`} className="sp-measure">
              <Heading level={3}>
                {t("wizard.measures.measure", { number: i + 1 })}: {m.title || t("wizard.summary.empty")}
              </Heading>
              <dl className="sp-dl">
                <Item
                  label={t("wizard.measures.theme")}
                  value={m.theme ? label(rules.themes, m.theme) : ""}
                />
                <Item label={t("wizard.measures.description")} value={m.description} />
                <Item label={t("wizard.measures.conditions")} value={m.conditions} />
                <Item label={t("wizard.measures.executingParty")} value={m.executingParty} />
                <Item
                  label={t("wizard.measures.participants")}
                  value={formatTypedCount(m.participants, lng)}
                />
                <Item label={t("wizard.measures.costPerParticipant")} value={amount(m.costPerParticipant)} />
                <CategoryItems measure={m} rules={rules} />
                <Item
                  label={t("wizard.measures.costs")}
                  value={m.costs.map((c) => `${c.year}: ${c.amount ? amount(c.amount) : "—"}`).join("; ")}
                />
                <Item label={t("wizard.measures.total")} value={formatEuro(totals.perMeasure[i] ?? 0n)} />
              </dl>
            </div>
          ))}
          <Paragraph>{t("wizard.measures.planTotal", { amount: formatEuro(totals.total) })}</Paragraph>
        </>,
      )}
      {section(
        "budget",
        <>
          <TableScroll>
            <table className="utrecht-table">
              <caption className="utrecht-table__caption">{t("wizard.budget.caption")}</caption>
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="col">
                    {t("wizard.measures.year")}
                  </th>
                  {["costs", "maxShort", "requestedShort", "ownShort", "otherShort"].map((k) => (
                    <th
                      key={k}
                      className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"
                      scope="col"
                    >
                      {t(`wizard.budget.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {draft.budget.rows.map((r, j) => (
                  <tr key={String(r.year)} className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="row">
                      {String(r.year)}
                    </th>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                      {formatEuro(BigInt(context.costsPerYear[j] ?? "0"))}
                    </td>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                      {formatEuro(BigInt(context.maxPerYear[j] ?? "0"))}
                    </td>
                    {(["requested", "ownContribution", "otherSources"] as const).map((k) => (
                      <td
                        key={k}
                        className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data"
                      >
                        {r[k].trim() === "" ? "—" : amount(r[k])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <dl className="sp-dl">
            <Item
              label={t("wizard.budget.otherSourcesDescription")}
              value={draft.budget.otherSourcesDescription}
            />
            <Item
              label={t("wizard.budget.noDoubleFundingShort")}
              value={draft.budget.noDoubleFunding ? t("common.yes") : t("common.no")}
            />
            <Item
              label={t("wizard.budget.advancesShort")}
              value={draft.budget.advancesRequested ? t("common.yes") : t("common.no")}
            />
          </dl>
        </>,
      )}
      {section("attachments", <AttachmentList attachments={attachments} />)}
    </div>
  );
}
