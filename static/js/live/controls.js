/**
 * The run bar: Run (or Run again), Pause / Resume and Stop, and the speed. The buttons show what
 * the run's state allows; a viewer (watch link) has no controls. Stop is held off for a moment
 * after a press, so a second press cannot stop the next run.
 */
const STOP_HOLD_MS = 1500;

export class RunControls {
  /** els: {run, pause, stop, speed}; on: {run(), pause(), stop(), speed(value)}. */
  constructor(els, { watching = false, on }) {
    Object.assign(this, { els, watching });
    els.run.addEventListener('click', () => on.run());
    els.pause.addEventListener('click', () => on.pause());
    els.stop.addEventListener('click', () => {
      on.stop();
      els.stop.disabled = true;
      setTimeout(() => { els.stop.disabled = false; }, STOP_HOLD_MS);
    });
    els.speed.addEventListener('change', () => on.speed(this.speed()));
  }

  /** The speed picked: a number, or 'max'. */
  speed() { const v = this.els.speed.value; return v === 'max' ? 'max' : Number(v); }

  show(state, live) {
    const { run, pause, stop } = this.els;
    run.hidden = live;
    run.disabled = this.watching;
    pause.hidden = !live || this.watching;
    stop.hidden = !live || this.watching;
    pause.textContent = state === 'paused' ? '▶ Resume' : '❚❚ Pause';
    run.textContent = state === 'ended' ? '▶ Run again' : '▶ Run';
  }
}
