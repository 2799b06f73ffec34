/**
 * How many problems one 400 lists (issue 12, item 6): a body of thousands of unknown keys once
 * answered 4.5 MB of errors. The message names the first ones and says how many more there are.
 */
export const PROBLEMS_LISTED = 10;

/** A message longer than this (a 100 kB key echoed back) is cut. */
const MESSAGE_MAX = 300;

/** The problems worth sending back: the first PROBLEMS_LISTED, each cut to a readable length. */
export function listedProblems<T>(all: readonly T[], text: (p: T) => string = String): string[] {
  return all.slice(0, PROBLEMS_LISTED).map((p) => {
    const s = text(p);
    return s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX)}…` : s;
  });
}

/** `; and 52 more problems` when some were left out, else ''. */
export function moreProblems(total: number): string {
  const more = total - PROBLEMS_LISTED;
  return more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '';
}
