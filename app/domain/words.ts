const NUMBER_WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"];

/** A small count in words, as Dutch letters write terms ("binnen zes weken"); larger ones in figures. */
export function inWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}
