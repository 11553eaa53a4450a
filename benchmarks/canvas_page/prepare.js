// Set up a mode and zoom: run mode for live frames (entering it folds the palette and refits,
// so the zoom is set after that settles). Returns the view's scale.
async ([mode, zoom]) => {
  const pg = window.playground;
  const c = pg.canvas;
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const live = document.body.classList.contains('is-live');
  if (mode === 'live' && !live) {
    pg.live.enterRunMode();
    pg.live.state = 'running';
    pg.live.frames = 0;
  }
  if (mode !== 'live' && live) pg.live.leaveRunMode();
  await raf(); await raf(); await raf();
  c.fit();
  if (zoom !== 'fit') {
    const r = c.paper.el.getBoundingClientRect();
    c.zoomAt(zoom, r.left + r.width / 2, r.top + r.height / 2);
  }
  if (mode === 'live') pg.live.onFrame(window.__benchFrames[0]);
  await new Promise((r) => setTimeout(r, 300));
  return c.view.s;
}
