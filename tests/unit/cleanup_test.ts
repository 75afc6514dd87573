// Which users cleanup picks, and the reason it prints.
import assert from "node:assert/strict";
import { expiredReason, hasToolTags, unusedReason } from "../../lib/policy/cleanup.ts";
import { EXPIRES_TAG, PERMISSION_TAG } from "../../lib/policy/tags.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

Deno.test("only users with the tool's own tags are cleanup candidates", () => {
  assert.equal(hasToolTags({ [PERMISSION_TAG]: "read-only" }), true);
  assert.equal(hasToolTags({ [EXPIRES_TAG]: "2026-01-01T00:00:00Z" }), true);
  assert.equal(hasToolTags({}), false);
  assert.equal(hasToolTags({ team: "data" }), false);
});

Deno.test("expired: the expiry tag lies before now", () => {
  assert.equal(
    expiredReason({ [EXPIRES_TAG]: "2026-05-31T23:59:59Z" }, NOW),
    "expired at 2026-05-31T23:59:59Z",
  );
  assert.equal(expiredReason({ [EXPIRES_TAG]: "2026-06-01T00:00:00Z" }, NOW), undefined);
  assert.equal(expiredReason({ [EXPIRES_TAG]: "soon" }, NOW), undefined);
  // Values Date.parse would read as past dates are unreadable: the user is kept.
  for (const value of ["1", "0", "Dec 1 2025", "2026-01-01T00:00:00", "2026-01-01"]) {
    assert.equal(expiredReason({ [EXPIRES_TAG]: value }, NOW), undefined, value);
  }
  assert.equal(expiredReason({}, NOW), undefined);
});

Deno.test("unused: every key's last use (or creation) is more than N days back", () => {
  assert.equal(
    unusedReason([{ created: daysAgo(100), lastUsed: daysAgo(31) }], undefined, 30, NOW),
    "last used 2026-05-01T00:00:00Z, more than 30 days ago",
  );
  assert.equal(
    unusedReason([{ created: daysAgo(100), lastUsed: daysAgo(29) }], undefined, 30, NOW),
    undefined,
  );
  // One key in use keeps the user.
  assert.equal(
    unusedReason(
      [{ created: daysAgo(100) }, { created: daysAgo(100), lastUsed: daysAgo(1) }],
      undefined,
      30,
      NOW,
    ),
    undefined,
  );
  assert.equal(
    unusedReason([{ created: daysAgo(40) }], undefined, 30, NOW),
    "never used, created 2026-04-22T00:00:00Z, more than 30 days ago",
  );
  assert.equal(
    unusedReason([], daysAgo(40), 30, NOW),
    "no access key, created 2026-04-22T00:00:00Z, more than 30 days ago",
  );
  // Missing dates: not enough to know, so kept.
  assert.equal(unusedReason([{}], daysAgo(400), 30, NOW), undefined);
  assert.equal(unusedReason([], undefined, 30, NOW), undefined);
});
