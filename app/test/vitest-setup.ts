// Run before every test file. The files share one module graph (isolate: false in
// vitest.config.ts), so a clock one file froze must not reach the next: two rows written at one
// frozen moment tie on createdAt and come back in a random order.
import { setClock } from "../domain/clock.ts";

setClock(null);
