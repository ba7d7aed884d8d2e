import { expect, test } from "vitest";

import { mean, scoreQuery } from "../bench/lib/ir-metrics";

test("nDCG@10, average precision and recall@10 on a hand-computed example", () => {
  const judged = new Map([
    ["a", 3],
    ["b", 1],
    ["c", 2],
  ]);
  const s = scoreQuery(["a", "x", "b", "y"], judged);
  const dcg = 3 / Math.log2(2) + 1 / Math.log2(4);
  const ideal = 3 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4);
  expect(s.ndcg10).toBeCloseTo(dcg / ideal, 12);
  expect(s.ap).toBeCloseTo((1 / 1 + 2 / 3) / 3, 12);
  expect(s.recall10).toBeCloseTo(2 / 3, 12);
  expect(scoreQuery(["a", "c", "b"], judged)).toEqual({ ndcg10: 1, ap: 1, recall10: 1 });
  expect(scoreQuery([], judged)).toEqual({ ndcg10: 0, ap: 0, recall10: 0 });
  expect(mean([])).toBe(0);
});
