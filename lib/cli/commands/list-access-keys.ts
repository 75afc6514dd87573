import type { AccessKeyEvent } from "../../actions/access-keys-listing.ts";
import { UsageError } from "../../errors.ts";
import { ACCESS_KEY_COLUMNS } from "../../output/columns.ts";
import type { Item } from "../../output/listing.ts";
import type { AwsFlags } from "../flags/aws.ts";
import type { ListingFlags } from "../flags/listing.ts";
import { listingCommand } from "../listing-command.ts";
import { missingUsersError, optionalUsernamesPositional } from "../usernames.ts";

interface ListAccessKeysFlags extends AwsFlags, ListingFlags {
  readonly all: boolean;
}

/** The rows among `events`, noting users IAM does not know in `missing`. */
async function* rowsOf(
  events: AsyncIterable<AccessKeyEvent>,
  missing: string[],
): AsyncGenerator<Item> {
  for await (const event of events) {
    if (event.kind === "key") yield event.row;
    else missing.push(event.username);
  }
}

export default listingCommand<ListAccessKeysFlags, string[]>({
  listing(flags, ...usernames) {
    if (flags.all && usernames.length > 0) {
      throw new UsageError("--all lists every user: leave it out when naming users");
    }
    const missing: string[] = [];
    return {
      services: ["iam"],
      columns: ACCESS_KEY_COLUMNS,
      rows: async ({ iam }) => {
        const { accessKeyEvents } = await import("../../actions/access-keys-listing.ts");
        const warn = (line: string) => this.process.stderr.write(line + "\n");
        // A name given twice is listed once, where it first appears.
        const names = [...new Set(usernames)];
        return rowsOf(accessKeyEvents(iam, names, { all: flags.all, warn }), missing);
      },
      end() {
        if (missing.length > 0) throw missingUsersError(missing);
      },
    };
  },
  flags: {
    all: {
      kind: "boolean",
      default: false,
      brief: "List the keys of every user, not only those this tool created",
    },
  },
  positional: optionalUsernamesPositional,
  docs: {
    brief: "List the access keys of the users this tool created",
    fullDescription: [
      "Lists access keys, one row a key: UserName, AccessKeyId, Status, CreateDate,",
      "LastUsedDate, LastUsedService and LastUsedRegion (null if never used), and",
      "Permission, Buckets and Conditions from the user's s3-credentials: tags (null when",
      "absent; Conditions lists --source-ip ranges, --vpc-endpoint ids and require-tls).",
      "",
      "Without USERNAMES: the users this tool created (tagged s3-credentials:permission,",
      "or named s3.* as the Python tool names them); --all lists every user's keys.",
      "",
      "    s3-credentials list-access-keys",
      "    s3-credentials list-access-keys s3.read-write.my-bucket --csv",
      "    s3-credentials list-access-keys --all --nl",
    ].join("\n"),
  },
});
