import { FormFieldErrorMessage } from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useI18n } from "../../i18n/hooks.ts";

/**
 * react-hook-form's registration, and optionally the value the boxes are ticked from (step-form.tsx
 * `choice`): react-hook-form ticks them only in the browser, so without it the server HTML shows
 * none ticked.
 */
type Registration = UseFormRegisterReturn & { checkedBy?: unknown };

type Group = {
  id: string;
  legend: ReactNode;
  description?: ReactNode;
  options: { value: string; label: string }[];
  error?: string;
  registration: Registration;
};

/** Whether the option `value` is ticked by `checkedBy`: a list (a checkbox group), one value (radios), a boolean (one box). */
function ticks(checkedBy: unknown, value: string | undefined): boolean {
  if (Array.isArray(checkedBy)) return value !== undefined && checkedBy.includes(value);
  if (typeof checkedBy === "boolean") return checkedBy;
  return value !== undefined && checkedBy === value;
}

/**
 * Radio buttons or checkboxes registered with react-hook-form, in a fieldset with its legend. The
 * first option carries `id`, so an error-summary link lands on the group.
 */
function ChoiceGroup({
  id,
  legend,
  description,
  options,
  error,
  registration: { checkedBy, ...registration },
  type,
}: Group & { type: "radio" | "checkbox" }) {
  const { dt } = useI18n();
  const describedBy = [description ? `${id}-desc` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${error ? " utrecht-form-fieldset--invalid" : ""}`}
      aria-describedby={describedBy || undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {legend}
      </legend>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-desc`}>
          {description}
        </div>
      ) : null}
      {error ? <FormFieldErrorMessage id={`${id}-error`}>{dt(error)}</FormFieldErrorMessage> : null}
      <div className={options.length > 8 ? "sp-choice-columns" : undefined}>
        {options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${i}`;
          return (
            <div
              key={o.value}
              className={`utrecht-form-field utrecht-form-field--${type === "radio" ? "radio" : "checkbox"}`}
            >
              <input
                type={type}
                id={optionId}
                value={o.value}
                className={
                  type === "radio"
                    ? "utrecht-radio-button utrecht-radio-button--html-input"
                    : "utrecht-checkbox utrecht-checkbox--html-input"
                }
                {...registration}
                defaultChecked={checkedBy === undefined ? undefined : ticks(checkedBy, o.value)}
              />{" "}
              <label
                htmlFor={optionId}
                className={`utrecht-form-label utrecht-form-label--${type === "radio" ? "radio" : "checkbox"}`}
              >
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function RadioChoice(props: Group) {
  return <ChoiceGroup {...props} type="radio" />;
}

export function CheckboxChoice(props: Group) {
  return <ChoiceGroup {...props} type="checkbox" />;
}

/**
 * One checkbox with its label (a declaration, a yes/no question). A `description` (a hint, or why
 * the box cannot be ticked) follows the label and is part of the box's accessible description
 * (WCAG 1.3.1); without one, and not `disabled`, the markup is what it always was.
 */
export function CheckboxField({
  id,
  label,
  error,
  registration: { checkedBy, ...registration },
  description,
  disabled,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  registration: Registration;
  description?: ReactNode;
  disabled?: boolean;
}) {
  const { dt } = useI18n();
  const describedBy = [error ? `${id}-error` : null, description ? `${id}-desc` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={`utrecht-form-field utrecht-form-field--checkbox${error ? " utrecht-form-field--invalid" : ""}`}
    >
      {error ? <FormFieldErrorMessage id={`${id}-error`}>{dt(error)}</FormFieldErrorMessage> : null}
      <input
        type="checkbox"
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="utrecht-checkbox utrecht-checkbox--html-input"
        {...registration}
        defaultChecked={checkedBy === undefined ? undefined : ticks(checkedBy, undefined)}
        disabled={disabled || registration.disabled}
      />{" "}
      <label htmlFor={id} className="utrecht-form-label utrecht-form-label--checkbox">
        {label}
      </label>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-desc`}>
          {description}
        </div>
      ) : null}
    </div>
  );
}
