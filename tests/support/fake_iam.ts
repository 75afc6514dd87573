// A local stand-in for IAM's ListUsers that pages like AWS (Marker/IsTruncated),
// serving any number of made-up users without storing them: for the streaming
// test and scripts/bench_listing.ts (moto returns every user in one page).

export interface FakeIamOptions {
  /** How many users the account has. */
  users: number;
  /** Most users a page holds, whatever MaxItems asks for (AWS may return fewer too). */
  pageSize?: number;
  /** Awaited before the last page is answered (a test can hold it back). */
  beforeLastPage?: () => Promise<void>;
}

export interface FakeIam {
  url: string;
  /** Pages requested so far. */
  readonly pagesRequested: number;
  close(): Promise<void>;
}

/** User number `i` of the fake account, as IAM's XML lists it. */
export function fakeUserName(i: number): string {
  return `user-${String(i).padStart(6, "0")}`;
}

function userXml(i: number): string {
  const name = fakeUserName(i);
  return `<member><Path>/</Path><UserName>${name}</UserName>` +
    `<UserId>AIDA${String(i).padStart(17, "0")}</UserId>` +
    `<Arn>arn:aws:iam::123456789012:user/${name}</Arn>` +
    `<CreateDate>2020-01-01T00:00:00Z</CreateDate></member>`;
}

function listUsersXml(from: number, to: number, total: number): string {
  const users: string[] = [];
  for (let i = from; i < to; i++) users.push(userXml(i));
  const truncated = to < total;
  return '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
    `<ListUsersResult><IsTruncated>${truncated}</IsTruncated>` +
    (truncated ? `<Marker>${to}</Marker>` : "") +
    `<Users>${users.join("")}</Users></ListUsersResult>` +
    "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></ListUsersResponse>";
}

/** Starts the fake IAM endpoint on 127.0.0.1 (random port). */
export function startFakeIam(options: FakeIamOptions): FakeIam {
  const pageSize = options.pageSize ?? 100;
  let pagesRequested = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      const form = new URLSearchParams(await request.text());
      if (form.get("Action") !== "ListUsers") {
        return new Response("only ListUsers here", { status: 400 });
      }
      pagesRequested++;
      const from = Number(form.get("Marker") ?? 0);
      const size = Math.min(Number(form.get("MaxItems") ?? 100), pageSize);
      const to = Math.min(from + size, options.users);
      if (to >= options.users) await options.beforeLastPage?.();
      return new Response(listUsersXml(from, to, options.users), {
        headers: { "content-type": "text/xml" },
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get pagesRequested() {
      return pagesRequested;
    },
    close: () => server.shutdown(),
  };
}
