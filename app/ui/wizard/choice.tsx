import { FormFieldErrorMessage } from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useI18n } from "../../i18n/hooks.ts";

type Group = {
  id: string;
  legend: ReactNode;
  description?: ReactNode;
  options: { value: string; label: string }[];
  error?: string;
  registration: UseFormRegisterReturn;
};

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
  registration,
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
  registration,
  description,
  disabled,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  registration: UseFormRegisterReturn;
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
