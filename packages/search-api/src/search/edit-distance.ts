/**
 * Edit distances for typo tolerance: restricted Damerau-Levenshtein (an
 * insertion, a deletion, a substitution or a swap of two neighbours each
 * count one), cut off early, and a word-to-stem variant.
 */

/**
 * Restricted Damerau-Levenshtein (optimal string alignment) distance between
 * two code-point arrays, cut off early: any answer above `max` is `max + 1`.
 *
 * @example
 * editDistance([..."conection"], [..."connection"], 2); // 1
 */
export function editDistance(a: readonly string[], b: readonly string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, max + 1);
}

/**
 * Endings the porter stemmer strips (and a few it rewrites), so that a word
 * can be compared with a stem: "tolerances" is "toler" + "ances".
 */
export const SUFFIXES: readonly string[] = (
  "s es e ed ing ings er ers est ly al als ally ion ions ation ations ational ment ments ness " +
  "ity ities ive ives ively ize ized izes izing ization izations ise ised ises ising isation ic ics " +
  "ical ically ous ously ousness ance ances ence ences ant ants ent ents ently able ably ible ism " +
  "isms ist ists ful fully fulness less y ies ied ate ated ates ating ator ators iveness ement " +
  "ements ency encies ancy"
).split(" ");

/**
 * For every split point j of `word`, the fewest edits (up to `max + 1`) that
 * turn `word[j:]` into nothing or one of {@link SUFFIXES}.
 */
export function suffixCosts(word: readonly string[], max: number): number[] {
  const out: number[] = [];
  for (let j = 0; j <= word.length; j++) {
    const tail = word.slice(j);
    let best = Math.min(tail.length, max + 1);
    for (const suffix of SUFFIXES) {
      if (best === 0) break;
      best = Math.min(best, editDistance(tail, [...suffix], best - 1));
    }
    out.push(best);
  }
  return out;
}

/**
 * Edits from `word` to `term` + some suffix: the edits from `term` to a start
 * of `word` at least `minLength` long, plus those that make the rest of the
 * word a suffix ({@link suffixCosts}), cut off above `max`. The last row of
 * the edit-distance table holds the distance to every start of `word` at once.
 */
export function stemDistance(
  term: readonly string[],
  word: readonly string[],
  tailCosts: readonly number[],
  minLength: number,
  max: number,
): number {
  const n = word.length;
  if (term.length - max > n) return max + 1;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= term.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = term[i - 1] === word[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && term[i - 1] === word[j - 2] && term[i - 2] === word[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  let best = max + 1;
  for (let j = Math.max(minLength, 0); j <= n; j++) best = Math.min(best, prev[j]! + tailCosts[j]!);
  return best;
}
