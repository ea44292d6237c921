import { Paragraph } from "@rijkshuisstijl-community/components-react";
import type { ActionFailure } from "../../routes/respond.server.ts";
import { TextField } from "../fields.tsx";
import { errorAt } from "./form-helpers.ts";

/** One amount field per budget year, named amounts.<i>.amount (the advice and decision forms). */
export function AmountFields({
  prefix,
  years,
  defaults,
  failure,
  label,
}: {
  prefix: string;
  years: number[];
  defaults: Map<number, string>;
  failure?: ActionFailure;
  label: string;
}) {
  const groupError = errorAt(failure, "amounts");
  // The error summary links to the group and focus lands on its first input: each input names the
  // group's message in its description, or a screen reader never hears why the form was refused.
  const groupErrorId = `${prefix}-amounts-error`;
  return (
    <div id={`${prefix}-amounts`} tabIndex={-1} className="sp-stack">
      {groupError ? (
        <Paragraph id={groupErrorId} className="utrecht-form-field-error-message">
          {groupError}
        </Paragraph>
      ) : null}
      <div className="sp-row">
        {years.map((year, i) => (
          <div key={year}>
            <input type="hidden" name={`amounts.${i}.year`} value={year} />
            <TextField
              id={`${prefix}-amounts-${i}-amount`}
              name={`amounts.${i}.amount`}
              label={`${label} ${year} (€)`}
              inputMode="decimal"
              defaultValue={defaults.get(year) ?? ""}
              error={errorAt(failure, `amounts.${i}.amount`)}
              describedBy={groupError ? groupErrorId : undefined}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
