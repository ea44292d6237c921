/**
 * `text` cut to at most `max` UTF-16 code units, never inside a character. Cut between the two
 * halves of an emoji (a surrogate pair), the lone half left is not text: PostgreSQL refuses it in
 * jsonb (a draft's save answered 500) and shows it as "�" elsewhere.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const highSurrogate = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, highSurrogate ? max - 1 : max);
}
