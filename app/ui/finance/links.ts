/** URLs of the finance dashboard's drill-down and exports, for the browser and the server alike. */

export type DrillLink = {
  pot?: string;
  potKind?: "WINDOW" | "YEAR";
  measure: "reserved" | "committed" | "disbursed" | "held" | "waiting" | "pipeline";
  sector?: string;
  theme?: string;
  regeling?: string;
  /**
   * The dashboard's own regulation filter, for the drill-down's way back, where it differs from
   * `regeling`: a begrotingsjaar row's figures are its whole fund's, so its links filter on no
   * regulation while the dashboard they came from did (PotRow.drillRegulationId).
   */
  dashboardRegeling?: string;
  sort?: "amount" | "receipt";
  page?: number;
};

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}

/** The budget dashboard, for one regulation or all. */
export function dashboardHref(regeling?: string): string {
  return `/financien${query({ regeling })}`;
}

/** The dashboard chart's figures as a table (/financien/verloop). */
export function timelineHref(regeling?: string): string {
  return `/financien/verloop${query({ regeling })}`;
}

export function drillHref(link: DrillLink): string {
  // Carried only where it differs: a window's or a sector's link already names the dashboard's filter.
  const { dashboardRegeling, ...rest } = link;
  const back = dashboardRegeling === link.regeling ? undefined : dashboardRegeling;
  return `/financien/plannen${query({ ...rest, dashboardRegeling: back })}`;
}

/** The drill-down's way back: the dashboard as it was filtered when its figure was clicked. */
export function drillBackHref(link: DrillLink): string {
  return dashboardHref(link.dashboardRegeling ?? link.regeling);
}

export type ExportTableName = "windows" | "years" | "sectors" | "themes" | "timeline" | "plans";

export function exportHref(
  table: ExportTableName,
  format: "csv" | "xlsx",
  params: Record<string, string | number | undefined> = {},
): string {
  const { page: _page, ...rest } = params;
  return `/financien/export/${table}${query({ format, ...rest })}`;
}
