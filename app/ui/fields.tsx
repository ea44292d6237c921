import { FormField, Textarea, TextInput } from "@rijkshuisstijl-community/components-react";
import type { ComponentProps, ReactNode } from "react";
import { useI18n } from "../i18n/hooks.ts";

/**
 * FormField + input with explicit ids: the high-level FormFieldTextInput puts the id on its
 * wrapper, which breaks error-summary links (stack.md §8.2).
 */
type Common = {
  id: string;
  label: ReactNode;
  error?: string;
  description?: ReactNode;
  /** Ids of texts outside the field that describe it too, such as the message of its group. */
  describedBy?: string;
};

/** The label, description and error around one control; the control gets `describedBy`. */
function Field({
  id,
  label,
  error,
  description,
  describedBy: outside,
  control,
}: Common & { control: (a11y: { "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const { dt } = useI18n();
  const describedBy = [description ? `${id}-desc` : null, error ? `${id}-error` : null, outside]
    .filter(Boolean)
    .join(" ");
  return (
    <FormField
      id={id}
      label={label}
      descriptionId={`${id}-desc`}
      invalid={!!error}
      errorMessage={error ? dt(error) : undefined}
      errorMessageId={`${id}-error`}
      statusId={`${id}-status`}
      input={
        <>
          {/* FormField ignores descriptionId, so the description is rendered here with the id aria-describedby names. */}
          {description ? (
            <div className="utrecht-form-field-description" id={`${id}-desc`}>
              {description}
            </div>
          ) : null}
          {control({
            "aria-invalid": error ? true : undefined,
            "aria-describedby": describedBy || undefined,
          })}
        </>
      }
    />
  );
}

export function TextField({
  id,
  label,
  error,
  description,
  describedBy,
  ...input
}: Common & Omit<ComponentProps<typeof TextInput>, "id">) {
  return (
    <Field
      {...{ id, label, error, description, describedBy }}
      control={(a11y) => <TextInput id={id} invalid={!!error} {...a11y} {...input} />}
    />
  );
}

export function TextareaField({
  id,
  label,
  error,
  description,
  ...input
}: Common & Omit<ComponentProps<typeof Textarea>, "id">) {
  return (
    <Field
      {...{ id, label, error, description }}
      control={(a11y) => <Textarea id={id} invalid={!!error} {...a11y} {...input} />}
    />
  );
}

export function SelectField({
  id,
  label,
  error,
  description,
  options,
  placeholder,
  ...select
}: Common & { options: { value: string; label: string }[]; placeholder?: string } & Omit<
    ComponentProps<"select">,
    "id"
  >) {
  const { t } = useI18n();
  return (
    <Field
      {...{ id, label, error, description }}
      control={(a11y) => (
        <select
          id={id}
          className={`utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}`}
          {...a11y}
          {...select}
        >
          <option value="">{placeholder ?? t("common.choose")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}
