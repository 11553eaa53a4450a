/**
 * Validation problems ({path, message} from /api/designs/validate/ or an `error` frame) placed on
 * what they concern: `nodes[3].props.max` belongs to the fourth node, `edges[0]` to the first
 * edge, `regions[1].azs[0]` to an AZ; anything else is about the design as a whole.
 */
export function problemsByTarget(design, problems) {
  const out = { nodes: new Map(), edges: new Map(), regions: new Map(), design: [] };
  for (const p of problems || []) {
    const path = String(p.path || '');
    const msg = String(p.message || '');
    let m = /^nodes\[(\d+)\](?:\.(.*))?$/.exec(path);
    if (m && design.nodes[+m[1]]) { push(out.nodes, design.nodes[+m[1]].id, { field: m[2] || '', message: msg, path }); continue; }
    m = /^edges\[(\d+)\](?:\.(.*))?$/.exec(path);
    if (m && design.edges[+m[1]]) { push(out.edges, design.edges[+m[1]].id, { field: m[2] || '', message: msg, path }); continue; }
    m = /^regions\[(\d+)\](?:\.azs\[(\d+)\])?/.exec(path);
    if (m && design.regions[+m[1]]) {
      const r = design.regions[+m[1]];
      push(out.regions, m[2] !== undefined && r.azs[+m[2]] ? r.azs[+m[2]] : r.id, { field: '', message: msg, path });
      continue;
    }
    out.design.push({ field: path, message: msg, path });
  }
  return out;
}

function push(map, key, value) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(value);
}

/** One line for a problem list: "max: must be at least min (2)". */
export function describe(problem) {
  return problem.field ? `${problem.field.replace(/^props\./, '')}: ${problem.message}` : problem.message;
}
