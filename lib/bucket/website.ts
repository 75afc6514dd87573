/** Website settings applied by `--website`. */
export const WEBSITE_CONFIGURATION = {
  ErrorDocument: { Key: "error.html" },
  IndexDocument: { Suffix: "index.html" },
} as const;
