// Puts the official Web Chat bundle where the build copies it from: node fetch-webchat.js <output file>
// Only the package's tarball is fetched (npm pack, ~7 MB) and checked against package-lock.json's integrity;
// nothing from it is committed to the repository.
'use strict';
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const output = path.resolve(process.argv[2] || 'webchat-minimal.js');
const lock = JSON.parse(fs.readFileSync(path.join(__dirname, 'package-lock.json'), 'utf8'));
const entry = lock.packages['node_modules/botframework-webchat'];
if (!entry || !entry.integrity) {
  throw new Error('package-lock.json has no integrity for botframework-webchat');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'webchat-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(execFileSync(npm, ['pack', `botframework-webchat@${entry.version}`, '--json', '--pack-destination', work],
    { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' }));
  const tarball = path.join(work, packed[0].filename);
  const [algorithm, expected] = entry.integrity.split('-', 2);
  const actual = crypto.createHash(algorithm).update(fs.readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    throw new Error(`botframework-webchat ${entry.version}: the tarball's ${algorithm} does not match package-lock.json`);
  }

  execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/dist/webchat-minimal.js', 'package/dist/webchat-minimal.js.LICENSE.txt'], { stdio: 'inherit' });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.copyFileSync(path.join(work, 'package/dist/webchat-minimal.js'), output);
  fs.copyFileSync(path.join(work, 'package/dist/webchat-minimal.js.LICENSE.txt'), output + '.LICENSE.txt');
  console.log(`botframework-webchat ${entry.version} (integrity checked) -> ${output}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
