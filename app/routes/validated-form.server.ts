import type { FieldValues, Resolver } from "react-hook-form";
import { validateFormData } from "remix-hook-form";
import { unflattenForm } from "../domain/plan/steps/form-data.ts";

/**
 * A posted form, made into the nested object its react-hook-form names describe and checked with
 * the form's resolver; errors come back in react-hook-form's shape, for the field messages and the
 * error summary. remix-hook-form's own `getValidatedFormData` is not used: its form walker follows
 * any name, so a field called `__proto__.x` wrote onto Object.prototype for the whole process, and
 * a bare numeric name (`0=x`) threw a TypeError (a 500). `unflattenForm` refuses those names and
 * bounds the nesting; the values stay strings, so an amount like "1000" is read by the schema.
 */
export function validatedForm<TFieldValues extends FieldValues, TContext, TTransformedValues>(
  entries: Iterable<[string, FormDataEntryValue]>,
  resolver: Resolver<TFieldValues, TContext, TTransformedValues>,
) {
  return validateFormData(unflattenForm(entries, ["intent", "expectedVersion"]), resolver);
}
