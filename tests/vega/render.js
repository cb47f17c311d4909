// Compiles Vega-Lite specs with the vega-lite package and renders each headless with vega to SVG.
// usage: node render.js SPECS.json OUT_DIR   (SPECS.json: [{"name": ..., "spec": {...}}, ...])
// Prints one JSON line: [{name, ok, error, svg, items: {marktype: count}, rows}] and writes OUT_DIR/NAME.svg.
// Run with NODE_PATH pointing at the node_modules holding vega and vega-lite.
const fs = require('fs');
const path = require('path');
const vl = require('vega-lite');
const vega = require('vega');

function count(node, items) {
  // a scenegraph node is a mark (marktype + items) or an item (which may hold nested marks)
  if (node.marktype) {
    const role = node.role || '';
    if (!role.startsWith('axis') && !role.startsWith('legend') && role !== 'frame' && node.marktype !== 'group') {
      items[node.marktype] = (items[node.marktype] || 0) + (node.items || []).length;
    }
    (node.items || []).forEach(i => count(i, items));
  } else if (node.items) {
    node.items.forEach(i => count(i, items));
  }
}

async function main() {
  const specs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = process.argv[3];
  fs.mkdirSync(out, {recursive: true});
  const results = [];
  for (const {name, spec} of specs) {
    try {
      const compiled = vl.compile(spec).spec;
      const view = new vega.View(vega.parse(compiled), {renderer: 'none'});
      await view.runAsync();
      const svg = await view.toSVG();
      fs.writeFileSync(path.join(out, name + '.svg'), svg);
      const items = {};
      count(view.scenegraph().root, items);
      let rows = 0;
      for (const d of compiled.data || []) if (d.values) rows += d.values.length;
      results.push({name, ok: true, svg: svg.length, items, rows});
      view.finalize();
    } catch (e) {
      results.push({name, ok: false, error: String(e && e.stack || e)});
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch(e => { console.error(e); process.exit(1); });
