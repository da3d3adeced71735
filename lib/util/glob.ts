/** `*` (any run of characters) and `?` (one character) wildcards, as in ARN and IAM action patterns. */

/** The pattern as an anchored regular expression; anything but `*` and `?` matches itself. */
export function globToRegExp(pattern: string, flags?: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}
