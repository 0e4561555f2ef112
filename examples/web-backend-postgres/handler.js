// The GraphQL endpoint of the PostgreSQL web backend (inline code: only the
// runtime's AWS SDK). `{ health }` opens a TCP connection to the database
// at DB_HOST:DB_PORT and reads its credentials from Secrets Manager (the
// password never leaves the function); `{ upload }` writes a small object
// to the uploads bucket, through the VPC's S3 gateway endpoint. A real
// resolver bundles a PostgreSQL client (`pg`) with Code::asset.
const net = require('net');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const headers = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' };
const secrets = new SecretsManagerClient({});
const s3 = new S3Client({});

const reachDatabase = () => new Promise((resolve) => {
  const socket = net.connect({ host: process.env.DB_HOST, port: Number(process.env.DB_PORT), timeout: 2000 });
  socket.on('connect', () => { socket.end(); resolve(true); });
  socket.on('timeout', () => { socket.destroy(); resolve(false); });
  socket.on('error', () => resolve(false));
});

const databaseUser = async () => {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.DB_SECRET_ARN }));
  return JSON.parse(secret.SecretString).username;
};

const upload = async () => {
  const key = `uploads/${Date.now()}.json`;
  await s3.send(new PutObjectCommand({ Bucket: process.env.UPLOADS_BUCKET, Key: key, Body: '{}' }));
  return key;
};

exports.graphql = async (event) => {
  let query = '';
  try {
    query = JSON.parse(event.body || '{}').query || '';
  } catch (error) {
    return { statusCode: 400, headers, body: JSON.stringify({ errors: [{ message: 'body must be JSON' }] }) };
  }
  const data = {};
  if (query.includes('health')) data.health = { database: await reachDatabase(), user: await databaseUser() };
  if (query.includes('upload')) data.upload = { key: await upload() };
  return { statusCode: 200, headers, body: JSON.stringify({ data }) };
};
