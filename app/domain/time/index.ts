export * from "./atw.ts";
export * from "./local-date.ts";
export * from "./terms.ts";
