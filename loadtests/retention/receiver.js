// A tiny webhook receiver: 200 on every path, 500 on /down. Usage: node receiver.js <port>
const http = require('http');
const port = Number(process.argv[2] || 7081);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.statusCode = req.url.startsWith('/down') ? 500 : 200;
    res.end();
  });
}).listen(port, '127.0.0.1');
