import { FormField, Textarea, TextInput } from "@rijkshuisstijl-community/components-react";
import type { ComponentProps, ReactNode } from "react";

/**
 * FormField + input with explicit ids: the high-level FormFieldTextInput puts the id on its
 * wrapper, which breaks error-summary links (stack.md §8.2).
 */
type Common = { id: string; label: ReactNode; error?: string; description?: ReactNode };

// FormField ignores descriptionId, so the description is rendered here with the id aria-describedby names.
function Description({ id, description }: { id: string; description?: ReactNode }) {
  if (!description) return null;
  return (
    <div className="utrecht-form-field-description" id={`${id}-desc`}>
      {description}
    </div>
  );
}

function ids(id: string, error?: string, description?: ReactNode) {
  const describedBy = [description ? `${id}-desc` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return { describedBy: describedBy || undefined };
}

export function TextField({
  id,
  label,
  error,
  description,
  ...input
}: Common & Omit<ComponentProps<typeof TextInput>, "id">) {
  const { describedBy } = ids(id, error, description);
  return (
    <FormField
      id={id}
      label={label}
      descriptionId={`${id}-desc`}
      invalid={!!error}
      errorMessage={error}
      errorMessageId={`${id}-error`}
      statusId={`${id}-status`}
      input={
        <>
          <Description id={id} description={description} />
          <TextInput
            id={id}
            invalid={!!error}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...input}
          />
        </>
      }
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
  const { describedBy } = ids(id, error, description);
  return (
    <FormField
      id={id}
      label={label}
      descriptionId={`${id}-desc`}
      invalid={!!error}
      errorMessage={error}
      errorMessageId={`${id}-error`}
      statusId={`${id}-status`}
      input={
        <>
          <Description id={id} description={description} />
          <Textarea
            id={id}
            invalid={!!error}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...input}
          />
        </>
      }
    />
  );
}

export function SelectField({
  id,
  label,
  error,
  description,
  options,
  placeholder = "Maak een keuze",
  ...select
}: Common & { options: { value: string; label: string }[]; placeholder?: string } & Omit<
    ComponentProps<"select">,
    "id"
  >) {
  const { describedBy } = ids(id, error, description);
  return (
    <FormField
      id={id}
      label={label}
      descriptionId={`${id}-desc`}
      invalid={!!error}
      errorMessage={error}
      errorMessageId={`${id}-error`}
      statusId={`${id}-status`}
      input={
        <>
          <Description id={id} description={description} />
          <select
            id={id}
            className={`utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...select}
          >
            <option value="">{placeholder}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </>
      }
    />
  );
}
