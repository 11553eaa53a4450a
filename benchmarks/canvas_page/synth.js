// 64 made-up live frames in which every node and edge changes, kept on window.__benchFrames.
() => {
  const ed = window.playground.editor;
  const nodes = ed.design.nodes;
  const edges = ed.design.edges;
  const status = (k, i) => ((k + i) % 17 === 0 ? 'down' : (k + i) % 7 === 0 ? 'degraded' : 'ok');
  const figures = (n, k, i) => ({
    status: status(k, i),
    rps: (k * 13 + i * 7) % 400,
    p99_ms: 20 + (k % 50),
    utilization: ((k + i) % 100) / 100,
    ...(n.kind === 'sqs' ? { depth: (k * i) % 500 } : {}),
    ...(n.kind === 'asg'
      ? { instances: { in_service: 2 + (i % 3), pending: i % 2, unhealthy: 0 } }
      : {}),
  });
  window.__benchFrames = Array.from({ length: 64 }, (_, i) => ({
    type: 'frame',
    t: i,
    global: {
      rps: 900, ok_rps: 890, error_rate: 0.01, p50_ms: 40, p95_ms: 120, p99_ms: 300,
      cost_per_hour: 3.2,
    },
    nodes: Object.fromEntries(nodes.map((n, k) => [n.id, figures(n, k, i)])),
    edges: Object.fromEntries(edges.map((e, k) => [e.id, { rps: (k * 11 + i * 5) % 300 }])),
    events: i % 10 === 0
      ? [{ t: i, kind: 'scale_out', node: 'asg0', message: 'asg0: desired 2 -> 3' }]
      : [],
  }));
}
