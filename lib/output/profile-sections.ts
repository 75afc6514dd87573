/**
 * Edits of the AWS shared credentials and config files as text, so that
 * everything but the one section written stays byte for byte. Pure.
 *
 * @module
 */

/** Why `name` cannot be a profile name, or undefined when it can. */
export function profileNameProblem(name: string): string | undefined {
  if (name === "") return "a profile name must not be empty";
  if (/[\s[\]]/.test(name)) return "a profile name must not contain brackets, spaces or newlines";
  // botocore splits config section names like a shell: `it's` is skipped, `a\b` read as `ab`.
  if (/["'\\\p{Cc}]/u.test(name)) {
    return "a profile name must not contain quotes, backslashes or control characters";
  }
  if (/^[#;]/.test(name)) return "a profile name must not start with # or ;";
  return undefined;
}

/** The section header of profile `name` in the credentials file. */
export const credentialsSection = (name: string) => name;

/** The section header of profile `name` in the config file (`default` has no prefix). */
export const configSection = (name: string) => name === "default" ? "default" : `profile ${name}`;

const HEADER = /^[ \t]*\[([^\]]*)\][ \t]*(?:[#;].*)?$/;
const normalized = (header: string) => header.trim().replace(/\s+/g, " ");

interface Line {
  text: string;
  start: number;
  end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ text: text.slice(start, end).replace(/\r?\n$/, ""), start, end });
    start = end;
  }
  return lines;
}

/** Byte range of section `header` (from its header to its last setting), if present. */
function sectionRange(text: string, header: string): { start: number; end: number } | undefined {
  const lines = linesOf(text);
  const wanted = normalized(header);
  const at = lines.findIndex((line) => normalized(HEADER.exec(line.text)?.[1] ?? "\0") === wanted);
  if (at === -1) return undefined;
  let last = at;
  for (let i = at + 1; i < lines.length && !HEADER.test(lines[i].text); i++) {
    // Blank lines and comments before the next header are left to it.
    if (!/^\s*([#;].*)?$/.test(lines[i].text)) last = i;
  }
  return { start: lines[at].start, end: lines[last].end };
}

/** True when `text` holds section `header` (`[header]`, spacing inside the brackets ignored). */
export function hasSection(text: string, header: string): boolean {
  return sectionRange(text, header) !== undefined;
}

/**
 * `text` with section `header` holding exactly `settings` (`key = value`):
 * an existing section is replaced where it stands, else one is appended
 * after a blank line. Line endings follow the file's (CRLF if it uses them).
 */
export function withSection(text: string, header: string, settings: [string, string][]): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const section = [`[${header}]`, ...settings.map(([key, value]) => `${key} = ${value}`)]
    .join(eol) + eol;
  const range = sectionRange(text, header);
  if (range) {
    const after = text.slice(range.end);
    // A replaced last section that had no final newline keeps none after it either.
    const body = range.end === text.length && !text.endsWith("\n")
      ? section.slice(0, -eol.length)
      : section;
    return text.slice(0, range.start) + body + after;
  }
  if (text === "") return section;
  const ended = text.endsWith("\n") ? text : text + eol;
  const separated = ended.endsWith(`${eol}${eol}`) || ended === eol ? ended : ended + eol;
  return separated + section;
}
