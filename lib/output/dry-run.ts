import { ALLOW_PUBLIC_ACCESS } from "../bucket/public-access-block.ts";
import type { CreatePlan } from "../policy/create-plan.ts";
import type { Tag } from "../policy/tags.ts";
import { formatJson } from "./json.ts";

/** `... with tags: {"key": "value"}`, one line. */
function tagsLine(prefix: string, tags: readonly Tag[]): string {
  return `${prefix}: ${formatJson(Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])))}`;
}

/**
 * The lines `create --dry-run` prints for a plan, as the reference tool
 * words them (every bucket and the user are reported as to be created).
 */
export function renderDryRun(plan: CreatePlan): string {
  const lines: string[] = [];
  for (const step of plan.buckets) {
    const args = step.region
      ? ` with args ${
        formatJson({ CreateBucketConfiguration: { LocationConstraint: step.region } }, 4)
      }`
      : "";
    lines.push(`Would create bucket: '${step.bucket}'${args}`);
    if (step.tags.length > 0) lines.push(tagsLine("... with tags", step.tags));
    if (step.publicPolicy) {
      lines.push(
        "... then add this public access block configuration:",
        formatJson(ALLOW_PUBLIC_ACCESS),
        "... then attach the following bucket policy to it:",
        formatJson(step.publicPolicy, 4),
      );
    }
    if (step.website) lines.push("... then configure index.html and error.html website settings");
  }
  const credentials = plan.credentials;
  if (credentials.kind === "temporary") {
    lines.push(
      `Would ensure role: '${credentials.roleName}'`,
      tagsLine("... if this run creates it, with tags", credentials.roleTags),
      `Would assume role using following policy for ${credentials.durationSeconds} seconds:`,
      formatJson(credentials.policy, 4),
    );
  } else {
    const boundary = credentials.boundary
      ? ` with permissions boundary: '${credentials.boundary}'`
      : "";
    lines.push(
      `Would create user: '${credentials.username}'${boundary}`,
      tagsLine("... with tags", credentials.tags),
    );
    for (const policy of credentials.policies) {
      lines.push(
        `Would attach policy called '${policy.name}' to user '${credentials.username}', details:`,
        formatJson(policy.document, 4),
      );
    }
    lines.push(`Would call create access key for user '${credentials.username}'`);
  }
  return lines.map((line) => line + "\n").join("");
}
