// TeX -> SVG with assistive MathML, by MathJax 3 (npm mathjax-full), at build time.
// One request per line on stdin, JSON {"tex": "...", "display": true|false}; one answer per
// line on stdout, JSON {"html": "<mjx-container ...>", "errors": ["..."]}. Sphinx's
// extension book/_ext/math_svg.py keeps one of these processes for a whole build.
'use strict';
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AssistiveMmlHandler} = require('mathjax-full/js/a11y/assistive-mml.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const doc = mathjax.document('', {
  InputJax: new TeX({packages: AllPackages}),
  // 'local': each formula carries the glyphs it draws, so it needs no shared defs or fonts.
  OutputJax: new SVG({fontCache: 'local'}),
});

// The CSS MathJax's SVG output needs (one stylesheet for the whole site).
if (process.argv[2] === '--css') {
  process.stdout.write(adaptor.textContent(doc.outputJax.styleSheet(doc)) + '\n');
  process.exit(0);
}

const lines = readline.createInterface({input: process.stdin, terminal: false});
lines.on('line', (line) => {
  const {tex, display} = JSON.parse(line);
  const errors = [];
  let html = '';
  try {
    const node = doc.convert(tex, {display, em: 16, ex: 8, containerWidth: 80 * 16});
    html = adaptor.outerHTML(node);
    // A TeX error becomes <merror>; an unknown macro (noundefined) red text.
    for (const m of html.matchAll(/data-mjx-error="([^"]*)"/g)) errors.push(m[1]);
    for (const m of html.matchAll(/<mtext mathcolor="red">([^<]*)<\/mtext>/g)) {
      errors.push('undefined macro ' + m[1]);
    }
  } catch (err) {
    errors.push(String(err && err.message || err));
  }
  process.stdout.write(JSON.stringify({html, errors}) + '\n');
});
