// Preloaded into a CLI process by a test: the second HTTP request raises an error after its response has
// started, as a connection reset mid-body does. The OpenSearch client would console.log it on stdout.
import http from 'node:http'

const request = http.request
let sent = 0
http.request = function (...args) {
  const req = request.apply(this, args)
  if (++sent === 2) req.once('response', () => setImmediate(() => req.emit('error', new Error('late error from the socket'))))
  return req
}
