const NUMBER_WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"];

/** A small count in words, as Dutch letters write terms ("binnen zes weken"); larger ones in figures. */
export function inWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** Items in a Dutch sentence: "A", "A en B", "A, B en C". */
export function joinDutch(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} en ${items.at(-1)}`;
}

/** A term's last day as seen from today: "vandaag", "morgen", "over 5 dagen", "gisteren", "3 dagen geleden". */
export function whenText(days: number): string {
  if (days === 0) return "vandaag";
  if (days < 0) return days === -1 ? "gisteren" : `${-days} dagen geleden`;
  return days === 1 ? "morgen" : `over ${days} dagen`;
}
