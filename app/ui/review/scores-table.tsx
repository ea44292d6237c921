import { TableScroll } from "../table.tsx";

export type CriterionScore = { criterion: string; label: string; score: number | string; motivation: string };

/** An advice's scores per criterion (regulation art. 2.5): the adviser's history and the decision page. */
export function ScoresTable({ scores }: { scores: CriterionScore[] }) {
  if (scores.length === 0) return null;
  return (
    <TableScroll>
      <table className="utrecht-table">
        <caption className="utrecht-table__caption">
          Scores per criterium (artikel 2.5 van de regeling)
        </caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              Criterium
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Score (1–5)
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Motivering
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {scores.map((s) => (
            <tr className="utrecht-table__row" key={s.criterion}>
              <th scope="row" className="utrecht-table__header-cell">
                {s.label}
              </th>
              <td className="utrecht-table__cell">{s.score}</td>
              <td className="utrecht-table__cell">{s.motivation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
