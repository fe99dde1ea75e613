// Verifies captured deliveries with the reference Standard Webhooks library.
// Input: a JSON file of [{ secret, id, timestamp, signature, body }]. Prints "verified N" and exits 0 only if all verify.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const deliveries = JSON.parse(readFileSync(process.argv[2], "utf8"));
let verified = 0;
for (const d of deliveries) {
  const wh = new Webhook(d.secret.replace(/^whsec_/, ""));
  const headers = { "webhook-id": d.id, "webhook-timestamp": d.timestamp, "webhook-signature": d.signature };
  try {
    wh.verify(d.body, headers);
    verified++;
  } catch (err) {
    console.error(`delivery ${d.id} failed verification: ${err.message}`);
  }
}
console.log(`verified ${verified} of ${deliveries.length}`);
process.exit(verified === deliveries.length && verified > 0 ? 0 : 1);
