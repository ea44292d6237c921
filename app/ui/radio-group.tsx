import { FormFieldErrorMessage } from "@rijkshuisstijl-community/components-react";
import { useI18n } from "../i18n/hooks.ts";

/** A radio group whose first radio carries `id`, so an error-summary link lands on it. */
export function RadioGroup({
  id,
  name,
  legend,
  options,
  defaultValue,
  error,
}: {
  id: string;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
}) {
  const { dt } = useI18n();
  return (
    <fieldset
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${error ? " utrecht-form-fieldset--invalid" : ""}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {legend}
      </legend>
      {error ? <FormFieldErrorMessage id={`${id}-error`}>{dt(error)}</FormFieldErrorMessage> : null}
      {options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i}`;
        return (
          <div key={o.value} className="utrecht-form-field utrecht-form-field--radio">
            <input
              type="radio"
              id={optionId}
              name={name}
              value={o.value}
              defaultChecked={defaultValue === o.value}
              className="utrecht-radio-button utrecht-radio-button--html-input"
            />{" "}
            <label htmlFor={optionId} className="utrecht-form-label utrecht-form-label--radio">
              {o.label}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
