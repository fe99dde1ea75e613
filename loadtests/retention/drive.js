// Steady load: POSTs order events to the gateway at a fixed rate, and every `sampleSeconds` prints Redis
// used_memory (from `redis-cli INFO memory`) with the key count. Half the events are over 50 EUR.
// Usage: node drive.js <gatewayUrl> <apiKey> <redisPort> <eventsPerSecond> <seconds> <sampleSeconds>
const http = require('http');
const { execFileSync } = require('child_process');
const [gateway, apiKey, redisPort, rate, seconds, sampleSeconds] = process.argv.slice(2);
const url = new URL('/v1/events', gateway);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
let sent = 0, accepted = 0, refused = 0;

function event(i) {
  const id = `ord_${Date.now()}_${i}`;
  return JSON.stringify({
    subject: 'order', type: 'completed', objectId: id, eventDate: new Date().toISOString(),
    order: {
      id, creationDate: new Date().toISOString(), currency: 'EUR', consentFlags: { newsletterOptin: false },
      customer: { customerAccount: 'shop', id: 'c-1', name: 'Ada', email: i % 10 === 0 ? 'eve@spam.com' : 'ada@example.com' },
      items: [{ productCode: 'SKU-1', quantity: 1, price: i % 2 === 0 ? 80 : 20 }, { productCode: 'SKU-2', quantity: 2, price: 3.5 }],
    },
  });
}

function post(i) {
  const body = event(i);
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'content-length': Buffer.byteLength(body) } }, res => {
    res.resume();
    if (res.statusCode === 202) accepted++; else refused++;
  });
  req.on('error', () => refused++);
  req.end(body);
  sent++;
}

function sample() {
  const info = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', redisPort, 'INFO', 'memory']).toString();
  const keys = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', redisPort, 'DBSIZE']).toString().trim();
  const used = Number(/used_memory:(\d+)/.exec(info)[1]);
  const elapsed = Math.round((Date.now() - started) / 1000);
  console.log(`${String(elapsed).padStart(4)} s  used_memory ${(used / 1048576).toFixed(2).padStart(7)} MiB  keys ${keys.padStart(6)}  events sent ${sent} accepted ${accepted} refused ${refused}`);
}

const started = Date.now();
const perTick = Number(rate) / 20;
let carry = 0, i = 0;
const ticker = setInterval(() => {
  carry += perTick;
  while (carry >= 1) { post(i++); carry--; }
}, 50);
sample();
const sampler = setInterval(sample, Number(sampleSeconds) * 1000);
setTimeout(() => { clearInterval(ticker); setTimeout(() => { sample(); clearInterval(sampler); agent.destroy(); }, 500); }, Number(seconds) * 1000);
