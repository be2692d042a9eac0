// Puts Leaflet where the build copies it from: node fetch-leaflet.js <output folder>
// Only the package's tarball is fetched (npm pack, ~1 MB) and checked against package-lock.json's integrity;
// nothing from it is committed to the repository.
'use strict';
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const output = path.resolve(process.argv[2] || 'leaflet');
const lock = JSON.parse(fs.readFileSync(path.join(__dirname, 'package-lock.json'), 'utf8'));
const entry = lock.packages['node_modules/leaflet'];
if (!entry || !entry.integrity) {
  throw new Error('package-lock.json has no integrity for leaflet');
}

const files = ['leaflet.js', 'leaflet.css', 'images/marker-icon.png', 'images/marker-icon-2x.png', 'images/marker-shadow.png'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'leaflet-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(execFileSync(npm, ['pack', `leaflet@${entry.version}`, '--json', '--pack-destination', work],
    { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' }));
  const tarball = path.join(work, packed[0].filename);
  const [algorithm, expected] = entry.integrity.split('-', 2);
  const actual = crypto.createHash(algorithm).update(fs.readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    throw new Error(`leaflet ${entry.version}: the tarball's ${algorithm} does not match package-lock.json`);
  }

  execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/LICENSE', ...files.map(f => 'package/dist/' + f)], { stdio: 'inherit' });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(output, file)), { recursive: true });
    fs.copyFileSync(path.join(work, 'package/dist', file), path.join(output, file));
  }
  fs.copyFileSync(path.join(work, 'package/LICENSE'), path.join(output, 'LICENSE.txt'));
  console.log(`leaflet ${entry.version} (integrity checked) -> ${output}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
