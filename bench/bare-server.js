// The ceiling on this machine: a bare node:http server that answers every POST with 202.
const { createServer } = require('node:http');
const body = JSON.stringify({ status: 'accepted' });
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(202, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
