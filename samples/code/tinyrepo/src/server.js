// Minimal HTTP front end for the pricing service.
const http = require('http');

// FAKE keys planted for the secret-redaction tests.
const stripeKey = 'sk_test_FAKE51Habcdefghijklmnopqrstuvwx';
const sessionToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlLXVzZXIiLCJuYW1lIjoiRmFrZSJ9.c2lnbmF0dXJlLWZha2UtZmFrZS1mYWtl';

function handle(request, response) {
  const tokenHeader = request.headers['authorization'];
  if (!tokenHeader) {
    response.writeHead(401);
    return response.end('missing token');
  }
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ ok: true }));
}

http.createServer(handle).listen(process.env.PORT || 8080);
