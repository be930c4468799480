// DDP through the npm sockjs-client (WebSocket transport only), as Meteor's browser client connects:
// GET /sockjs/info, then /sockjs/<server>/<session>/websocket in SockJS framing.
// Usage: node sockjs-ddp.js HOST PORT; prints "RESULT <json>" and exits 0 on success.
const SockJS = require('sockjs-client');
const [host, port] = process.argv.slice(2);
const timer = setTimeout(() => { console.error('no result within 20 s'); process.exit(2); }, 20000);
const sock = new SockJS('http://' + host + ':' + port + '/sockjs', null, { transports: ['websocket'] });
sock.onopen = () => {
  console.log('TRANSPORT ' + sock.transport);
  sock.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
};
sock.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.msg === 'connected') {
    sock.send(JSON.stringify({ msg: 'method', id: '1', method: 'echo', params: ['from sockjs-client'] }));
  } else if (m.msg === 'result' && m.id === '1') {
    console.log('RESULT ' + JSON.stringify(m.result));
    clearTimeout(timer);
    process.exit(0);
  }
};
sock.onclose = (e) => { console.error('closed ' + e.code + ' ' + e.reason); process.exit(3); };
