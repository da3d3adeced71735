/** A count and its noun, singular for one: `count(1, 'page')` is "1 page", `count(3, 'page')` "3 pages". */
export const count = (n: number, noun: string, plural = `${noun}s`): string =>
  `${n} ${n === 1 ? noun : plural}`;
