// Verifies captured v1a deliveries with Node's own Ed25519 (OpenSSL), not with the gateway's code.
// Input: a JSON file of [{ publicKey: "whpk_…", id, timestamp, signature, body }]. A delivery verifies when any
// "v1a,<base64>" entry of its webhook-signature header is an Ed25519 signature of "{id}.{timestamp}.{body}" by the key.
// Prints "verified N of M" and exits 0 only if all verify.
import { readFileSync } from "node:fs";
import { createPublicKey, verify } from "node:crypto";

const deliveries = JSON.parse(readFileSync(process.argv[2], "utf8"));
let verified = 0;
for (const d of deliveries) {
  const raw = Buffer.from(d.publicKey.replace(/^whpk_/, ""), "base64");
  if (raw.length !== 32) {
    console.error(`delivery ${d.id}: public key is ${raw.length} bytes, not 32`);
    continue;
  }
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
  const signed = Buffer.from(`${d.id}.${d.timestamp}.${d.body}`, "utf8");
  const ok = d.signature.split(" ").some((entry) => {
    const [version, signature] = entry.split(",", 2);
    return version === "v1a" && verify(null, signed, key, Buffer.from(signature, "base64"));
  });
  if (ok) {
    verified++;
  } else {
    console.error(`delivery ${d.id} failed v1a verification`);
  }
}
console.log(`verified ${verified} of ${deliveries.length}`);
process.exit(verified === deliveries.length && verified > 0 ? 0 : 1);
