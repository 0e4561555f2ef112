// The GraphQL endpoint of the web backend (inline code: no dependencies).
// It answers `{ health }` by opening a TCP connection to MongoDB at the
// private IP the stack passes in MONGO_HOST, and `{ egress }` by calling
// out to the internet through the NAT gateway.
const net = require('net');
const https = require('https');

const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' };

const reachMongo = () => new Promise((resolve) => {
  const socket = net.connect({ host: process.env.MONGO_HOST, port: 27017, timeout: 2000 });
  socket.on('connect', () => { socket.end(); resolve(true); });
  socket.on('timeout', () => { socket.destroy(); resolve(false); });
  socket.on('error', () => resolve(false));
});

const reachInternet = () => new Promise((resolve) => {
  // The signal ends the request after 3 s whatever stage it is in.
  https.get('https://checkip.amazonaws.com', { signal: AbortSignal.timeout(3000) }, (res) => {
    let body = '';
    res.on('data', (chunk) => { body += chunk; });
    res.on('end', () => resolve(body.trim()));
    res.on('error', () => resolve(null));
  }).on('error', () => resolve(null));
});

exports.graphql = async (event) => {
  let query = '';
  try {
    query = JSON.parse(event.body || '{}').query || '';
  } catch (error) {
    return { statusCode: 400, headers, body: JSON.stringify({ errors: [{ message: 'body must be JSON' }] }) };
  }
  const data = {};
  if (query.includes('health')) data.health = { mongo: await reachMongo(), mongoHost: process.env.MONGO_HOST };
  if (query.includes('egress')) data.egress = { publicIp: await reachInternet() };
  return { statusCode: 200, headers, body: JSON.stringify({ data }) };
};
