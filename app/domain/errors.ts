/** Errors the domain throws; routes turn them into responses (404, 403, 409, 400), never a 500. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 422,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also used when a plan exists but belongs to another organisation: the caller must not learn it exists. */
export class NotFoundError extends DomainError {
  constructor(message = "Niet gevonden.") {
    super(message, 404, "NOT_FOUND");
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "U heeft geen toegang tot deze handeling.") {
    super(message, 403, "FORBIDDEN");
  }
}

/** The plan changed since the page was loaded (optimistic lock), or the event is not allowed in its state. */
export class ConflictError extends DomainError {
  constructor(message: string, code = "CONFLICT") {
    super(message, 409, code);
  }
}

/** Input that passed the form schema but breaks a rule that needs the database. */
export class RuleViolation extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
    code = "RULE_VIOLATION",
  ) {
    super(message, 422, code);
  }
}

export type PotShortfall = {
  potId: string;
  potName: string;
  neededCents: bigint;
  availableCents: bigint;
};

/** A reservation or commitment that would break reserved + committed <= ceiling (design.md §5). */
export class BudgetShortfallError extends DomainError {
  constructor(readonly shortfalls: PotShortfall[]) {
    super(describeShortfalls(shortfalls), 409, "INSUFFICIENT_BUDGET");
  }
}

function euro(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = new Intl.NumberFormat("nl-NL").format(abs / 100n);
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}€ ${whole},${frac}`;
}

function describeShortfalls(shortfalls: PotShortfall[]): string {
  const parts = shortfalls.map(
    (s) => `${s.potName}: nodig ${euro(s.neededCents)}, nog beschikbaar ${euro(s.availableCents)}`,
  );
  return `Onvoldoende budget. ${parts.join("; ")}.`;
}
