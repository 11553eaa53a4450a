/** Placeholder replaced below. */
export class LiveRun {
  constructor({ els }) { this.lastFrame = null; this.lastReport = null; els.run.addEventListener('click', () => {}); }
}
