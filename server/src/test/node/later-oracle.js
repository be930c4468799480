// Answers the later.js differential test (LaterJsDifferentialTest): reads one JSON request per
// line on stdin, writes one JSON answer per line on stdout, in order.
//   {"cron": "0 */5 * * *", "hasSeconds": false, "starts": [ms...], "count": 10}
//   {"text": "at 10:15 am every weekday", "starts": [...], "count": 10}
//   {"schedule": {"schedules": [...]}, "starts": [...], "count": 10}
// Answer: {"json": <later.parse.* result, if parsed>, "next": [[ms...] or null per start]}
// or {"error": "<message>"} when later.js throws.
var later = require('later');
var readline = require('readline');

function nexts(sched, starts, count) {
  var s = later.schedule(sched);
  return starts.map(function (ms) {
    var r = s.next(count, new Date(ms));
    if (!r) return [];
    if (!(r instanceof Array)) r = [r];
    return r.map(function (d) { return d.getTime(); });
  });
}

function withoutError(o) {
  var copy = {};
  Object.keys(o).forEach(function (k) { if (k !== 'error') copy[k] = o[k]; });
  return copy;
}

function usable(o) {
  // what later.js produced must be a schedule it can evaluate: integer values, no empty lists
  return o.schedules.concat(o.exceptions || []).every(function (s) {
    var keys = Object.keys(s);
    return keys.length > 0 && keys.every(function (k) {
      return s[k].length > 0 && s[k].every(function (v) { return typeof v === 'number' && Math.floor(v) === v; });
    });
  });
}

var rl = readline.createInterface({input: process.stdin, terminal: false});
rl.on('line', function (line) {
  if (!line.trim()) return;
  var req = JSON.parse(line), answer = {};
  try {
    var sched;
    if (req.cron !== undefined) {
      sched = later.parse.cron(req.cron, req.hasSeconds);
      answer.json = sched;
    } else if (req.text !== undefined) {
      sched = later.parse.text(req.text);
      answer.json = sched;
      sched = withoutError(sched);
    } else {
      sched = req.schedule;
    }
    if (req.starts && (answer.json === undefined || (answer.json.error === undefined || answer.json.error === -1) && usable(sched))) {
      answer.next = nexts(sched, req.starts, req.count);
    }
  } catch (e) {
    answer.error = String(e && e.message || e);
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
