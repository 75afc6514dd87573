// Shell-style patterns for `get-objects -p`, with the reference's semantics
// (Python's fnmatch, case-sensitive): `*` any run of characters including
// `/`, `?` one character, `[seq]` / `[!seq]` a character class.

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function escapeOutsideClass(text: string): string {
  return text.replace(SYNTAX, "\\$&");
}

function escapeInClass(char: string): string {
  return /[\\\]\[^-]/.test(char) ? `\\${char}` : char;
}

/** Code points of a class body such as `a-z0_`, with empty ranges (`z-a`) dropped. */
function classBody(chars: string[]): string {
  let body = "";
  for (let i = 0; i < chars.length; i++) {
    if (i + 2 < chars.length && chars[i + 1] === "-") {
      const [low, high] = [chars[i], chars[i + 2]];
      if (low.codePointAt(0)! <= high.codePointAt(0)!) {
        body += `${escapeInClass(low)}-${escapeInClass(high)}`;
      }
      i += 2;
    } else {
      body += escapeInClass(chars[i]);
    }
  }
  return body;
}

/** The regular expression matching whole keys against `pattern`. */
export function globToRegExp(pattern: string): RegExp {
  const chars = [...pattern];
  let source = "";
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === "*") {
      // Consecutive stars mean the same as one.
      while (chars[i + 1] === "*") i++;
      source += ".*";
    } else if (char === "?") {
      source += ".";
    } else if (char === "[") {
      // A `]` right after `[` or `[!` belongs to the class; without a closing `]`, `[` is literal.
      let j = i + 1;
      if (chars[j] === "!") j++;
      if (chars[j] === "]") j++;
      while (j < chars.length && chars[j] !== "]") j++;
      if (j >= chars.length) {
        source += "\\[";
        continue;
      }
      const negated = chars[i + 1] === "!";
      const body = classBody(chars.slice(i + (negated ? 2 : 1), j));
      if (body === "") source += negated ? "." : "(?!)";
      else source += `[${negated ? "^" : ""}${body}]`;
      i = j;
    } else {
      source += escapeOutsideClass(char);
    }
  }
  return new RegExp(`^(?:${source})$`, "su");
}

/** A test for keys matching any of `patterns` (compiled once). */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const expressions = patterns.map(globToRegExp);
  return (key) => expressions.some((expression) => expression.test(key));
}
