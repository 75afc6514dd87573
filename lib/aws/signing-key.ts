// The SDK's SigV4 signer looks up each request's signing key in a cache
// whose key is itself an HMAC of the credentials: one of the three HMACs
// every signed request costs. For runs of thousands of small requests
// (object-requests.ts) the signer keeps the last key instead, for as long as
// the credentials object and the scope (day, region, service) stay the same.

type SigningKeyOf = (
  credentials: object,
  region: string,
  shortDate: string,
  service?: string,
) => Promise<Uint8Array>;

interface KeyDeriving {
  getSigningKey: SigningKeyOf;
}

/** The signer that derives keys: `signer` itself, or the SigV4 signer a multi-region one wraps. */
function keyDeriving(signer: object): KeyDeriving | undefined {
  const inner = (signer as { sigv4Signer?: object }).sigv4Signer ?? signer;
  return typeof (inner as Partial<KeyDeriving>).getSigningKey === "function"
    ? inner as KeyDeriving
    : undefined;
}

/**
 * Makes `signer` (an SDK SignatureV4, or the multi-region signer around
 * one) derive a signing key once per credentials object and scope. The keys
 * are those the signer derives itself, so signatures do not change; a
 * signer of another kind is left as it is.
 */
export function rememberSigningKeys(signer: object): void {
  const target = keyDeriving(signer);
  if (!target) return;
  const derive = target.getSigningKey.bind(target);
  let last: { credentials: object; scope: string; key: Promise<Uint8Array> } | undefined;
  target.getSigningKey = (credentials, region, shortDate, service) => {
    const scope = `${shortDate}/${region}/${service}`;
    if (last?.credentials !== credentials || last.scope !== scope) {
      const key = derive(credentials, region, shortDate, service);
      last = { credentials, scope, key };
      // A failed derivation is not kept: the next request derives again.
      key.catch(() => {
        if (last?.key === key) last = undefined;
      });
    }
    return last.key;
  };
}
