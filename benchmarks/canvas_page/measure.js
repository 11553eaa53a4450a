// Run one measurement for `ms` milliseconds, between two user-timing marks that find it in the
// trace: live frames 10 times a second, or a pan every displayed frame.
async ([mode, ms, tag]) => {
  const pg = window.playground;
  const c = pg.canvas;
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  // A frame as the socket hands it over (the session counts it, then the page paints it); pages
  // from before the socket session was split out took it straight.
  const feed = (f) => (pg.live.session ? pg.live.session.onFrame(f) : pg.live.onFrame(f));
  const script = [];
  const intervals = [];
  await raf();
  performance.mark(`bench:${tag}:start`);
  const end = performance.now() + ms;
  let i = 1;
  let timer = null;
  if (mode === 'live') {
    // Simulated time goes on across measurements, as in a run (the charts plot only frames
    // that move it on).
    timer = setInterval(() => {
      const t0 = performance.now();
      window.__benchT = (window.__benchT || 64) + 1;
      feed({ ...window.__benchFrames[i % 64], t: window.__benchT });
      i += 1;
      script.push(performance.now() - t0);
    }, 100);
  }
  let last = performance.now();
  let k = 0;
  const s0 = c.view.s;
  const x0 = c.view.tx;
  const y0 = c.view.ty;
  while (performance.now() < end) {
    await raf();
    const now = performance.now();
    intervals.push(now - last);
    last = now;
    if (mode === 'pan') {
      const t0 = performance.now();
      k += 1;
      // A drag back and forth, 6 px right and 3 px down a frame, then back.
      const dx = 6 * ((k % 80) < 40 ? (k % 40) : 40 - (k % 40));
      const dy = 3 * ((k % 40) < 20 ? (k % 20) : 20 - (k % 20));
      c.setView(s0, x0 + dx, y0 + dy);
      script.push(performance.now() - t0);
    }
  }
  if (timer) clearInterval(timer);
  if (c.endGesture) c.endGesture();
  performance.mark(`bench:${tag}:end`);
  await raf(); await raf();
  return { script, intervals };
}
