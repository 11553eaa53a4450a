// Set up a mode and zoom: run mode for live frames (entering it folds the palette and refits,
// so the zoom is set after that settles). Returns the view's scale.
async ([mode, zoom]) => {
  const pg = window.playground;
  const c = pg.canvas;
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  // A frame as the socket hands it over (the session counts it, then the page paints it); pages
  // from before the socket session was split out took it straight.
  const feed = (f) => (pg.live.session ? pg.live.session.onFrame(f) : pg.live.onFrame(f));
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
  if (mode === 'live') feed(window.__benchFrames[0]);
  await new Promise((r) => setTimeout(r, 300));
  return c.view.s;
}
