// The JavaScript side of SideBySideBenchmark: one meteor-job@1.5.2 worker over the npm ddp@0.12.1
// client, doing what the Java worker (JavaBenchWorker) does: saves SAVES no-op jobs of TYPE with up
// to 500 saves outstanding, then processes PROCESS jobs of TYPE with Job.processJobs(ROOT, TYPE,
// options, worker) whose worker only calls job.done() (a job counts as running until done() is
// answered, like the Java worker's job -> job.done()). Prints "FIRST" when the first done() is
// answered, "SAVED" when the saves are answered (the parent reads the CPU split there) and, at the end, one line
//   RESULT {"saveRate":..,"jobRate":..}
// then waits for stdin to close, so the parent can read this process's CPU time and peak RSS.
// Usage: node bench-worker.js PORT ROOT TYPE SAVES PROCESS CONCURRENCY PREFETCH PAYLOAD
//        (NODE_PATH must point at the node_modules holding meteor-job and ddp)
'use strict';
var DDP = require('ddp');
var Job = require('meteor-job');

var a = process.argv.slice(2);
var port = parseInt(a[0], 10), root = a[1], type = a[2], saves = parseInt(a[3], 10), n = parseInt(a[4], 10);
var options = { concurrency: parseInt(a[5], 10), prefetch: parseInt(a[6], 10), payload: parseInt(a[7], 10),
                pollInterval: 1000 };
var WINDOW = 500;

function fail(err) {
  console.error('bench worker failed:', err && err.stack ? err.stack : JSON.stringify(err));
  process.exit(1);
}
process.on('unhandledRejection', fail);

function secs(since) { return Number(process.hrtime.bigint() - since) / 1e9; }

var ddp = new DDP({ host: '127.0.0.1', port: port, use_ejson: true, autoReconnect: false,
                    maintainCollections: false });
Job.setDDP(ddp);

function save(count, done) {
  var started = 0, finished = 0, inFlight = 0;
  function more() {
    while (inFlight < WINDOW && started < count) {
      started++;
      inFlight++;
      new Job(root, type, {}).save(function (err) {
        if (err) { fail(err); }
        inFlight--;
        finished++;
        if (finished === count) { done(); } else { more(); }
      });
    }
  }
  if (count === 0) { done(); } else { more(); }
}

function finish(result) {
  console.log('RESULT ' + JSON.stringify(result));
  process.stdin.resume();
  process.stdin.on('end', function () { process.exit(0); });
}

ddp.connect(function (err) {
  if (err) { fail(err); }
  var s0 = process.hrtime.bigint();
  save(saves, function () {
    var saveRate = saves === 0 ? 0 : saves / secs(s0);
    console.log('SAVED');
    var processed = 0;
    var p0 = process.hrtime.bigint();
    var queue;
    function one(job, then) {
      job.done(function (e) {
        if (e) { fail(e); }
        if (processed === 0) { console.log('FIRST'); }
        then();
        processed++;
        if (processed === n) {
          var jobRate = n / secs(p0);
          queue.shutdown({ level: 'soft', quiet: true }, function () {
            ddp.close();
            finish({ saveRate: saveRate, jobRate: jobRate });
          });
        }
      });
    }
    queue = Job.processJobs(root, type, options, function (job, cb) {
      var batch = Array.isArray(job) ? job : [job], left = batch.length;
      batch.forEach(function (j) { one(j, function () { if (--left === 0) { cb(); } }); });
    });
  });
});
