/**
 * Seeded randomness for the replay model: a small PRNG (mulberry32) and the draws the traffic model needs. Every
 * resource and minute gets its own stream ({@link streamFor}), so an incident that changes one resource's minutes
 * leaves every other draw of the run as it was in the healthy run: what differs is the incident, not the luck.
 */

/**
 * Math's functions, looked up once: the simulation calls them millions of times, and where globals are slow to
 * look up (a `vm` context, such as jest's test environment, where each `Math` costs about 100 times a local) that
 * lookup was most of the replay suite's time. Same numbers, same speed in a plain process.
 */
const { imul, sqrt, log, cos, exp, round, min, max, PI } = Math;

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one (seed, resource, minute): a hash of the three, so streams do not overlap in practice. */
export function streamFor(seed: number, resource: number, minute: number): () => number {
  let h = imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = imul(h ^ (resource + 0x632be5ab), 0xc2b2ae35);
  h = imul(h ^ (minute + 0x27d4eb2f), 0x165667b1);
  return mulberry32(h ^ (h >>> 16));
}

/** A standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  const u = 1 - random();
  return sqrt(-2 * log(u)) * cos(2 * PI * random());
}

/** How many of `n` trials succeed with probability `p`: exact trials up to 1,000, a normal approximation above. */
export function binomial(random: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 1000) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  const k = round(n * p + sqrt(n * p * (1 - p)) * normal(random));
  return min(n, max(0, k));
}

/** A Poisson draw (Knuth's method below a mean of 30, a normal approximation above). */
export function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return max(0, round(mean + sqrt(mean) * normal(random)));
  const limit = exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}
