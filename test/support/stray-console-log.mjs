// Preloaded into a CLI process by a test: like a library that console.logs while a command runs, it prints a
// line on stdout when the process sends its second HTTP request.
import http from 'node:http'

const request = http.request
let sent = 0
http.request = function (...args) {
  if (++sent === 2) console.log('stray line from a library')
  return request.apply(this, args)
}
