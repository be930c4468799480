// Drives the embedded job server with the real reference client meteor-job@1.5.2 over the
// npm `ddp` client, then prints one line "RESULT <json>" with the final documents.
// Usage: node interop.js HOST PORT ROOT   (NODE_PATH must point at the node_modules holding both)
'use strict';
var DDP = require('ddp');
var Job = require('meteor-job');

var host = process.argv[2], port = parseInt(process.argv[3], 10), root = process.argv[4];
var ddp = new DDP({ host: host, port: port, use_ejson: true, autoReconnect: false, maintainCollections: false });
Job.setDDP(ddp);

function fail(err) {
  console.error('interop failed:', err && err.stack ? err.stack : JSON.stringify(err));
  process.exit(1);
}
process.on('unhandledRejection', fail);

// callback style -> promise
function p(fn) {
  return new Promise(function (resolve, reject) {
    fn(function (err, res) { if (err) { reject(err); } else { resolve(res); } });
  });
}
function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

function getDoc(id) {
  return p(function (cb) { Job.getJob(root, id, { getLog: true, getFailures: true }, cb); })
    .then(function (job) { return job ? (job.doc || job._doc) : null; });
}

async function waitFor(id, status) {
  var deadline = Date.now() + 30000, doc = null;
  while (Date.now() < deadline) {
    doc = await getDoc(id);
    if (doc && doc.status === status) { return doc; }
    await sleep(50);
  }
  throw new Error('job ' + id + ' did not become ' + status + '; last: ' + JSON.stringify(doc));
}

async function main() {
  await p(function (cb) { ddp.connect(function (err) { cb(err); }); });

  var repeatIds = [];
  var fatalRuns = {};
  var workQueue = Job.processJobs(root, 'work', { pollInterval: 100, workTimeout: 60000 }, function (job, cb) {
    var d = job.data;
    if (d.failOnce && job.doc.retried === 1) {
      job.fail('first try', function () { cb(); });
      return;
    }
    job.log('working on ' + d.n, { level: 'info' }, function () {
      job.progress(50, 100, function () {
        if (d.repeat) {
          job.done({ n: d.n }, { repeatId: true }, function (err, res) {
            if (typeof res === 'string') { repeatIds.push(res); }
            cb();
          });
        } else {
          job.done({ n: d.n }, function () { cb(); });
        }
      });
    });
  });
  var fatalQueue = Job.processJobs(root, 'fatal', { pollInterval: 100 }, function (job, cb) {
    fatalRuns[job.doc._id] = (fatalRuns[job.doc._id] || 0) + 1;
    if (fatalRuns[job.doc._id] === 1) {
      job.fail({ reason: 'bad input' }, { fatal: true }, function () { cb(); });
    } else {
      job.done('fixed', function () { cb(); });
    }
  });

  // A: high priority, one failure then success through retry
  var a = new Job(root, 'work', { n: 1, failOnce: true }).priority('high').retry({ retries: 2, wait: 50 });
  var aId = await p(function (cb) { a.save(cb); });
  // B: depends on A
  var b = new Job(root, 'work', { n: 2 }).depends([a]);
  var bId = await p(function (cb) { b.save(cb); });
  // C: repeats once more after 100 ms
  var c = new Job(root, 'work', { n: 3, repeat: true }).repeat({ repeats: 1, wait: 100 });
  var cId = await p(function (cb) { c.save(cb); });
  // D: delayed an hour, managed by hand
  var d = new Job(root, 'manage', { n: 4 }).delay(3600000);
  var dId = await p(function (cb) { d.save(cb); });
  // E: fails fatally, is restarted, then succeeds (a short retry wait: like job-collection, a
  // restarted job keeps the `after` its failure set, now + retryWait)
  var e = new Job(root, 'fatal', { n: 5 }).retry({ retries: 0, wait: 50 });
  var eId = await p(function (cb) { e.save(cb); });

  var manage = {};
  manage.pause = await p(function (cb) { d.pause(cb); });
  manage.pausedStatus = (await getDoc(dId)).status;
  manage.resume = await p(function (cb) { d.resume(cb); });
  manage.resumedStatus = (await getDoc(dId)).status;
  manage.cancel = await p(function (cb) { d.cancel(cb); });
  manage.cancelledStatus = (await getDoc(dId)).status;
  manage.restart = await p(function (cb) { d.restart(cb); });
  manage.restartedStatus = (await getDoc(dId)).status;
  manage.cancelAgain = await p(function (cb) { d.cancel(cb); });
  manage.remove = await p(function (cb) { d.remove(cb); });
  manage.afterRemove = await getDoc(dId);

  await waitFor(aId, 'completed');
  await waitFor(bId, 'completed');
  await waitFor(cId, 'completed');
  var deadline = Date.now() + 30000;
  while (repeatIds.length === 0 && Date.now() < deadline) { await sleep(50); }
  var repeatId = repeatIds[0];
  await waitFor(repeatId, 'completed');

  await waitFor(eId, 'failed');
  manage.restartFailed = await p(function (cb) { e.restart(cb); });
  await waitFor(eId, 'completed');

  // rerun with no wait: by default the copy waits the job's repeatWait (5 min)
  var rerunId = await p(function (cb) { b.rerun({ wait: 0 }, cb); });
  await waitFor(rerunId, 'completed');

  var docs = {
    a: await getDoc(aId), b: await getDoc(bId), c: await getDoc(cId), cRepeat: await getDoc(repeatId),
    e: await getDoc(eId), bRerun: await getDoc(rerunId)
  };
  await p(function (cb) { workQueue.shutdown({ level: 'soft', quiet: true }, function () { cb(); }); });
  await p(function (cb) { fatalQueue.shutdown({ level: 'soft', quiet: true }, function () { cb(); }); });
  console.log('RESULT ' + JSON.stringify({ ids: { a: aId, b: bId, c: cId, d: dId, e: eId, rerun: rerunId, repeat: repeatId },
    manage: manage, docs: docs, fatalRuns: fatalRuns[eId] }));
  ddp.close();
  process.exit(0);
}

main().catch(fail);
