/**
 * Ranking-quality measures over one query's ranked document ids and its
 * graded judgments (grade ≥ 1 is relevant). Linear gains, as trec_eval's ndcg.
 */
export interface QueryScores {
  ndcg10: number;
  ap: number;
  recall10: number;
}

export function scoreQuery(
  ranked: readonly string[],
  judged: ReadonlyMap<string, number>,
): QueryScores {
  const relevant = judged.size;
  if (relevant === 0) return { ndcg10: 0, ap: 0, recall10: 0 };
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    dcg += (judged.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
  let hits = 0;
  let precisionSum = 0;
  ranked.forEach((id, i) => {
    if (judged.has(id)) {
      hits++;
      precisionSum += hits / (i + 1);
    }
  });
  const top10 = ranked.slice(0, 10).filter((id) => judged.has(id)).length;
  return { ndcg10: dcg / ideal, ap: precisionSum / relevant, recall10: top10 / relevant };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
